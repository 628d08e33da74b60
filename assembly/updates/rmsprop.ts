// RMSProp, torch.optim.RMSprop(alpha=ρ=0.99, eps=1e-8, momentum=0, centered=False by default):
//   g = scale·G + l2·θ,   a ← ρ·a + (1 − ρ)·(g·g),   θ ← θ − lr·(g / (√a + ε))
// see: torch/optim/rmsprop.py `_single_tensor_rmsprop`: `square_avg.mul_(alpha).addcmul_(grad,
// grad, value=1 - alpha)`, `avg = square_avg.sqrt().add_(eps)`, `param.addcdiv_(grad, avg,
// value=-lr)`. torch calls ρ `alpha`; here it is `rho` (Keras' name) so as not to clash with the
// learning rate. One slot: the running mean square a; c1 = ρ, c2 = 1 − ρ (rounded once, in f64,
// by the caller), c3 = ε. The loop is slot-rule.ts's.

// @ts-ignore: decorator
@final @unmanaged export class RmsProp {
  // @ts-ignore: decorator
  @inline scalar<T>(theta: T, g: T, meanSquare: usize, lr: T, rho: T, keep: T, eps: T): T {
    const a = rho * load<T>(meanSquare) + keep * (g * g);
    store<T>(meanSquare, a);
    return theta - lr * (g / (<T>Math.sqrt(a) + eps));
  }

  // @ts-ignore: decorator
  @inline lanes<T>(theta: v128, g: v128, meanSquare: usize, lr: v128, rho: v128, keep: v128, eps: v128): v128 {
    const a = v128.add<T>(v128.mul<T>(rho, v128.load(meanSquare)), v128.mul<T>(keep, v128.mul<T>(g, g)));
    v128.store(meanSquare, a);
    const ratio = v128.div<T>(g, v128.add<T>(v128.sqrt<T>(a), eps));
    return v128.sub<T>(theta, v128.mul<T>(lr, ratio));
  }
}

