// Gaussian, identity link. y ∈ ℝ. On the linear predictor η (σ² profiled out):
//   nll(η) = ½(y − η)²,  ∂nll/∂η = η − y,  ∂²nll/∂η² = 1.
// see: McCullagh & Nelder, Generalized Linear Models (2nd ed.), §2.2.2 and Table 2.1.
import { sampleAt, weightAt } from "../kernels/rows";
import { axpy, dot } from "../kernels/vector";

// @ts-ignore: decorator
@inline export function gaussianLoss(eta: f64, y: f64): f64 {
  const r = y - eta;
  return 0.5 * r * r;
}

// @ts-ignore: decorator
@inline export function gaussianGradient(eta: f64, y: f64): f64 {
  return eta - y;
}

// @ts-ignore: decorator
@inline export function gaussianHessian(eta: f64): f64 {
  return 1.0;
}

/** residual[t] = s·(η − y) for each sample of the chunk; returns lossBefore + Σ s·nll. */
export function gaussianResiduals<T>(
  y: usize, sw: usize, order: usize, start: i32, count: i32, eta: usize, residual: usize, lossBefore: f64 = 0.0,
): f64 {
  let loss = lossBefore;
  for (let t = 0; t < count; t++) {
    const i = sampleAt(order, start, t);
    const s = weightAt<T>(sw, i);
    const yi = <f64>load<T>(y + (<usize>i << alignof<T>()));
    const e = load<f64>(eta + (<usize>t << 3));
    loss += s * gaussianLoss(e, yi);
    store<f64>(residual + (<usize>t << 3), s * gaussianGradient(e, yi));
  }
  return loss;
}

/**
 * The fused K = 1 chunk pass: per row, η = b + x·w, r = s·(η − y), then G += r·x and Gb += r
 * while the row is still in L1; the same operations in the same order per value as
 * linearPredictor → gaussianResiduals → accumulateGradient, so the results are the same bits.
 * Rows are named by `order` (u32 ids). Returns Σ s·nll.
 */
export function gaussianFusedPass<T>(
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
    loss += s * gaussianLoss(e, yi);
    const r = <T>(s * gaussianGradient(e, yi));
    axpy<T>(G, row, r, d);
    gradientIntercept += r;
  }
  store<T>(Gb, gradientIntercept);
  return loss;
}
