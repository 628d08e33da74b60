import type { ValidatedOptions } from "../options.js";
import type { DataSession, Theta } from "../session.js";
import type { EpochProgress } from "../trainer.js";
import type { StopReason } from "../fit-result.js";

/** What every optimizer hands back to the trainer, which then evaluates and packages it. */
export interface OptimizerOutcome {
  /** The result in the training context's one layout [W class-major | b]. */
  theta: Theta;
  /** Objective per epoch/iteration, as the optimizer defines it (documented on FitResult.history). */
  history: Float64Array;
  /** Epochs (gd/sgd) or iterations (newton/lbfgs) run. */
  epochs: number;
  stopReason: StopReason;
  /** Notes for the caller (dropped columns, iteration limit); FitResult.warnings. */
  warnings?: string[];
  /** Terms dropped as exactly collinear or constant (collinear: "drop"), fixed at 0; FitResult.aliased. */
  aliased?: string[];
  /** The penalty at theta when it is not (l2/2)·‖w‖² (coordinate descent's L1, factors, standardisation). */
  penalty?: number;
}

/**
 * An optimizer starts from the parameters already in the session's memory and leaves its result
 * there too. It may call `onEpoch` once per epoch/iteration and must stop when it returns false.
 * `regions` names the extra WASM scratch it needs (bytes), laid out by the session after the data.
 */
export interface Optimizer {
  regions?(rows: number, cols: number, options: ValidatedOptions): Record<string, number>;
  run(
    session: DataSession,
    options: ValidatedOptions,
    onEpoch: ((progress: EpochProgress) => boolean | void) | undefined,
    monitor?: EpochMonitor,
  ): OptimizerOutcome;
}

/**
 * Watches an epoch-based fit (gd, sgd, the adaptive optimizers): called after each epoch's
 * objective is recorded and before the convergence test; true stops the fit with stopReason
 * "earlyStopping". `latest` is its last score, handed to onEpoch as `validationObjective`.
 */
export interface EpochMonitor {
  afterEpoch(epoch: number): boolean;
  readonly latest: number;
}

/**
 * Relative change test shared by the optimizers: |previous − current| ≤ tolerance·max(1, |current|).
 */
export function relativeChangeBelow(previous: number, current: number, tolerance: number): boolean {
  return tolerance > 0 && Math.abs(previous - current) <= tolerance * Math.max(1, Math.abs(current));
}
