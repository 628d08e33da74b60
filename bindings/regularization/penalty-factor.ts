/**
 * glmnet's penalty.factor as coordinate descent and the stochastic L1 rules use it: the given
 * factors fⱼ (null: all 1) rescaled to sum to the number of features d (see: ?glmnet,
 * penalty.factor: "the penalty factors are internally rescaled to sum to nvars").
 */
export function rescaledPenaltyFactors(given: readonly number[] | null, d: number): Float64Array {
  if (given === null) return new Float64Array(d).fill(1);
  const total = given.reduce((a, b) => a + b, 0);
  return Float64Array.from(given, (f) => (f * d) / total);
}

/**
 * The penalty of an unstandardised fit at W (class-major, d·K values): Σ fⱼ·((l2/2)·W_cj² + l1·|W_cj|)
 * with the rescaled factors fⱼ. A zero penalty adds exactly 0, even when Σw² overflows
 * (coefficients of X·1e-160 are ~1e160; 0·∞ would be NaN).
 */
export function penaltyAt(W: Float64Array, o: { readonly l1: number; readonly l2: number; readonly penaltyFactor: readonly number[] | null }, d: number): number {
  const factors = rescaledPenaltyFactors(o.penaltyFactor, d);
  const sum = (term: (w: number) => number) => W.reduce((total, w, k) => total + factors[k % d] * term(w), 0);
  return (o.l2 === 0 ? 0 : 0.5 * o.l2 * sum((w) => w * w)) + (o.l1 === 0 ? 0 : o.l1 * sum(Math.abs));
}
