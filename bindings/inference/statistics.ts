/**
 * Model-level statistics (log-likelihood, deviance, null deviance, AIC, BIC, pseudo-R², R²,
 * dispersion) and the reference distributions of the test statistics, following statsmodels:
 * OLS for gaussian, GLM / Logit / MNLogit for the others, sample weights as frequency weights
 * (`freq_weights`: a weight of 2 is the row twice, so W = Σ sᵢ plays the role of n).
 */
import { ln } from "../special/elementary.js";
import { normalCdf, normalUpperQuantile } from "../special/normal.js";
import { studentTLowerTail, studentTUpperQuantile } from "../special/student-t.js";
import type { FamilyName } from "../families/index.js";

/**
 * What the statistics need to know about y, gathered in one pass when the fit ends (so that a
 * later summary does not depend on the caller's arrays staying unchanged).
 */
export interface ResponseStatistics {
  readonly family: FamilyName;
  /** Number of rows. */
  readonly rows: number;
  /** W = Σ sᵢ. */
  readonly weightTotal: number;
  /** ȳ = Σ sᵢyᵢ / W. */
  readonly mean: number;
  /** Σ sᵢ(yᵢ − ȳ)² (gaussian; 0 otherwise). */
  readonly centredSumOfSquares: number;
  /** Σ sᵢyᵢ² (gaussian; 0 otherwise). */
  readonly sumOfSquares: number;
  /** Σ sᵢ·yᵢ·log yᵢ with 0·log 0 = 0 (poisson; 0 otherwise). */
  readonly sumYLogY: number;
  /** Σ sᵢ per class (multinomial); null otherwise. */
  readonly classCounts: Float64Array | null;
}

/** One pass over y (and the weights) collecting ResponseStatistics. O(n). */
export function summariseResponse(
  family: FamilyName,
  y: ArrayLike<number>,
  weights: ArrayLike<number> | undefined,
  classes: number,
): ResponseStatistics {
  const n = y.length;
  let weightTotal = 0;
  let sumY = 0;
  let sumYLogY = 0;
  const classCounts = family === "multinomial" ? new Float64Array(classes) : null;
  for (let i = 0; i < n; i++) {
    const s = weights ? weights[i] : 1;
    const yi = y[i];
    weightTotal += s;
    sumY += s * yi;
    if (family === "poisson" && yi > 0) sumYLogY += s * yi * ln(yi);
    if (classCounts) classCounts[yi] += s;
  }
  const mean = sumY / weightTotal;
  let centredSumOfSquares = 0;
  let sumOfSquares = 0;
  if (family === "gaussian") {
    // two passes: Σ s(y − ȳ)² directly, not Σ sy² − Wȳ² (which cancels catastrophically)
    for (let i = 0; i < n; i++) {
      const s = weights ? weights[i] : 1;
      centredSumOfSquares += s * (y[i] - mean) ** 2;
      sumOfSquares += s * y[i] * y[i];
    }
  }
  return { family, rows: n, weightTotal, mean, centredSumOfSquares, sumOfSquares, sumYLogY, classCounts };
}

export interface ModelStatisticsInput {
  readonly response: ResponseStatistics;
  /** Σ sᵢ·nllᵢ at the estimates (the data part of W·f, without the penalty). */
  readonly dataLoss: number;
  /** The full log-likelihood at the estimates (FitResult.logLikelihood). */
  readonly logLikelihood: number;
  /** k: free mean parameters, intercept(s) included (σ is not counted). */
  readonly parameterCount: number;
  /** Free parameters that are not intercepts (statsmodels' df_model). */
  readonly slopeCount: number;
  readonly fitIntercept: boolean;
}

export interface ModelStatistics {
  /** The full log-likelihood ℓ at the estimates. */
  readonly logLikelihood: number;
  /** Log-likelihood of the intercept-only model (statsmodels `llnull`; also without an intercept). */
  readonly nullLogLikelihood: number;
  /** The deviance: gaussian RSS, poisson 2Σ sᵢ(yᵢ log(yᵢ/μᵢ) − (yᵢ − μᵢ)), else −2ℓ. */
  readonly deviance: number;
  /** The deviance of the intercept-only model. */
  readonly nullDeviance: number;
  /** −2ℓ + 2k. */
  readonly aic: number;
  /** −2ℓ + k·log W. */
  readonly bic: number;
  /** McFadden 1 − ℓ/ℓ₀ (bernoulli, poisson, multinomial); null for gaussian and when ℓ₀ = 0. */
  readonly pseudoRSquared: number | null;
  /** Gaussian only: 1 − RSS/TSS (centred TSS with an intercept, uncentred without, as OLS); null when TSS = 0. */
  readonly rSquared: number | null;
  /** Gaussian only: 1 − (1 − R²)(W − c)/(W − k), c = 1 with an intercept, else 0 (as OLS); null when undefined. */
  readonly adjustedRSquared: number | null;
  /** Gaussian: RSS/(W − k) (statsmodels `scale`); 1 for the other families. */
  readonly dispersion: number;
  /** W − k. */
  readonly dfResidual: number;
  /** Free parameters that are not intercepts (statsmodels' df_model). */
  readonly dfModel: number;
  /** k: free mean parameters, intercept(s) included. */
  readonly parameterCount: number;
}

/**
 * The model-level statistics at the estimates.
 *
 *   AIC = −2ℓ + 2k,  BIC = −2ℓ + k·log W   (W = Σ sᵢ; statsmodels `aic`, `bic_llf` with freq_weights)
 *   deviance: gaussian RSS; bernoulli, multinomial −2ℓ; poisson 2Σ sᵢ(yᵢ log(yᵢ/μᵢ) − (yᵢ − μᵢ))
 *   null deviance: the same for the intercept-only model (closed form), ℓ₀ its log-likelihood
 *
 * see: statsmodels.genmod.generalized_linear_model.GLMResults (aic, bic_llf, null_deviance, llnull),
 *   statsmodels.regression.linear_model.RegressionResults (rsquared, rsquared_adj, scale),
 *   McFadden (1974) for the pseudo-R²
 */
export function modelStatistics(input: ModelStatisticsInput): ModelStatistics {
  const { response: r, dataLoss, logLikelihood, parameterCount: k, slopeCount, fitIntercept } = input;
  const W = r.weightTotal;
  const dfResidual = W - k;
  let deviance: number;
  let nullDeviance: number;
  let nullLogLikelihood: number;
  let rSquared: number | null = null;
  let adjustedRSquared: number | null = null;
  let dispersion = 1;
  switch (r.family) {
    case "gaussian": {
      const rss = 2 * dataLoss; // nll = ½(y − η)²
      deviance = rss;
      nullDeviance = r.centredSumOfSquares;
      nullLogLikelihood = gaussianLogLikelihood(r.centredSumOfSquares, W);
      dispersion = rss / dfResidual;
      const totalSumOfSquares = fitIntercept ? r.centredSumOfSquares : r.sumOfSquares;
      // a constant y (TSS = 0) has no variation to explain: R² stays null rather than 0/0
      if (totalSumOfSquares > 0) {
        rSquared = 1 - rss / totalSumOfSquares;
        adjustedRSquared = dfResidual > 0 ? 1 - ((W - (fitIntercept ? 1 : 0)) / dfResidual) * (1 - rSquared) : null;
      }
      break;
    }
    case "bernoulli": {
      const successes = r.mean * W;
      nullLogLikelihood = xLogY(successes, r.mean) + xLogY(W - successes, 1 - r.mean);
      deviance = -2 * logLikelihood;
      nullDeviance = -2 * nullLogLikelihood;
      break;
    }
    case "poisson": {
      // nll = μ − y·log μ, so Σ s(y log y − y) + Σ s·nll is half the deviance; log y! cancels.
      const sumY = r.mean * W;
      deviance = 2 * (r.sumYLogY - sumY + dataLoss);
      const logFactorials = -logLikelihood - dataLoss;
      nullLogLikelihood = xLogY(sumY, r.mean) - sumY - logFactorials;
      nullDeviance = 2 * (r.sumYLogY - xLogY(sumY, r.mean));
      break;
    }
    case "multinomial": {
      nullLogLikelihood = 0;
      for (const count of r.classCounts ?? []) nullLogLikelihood += xLogY(count, count / W);
      deviance = -2 * logLikelihood;
      nullDeviance = -2 * nullLogLikelihood;
      break;
    }
  }
  const pseudoRSquared = r.family === "gaussian" || nullLogLikelihood === 0 ? null : 1 - logLikelihood / nullLogLikelihood;
  return {
    logLikelihood,
    nullLogLikelihood,
    deviance,
    nullDeviance,
    aic: -2 * logLikelihood + 2 * k,
    bic: -2 * logLikelihood + k * ln(W),
    pseudoRSquared,
    rSquared,
    adjustedRSquared,
    dispersion,
    dfResidual,
    dfModel: slopeCount,
    parameterCount: k,
  };
}

/** The Gaussian log-likelihood at σ̂² = RSS/W: −(W/2)(log(2π·RSS/W) + 1). */
function gaussianLogLikelihood(rss: number, W: number): number {
  return -0.5 * W * (ln((2 * Math.PI * rss) / W) + 1);
}

/** x·log y with the convention 0·log 0 = 0. */
function xLogY(x: number, y: number): number {
  return x === 0 ? 0 : x * ln(y);
}

/**
 * Two-sided p-value P(|T| ≥ |t|): Student's t with `df` degrees of freedom, or the standard normal
 * when df is null. Computed as 2·F(−|t|), which keeps small p-values accurate (1 − F(|t|) rounds
 * to 0 beyond |t| ≈ 8.3).
 */
export function twoSidedPValue(statistic: number, df: number | null): number {
  const tail = df === null ? normalCdf(-Math.abs(statistic)) : studentTLowerTail(statistic, df);
  return 2 * tail;
}

/** The quantile q with P(|T| ≤ q) = level: the half-width of a level-CI in standard errors. */
export function criticalValue(level: number, df: number | null): number {
  // the upper tail (1 − level)/2 itself, not 1 − (½ + level/2), so tails of 99.99 % intervals keep their digits
  const tail = (1 - level) / 2;
  return df === null ? normalUpperQuantile(tail) : studentTUpperQuantile(tail, df);
}
