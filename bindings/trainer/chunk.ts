import type { Matrix } from "../data.js";
import { InvalidOptionError } from "../errors.js";
import { part } from "../engine-parts.js";
import type { ChunkBuffer, ChunkBufferOptions } from "../training/staging.js";
import { checkChunkBufferOptions, checkPartialFitOptions, checkStateful, type PartialFitOptions, type PartialFitResult } from "../training/partial-fit.js";
import type { TrainerCore } from "./core.js";

// Trainer.partialFit and Trainer.chunkBuffer as every trainer runs them: their checks up to the
// refusal of optimizers without epochs (checkStateful), in the order they have always been made.
// What runs after it only gd, sgd and the adaptive rules reach, so it comes with the engine's
// epochs part (trainer/chunk-pass.ts, bindings/parts/epochs.ts).

/** Trainer.partialFit: one pass over a chunk, carrying the training state on. */
export function fitChunk(core: TrainerCore, X: Matrix, y: ArrayLike<number>, options: PartialFitOptions): PartialFitResult {
  const kernels = core.idle("partialFit");
  const { sampleWeight } = checkPartialFitOptions(options);
  checkStateful(core.options, "partialFit", true);
  return part(core.parts, "epochs").passChunk(core, kernels, X, y, sampleWeight);
}

/** Trainer.chunkBuffer: lays out (and grows memory for) a chunk region partialFit reads in place. */
export function stageChunk(core: TrainerCore, rows: number, cols: number, options: ChunkBufferOptions): ChunkBuffer {
  core.idle("chunkBuffer");
  const { sampleWeight } = checkChunkBufferOptions(options);
  for (const [name, value] of [["rows", rows], ["cols", cols]] as const) {
    if (!Number.isInteger(value) || value < 1) throw new InvalidOptionError(name, value, "an integer ≥ 1");
  }
  checkStateful(core.options, "chunkBuffer", true);
  return part(core.parts, "epochs").stageRows(core, rows, cols, sampleWeight);
}
