// Adam, torch.optim.Adam(betas=(0.9, 0.999), eps=1e-8, amsgrad=False by default), and the shared
// kernel of AdamW (adamw.ts), which only adds a decoupled decay factor:
//   g = scale·G + l2·θ                       (θ before the decay)
//   m ← β1·m + (1 − β1)·g,   v ← β2·v + (1 − β2)·(g·g)
//   θ ← decay·θ − stepSize·(m / (√v / √(1 − β2ᵗ) + ε)),   stepSize = lr/(1 − β1ᵗ)
// see: torch/optim/adam.py `_single_tensor_adam`: `denom = (exp_avg_sq.sqrt() /
// bias_correction2_sqrt).add_(eps)` (ε added after the bias correction), `param.addcdiv_(exp_avg,
// denom, value=-step_size)`; adamw.py: `param.mul_(1 - lr * weight_decay)` first. Adam passes
// decay = 1 (θ·1 = θ exactly). The caller computes stepSize and √(1 − β2ᵗ) once per update (the
// powers are not lane work). Two slots: m and v. SIMD equals scalar bit for bit.
import { gradientAt, gradientLanes, lanesOf } from "./gradient";

export function adamStepScalar<T>(
  theta: usize, grad: usize, m: usize, v: usize, n: i32, stepSize: f64, l2: f64, scale: f64,
  beta1: f64, beta2: f64, epsilon: f64, biasCorrection2Sqrt: f64, decay: f64,
): void {
  const stepT = <T>stepSize, l2T = <T>l2, scaleT = <T>scale, eps = <T>epsilon, decayT = <T>decay;
  const b1 = <T>beta1, keep1 = <T>(1.0 - beta1), b2 = <T>beta2, keep2 = <T>(1.0 - beta2), correction = <T>biasCorrection2Sqrt;
  for (let i = 0; i < n; i++) {
    const offset = <usize>i << alignof<T>();
    const g = gradientAt<T>(theta + offset, grad + offset, scaleT, l2T);
    const first = b1 * load<T>(m + offset) + keep1 * g;
    const second = b2 * load<T>(v + offset) + keep2 * (g * g);
    store<T>(m + offset, first);
    store<T>(v + offset, second);
    const denominator = <T>Math.sqrt(second) / correction + eps;
    store<T>(theta + offset, decayT * load<T>(theta + offset) - stepT * (first / denominator));
    store<T>(grad + offset, <T>0);
  }
}

export function adamStepSimd<T>(
  theta: usize, grad: usize, m: usize, v: usize, n: i32, stepSize: f64, l2: f64, scale: f64,
  beta1: f64, beta2: f64, epsilon: f64, biasCorrection2Sqrt: f64, decay: f64,
): void {
  const L = lanesOf<T>();
  const stepV = v128.splat<T>(<T>stepSize), l2V = v128.splat<T>(<T>l2), scaleV = v128.splat<T>(<T>scale);
  const epsV = v128.splat<T>(<T>epsilon), decayV = v128.splat<T>(<T>decay);
  const b1 = v128.splat<T>(<T>beta1), keep1 = v128.splat<T>(<T>(1.0 - beta1));
  const b2 = v128.splat<T>(<T>beta2), keep2 = v128.splat<T>(<T>(1.0 - beta2));
  const correction = v128.splat<T>(<T>biasCorrection2Sqrt);
  const zero = v128.splat<T>(<T>0);
  let i = 0;
  for (; i + L <= n; i += L) {
    const g = gradientLanes<T>(theta, grad, scaleV, l2V);
    const first = v128.add<T>(v128.mul<T>(b1, v128.load(m)), v128.mul<T>(keep1, g));
    const second = v128.add<T>(v128.mul<T>(b2, v128.load(v)), v128.mul<T>(keep2, v128.mul<T>(g, g)));
    v128.store(m, first);
    v128.store(v, second);
    const denominator = v128.add<T>(v128.div<T>(v128.sqrt<T>(second), correction), epsV);
    const stepped = v128.mul<T>(stepV, v128.div<T>(first, denominator));
    v128.store(theta, v128.sub<T>(v128.mul<T>(decayV, v128.load(theta)), stepped));
    v128.store(grad, zero);
    theta += 16;
    grad += 16;
    m += 16;
    v += 16;
  }
  adamStepScalar<T>(theta, grad, m, v, n - i, stepSize, l2, scale, beta1, beta2, epsilon, biasCorrection2Sqrt, decay);
}

// @ts-ignore: decorator
@inline export function adamStep<T>(
  theta: usize, grad: usize, m: usize, v: usize, n: i32, stepSize: f64, l2: f64, scale: f64,
  beta1: f64, beta2: f64, epsilon: f64, biasCorrection2Sqrt: f64, decay: f64,
): void {
  if (ASC_FEATURE_SIMD) adamStepSimd<T>(theta, grad, m, v, n, stepSize, l2, scale, beta1, beta2, epsilon, biasCorrection2Sqrt, decay);
  else adamStepScalar<T>(theta, grad, m, v, n, stepSize, l2, scale, beta1, beta2, epsilon, biasCorrection2Sqrt, decay);
}
