import type * as EngineModule from "./engine.js";
import type * as ModelEngineModule from "./model-engine.js";

/** The engine chunk's exports (see bindings/engine.ts). */
export type Engine = typeof EngineModule;
/** The model engine chunk's exports (see bindings/model-engine.ts). */
export type ModelEngine = typeof ModelEngineModule;

// Trainer.create, Trainer.restore and Model.fromJSON await these (they are async anyway, for the
// kernels), so `import "wasm-mle"` downloads only the API surface. The module loader caches each
// chunk, and a failed download is retried by the next call.

/** Loads the engine: everything a trainer runs once it exists. */
export function loadEngine(): Promise<Engine> {
  return import("./engine.js");
}

/** Loads what a Model runs: its checks and prediction, without the trainer's code. */
export function loadModelEngine(): Promise<ModelEngine> {
  return import("./model-engine.js");
}
