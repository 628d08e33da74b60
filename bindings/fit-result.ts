import type { FamilyName } from "./families/index.js";
import type { Dtype, ResolvedOptimizer } from "./options.js";
import type { ResolvedBuild } from "./wasm/load.js";
import type { FitSummary, SummaryOptions } from "./inference/summary.js";
import { validateSummaryOptions } from "./inference/summary-options.js";
import { MODEL_FORMAT, MODEL_FORMAT_VERSION, type JsonValue, type ModelData } from "./model.js";
import { DetachedFitError } from "./errors.js";
import { fitResultJson, type FitResultJson } from "./fit-result-json.js";

/**
 * Why a fit stopped: its stopping rule was met ("converged"), a limit was reached ("maxEpochs",
 * "maxIterations"), onEpoch returned false ("callback"), the validation score stopped improving
 * ("earlyStopping"), lbfgs found no step that lowers the objective ("lineSearchFailed"), or the
 * fit's AbortSignal was aborted ("aborted").
 *
 * @example
 * ```ts
 * import { Trainer, type StopReason } from "wasm-mle";
 * const trainer = await Trainer.create({ optimizer: "gd", epochs: 5, tolerance: 0 });
 * const reason: StopReason = trainer.fit([[1], [2], [3]], [1, 2, 3]).stopReason; // "maxEpochs"
 * ```
 */
export type StopReason = "converged" | "maxEpochs" | "callback" | "lineSearchFailed" | "maxIterations" | "earlyStopping" | "aborted";

/**
 * Every field of a FitResult: plain data, which structuredClone, postMessage and FitResult.fromJSON carry.
 * @example
 * ```ts
 * import { Trainer, type FitResultData } from "wasm-mle";
 * const trainer = await Trainer.create({ optimizer: "newton" });
 * const data: FitResultData = structuredClone(trainer.fit([[1], [2], [3]], [1, 2, 4]));
 * console.log(data.coefficients, data.stopReason); // Float64Array [1.5], "converged"
 * ```
 */
export interface FitResultData {
  /** cols·K values, feature-major: feature j, output c at j·K + c (K = 1 unless multinomial). */
  readonly coefficients: Float64Array;
  /** K intercepts (zeros when fitIntercept is false). */
  readonly intercept: Float64Array;
  /**
   * f = (1/W)·Σ sᵢ·nllᵢ + Σⱼ fⱼ·((l2/2)·w_cj² + l1·|w_cj|) at the returned parameters (fⱼ the
   * rescaled penaltyFactor, 1 without it), computed over all rows.
   */
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
   * held-out share): the objective of `objective` on them, (1/W_v)·Σ sᵢ·nllᵢ + the same penalty
   * (L1 and penalty factors included), at the parameters after the epoch; empty otherwise.
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
  /** One name per feature (the trainer's featureNames, else x0, x1, …). */
  readonly featureNames: readonly string[];
  /** Whether the intercept was fitted (else it is 0). */
  readonly fitIntercept: boolean;
  /** How the model was fitted (validated trainer options and the optimizer that ran), as the model data's `options`. */
  readonly options: { readonly [key: string]: JsonValue };
}

/** A fit's summary, computed from the data its trainer still holds; only FitResults a trainer made have one. */
const summaryProviders = new WeakMap<FitResult, (options?: SummaryOptions) => FitSummary>();

/** The fields of a fit, as own data properties (declared by merging with FitResultData). */
export interface FitRecord extends FitResultData {}

/**
 * What FitResult and WorkerFitResult share: the data as own fields (taken as given: the trainer's
 * path; untrusted data goes through FitResult.fromJSON), and the methods that need only that data.
 * @example
 * ```ts
 * import { FitRecord, Trainer } from "wasm-mle";
 * const trainer = await Trainer.create({ optimizer: "newton" });
 * const fit = trainer.fit([[1], [2], [3]], [1, 2, 4]);
 * console.log(fit instanceof FitRecord, fit.model().coefficients); // true [1.5]
 * ```
 */
export class FitRecord {
  constructor(data: FitResultData) {
    Object.assign(this, data);
  }

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
  model(): ModelData {
    return modelOfFit(this);
  }

  /**
   * The data with plain arrays and non-finite numbers as strings ("Infinity"), for JSON.stringify; fromJSON reads it back exactly.
   * @example
   * ```ts
   * import { FitResult, Trainer } from "wasm-mle";
   * const trainer = await Trainer.create({ optimizer: "newton" });
   * const fit = trainer.fit([[1], [2], [3]], [1, 2, 4]);
   * const again = await FitResult.fromJSON(JSON.parse(JSON.stringify(fit))); // JSON.stringify calls toJSON()
   * console.log(again.coefficients[0] === fit.coefficients[0]); // true
   * ```
   */
  toJSON(): FitResultJson {
    return fitResultJson(this);
  }
}

/**
 * What a fit returns: its data as own fields (all arrays are copies owned by the caller) and the
 * methods on the prototype, so `structuredClone(fit)` and `postMessage(fit)` work (they give the
 * plain data, which `FitResult.fromJSON` turns back into a FitResult), and so does `JSON.stringify(fit)`
 * (through toJSON). Only the FitResult the trainer returned has a `summary()`: see {@link FitResult.summary}.
 * @example
 * const fit = trainer.fit(X, y);
 * const copy = await FitResult.fromJSON(structuredClone(fit)); // or JSON.parse(JSON.stringify(fit))
 * copy.coefficients; // the same bits as fit.coefficients
 * copy.model();      // works; copy.summary() throws a DetachedFitError (no data to compute it from)
 */
export class FitResult extends FitRecord {
  /**
   * A FitResult from its data: what structuredClone/postMessage of a FitResult give, or the parse
   * of `JSON.stringify(fit)`. Every field is checked (own keys of plain objects only; typed arrays
   * or arrays of finite numbers of the right lengths), copied, and an InvalidModelError names the
   * first bad one. The result has model() but no summary() (a DetachedFitError): the data of the fit is not in it.
   * @example
   * ```ts
   * import { FitResult, Trainer } from "wasm-mle";
   * const trainer = await Trainer.create({ optimizer: "newton" });
   * const fit = trainer.fit([[1], [2], [3]], [1, 2, 4]);
   * const copy = await FitResult.fromJSON(structuredClone(fit)); // what postMessage delivers, rebuilt
   * console.log(copy.model().intercept); // the fit's intercept, as data
   * ```
   */
  static async fromJSON(data: unknown): Promise<FitResult> {
    // The checks load on first use (as Model.fromJSON's kernels do): they are not in the library's eager bundle.
    const { checkFitResultData } = await import("./fit-result-data.js");
    return new FitResult(checkFitResultData(data));
  }

  /**
   * Inference at the returned parameters (any optimizer): standard errors from the inverse Fisher
   * information, z or t tests, confidence intervals, deviance, AIC/BIC, (pseudo-)R², and a
   * statsmodels-style table in `.text`. Computed on first call from the data the trainer still
   * holds; after the trainer's next fit() or dispose() it throws a StaleFitError. A FitResult rebuilt
   * from data (fromJSON, a structured clone) has no data to compute it from: DetachedFitError. The
   * FitSummary itself is plain data (structuredClone, postMessage keep it whole).
   * @example
   * const s = fit.summary({ level: 0.95, covariance: "fisher" });
   * s.terms[1]; // { term: "x0", output: 0, estimate, stdError, statistic, pValue, ciLower, ciUpper, reason: null }
   * console.log(s.text);
   */
  summary(options?: SummaryOptions): FitSummary {
    // A method on the prototype (so the fit stays cloneable data): `const { summary } = fit` loses its fit.
    if (!(this instanceof FitResult)) throw new TypeError("FitResult#summary() was called without its fit: call it as fit.summary(), or bind it");
    const provider = summaryProviders.get(this);
    if (provider === undefined) {
      validateSummaryOptions(options);
      throw new DetachedFitError("summary");
    }
    return provider(options);
  }
}

/** Gives a trainer's FitResult its summary(); not public: a FitResult from data has none. */
export function attachSummary(fit: FitResult, provider: (options?: SummaryOptions) => FitSummary): FitResult {
  summaryProviders.set(fit, provider);
  return fit;
}

/** The model data of a fit (FitResult.model(), also WorkerTrainer's results): plain, JSON-safe, feature-major. */
export function modelOfFit(fit: FitResultData): ModelData {
  return {
    format: MODEL_FORMAT,
    version: MODEL_FORMAT_VERSION,
    family: fit.family,
    classes: fit.classes,
    dtype: fit.dtype,
    fitIntercept: fit.fitIntercept,
    featureNames: [...fit.featureNames],
    coefficients: Array.from(fit.coefficients),
    intercept: Array.from(fit.intercept),
    options: structuredClone(fit.options) as { [key: string]: JsonValue },
  };
}

/** Class-major W[c·d + j] (the kernels' layout) to the public feature-major layout j·K + c. */
export function toFeatureMajor(W: Float64Array, d: number, K: number): Float64Array {
  const out = new Float64Array(d * K);
  for (let c = 0; c < K; c++) for (let j = 0; j < d; j++) out[j * K + c] = W[c * d + j];
  return out;
}

/** θ in the training context's layout [W class-major | b] from feature-major coefficients and K intercepts: the inverse of toFeatureMajor. */
export function thetaOf(coefficients: ArrayLike<number>, intercept: ArrayLike<number>, d: number, K: number): Float64Array {
  const theta = new Float64Array(d * K + K);
  for (let c = 0; c < K; c++) for (let j = 0; j < d; j++) theta[c * d + j] = coefficients[j * K + c];
  theta.set(intercept, d * K);
  return theta;
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
export function centreMultinomial(theta: Float64Array, d: number, K: number, l2: number): Float64Array {
  if (K < 2 || !(l2 > 0)) return theta;
  const centred = theta.slice();
  // θ = [W class-major | b]: b[c] sits where a (d + 1)-th feature's W[c·d + d] would, at d·K + c.
  for (let j = 0; j <= d; j++) {
    const at = (c: number) => (j < d ? c * d + j : d * K + c);
    let sum = 0;
    for (let c = 0; c < K; c++) sum += centred[at(c)];
    for (let c = 0; c < K; c++) centred[at(c)] -= sum / K;
  }
  return centred;
}
