import type { ValidatedOptions } from "./options.js";
import { MODEL_FORMAT, MODEL_FORMAT_VERSION, type ModelData } from "./model.js";

// The model document a fit makes, in the engine chunk (bindings/engine.ts) rather than in what
// `import "wasm-mle"` loads; Model.fromJSON checks documents with bindings/model-checks.ts.

/** The model data of a fit (what FitResult.model() returns): plain, JSON-safe, feature-major. */
export function modelData(
  o: ValidatedOptions, coefficients: Float64Array, intercept: Float64Array, features: number, optimizer: string,
): ModelData {
  const featureNames = o.featureNames ?? Array.from({ length: features }, (_, j) => `x${j}`);
  return {
    format: MODEL_FORMAT,
    version: MODEL_FORMAT_VERSION,
    family: o.family.name,
    classes: o.classes,
    dtype: o.dtype,
    fitIntercept: o.fitIntercept,
    featureNames: [...featureNames],
    coefficients: Array.from(coefficients),
    intercept: Array.from(intercept),
    options: {
      optimizer, requestedOptimizer: o.optimizer, l2: o.l2, learningRate: o.learningRate, batchSize: o.batchSize, epochs: o.epochs,
      tolerance: o.tolerance, seed: o.seed, sampling: o.sampling, collinear: o.collinear,
      // the coefficients are on the original scale either way: predict needs no scaler
      ...(o.standardize === true ? { standardize: true } : {}),
    },
  };
}
