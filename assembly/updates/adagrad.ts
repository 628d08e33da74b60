// AdaGrad, torch.optim.Adagrad(lr_decay=0, initial_accumulator_value=0, eps=1e-10 by default):
//   g = scale·G + l2·θ,   s ← s + g·g,   θ ← θ − lr·(g / (√s + ε))
// see: torch/optim/adagrad.py `_single_tensor_adagrad`: `state_sum.addcmul_(grad, grad, value=1)`,
// `std = state_sum.sqrt().add_(eps)`, `param.addcdiv_(grad, std, value=-clr)`; lr here is the
// schedule's lr_t (clr with lr_decay = 0). One slot: the sum of squares s; c1 = ε.
// sqrt and div are correctly rounded in both twins. The loop is slot-rule.ts's.

// @ts-ignore: decorator
@final @unmanaged export class AdaGrad {
  // @ts-ignore: decorator
  @inline scalar<T>(theta: T, g: T, sumSquares: usize, lr: T, eps: T, _c2: T, _c3: T): T {
    const s = load<T>(sumSquares) + g * g;
    store<T>(sumSquares, s);
    return theta - lr * (g / (<T>Math.sqrt(s) + eps));
  }

  // @ts-ignore: decorator
  @inline lanes<T>(theta: v128, g: v128, sumSquares: usize, lr: v128, eps: v128, _c2: v128, _c3: v128): v128 {
    const s = v128.add<T>(v128.load(sumSquares), v128.mul<T>(g, g));
    v128.store(sumSquares, s);
    const ratio = v128.div<T>(g, v128.add<T>(v128.sqrt<T>(s), eps));
    return v128.sub<T>(theta, v128.mul<T>(lr, ratio));
  }
}
