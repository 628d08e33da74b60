// Multinomial, softmax link, K classes, y ∈ {0, …, K−1}. On the K linear predictors η_k:
//   nll(η) = logsumexp_k(η_k) − η_y,  ∂nll/∂η_k = softmax_k(η) − [k = y],
//   ∂²nll/∂η_k∂η_l = p_k([k = l] − p_l).
// logsumexp subtracts the largest η first so no exp overflows.
// see: McCullagh & Nelder, GLM (2nd ed.), §5.4; Murphy, "Probabilistic Machine Learning" §2.5.2.
import { sampleAt, weightAt } from "../kernels/rows";

/** max_k η_k + log Σ_k exp(η_k − max). */
export function logSumExp(eta: usize, K: i32): f64 {
  let max = -Infinity;
  for (let k = 0; k < K; k++) max = Math.max(max, load<f64>(eta + (<usize>k << 3)));
  if (max == Infinity) return Infinity;
  let sum = 0.0;
  for (let k = 0; k < K; k++) sum += Math.exp(load<f64>(eta + (<usize>k << 3)) - max);
  return max + Math.log(sum);
}

/** residual[t·K + k] = s·(softmax_k − [k = y]); returns lossBefore + Σ s·nll. */
export function multinomialResiduals<T>(
  y: usize, sw: usize, order: usize, start: i32, count: i32, K: i32, eta: usize, residual: usize, lossBefore: f64 = 0.0,
): f64 {
  let loss = lossBefore;
  for (let t = 0; t < count; t++) {
    const i = sampleAt(order, start, t);
    const s = weightAt<T>(sw, i);
    const label = <i32>load<T>(y + (<usize>i << alignof<T>()));
    const etaRow = eta + (<usize>(t * K) << 3);
    const resRow = residual + (<usize>(t * K) << 3);
    const lse = logSumExp(etaRow, K);
    loss += s * (lse - load<f64>(etaRow + (<usize>label << 3)));
    for (let k = 0; k < K; k++) {
      const p = Math.exp(load<f64>(etaRow + (<usize>k << 3)) - lse);
      store<f64>(resRow + (<usize>k << 3), s * (k == label ? p - 1.0 : p));
    }
  }
  return loss;
}

/** In place: η row ← softmax(η row), for count rows. */
export function softmaxRows(eta: usize, count: i32, K: i32): void {
  for (let t = 0; t < count; t++) {
    const row = eta + (<usize>(t * K) << 3);
    const lse = logSumExp(row, K);
    for (let k = 0; k < K; k++) store<f64>(row + (<usize>k << 3), Math.exp(load<f64>(row + (<usize>k << 3)) - lse));
  }
}
