import type { Matrix } from "../data.js";
import type { FitResult } from "../fit-result.js";
import type { KernelInstance } from "../wasm/load.js";
import { fitPath, pathOptions, type RegularizationHost } from "../regularization/fit-path.js";
import type { PathOptions } from "../regularization/lambda.js";
import type { RegularizationPath } from "../regularization/path.js";
import { crossValidate, type CrossValidation, type CrossValidationOptions } from "../regularization/cross-validation.js";
import type { TrainerCore } from "./core.js";
import { fitModel } from "./fit.js";
import { part, separationReachable } from "../engine-parts.js";

/** Trainer.fitPath: glmnet's path, placed in the trainer's memory; the trainer's model stays as it was. */
export function fitPathOn(core: TrainerCore, X: Matrix, y: ArrayLike<number>, options: PathOptions): RegularizationPath {
  const kernels = core.idle("fit");
  return core.runExclusively(() => fitPath(regularizationHost(core, kernels), X, y, options));
}

/** Trainer.crossValidate: cv.glmnet, then a fit at lambda1se on all rows that becomes the trainer's model. */
export function crossValidateOn(
  core: TrainerCore, X: Matrix, y: ArrayLike<number>, options: CrossValidationOptions,
): CrossValidation & { fit: FitResult } {
  const kernels = core.idle("fit");
  const host = regularizationHost(core, kernels);
  const cv = core.runExclusively(() => crossValidate(host, X, y, options));
  core.optionsOverride = Object.freeze({ ...pathOptions(host), l1: cv.path.l1[cv.index1se], l2: cv.path.l2[cv.index1se] });
  try {
    return { ...cv, fit: fitModel(core, X, y, options.sampleWeight === undefined ? {} : { sampleWeight: options.sampleWeight }) };
  } finally {
    core.optionsOverride = null;
  }
}

function regularizationHost(core: TrainerCore, kernels: KernelInstance): RegularizationHost {
  return {
    options: core.options,
    place: (X, shape, y, weights, weightTotal, regions) =>
      core.placeFit(kernels, { X, shape, y, weights: weights && { values: weights, total: weightTotal } }, regions, null).session,
    ...(separationReachable(core.options) && {
      checkUnpenalised: (session, o, theta, iterations) => part(core.parts, "separation").checkUnpenalisedExistence(session, o, theta, iterations, "cd"),
    }),
  };
}
