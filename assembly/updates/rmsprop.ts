// RMSProp, torch.optim.RMSprop(alpha=ρ=0.99, eps=1e-8, momentum=0, centered=False by default):
//   g = scale·G + l2·θ,   a ← ρ·a + (1 − ρ)·(g·g),   θ ← θ − lr·(g / (√a + ε))
// see: torch/optim/rmsprop.py `_single_tensor_rmsprop`: `square_avg.mul_(alpha).addcmul_(grad,
// grad, value=1 - alpha)`, `avg = square_avg.sqrt().add_(eps)`, `param.addcdiv_(grad, avg,
// value=-lr)`. torch calls ρ `alpha`; here it is `rho` (Keras' name) so as not to clash with the
// learning rate. One slot: the running mean square a. SIMD equals scalar bit for bit.
import { gradientAt, gradientLanes, lanesOf } from "./gradient";

export function rmspropStepScalar<T>(theta: usize, grad: usize, meanSquare: usize, n: i32, lr: f64, l2: f64, scale: f64, rho: f64, epsilon: f64): void {
  const lrT = <T>lr, l2T = <T>l2, scaleT = <T>scale, rhoT = <T>rho, keep = <T>(1.0 - rho), eps = <T>epsilon;
  for (let i = 0; i < n; i++) {
    const offset = <usize>i << alignof<T>();
    const g = gradientAt<T>(theta + offset, grad + offset, scaleT, l2T);
    const a = rhoT * load<T>(meanSquare + offset) + keep * (g * g);
    store<T>(meanSquare + offset, a);
    store<T>(theta + offset, load<T>(theta + offset) - lrT * (g / (<T>Math.sqrt(a) + eps)));
    store<T>(grad + offset, <T>0);
  }
}

export function rmspropStepSimd<T>(theta: usize, grad: usize, meanSquare: usize, n: i32, lr: f64, l2: f64, scale: f64, rho: f64, epsilon: f64): void {
  const L = lanesOf<T>();
  const lrV = v128.splat<T>(<T>lr), l2V = v128.splat<T>(<T>l2), scaleV = v128.splat<T>(<T>scale);
  const rhoV = v128.splat<T>(<T>rho), keepV = v128.splat<T>(<T>(1.0 - rho)), epsV = v128.splat<T>(<T>epsilon);
  const zero = v128.splat<T>(<T>0);
  let i = 0;
  for (; i + L <= n; i += L) {
    const g = gradientLanes<T>(theta, grad, scaleV, l2V);
    const a = v128.add<T>(v128.mul<T>(rhoV, v128.load(meanSquare)), v128.mul<T>(keepV, v128.mul<T>(g, g)));
    v128.store(meanSquare, a);
    const ratio = v128.div<T>(g, v128.add<T>(v128.sqrt<T>(a), epsV));
    v128.store(theta, v128.sub<T>(v128.load(theta), v128.mul<T>(lrV, ratio)));
    v128.store(grad, zero);
    theta += 16;
    grad += 16;
    meanSquare += 16;
  }
  rmspropStepScalar<T>(theta, grad, meanSquare, n - i, lr, l2, scale, rho, epsilon);
}

// @ts-ignore: decorator
@inline export function rmspropStep<T>(theta: usize, grad: usize, meanSquare: usize, n: i32, lr: f64, l2: f64, scale: f64, rho: f64, epsilon: f64): void {
  if (ASC_FEATURE_SIMD) rmspropStepSimd<T>(theta, grad, meanSquare, n, lr, l2, scale, rho, epsilon);
  else rmspropStepScalar<T>(theta, grad, meanSquare, n, lr, l2, scale, rho, epsilon);
}
