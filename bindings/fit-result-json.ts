/** The JSON form of a FitResult (FitResult#toJSON), apart from the checks that read it back (fit-result-data.ts). */
import type { FitResultData } from "./fit-result.js";

/**
 * FitResultData with plain arrays, and non-finite numbers (a perfect gaussian fit's logLikelihood: Infinity) as strings.
 * @example
 * ```ts
 * import { Trainer, type FitResultJson } from "wasm-mle";
 * const trainer = await Trainer.create({ optimizer: "newton" });
 * const json: FitResultJson = trainer.fit([[0], [1], [2]], [1, 3, 5]).toJSON();
 * console.log(json.logLikelihood); // "Infinity": a perfect fit
 * ```
 */
export type FitResultJson = Omit<FitResultData, "coefficients" | "intercept" | "history" | "validationHistory" | "logLikelihood"> & {
  /** FitResultData.coefficients as an array. */
  readonly coefficients: number[];
  /** FitResultData.intercept as an array. */
  readonly intercept: number[];
  /** FitResultData.history as an array. */
  readonly history: number[];
  /** FitResultData.validationHistory as an array. */
  readonly validationHistory: number[];
  /** FitResultData.logLikelihood, with ±Infinity as a string (JSON has no Infinity). */
  readonly logLikelihood: number | "Infinity" | "-Infinity";
};

export const FIT_RESULT_FIELDS = [
  "coefficients", "intercept", "objective", "logLikelihood", "history", "validationHistory", "bestEpoch", "epochs", "converged", "stopReason", "family", "classes",
  "features", "optimizer", "dtype", "kernels", "nobs", "weightTotal", "warnings", "aliased", "featureNames", "fitIntercept", "options",
] as const satisfies readonly (keyof FitResultData)[];


export function fitResultJson(fit: FitResultData): FitResultJson {
  const out: Record<string, unknown> = {};
  for (const key of FIT_RESULT_FIELDS) out[key] = fit[key];
  const ll = fit.logLikelihood;
  return {
    ...(out as unknown as FitResultData),
    coefficients: Array.from(fit.coefficients),
    intercept: Array.from(fit.intercept),
    history: Array.from(fit.history),
    validationHistory: Array.from(fit.validationHistory),
    logLikelihood: Number.isFinite(ll) ? ll : ll > 0 ? "Infinity" : "-Infinity",
  };
}

