import { InvalidOptionError } from "../errors.js";
import { copyResponse, copyWeights, matrixShape, type Matrix, type MatrixShape } from "../data.js";
import type { ValidatedOptions } from "../options.js";
import type { DataSession } from "../session.js";
import { checkExistenceFromData } from "../diagnostics/existence.js";
import { cdRegions } from "./cd-regions.js";
import { sessionSolver } from "./cd-optimizer.js";
import { validatePathOptions, type PathOptions, type ValidatedPathOptions } from "./lambda.js";
import { runPath, type RegularizationPath } from "./path.js";
import { responseScale } from "./standardization.js";
import { thetaOf } from "../fit-result.js";

/** What fitPath/crossValidate need of a trainer: its options and a place for a fit's data. */
export interface RegularizationHost {
  readonly options: ValidatedOptions;
  place(X: Matrix, shape: MatrixShape, y: Float64Array, weights: Float64Array | undefined, weightTotal: number, regions: Record<string, number>): DataSession;
  /**
   * Throws a SeparationError when the unpenalised terms (intercepts, features with penaltyFactor 0)
   * separate the session's data, so that no λ has a finite solution; θ is the last estimate.
   * Absent where that cannot happen (gaussian).
   */
  checkUnpenalised?(session: DataSession, o: ValidatedOptions, theta: Float64Array, iterations: number): void;
}

/** penaltyFactor must have one factor per column of X. */
export function checkPenaltyFactor(o: ValidatedOptions, cols: number): void {
  if (o.penaltyFactor !== null && o.penaltyFactor.length !== cols) {
    throw new InvalidOptionError("penaltyFactor", o.penaltyFactor, `${cols} factors, one per column of X (it has ${o.penaltyFactor.length})`);
  }
}

/** The trainer's options as a path solves them: coordinate descent, standardised unless the user said otherwise. */
export function pathOptions(host: RegularizationHost): ValidatedOptions {
  const o = host.options;
  return Object.freeze({ ...o, optimizer: "cd" as const, standardize: o.standardize !== false });
}

export interface PlacedData {
  session: DataSession;
  o: ValidatedOptions;
  shape: MatrixShape;
  y: Float64Array;
  weights: Float64Array | undefined;
  weightTotal: number;
  path: ValidatedPathOptions;
}

/** Checks X, y, the weights and the path options, then copies the data into WASM memory. */
export function placePathData(host: RegularizationHost, X: Matrix, y: ArrayLike<number>, options: unknown, extra: readonly string[] = [], alwaysWeighted = false): PlacedData & { raw: Record<string, unknown> } {
  const { path, raw } = validatePathOptions(options, extra);
  const o = pathOptions(host);
  const shape = matrixShape(X);
  checkPenaltyFactor(o, shape.cols);
  const yCopy = copyResponse(y, shape.rows, o.family, o.classes, o.dtype);
  const given = path.sampleWeight === undefined ? undefined : copyWeights(path.sampleWeight, shape.rows, o.dtype);
  const weights = given?.values ?? (alwaysWeighted ? new Float64Array(shape.rows).fill(1) : undefined);
  const weightTotal = given ? given.total : shape.rows;
  checkExistenceFromData(o, yCopy, weights, shape.cols, "cd");
  const session = host.place(X, shape, yCopy, weights, weightTotal, cdRegions(shape.rows, shape.cols, o.classes, o.family.name));
  return { session, o, shape, y: yCopy, weights, weightTotal, path, raw };
}

/** trainer.fitPath: see Trainer.fitPath. */
export function fitPath(host: RegularizationHost, X: Matrix, y: ArrayLike<number>, options: PathOptions | undefined): RegularizationPath {
  const data = placePathData(host, X, y, options);
  const solver = sessionSolver(data.session, data.o);
  const scale = responseScale(data.y, data.weights, data.weightTotal, data.o.fitIntercept);
  const path = runPath(solver, data.o, data.path, data.shape.rows, scale);
  const last = path.lambdas.length - 1;
  const iterations = path.iterations.reduce((sum, count) => sum + count, 0);
  host.checkUnpenalised?.(data.session, data.o, thetaOf(path.coefficients[last], path.intercepts[last], data.shape.cols, data.o.classes), iterations);
  return path;
}
