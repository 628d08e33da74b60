// Coordinate descent on one penalised quadratic (glmnet's inner loop):
//   minimise  −gᵀδ + ½·δᵀHδ + Σₖ (l2ₖ/2)·βₖ'² + l1ₖ·|βₖ'|,   β' = β + δ,
// coordinate by coordinate: βₖ' = S(gₖ + Hₖₖβₖ, l1ₖ) / (Hₖₖ + l2ₖ) with S the soft threshold.
// Two forms of the same update: covariance (descend), where g is kept as the negative gradient
// after each change, g ← g − Δ·H[:, k] (every coordinate, those outside the working set too: the
// host's KKT check reads it); naive (descendNaive, cd/naive.ts), where gₖ is read off the working
// residual and the residual is updated instead.
// Passes over the working set alternate with passes over its non-zero coordinates only, until a
// full pass changes no coordinate by more than the threshold: max Hₖₖ·Δₖ² ≤ thresh.
// see: Friedman, Hastie & Tibshirani (2010), J. Stat. Softw. 33(1), eq. (5) and §2.2–2.4;
//      glmnet's elnet1 and lognet2n (Fortran), whose loop structure this follows.
import { axpy, dot } from "../kernels/vector";
import { columnAt, residualStep, sweep } from "./naive";

// @ts-ignore: decorator
@inline function softThreshold(u: f64, t: f64): f64 {
  if (u > t) return u - t;
  if (u < -t) return u + t;
  return 0.0;
}

/** Δ of the last naive update, whose residual step waits for the next coordinate's sweep. */
let deferredDelta: f64 = 0.0;

/**
 * One coordinate's update; returns Hₖₖ·Δ² (0 when nothing moved). Covariance (naive false): A = H,
 * stride = dim, column k at A + slot[k]·dim·8, g the gradient, updated at once. Naive: A = Xt,
 * stride = n, g the working residual r, v the working weights, xv[k] = Hₖₖ, which the first pass
 * (fresh) computes in the same sweep over the column as gₖ; the sweep first applies the previous
 * coordinate's residual step (pending: its column, with Δ pendingDelta), and this coordinate's
 * own step is left in deferredDelta for the next sweep (cd/naive.ts sweep: the same bits).
 */
// @ts-ignore: decorator
@inline function updateCoordinate(
  naive: bool, fresh: bool, k: i32, A: usize, slot: usize, stride: i32, g: usize, v: usize, xv: usize, beta: usize, l1: usize, l2: usize,
  pending: bool, pendingColumn: usize, pendingDelta: f64,
): f64 {
  const column = naive ? columnAt(A, stride, k) : A + <usize>load<i32>(slot + (<usize>k << 2)) * (<usize>stride << 3);
  let gk = 0.0;
  if (naive) {
    const out = xv + (<usize>k << 3);
    if (pending) gk = fresh ? sweep(true, true, g, v, pendingColumn, pendingDelta, column, stride, out) : sweep(true, false, g, v, pendingColumn, pendingDelta, column, stride, out);
    else gk = fresh ? sweep(false, true, g, v, 0, 0.0, column, stride, out) : dot<f64>(g, column, stride);
    deferredDelta = 0.0;
  } else {
    gk = load<f64>(g + (<usize>k << 3));
  }
  const hkk = naive ? load<f64>(xv + (<usize>k << 3)) : load<f64>(column + (<usize>k << 3));
  const denominator = hkk + load<f64>(l2 + (<usize>k << 3));
  if (!(denominator > 0)) return 0.0;
  const old = load<f64>(beta + (<usize>k << 3));
  const next = softThreshold(gk + hkk * old, load<f64>(l1 + (<usize>k << 3))) / denominator;
  const delta = next - old;
  if (delta == 0) return 0.0;
  store<f64>(beta + (<usize>k << 3), next);
  if (naive) deferredDelta = delta;
  else axpy<f64>(g, column, -delta, stride);
  return hkk * delta * delta;
}

/**
 * One pass over the count coordinates in list; returns the largest Hₖₖ·Δ². Naive: the last
 * update's residual step is applied at the end, so r is current between passes.
 */
// @ts-ignore: decorator
@inline function pass(
  naive: bool, fresh: bool, list: usize, count: i32, A: usize, slot: usize, stride: i32, g: usize, v: usize, xv: usize, beta: usize,
  l1: usize, l2: usize,
): f64 {
  let change = 0.0;
  let pending = false;
  let pendingColumn: usize = 0;
  let pendingDelta = 0.0;
  for (let q = 0; q < count; q++) {
    const k = load<i32>(list + (<usize>q << 2));
    change = Math.max(change, updateCoordinate(naive, fresh, k, A, slot, stride, g, v, xv, beta, l1, l2, pending, pendingColumn, pendingDelta));
    if (naive) {
      pending = deferredDelta != 0;
      pendingColumn = columnAt(A, stride, k);
      pendingDelta = deferredDelta;
    }
  }
  if (naive && pending) residualStep(g, v, pendingColumn, pendingDelta, stride);
  return change;
}

/** The passes of the file header over the m coordinates in coords; active (m i32) is scratch. */
// @ts-ignore: decorator
@inline function passes(
  naive: bool, A: usize, slot: usize, stride: i32, coords: usize, m: i32, g: usize, v: usize, xv: usize, beta: usize,
  l1: usize, l2: usize, thresh: f64, maxPasses: i32, active: usize,
): i32 {
  let count = 0;
  while (true) {
    let change = pass(naive, count == 0, coords, m, A, slot, stride, g, v, xv, beta, l1, l2);
    count++;
    if (change <= thresh) return count;
    if (count >= maxPasses) return -count;
    let activeCount = 0;
    for (let q = 0; q < m; q++) {
      const k = load<i32>(coords + (<usize>q << 2));
      if (load<f64>(beta + (<usize>k << 3)) != 0) store<i32>(active + (<usize>(activeCount++) << 2), k);
    }
    while (true) {
      change = pass(naive, false, active, activeCount, A, slot, stride, g, v, xv, beta, l1, l2);
      count++;
      if (change <= thresh) break;
      if (count >= maxPasses) return -count;
    }
  }
}

/**
 * Covariance passes over the m coordinates in coords (i32), each with its column of H at
 * H + slot[k]·dim·8. active (m i32) is scratch. Returns the passes made, negated when maxPasses
 * ran out before the threshold was met.
 */
export function descend(
  H: usize, slot: usize, coords: usize, m: i32, dim: i32, g: usize, beta: usize, l1: usize, l2: usize,
  thresh: f64, maxPasses: i32, active: usize,
): i32 {
  return passes(false, H, slot, dim, coords, m, g, 0, 0, beta, l1, l2, thresh, maxPasses, active);
}

/**
 * Naive passes (cd/naive.ts) over the m coordinates in coords, columns in Xt (n rows), on the
 * working weights v and residual r (updated in place). Fills xv[k] = Σ v·x̃ₖ² for them in the
 * first pass. Returns as descend.
 */
export function descendNaive(
  Xt: usize, n: i32, coords: usize, m: i32, v: usize, r: usize, xv: usize, beta: usize, l1: usize, l2: usize,
  thresh: f64, maxPasses: i32, active: usize,
): i32 {
  return passes(true, Xt, 0, n, coords, m, r, v, xv, beta, l1, l2, thresh, maxPasses, active);
}
