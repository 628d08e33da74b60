import { InvalidDataError, InvalidOptionError, NotFittedError } from "../errors.js";
import { copyParameters, copyResponse, copyWeights, matrixShape, type Matrix } from "../data.js";
import { DataSession, predictInMemory, predictRegions, sessionRegions } from "../session.js";
import { thetaOf, toFeatureMajor } from "../fit-result.js";
import { layoutBytes } from "../wasm/arena.js";
import { checkFitOptions, type FitOptions } from "../training/fit-options.js";
import type { TrainerCore } from "./core.js";
import { addPenalty, hasScaledPenalty } from "../training/penalty.js";
import { checkPenaltyFactor } from "../regularization/fit-path.js";

/** Trainer.predict: the mean response at each row of X with the last fit's parameters. */
export function predictMean(core: TrainerCore, X: Matrix): Float64Array {
  const kernels = core.idle("predict");
  if (!core.fitted) throw new NotFittedError("predict");
  const shape = matrixShape(X);
  if (shape.cols !== core.fitted.features) {
    throw new InvalidDataError("X", `it has ${shape.cols} columns but the model was fitted with ${core.fitted.features}`, shape.cols);
  }
  const theta = core.fitted.theta;
  return core.inScratch("predict", layoutBytes(predictRegions(shape, core.options)), (base) => predictInMemory(kernels, base, core.options, X, shape, theta));
}

/** Trainer.evaluate: f and its exact gradient at given (feature-major) parameters, every argument checked first. */
export function evaluateAt(
  core: TrainerCore,
  X: Matrix,
  y: ArrayLike<number>,
  coefficients: ArrayLike<number>,
  intercept: ArrayLike<number>,
  fitOptions: Pick<FitOptions, "sampleWeight">,
): { objective: number; coefficients: Float64Array; intercept: Float64Array } {
  const kernels = core.idle("evaluate");
  const { sampleWeight, onEpoch, validation, signal } = checkFitOptions(fitOptions);
  if (onEpoch !== undefined) throw new InvalidOptionError("onEpoch", onEpoch, "no onEpoch: evaluate() runs no epochs (its options are { sampleWeight? })");
  if (signal !== undefined) throw new InvalidOptionError("signal", signal, "no signal: evaluate() is one pass and cannot be aborted (its options are { sampleWeight? })");
  if (validation !== undefined) throw new InvalidOptionError("validation", validation, "no validation: evaluate() scores the rows it is given (its options are { sampleWeight? })");
  const o = core.options;
  const shape = matrixShape(X);
  checkPenaltyFactor(o, shape.cols);
  const K = o.classes;
  const yCopy = copyResponse(y, shape.rows, o.family, K, o.dtype);
  const W = copyParameters(coefficients, shape.cols * K, "coefficients", `X's ${shape.cols} columns × ${K} ${K === 1 ? "output" : "classes"}`, o.dtype);
  const b = copyParameters(intercept, K, "intercept", `one per ${K === 1 ? "output" : "class"}, so ${K}`, o.dtype);
  const weights = sampleWeight === undefined ? undefined : copyWeights(sampleWeight, shape.rows, o.dtype);
  const weightTotal = weights ? weights.total : shape.rows;
  const bytes = layoutBytes(sessionRegions(shape, o, weights !== undefined));
  const session = core.inScratch("evaluate", bytes, (base) => new DataSession(kernels, o, X, shape, yCopy, weights?.values, weightTotal, {}, base));
  const theta = thetaOf(W, b, shape.cols, K);
  session.writeParameters(theta);
  if (!hasScaledPenalty(o, shape.cols, shape.rows)) {
    const { objective, gradient } = session.gradient();
    return { objective, coefficients: toFeatureMajor(gradient, shape.cols, K), intercept: gradient.slice(shape.cols * K) };
  }
  // the penalty of standardize, penaltyFactor or l1, which the kernels' (l2/2)·‖w‖² is not
  const data = session.gradient(0);
  const gradient = data.gradient;
  const objective = data.objective + addPenalty(session, o, theta, gradient);
  return { objective, coefficients: toFeatureMajor(gradient, shape.cols, K), intercept: gradient.slice(shape.cols * K) };
}
