/**
 * wasm-mle/worker: Trainer off the main thread (a browser module Worker, or Node's worker_threads).
 * Errors are the package's own classes (revived from the worker with their class and code).
 */
export { WorkerTrainer, type WorkerFitOptions } from "./worker-trainer.js";
export { WorkerFitResult } from "./worker-fit-result.js";
export { FitResult } from "../fit-result.js";
export { AbortError, DetachedFitError, WorkerFailedError, WasmMleError } from "../errors.js";
