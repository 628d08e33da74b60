// Nesterov momentum, torch.optim.SGD(momentum=μ, dampening=0, nesterov=True):
//   g = scale·G + l2·θ,   v ← μ·v + g,   θ ← θ − lr·(g + μ·v)
// see: torch/optim/sgd.py `_single_tensor_sgd`: `buf.mul_(momentum).add_(grad)`, then
// `grad = grad.add(buf, alpha=momentum)` and `param.add_(grad, alpha=-lr)`. One slot: v; c1 = μ.
// The loop is slot-rule.ts's.

// @ts-ignore: decorator
@final @unmanaged export class Nesterov {
  // @ts-ignore: decorator
  @inline scalar<T>(theta: T, g: T, velocity: usize, lr: T, mu: T, _c2: T, _c3: T): T {
    const v = mu * load<T>(velocity) + g;
    store<T>(velocity, v);
    return theta - lr * (g + mu * v);
  }

  // @ts-ignore: decorator
  @inline lanes<T>(theta: v128, g: v128, velocity: usize, lr: v128, mu: v128, _c2: v128, _c3: v128): v128 {
    const v = v128.add<T>(v128.mul<T>(mu, v128.load(velocity)), g);
    v128.store(velocity, v);
    const direction = v128.add<T>(g, v128.mul<T>(mu, v));
    return v128.sub<T>(theta, v128.mul<T>(lr, direction));
  }
}
