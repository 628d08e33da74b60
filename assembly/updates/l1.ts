// L1 by the cumulative-penalty truncated gradient (Tsuruoka, Tsujii & Ananiadou 2009, "Stochastic
// gradient descent training for L1-regularized log-linear models with cumulative penalty", ACL,
// §3.2), as scikit-learn's SGD applies it after each gradient step (see:
// sklearn/linear_model/_sgd_fast.pyx `_plain_sgd`: `u += (l1_ratio * eta * alpha)`, then
// `l1penalty(w, q_data_ptr, ..., u)`), per penalised coordinate j:
//   u_j ← u_j + f_j·l1·η_j          the total L1 penalty j could have received so far
//   z = θ_j;  z > 0: θ_j ← max(0, z − (u_j + q_j));  z < 0: θ_j ← min(0, z + (u_j − q_j))
//   q_j ← q_j + (θ_j − z)           what it did receive (signed)
// so a weight is pulled toward 0 and stopped there, never across: a clipped coordinate is +0
// exactly. sklearn has one step size and one u; an adaptive rule steps each coordinate by its own
// η_j = lr_t/(√m_j/c + ε) (m the rule's second moment after this update: AdaGrad's sum of
// squares, RMSProp's mean square, Adam's v with c = √(1 − β2ᵗ)), so u is kept per coordinate;
// without a moment (sgd, momentum, nesterov) η_j = lr_t. f_j is the coordinate's penalty factor.
// Elementwise with +, −, ·, /, √, min, max in the same order in both twins: SIMD equals scalar bit
// for bit (wasm's scalar and vector min/max agree on ±0 and NaN).
import { lanesOf } from "./gradient";

// @ts-ignore: decorator
@inline function truncateAt<T>(theta: usize, received: usize, u: T): void {
  const z = load<T>(theta);
  const q = load<T>(received);
  let w = z;
  if (z > <T>0) w = max<T>(<T>0, z - (u + q));
  else if (z < <T>0) w = min<T>(<T>0, z + (u - q));
  store<T>(theta, w);
  store<T>(received, q + (w - z));
}

// @ts-ignore: decorator
@inline function truncateLanes<T>(theta: usize, received: usize, u: v128, zero: v128): void {
  const z = v128.load(theta);
  const q = v128.load(received);
  const down = v128.max<T>(zero, v128.sub<T>(z, v128.add<T>(u, q)));
  const up = v128.min<T>(zero, v128.add<T>(z, v128.sub<T>(u, q)));
  const w = v128.bitselect(down, v128.bitselect(up, z, v128.lt<T>(z, zero)), v128.gt<T>(z, zero));
  v128.store(theta, w);
  v128.store(received, v128.add<T>(q, v128.sub<T>(w, z)));
}

/**
 * One truncation over n coordinates: factor, accumulated (u) and received (q) hold n values of T
 * each; moment = 0 for the rules without a per-coordinate step, else the second moment's n values.
 * lrL1 = lr_t·l1; correction = c (1 but for Adam); epsilon = the rule's ε.
 */
export function l1TruncateScalar<T>(
  theta: usize, factor: usize, accumulated: usize, received: usize, moment: usize, n: i32,
  lrL1: f64, correction: f64, epsilon: f64,
): void {
  const step = <T>lrL1, c = <T>correction, eps = <T>epsilon;
  for (let i = 0; i < n; i++) {
    const offset = <usize>i << alignof<T>();
    const scaled = moment == 0 ? step : step / (<T>Math.sqrt(load<T>(moment + offset)) / c + eps);
    const u = load<T>(accumulated + offset) + load<T>(factor + offset) * scaled;
    store<T>(accumulated + offset, u);
    truncateAt<T>(theta + offset, received + offset, u);
  }
}

export function l1TruncateSimd<T>(
  theta: usize, factor: usize, accumulated: usize, received: usize, moment: usize, n: i32,
  lrL1: f64, correction: f64, epsilon: f64,
): void {
  const L = lanesOf<T>();
  const stepV = v128.splat<T>(<T>lrL1), cV = v128.splat<T>(<T>correction), epsV = v128.splat<T>(<T>epsilon);
  const zero = v128.splat<T>(<T>0);
  let i = 0;
  for (; i + L <= n; i += L) {
    const scaled = moment == 0 ? stepV : v128.div<T>(stepV, v128.add<T>(v128.div<T>(v128.sqrt<T>(v128.load(moment)), cV), epsV));
    const u = v128.add<T>(v128.load(accumulated), v128.mul<T>(v128.load(factor), scaled));
    v128.store(accumulated, u);
    truncateLanes<T>(theta, received, u, zero);
    theta += 16;
    factor += 16;
    accumulated += 16;
    received += 16;
    if (moment != 0) moment += 16;
  }
  l1TruncateScalar<T>(theta, factor, accumulated, received, moment, n - i, lrL1, correction, epsilon);
}

// @ts-ignore: decorator
@inline export function l1Truncate<T>(
  theta: usize, factor: usize, accumulated: usize, received: usize, moment: usize, n: i32,
  lrL1: f64, correction: f64, epsilon: f64,
): void {
  if (ASC_FEATURE_SIMD) l1TruncateSimd<T>(theta, factor, accumulated, received, moment, n, lrL1, correction, epsilon);
  else l1TruncateScalar<T>(theta, factor, accumulated, received, moment, n, lrL1, correction, epsilon);
}

/**
 * G_j ← G_j + ((f_j − 1)·c)·θ_j over n coordinates, c = l2/gradScale: every rule steps along
 * g = gradScale·G + l2·θ, which becomes gradScale·G + f_j·l2·θ_j — the gradient of the factor-weighted
 * ridge term Σ f_j·(l2/2)·θ_j² (glmnet's penalty.factor multiplies both parts) — without a
 * per-coordinate l2 in every rule's kernel. f_j = 1 adds 0·θ_j.
 */
export function factorRidgeScalar<T>(grad: usize, theta: usize, factor: usize, n: i32, c: f64): void {
  const cT = <T>c;
  for (let i = 0; i < n; i++) {
    const offset = <usize>i << alignof<T>();
    store<T>(grad + offset, load<T>(grad + offset) + ((load<T>(factor + offset) - <T>1) * cT) * load<T>(theta + offset));
  }
}

export function factorRidgeSimd<T>(grad: usize, theta: usize, factor: usize, n: i32, c: f64): void {
  const L = lanesOf<T>();
  const cV = v128.splat<T>(<T>c), one = v128.splat<T>(<T>1);
  let i = 0;
  for (; i + L <= n; i += L) {
    const extra = v128.mul<T>(v128.mul<T>(v128.sub<T>(v128.load(factor), one), cV), v128.load(theta));
    v128.store(grad, v128.add<T>(v128.load(grad), extra));
    grad += 16;
    theta += 16;
    factor += 16;
  }
  factorRidgeScalar<T>(grad, theta, factor, n - i, c);
}

// @ts-ignore: decorator
@inline export function factorRidge<T>(grad: usize, theta: usize, factor: usize, n: i32, c: f64): void {
  if (ASC_FEATURE_SIMD) factorRidgeSimd<T>(grad, theta, factor, n, c);
  else factorRidgeScalar<T>(grad, theta, factor, n, c);
}

/** Σ_j f_j·|θ_j| over n coordinates of T, summed in f64 in index order (the epoch's reported penalty / l1). */
export function weightedAbsSum<T>(theta: usize, factor: usize, n: i32): f64 {
  let sum = 0.0;
  for (let i = 0; i < n; i++) {
    const offset = <usize>i << alignof<T>();
    sum += <f64>load<T>(factor + offset) * Math.abs(<f64>load<T>(theta + offset));
  }
  return sum;
}

/** Σ_j (f_j − 1)·θ_j² in f64: what the factors add to Σ θ_j² (the epoch's ridge term). */
export function excessSquareSum<T>(theta: usize, factor: usize, n: i32): f64 {
  let sum = 0.0;
  for (let i = 0; i < n; i++) {
    const offset = <usize>i << alignof<T>();
    const value = <f64>load<T>(theta + offset);
    sum += (<f64>load<T>(factor + offset) - 1.0) * (value * value);
  }
  return sum;
}
