// Poisson, log link. y ∈ {0, 1, 2, …}. On the linear predictor η (the −log y! term is constant
// in the parameters and added back by the host for the log-likelihood):
//   nll(η) = e^η − yη,  ∂nll/∂η = e^η − y,  ∂²nll/∂η² = e^η.
// see: McCullagh & Nelder, GLM (2nd ed.), §6.2; scikit-learn `_loss.pyx` (CyHalfPoissonLoss).
// e^η overflows to +∞ past η ≈ 709.8; the host reports that as divergence rather than clamping.
import { sampleAt, weightAt } from "../kernels/rows";
import { axpy, dot } from "../kernels/vector";

// @ts-ignore: decorator
@inline export function poissonLoss(eta: f64, y: f64): f64 {
  return Math.exp(eta) - y * eta;
}

// @ts-ignore: decorator
@inline export function poissonGradient(eta: f64, y: f64): f64 {
  return Math.exp(eta) - y;
}

// @ts-ignore: decorator
@inline export function poissonHessian(eta: f64): f64 {
  return Math.exp(eta);
}

/** residual[t] = s·(e^η − y); returns lossBefore + Σ s·nll. */
export function poissonResiduals<T>(
  y: usize, sw: usize, order: usize, start: i32, count: i32, eta: usize, residual: usize, lossBefore: f64 = 0.0,
): f64 {
  let loss = lossBefore;
  for (let t = 0; t < count; t++) {
    const i = sampleAt(order, start, t);
    const s = weightAt<T>(sw, i);
    const yi = <f64>load<T>(y + (<usize>i << alignof<T>()));
    const e = load<f64>(eta + (<usize>t << 3));
    const mu = Math.exp(e);
    loss += s * (mu - yi * e);
    store<f64>(residual + (<usize>t << 3), s * (mu - yi));
  }
  return loss;
}

/**
 * The fused K = 1 chunk pass: per row, η = b + x·w, r = s·(e^η − y), then G += r·x and Gb += r
 * while the row is still in L1; the same operations in the same order per value as
 * linearPredictor → poissonResiduals → accumulateGradient, so the results are the same bits.
 * Rows are named by `order` (u32 ids). Returns Σ s·nll.
 */
export function poissonFusedPass<T>(
  X: usize, d: i32, W: usize, b: usize, G: usize, Gb: usize,
  y: usize, sw: usize, order: usize, count: i32,
): f64 {
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
    const mu = Math.exp(e);
    loss += s * (mu - yi * e);
    const r = <T>(s * (mu - yi));
    axpy<T>(G, row, r, d);
    gradientIntercept += r;
  }
  store<T>(Gb, gradientIntercept);
  return loss;
}
