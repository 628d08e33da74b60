// Poisson, log link. y ∈ {0, 1, 2, …}. On the linear predictor η (the −log y! term is constant
// in the parameters and added back by the host for the log-likelihood):
//   nll(η) = e^η − yη,  ∂nll/∂η = e^η − y,  ∂²nll/∂η² = e^η.
// see: McCullagh & Nelder, GLM (2nd ed.), §6.2; scikit-learn `_loss.pyx` (CyHalfPoissonLoss).
// e^η overflows to +∞ past η ≈ 709.8; the host reports that as divergence rather than clamping.
import { sampleAt, weightAt } from "../kernels/rows";

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

/** residual[t] = s·(e^η − y); returns Σ s·nll. */
export function poissonResiduals<T>(
  y: usize, sw: usize, order: usize, start: i32, count: i32, eta: usize, residual: usize,
): f64 {
  let loss = 0.0;
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
