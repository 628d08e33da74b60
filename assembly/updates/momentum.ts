// Heavy-ball momentum, torch.optim.SGD(momentum=μ, dampening=0, nesterov=False):
//   g = scale·G + l2·θ,   v ← μ·v + g,   θ ← θ − lr·v
// see: torch/optim/sgd.py `_single_tensor_sgd`: `buf.mul_(momentum).add_(grad)`, then
// `param.add_(grad, alpha=-lr)` with grad = buf. torch starts the buffer at a clone of the first
// gradient; a zero buffer gives μ·0 + g = g, the same value. One slot: the velocity v.
// Elementwise with the same roundings per coordinate, so the SIMD kernel equals its scalar twin
// bit for bit. Both zero G for the next batch.
import { gradientAt, gradientLanes, lanesOf } from "./gradient";

export function momentumStepScalar<T>(theta: usize, grad: usize, velocity: usize, n: i32, lr: f64, l2: f64, scale: f64, momentum: f64): void {
  const lrT = <T>lr, l2T = <T>l2, scaleT = <T>scale, mu = <T>momentum;
  for (let i = 0; i < n; i++) {
    const offset = <usize>i << alignof<T>();
    const g = gradientAt<T>(theta + offset, grad + offset, scaleT, l2T);
    const v = mu * load<T>(velocity + offset) + g;
    store<T>(velocity + offset, v);
    store<T>(theta + offset, load<T>(theta + offset) - lrT * v);
    store<T>(grad + offset, <T>0);
  }
}

export function momentumStepSimd<T>(theta: usize, grad: usize, velocity: usize, n: i32, lr: f64, l2: f64, scale: f64, momentum: f64): void {
  const L = lanesOf<T>();
  const lrV = v128.splat<T>(<T>lr), l2V = v128.splat<T>(<T>l2), scaleV = v128.splat<T>(<T>scale), muV = v128.splat<T>(<T>momentum);
  const zero = v128.splat<T>(<T>0);
  let i = 0;
  for (; i + L <= n; i += L) {
    const g = gradientLanes<T>(theta, grad, scaleV, l2V);
    const v = v128.add<T>(v128.mul<T>(muV, v128.load(velocity)), g);
    v128.store(velocity, v);
    v128.store(theta, v128.sub<T>(v128.load(theta), v128.mul<T>(lrV, v)));
    v128.store(grad, zero);
    theta += 16;
    grad += 16;
    velocity += 16;
  }
  momentumStepScalar<T>(theta, grad, velocity, n - i, lr, l2, scale, momentum);
}

// @ts-ignore: decorator
@inline export function momentumStep<T>(theta: usize, grad: usize, velocity: usize, n: i32, lr: f64, l2: f64, scale: f64, momentum: f64): void {
  if (ASC_FEATURE_SIMD) momentumStepSimd<T>(theta, grad, velocity, n, lr, l2, scale, momentum);
  else momentumStepScalar<T>(theta, grad, velocity, n, lr, l2, scale, momentum);
}
