// Coordinate descent on one penalised quadratic (glmnet's inner loop, covariance form):
//   minimise  −gᵀδ + ½·δᵀHδ + Σₖ (l2ₖ/2)·βₖ'² + l1ₖ·|βₖ'|,   β' = β + δ,
// coordinate by coordinate: βₖ' = S(gₖ + Hₖₖβₖ, l1ₖ) / (Hₖₖ + l2ₖ) with S the soft threshold, and
// after each change g ← g − Δ·H[:, k], so g stays the negative gradient of the quadratic at β'
// for every coordinate (those outside the working set too: the host's KKT check reads it).
// Passes over the working set alternate with passes over its non-zero coordinates only, until a
// full pass changes no coordinate by more than the threshold: max Hₖₖ·Δₖ² ≤ thresh.
// see: Friedman, Hastie & Tibshirani (2010), J. Stat. Softw. 33(1), eq. (5) and §2.2–2.4;
//      glmnet's elnet1 (Fortran), whose loop structure this follows.
import { axpy } from "../kernels/vector";

// @ts-ignore: decorator
@inline function softThreshold(u: f64, t: f64): f64 {
  if (u > t) return u - t;
  if (u < -t) return u + t;
  return 0.0;
}

/** One coordinate's update; returns Hₖₖ·Δ² (0 when nothing moved). */
// @ts-ignore: decorator
@inline function updateCoordinate(k: i32, H: usize, slot: usize, dim: i32, g: usize, beta: usize, l1: usize, l2: usize): f64 {
  const column = H + <usize>load<i32>(slot + (<usize>k << 2)) * (<usize>dim << 3);
  const hkk = load<f64>(column + (<usize>k << 3));
  const denominator = hkk + load<f64>(l2 + (<usize>k << 3));
  if (!(denominator > 0)) return 0.0;
  const old = load<f64>(beta + (<usize>k << 3));
  const next = softThreshold(load<f64>(g + (<usize>k << 3)) + hkk * old, load<f64>(l1 + (<usize>k << 3))) / denominator;
  const delta = next - old;
  if (delta == 0) return 0.0;
  store<f64>(beta + (<usize>k << 3), next);
  axpy<f64>(g, column, -delta, dim);
  return hkk * delta * delta;
}

/**
 * Runs the passes over the m coordinates in coords (i32), each with its column of H at
 * H + slot[k]·dim·8. active (m i32) is scratch. Returns the passes made, negated when maxPasses
 * ran out before the threshold was met.
 */
export function descend(
  H: usize, slot: usize, coords: usize, m: i32, dim: i32, g: usize, beta: usize, l1: usize, l2: usize,
  thresh: f64, maxPasses: i32, active: usize,
): i32 {
  let passes = 0;
  while (true) {
    let change = 0.0;
    for (let q = 0; q < m; q++) {
      change = Math.max(change, updateCoordinate(load<i32>(coords + (<usize>q << 2)), H, slot, dim, g, beta, l1, l2));
    }
    passes++;
    if (change <= thresh) return passes;
    if (passes >= maxPasses) return -passes;
    let activeCount = 0;
    for (let q = 0; q < m; q++) {
      const k = load<i32>(coords + (<usize>q << 2));
      if (load<f64>(beta + (<usize>k << 3)) != 0) store<i32>(active + (<usize>(activeCount++) << 2), k);
    }
    while (true) {
      change = 0.0;
      for (let q = 0; q < activeCount; q++) {
        change = Math.max(change, updateCoordinate(load<i32>(active + (<usize>q << 2)), H, slot, dim, g, beta, l1, l2));
      }
      passes++;
      if (change <= thresh) break;
      if (passes >= maxPasses) return -passes;
    }
  }
}
