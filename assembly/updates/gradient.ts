// The gradient every update rule steps along, for one coordinate or one vector of lanes:
//   g = scale·G + l2·θ
// G is the batch's unscaled Σ s·∂nll/∂θ (the epoch's GRAD), scale = WEIGHT_SCALE/|B| makes it the
// unbiased estimate of the mean, and l2·θ is torch.optim's `weight_decay` added to the gradient
// (see: torch/optim/sgd.py, adam.py: `grad = grad.add(param, alpha=weight_decay)`). The caller
// passes l2 = 0 for the intercepts, which the penalty never touches. Arithmetic in the storage type
// T, multiply then add, rounded twice: the SIMD lanes and the scalar twin give the same bits.

// @ts-ignore: decorator
@inline export function gradientAt<T>(theta: usize, grad: usize, scale: T, l2: T): T {
  return scale * load<T>(grad) + l2 * load<T>(theta);
}

// @ts-ignore: decorator
@inline export function gradientLanes<T>(theta: usize, grad: usize, scale: v128, l2: v128): v128 {
  return v128.add<T>(v128.mul<T>(scale, v128.load(grad)), v128.mul<T>(l2, v128.load(theta)));
}

// @ts-ignore: decorator
@inline export function lanesOf<T>(): i32 {
  return 16 / sizeof<T>();
}
