// The proximal-Newton (IRLS) quadratic of coordinate descent, one output at a time: per row, the
// working weight vᵢ = sᵢ·∂²nll/∂η² and the working residual rᵢ = −sᵢ·∂nll/∂η at the current
// parameters, so that Σ sᵢ·nllᵢ(η + Δηᵢ) ≈ Σ sᵢ·nllᵢ(η) − Σ rᵢ·Δηᵢ + ½·Σ vᵢ·Δηᵢ².
// Multinomial takes class c's diagonal block vᵢ = sᵢ·p_c(1 − p_c), the others held fixed, as glmnet.
// see: Friedman, Hastie & Tibshirani (2010), "Regularization paths for generalized linear models
//      via coordinate descent", J. Stat. Softw. 33(1), §3 (logistic) and §4 (multinomial).
// Parameters are f64: W class-major (W[c·d + j]), b[K]. X, y and the weights are of storage type T.
import { weightAt } from "../kernels/rows";
import { dot } from "../kernels/vector";
import { log1pexp, sigmoid } from "../families/stable";
import { logSumExp } from "../families/multinomial";
import { FAMILY_BERNOULLI, FAMILY_GAUSSIAN, FAMILY_POISSON } from "../trainer";

// @ts-ignore: decorator
@inline function rowEta<T>(row: usize, W: usize, b: f64, d: i32): f64 {
  if (sizeof<T>() == 8) return b + dot<f64>(row, W, d);
  let sum = 0.0;
  for (let j = 0; j < d; j++) sum += <f64>load<T>(row + (<usize>j << alignof<T>())) * load<f64>(W + (<usize>j << 3));
  return b + sum;
}

/**
 * One output's rows for gaussian, bernoulli or poisson. Inlined at each call with `family` a
 * constant, so the optimiser folds the branches away: each family gets its own row loop.
 */
// @ts-ignore: decorator
@inline function scalarRows<T>(family: i32, X: usize, y: usize, sw: usize, n: i32, d: i32, W: usize, b: f64, v: usize, r: usize): f64 {
  const rowBytes = <usize>d << alignof<T>();
  let loss = 0.0;
  for (let i = 0; i < n; i++) {
    const s = weightAt<T>(sw, i);
    const yi = <f64>load<T>(y + (<usize>i << alignof<T>()));
    const eta = rowEta<T>(X + <usize>i * rowBytes, W, b, d);
    let mean = eta;
    let curvature = 1.0;
    if (family == FAMILY_GAUSSIAN) {
      loss += 0.5 * s * (yi - eta) * (yi - eta);
    } else if (family == FAMILY_BERNOULLI) {
      mean = sigmoid(eta);
      curvature = mean * (1.0 - mean);
      loss += s * (log1pexp(eta) - yi * eta);
    } else {
      mean = Math.exp(eta);
      curvature = mean;
      loss += s * (mean - yi * eta);
    }
    store<f64>(v + (<usize>i << 3), s * curvature);
    store<f64>(r + (<usize>i << 3), s * (yi - mean));
  }
  return loss;
}

/** Class c of K: η of every class per row (in eta, K f64 of scratch), softmax, then class c's v and r. */
// @ts-ignore: decorator
@inline function multinomialRows<T>(
  X: usize, y: usize, sw: usize, n: i32, d: i32, K: i32, c: i32, W: usize, b: usize, eta: usize, v: usize, r: usize,
): f64 {
  const rowBytes = <usize>d << alignof<T>();
  let loss = 0.0;
  for (let i = 0; i < n; i++) {
    const row = X + <usize>i * rowBytes;
    for (let k = 0; k < K; k++) {
      store<f64>(eta + (<usize>k << 3), rowEta<T>(row, W + ((<usize>(k * d)) << 3), load<f64>(b + (<usize>k << 3)), d));
    }
    const s = weightAt<T>(sw, i);
    const label = <i32>load<T>(y + (<usize>i << alignof<T>()));
    const lse = logSumExp(eta, K);
    loss += s * (lse - load<f64>(eta + (<usize>label << 3)));
    const p = Math.exp(load<f64>(eta + (<usize>c << 3)) - lse);
    store<f64>(v + (<usize>i << 3), s * p * (1.0 - p));
    store<f64>(r + (<usize>i << 3), s * ((label == c ? 1.0 : 0.0) - p));
  }
  return loss;
}

/**
 * Fills v[n] and r[n] (f64) for output c at the parameters (W, b) and returns Σ sᵢ·nllᵢ there.
 * One loop per family, chosen once: the row loop never branches on the family.
 */
export function workingRows<T>(
  family: i32, X: usize, y: usize, sw: usize, n: i32, d: i32, K: i32, c: i32, W: usize, b: usize, eta: usize, v: usize, r: usize,
): f64 {
  if (family == FAMILY_GAUSSIAN) return scalarRows<T>(FAMILY_GAUSSIAN, X, y, sw, n, d, W, load<f64>(b), v, r);
  if (family == FAMILY_BERNOULLI) return scalarRows<T>(FAMILY_BERNOULLI, X, y, sw, n, d, W, load<f64>(b), v, r);
  if (family == FAMILY_POISSON) return scalarRows<T>(FAMILY_POISSON, X, y, sw, n, d, W, load<f64>(b), v, r);
  return multinomialRows<T>(X, y, sw, n, d, K, c, W, b, eta, v, r);
}
