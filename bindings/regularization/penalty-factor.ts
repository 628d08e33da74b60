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
