// Models as data: fit.model() → JSON / structuredClone → Model.fromJSON → predict, with the
// trainer's bits; predictClass and score; and fromJSON refusing foreign or tampered documents.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { InvalidDataError, InvalidModelError, Model, Trainer, WasmMleError, metrics, type TrainerOptions } from "../../dist/index.js";
import { float64Hex, syntheticData } from "../browser/scenarios.js";
import { thrownBy } from "../helpers/thrown.js";
import { fuzzJsonLoader } from "../helpers/fuzz-json.js";

const FAMILY_OPTIONS: TrainerOptions[] = [
  { family: "gaussian" },
  { family: "bernoulli" },
  { family: "poisson" },
  { family: "multinomial", classes: 3 },
];

async function fitted(options: TrainerOptions) {
  const data = syntheticData({ family: options.family!, classes: options.classes });
  const trainer = await Trainer.create({ optimizer: "newton", ...options });
  const fit = trainer.fit(data.X, data.y);
  return { trainer, fit, ...data };
}

describe("fit.model() and Model.fromJSON", () => {
  for (const options of FAMILY_OPTIONS) {
    for (const dtype of ["float64", "float32"] as const) {
      it(`${options.family}/${dtype}: the model survives JSON text and structuredClone and predicts the trainer's bits`, async () => {
        const { trainer, fit, X } = await fitted({ ...options, dtype });
        const data = fit.model();
        expect(data.format).toBe("wasm-mle-model");
        expect(data.coefficients).toEqual(Array.from(fit.coefficients));
        const viaJson = await Model.fromJSON(JSON.parse(JSON.stringify(data)));
        const viaClone = await Model.fromJSON(structuredClone(data));
        const expected = float64Hex(trainer.predict(X));
        expect(float64Hex(viaJson.predict(X))).toBe(expected);
        expect(float64Hex(viaClone.predict(X))).toBe(expected);
        trainer.dispose();
        // The model needs nothing of the trainer.
        expect(float64Hex(viaJson.predict(X))).toBe(expected);
      });
    }
  }

  it("predictClass: bernoulli P > ½, multinomial the most probable class; score is accuracy", async () => {
    for (const options of [FAMILY_OPTIONS[1], FAMILY_OPTIONS[3]]) {
      const { fit, X, y } = await fitted(options);
      const model = await Model.fromJSON(fit.model());
      const p = model.predict(X);
      const K = options.classes ?? 1;
      const labels = model.predictClass(X);
      for (let i = 0; i < y.length; i++) {
        if (K === 1) expect(labels[i]).toBe(p[i] > 0.5 ? 1 : 0);
        else {
          const row = Array.from(p.subarray(i * K, i * K + K));
          expect(labels[i]).toBe(row.indexOf(Math.max(...row)));
        }
      }
      expect(model.score(X, y)).toBe(metrics.accuracy(y, labels));
      expect(model.score(X, y)).toBeGreaterThan(0.5);
    }
  });

  it("score of a gaussian model is R² (the summary's R-squared)", async () => {
    const { fit, X, y } = await fitted(FAMILY_OPTIONS[0]);
    const model = await Model.fromJSON(fit.model());
    expect(model.score(X, y)).toBeCloseTo(fit.summary().rSquared!, 12);
  });

  it("score of a poisson model is the deviance explained, as scikit-learn's PoissonRegressor.score (weighted: d2_tweedie_score)", async () => {
    const fx = JSON.parse(readFileSync(new URL("../fixtures/skl_metrics.json", import.meta.url), "utf8")).poisson_score;
    const model = await Model.fromJSON({
      format: "wasm-mle-model", version: 1, family: "poisson", classes: 1, dtype: "float64", fitIntercept: true,
      featureNames: ["a", "b", "c"], coefficients: fx.coef, intercept: [fx.intercept], options: {},
    });
    expect(Math.abs(model.score(fx.X, fx.y) - fx.score)).toBeLessThan(1e-12);
    expect(Math.abs(model.score(fx.X, fx.y, { sampleWeight: fx.weights }) - fx.score_weighted)).toBeLessThan(1e-12);
  });

  it("refuses predictClass for gaussian/poisson, and X of the wrong width", async () => {
    const { fit, X } = await fitted(FAMILY_OPTIONS[0]);
    const model = await Model.fromJSON(fit.model());
    expect(thrownBy(() => model.predictClass(X))).toBeInstanceOf(InvalidModelError);
    expect(thrownBy(() => model.predict([[1, 2]]))).toBeInstanceOf(InvalidDataError);
  });
});

describe("Model.fromJSON refuses what is not a valid model", () => {
  const valid = {
    format: "wasm-mle-model", version: 1, family: "bernoulli", classes: 1, dtype: "float64", fitIntercept: true,
    featureNames: ["a", "b"], coefficients: [0.5, -1], intercept: [0.25], options: { optimizer: "newton" },
  };
  const tampered: [string, Record<string, unknown>, RegExp][] = [
    ["another format", { ...valid, format: "onnx" }, /format/],
    ["another version", { ...valid, version: 2 }, /version/],
    ["an unknown family", { ...valid, family: "gamma" }, /family/],
    ["a coefficient missing", { ...valid, coefficients: [0.5] }, /coefficients/],
    ["a coefficient as text", { ...valid, coefficients: [0.5, "1"] }, /coefficients\[1\]/],
    ["classes for a binary model", { ...valid, classes: 2 }, /classes/],
    ["an extra field", { ...valid, weights: [1] }, /weights/],
    ["duplicate feature names", { ...valid, featureNames: ["a", "a"] }, /featureNames/],
    ["a non-zero intercept without one", { ...valid, fitIntercept: false }, /intercept/],
    ["a function in options", { ...valid, options: { f: () => 1 } }, /options\.f/],
  ];
  for (const [name, data, field] of tampered) {
    it(name, async () => {
      const error = await Model.fromJSON(data).then(() => null, (e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidModelError);
      expect((error as Error).message).toMatch(field);
    });
  }

  it("fuzzed JSON gives a model or an InvalidModelError, never a crash or a polluted prototype", async () => {
    await fuzzJsonLoader(valid, (data) => Model.fromJSON(data), InvalidModelError, { nestedField: "options" });
    const sneaky = await Model.fromJSON(JSON.parse(JSON.stringify(valid).replace(`"options":{`, `"options":{"__proto__":{"polluted":1},`)));
    expect(Object.getPrototypeOf(sneaky.data.options)).toBeNull();
  });
});

describe("Model.fromJSON names the field it refuses", () => {
  const valid = {
    format: "wasm-mle-model", version: 1, family: "bernoulli", classes: 1, dtype: "float64", fitIntercept: true,
    featureNames: ["a", "b"], coefficients: [0.5, -1], intercept: [0.25], options: { optimizer: "newton" },
  };
  const multinomial = { ...valid, family: "multinomial", classes: 3, coefficients: [1, 2, 3, 4, 5, 6], intercept: [0, 1, 2] };
  const deep = (levels: number): unknown => (levels === 0 ? 1 : [deep(levels - 1)]);
  const cases: [string, unknown, string][] = [
    ["not an object", [valid], "model"],
    ["another format", { ...valid, format: "onnx" }, "format"],
    ["another version", { ...valid, version: 2 }, "version"],
    ["an extra field", { ...valid, weights: [1] }, "weights"],
    ["an unknown family", { ...valid, family: "gamma" }, "family"],
    ["classes 2 for bernoulli", { ...valid, classes: 2 }, "classes"],
    ["classes 1 for multinomial", { ...multinomial, classes: 1 }, "classes"],
    ["classes 2.5 for multinomial", { ...multinomial, classes: 2.5 }, "classes"],
    ["dtype float16", { ...valid, dtype: "float16" }, "dtype"],
    ["fitIntercept as text", { ...valid, fitIntercept: "true" }, "fitIntercept"],
    ["an empty feature name", { ...valid, featureNames: ["a", ""] }, "featureNames"],
    ["too few coefficients", { ...valid, coefficients: [0.5] }, "coefficients"],
    ["coefficients not an array", { ...valid, coefficients: { 0: 0.5, 1: -1 } }, "coefficients"],
    ["a coefficient as text", { ...valid, coefficients: [0.5, "1"] }, "coefficients[1]"],
    ["multinomial intercepts of the wrong length", { ...multinomial, intercept: [0, 1] }, "intercept"],
    ["a non-zero intercept without one", { ...valid, fitIntercept: false }, "intercept"],
    ["options not an object", { ...valid, options: [1] }, "options"],
    ["encoding not an object", { ...valid, encoding: "onehot" }, "encoding"],
    ["options nested too deep", { ...valid, options: { deep: deep(40) } }, "options.deep"],
  ];
  for (const [name, data, field] of cases) {
    it(name, async () => {
      const error = await Model.fromJSON(data).then(() => null, (e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidModelError);
      expect((error as InvalidModelError).field).toMatch(new RegExp(`^${field.replace(/[[\].]/g, "\\$&")}`));
    });
  }

  it("the valid documents load and predict with their numbers", async () => {
    const model = await Model.fromJSON(valid);
    expect(model.predict([[2, 1]])[0]).toBeCloseTo(1 / (1 + Math.exp(-(0.25 + 0.5 * 2 - 1))), 15);
    const classes = await Model.fromJSON(multinomial);
    const p = classes.predict([[1, 1]]);
    // feature-major: class c's linear predictor is b_c + Σ_j x_j·coefficients[j·K + c]
    const eta = [0 + 1 + 4, 1 + 2 + 5, 2 + 3 + 6];
    const total = eta.reduce((s, e) => s + Math.exp(e), 0);
    eta.forEach((e, c) => expect(p[c]).toBeCloseTo(Math.exp(e) / total, 14));
  });
});
