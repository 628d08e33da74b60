// AdamW, torch.optim.AdamW(betas=(0.9, 0.999), eps=1e-8, weight_decay=0.01 by default): Adam with
// the decay decoupled from the gradient,
//   θ ← θ − lr·weightDecay·θ   (penalised coordinates only; the intercepts are never decayed)
// before the Adam step (see: torch/optim/adamw.py `_single_tensor_adamw`: `param.mul_(1 - lr *
// weight_decay)`, then the Adam update of adam.ts). The gradient still carries the objective's L2
// term, as every rule's does; lr is the schedule's lr_t, as torch's schedulers change the group lr.
import { adamStep } from "./adam";

/** The multiplier applied to the penalised coordinates before the Adam step. */
// @ts-ignore: decorator
@inline export function adamwDecay(learningRate: f64, weightDecay: f64): f64 {
  return 1.0 - learningRate * weightDecay;
}

// @ts-ignore: decorator
@inline export function adamwStep<T>(
  theta: usize, grad: usize, m: usize, v: usize, n: i32, learningRate: f64, stepSize: f64, l2: f64, scale: f64,
  beta1: f64, beta2: f64, epsilon: f64, biasCorrection2Sqrt: f64, weightDecay: f64,
): void {
  adamStep<T>(theta, grad, m, v, n, stepSize, l2, scale, beta1, beta2, epsilon, biasCorrection2Sqrt, adamwDecay(learningRate, weightDecay));
}
