import { resolveOptimizer, type ValidatedOptions } from "../options.js";
import type { DataSession } from "../session.js";
import { columnMoments } from "../regularization/standardization.js";
import { floatView } from "../wasm/arena.js";

/**
 * Whether the trainer's objective has a penalty beyond (l2/2)·‖w‖², which the kernels compute
 * themselves: an L1 term, penalty factors, or σⱼ under standardize (given, or cd's default).
 */
export function hasScaledPenalty(o: ValidatedOptions, cols: number, rows: number): boolean {
  return o.l1 > 0 || o.penaltyFactor !== null || (o.standardize ?? resolveOptimizer(o, cols, rows) === "cd");
}

/**
 * The trainer's penalty Σⱼ fⱼ·((l2/2)·(σⱼwⱼ)² + l1·σⱼ·|wⱼ|) at θ (see TrainerOptions): fⱼ the penalty
 * factors rescaled to sum to d, σⱼ the session's columns' weighted standard deviations
 * (columnMoments, as the fit computes them) when the fit standardises, else 1. Adds its gradient
 * into `gradient` (θ's layout; at wⱼ = 0 the L1 term adds 0, the middle of its subdifferential
 * [−l1·fⱼσⱼ, l1·fⱼσⱼ]) and returns its value.
 */
export function addPenalty(session: DataSession, o: ValidatedOptions, theta: Float64Array, gradient: Float64Array): number {
  const { n, d, K } = session;
  const standardized = o.standardize ?? resolveOptimizer(o, d, n) === "cd";
  const weights = session.weighted ? floatView(session.memory, o.dtype, session.pointer("sampleWeight"), n) : undefined;
  const scale = standardized
    ? columnMoments(floatView(session.memory, o.dtype, session.pointer("X"), n * d), n, d, weights, session.weightTotal, o.fitIntercept).scale
    : new Float64Array(d).fill(1);
  const given = o.penaltyFactor ?? new Array<number>(d).fill(1);
  const total = given.reduce((a, f) => a + f, 0);
  let penalty = 0;
  for (let c = 0; c < K; c++) {
    for (let j = 0; j < d; j++) {
      const factor = (given[j] * d) / total;
      const w = theta[c * d + j];
      // Unpenalised (fⱼ = 0) or constant (σⱼ = 0) columns add nothing, even where w is huge (0·∞ is NaN).
      if (factor === 0 || scale[j] === 0 || w === 0) continue;
      const l2Part = o.l2 === 0 ? 0 : o.l2 * scale[j] * scale[j];
      const l1Part = o.l1 === 0 ? 0 : o.l1 * scale[j];
      penalty += factor * (0.5 * l2Part * w * w + l1Part * Math.abs(w));
      gradient[c * d + j] += factor * (l2Part * w + l1Part * Math.sign(w));
    }
  }
  return penalty;
}
