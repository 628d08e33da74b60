import { InvalidOptionError, describe } from "../errors.js";
import type { Matrix, MatrixShape } from "../data.js";
import { ownOptions, type ValidatedOptions } from "../options.js";
import { epochBased } from "./partial-fit.js";

/**
 * `earlyStopping` as the user writes it: true (all defaults), false, or some of the fields.
 *
 * @example
 * ```ts
 * import { Trainer, type EarlyStoppingOptions } from "wasm-mle";
 * const earlyStopping: EarlyStoppingOptions = { validationFraction: 0.2, patience: 3 };
 * const trainer = await Trainer.create({ optimizer: "sgd", epochs: 500, earlyStopping });
 * ```
 */
export interface EarlyStoppingOptions {
  /** Share of the rows held out when fit() is given no `validation` set, in (0, 1) (default 0.1, sklearn's validation_fraction). */
  validationFraction?: number;
  /** Epochs in a row without an improvement of at least minDelta before stopping (default 5, sklearn's n_iter_no_change). */
  patience?: number;
  /** The least decrease of the validation objective below its best so far that counts as an improvement (default 0, sklearn's tol). */
  minDelta?: number;
  /** Return the parameters of the best validation epoch rather than the last (default true, as MLPClassifier). */
  restoreBest?: boolean;
}

/**
 * `earlyStopping` validated, every default filled in (`trainer.options.earlyStopping`).
 *
 * @example
 * ```ts
 * import { Trainer } from "wasm-mle";
 * const trainer = await Trainer.create({ optimizer: "sgd", earlyStopping: true });
 * console.log(trainer.options.earlyStopping); // { validationFraction: 0.1, patience: 5, minDelta: 0, restoreBest: true }
 * ```
 */
export interface EarlyStopping {
  /** Share of the rows held out when fit() is given no `validation` set. */
  readonly validationFraction: number;
  /** Epochs in a row without improvement before stopping. */
  readonly patience: number;
  /** The least decrease of the validation objective that counts as an improvement. */
  readonly minDelta: number;
  /** Whether the fit returns the best validation epoch's parameters. */
  readonly restoreBest: boolean;
}

const EARLY_STOPPING_NAMES = ["validationFraction", "patience", "minDelta", "restoreBest"];
const EARLY_STOPPING_EXPECTED = "true, false or a plain object { validationFraction?, patience?, minDelta?, restoreBest? }";

/** Validates `earlyStopping` once (null = off); it needs an optimizer that runs epochs (gd, sgd and the adaptive ones). */
export function validateEarlyStopping(value: unknown, optimizer: string): EarlyStopping | null {
  if (value === undefined || value === false) return null;
  const raw = value === true ? Object.create(null) : ownOptions(value, "earlyStopping", EARLY_STOPPING_EXPECTED);
  for (const key of Object.keys(raw)) {
    if (!EARLY_STOPPING_NAMES.includes(key)) throw new InvalidOptionError(`earlyStopping.${key}`, raw[key], `a known earlyStopping field (${EARLY_STOPPING_NAMES.join(", ")})`);
  }
  if (!epochBased(optimizer)) {
    throw new InvalidOptionError("earlyStopping", value,
      `an optimizer that runs epochs ("gd", "sgd" or an adaptive one) to go with it; optimizer "${optimizer}" ` +
      "runs exact steps on the whole objective, so there is no epoch to stop after (use l2 to regularise it instead)");
  }
  const fraction = raw.validationFraction ?? 0.1;
  if (typeof fraction !== "number" || !(fraction > 0 && fraction < 1)) {
    throw new InvalidOptionError("earlyStopping.validationFraction", fraction, "a number in (0, 1): the share of rows held out for validation");
  }
  const patience = raw.patience ?? 5;
  if (typeof patience !== "number" || !Number.isInteger(patience) || patience < 1 || patience > 2 ** 31 - 1) {
    throw new InvalidOptionError("earlyStopping.patience", patience, `an integer from 1 to ${2 ** 31 - 1}`);
  }
  const minDelta = raw.minDelta ?? 0;
  if (typeof minDelta !== "number" || !Number.isFinite(minDelta) || minDelta < 0) {
    throw new InvalidOptionError("earlyStopping.minDelta", minDelta, "a finite number ≥ 0");
  }
  const restoreBest = raw.restoreBest ?? true;
  if (typeof restoreBest !== "boolean") throw new InvalidOptionError("earlyStopping.restoreBest", restoreBest, "true or false");
  return Object.freeze({ validationFraction: fraction, patience, minDelta, restoreBest });
}

/**
 * A validation set given to fit(): its own rows, labels and optional weights.
 *
 * @example
 * ```ts
 * import { Trainer, type ValidationSet } from "wasm-mle";
 * const trainer = await Trainer.create({ optimizer: "gd", learningRate: 0.05, epochs: 20 });
 * const validation: ValidationSet = { X: [[1.5], [2.5]], y: [3, 5] };
 * const fit = trainer.fit([[1], [2], [3]], [2, 4, 6], { validation });
 * console.log(fit.validationHistory.length); // 20: one score per epoch
 * ```
 */
export interface ValidationSet {
  /** The validation rows, with as many columns as the training X. */
  X: Matrix;
  /** Their responses, in the family's domain. */
  y: ArrayLike<number>;
  /** Their weights (default all 1). */
  sampleWeight?: ArrayLike<number>;
}

/** The fit option `validation`, checked for shape (its values are checked when they are copied). */
export function checkValidationSet(value: unknown, o: ValidatedOptions): ValidationSet | undefined {
  if (value === undefined) return undefined;
  const raw = ownOptions(value, "validation", "a plain object { X, y, sampleWeight? }");
  for (const key of Object.keys(raw)) {
    if (!["X", "y", "sampleWeight"].includes(key)) throw new InvalidOptionError(`validation.${key}`, raw[key], "a known validation field (X, y, sampleWeight)");
  }
  if (raw.X === undefined || raw.y === undefined) throw new InvalidOptionError("validation", value, "both X and y of the validation rows");
  if (!epochBased(o.optimizer)) {
    throw new InvalidOptionError("validation", describe(value), `an optimizer that runs epochs ("gd", "sgd" or an adaptive one); optimizer "${o.optimizer}" has no epochs to validate after`);
  }
  return raw as unknown as ValidationSet;
}

/** Checked rows, labels and weights of one part of the data. */
export interface DataPart {
  X: Matrix;
  shape: MatrixShape;
  y: Float64Array;
  weights: { values: Float64Array; total: number } | undefined;
}
