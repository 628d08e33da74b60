/**
 * The messages between WorkerTrainer (main side) and its worker, and how errors cross: a thrown
 * error travels as { name, code, message, stack, fields } and is revived on the main side as an
 * instance of the same class (every WasmMleError subclass of bindings/errors.ts, or a built-in
 * Error type), so `instanceof`, `name`, `code` and the class's own fields survive the boundary.
 */
import {
  WasmMleError, InvalidOptionError, InvalidDataError, DivergenceError, CollinearityError, SeparationError, ConvergenceError, DisposedError, NotFittedError, StaleFitError, DataTooLargeError, ProblemTooLargeError, BusyError, InvalidModelError, UnknownLevelError, InvalidStateError, IncompatibleStateError, TrainingStateError, AbortError, DetachedFitError, WorkerFailedError, ChunkBufferError,
  describe,
} from "../errors.js";
import type { FitResultData } from "../fit-result.js";
import type { FitSummary, SummaryOptions } from "../inference/summary.js";
import type { ModelData } from "../model.js";
import type { EpochProgress } from "../trainer.js";
import type { ResolvedBuild } from "../wasm/load.js";

/** X as it crosses: packed row-major (its buffer transferred), or as given when packing would change what the trainer checks. */
export type WireMatrix = { data: Float64Array | ArrayLike<number>; rows: number; cols: number } | ArrayLike<number>[];

export type Request =
  | { id: number; type: "create"; options: unknown }
  | { id: number; type: "restore"; model: ModelData; generation: number }
  | { id: number; type: "fit"; generation: number; X: WireMatrix; y: ArrayLike<number>; sampleWeight?: ArrayLike<number>; validation?: unknown; resume?: boolean; progress: boolean }
  | { id: number; type: "summary"; generation: number; options?: SummaryOptions }
  | { id: number; type: "predict"; X: WireMatrix }
  | { id: number; type: "evaluate"; X: WireMatrix; y: ArrayLike<number>; coefficients: ArrayLike<number>; intercept: ArrayLike<number>; sampleWeight?: ArrayLike<number> };

export interface CreatedReply { kernels: ResolvedBuild }
export interface EvaluateReply { objective: number; coefficients: Float64Array; intercept: Float64Array }

export type Reply =
  | { id: number; ok: true; value: CreatedReply | FitResultData | FitSummary | Float64Array | EvaluateReply | null }
  | { id: number; ok: false; error: SerializedError }
  /** Progress of the running fit: every epoch, batched so a fast optimizer does not flood the main thread. */
  | { id: number; progress: EpochProgress[] };

export interface SerializedError {
  name: string;
  code?: string;
  message: string;
  stack?: string;
  /** The error's own enumerable fields (structured-clone-safe copies; what cannot be cloned is described in words). */
  fields: Record<string, unknown>;
}

const BUILT_IN_ERRORS: Record<string, ErrorConstructor> = {
  Error, TypeError, RangeError, SyntaxError, ReferenceError, EvalError, URIError,
};

/**
 * The WasmMleError classes by name, listed (not an `import *` of errors.ts: a namespace object would
 * put every export into the library's eager bundle); test/worker/error-registry.test.ts checks that
 * every WasmMleError class the package exports is here.
 */
export const WASM_MLE_ERRORS: ReadonlyMap<string, Function> = new Map(
  Object.entries({
    WasmMleError, InvalidOptionError, InvalidDataError, DivergenceError, CollinearityError, SeparationError, ConvergenceError, DisposedError, NotFittedError, StaleFitError, DataTooLargeError, ProblemTooLargeError, BusyError, InvalidModelError, UnknownLevelError, InvalidStateError, IncompatibleStateError, TrainingStateError, AbortError, DetachedFitError, WorkerFailedError, ChunkBufferError,
  }),
);

function cloneable(value: unknown): unknown {
  try {
    return structuredClone(value);
  } catch {
    return describe(value);
  }
}

export function serializeError(error: unknown): SerializedError {
  if (!(error instanceof Error)) return { name: "Error", message: `a non-Error value was thrown: ${describe(error)}`, fields: {} };
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(error)) {
    if (key !== "name" && key !== "code" && key !== "message" && key !== "stack") fields[key] = cloneable(value);
  }
  const code = (error as { code?: unknown }).code;
  return { name: error.name, code: typeof code === "string" ? code : undefined, message: error.message, stack: error.stack, fields };
}

/**
 * The error again, on this side: the same class when it is one of ours or a built-in, else an Error
 * with the original name. Built without calling the constructor (their signatures differ), the
 * fields and message set as the worker had them.
 */
export function reviveError(data: SerializedError): Error {
  const ownClass = WASM_MLE_ERRORS.get(data.name);
  const prototype = ownClass ? ownClass.prototype : (BUILT_IN_ERRORS[data.name] ?? Error).prototype;
  const error = Object.create(prototype) as Error & Record<string, unknown>;
  const define = (key: string, value: unknown, enumerable: boolean) =>
    Object.defineProperty(error, key, { value, enumerable, writable: true, configurable: true });
  define("message", data.message, false);
  if (data.stack !== undefined) define("stack", data.stack, false);
  if (ownClass || !BUILT_IN_ERRORS[data.name]) define("name", data.name, true);
  if (data.code !== undefined) define("code", data.code, true);
  for (const [key, value] of Object.entries(data.fields)) define(key, value, true);
  return error;
}
