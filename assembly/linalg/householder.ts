// Householder QR in f64 for least-squares problems whose rows arrive in blocks (row-wise
// updating, as biglm and TSQR do): a (p+1)×(p+1) upper-triangular R already summarises every row
// seen so far; a block A of m new rows is stacked under it and the stack re-triangularised, so R
// always satisfies RᵀR = Σ AᵀA over all rows and memory stays O(m·p) instead of O(n·p).
// The last column carries the response: after the last block R[0:p, p] = Qᵀu and |R[p][p]| is the
// residual norm, so the least-squares solution is one back-substitution away.
// see: Golub & Van Loan, "Matrix Computations" (4th ed.), §5.1.2–5.1.4 (Householder vectors with
//      v₀ = 1 and the sign choice that avoids cancellation) and §5.2.1; LAPACK dlarfg (the same
//      β = −sign(α)·‖[α; x]‖, τ = (β − α)/β) and dtpqrt (a triangle stacked on a dense block: each
//      reflector touches one row of R and the whole block).
//
// Layouts: R is row-major with stride `stride` (p + 1); A is column-major with leading dimension m,
// so every reflector works on contiguous columns. Column norms are plain dot products: entries
// beyond ~1e150 would overflow (LAPACK's scaled dnrm2 avoids that; GLM working rows never get near).
//
// Each SIMD kernel has a scalar twin with the same signature; ASC_FEATURE_SIMD picks one.
import { dotScalar, dotSimd, lanes } from "../kernels/vector";

/**
 * Applies the reflector H = I − τ·[1; x][1; x]ᵀ to the pair (r, a), where r is one entry of R's
 * row j and a a column of the block: w = τ·(r + x·a), a ← a − w·x; returns r − w.
 * Scalar twin of applyReflectorSimd.
 */
export function applyReflectorScalar(x: usize, a: usize, m: i32, r: f64, tau: f64): f64 {
  const w = tau * (r + dotScalar<f64>(x, a, m));
  for (let i = 0; i < m; i++) {
    const offset = <usize>i << 3;
    store<f64>(a + offset, load<f64>(a + offset) - w * load<f64>(x + offset));
  }
  return r - w;
}

/** f64x2 twin of applyReflectorScalar (the dot product's summation order: see kernels/vector.ts). */
export function applyReflectorSimd(x: usize, a: usize, m: i32, r: f64, tau: f64): f64 {
  const w = tau * (r + dotSimd<f64>(x, a, m));
  const wV = f64x2.splat(w);
  const L = lanes<f64>();
  let i = 0;
  for (; i + 2 * L <= m; i += 2 * L) {
    v128.store(a, f64x2.sub(v128.load(a), f64x2.mul(wV, v128.load(x))));
    v128.store(a, f64x2.sub(v128.load(a, 16), f64x2.mul(wV, v128.load(x, 16))), 16);
    a += 32;
    x += 32;
  }
  for (; i + L <= m; i += L) {
    v128.store(a, f64x2.sub(v128.load(a), f64x2.mul(wV, v128.load(x))));
    a += 16;
    x += 16;
  }
  for (; i < m; i++) {
    store<f64>(a, load<f64>(a) - w * load<f64>(x));
    a += 8;
    x += 8;
  }
  return r - w;
}

/** x[i] ← alpha·x[i]. */
export function scaleScalar(x: usize, m: i32, alpha: f64): void {
  for (let i = 0; i < m; i++) {
    const offset = <usize>i << 3;
    store<f64>(x + offset, alpha * load<f64>(x + offset));
  }
}

/** Elementwise twin of scaleScalar, bit-identical to it. */
export function scaleSimd(x: usize, m: i32, alpha: f64): void {
  const alphaV = f64x2.splat(alpha);
  let i = 0;
  for (; i + 2 <= m; i += 2) {
    v128.store(x, f64x2.mul(alphaV, v128.load(x)));
    x += 16;
  }
  for (; i < m; i++) {
    store<f64>(x, alpha * load<f64>(x));
    x += 8;
  }
}

// @ts-ignore: decorator
@inline function applyReflector(x: usize, a: usize, m: i32, r: f64, tau: f64): f64 {
  if (ASC_FEATURE_SIMD) return applyReflectorSimd(x, a, m, r, tau);
  return applyReflectorScalar(x, a, m, r, tau);
}

// @ts-ignore: decorator
@inline function scale(x: usize, m: i32, alpha: f64): void {
  if (ASC_FEATURE_SIMD) scaleSimd(x, m, alpha);
  else scaleScalar(x, m, alpha);
}

// @ts-ignore: decorator
@inline function sumSquares(x: usize, m: i32): f64 {
  if (ASC_FEATURE_SIMD) return dotSimd<f64>(x, x, m);
  return dotScalar<f64>(x, x, m);
}

/**
 * Stacks the m×cols block A (column-major, destroyed) under the cols×cols upper triangle R
 * (row-major, stride `stride` ≥ cols) and re-triangularises [R; A] in place, so that afterwards
 * RᵀR = (old R)ᵀ(old R) + AᵀA. With the response as the last column, its diagonal entry
 * accumulates the residual norm.
 * If `columnNormSq` ≠ 0, adds each column's Σ a² (before reflection) to it: the squared norms of
 * the full columns, which rank tests compare R's diagonal with.
 * A zero column leaves its reflector out (τ = 0): an all-zero column over every block gives a
 * zero row and column in R.
 */
export function stackRows(R: usize, stride: i32, A: usize, m: i32, cols: i32, columnNormSq: usize): void {
  if (m <= 0) return;
  const columnBytes = <usize>m << 3;
  if (columnNormSq != 0) {
    for (let k = 0; k < cols; k++) {
      const p = columnNormSq + (<usize>k << 3);
      store<f64>(p, load<f64>(p) + sumSquares(A + <usize>k * columnBytes, m));
    }
  }
  for (let j = 0; j < cols; j++) {
    const x = A + <usize>j * columnBytes;
    const diagonal = R + ((<usize>j * <usize>stride + <usize>j) << 3);
    const alpha = load<f64>(diagonal);
    const sigma = sumSquares(x, m);
    if (sigma == 0) continue;
    const norm = Math.sqrt(alpha * alpha + sigma);
    const beta = alpha >= 0 ? -norm : norm;
    scale(x, m, 1.0 / (alpha - beta));
    const tau = (beta - alpha) / beta;
    store<f64>(diagonal, beta);
    for (let k = j + 1; k < cols; k++) {
      const rjk = diagonal + (<usize>(k - j) << 3);
      store<f64>(rjk, applyReflector(x, A + <usize>k * columnBytes, m, load<f64>(rjk), tau));
    }
  }
}

/**
 * Back-substitution R[0:p, 0:p]·x = R[0:p, p] (R row-major, stride `stride`). Coordinates with
 * skip[j] ≠ 0 (f64 flags, or skip = 0 for none) or a zero diagonal are set to 0, which solves the
 * problem with those columns removed when their rows and columns of R are zero.
 * Returns the number of coordinates solved.
 */
export function solveUpper(R: usize, stride: i32, p: i32, skip: usize, x: usize): i32 {
  let solved = 0;
  for (let j = p - 1; j >= 0; j--) {
    const row = R + (<usize>j * <usize>stride << 3);
    const diagonal = load<f64>(row + (<usize>j << 3));
    const skipped = skip != 0 && load<f64>(skip + (<usize>j << 3)) != 0;
    if (skipped || diagonal == 0) {
      store<f64>(x + (<usize>j << 3), 0);
      continue;
    }
    let sum = load<f64>(row + (<usize>p << 3));
    for (let k = j + 1; k < p; k++) sum -= load<f64>(row + (<usize>k << 3)) * load<f64>(x + (<usize>k << 3));
    store<f64>(x + (<usize>j << 3), sum / diagonal);
    solved++;
  }
  return solved;
}
