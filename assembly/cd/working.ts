// The proximal-Newton (IRLS) quadratic of coordinate descent, one output at a time: per row, the
// working weight vᵢ = sᵢ·∂²nll/∂η² and the working residual rᵢ = −sᵢ·∂nll/∂η at the linear
// predictors η, so that Σ sᵢ·nllᵢ(η + Δηᵢ) ≈ Σ sᵢ·nllᵢ(η) − Σ rᵢ·Δηᵢ + ½·Σ vᵢ·Δηᵢ². The host keeps
// η (n·K f64, class-major: η of class c at eta + c·n·8) and moves it by each step's X̃·Δβ, so a
// refresh costs O(n·K), not the O(n·d·K) of X·W (linearPredictors computes that, to start from).
// Multinomial takes class c's diagonal block vᵢ = sᵢ·p_c(1 − p_c), the others held fixed, as glmnet.
// see: Friedman, Hastie & Tibshirani (2010), "Regularization paths for generalized linear models
//      via coordinate descent", J. Stat. Softw. 33(1), §3 (logistic) and §4 (multinomial).
// Parameters are f64: W class-major (W[c·d + j]), b[K]. X, y and the weights are of storage type T.
import { weightAt } from "../kernels/rows";
import { dot } from "../kernels/vector";
import { logSumExp } from "../families/multinomial";
import { FAMILY_BERNOULLI, FAMILY_GAUSSIAN, FAMILY_POISSON } from "../trainer";

// @ts-ignore: decorator
@inline function rowEta<T>(row: usize, W: usize, b: f64, d: i32): f64 {
  if (sizeof<T>() == 8) return b + dot<f64>(row, W, d);
  let sum = 0.0;
  for (let j = 0; j < d; j++) sum += <f64>load<T>(row + (<usize>j << alignof<T>())) * load<f64>(W + (<usize>j << 3));
  return b + sum;
}

/** eta[c·n + i] = b[c] + xᵢ·W[c·d ..] for every row and class. */
export function linearPredictors<T>(X: usize, n: i32, d: i32, K: i32, W: usize, b: usize, eta: usize): void {
  const rowBytes = <usize>d << alignof<T>();
  for (let c = 0; c < K; c++) {
    const Wc = W + ((<usize>(c * d)) << 3);
    const bc = load<f64>(b + (<usize>c << 3));
    const out = eta + <usize>c * (<usize>n << 3);
    for (let i = 0; i < n; i++) store<f64>(out + (<usize>i << 3), rowEta<T>(X + <usize>i * rowBytes, Wc, bc, d));
  }
}

/**
 * Bernoulli rows of weight 1 whose e = exp(−|η|) ≥ LOG_PRODUCT_MIN (2⁻¹⁰) add log(1 + e) as one log
 * of the product of up to this many 1 + e ∈ (1, 2] (≤ 2⁶⁴, in range), not a log1p each: the
 * product's relative error ≤ 64ε and rounding 1 + e (≤ ε/2) cost ≤ ~1.1e-16 a row, ≤ 1.2e-13 of
 * each such term (≥ log1p(2⁻¹⁰)), far inside the 1e-12 the step halving treats as noise. The other
 * rows (|η| > 6.9, or weighted) take log1p. It is most of a working pass's time otherwise.
 */
const LOG_PRODUCT_ROWS = 64;
const LOG_PRODUCT_MIN = 0.0009765625; // 2⁻¹⁰

/**
 * One output's rows for gaussian, bernoulli or poisson. Inlined at each call with `family` a
 * constant, so the optimiser folds the branches away: each family gets its own row loop.
 */
// @ts-ignore: decorator
@inline function scalarRows<T>(family: i32, y: usize, sw: usize, n: i32, etas: usize, v: usize, r: usize): f64 {
  let loss = 0.0;
  // Bernoulli's Σ s·log(1 + e): see LOG_PRODUCT_ROWS.
  let logs = 0.0;
  let product = 1.0;
  let inProduct = 0;
  for (let i = 0; i < n; i++) {
    const s = weightAt<T>(sw, i);
    const yi = <f64>load<T>(y + (<usize>i << alignof<T>()));
    const eta = load<f64>(etas + (<usize>i << 3));
    let mean = eta;
    let curvature = 1.0;
    if (family == FAMILY_GAUSSIAN) {
      loss += 0.5 * s * (yi - eta) * (yi - eta);
    } else if (family == FAMILY_BERNOULLI) {
      // One exp a row: with e = exp(−|η|), σ(η) is 1/(1 + e) or e/(1 + e) (stable.ts's sigmoid,
      // the same bits) and log(1 + e^η) = max(η, 0) + log(1 + e), exact in both tails.
      const e = Math.exp(-Math.abs(eta));
      const u = 1.0 + e;
      mean = eta >= 0 ? 1.0 / u : e / u;
      curvature = mean * (1.0 - mean);
      loss += s * (Math.max(eta, 0.0) - yi * eta);
      if (s == 1.0 && e >= LOG_PRODUCT_MIN) {
        product *= u;
        if (++inProduct == LOG_PRODUCT_ROWS) {
          logs += Math.log(product);
          product = 1.0;
          inProduct = 0;
        }
      } else if (s != 0) {
        logs += s * Math.log1p(e);
      }
    } else {
      mean = Math.exp(eta);
      curvature = mean;
      loss += s * (mean - yi * eta);
    }
    store<f64>(v + (<usize>i << 3), s * curvature);
    store<f64>(r + (<usize>i << 3), s * (yi - mean));
  }
  return family == FAMILY_BERNOULLI ? loss + (logs + Math.log(product)) : loss;
}

/** Class c of K: the row's K predictors gathered into row (K f64 of scratch), softmax, then class c's v and r. */
// @ts-ignore: decorator
@inline function multinomialRows<T>(y: usize, sw: usize, n: i32, K: i32, c: i32, eta: usize, row: usize, v: usize, r: usize): f64 {
  const classBytes = <usize>n << 3;
  let loss = 0.0;
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < K; k++) store<f64>(row + (<usize>k << 3), load<f64>(eta + <usize>k * classBytes + (<usize>i << 3)));
    const s = weightAt<T>(sw, i);
    const label = <i32>load<T>(y + (<usize>i << alignof<T>()));
    const lse = logSumExp(row, K);
    loss += s * (lse - load<f64>(row + (<usize>label << 3)));
    const p = Math.exp(load<f64>(row + (<usize>c << 3)) - lse);
    store<f64>(v + (<usize>i << 3), s * p * (1.0 - p));
    store<f64>(r + (<usize>i << 3), s * ((label == c ? 1.0 : 0.0) - p));
  }
  return loss;
}

/**
 * Fills v[n] and r[n] (f64) for output c at the predictors eta (class-major, n·K) and returns
 * Σ sᵢ·nllᵢ there; row is K f64 of scratch. One loop per family, chosen once: the row loop never
 * branches on the family.
 */
export function workingRows<T>(
  family: i32, y: usize, sw: usize, n: i32, K: i32, c: i32, eta: usize, row: usize, v: usize, r: usize,
): f64 {
  if (family == FAMILY_GAUSSIAN) return scalarRows<T>(FAMILY_GAUSSIAN, y, sw, n, eta, v, r);
  if (family == FAMILY_BERNOULLI) return scalarRows<T>(FAMILY_BERNOULLI, y, sw, n, eta, v, r);
  if (family == FAMILY_POISSON) return scalarRows<T>(FAMILY_POISSON, y, sw, n, eta, v, r);
  return multinomialRows<T>(y, sw, n, K, c, eta, row, v, r);
}
