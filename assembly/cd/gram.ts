// The pieces of the IRLS quadratic that coordinate descent reads, over centred columns
// x̃ᵢⱼ = xᵢⱼ − centreⱼ and an intercept column of ones at coordinate d (coordinates 0..d, dim = d + 1):
//   gradient  g_k = Σᵢ rᵢ·x̃ᵢₖ                 (the negative gradient of Σ s·nll, every coordinate)
//   columns   H[:, a] = Σᵢ vᵢ·x̃ᵢₐ·x̃ᵢ         (only for the coordinates a it is asked for)
// The gradient accumulates Σ rᵢ·xᵢ over raw rows with one axpy per row, then subtracts centre·Σ rᵢ;
// the columns work on blocks of transposed, centred rows (see gramColumns). Computing whole columns for the coordinates that enter is glmnet's
// "covariance" update: every gradient stays current after each coordinate step, for O(dim) work.
// see: Friedman, Hastie & Tibshirani (2010), J. Stat. Softw. 33(1), §2.2 (covariance updates).
import { axpy, dot } from "../kernels/vector";

// @ts-ignore: decorator
@inline function addRow<T>(out: usize, row: usize, coef: f64, d: i32): void {
  if (sizeof<T>() == 8) {
    axpy<f64>(out, row, coef, d);
    return;
  }
  for (let j = 0; j < d; j++) {
    const at = out + (<usize>j << 3);
    store<f64>(at, load<f64>(at) + coef * <f64>load<T>(row + (<usize>j << alignof<T>())));
  }
}

/** g[0..d] as in the file header from r[n]; centre[d] (zeros without an intercept). */
export function centredGradient<T>(X: usize, n: i32, d: i32, r: usize, centre: usize, g: usize): void {
  const rowBytes = <usize>d << alignof<T>();
  memory.fill(g, 0, <usize>(d + 1) << 3);
  let total = 0.0;
  for (let i = 0; i < n; i++) {
    const ri = load<f64>(r + (<usize>i << 3));
    if (ri == 0) continue;
    addRow<T>(g, X + <usize>i * rowBytes, ri, d);
    total += ri;
  }
  for (let j = 0; j < d; j++) {
    const at = g + (<usize>j << 3);
    store<f64>(at, load<f64>(at) - load<f64>(centre + (<usize>j << 3)) * total);
  }
  store<f64>(g + (<usize>d << 3), total);
}

/** Rows per block of gramColumns: a block of x̃ for every coordinate (dim·64 f64) stays in L2. */
export const GRAM_BLOCK_ROWS: i32 = 64;

/**
 * Entries H[k][a] of the Gram columns a = cols[q], q < m, for the coordinates k = rows[t], t < r
 * (cols[q] = d or rows[t] = d is the intercept), into column a at out + a·dim·8 (entry k). rows
 * must start with cols (rows[q] = cols[q] for q < m): the m×m block is symmetric, so each of its
 * pairs is one dot product stored twice. Rows of X go in blocks of GRAM_BLOCK_ROWS, transposed into
 * scratch (A: x̃ of the r coordinates, V: v·x̃ of the m asked ones), so every entry is one
 * contiguous dot product of length B (the SIMD dot of kernels/vector.ts), not a strided update per
 * row. scratch holds (r + m)·GRAM_BLOCK_ROWS f64.
 */
export function gramColumns<T>(
  X: usize, n: i32, d: i32, v: usize, centre: usize, cols: usize, m: i32, rows: usize, r: i32, out: usize, scratch: usize,
): void {
  const rowBytes = <usize>d << alignof<T>();
  const columnBytes = <usize>(d + 1) << 3;
  const B = GRAM_BLOCK_ROWS;
  const A = scratch;
  const V = scratch + ((<usize>(r * B)) << 3);
  for (let q = 0; q < m; q++) {
    const column = out + <usize>load<i32>(cols + (<usize>q << 2)) * columnBytes;
    for (let t = 0; t < r; t++) store<f64>(column + (<usize>load<i32>(rows + (<usize>t << 2)) << 3), 0.0);
  }
  for (let start = 0; start < n; start += B) {
    const count = min(B, n - start);
    for (let t = 0; t < r; t++) {
      const k = load<i32>(rows + (<usize>t << 2));
      const to = A + ((<usize>(t * B)) << 3);
      if (k == d) {
        for (let i = 0; i < count; i++) store<f64>(to + (<usize>i << 3), 1.0);
        continue;
      }
      const c = load<f64>(centre + (<usize>k << 3));
      let from = X + <usize>start * rowBytes + (<usize>k << alignof<T>());
      for (let i = 0; i < count; i++) {
        store<f64>(to + (<usize>i << 3), <f64>load<T>(from) - c);
        from += rowBytes;
      }
    }
    for (let q = 0; q < m; q++) {
      const weighted = V + ((<usize>(q * B)) << 3);
      const own = A + ((<usize>(q * B)) << 3);
      for (let i = 0; i < count; i++) {
        store<f64>(weighted + (<usize>i << 3), load<f64>(v + ((<usize>(start + i)) << 3)) * load<f64>(own + (<usize>i << 3)));
      }
      const a = load<i32>(cols + (<usize>q << 2));
      const column = out + <usize>a * columnBytes;
      for (let t = q; t < r; t++) {
        const k = load<i32>(rows + (<usize>t << 2));
        const value = dot<f64>(A + ((<usize>(t * B)) << 3), weighted, count);
        const at = column + (<usize>k << 3);
        store<f64>(at, load<f64>(at) + value);
        if (t > q && t < m) {
          const mirror = out + <usize>k * columnBytes + (<usize>a << 3);
          store<f64>(mirror, load<f64>(mirror) + value);
        }
      }
    }
  }
}
