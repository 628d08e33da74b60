// Errors of aborted fits and of results or workers away from the trainer that made them (WorkerTrainer, fromJSON).
import { WasmMleError, describe } from "./base.js";

/**
 * A fit was stopped by its AbortSignal. The synchronous `Trainer.fit` raises it only for a signal
 * already aborted when fit() is called (one aborted while the fit runs stops it at the next
 * epoch with stopReason "aborted" instead); `WorkerTrainer` rejects with it whenever the signal
 * aborts before the result arrives (or onEpoch returns false). `name` is "AbortError", as the
 * DOMException that fetch() rejects with, so `error.name === "AbortError"` checks work for both.
 * @example
 * ```ts
 * import { AbortError, Trainer } from "wasm-mle";
 * const trainer = await Trainer.create({});
 * try {
 *   trainer.fit([[1], [2]], [1, 2], { signal: AbortSignal.abort() });
 * } catch (error) {
 *   console.log(error instanceof AbortError, error.name, error.code); // true "AbortError" "ABORTED"
 * }
 * ```
 */
export class AbortError extends WasmMleError {
  constructor(
    /** The method that was aborted ("fit"). */
    readonly method: string,
    /** The signal's `reason` (a DOMException "AbortError" unless abort(reason) gave another); undefined when onEpoch returned false. */
    readonly reason?: unknown,
  ) {
    super("ABORTED", `${method}() was aborted${reason === undefined ? "" : ` (${abortReasonText(reason)})`}; nothing was returned.`);
  }
}

function abortReasonText(reason: unknown): string {
  if (reason instanceof Error) return `${reason.name}: ${reason.message}`;
  return `reason: ${describe(reason)}`;
}

/**
 * fit.summary() of a FitResult rebuilt from data (FitResult.fromJSON, or what structuredClone and
 * postMessage produce): the summary needs the training data, which only the trainer that made the
 * original FitResult holds. FitSummary is plain data itself, so compute it there and send it along.
 * @example
 * ```ts
 * import { DetachedFitError, FitResult, Trainer } from "wasm-mle";
 * const trainer = await Trainer.create({ optimizer: "newton" });
 * const copy = await FitResult.fromJSON(structuredClone(trainer.fit([[1], [2], [3]], [1, 2, 4])));
 * try {
 *   copy.summary();
 * } catch (error) {
 *   console.log(error instanceof DetachedFitError); // true
 * }
 * ```
 */
export class DetachedFitError extends WasmMleError {
  constructor(method: string) {
    super(
      "DETACHED_FIT",
      `fit.${method}() needs the data of its fit, but this FitResult was rebuilt from data (FitResult.fromJSON, structuredClone or ` +
        `postMessage), which carries none. Call ${method}() on the FitResult the trainer returned (its FitSummary is plain data that ` +
        `can be cloned and posted), or train with WorkerTrainer, whose results compute summary() in the worker.`,
    );
  }
}

/**
 * A worker of WorkerTrainer failed outside any fit (it could not start, or crashed); the WorkerTrainer starts a fresh one for the next call.
 * @example
 * ```ts
 * import { WasmMleError, WorkerFailedError } from "wasm-mle";
 * const error = new WorkerFailedError("fit", "the worker exited with code 1");
 * console.log(error instanceof WasmMleError, error.code); // true "WORKER_FAILED"
 * ```
 */
export class WorkerFailedError extends WasmMleError {
  constructor(
    /** The WorkerTrainer method whose call failed. */
    readonly method: string,
    /** What the host reported (the worker's error or exit code). */
    readonly detail: string,
  ) {
    super("WORKER_FAILED", `WorkerTrainer.${method}(): the worker failed (${detail}); the next call starts a fresh worker with the last fitted model.`);
  }
}
