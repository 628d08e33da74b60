/**
 * Which terms are (numerically) combinations of earlier ones: R's rule from dqrdc2, applied in one
 * sweep over an existing triangle instead of one pass over the data per dependent column.
 * see: R src/appl/dqrdc2.f (limited column pivoting: a column whose norm after orthogonalisation
 *      on the kept earlier ones is ≤ tol·its own norm is moved out); stats/R/glm.R (tol = 1e-11).
 */
import { safeNorm } from "./column-scaling.js";

/**
 * Relative tolerance of the rank test for data stored in f64: R's glm.fit value, ~1e5 ulps of f64,
 * so rounding in X and in the QR itself (≲ 1e-15 relative) never hides an exact dependence.
 */
export const RANK_TOLERANCE = 1e-11;
/**
 * The same test for data stored in float32: an exactly dependent column such as 2·x0 + 3, once each
 * value is rounded to float32 (relative 2^-24 ≈ 6e-8), keeps a residual of up to a few 1e-8 of its
 * norm — at most 3.1e-8 (95 % below 2.4e-8) over 300 seeded designs of 30–930 rows with x0 scaled
 * 1e-3…1e5 and offset up to 1e4, against [1, x0, x1] by twice-orthogonalised Gram–Schmidt in f64 —
 * which the f64 tolerance takes for information. 2^-17 ≈ 7.6e-6 sits 250× above that noise and
 * still only drops a column whose R² on the earlier ones exceeds 1 − 6e-11 (residual² < 5.8e-11).
 */
export const FLOAT32_RANK_TOLERANCE = 2 ** -17;

/** The rank tolerance for X, y and the weights stored as `dtype`. */
export function rankTolerance(dtype: "float32" | "float64"): number {
  return dtype === "float32" ? FLOAT32_RANK_TOLERANCE : RANK_TOLERANCE;
}

/**
 * The terms j (ascending, among those with mask[j] ≠ 0) whose column is dependent on the earlier
 * kept ones: |residual_j| ≤ tolerance·norms[j], where the residual is column j of R after the
 * earlier dependent columns have been taken out. R is the (P+1)×(P+1) row-major triangle of a
 * pass (RᵀR = AᵀA), norms[j] = ‖A_j‖. A dependent column is skipped (as dqrdc2 moves it to the
 * end) and the later columns are re-triangularised without it by Householder reflections on the
 * rows it would have used, so a reflector built from its rounding noise never decides later tests.
 * Work: ≤ 4·D·P² flops for D dependent columns; nothing beyond the tests when D = 0.
 */
export function dependentTerms(R: Float64Array, norms: ArrayLike<number>, mask: ArrayLike<number>, P: number, tolerance: number): number[] {
  const stride = P + 1;
  const M = Float64Array.from(R);
  const dependent: number[] = [];
  let pivotRow = 0;
  for (let j = 0; j < P; j++) {
    if (mask[j] === 0) continue;
    // Rows pivotRow … j of column j hold its part orthogonal to the kept earlier columns.
    const residual = safeNorm(M, pivotRow * stride + j, j * stride + j + 1, stride);
    if (!(residual > tolerance * norms[j])) {
      dependent.push(j);
      continue;
    }
    // Stryker disable next-line EqualityOperator: at j = pivotRow the reflection of one row only negates it, which changes no norm a later test reads
    if (j > pivotRow) reflectRows(M, stride, pivotRow, j, j, P, residual);
    pivotRow++;
  }
  return dependent;
}

/**
 * Householder reflection of rows first … last that zeroes column `column` below row `first` (its
 * norm there is `norm`), applied to columns column … P − 1 of those rows.
 */
function reflectRows(M: Float64Array, stride: number, first: number, last: number, column: number, P: number, norm: number): void {
  const alpha = M[first * stride + column];
  // Stryker disable next-line EqualityOperator: at α = 0 either sign of β is a reflection without cancellation (α − β = ±norm), and the later tests read only norms
  const beta = alpha >= 0 ? -norm : norm;
  const length = last - first + 1;
  const v = new Float64Array(length);
  v[0] = 1;
  for (let i = 1; i < length; i++) v[i] = M[(first + i) * stride + column] / (alpha - beta);
  const tau = (beta - alpha) / beta;
  // column `column` itself is never read again (later tests read later columns), so it is left as it was
  for (let k = column + 1; k < P; k++) {
    let w = 0;
    for (let i = 0; i < length; i++) w += v[i] * M[(first + i) * stride + k];
    w *= tau;
    for (let i = 0; i < length; i++) M[(first + i) * stride + k] -= w * v[i];
  }
}
