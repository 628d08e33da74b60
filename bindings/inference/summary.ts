/**
 * fit.summary(): inference at the fitted parameters — standard errors from the inverse Fisher
 * information (via its triangular factor), z or t statistics, two-sided p-values, confidence
 * intervals, and the model-level figures — as a structured object plus a statsmodels-style table.
 *
 * Conventions (statsmodels'): gaussian uses the dispersion s² = RSS/(W − k) for the standard errors
 * and Student's t with W − k degrees of freedom (OLS); bernoulli, poisson and multinomial use
 * scale 1 and the standard normal (GLM, Logit, MNLogit).
 */
import { InvalidOptionError, listShortened } from "../errors.js";
import { validateSummaryOptions } from "./summary-options.js";
import type { FamilyName } from "../families/index.js";
import type { InformationFactor } from "./information.js";
import { inverseCovariance, sandwichCovariance, type CovarianceRequest } from "./covariance.js";
import { criticalValue, modelStatistics, twoSidedPValue, type ModelStatistics, type ResponseStatistics } from "./statistics.js";
import { formatSummary } from "./format.js";
import { inversePowerOfTwo, safeNorm } from "../optimizers/column-scaling.js";

/**
 * The covariance of the estimates a summary uses (see {@link SummaryOptions.covariance}).
 *
 * @example
 * ```ts
 * import { Trainer, type CovarianceKind } from "wasm-mle";
 * const trainer = await Trainer.create({ family: "bernoulli", optimizer: "newton", l2: 0.1 });
 * const covariance: CovarianceKind = "sandwich";
 * const fit = trainer.fit([[0.5], [1.5], [2.5], [3.5]], [0, 1, 0, 1]);
 * console.log(fit.summary({ covariance }).covariance); // "sandwich"
 * ```
 */
export type CovarianceKind = "fisher" | "sandwich";

/**
 * Options of fit.summary().
 *
 * @example
 * ```ts
 * import { Trainer, type SummaryOptions } from "wasm-mle";
 * const trainer = await Trainer.create({ optimizer: "newton" });
 * const fit = trainer.fit([[1], [2], [3], [4]], [1.1, 1.9, 3.2, 3.9]);
 * const options: SummaryOptions = { level: 0.9 };
 * console.log(fit.summary(options).terms[1].ciLower); // the lower end of a 90 % interval
 * ```
 */
export interface SummaryOptions {
  /** Confidence level of the intervals, in (0, 1); default 0.95. */
  level?: number;
  /**
   * "fisher" (default): the inverse Fisher information, times the dispersion for gaussian. For a
   * penalised fit this is the inverse of the penalised Hessian H = I + W·l2·P (P diagonal:
   * each feature's penalty factor, 0 for intercepts), the covariance of the
   * Laplace approximation to the posterior under the Gaussian prior that the L2 penalty encodes.
   * "sandwich" (penalised fits only): H⁻¹·I·H⁻¹, the sampling covariance of the penalised estimator
   * under the model, which ignores its bias towards 0. Neither gives calibrated p-values or
   * intervals for a penalised estimator.
   */
  covariance?: CovarianceKind;
}

/**
 * One row of a summary's table: a coefficient (or intercept) with its inference.
 *
 * @example
 * ```ts
 * import { Trainer, type SummaryTerm } from "wasm-mle";
 * const trainer = await Trainer.create({ optimizer: "newton", featureNames: ["dose"] });
 * const fit = trainer.fit([[1], [2], [3], [4]], [1.1, 1.9, 3.2, 3.9]);
 * const dose: SummaryTerm = fit.summary().terms[1];
 * console.log(dose.term, dose.estimate, dose.stdError, dose.pValue, [dose.ciLower, dose.ciUpper]);
 * ```
 */
export interface SummaryTerm {
  /** "intercept" or the feature's name. */
  readonly term: string;
  /** Class index for multinomial, else 0. */
  readonly output: number;
  /** The estimate (the fit's coefficient or intercept). */
  readonly estimate: number;
  /** Its standard error: √ of the covariance's diagonal; NaN with a `reason` when there is none. */
  readonly stdError: number;
  /** estimate / stdError: z (normal) or t (Student's t), see FitSummary.statisticName. */
  readonly statistic: number;
  /** Two-sided P(|Z| ≥ |statistic|). */
  readonly pValue: number;
  /** Lower end of the level-confidence interval: estimate − q·stdError. */
  readonly ciLower: number;
  /** Upper end of the level-confidence interval: estimate + q·stdError. */
  readonly ciUpper: number;
  /** Why stdError (and the columns after it) is NaN; null when it is a number. */
  readonly reason: string | null;
}

/**
 * The contract of fit.summary(): the table's terms, the model-level figures (log-likelihood,
 * deviance, AIC/BIC, (pseudo-)R², dispersion, degrees of freedom) and the printed table.
 *
 * @example
 * ```ts
 * import { Trainer, type FitSummary } from "wasm-mle";
 * const trainer = await Trainer.create({ family: "poisson", optimizer: "newton" });
 * const summary: FitSummary = trainer.fit([[0], [1], [2], [3]], [1, 2, 4, 9]).summary();
 * console.log(summary.aic, summary.deviance, summary.pseudoRSquared);
 * console.log(summary.text);
 * ```
 */
export interface FitSummary extends ModelStatistics {
  /** One row per coefficient, intercept(s) first, in the table's order. */
  readonly terms: readonly SummaryTerm[];
  /** The family fitted. */
  readonly family: FamilyName;
  /** Its link function: "identity", "logit", "log" or "softmax". */
  readonly link: string;
  /** The optimizer that ran. */
  readonly optimizer: string;
  /** "t" for gaussian (Student's t with dfResidual degrees of freedom), else "z". */
  readonly statisticName: "z" | "t";
  /** The confidence level of the intervals. */
  readonly level: number;
  /** The covariance used for the standard errors. */
  readonly covariance: CovarianceKind;
  /** p×p in term order (row-major); NaN in the rows and columns of terms without a standard error. */
  readonly covarianceMatrix: Float64Array;
  /** Rows (statsmodels `nobs`). */
  readonly nobs: number;
  /** W = Σ sᵢ (the n of AIC/BIC and the degrees of freedom with frequency weights). */
  readonly weightTotal: number;
  /** The fit's L2 penalty (non-zero: see the notes on what the intervals mean then). */
  readonly l2: number;
  /** Epochs or iterations the fit ran. */
  readonly iterations: number;
  /** Whether the fit converged. */
  readonly converged: boolean;
  /** Non-convergence, separation, dropped columns, penalised-fit caveats … */
  readonly warnings: readonly string[];
  /** Facts needed to read the table (parametrisation, covariance used). */
  readonly notes: readonly string[];
  /** The printed table. */
  readonly text: string;
}

/** Everything a summary needs from the fit, gathered by the trainer. */
export interface SummaryContext {
  readonly family: FamilyName;
  readonly link: string;
  /**
   * The information factor at the estimates; `singularTerms` (labels as "x2" or "x2 (class 1)")
   * lists non-aliased terms the factor found to carry no information (zero rows and columns).
   */
  readonly factor: InformationFactor & { readonly singularTerms?: readonly string[]; readonly weightSpan?: number };
  readonly response: ResponseStatistics;
  /** Σ sᵢ·nllᵢ at the estimates (no penalty). */
  readonly dataLoss: number;
  readonly logLikelihood: number;
  readonly fitIntercept: boolean;
  readonly l2: number;
  readonly optimizer: string;
  readonly iterations: number;
  readonly converged: boolean;
  readonly stopReason: string;
  /** Warnings the fit itself raised (FitResult.warnings: dropped columns, iteration limit …); shown first. */
  readonly warnings?: readonly string[];
}

/**
 * A summary function that builds its context (the information factor is the costly part) on first
 * use and reuses it for every level/covariance asked later. `assertAvailable` runs on every call,
 * so a summary is either always or never available for a given state of its trainer.
 */
export function lazySummary(loadContext: () => SummaryContext, assertAvailable: () => void): (options?: SummaryOptions) => FitSummary {
  let context: SummaryContext | null = null;
  return (options?: SummaryOptions) => {
    const validated = validateSummaryOptions(options);
    assertAvailable();
    context ??= loadContext();
    return summarize(context, validated);
  };
}

const REASON_ALIASED = "aliased (dropped as collinear)";
const REASON_SINGULAR = "no information beyond the earlier terms (singular information)";
const REASON_NO_DF = "no residual degrees of freedom";
const REASON_WEIGHT_SPAN = "dispersion not computable: sampleWeight spans beyond 1/ε";

/** The summary of a fit for one level and covariance kind. */
export function summarize(context: SummaryContext, options: Required<SummaryOptions>): FitSummary {
  const { factor, family, l2 } = context;
  const { level, covariance } = options;
  const penalised = factor.penalizedR !== null;
  if (covariance === "sandwich" && !penalised) {
    throw new InvalidOptionError("covariance", covariance, `"fisher": the sandwich H⁻¹·I·H⁻¹ equals it when there is no penalty (l2 = ${l2})`);
  }
  const p = factor.size;
  const multinomial = family === "multinomial";
  const label = (i: number) => (multinomial ? `${factor.terms[i].term} (class ${factor.terms[i].output})` : factor.terms[i].term);
  const reportedSingular = new Set(factor.singularTerms ?? []);
  const candidates: number[] = [];
  for (let i = 0; i < p; i++) if (!factor.aliased[i] && !reportedSingular.has(label(i))) candidates.push(i);
  const symmetric = multinomial && factor.terms.some((t) => t.output === 0);
  const intercepts = factor.terms.map((t, i) => (t.feature < 0 ? i : -1)).filter((i) => i >= 0);
  const request: CovarianceRequest = {
    size: p,
    candidates,
    centredIntercepts: symmetric && intercepts.length > 1 ? intercepts : null,
    rankChecked: factor.singularTerms !== undefined,
  };
  // Equilibrated copies of the factors (column-scaling.ts): the covariance of X·1e-160 has entries
  // near 1e320, beyond f64; computed for R·diag(c) it stays O(1) and SE_j = c_j·SE'_j is exact.
  const columnScale = covarianceScaling(factor);
  const fisherR = scaleColumns(factor.fisherR, p, columnScale);
  const penalizedR = factor.penalizedR === null ? null : scaleColumns(factor.penalizedR, p, columnScale);
  const outcome = covariance === "sandwich"
    ? sandwichCovariance(penalizedR!, fisherR, request)
    : inverseCovariance(penalised ? penalizedR! : fisherR, request);
  const estimated = new Set(outcome.estimated);
  // terms without a variance for lack of information (the centred last intercept of the symmetric form has one)
  const singular = [...Array(p).keys()].filter((i) => !factor.aliased[i] && !estimated.has(i));
  // free parameters: the rank (a centred set of K intercepts has K − 1 free values)
  const parameterCount = outcome.estimated.length - (request.centredIntercepts && intercepts.every((i) => estimated.has(i)) ? 1 : 0);
  const stats = modelStatistics({
    response: context.response,
    dataLoss: context.dataLoss,
    logLikelihood: context.logLikelihood,
    parameterCount,
    slopeCount: outcome.estimated.filter((i) => factor.terms[i].feature >= 0).length,
    fitIntercept: context.fitIntercept,
  });

  const warnings: string[] = [...(context.warnings ?? [])];
  const notes: string[] = [];
  if (!context.converged) {
    warnings.push(
      `The fit did not converge (stop reason: ${context.stopReason}, after ${context.iterations} iterations): the estimates are not ` +
        `the optimum, so the standard errors, tests and intervals are not valid.` +
        (family === "bernoulli" || multinomial ? " Coefficients that keep growing are a sign of (quasi-)separation." : ""),
    );
  }
  const aliasedLabels = factor.aliased.flatMap((a, i) => (a ? [label(i)] : []));
  if (aliasedLabels.length > 0 && !warnings.some((w) => w.includes(listShortened(aliasedLabels)))) {
    warnings.push(`Dropped as exactly collinear or constant (fixed at 0, no standard error): ${listShortened(aliasedLabels)}.`);
  }
  if (singular.length > 0) {
    warnings.push(
      `The ${penalised ? "penalised Hessian" : "Fisher information"} is singular at the estimates: ${listShortened(singular.map(label))} ` +
        `${singular.length === 1 ? "carries" : "carry"} no information beyond the earlier terms, so ${singular.length === 1 ? "its standard error is" : "their standard errors are"} ` +
        `undefined. Causes: (nearly) collinear or constant columns (collinear: "drop" removes exact ones), fitted probabilities or ` +
        `means of 0 or 1 (separation), or a class that never occurs.`,
    );
  }
  if (penalised) {
    warnings.push(
      `Penalised fit (l2 = ${l2}): the estimates are shrunk towards 0, so neither covariance offered gives calibrated ` +
        `p-values or confidence intervals — "fisher" is the inverse penalised Hessian (a posterior covariance under the ` +
        `Gaussian prior of the penalty), "sandwich" is H⁻¹·I·H⁻¹ (the estimator's sampling covariance, ignoring its bias). ` +
        `AIC and BIC count every parameter as free.`,
    );
  }
  const gaussian = family === "gaussian";
  const noResidualDf = gaussian && !(stats.dfResidual > 0);
  if (noResidualDf) {
    warnings.push(
      `No residual degrees of freedom (W − k = ${stats.dfResidual}): the dispersion RSS/(W − k), and with it every standard error, is undefined.`,
    );
  }
  // Weights spanning beyond 1/ε: the heaviest rows' residuals are fitted to rounding (ε·|y|), and
  // that rounding times their weight dominates RSS, so s² = RSS/(W − k) is not the data's.
  const weightSpan = factor.weightSpan ?? 1;
  const dispersionUnreliable = gaussian && !noResidualDf && weightSpan > 1 / Number.EPSILON;
  if (dispersionUnreliable) {
    warnings.push(
      `sampleWeight spans ${weightSpan.toExponential(1)} (largest over smallest positive weight), beyond f64's 1/ε = 4.5e15: the ` +
        `residuals of the heaviest rows are known only to rounding, which their weight makes dominate RSS, so the dispersion ` +
        `RSS/(W − k) and every standard error are not computable. The estimates themselves are unaffected.`,
    );
  }
  const withoutDispersion = noResidualDf || dispersionUnreliable;

  const df = gaussian ? stats.dfResidual : null;
  // Entries c_i·Σ'_ij·c_j beyond the f64 range are ±Infinity or 0 here, as they would be anywhere;
  // the standard errors are taken from the scaled diagonal, so they stay exact.
  const scaled = outcome.matrix.map((v, k) => (withoutDispersion ? NaN : columnScale[Math.floor(k / p)] * (v * stats.dispersion) * columnScale[k % p]));
  const crit = criticalValue(level, df);
  const terms: SummaryTerm[] = factor.terms.map((t, i) => {
    const estimate = factor.estimates[i];
    const reason = factor.aliased[i] ? REASON_ALIASED : !estimated.has(i) ? REASON_SINGULAR : noResidualDf ? REASON_NO_DF : dispersionUnreliable ? REASON_WEIGHT_SPAN : null;
    const stdError = reason === null ? columnScale[i] * Math.sqrt(outcome.matrix[i * p + i] * stats.dispersion) : NaN;
    const statistic = estimate / stdError;
    return {
      term: t.term,
      output: t.output,
      estimate,
      stdError,
      statistic,
      pValue: reason === null ? twoSidedPValue(statistic, df) : NaN,
      ciLower: estimate - crit * stdError,
      ciUpper: estimate + crit * stdError,
      reason,
    };
  });

  if (multinomial) {
    notes.push(symmetric
      ? "Symmetric form (one block per class, as scikit-learn): the intercepts are centred to sum 0 and their covariance is taken under that constraint."
      : "Baseline form (as statsmodels MNLogit): class 0's parameters are fixed at 0 and each block is class k against class 0.");
  }
  notes.push(
    covariance === "sandwich"
      ? "Covariance: sandwich H⁻¹·I·H⁻¹ (penalised Hessian H, Fisher information I)" + (gaussian ? ", times the dispersion." : ".")
      : penalised
        ? "Covariance: inverse penalised Hessian (I + W·l2·P)⁻¹" + (gaussian ? ", times the dispersion." : ".")
        : gaussian
          ? "Covariance: s²·(XᵀWX)⁻¹ with s² = RSS/(W − k); t statistics with W − k degrees of freedom."
          : "Covariance: inverse Fisher information at the estimates (scale 1); z statistics.",
  );

  const summary: Omit<FitSummary, "text"> = {
    terms,
    family,
    link: context.link,
    optimizer: context.optimizer,
    statisticName: gaussian ? "t" : "z",
    level,
    covariance,
    covarianceMatrix: scaled,
    logLikelihood: stats.logLikelihood,
    nullLogLikelihood: stats.nullLogLikelihood,
    deviance: stats.deviance,
    nullDeviance: stats.nullDeviance,
    aic: stats.aic,
    bic: stats.bic,
    pseudoRSquared: stats.pseudoRSquared,
    rSquared: stats.rSquared,
    adjustedRSquared: stats.adjustedRSquared,
    dispersion: stats.dispersion,
    nobs: context.response.rows,
    weightTotal: context.response.weightTotal,
    dfResidual: stats.dfResidual,
    dfModel: stats.dfModel,
    parameterCount: stats.parameterCount,
    l2,
    iterations: context.iterations,
    converged: context.converged,
    warnings,
    notes,
  };
  return { ...summary, text: formatSummary(summary) };
}

/**
 * A power of two c_j per term with ‖R[:, j]·c_j‖ ∈ [1, 2) (the data column's norm, which R keeps);
 * all intercepts share one, so the centring of symmetric multinomial intercepts commutes with it.
 */
function covarianceScaling(factor: InformationFactor): Float64Array {
  const p = factor.size;
  const norms = new Float64Array(p).map((_, j) => {
    const fisher = safeNorm(factor.fisherR, j, j * p + j + 1, p);
    return fisher > 0 || factor.penalizedR === null ? fisher : safeNorm(factor.penalizedR, j, j * p + j + 1, p);
  });
  let interceptNorm = 0;
  factor.terms.forEach((t, j) => {
    if (t.feature < 0) interceptNorm = Math.max(interceptNorm, norms[j]);
  });
  return norms.map((norm, j) => inversePowerOfTwo(factor.terms[j].feature < 0 ? interceptNorm : norm));
}

/** R·diag(c) for a p×p row-major R (exact: each c_j is a power of two). */
function scaleColumns(R: Float64Array, p: number, c: Float64Array): Float64Array {
  return R.map((v, k) => v * c[k % p]);
}
