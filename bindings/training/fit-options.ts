import { InvalidOptionError, describe } from "../errors.js";
import { checkSignal, type AbortSignalLike } from "../abort.js";
import { ownOptions, type ValidatedOptions } from "../options.js";
import type { ValidationSet } from "./early-stopping.js";

/**
 * What `onEpoch` receives after every epoch (gd/sgd) or iteration (newton/lbfgs).
 *
 * @example
 * ```ts
 * import { Trainer, type EpochProgress } from "wasm-mle";
 * const trainer = await Trainer.create({ optimizer: "gd", learningRate: 0.1, epochs: 50 });
 * const log = ({ epoch, objective, epochs }: EpochProgress) => console.log(`${epoch}/${epochs}: ${objective}`);
 * trainer.fit([[1], [2], [3]], [2, 4, 6], { onEpoch: log });
 * ```
 */
export interface EpochProgress {
  /** 1-based epoch just finished. */
  readonly epoch: number;
  /** The epoch's objective, as recorded in `history`. */
  readonly objective: number;
  /** The maximum number of epochs. */
  readonly epochs: number;
  /** The epoch's validation objective, as recorded in `validationHistory` (only when the fit has validation rows). */
  readonly validationObjective?: number;
}

/**
 * Options of one {@link Trainer.fit}: weights, a progress callback, validation rows, resuming.
 *
 * @example
 * ```ts
 * import { Trainer, type FitOptions } from "wasm-mle";
 * const trainer = await Trainer.create({ optimizer: "gd", learningRate: 0.05 });
 * const options: FitOptions = { sampleWeight: [1, 2, 1], onEpoch: ({ epoch }) => epoch < 10 };
 * const fit = trainer.fit([[1], [2], [3]], [2, 4, 6], options);
 * console.log(fit.stopReason); // "callback": onEpoch returned false at epoch 10
 * ```
 */
export interface FitOptions {
  /** One weight sᵢ ≥ 0 per row (frequency weights); default all 1. */
  sampleWeight?: ArrayLike<number>;
  /**
   * Called after every epoch; return false to stop training (stopReason "callback"). It must not
   * call fit/predict/evaluate of this trainer or summary() of its fits (each throws a BusyError and
   * leaves the running fit as it was); dispose() from here stops the fit with a DisposedError.
   * If it throws, the fit fails and the trainer stays as it was before the fit.
   */
  onEpoch?: (progress: EpochProgress) => boolean | void;
  /**
   * Rows to score after every epoch (gd/sgd and the adaptive optimizers): `validationHistory`, and
   * the rows earlyStopping watches instead of a held-out share of X. Without earlyStopping the fit
   * only records the scores.
   */
  validation?: ValidationSet;
  /**
   * Continue from the trainer's training state (after fit, partialFit or Trainer.restore) for
   * another `epochs` epochs, instead of starting at w = 0, b = the null-model intercept: θ, the
   * optimizer's state, the RNG, t and the completed epochs carry on, so N epochs, saveState,
   * restore and N resumed epochs give the same bits as 2N epochs. Default false.
   */
  resume?: boolean;
  /**
   * Read after every epoch/iteration of every optimizer (after onEpoch, which may abort it): once
   * aborted, the fit stops there and returns what it has, with stopReason "aborted" (converged
   * false, a warning; the existence check is skipped). Already aborted when fit() is called: an
   * AbortError, and nothing changes.
   */
  signal?: AbortSignalLike;
}

const FIT_OPTION_NAMES = ["sampleWeight", "onEpoch", "validation", "resume", "signal"];

const FIT_OPTIONS_EXPECTED = "a plain object { sampleWeight?, onEpoch?, validation?, resume?, signal? }";

/** Fit options from the own enumerable keys of a plain object; each read once. */
export function checkFitOptions(fitOptions: unknown): FitOptions {
  const raw = ownOptions(fitOptions, "fitOptions", FIT_OPTIONS_EXPECTED);
  for (const key of Object.keys(raw)) {
    if (!FIT_OPTION_NAMES.includes(key)) throw new InvalidOptionError(key, raw[key], `a known fit option (${FIT_OPTION_NAMES.join(", ")})`);
  }
  const { sampleWeight, onEpoch, validation, resume } = raw as FitOptions;
  if (onEpoch !== undefined && typeof onEpoch !== "function") throw new InvalidOptionError("onEpoch", onEpoch, `a function, got ${describe(onEpoch)}`);
  if (resume !== undefined && typeof resume !== "boolean") throw new InvalidOptionError("resume", resume, "true or false");
  return { sampleWeight, onEpoch, validation, resume, signal: checkSignal(raw.signal) };
}

/** featureNames, when given, must name every column of X exactly once. */
export function checkFeatureNames(options: ValidatedOptions, cols: number): void {
  const names = options.featureNames;
  if (names !== null && names.length !== cols) {
    throw new InvalidOptionError("featureNames", names, `${cols} names, one per column of X (it has ${names.length})`);
  }
}
