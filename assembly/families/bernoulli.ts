// Bernoulli, logit link. y ∈ {0, 1}. On the linear predictor η:
//   nll(η) = log(1 + e^η) − yη,  ∂nll/∂η = σ(η) − y,  ∂²nll/∂η² = σ(η)(1 − σ(η)).
// see: McCullagh & Nelder, GLM (2nd ed.), §4.3; stable forms as in scikit-learn `_loss.pyx`
// (CyHalfBinomialLoss).
import { log1pexp, sigmoid } from "./stable";
import { sampleAt, weightAt } from "../kernels/rows";
import { axpy, dot } from "../kernels/vector";

// @ts-ignore: decorator
@inline export function bernoulliLoss(eta: f64, y: f64): f64 {
  return log1pexp(eta) - y * eta;
}

// @ts-ignore: decorator
@inline export function bernoulliGradient(eta: f64, y: f64): f64 {
  return sigmoid(eta) - y;
}

// @ts-ignore: decorator
@inline export function bernoulliHessian(eta: f64): f64 {
  const p = sigmoid(eta);
  return p * (1.0 - p);
}

/** residual[t] = s·(σ(η) − y); returns lossBefore + Σ s·nll. */
export function bernoulliResiduals<T>(
  y: usize, sw: usize, order: usize, start: i32, count: i32, eta: usize, residual: usize, lossBefore: f64 = 0.0,
): f64 {
  let loss = lossBefore;
  for (let t = 0; t < count; t++) {
    const i = sampleAt(order, start, t);
    const s = weightAt<T>(sw, i);
    const yi = <f64>load<T>(y + (<usize>i << alignof<T>()));
    const e = load<f64>(eta + (<usize>t << 3));
    loss += s * bernoulliLoss(e, yi);
    store<f64>(residual + (<usize>t << 3), s * bernoulliGradient(e, yi));
  }
  return loss;
}

/**
 * The fused K = 1 chunk pass: per row, η = b + x·w, r = s·(σ(η) − y), then G += r·x and Gb += r
 * while the row is still in L1; the same operations in the same order per value as
 * linearPredictor → bernoulliResiduals → accumulateGradient, so the results are the same bits.
 * Rows are named by `order` (u32 ids). Returns Σ s·nll.
 */
export function bernoulliFusedPass<T>(
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
    loss += s * bernoulliLoss(e, yi);
    const r = <T>(s * bernoulliGradient(e, yi));
    axpy<T>(G, row, r, d);
    gradientIntercept += r;
  }
  store<T>(Gb, gradientIntercept);
  return loss;
}
