// Coordinate descent on one IRLS quadratic by "naive" updates, as glmnet's lognet/fishnet:
//   minimise  Σᵢ ½·vᵢ·(zᵢ − x̃ᵢᵀβ')² + Σₖ (l2ₖ/2)·βₖ'² + l1ₖ·|βₖ'|
// over the working set, where the host hands in the working residual rᵢ = vᵢ·(zᵢ − x̃ᵢᵀβ) at the
// current β. Coordinate k reads gₖ = Σᵢ rᵢ·x̃ᵢₖ and xvₖ = Σᵢ vᵢ·x̃ᵢₖ², steps to
// βₖ' = S(gₖ + xvₖ·βₖ, l1ₖ)/(xvₖ + l2ₖ), then r ← r − Δ·v⊙x̃ₖ: O(n) a coordinate, against the
// O(n·m²) of the working set's weighted Gram block, which changes with v every IRLS iteration, so
// that covariance updates pay it again each time (glmnet uses them only for gaussian).
// Columns are centred f64 copies, column-major (Xt + k·n·8), the intercept a column of ones (k = d).
// see: Friedman, Hastie & Tibshirani (2010), J. Stat. Softw. 33(1), §2.1 (naive updates) and §3;
//      glmnet's lognet2n (Fortran): xv over the strong set per IRLS step, naive passes over it.
import { axpy, dot } from "../kernels/vector";

/** Column k of Xt (n rows, f64). */
// @ts-ignore: decorator
@inline export function columnAt(Xt: usize, n: i32, k: i32): usize {
  return Xt + <usize>k * (<usize>n << 3);
}

/** Rows per block of centreColumns: a block of rows (64·d values) stays in L1/L2 while it is scattered. */
const CENTRE_BLOCK_ROWS: i32 = 64;

/**
 * Copies x̃ᵢₖ = xᵢₖ − centreₖ of the m columns k = cols[q] (k = d: ones) from row-major X (storage
 * T) into Xt, a block of rows at a time, so X streams once and each column is written in runs.
 */
export function centreColumns<T>(X: usize, n: i32, d: i32, centre: usize, cols: usize, m: i32, Xt: usize): void {
  const rowBytes = <usize>d << alignof<T>();
  for (let start = 0; start < n; start += CENTRE_BLOCK_ROWS) {
    const count = min(CENTRE_BLOCK_ROWS, n - start);
    for (let q = 0; q < m; q++) {
      const k = load<i32>(cols + (<usize>q << 2));
      const to = columnAt(Xt, n, k) + (<usize>start << 3);
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
  }
}

/**
 * One sweep over column x for a coordinate: when `step`, first r[i] −= (delta·v[i])·p[i] (the
 * previous coordinate's residual update, deferred so that r is read once for both); returns
 * Σ r[i]·x[i] and, when `squares`, stores Σ v[i]·x[i]² at out. Left to right (dotScalar's order).
 */
// @ts-ignore: decorator
@inline export function sweepScalar(step: bool, squares: bool, r: usize, v: usize, p: usize, delta: f64, x: usize, n: i32, out: usize): f64 {
  let sum = 0.0;
  let weighted = 0.0;
  for (let i = 0; i < n; i++) {
    const at = <usize>i << 3;
    let ri = load<f64>(r + at);
    if (step) {
      ri = ri - delta * load<f64>(v + at) * load<f64>(p + at);
      store<f64>(r + at, ri);
    }
    const xi = load<f64>(x + at);
    sum += ri * xi;
    if (squares) weighted += load<f64>(v + at) * xi * xi;
  }
  if (squares) store<f64>(out, weighted);
  return sum;
}

/**
 * Twin of sweepScalar: the residual step elementwise (residualStep's bits), the sums in four
 * f64x2 accumulators each, (a0 + a1) + (a2 + a3), l0 + l1, then the tail, so Σ r·x has dotSimd's
 * bits: a sweep gives what residualStep then dot gives, in one pass.
 */
// @ts-ignore: decorator
@inline export function sweepSimd(step: bool, squares: bool, r: usize, v: usize, p: usize, delta: f64, x: usize, n: i32, out: usize): f64 {
  const deltaV = f64x2.splat(delta);
  let acc0 = f64x2.splat(0), acc1 = acc0, acc2 = acc0, acc3 = acc0;
  let sq0 = acc0, sq1 = acc0, sq2 = acc0, sq3 = acc0;
  let i = 0;
  for (; i + 8 <= n; i += 8) {
    let r0 = v128.load(r), r1 = v128.load(r, 16), r2 = v128.load(r, 32), r3 = v128.load(r, 48);
    if (step) {
      r0 = f64x2.sub(r0, f64x2.mul(f64x2.mul(deltaV, v128.load(v)), v128.load(p)));
      r1 = f64x2.sub(r1, f64x2.mul(f64x2.mul(deltaV, v128.load(v, 16)), v128.load(p, 16)));
      r2 = f64x2.sub(r2, f64x2.mul(f64x2.mul(deltaV, v128.load(v, 32)), v128.load(p, 32)));
      r3 = f64x2.sub(r3, f64x2.mul(f64x2.mul(deltaV, v128.load(v, 48)), v128.load(p, 48)));
      v128.store(r, r0);
      v128.store(r, r1, 16);
      v128.store(r, r2, 32);
      v128.store(r, r3, 48);
      p += 64;
    }
    const x0 = v128.load(x), x1 = v128.load(x, 16), x2 = v128.load(x, 32), x3 = v128.load(x, 48);
    acc0 = f64x2.add(acc0, f64x2.mul(r0, x0));
    acc1 = f64x2.add(acc1, f64x2.mul(r1, x1));
    acc2 = f64x2.add(acc2, f64x2.mul(r2, x2));
    acc3 = f64x2.add(acc3, f64x2.mul(r3, x3));
    if (squares) {
      sq0 = f64x2.add(sq0, f64x2.mul(f64x2.mul(v128.load(v), x0), x0));
      sq1 = f64x2.add(sq1, f64x2.mul(f64x2.mul(v128.load(v, 16), x1), x1));
      sq2 = f64x2.add(sq2, f64x2.mul(f64x2.mul(v128.load(v, 32), x2), x2));
      sq3 = f64x2.add(sq3, f64x2.mul(f64x2.mul(v128.load(v, 48), x3), x3));
    }
    r += 64;
    v += 64;
    x += 64;
  }
  for (; i + 2 <= n; i += 2) {
    let r0 = v128.load(r);
    if (step) {
      r0 = f64x2.sub(r0, f64x2.mul(f64x2.mul(deltaV, v128.load(v)), v128.load(p)));
      v128.store(r, r0);
      p += 16;
    }
    const x0 = v128.load(x);
    acc0 = f64x2.add(acc0, f64x2.mul(r0, x0));
    if (squares) sq0 = f64x2.add(sq0, f64x2.mul(f64x2.mul(v128.load(v), x0), x0));
    r += 16;
    v += 16;
    x += 16;
  }
  const acc = f64x2.add(f64x2.add(acc0, acc1), f64x2.add(acc2, acc3));
  const sq = f64x2.add(f64x2.add(sq0, sq1), f64x2.add(sq2, sq3));
  let sum = f64x2.extract_lane(acc, 0) + f64x2.extract_lane(acc, 1);
  let weighted = f64x2.extract_lane(sq, 0) + f64x2.extract_lane(sq, 1);
  for (; i < n; i++) {
    let ri = load<f64>(r);
    if (step) {
      ri = ri - delta * load<f64>(v) * load<f64>(p);
      store<f64>(r, ri);
      p += 8;
    }
    const xi = load<f64>(x);
    sum += ri * xi;
    if (squares) weighted += load<f64>(v) * xi * xi;
    r += 8;
    v += 8;
    x += 8;
  }
  if (squares) store<f64>(out, weighted);
  return sum;
}

/** r[i] −= (delta·v[i])·x[i]. */
// @ts-ignore: decorator
@inline export function residualStepScalar(r: usize, v: usize, x: usize, delta: f64, n: i32): void {
  for (let i = 0; i < n; i++) {
    const at = <usize>i << 3;
    store<f64>(r + at, load<f64>(r + at) - delta * load<f64>(v + at) * load<f64>(x + at));
  }
}

/** Twin of residualStepScalar; elementwise, so bit-identical to it. */
// @ts-ignore: decorator
@inline export function residualStepSimd(r: usize, v: usize, x: usize, delta: f64, n: i32): void {
  const deltaV = f64x2.splat(delta);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    v128.store(r, f64x2.sub(v128.load(r), f64x2.mul(f64x2.mul(deltaV, v128.load(v)), v128.load(x))));
    v128.store(r, f64x2.sub(v128.load(r, 16), f64x2.mul(f64x2.mul(deltaV, v128.load(v, 16)), v128.load(x, 16))), 16);
    r += 32;
    v += 32;
    x += 32;
  }
  for (; i < n; i++) {
    store<f64>(r, load<f64>(r) - delta * load<f64>(v) * load<f64>(x));
    r += 8;
    v += 8;
    x += 8;
  }
}

// @ts-ignore: decorator
@inline export function sweep(step: bool, squares: bool, r: usize, v: usize, p: usize, delta: f64, x: usize, n: i32, out: usize): f64 {
  if (ASC_FEATURE_SIMD) return sweepSimd(step, squares, r, v, p, delta, x, n, out);
  return sweepScalar(step, squares, r, v, p, delta, x, n, out);
}

// @ts-ignore: decorator
@inline export function residualStep(r: usize, v: usize, x: usize, delta: f64, n: i32): void {
  if (ASC_FEATURE_SIMD) residualStepSimd(r, v, x, delta, n);
  else residualStepScalar(r, v, x, delta, n);
}

/** out = Σ_q delta[k]·x̃ₖ over k = coords[q]: the change of the linear predictor a step makes. */
export function predictorStep(Xt: usize, n: i32, coords: usize, m: i32, delta: usize, out: usize): void {
  memory.fill(out, 0, <usize>n << 3);
  for (let q = 0; q < m; q++) {
    const k = load<i32>(coords + (<usize>q << 2));
    const step = load<f64>(delta + (<usize>k << 3));
    if (step != 0) axpy<f64>(out, columnAt(Xt, n, k), step, n);
  }
}

/** eta = start + scale·step (n f64): the linear predictor after a step of the given length. */
export function movePredictor(eta: usize, start: usize, step: usize, scale: f64, n: i32): void {
  memory.copy(eta, start, <usize>n << 3);
  axpy<f64>(eta, step, scale, n);
}

/** g[k] = Σᵢ r[i]·x̃ᵢₖ for the m coordinates k = coords[q]: gradients read off a residual. */
export function columnGradients(Xt: usize, n: i32, coords: usize, m: i32, r: usize, g: usize): void {
  for (let q = 0; q < m; q++) {
    const k = load<i32>(coords + (<usize>q << 2));
    store<f64>(g + (<usize>k << 3), dot<f64>(r, columnAt(Xt, n, k), n));
  }
}
