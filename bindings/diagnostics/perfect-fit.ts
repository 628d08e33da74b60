import type { ValidatedOptions } from "../options.js";

/**
 * A gaussian fit whose residuals are at rounding level: the log-likelihood at σ̂² = RSS/W is then
 * +Infinity (RSS = 0) or a huge number set by rounding, not by the data. 1 − R² ≤ 1e-20 (RSS
 * against the total sum of squares about the mean, or about 0 without an intercept; a relative
 * residual of 1e-10, far below any measured noise) counts as perfect.
 */
const PERFECT_FIT_UNEXPLAINED = 1e-20;

export function perfectFitWarning(o: ValidatedOptions, dataLoss: number, logLikelihood: number, y: Float64Array, weights: Float64Array | undefined): string | null {
  if (o.family.name !== "gaussian") return null;
  if (logLikelihood === Infinity) {
    return "Perfect fit: the residual sum of squares is 0, so σ̂² = 0 and the log-likelihood is +Infinity (AIC/BIC −Infinity); " +
      "y is an exact linear function of X, and the standard errors are 0 or undefined.";
  }
  let total = 0;
  let sum = 0;
  for (let i = 0; i < y.length; i++) {
    const s = weights ? weights[i] : 1;
    total += s;
    sum += s * y[i];
  }
  const centre = o.fitIntercept ? sum / total : 0;
  let tss = 0;
  for (let i = 0; i < y.length; i++) tss += (weights ? weights[i] : 1) * (y[i] - centre) ** 2;
  const rss = 2 * dataLoss;
  if (tss > 0 && rss <= PERFECT_FIT_UNEXPLAINED * tss) {
    return `Perfect fit: the residual sum of squares (${rss.toExponential(2)}) is at rounding level for this y (1 − R² ≤ 1e-20), so σ̂² ≈ 0 ` +
      "and the log-likelihood, AIC and BIC reflect rounding errors, not the data; y is an exact linear function of X.";
  }
  return null;
}
