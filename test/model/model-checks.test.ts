// checkModelData (bindings/model-checks.ts) on its own: the frozen copy it returns, and each
// field's refusal at its boundary with the value and what is valid.
import { describe, expect, it } from "vitest";
import { InvalidModelError } from "../../dist/index.js";
import { checkModelData } from "../../dist/model-checks.js";
import { thrownAs } from "../helpers/thrown.js";

const valid = {
  format: "wasm-mle-model", version: 1, family: "poisson", classes: 1, dtype: "float32", fitIntercept: true,
  featureNames: ["a", "b"], coefficients: [0.5, -1], intercept: [0.25], options: { seed: 3 },
};
const refusal = (data: unknown) => thrownAs(() => checkModelData(data), InvalidModelError);

describe("checkModelData", () => {
  it("returns a frozen copy with the same values", () => {
    const model = checkModelData(valid);
    expect(model).toEqual(valid);
    for (const part of [model, model.featureNames, model.coefficients, model.intercept, model.options]) expect(Object.isFrozen(part)).toBe(true);
    expect(model.coefficients).not.toBe(valid.coefficients);
    expect(checkModelData({ ...valid, options: undefined }).options).toEqual({});
    expect("encoding" in checkModelData(valid)).toBe(false);
    const wide = { ...valid, family: "multinomial", classes: 65535, featureNames: ["a"], coefficients: new Array(65535).fill(0), intercept: new Array(65535).fill(0) };
    expect(checkModelData(wide).classes).toBe(65535);
    expect(checkModelData({ ...wide, classes: 2, coefficients: [0, 0], intercept: [0, 0] }).classes).toBe(2);
    expect(checkModelData({ ...valid, fitIntercept: false, intercept: [0] }).fitIntercept).toBe(false);
    expect(checkModelData(Object.assign(Object.create(null), valid)).family).toBe("poisson");
  });

  it.each([
    ["model", null, "model"],
    ["format", { ...valid, format: undefined }, "format"],
    ["version", { ...valid, version: "1" }, "version"],
    ["an inherited format", Object.assign(Object.create({ format: "wasm-mle-model" }), {}), "model"],
    ["family toString", { ...valid, family: "toString" }, "family"],
    ["classes 65536", { ...valid, family: "multinomial", classes: 65536 }, "classes"],
    ["classes 1.5", { ...valid, classes: 1.5 }, "classes"],
    ["classes as text", { ...valid, classes: "1" }, "classes"],
    ["dtype", { ...valid, dtype: "int8" }, "dtype"],
    ["fitIntercept", { ...valid, fitIntercept: null }, "fitIntercept"],
    ["featureNames empty", { ...valid, featureNames: [] }, "featureNames"],
    ["featureNames as text", { ...valid, featureNames: "a,b" }, "featureNames"],
    ["featureNames repeated", { ...valid, featureNames: ["a", "a"] }, "featureNames"],
    ["a feature name that is a number", { ...valid, featureNames: ["a", 2] }, "featureNames"],
    ["coefficients too many", { ...valid, coefficients: [1, 2, 3] }, "coefficients"],
    ["an infinite coefficient", { ...valid, coefficients: [1, Infinity] }, "coefficients[1]"],
    ["an intercept that is text", { ...valid, intercept: ["0"] }, "intercept[0]"],
    ["intercept not a list", { ...valid, intercept: 0 }, "intercept"],
    ["options null", { ...valid, options: null }, "options"],
    ["encoding an array", { ...valid, encoding: [] }, "encoding"],
  ])("refuses %s", (_name, data, field) => {
    expect(refusal(data).field).toBe(field);
  });

  it("what the refusal says is valid", () => {
    expect(refusal({ ...valid, classes: 2 }).expected).toBe('1 for family "poisson"');
    expect(refusal({ ...valid, family: "multinomial", classes: 1 }).expected).toBe("an integer from 2 to 65535");
    expect(refusal({ ...valid, coefficients: [1] }).expected).toMatch(/^2 values .*got 1$/);
    expect(refusal({ ...valid, intercept: 0 }).expected).toBe("an array of 1 finite numbers");
    expect(refusal({ ...valid, fitIntercept: false }).expected).toBe("zeros when fitIntercept is false");
    expect(refusal({ ...valid, weights: [] }).expected).toMatch(/^no such field; a model has format, version, family/);
  });
});
