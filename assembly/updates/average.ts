// Polyak–Ruppert averaging as scikit-learn's ASGD (SGDClassifier(average=t0)):
//   θ̄ ← θ̄ + (θ − θ̄)/k,   k = t − t0 + 1 for t ≥ t0
// see: sklearn/linear_model/_sgd_fast.pyx `_plain_sgd`: `average_intercept += ((intercept -
// average_intercept) / (t - average + 1))` and WeightVector.add_average for the weights. At k = 1
// θ̄ = θ exactly; θ̄ is then the running mean of the iterates since t0. Orthogonal to the rule: it
// runs after any of them. Elementwise, so SIMD equals scalar bit for bit.
import { lanesOf } from "./gradient";

export function averageStepScalar<T>(average: usize, theta: usize, n: i32, k: f64): void {
  const kT = <T>k;
  for (let i = 0; i < n; i++) {
    const offset = <usize>i << alignof<T>();
    const mean = load<T>(average + offset);
    store<T>(average + offset, mean + (load<T>(theta + offset) - mean) / kT);
  }
}

export function averageStepSimd<T>(average: usize, theta: usize, n: i32, k: f64): void {
  const L = lanesOf<T>();
  const kV = v128.splat<T>(<T>k);
  let i = 0;
  for (; i + L <= n; i += L) {
    const mean = v128.load(average);
    v128.store(average, v128.add<T>(mean, v128.div<T>(v128.sub<T>(v128.load(theta), mean), kV)));
    average += 16;
    theta += 16;
  }
  averageStepScalar<T>(average, theta, n - i, k);
}

// @ts-ignore: decorator
@inline export function averageStep<T>(average: usize, theta: usize, n: i32, k: f64): void {
  if (ASC_FEATURE_SIMD) averageStepSimd<T>(average, theta, n, k);
  else averageStepScalar<T>(average, theta, n, k);
}
