// The epoch loop of gd, sgd and the adaptive rules: a module of its own (targets "simd-epochs" and
// "scalar-epochs"), which only trainers of those optimizers load, instantiated over the memory of
// the trainer's assembly/index.ts instance (bindings/wasm/load.ts). It shares no state with that
// module but the memory: its one mutable global (assembly/kernels/rows.ts touchedWords) is used by
// the epoch loop only, and its static data is the same exp/log tables at the same addresses
// (scripts/embed-wasm.js checks it). Every pointer is owned by the host; nothing here allocates.
import { epoch } from "./trainer";

/** One epoch over the context's data (assembly/trainer.ts epoch); returns the epoch's mean loss + penalty. */
export function epochF32(ctx: usize): f64 {
  return epoch<f32>(ctx);
}

export function epochF64(ctx: usize): f64 {
  return epoch<f64>(ctx);
}
