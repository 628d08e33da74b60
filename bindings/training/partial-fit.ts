import { InvalidOptionError, TrainingStateError } from "../errors.js";
import { ownOptions, type ValidatedOptions } from "../options.js";
import type { DataSession } from "../session.js";
import type { TrainingState } from "./state.js";
import { RULE_ABI } from "../wasm/context.js";
import type { KernelSet } from "../wasm/load.js";

/**
 * What partialFit() returns: a summary of the pass over the chunk.
 *
 * @example
 * ```ts
 * import { Trainer, type PartialFitResult } from "wasm-mle";
 * const trainer = await Trainer.create({ optimizer: "sgd", batchSize: 2 });
 * const pass: PartialFitResult = trainer.partialFit([[1], [2], [3], [4]], [2, 4, 6, 8]);
 * console.log(pass.objective, pass.rows, pass.step); // …, 4, 2
 * ```
 */
export interface PartialFitResult {
  /** The mean loss of the chunk's mini-batches, each at the parameters before its update, plus the penalty at the start (as an sgd epoch's `history` value). */
  readonly objective: number;
  /** Rows in the chunk. */
  readonly rows: number;
  /** Updates t done so far (all fits and chunks since the last fresh fit). */
  readonly step: number;
}

/**
 * Options of partialFit().
 *
 * @example
 * ```ts
 * import { Trainer, type PartialFitOptions } from "wasm-mle";
 * const trainer = await Trainer.create({ optimizer: "sgd" });
 * const options: PartialFitOptions = { sampleWeight: [1, 3] };
 * trainer.partialFit([[1], [2]], [2, 4], options);
 * ```
 */
export interface PartialFitOptions {
  /** One weight sᵢ ≥ 0 per row of the chunk; they multiply each row's loss (no normalisation across chunks). */
  sampleWeight?: ArrayLike<number>;
}

/**
 * Whether an optimizer runs epochs of update-rule steps in the training context (gd, sgd and the
 * rules' optimizers), and so has a state to save, resume, stream on or stop early. An allow-list:
 * an optimizer added later (newton, lbfgs, cd, "auto") has none until it says so.
 */
export function epochBased(optimizer: string): boolean {
  return optimizer === "gd" || Object.prototype.hasOwnProperty.call(RULE_ABI, optimizer);
}

/** The kernels a trainer of this optimizer runs: the epoch loop only for the epoch-based ones. */
export function kernelSetFor(optimizer: string): KernelSet {
  return epochBased(optimizer) ? "all" : "core";
}

/**
 * Whether a fit with these options keeps the context's L1_STATE (factors, accumulated and received
 * L1 penalty; assembly/updates/l1.ts): sgd and the adaptive rules with l1 > 0 or penalty factors.
 */
export function keepsL1State(o: { readonly l1: number; readonly penaltyFactor: readonly number[] | null; readonly optimizer: string }): boolean {
  return (o.l1 > 0 || o.penaltyFactor !== null) && epochBased(o.optimizer);
}

/** The partialFit options: own keys of a plain object, sampleWeight only. */
export function checkPartialFitOptions(value: unknown): PartialFitOptions {
  const raw = ownOptions(value, "partialFitOptions", "a plain object { sampleWeight? }");
  for (const key of Object.keys(raw)) {
    if (key !== "sampleWeight") throw new InvalidOptionError(key, raw[key], "a known partialFit option (sampleWeight)");
  }
  return { sampleWeight: raw.sampleWeight as ArrayLike<number> | undefined };
}

/** The chunkBuffer options: own keys of a plain object, sampleWeight (a boolean) only. */
export function checkChunkBufferOptions(value: unknown): { sampleWeight: boolean } {
  const raw = ownOptions(value, "chunkBufferOptions", "a plain object { sampleWeight? }");
  for (const key of Object.keys(raw)) {
    if (key !== "sampleWeight") throw new InvalidOptionError(key, raw[key], "a known chunkBuffer option (sampleWeight)");
  }
  if (raw.sampleWeight !== undefined && typeof raw.sampleWeight !== "boolean") throw new InvalidOptionError("sampleWeight", raw.sampleWeight, "true or false");
  return { sampleWeight: raw.sampleWeight === true };
}

/**
 * Refuses partialFit (streaming) or resume/saveState (any state) for optimizers that have none, and
 * for standardised fits, whose θ belongs to columns scaled by one data set's moments.
 */
export function checkStateful(o: ValidatedOptions, method: string, streaming: boolean): void {
  if (epochBased(o.optimizer) && !(streaming && o.optimizer === "gd")) {
    if (o.standardize !== true) return;
    throw new TrainingStateError(method, "standardize",
      "standardize: true fits columns scaled by the moments of one fit's rows, which a state cannot carry to other data; " +
      "standardise the features yourself (the same means and scales for every chunk) and use standardize: false, or persist a fitted model with fit.model()");
  }
  throw new TrainingStateError(method, "optimizer",
    `optimizer "${o.optimizer}" keeps no ${streaming ? "mini-batch" : "epoch"} state to carry on; ` +
    (streaming ? 'partialFit needs "sgd" or an adaptive optimizer (momentum, adam, …)' : 'use "gd", "sgd" or an adaptive optimizer'));
}

/** Data whose number of columns differs from the state's is refused before anything is copied. */
export function checkStateFeatures(method: string, features: number, cols: number): void {
  if (features !== cols) throw new TrainingStateError(method, "features", `X has ${cols} columns but the training state has ${features} features`);
}

/** Updates one epoch makes: one per mini-batch (gd: one); the context's TOTAL_STEPS uses the same count. */
export { batchesPerEpoch } from "../optimizers/update-rules.js";

/** Writes a state (θ, slots, average, RNG, t, epochs, learning rate) into a session's context, replacing its fresh start. */
export function writeSessionState(session: DataSession, state: TrainingState): void {
  session.context.writeState(state);
}

/** The state in a session's context now: t and the epochs done are the header's own counters. */
export function readSessionState(session: DataSession): TrainingState {
  return session.context.readState();
}

/** The options a chunk's session runs with: the trainer's, with rows in stored order. */
export function streamingOptions(o: ValidatedOptions): ValidatedOptions {
  return Object.freeze({ ...o, sampling: "sequential" as const });
}
