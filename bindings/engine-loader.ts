import type * as EngineModule from "./engine.js";

/** The engine chunk's exports (see bindings/engine.ts). */
export type Engine = typeof EngineModule;

/**
 * Loads the engine: everything a trainer or a model runs once it exists. Trainer.create,
 * Trainer.restore and Model.fromJSON await it (they are async anyway, for the kernels), so
 * `import "wasm-mle"` downloads only the API surface; the module loader caches the chunk, and a
 * failed download is retried by the next call.
 */
export function loadEngine(): Promise<Engine> {
  return import("./engine.js");
}
