// AdaGrad, torch.optim.Adagrad(lr_decay=0, initial_accumulator_value=0, eps=1e-10 by default):
//   g = scale·G + l2·θ,   s ← s + g·g,   θ ← θ − lr·(g / (√s + ε))
// see: torch/optim/adagrad.py `_single_tensor_adagrad`: `state_sum.addcmul_(grad, grad, value=1)`,
// `std = state_sum.sqrt().add_(eps)`, `param.addcdiv_(grad, std, value=-clr)`; lr here is the
// schedule's lr_t (clr with lr_decay = 0). One slot: the sum of squares s.
// Elementwise and sqrt/div are correctly rounded in both, so SIMD equals scalar bit for bit.
import { gradientAt, gradientLanes, lanesOf } from "./gradient";

export function adagradStepScalar<T>(theta: usize, grad: usize, sumSquares: usize, n: i32, lr: f64, l2: f64, scale: f64, epsilon: f64): void {
  const lrT = <T>lr, l2T = <T>l2, scaleT = <T>scale, eps = <T>epsilon;
  for (let i = 0; i < n; i++) {
    const offset = <usize>i << alignof<T>();
    const g = gradientAt<T>(theta + offset, grad + offset, scaleT, l2T);
    const s = load<T>(sumSquares + offset) + g * g;
    store<T>(sumSquares + offset, s);
    store<T>(theta + offset, load<T>(theta + offset) - lrT * (g / (<T>Math.sqrt(s) + eps)));
    store<T>(grad + offset, <T>0);
  }
}

export function adagradStepSimd<T>(theta: usize, grad: usize, sumSquares: usize, n: i32, lr: f64, l2: f64, scale: f64, epsilon: f64): void {
  const L = lanesOf<T>();
  const lrV = v128.splat<T>(<T>lr), l2V = v128.splat<T>(<T>l2), scaleV = v128.splat<T>(<T>scale), epsV = v128.splat<T>(<T>epsilon);
  const zero = v128.splat<T>(<T>0);
  let i = 0;
  for (; i + L <= n; i += L) {
    const g = gradientLanes<T>(theta, grad, scaleV, l2V);
    const s = v128.add<T>(v128.load(sumSquares), v128.mul<T>(g, g));
    v128.store(sumSquares, s);
    const ratio = v128.div<T>(g, v128.add<T>(v128.sqrt<T>(s), epsV));
    v128.store(theta, v128.sub<T>(v128.load(theta), v128.mul<T>(lrV, ratio)));
    v128.store(grad, zero);
    theta += 16;
    grad += 16;
    sumSquares += 16;
  }
  adagradStepScalar<T>(theta, grad, sumSquares, n - i, lr, l2, scale, epsilon);
}

// @ts-ignore: decorator
@inline export function adagradStep<T>(theta: usize, grad: usize, sumSquares: usize, n: i32, lr: f64, l2: f64, scale: f64, epsilon: f64): void {
  if (ASC_FEATURE_SIMD) adagradStepSimd<T>(theta, grad, sumSquares, n, lr, l2, scale, epsilon);
  else adagradStepScalar<T>(theta, grad, sumSquares, n, lr, l2, scale, epsilon);
}
