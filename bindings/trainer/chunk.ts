import { copyResponse, copyWeights, matrixShape, type Matrix } from "../data.js";
import { DataSession, sessionRegions } from "../session.js";
import { layoutBytes } from "../wasm/arena.js";
import { checkFeatureNames } from "../training/fit-options.js";
import {
  checkPartialFitOptions, checkStateFeatures, checkStateful, passOverChunk, streamingOptions,
  type PartialFitOptions, type PartialFitResult,
} from "../training/partial-fit.js";
import type { TrainerCore } from "./core.js";

/** Trainer.partialFit: one pass over a chunk placed in scratch, carrying the training state on. */
export function fitChunk(core: TrainerCore, X: Matrix, y: ArrayLike<number>, options: PartialFitOptions): PartialFitResult {
  const kernels = core.idle("partialFit");
  const { sampleWeight } = checkPartialFitOptions(options);
  const o = core.options;
  checkStateful(o, "partialFit", true);
  const shape = matrixShape(X);
  checkFeatureNames(o, shape.cols);
  if (core.carried.features !== null) checkStateFeatures("partialFit", core.carried.features, shape.cols);
  // y is checked in a buffer kept for the next chunk: a fresh copy per chunk is garbage that piles up between collections
  if ((core.chunkResponse?.length ?? 0) < shape.rows) core.chunkResponse = new Float64Array(shape.rows);
  const yCopy = copyResponse(y, shape.rows, o.family, o.classes, o.dtype, core.chunkResponse!);
  const weights = sampleWeight === undefined ? undefined : copyWeights(sampleWeight, shape.rows, o.dtype);
  const chunk = streamingOptions(o);
  const bytes = layoutBytes(sessionRegions(shape, chunk, weights !== undefined));
  const { objective, state } = core.inScratch("partialFit", bytes, (base) =>
    passOverChunk(new DataSession(kernels, chunk, X, shape, yCopy, weights?.values, shape.rows, {}, base), o, core.carried.state));
  core.carried.set(state, shape.cols);
  core.fitted = { theta: state.theta.slice(), features: shape.cols };
  return { objective, rows: shape.rows, step: state.step };
}
