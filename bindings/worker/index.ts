/**
 * wasm-mle/worker: Trainer off the main thread (a browser module Worker, or Node's worker_threads).
 * Errors are the package's own classes (revived from the worker with their class and code).
 * @example
 * ```ts
 * import { WorkerTrainer } from "wasm-mle/worker";
 * const wt = await WorkerTrainer.create({ family: "gaussian", optimizer: "newton" });
 * const fit = await wt.fit([[0], [1], [2], [3]], [1, 3, 5, 7.5]);
 * console.log(fit.coefficients, (await fit.summary()).terms.length);
 * wt.dispose();
 * ```
 * @module
 */
export { WorkerTrainer, type WorkerFitOptions } from "./worker-trainer.js";
export { WorkerFitResult } from "./worker-fit-result.js";
export { FitResult } from "../fit-result.js";
export { AbortError, DetachedFitError, WorkerFailedError, WasmMleError } from "../errors.js";
