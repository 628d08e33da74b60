// The free shift of a multinomial feature's K coefficients.
import type { ColumnStandardization } from "../training/standardize.js";

/**
 * Multinomial: adding one constant to a feature's K coefficients leaves the likelihood as it is,
 * so the optimum has, for every feature, the shift c that minimises Σₖ a·|wₖ − c| + (q/2)·(wₖ − c)²
 * (a = l1·fσ, q = l2·fσ²). Cycling over the classes reaches it only slowly (only the penalty
 * curves that direction), so each sweep of CoordinateDescent ends by taking it, as glmnet's elc
 * does. Shifts are exact in the likelihood: all K linear predictors move by the same amount.
 * beta holds K blocks of d + 1 (the centred intercept last). Returns whether any coefficient moved.
 * see: glmnet's multnet and elc (Fortran); Friedman, Hastie & Tibshirani (2010), §4.
 */
export function shiftAcrossClasses(
  beta: Float64Array, K: number, d: number, centre: Float64Array, excluded: Uint8Array, factor: Float64Array, scale: Float64Array, l1: number, l2: number,
): boolean {
  const dim = d + 1;
  let moved = false;
  // Stryker disable next-line EqualityOperator: j = d reads factor[d] and scale[d] past their ends (undefined), so the weight is NaN, penaltyCentre returns 0 and the feature is skipped
  for (let j = 0; j < d; j++) {
    const weight = factor[j] * scale[j];
    if (excluded[j]) continue;
    const shift = featureShift(Array.from({ length: K }, (_, c) => beta[c * dim + j]), weight, l1 * weight, l2 * weight * scale[j]);
    if (shift === 0) continue;
    moved = true;
    // Stryker disable next-line EqualityOperator: c = K writes beta[K·dim + …], past the end of the K·dim view, where writes are dropped
    for (let c = 0; c < K; c++) {
      beta[c * dim + j] -= shift;
      beta[c * dim + d] -= shift * centre[j];
    }
  }
  return moved;
}

/**
 * An epoch optimizer's (sgd, the adaptive rules) multinomial L1 fit θ = [W class-major | b] on the
 * scale it was fitted on, moved once at the end as CoordinateDescent's sweeps move theirs: every
 * feature's K coefficients to their penalty centre (a = l1·fⱼ, q = l2·fⱼ, fⱼ the rescaled factors),
 * and the intercepts by a common shift to sum to 0 as they are reported (on the original scale,
 * b = b̃ − Σⱼ wⱼ·mⱼ/σⱼ, when the fit was standardised). The truncated gradient steps each coefficient
 * alone, so nothing but the penalty's pull moves θ along the free shift and the fit stops anywhere
 * near it; the shift leaves the likelihood as it is, lowers the penalty or keeps it, and makes exact
 * zeros of the values it lands on (w − w = +0). Returns a copy.
 */
export function shiftedToPenaltyCentre(
  theta: Float64Array, d: number, K: number, factors: Float64Array, l1: number, l2: number, standardization: ColumnStandardization | null,
): Float64Array {
  const shifted = theta.slice();
  for (let j = 0; j < d; j++) {
    const shift = featureShift(Array.from({ length: K }, (_, c) => shifted[c * d + j]), factors[j], l1 * factors[j], l2 * factors[j]);
    if (shift !== 0) for (let c = 0; c < K; c++) shifted[c * d + j] -= shift;
  }
  const offset = (j: number) => (standardization && standardization.scale[j] > 0 ? standardization.centre[j] / standardization.scale[j] : 0);
  const reported = Array.from({ length: K }, (_, c) => shifted[d * K + c] - Array.from({ length: d }, (_, j) => shifted[c * d + j] * offset(j)).reduce((s, v) => s + v, 0));
  const mean = reported.reduce((s, v) => s + v, 0) / K;
  for (let c = 0; c < K; c++) shifted[d * K + c] -= mean;
  return shifted;
}

/** The shift of one feature's K coefficients: an unpenalised one (weight 0) is centred (Σₖ wₖ = 0), as an unpenalised fit's. */
function featureShift(values: number[], weight: number, a: number, q: number): number {
  return weight === 0 ? values.reduce((s, v) => s + v, 0) / values.length : penaltyCentre(values, a, q);
}

/**
 * argmin over c of Σₖ a·|wₖ − c| + (q/2)·(wₖ − c)². The derivative a·Σ sign(c − wₖ) + q·Σ(c − wₖ)
 * rises with c; between two sorted wₖ it is linear, at a wₖ it jumps by 2a. Prefers 0 (no shift)
 * when 0 is a minimiser. The one case with many minimisers, a lasso (q = 0) with K even, has the
 * flat median interval [w₍K/2₎, w₍K/2+1₎]: there it returns the interval's midpoint, as glmnet's elc
 * does (`ad = 0.5*(a(m(n/2+1))+a(m(n/2)))`; for K = 2 the mean), so that every optimizer's lasso
 * lands on the same one of the equally good solutions: glmnet 4.1.6 returns K = 2 multinomial
 * lasso coefficients as ±(w₁ − w₂)/2 (test/fixtures/glmnet_multinomial_lasso.json), which is also
 * where sgd's and the adaptive rules' zero-sum gradients leave them.
 */
export function penaltyCentre(values: number[], a: number, q: number): number {
  const derivative = (c: number) => values.reduce((sum, w) => sum + a * Math.sign(c - w) + q * (c - w), 0);
  const sorted = [...values].sort((x, y) => x - y);
  const K = sorted.length;
  const total = sorted.reduce((s, v) => s + v, 0);
  if (a === 0) return q > 0 ? total / K : 0;
  if (q === 0 && K % 2 === 0) {
    const midpoint = 0.5 * (sorted[K / 2 - 1] + sorted[K / 2]);
    return midpoint === 0 ? 0 : midpoint; // +0, also from −0 + −0
  }
  // Left and right derivatives at 0 bracket 0: 0 is a minimiser.
  const atZeroLeft = values.reduce((s, w) => s + (w < 0 ? a : -a) + q * -w, 0);
  const atZeroRight = values.reduce((s, w) => s + (w <= 0 ? a : -a) + q * -w, 0);
  if (atZeroLeft <= 0 && atZeroRight >= 0) return 0;
  // The kinks and the segments between them from left to right; the minimiser is never below the
  // smallest value or above the largest (there the derivative is ∓(a·K + q·|c − mean|·K) ≠ 0).
  // The derivative rises with c, so the first kink whose right derivative is ≥ 0, or the first
  // segment whose derivative reaches 0 before its right end, holds the minimiser: everything left of
  // it was passed with a negative derivative.
  // Stryker disable next-line EqualityOperator: i = K reads sorted[K] (undefined): both tests below are false, and the function ends with 0 as it does after i = K − 1
  for (let i = 0; i < K; i++) {
    const w = sorted[i];
    const ties = values.filter((v) => v === w).length;
    if (derivative(w) + a * ties >= 0) return w;
    // Segment (sorted[i], sorted[i+1]): i + 1 values below c, K − i − 1 above. With q = 0 the
    // derivative there is the right derivative at w, a·signs < 0, so c = +∞: never inside.
    const signs = i + 1 - (K - i - 1);
    const c = (q * total - a * signs) / (K * q);
    if (c < sorted[i + 1]) return c;
  }
  return 0;
}
