// The document fit.model() writes (bindings/model-data.ts): the options a fit ran with, the
// default feature names, standardize only when it was on, and arrays that are copies.
import { describe, expect, it } from "vitest";
import { Trainer } from "../../dist/index.js";
import { modelData } from "../../dist/model-data.js";
import { validateOptions } from "../../dist/options.js";

describe("fit.model()", () => {
  it("names the options of the fit, the resolved and the requested optimizer", () => {
    const o = validateOptions({ family: "bernoulli", l2: 0.5, learningRate: 0.2, batchSize: 7, epochs: 9, tolerance: 1e-6, seed: 4, sampling: "replacement", collinear: "drop" });
    const coefficients = Float64Array.of(1, -2);
    const intercept = Float64Array.of(0.5);
    const model = modelData(o, coefficients, intercept, 2, "newton");
    expect(model).toEqual({
      format: "wasm-mle-model", version: 1, family: "bernoulli", classes: 1, dtype: "float64", fitIntercept: true, featureNames: ["x0", "x1"],
      coefficients: [1, -2], intercept: [0.5],
      options: { optimizer: "newton", requestedOptimizer: "auto", l2: 0.5, learningRate: 0.2, batchSize: 7, epochs: 9, tolerance: 1e-6, seed: 4, sampling: "replacement", collinear: "drop" },
    });
    expect(Array.isArray(model.coefficients) && Array.isArray(model.intercept)).toBe(true);
    const named = modelData(validateOptions({ family: "multinomial", classes: 2, featureNames: ["a"], dtype: "float32", fitIntercept: false, standardize: true }), Float64Array.of(1, 2), Float64Array.of(0, 0), 1, "cd");
    expect(named.featureNames).toEqual(["a"]);
    expect([named.family, named.classes, named.dtype, named.fitIntercept]).toEqual(["multinomial", 2, "float32", false]);
    expect(named.options.standardize).toBe(true);
    expect("standardize" in modelData(validateOptions({ standardize: false }), Float64Array.of(1), Float64Array.of(0), 1, "cd").options).toBe(false);
  });

  it("a trainer's fit.model() is that document", async () => {
    const trainer = await Trainer.create({ family: "poisson", optimizer: "lbfgs", featureNames: ["u", "v"] });
    const fit = trainer.fit([[0, 1], [1, 0], [1, 1], [2, 1]], [1, 2, 2, 5]);
    const model = fit.model();
    expect(model.featureNames).toEqual(["u", "v"]);
    expect(model.options.optimizer).toBe("lbfgs");
    expect(model.options.requestedOptimizer).toBe("lbfgs");
    expect(model.coefficients).toEqual(Array.from(fit.coefficients));
    trainer.dispose();
  });
});
