// FitResult.fromJSON's document check (bindings/fit-result-data.ts) field by field, at each
// boundary, on a hand-made document; and fitResultJson's encoding of an infinite log-likelihood.
import { describe, expect, it } from "vitest";
import { InvalidModelError } from "../../dist/index.js";
import { checkFitResultData } from "../../dist/fit-result-data.js";
import { FIT_RESULT_FIELDS, fitResultJson } from "../../dist/fit-result-json.js";
import { thrownAs } from "../helpers/thrown.js";

const valid = {
  coefficients: [0.5, -1], intercept: [0.25], objective: 0.3, logLikelihood: -2, history: [1, 0.5], validationHistory: [0.9, 0.8],
  bestEpoch: 2, epochs: 2, converged: true, stopReason: "converged", family: "bernoulli", classes: 1, features: 2, optimizer: "newton",
  dtype: "float64", kernels: "simd", nobs: 10, weightTotal: 9.5, warnings: ["w"], aliased: [], featureNames: ["a", "b"], fitIntercept: true,
  options: { l2: 0.5 },
};
const multinomial = { ...valid, family: "multinomial", classes: 3, coefficients: [1, 2, 3, 4, 5, 6], intercept: [0, 1, 2] };

const refusal = (data: unknown) => thrownAs(() => checkFitResultData(data), InvalidModelError);

describe("checkFitResultData", () => {
  it("accepts a valid document and returns its values as typed arrays", () => {
    const fit = checkFitResultData(valid);
    expect(fit.coefficients).toEqual(Float64Array.of(0.5, -1));
    expect(fit.intercept).toEqual(Float64Array.of(0.25));
    expect(fit.history).toEqual(Float64Array.of(1, 0.5));
    expect(fit.validationHistory).toEqual(Float64Array.of(0.9, 0.8));
    const { coefficients, intercept, history, validationHistory, options, ...rest } = fit;
    const { coefficients: c, intercept: b, history: h, validationHistory: v, options: o, ...plain } = valid;
    expect(rest).toEqual(plain);
    expect(options).toEqual(o);
    expect(Object.isFrozen(options)).toBe(true);
    expect(checkFitResultData(multinomial).coefficients).toEqual(Float64Array.of(1, 2, 3, 4, 5, 6));
    expect(checkFitResultData({ ...valid, intercept: Float64Array.of(0.25), coefficients: Float64Array.of(1, 2) }).coefficients).toEqual(Float64Array.of(1, 2));
    expect(checkFitResultData({ ...valid, validationHistory: [], bestEpoch: null }).bestEpoch).toBeNull();
    expect(checkFitResultData({ ...valid, epochs: 0, history: [], validationHistory: [], bestEpoch: null }).epochs).toBe(0);
    expect(checkFitResultData({ ...valid, fitIntercept: false, intercept: [0] }).fitIntercept).toBe(false);
    expect(checkFitResultData({ ...valid, stopReason: "maxEpochs", converged: false }).converged).toBe(false);
    expect(checkFitResultData({ ...multinomial, classes: 65535, coefficients: new Array(2 * 65535).fill(0), intercept: new Array(65535).fill(0) }).classes).toBe(65535);
    expect(checkFitResultData({ ...valid, optimizer: "cd" }).optimizer).toBe("cd");
    expect(checkFitResultData({ ...valid, optimizer: "adamw", dtype: "float32", kernels: "scalar" }).kernels).toBe("scalar");
  });

  it('logLikelihood: a number or ±Infinity, in JSON "Infinity" or "-Infinity", never NaN', () => {
    expect(checkFitResultData({ ...valid, logLikelihood: "Infinity" }).logLikelihood).toBe(Infinity);
    expect(checkFitResultData({ ...valid, logLikelihood: "-Infinity" }).logLikelihood).toBe(-Infinity);
    expect(checkFitResultData({ ...valid, logLikelihood: -Infinity }).logLikelihood).toBe(-Infinity);
    for (const bad of [Number.NaN, "NaN", "-2", null]) expect(refusal({ ...valid, logLikelihood: bad }).field).toBe("fit.logLikelihood");
    const json = fitResultJson(checkFitResultData({ ...valid, logLikelihood: Infinity }));
    expect(json.logLikelihood).toBe("Infinity");
    expect(fitResultJson(checkFitResultData({ ...valid, logLikelihood: -Infinity })).logLikelihood).toBe("-Infinity");
    expect(fitResultJson(checkFitResultData(valid)).logLikelihood).toBe(-2);
    expect(Object.keys(json)).toEqual([...FIT_RESULT_FIELDS]);
    expect(Array.isArray(json.coefficients) && Array.isArray(json.intercept) && Array.isArray(json.history) && Array.isArray(json.validationHistory)).toBe(true);
  });

  it.each([
    ["not a plain object", [valid], "fit.data"],
    ["an unknown field", { ...valid, model: {} }, "fit.model"],
    ["family", { ...valid, family: "toString" }, "fit.family"],
    ["classes 0", { ...valid, classes: 0 }, "fit.classes"],
    ["classes 2 for bernoulli", { ...valid, classes: 2 }, "fit.classes"],
    ["classes 1 for multinomial", { ...multinomial, classes: 1 }, "fit.classes"],
    ["classes 65536 for multinomial", { ...multinomial, classes: 65536 }, "fit.classes"],
    ["classes 2.5", { ...multinomial, classes: 2.5 }, "fit.classes"],
    ["features 0", { ...valid, features: 0, coefficients: [], featureNames: [] }, "fit.features"],
    ["epochs −1", { ...valid, epochs: -1 }, "fit.epochs"],
    ["epochs as text", { ...valid, epochs: "2" }, "fit.epochs"],
    ["stopReason", { ...valid, stopReason: "toString" }, "fit.stopReason"],
    ["converged without stopReason converged", { ...valid, stopReason: "maxEpochs" }, "fit.converged"],
    ["converged as text", { ...valid, converged: "true" }, "fit.converged"],
    ["fitIntercept", { ...valid, fitIntercept: 1 }, "fit.fitIntercept"],
    ["an intercept without fitIntercept", { ...valid, fitIntercept: false }, "fit.intercept"],
    ["an intercept of the wrong length", { ...valid, intercept: [0, 1] }, "fit.intercept"],
    ["an intercept that is not a list", { ...valid, intercept: 0.25 }, "fit.intercept"],
    ["an intercept that is a Float32Array", { ...valid, intercept: Float32Array.of(0.25) }, "fit.intercept"],
    ["an infinite intercept", { ...valid, intercept: [Infinity] }, "fit.intercept[0]"],
    ["coefficients of the wrong length", { ...multinomial, coefficients: [1, 2, 3] }, "fit.coefficients"],
    ["a text coefficient", { ...valid, coefficients: [0.5, "1"] }, "fit.coefficients[1]"],
    ["featureNames of another length", { ...valid, featureNames: ["a"] }, "fit.featureNames"],
    ["featureNames that are not strings", { ...valid, featureNames: ["a", 2] }, "fit.featureNames"],
    ["nobs 0", { ...valid, nobs: 0 }, "fit.nobs"],
    ["weightTotal 0", { ...valid, weightTotal: 0 }, "fit.weightTotal"],
    ["weightTotal NaN", { ...valid, weightTotal: Number.NaN }, "fit.weightTotal"],
    ["weightTotal −1", { ...valid, weightTotal: -1 }, "fit.weightTotal"],
    ["options as an array", { ...valid, options: [] }, "fit.options"],
    ["options missing", { ...valid, options: undefined }, "fit.options"],
    ["more validation values than epochs", { ...valid, validationHistory: [1, 2, 3], bestEpoch: 1 }, "fit.validationHistory"],
    ["a validation value NaN", { ...valid, validationHistory: [1, Number.NaN] }, "fit.validationHistory[1]"],
    ["validationHistory as text", { ...valid, validationHistory: "0.9" }, "fit.validationHistory"],
    ["a bestEpoch without validation", { ...valid, validationHistory: [], bestEpoch: 1 }, "fit.bestEpoch"],
    ["bestEpoch null with validation", { ...valid, bestEpoch: null }, "fit.bestEpoch"],
    ["bestEpoch 0", { ...valid, bestEpoch: 0 }, "fit.bestEpoch"],
    ["bestEpoch past the validation", { ...valid, bestEpoch: 3, epochs: 3, history: [1, 2, 3] }, "fit.bestEpoch"],
    ["bestEpoch 1.5", { ...valid, bestEpoch: 1.5 }, "fit.bestEpoch"],
    ["bestEpoch as text", { ...valid, bestEpoch: "1" }, "fit.bestEpoch"],
    ["objective NaN", { ...valid, objective: Number.NaN }, "fit.objective"],
    ["history shorter than epochs", { ...valid, history: [1] }, "fit.history"],
    ["optimizer", { ...valid, optimizer: "bfgs" }, "fit.optimizer"],
    ["dtype", { ...valid, dtype: "float16" }, "fit.dtype"],
    ["kernels", { ...valid, kernels: "gpu" }, "fit.kernels"],
    ["warnings of numbers", { ...valid, warnings: [1] }, "fit.warnings"],
    ["aliased as text", { ...valid, aliased: "a" }, "fit.aliased"],
  ])("refuses %s", (_name, data, field) => {
    expect(refusal(data).field).toBe(field);
  });

  it("the refusal names the value and what is valid", () => {
    const classes = refusal({ ...valid, classes: 2 });
    expect(classes.value).toBe(2);
    expect(classes.expected).toBe('1 for family "bernoulli"');
    expect(refusal({ ...multinomial, classes: 1 }).expected).toBe("an integer from 2 to 65535");
    expect(refusal({ ...valid, stopReason: "maxEpochs" }).expected).toBe('false, as stopReason is "maxEpochs"');
    expect(refusal({ ...valid, converged: false }).expected).toBe('true, as stopReason is "converged"');
    expect(refusal({ ...valid, epochs: -1 }).expected).toBe("an integer ≥ 0");
    expect(refusal({ ...valid, nobs: 0 }).expected).toBe("an integer ≥ 1");
    expect(refusal({ ...valid, objective: Number.NaN }).expected).toBe("a finite number");
    expect(refusal({ ...valid, weightTotal: "1" }).expected).toBe("a finite number");
    expect(refusal({ ...valid, coefficients: [0.5, Infinity] }).expected).toBe("a finite number");
    expect(refusal({ ...valid, bestEpoch: 0 }).expected).toBe("an epoch from 1 to 2");
    expect(refusal({ ...valid, validationHistory: [], bestEpoch: 1 }).expected).toBe("null without a validationHistory");
    expect(refusal({ ...valid, dtype: "x" }).expected).toBe('one of "float64", "float32"');
    expect(refusal({ ...valid, intercept: [0, 1] }).expected).toBe("1 values, got 2");
    expect(refusal({ ...valid, featureNames: ["a"] }).expected).toBe("2 strings (one per feature), got 1");
    expect(refusal({ ...valid, validationHistory: [1, 2, 3], bestEpoch: 1 }).expected).toBe("at most one value per epoch (2)");
  });
});
