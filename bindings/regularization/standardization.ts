import { ln } from "../special/elementary.js";
import { inversePowerOfTwo } from "../optimizers/column-scaling.js";
import type { FloatArray } from "../wasm/arena.js";

/**
 * Weighted column centres and scales of X (row-major n × d), as glmnet computes them: the mean
 * with the weights sᵢ/W and the standard deviation with 1/W (not 1/(W − 1)). Without an intercept
 * the centre is 0 (nothing absorbs a shift) but the scale is still the standard deviation, as
 * glmnet's intercept = FALSE (checked against glmnet 4.1.6: test/fixtures/glmnet_ridge.json).
 * A column whose weighted rows (sᵢ ≠ 0) all hold the same value has scale exactly 0 (glmnet's
 * chkvars tests equality, since the rounding of the mean leaves a spread of ~1e-17·|x| otherwise).
 * Each column is summed divided by a power of two near its largest |x| (exact), so columns near
 * 1e±200 neither overflow nor underflow.
 * see: glmnet's standard1/lstandard1 (Fortran): xm = Σ w·x, xs = sqrt(Σ w·x² − xm²) with Σ w = 1; chkvars.
 */
export function columnMoments(
  X: FloatArray, n: number, d: number, weights: ArrayLike<number> | undefined, weightTotal: number, centred: boolean,
): { centre: Float64Array; scale: Float64Array } {
  const largest = new Float64Array(d);
  const first = new Float64Array(d).fill(NaN);
  const varies = new Uint8Array(d);
  // The first weighted row gives `first`; the loops are branch-light because this runs on every
  // fitPath (100k × 100: three passes over X, ~1/10 of a gaussian path's time).
  let start = 0;
  // (weights[n] is undefined, which ends the scan when every weight is 0)
  while (weights && weights[start] === 0) start++;
  // (no weighted row at all leaves `first` NaN: the slice is empty)
  first.set(X.subarray(start * d, start * d + d));
  for (let i = start; i < n; i++) {
    if (weights && weights[i] === 0) continue;
    const row = i * d;
    // Stryker disable next-line EqualityOperator: j = d reads the next row's first value into largest[d] and varies[d], past the typed arrays' ends, where writes are dropped
    for (let j = 0; j < d; j++) {
      const x = X[row + j];
      largest[j] = Math.max(largest[j], Math.abs(x));
      if (x !== first[j]) varies[j] = 1;
    }
  }
  const unit = largest.map(inversePowerOfTwo);
  const mean = new Float64Array(d);
  const squares = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    const s = weights ? weights[i] : 1;
    const row = i * d;
    // a row of weight 0 is skipped: its x·unit may overflow (unit comes from the weighted rows), and 0·∞ is NaN
    if (s === 0) continue;
    // Stryker disable next-line EqualityOperator: j = d adds to mean[d], past the typed array's end, where writes are dropped
    for (let j = 0; j < d; j++) mean[j] += s * (X[row + j] * unit[j]);
  }
  for (const j of mean.keys()) mean[j] /= weightTotal;
  for (let i = 0; i < n; i++) {
    const s = weights ? weights[i] : 1;
    const row = i * d;
    // here a row of weight 0 must be skipped: its (x·unit − mean)² may overflow, and 0·∞ is NaN
    if (s !== 0) {
      // Stryker disable next-line EqualityOperator: j = d adds to squares[d], past the typed array's end, where writes are dropped
      for (let j = 0; j < d; j++) {
        const t = X[row + j] * unit[j] - mean[j];
        squares[j] += s * (t * t);
      }
    }
  }
  return {
    centre: mean.map((m, j) => (!centred ? 0 : varies[j] ? m / unit[j] : first[j] || 0)),
    scale: squares.map((q, j) => (varies[j] ? Math.sqrt(q / weightTotal) / unit[j] : 0)),
  };
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
  // Stryker disable next-line EqualityOperator: i = y.length reads y[length], undefined, which fails y > 0
  for (let i = 0; i < y.length; i++) {
    const s = weights ? weights[i] : 1;
    // a row of weight 0 is skipped: y·log y overflows beyond y ≈ 2.5e305, and 0·∞ is NaN
    if (s !== 0 && y[i] > 0) loss += s * (y[i] - y[i] * ln(y[i]));
  }
  return loss;
}
