import { ln } from "../special/elementary.js";
import type { FloatArray } from "../wasm/arena.js";

/**
 * Weighted column centres and scales of X (row-major n × d), as glmnet computes them: the mean
 * with the weights sᵢ/W and the standard deviation with 1/W (not 1/(W − 1)); without an intercept
 * nothing is centred and the scale is the weighted root mean square, as glmnet's intercept = FALSE.
 * see: glmnet's standard1 (Fortran): xm = Σ w·x, xs = sqrt(Σ w·x² − xm²) with Σ w = 1.
 */
export function columnMoments(
  X: FloatArray, n: number, d: number, weights: ArrayLike<number> | undefined, weightTotal: number, centred: boolean,
): { centre: Float64Array; scale: Float64Array } {
  const centre = new Float64Array(d);
  if (centred) {
    for (let i = 0; i < n; i++) {
      const s = weights ? weights[i] : 1;
      if (s === 0) continue;
      for (let j = 0; j < d; j++) centre[j] += s * X[i * d + j];
    }
    for (let j = 0; j < d; j++) centre[j] /= weightTotal;
  }
  const squares = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    const s = weights ? weights[i] : 1;
    if (s === 0) continue;
    for (let j = 0; j < d; j++) squares[j] += s * (X[i * d + j] - centre[j]) ** 2;
  }
  return { centre, scale: squares.map((q) => Math.sqrt(q / weightTotal)) };
}

/** The weighted standard deviation of y with 1/W (root mean square without an intercept): glmnet's ys. */
export function responseScale(y: ArrayLike<number>, weights: ArrayLike<number> | undefined, weightTotal: number, centred: boolean): number {
  let mean = 0;
  if (centred) {
    for (let i = 0; i < y.length; i++) mean += (weights ? weights[i] : 1) * y[i];
    mean /= weightTotal;
  }
  let squares = 0;
  for (let i = 0; i < y.length; i++) squares += (weights ? weights[i] : 1) * (y[i] - mean) ** 2;
  return Math.sqrt(squares / weightTotal);
}

/** Σ sᵢ·nllᵢ of the saturated model (μᵢ = yᵢ): 0 except for poisson, Σ s·(y − y·log y). */
export function saturatedLoss(family: string, y: ArrayLike<number>, weights: ArrayLike<number> | undefined): number {
  if (family !== "poisson") return 0;
  let loss = 0;
  for (let i = 0; i < y.length; i++) {
    const s = weights ? weights[i] : 1;
    if (s !== 0 && y[i] > 0) loss += s * (y[i] - y[i] * ln(y[i]));
  }
  return loss;
}
