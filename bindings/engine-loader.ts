import type * as EngineModule from "./engine.js";
import type * as ModelEngineModule from "./model-engine.js";
import type { EngineParts, PartName } from "./engine-parts.js";
import type * as StateDecodeModule from "./training/state-decode.js";

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

/** Each part of the engine (bindings/engine-parts.ts) as a chunk of its own. */
const PART_CHUNKS: { readonly [K in PartName]: () => Promise<NonNullable<EngineParts[K]>> } = {
  newton: () => import("./parts/newton.js"),
  lbfgs: () => import("./parts/lbfgs.js"),
  epochs: () => import("./parts/epochs.js"),
  separation: () => import("./parts/separation.js"),
};

/** Loads the parts named (in parallel); the others are null. */
export async function loadParts(names: readonly PartName[]): Promise<EngineParts> {
  const loaded = await Promise.all(names.map((name) => PART_CHUNKS[name]()));
  const parts: Record<PartName, EngineParts[PartName]> = { newton: null, lbfgs: null, epochs: null, separation: null };
  names.forEach((name, i) => (parts[name] = loaded[i]));
  return Object.freeze(parts as EngineParts);
}

/** Loads what Trainer.restore needs beyond the engine: the training state's decoder. */
export function loadStateDecoder(): Promise<typeof StateDecodeModule> {
  return import("./training/state-decode.js");
}

/** Loads what a Model runs: its checks and prediction, without the trainer's code. */
export function loadModelEngine(): Promise<ModelEngine> {
  return import("./model-engine.js");
}
