import { InvalidOptionError, listShortened } from "../errors.js";
import type { FitSummary, SummaryContext, SummaryOptions, SummaryTerm } from "../inference/summary.js";
import { validateSummaryOptions } from "../inference/summary-options.js";
import { modelStatistics } from "../inference/statistics.js";

/** What the summary of an L1 fit needs from the fit: the exact summary's context without the information factor. */
export interface SparseSummaryContext extends Omit<SummaryContext, "factor"> {
  readonly l1: number;
  readonly featureNames: readonly string[];
  /** Feature-major, j·K + c. */
  readonly coefficients: Float64Array;
  readonly intercept: Float64Array;
  readonly classes: number;
  readonly nobs: number;
}

export const NO_INFERENCE_AFTER_SELECTION =
  "The L1 penalty selected these terms with the same data, so classical standard errors, tests and intervals do not apply to the " +
  "selected model (they ignore the selection and the shrinkage towards 0); none are reported. For inference after selection " +
  "use selective inference (Lee, Sun, Sun & Taylor 2016) or refit the selected terms on new data; for prediction error, crossValidate.";

/**
 * summary() of a fit with l1 > 0: the estimates, which terms the penalty selected and which it set
 * to 0, and the model-level figures (log-likelihood, deviance, AIC/BIC with k = the non-zero
 * terms, the lasso's degrees of freedom: Zou, Hastie & Tibshirani 2007), without standard errors,
 * statistics or p-values (every such column is NaN, with the reason).
 * see: Zou, Hastie & Tibshirani (2007), "On the degrees of freedom of the lasso", Ann. Statist. 35(5).
 */
export function sparseSummary(context: SparseSummaryContext): (options?: SummaryOptions) => FitSummary {
  return (options) => {
    const { level, covariance } = validateSummaryOptions(options);
    if (covariance !== "fisher") {
      throw new InvalidOptionError("covariance", covariance, `no covariance: an L1 fit (l1 = ${context.l1}) has no standard errors to choose a covariance for`);
    }
    return summarise(context, level);
  };
}

function summarise(c: SparseSummaryContext, level: number): FitSummary {
  const K = c.classes;
  const multinomial = c.family === "multinomial";
  const terms: SummaryTerm[] = [];
  const nan = { stdError: Number.NaN, statistic: Number.NaN, pValue: Number.NaN, ciLower: Number.NaN, ciUpper: Number.NaN };
  const label = (name: string, k: number) => (multinomial ? `${name} (class ${k})` : name);
  for (let k = 0; k < K; k++) {
    if (c.fitIntercept) terms.push({ term: "intercept", output: k, estimate: c.intercept[k], ...nan, reason: "unpenalised intercept: no standard error after selection" });
    c.featureNames.forEach((name, j) => {
      const estimate = c.coefficients[j * K + k];
      terms.push({ term: name, output: k, estimate, ...nan, reason: estimate === 0 ? "set to 0 by the L1 penalty" : "selected by the L1 penalty: no standard error after selection" });
    });
  }
  const selected = terms.filter((t) => t.term !== "intercept" && t.estimate !== 0);
  const zeros = terms.filter((t) => t.term !== "intercept" && t.estimate === 0).map((t) => label(t.term, t.output));
  const stats = modelStatistics({
    response: c.response, dataLoss: c.dataLoss, logLikelihood: c.logLikelihood,
    parameterCount: selected.length + (c.fitIntercept ? K : 0), slopeCount: selected.length, fitIntercept: c.fitIntercept,
  });
  const warnings = [...(c.warnings ?? []), NO_INFERENCE_AFTER_SELECTION];
  if (!c.converged) warnings.push(`The fit did not converge (stop reason: ${c.stopReason}, after ${c.iterations} iterations): the estimates are not the optimum.`);
  const notes = [
    `L1 penalty l1 = ${c.l1}, l2 = ${c.l2}: ${selected.length} of ${c.featureNames.length * K} coefficients selected` +
      (zeros.length > 0 ? `; set to 0: ${listShortened(zeros)}` : "") + ".",
    "AIC/BIC count the non-zero coefficients (and intercepts) as the parameters, the lasso's degrees of freedom.",
  ];
  const p = terms.length;
  return {
    ...stats, terms, family: c.family, link: c.link, optimizer: c.optimizer, statisticName: c.family === "gaussian" ? "t" : "z",
    level, covariance: "fisher", covarianceMatrix: new Float64Array(p * p).fill(Number.NaN), nobs: c.nobs, weightTotal: c.response.weightTotal,
    l2: c.l2, iterations: c.iterations, converged: c.converged, warnings, notes, text: table(c, terms, stats, notes, warnings),
  };
}

function table(c: SparseSummaryContext, terms: SummaryTerm[], stats: ReturnType<typeof modelStatistics>, notes: string[], warnings: string[]): string {
  const rows = terms.map((t) => [c.family === "multinomial" ? `${t.term} (class ${t.output})` : t.term, t.estimate === 0 && t.term !== "intercept" ? "0 (not selected)" : t.estimate.toPrecision(6)]);
  const width = Math.max(4, ...rows.map((r) => r[0].length));
  const line = "=".repeat(width + 22);
  const figures = [
    `Family: ${c.family} (${c.link})   Optimizer: ${c.optimizer}   Rows: ${c.nobs}   Iterations: ${c.iterations}`,
    `Log-likelihood: ${stats.logLikelihood.toPrecision(8)}   Deviance: ${stats.deviance.toPrecision(8)}   Null deviance: ${stats.nullDeviance.toPrecision(8)}`,
    `AIC: ${stats.aic.toPrecision(8)}   BIC: ${stats.bic.toPrecision(8)}`,
  ];
  return [
    "L1-penalised fit: selected terms (no standard errors, z or p-values)", line, ...figures, line,
    `${"term".padEnd(width)}  estimate`, "-".repeat(width + 22), ...rows.map(([name, value]) => `${name.padEnd(width)}  ${value}`), line,
    ...notes, ...warnings.map((w) => `Warning: ${w}`),
  ].join("\n");
}
