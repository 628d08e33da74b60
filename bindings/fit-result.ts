import type { FamilyName } from "./families/index.js";
import type { Dtype, ResolvedOptimizer } from "./options.js";
import type { ResolvedBuild } from "./wasm/load.js";
import type { FitSummary, SummaryOptions } from "./inference/summary.js";
import type { ModelData } from "./model.js";

/**
 * Why a fit stopped. "lineSearchFailed": L-BFGS found no step that lowers the objective any more
 * while the gradient is not yet small (the result is the last point reached; see `warnings`).
 * "maxIterations": Newton or L-BFGS reached maxIterations without converging (the result is the
 * last iterate; see `warnings`). "earlyStopping": the validation objective did not improve by
 * earlyStopping.minDelta for earlyStopping.patience epochs in a row.
 */
/**
 * Why a fit stopped: its stopping rule was met ("converged"), a limit was reached ("maxEpochs",
 * "maxIterations"), onEpoch returned false ("callback"), the validation score stopped improving
 * ("earlyStopping"), or lbfgs found no step that lowers the objective ("lineSearchFailed").
 *
 * @example
 * ```ts
 * import { Trainer, type StopReason } from "wasm-mle";
 * const trainer = await Trainer.create({ optimizer: "gd", epochs: 5, tolerance: 0 });
 * const reason: StopReason = trainer.fit([[1], [2], [3]], [1, 2, 3]).stopReason; // "maxEpochs"
 * ```
 */
export type StopReason = "converged" | "maxEpochs" | "callback" | "lineSearchFailed" | "maxIterations" | "earlyStopping";

/**
 * What a fit returns. All arrays are copies owned by the caller.
 *
 * @example
 * ```ts
 * import { Trainer } from "wasm-mle";
 * const trainer = await Trainer.create({ family: "poisson", optimizer: "newton" });
 * const fit = trainer.fit([[0], [1], [2], [3]], [1, 2, 4, 9]);
 * console.log(fit.coefficients[0], fit.intercept[0], fit.epochs, fit.stopReason, fit.logLikelihood);
 * ```
 */
export interface FitResult {
  /** cols·K values, feature-major: feature j, output c at j·K + c (K = 1 unless multinomial). */
  readonly coefficients: Float64Array;
  /** K intercepts (zeros when fitIntercept is false). */
  readonly intercept: Float64Array;
  /** f = (1/W)·Σ sᵢ·nllᵢ + (l2/2)·‖w‖² at the returned parameters, computed over all rows. */
  readonly objective: number;
  /** The full log-likelihood at the returned parameters (gaussian: at σ̂² = RSS/W; poisson: with −log y!). */
  readonly logLikelihood: number;
  /**
   * One value per epoch or iteration. "sgd": the mean loss over the epoch's mini-batches, each
   * taken at the parameters before its update, plus the penalty at the epoch's start. "gd": exactly
   * f at the start of the epoch. "newton": f after each iteration's (possibly halved) step.
   * "lbfgs": f after each iteration's line search.
   */
  readonly history: Float64Array;
  /**
   * One value per epoch when the fit had validation rows (fit's `validation`, or earlyStopping's
   * held-out share): (1/W_v)·Σ sᵢ·nllᵢ + (l2/2)·‖w‖² on them at the parameters after the epoch;
   * empty otherwise.
   */
  readonly validationHistory: Float64Array;
  /** The 1-based epoch with the lowest validationHistory (the one restoreBest returns), or null without validation rows. */
  readonly bestEpoch: number | null;
  /** Epochs run (gd/sgd), or iterations (newton: one Fisher-scoring step each, typically under 10; lbfgs: one line search each). */
  readonly epochs: number;
  /** Whether the optimizer's stopping rule was met (stopReason "converged"). */
  readonly converged: boolean;
  /** Why the fit stopped. */
  readonly stopReason: StopReason;
  /** The likelihood family fitted. */
  readonly family: FamilyName;
  /** K: the number of outputs (classes for multinomial, else 1). */
  readonly classes: number;
  /** d: the number of columns of X. */
  readonly features: number;
  /** The optimizer that ran ("auto" resolved). */
  readonly optimizer: ResolvedOptimizer;
  /** The storage and arithmetic the fit used. */
  readonly dtype: Dtype;
  /** Which kernel binary ran. */
  readonly kernels: ResolvedBuild;
  /** Rows fitted (statsmodels' nobs). */
  readonly nobs: number;
  /** W = Σ sᵢ (nobs when unweighted). */
  readonly weightTotal: number;
  /** Notes on anything unusual about the fit (dropped columns, iteration limit); empty when none. */
  readonly warnings: readonly string[];
  /** Terms dropped as exactly collinear or constant (collinear: "drop"), their coefficients fixed at 0; empty when none. */
  readonly aliased: readonly string[];
  /**
   * Inference at the returned parameters (any optimizer): standard errors from the inverse Fisher
   * information, z or t tests, confidence intervals, deviance, AIC/BIC, (pseudo-)R², and a
   * statsmodels-style table in `.text`. Computed on first call from the data the trainer still
   * holds; after the trainer's next fit() or dispose() it throws a StaleFitError.
   * @example
   * ```ts
   * import { Trainer } from "wasm-mle";
   * const trainer = await Trainer.create({ family: "bernoulli", optimizer: "newton" });
   * const fit = trainer.fit([[0.5], [1.5], [2.5], [3.5], [1.0]], [0, 1, 0, 1, 1]);
   * const s = fit.summary({ level: 0.95, covariance: "fisher" });
   * console.log(s.terms[1]); // { term: "x0", output: 0, estimate, stdError, statistic, pValue, ciLower, ciUpper, reason: null }
   * console.log(s.text);
   * ```
   */
  summary(options?: SummaryOptions): FitSummary;
  /**
   * The fitted model as plain data (JSON, structuredClone and postMessage keep it whole), for
   * `Model.fromJSON` to predict with elsewhere; it needs nothing of the trainer.
   * @example
   * ```ts
   * import { Model, Trainer } from "wasm-mle";
   * const X = [[1], [2], [3], [4]];
   * const trainer = await Trainer.create({ optimizer: "newton" });
   * const fit = trainer.fit(X, [1.1, 1.9, 3.2, 3.9]);
   * const model = await Model.fromJSON(JSON.parse(JSON.stringify(fit.model())));
   * console.log(model.predict(X)); // the same bits as trainer.predict(X) with the same kernel build
   * ```
   */
  model(): ModelData;
}

/** Class-major W[c·d + j] (the kernels' layout) to the public feature-major layout j·K + c. */
export function toFeatureMajor(W: Float64Array, d: number, K: number): Float64Array {
  const out = new Float64Array(d * K);
  for (let c = 0; c < K; c++) for (let j = 0; j < d; j++) out[j * K + c] = W[c * d + j];
  return out;
}

/** The inverse of toFeatureMajor. */
export function toClassMajor(coefficients: ArrayLike<number>, d: number, K: number): Float64Array {
  const out = new Float64Array(d * K);
  for (let c = 0; c < K; c++) for (let j = 0; j < d; j++) out[c * d + j] = coefficients[j * K + c];
  return out;
}

/**
 * A penalised multinomial fit, centred across classes: for every feature j the K coefficients
 * W[c·d + j] get their mean subtracted, and so do the K intercepts. Softmax is unchanged by adding
 * the same value to every class's η, so the data term stays as it was, while the penalty
 * (l2/2)·Σ W² can only fall (a sum of squares is smallest about its mean); so the exact optimum has
 * Σ_c W[c][j] = 0 for every j, and centring moves any optimizer's result towards it (the issue
 * measured 300–1500× smaller errors against an exact reference). Other fits are returned as they are.
 * see: Friedman, Hastie & Tibshirani (2010), "Regularization paths for GLMs via coordinate descent",
 *      J. Stat. Softw. 33(1), §4 (the symmetric multinomial parametrisation under a ridge penalty).
 */
export function centreMultinomial(params: { W: Float64Array; b: Float64Array }, d: number, K: number, l2: number): { W: Float64Array; b: Float64Array } {
  if (K < 2 || !(l2 > 0)) return params;
  const W = params.W.slice();
  for (let j = 0; j < d; j++) {
    let sum = 0;
    for (let c = 0; c < K; c++) sum += W[c * d + j];
    const mean = sum / K;
    for (let c = 0; c < K; c++) W[c * d + j] -= mean;
  }
  const b = params.b.slice();
  let sum = 0;
  for (let c = 0; c < K; c++) sum += b[c];
  for (let c = 0; c < K; c++) b[c] -= sum / K;
  return { W, b };
}
