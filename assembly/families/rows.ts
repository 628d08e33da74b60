// The per-row loops of the one-output families, written once and specialised per family at
// compile time: F is a family class of @inline point functions (Gaussian, Bernoulli, Poisson),
// whose methods never read `this`, so the loops call them on a null instance and every call is
// inlined: no row loop branches on the family. The callers pick F once per chunk.
// Canonical links: ∂nll/∂η = μ − y for every F (McCullagh & Nelder, GLM 2nd ed., §2.5).
import { sampleAt, weightAt } from "../kernels/rows";
import { axpy, dot } from "../kernels/vector";
import { Gaussian } from "./gaussian";
import { Bernoulli } from "./bernoulli";
import { Poisson } from "./poisson";
import { multinomialResiduals } from "./multinomial";
import { FAMILY_BERNOULLI, FAMILY_GAUSSIAN, FAMILY_POISSON } from "./index";

/** The family's point functions (its methods do not use the instance). */
// @ts-ignore: decorator
@inline export function familyOf<F>(): F {
  return changetype<F>(0);
}

/**
 * Floor on a working weight: a fitted probability or mean that underflows must not turn the
 * response u = s(y − μ)/√(sw) into Infinity. 1e-150 keeps u² and w·x² inside the f64 range.
 */
export const WEIGHT_FLOOR: f64 = 1e-150;

/** residual[t] = s·(μ − y) for each sample of the chunk; returns lossBefore + Σ s·nll. */
export function familyResiduals<F, T>(
  y: usize, sw: usize, order: usize, start: i32, count: i32, eta: usize, residual: usize, lossBefore: f64 = 0.0,
): f64 {
  const family = familyOf<F>();
  let loss = lossBefore;
  for (let t = 0; t < count; t++) {
    const i = sampleAt(order, start, t);
    const s = weightAt<T>(sw, i);
    const yi = <f64>load<T>(y + (<usize>i << alignof<T>()));
    const e = load<f64>(eta + (<usize>t << 3));
    const mu = family.mean(e);
    loss += s * family.loss(e, yi, mu);
    store<f64>(residual + (<usize>t << 3), s * (mu - yi));
  }
  return loss;
}

/**
 * The fused K = 1 chunk pass: per row, η = b + x·w, r = s·(μ − y), then G += r·x and Gb += r
 * while the row is still in L1; the same operations in the same order per value as
 * linearPredictor → familyResiduals → accumulateGradient, so the results are the same bits.
 * Rows are named by `order` (u32 ids). Returns Σ s·nll.
 */
export function familyFusedPass<F, T>(
  X: usize, d: i32, W: usize, b: usize, G: usize, Gb: usize,
  y: usize, sw: usize, order: usize, count: i32,
): f64 {
  const family = familyOf<F>();
  const rowBytes = <usize>d << alignof<T>();
  const intercept = <f64>load<T>(b);
  let gradientIntercept = load<T>(Gb);
  let loss = 0.0;
  for (let t = 0; t < count; t++) {
    const i = <i32>load<u32>(order + (<usize>t << 2));
    const row = X + <usize>i * rowBytes;
    const e = intercept + <f64>dot<T>(row, W, d);
    const s = weightAt<T>(sw, i);
    const yi = <f64>load<T>(y + (<usize>i << alignof<T>()));
    const mu = family.mean(e);
    loss += s * family.loss(e, yi, mu);
    const r = <T>(s * (mu - yi));
    axpy<T>(G, row, r, d);
    gradientIntercept += r;
  }
  store<T>(Gb, gradientIntercept);
  return loss;
}

/**
 * IRLS working weights for rows start..start+count−1: work[t] = √(s·w), work[count + t] = u, with
 * w = ∂²nll/∂η² floored at WEIGHT_FLOOR and u = s(y − μ)/√(s·w) (0 where s = 0). `priorWeight`
 * gives s (or, for the rank tests, whether the row counts). Returns Σ s·nll.
 */
export function familyWorking<F, T>(
  y: usize, sw: usize, start: i32, count: i32, eta: usize, work: usize, supportOnly: bool = false,
): f64 {
  const family = familyOf<F>();
  let loss = 0.0;
  const response = work + (<usize>count << 3);
  for (let t = 0; t < count; t++) {
    const i = start + t;
    const s = priorWeight<T>(sw, i, supportOnly);
    const yi = <f64>load<T>(y + (<usize>i << alignof<T>()));
    const e = load<f64>(eta + (<usize>t << 3));
    const mu = family.mean(e);
    loss += s * family.loss(e, yi, mu);
    const root = Math.sqrt(s * Math.max(family.workingWeight(e, mu), WEIGHT_FLOOR));
    store<f64>(work + (<usize>t << 3), root);
    store<f64>(response + (<usize>t << 3), root > 0 ? family.workingResponse(s, root, e, yi, mu) : 0.0);
  }
  return loss;
}

/** In place: out[t] ← μ(out[t]) for count linear predictors. */
export function familyMeans<F>(out: usize, count: i32): void {
  const family = familyOf<F>();
  for (let t = 0; t < count; t++) {
    const p = out + (<usize>t << 3);
    store<f64>(p, family.mean(load<f64>(p)));
  }
}

/**
 * Row i's prior weight sᵢ, or with `supportOnly` just whether it counts (1 for sᵢ > 0, else 0): the
 * rank tests use those rows unweighted, since which columns are dependent is a property of X on
 * the rows that count, not of how heavily each is weighted (a weight of 1e300 would otherwise make
 * every other row look like rounding noise next to it).
 */
// @ts-ignore: decorator
@inline export function priorWeight<T>(sw: usize, i: i32, supportOnly: bool): f64 {
  const s = weightAt<T>(sw, i);
  return supportOnly ? (s > 0 ? 1.0 : 0.0) : s;
}

/**
 * Σ s·nll over one chunk, writing residuals: the one branch on the family per chunk, for the
 * epoch and the exact passes alike. The sum starts from lossBefore, so a chunk run
 * in slices adds up in the same order as in one go.
 */
export function chunkResiduals<T>(
  family: i32, y: usize, sw: usize, order: usize, start: i32, count: i32, K: i32,
  eta: usize, residual: usize, lossBefore: f64 = 0.0,
): f64 {
  switch (family) {
    case FAMILY_GAUSSIAN: return familyResiduals<Gaussian, T>(y, sw, order, start, count, eta, residual, lossBefore);
    case FAMILY_BERNOULLI: return familyResiduals<Bernoulli, T>(y, sw, order, start, count, eta, residual, lossBefore);
    case FAMILY_POISSON: return familyResiduals<Poisson, T>(y, sw, order, start, count, eta, residual, lossBefore);
    default: return multinomialResiduals<T>(y, sw, order, start, count, K, eta, residual, lossBefore);
  }
}
