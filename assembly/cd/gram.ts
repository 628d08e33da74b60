// Gram columns of the gaussian quadratic, over the centred column-major copy Xt of cd/naive.ts
// (x̃ᵢₖ = xᵢₖ − centreₖ at Xt + k·n·8, the intercept a column of ones at k = d, dim = d + 1):
//   H[:, a] = Σᵢ vᵢ·x̃ᵢₐ·x̃ᵢ   (only for the coordinates a it is asked for)
// Computing whole columns for the coordinates that enter is glmnet's "covariance" update: every
// gradient stays current after each coordinate step, for O(dim) work.
// see: Friedman, Hastie & Tibshirani (2010), J. Stat. Softw. 33(1), §2.2 (covariance updates);
//      glmnet's elnet1 / glmnetpp's gaussian cov point solver (a column of dots as k enters).
import { dot } from "../kernels/vector";
import { columnAt } from "./naive";

/** Rows per block of gramColumns: the m weighted columns' blocks (m·256 f64) stay in L2. */
export const GRAM_BLOCK_ROWS: i32 = 256;

/**
 * Entries H[k][a] of the Gram columns a = cols[q], q < m, for the coordinates k = rows[t], t < r,
 * into column a at out + a·dim·8 (entry k). rows must start with cols (rows[q] = cols[q] for
 * q < m): the m×m block is symmetric, so each of its pairs is one dot product stored twice. Rows
 * go in blocks of GRAM_BLOCK_ROWS: the block of v·x̃ₐ of each asked column is formed once in
 * scratch (m·GRAM_BLOCK_ROWS f64), then dotted with each coordinate's block of Xt, so Xt streams
 * once however many columns are asked.
 */
export function gramColumns(Xt: usize, n: i32, v: usize, cols: usize, m: i32, rows: usize, r: i32, dim: i32, out: usize, scratch: usize): void {
  const columnBytes = <usize>dim << 3;
  const B = GRAM_BLOCK_ROWS;
  for (let q = 0; q < m; q++) {
    const column = out + <usize>load<i32>(cols + (<usize>q << 2)) * columnBytes;
    for (let t = 0; t < r; t++) store<f64>(column + (<usize>load<i32>(rows + (<usize>t << 2)) << 3), 0.0);
  }
  for (let start = 0; start < n; start += B) {
    const count = min(B, n - start);
    const offset = <usize>start << 3;
    for (let q = 0; q < m; q++) {
      const weighted = scratch + ((<usize>(q * B)) << 3);
      const own = columnAt(Xt, n, load<i32>(cols + (<usize>q << 2))) + offset;
      for (let i = 0; i < count; i++) {
        store<f64>(weighted + (<usize>i << 3), load<f64>(v + offset + (<usize>i << 3)) * load<f64>(own + (<usize>i << 3)));
      }
    }
    for (let t = 0; t < r; t++) {
      const k = load<i32>(rows + (<usize>t << 2));
      const block = columnAt(Xt, n, k) + offset;
      for (let q = 0; q < min(t + 1, m); q++) {
        const a = load<i32>(cols + (<usize>q << 2));
        const value = dot<f64>(block, scratch + ((<usize>(q * B)) << 3), count);
        const at = out + <usize>a * columnBytes + (<usize>k << 3);
        store<f64>(at, load<f64>(at) + value);
        if (t != q && t < m) {
          const mirror = out + <usize>k * columnBytes + (<usize>a << 3);
          store<f64>(mirror, load<f64>(mirror) + value);
        }
      }
    }
  }
}
