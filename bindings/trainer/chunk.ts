import { copyResponse, copyWeights, matrixShape, type Matrix, type MatrixShape } from "../data.js";
import { InvalidOptionError } from "../errors.js";
import type { ChunkBuffer, ChunkBufferOptions } from "../training/staging.js";
import { DataSession, sessionRegions } from "../session.js";
import { layoutBytes } from "../wasm/arena.js";
import { checkFeatureNames } from "../training/fit-options.js";
import { checkPenaltyFactor } from "../regularization/fit-path.js";
import {
  checkChunkBufferOptions, checkPartialFitOptions, checkStateFeatures, checkStateful, passOverChunk, streamingOptions,
  type PartialFitOptions, type PartialFitResult,
} from "../training/partial-fit.js";
import type { TrainerCore } from "./core.js";

/** Trainer.partialFit: one pass over a chunk placed in scratch, carrying the training state on. */
export function fitChunk(core: TrainerCore, X: Matrix, y: ArrayLike<number>, options: PartialFitOptions): PartialFitResult {
  const kernels = core.idle("partialFit");
  const { sampleWeight } = checkPartialFitOptions(options);
  const o = core.options;
  checkStateful(o, "partialFit", true);
  core.staging.refuseStale(X, y, sampleWeight);
  const shape = matrixShape(X);
  checkFeatureNames(o, shape.cols);
  checkPenaltyFactor(o, shape.cols);
  if (core.carried.features !== null) checkStateFeatures("partialFit", core.carried.features, shape.cols);
  const staged = core.staging.match(X, shape, y, sampleWeight);
  if (staged) {
    // the chunk buffer's rows are read where the caller wrote them, checked batch by batch as the epoch reaches them
    const session = new DataSession(kernels, streamingOptions(o), null, shape, staged.views.y, staged.weighted ? staged.views.sampleWeight : undefined, shape.rows, {}, staged.layout);
    return afterPass(core, passOverChunk(session, o, core.carried.state, () => core.staging.explainFault(staged)), shape);
  }
  // y is checked in a buffer kept for the next chunk: a fresh copy per chunk is garbage that piles up between collections
  if ((core.chunkResponse?.length ?? 0) < shape.rows) core.chunkResponse = new Float64Array(shape.rows);
  const yCopy = copyResponse(y, shape.rows, o.family, o.classes, o.dtype, core.chunkResponse!);
  const weights = sampleWeight === undefined ? undefined : copyWeights(sampleWeight, shape.rows, o.dtype);
  const chunk = streamingOptions(o);
  const bytes = layoutBytes(sessionRegions(shape, chunk, weights !== undefined));
  return afterPass(core, core.inScratch("partialFit", bytes, (base) =>
    passOverChunk(new DataSession(kernels, chunk, X, shape, yCopy, weights?.values, shape.rows, {}, base), o, core.carried.state)), shape);
}

/** A chunk's pass succeeded: only now does its state replace the carried one. */
function afterPass(core: TrainerCore, { objective, state }: ReturnType<typeof passOverChunk>, shape: MatrixShape): PartialFitResult {
  core.carried.set(state, shape.cols);
  core.fitted = { theta: state.theta.slice(), features: shape.cols };
  return { objective, rows: shape.rows, step: state.step };
}

/** Trainer.chunkBuffer: lays out (and grows memory for) a chunk region partialFit reads in place. */
export function stageChunk(core: TrainerCore, rows: number, cols: number, options: ChunkBufferOptions): ChunkBuffer {
  core.idle("chunkBuffer");
  const { sampleWeight } = checkChunkBufferOptions(options);
  for (const [name, value] of [["rows", rows], ["cols", cols]] as const) {
    if (!Number.isInteger(value) || value < 1) throw new InvalidOptionError(name, value, "an integer ≥ 1");
  }
  const o = core.options;
  checkStateful(o, "chunkBuffer", true);
  checkFeatureNames(o, cols);
  checkPenaltyFactor(o, cols);
  if (core.carried.features !== null) checkStateFeatures("chunkBuffer", core.carried.features, cols);
  const bytes = layoutBytes(sessionRegions({ rows, cols }, streamingOptions(o), sampleWeight));
  return core.inScratch("partialFit", bytes, (base) => core.staging.stage(base, rows, cols, sampleWeight));
}
