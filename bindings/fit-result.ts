import type { FamilyName } from "./families/index.js";
import type { Dtype, Optimizer } from "./options.js";
import type { ResolvedBuild } from "./wasm/load.js";

export type StopReason = "converged" | "maxEpochs" | "callback";

/** What a fit returns. All arrays are copies owned by the caller. */
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
   * One value per epoch: the mean loss over the epoch's mini-batches, each taken at the parameters
   * before its update, plus the penalty at the epoch's start. For "gd" this is exactly f at the
   * start of the epoch.
   */
  readonly history: Float64Array;
  /** Epochs run. */
  readonly epochs: number;
  readonly converged: boolean;
  readonly stopReason: StopReason;
  readonly family: FamilyName;
  readonly classes: number;
  readonly features: number;
  readonly optimizer: Optimizer;
  readonly dtype: Dtype;
  /** Which kernel binary ran. */
  readonly kernels: ResolvedBuild;
  readonly nobs: number;
  /** W = Σ sᵢ (nobs when unweighted). */
  readonly weightTotal: number;
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
