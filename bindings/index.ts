/**
 * wasm-mle: linear models and GLMs fitted by maximum likelihood with WebAssembly SIMD kernels, the
 * same bits in Node and browsers.
 * @example
 * ```ts
 * import { Trainer } from "wasm-mle";
 * const trainer = await Trainer.create({ family: "bernoulli", optimizer: "newton" });
 * const fit = trainer.fit([[0.5], [1.5], [2.5], [3.5], [1.0]], [0, 1, 0, 1, 1]);
 * console.log(fit.summary().text);
 * trainer.dispose();
 * ```
 * @module
 */
export { Trainer } from "./trainer.js";
export type { EpochProgress, FitOptions } from "./trainer.js";
export type { EarlyStopping, ValidationSet } from "./training/early-stopping.js";
export type { StopReason } from "./fit-result.js";
export type { FitSummary, SummaryOptions, SummaryTerm, CovarianceKind } from "./inference/summary.js";
export type { TrainerOptions, ValidatedOptions, Optimizer, ResolvedOptimizer, Sampling, Dtype, KernelBuild } from "./options.js";
export type { ScheduleOption, ValidatedSchedule } from "./optimizers/update-rules.js";
export type { Matrix } from "./data.js";
export type { Family, FamilyName } from "./families/index.js";
export { FAMILIES } from "./families/index.js";
export { simdSupported, type ResolvedBuild } from "./wasm/load.js";
export {
  WasmMleError, InvalidOptionError, InvalidDataError, DivergenceError, DisposedError, NotFittedError, DataTooLargeError, StaleFitError,
} from "./errors.js";
export { CollinearityError, SeparationError, ConvergenceError, type LastEstimate, type SeparationContext } from "./errors.js";
export { ProblemTooLargeError } from "./errors.js";
export {
  exactWorkEstimate, newtonRefusal, summaryRefusal, EXACT_WORK_LIMIT_SECONDS, type ExactWorkEstimate,
} from "./optimizers/exact-work.js";
export { BusyError } from "./errors.js";
/**
 * Scores of predictions, each as scikit-learn 1.2 defines the function of the same meaning, with
 * optional sample weights: r2, mae, rmse, poissonDevianceExplained, accuracy, confusionMatrix,
 * rocAuc, logLoss.
 *
 * @example
 * ```ts
 * import { metrics } from "wasm-mle";
 * console.log(metrics.rocAuc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])); // 0.75
 * ```
 */
export * as metrics from "./evaluation/metrics.js";
export type { MetricOptions, ConfusionMatrixOptions } from "./evaluation/metrics.js";
export { trainTestSplit, type SplitOptions, type Split } from "./evaluation/split.js";
export { InvalidModelError, UnknownLevelError } from "./errors.js";
export { InvalidStateError, IncompatibleStateError, TrainingStateError, ChunkBufferError } from "./errors.js";
export type { TrainingStateData } from "./training/state.js";
export type { PartialFitOptions, PartialFitResult } from "./training/partial-fit.js";
export type { ChunkBuffer, ChunkBufferOptions } from "./training/staging.js";
export type { EarlyStoppingOptions } from "./training/early-stopping.js";
export { Model, MODEL_FORMAT, MODEL_FORMAT_VERSION, type ModelData, type ModelLoadOptions, type JsonValue } from "./model.js";
export { PACKAGE_VERSION as version } from "./wasm/binaries.generated.js";
export type { PathOptions } from "./regularization/lambda.js";
export type { RegularizationPath } from "./regularization/path.js";
export type { CrossValidation, CrossValidationOptions, CvMeasure } from "./regularization/cross-validation.js";
export { FitResult, FitRecord, type FitResultData } from "./fit-result.js";
export type { FitResultJson } from "./fit-result-json.js";
export type { AbortSignalLike } from "./abort.js";
export { AbortError, DetachedFitError, WorkerFailedError } from "./errors.js";
