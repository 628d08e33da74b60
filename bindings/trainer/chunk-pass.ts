import { copyResponse, copyWeights, matrixShape, type Matrix, type MatrixShape } from "../data.js";
import { DivergenceError } from "../errors.js";
import type { ValidatedOptions } from "../options.js";
import type { ChunkBuffer } from "../training/staging.js";
import { DataSession, sessionRegions } from "../session.js";
import { layoutBytes } from "../wasm/arena.js";
import type { KernelInstance } from "../wasm/load.js";
import { checkFeatureNames } from "../training/fit-options.js";
import { checkPenaltyFactor } from "../regularization/fit-path.js";
import type { TrainingState } from "../training/state.js";
import { checkStateFeatures, readSessionState, streamingOptions, writeSessionState, type PartialFitResult } from "../training/partial-fit.js";
import type { TrainerCore } from "./core.js";

// partialFit and chunkBuffer once trainer/chunk.ts's checks have let them run (the optimizer runs
// epochs): part of the engine's epochs part, which only such trainers load.

/** partialFit's pass over a chunk: placed in scratch, or read where a chunk buffer holds it. */
export function passChunk(core: TrainerCore, kernels: KernelInstance, X: Matrix, y: ArrayLike<number>, sampleWeight: ArrayLike<number> | undefined): PartialFitResult {
  const o = core.options;
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

/** chunkBuffer's region of `rows` × `cols`, laid out in scratch. */
export function stageRows(core: TrainerCore, rows: number, cols: number, sampleWeight: boolean): ChunkBuffer {
  const o = core.options;
  checkFeatureNames(o, cols);
  checkPenaltyFactor(o, cols);
  if (core.carried.features !== null) checkStateFeatures("chunkBuffer", core.carried.features, cols);
  const bytes = layoutBytes(sessionRegions({ rows, cols }, streamingOptions(o), sampleWeight));
  return core.inScratch("partialFit", bytes, (base) => core.staging.stage(base, rows, cols, sampleWeight));
}

/**
 * One pass over a chunk placed in `session` (made with sampling "sequential" and weight total =
 * its row count, so each batch steps along (1/|B|)·Σ sᵢ∇nllᵢ + l2·w: sklearn's partial_fit
 * convention, where weights multiply and nothing is normalised by a total the stream cannot know).
 * Starts from `before` (null: w = 0, b = 0 and the seeded RNG, as sklearn's first partial_fit);
 * returns the state after it, or throws DivergenceError (the caller keeps its state).
 */
function passOverChunk(
  session: DataSession, o: ValidatedOptions, before: TrainingState | null,
  /** For a chunk placed unchecked (a chunk buffer): the epoch checks each batch, and a fault throws what this returns. */
  explainFault?: () => Error,
): { objective: number; state: TrainingState } {
  if (before) writeSessionState(session, before);
  else session.writeParameters(new Float64Array(session.context.params));
  const epochsBefore = before?.epochsDone ?? 0;
  // Stryker disable next-line ConditionalExpression: checking copied rows too only costs time: the copy path has checked every value, so the epoch finds no fault and `explainFault &&` below ignores one
  session.context.checkData(explainFault !== undefined);
  const objective = session.epoch();
  // the caller's state is untouched until this returns: a fault (or divergence) changes nothing
  if (explainFault && session.context.dataFault !== 0) throw explainFault();
  // a chunk is not an epoch of the stream: the epoch-based schedules (step, exponential) stay where they are
  const state = { ...readSessionState(session), epochsDone: epochsBefore };
  if (!Number.isFinite(objective) || !state.theta.every(Number.isFinite)) {
    throw new DivergenceError(1, Number.isFinite(objective) ? Number.NaN : objective, state.learningRate, null, null, o);
  }
  return { objective, state };
}
