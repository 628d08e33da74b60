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
// so every reflector works on contiguous columns.
//
// Scale: a column whose largest entry (or diagonal) lies outside [2^-500, 2^500] is first multiplied
// by a power of two (exact), so the sum of squares in its norm neither overflows nor underflows
// (LAPACK's dnrm2/dlassq scale their sums for the same reason); inside that range nothing is scaled
// and the bits are those of the plain sum. Rows: when one block row dominates a column (see
// PIVOT_SHARE) it swaps places with R's row before the reflector (Powell & Reid row pivoting), so a
// row of huge weight becomes the pivot instead of wiping out, in a difference of huge numbers, what
// R already holds. see: Cox & Higham (1998), "Stability of Householder QR factorization for
// weighted least squares problems", Numer. Algorithms 7; Powell & Reid (1969).
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

/** max |x_i| over m values (0 when m = 0; NaN if any is NaN). Scalar twin of maxAbsSimd. */
export function maxAbsScalar(x: usize, m: i32): f64 {
  let largest = 0.0;
  for (let i = 0; i < m; i++) largest = max(largest, Math.abs(load<f64>(x + (<usize>i << 3))));
  return largest;
}

/** f64x2 twin of maxAbsScalar; a maximum is exact, so the twins agree bit for bit. */
export function maxAbsSimd(x: usize, m: i32): f64 {
  let a = f64x2.splat(0);
  let b = f64x2.splat(0);
  let i = 0;
  for (; i + 4 <= m; i += 4) {
    a = f64x2.max(a, f64x2.abs(v128.load(x)));
    b = f64x2.max(b, f64x2.abs(v128.load(x, 16)));
    x += 32;
  }
  for (; i + 2 <= m; i += 2) {
    a = f64x2.max(a, f64x2.abs(v128.load(x)));
    x += 16;
  }
  a = f64x2.max(a, b);
  let largest = max(f64x2.extract_lane(a, 0), f64x2.extract_lane(a, 1));
  for (; i < m; i++) {
    largest = max(largest, Math.abs(load<f64>(x)));
    x += 8;
  }
  return largest;
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
@inline function maxAbs(x: usize, m: i32): f64 {
  if (ASC_FEATURE_SIMD) return maxAbsSimd(x, m);
  return maxAbsScalar(x, m);
}

// @ts-ignore: decorator
@inline function sumSquares(x: usize, m: i32): f64 {
  if (ASC_FEATURE_SIMD) return dotSimd<f64>(x, x, m);
  return dotScalar<f64>(x, x, m);
}

/**
 * A block row is swapped into the pivot when everything else in [α; x] has a norm below 2^-10 of
 * it (squares: 2^-20). Householder QR without row pivoting loses about ε·(that ratio) of the other
 * rows' information, so up to 1024 it costs < 3e-13 and ordinary data keep the unpivoted bits.
 */
const PIVOT_SHARE: f64 = 9.5367431640625e-7; // 2^-20

/** Largest magnitudes whose squares, summed over up to 2^23 rows, stay normal and finite. */
const SAFE_LARGEST: f64 = 3.273390607896142e150; // 2^500
const SAFE_SMALLEST: f64 = 3.054936363499605e-151; // 2^-500

/** 2^−e for the binary exponent e of |v| (clamped to keep the result and its inverse finite). */
// @ts-ignore: decorator
@inline function inversePowerOfTwo(v: f64): f64 {
  const e = min(max(<i32>((reinterpret<u64>(v) >> 52) & 0x7ff) - 1023, -1023), 1022);
  return reinterpret<f64>(<u64>(1023 - e) << 52);
}

/** Index of the first i < m with |x_i| = value (value taken from maxAbs, so one exists). */
function indexOfMagnitude(x: usize, m: i32, value: f64): i32 {
  for (let i = 0; i < m; i++) if (Math.abs(load<f64>(x + (<usize>i << 3))) == value) return i;
  return 0;
}

/**
 * Stacks the m×cols block A (column-major, destroyed) under the cols×cols upper triangle R
 * (row-major, stride `stride` ≥ cols) and re-triangularises [R; A] in place, so that afterwards
 * RᵀR = (old R)ᵀ(old R) + AᵀA. With the response as the last column, its diagonal entry
 * accumulates the residual norm. Columns of R keep the norms of the data's columns (Q is
 * orthogonal), which is where rank tests take them from.
 * A zero column leaves its reflector out (τ = 0): an all-zero column over every block gives a
 * zero row and column in R.
 */
export function stackRows(R: usize, stride: i32, A: usize, m: i32, cols: i32): void {
  if (m <= 0) return;
  const columnBytes = <usize>m << 3;
  for (let j = 0; j < cols; j++) {
    const x = A + <usize>j * columnBytes;
    const largest = maxAbs(x, m);
    if (largest == 0) continue;
    const diagonal = R + ((<usize>j * <usize>stride + <usize>j) << 3);
    let alpha = load<f64>(diagonal);
    let factor = 1.0;
    const magnitude = max(Math.abs(alpha), largest);
    if (magnitude > SAFE_LARGEST || magnitude < SAFE_SMALLEST) {
      factor = inversePowerOfTwo(magnitude);
      scale(x, m, factor);
      alpha *= factor;
    }
    const top = largest * factor;
    let sigma = sumSquares(x, m);
    if (top > Math.abs(alpha) && alpha * alpha + sigma < top * top * (1.0 + PIVOT_SHARE)) {
      // One block row dominates the column: it becomes R's row j (columns j…), and R's row joins the block.
      const pivot = <usize>indexOfMagnitude(x, m, top) << 3;
      const held = alpha;
      alpha = load<f64>(x + pivot);
      store<f64>(x + pivot, held);
      for (let k = j + 1; k < cols; k++) {
        const r = diagonal + (<usize>(k - j) << 3);
        const a = A + <usize>k * columnBytes + pivot;
        const entry = load<f64>(r);
        store<f64>(r, load<f64>(a));
        store<f64>(a, entry);
      }
      sigma = sumSquares(x, m);
    }
    const unscale = 1.0 / factor;
    if (sigma == 0) {
      store<f64>(diagonal, alpha * unscale);
      continue;
    }
    const norm = Math.sqrt(alpha * alpha + sigma);
    const beta = alpha >= 0 ? -norm : norm;
    scale(x, m, 1.0 / (alpha - beta));
    const tau = (beta - alpha) / beta;
    store<f64>(diagonal, beta * unscale);
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
