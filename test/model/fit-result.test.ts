// FitResult and FitSummary as data: structuredClone (what postMessage does) and JSON keep every
// field and every bit, FitResult.fromJSON rebuilds the class, summary() stays with the original,
// and fromJSON refuses foreign or tampered data with a typed error.
import { describe, expect, it } from "vitest";
import {
  DetachedFitError, FitResult, InvalidModelError, InvalidOptionError, Model, StaleFitError, type FitResultData, type TrainerOptions,
} from "../../dist/index.js";
import { float64Hex, syntheticData } from "../browser/scenarios.js";
import { rejectionOf, thrownBy } from "../helpers/thrown.js";
import { fuzzJsonLoader } from "../helpers/fuzz-json.js";
import { disposingTrainers } from "../helpers/trainers.js";

const trainer = disposingTrainers();

const CASES: TrainerOptions[] = [
  { family: "gaussian", optimizer: "newton" },
  { family: "bernoulli", optimizer: "lbfgs" },
  { family: "poisson", optimizer: "gd", epochs: 20, learningRate: 0.05 },
  { family: "multinomial", classes: 3, optimizer: "sgd", epochs: 5, l2: 1e-3 },
  { family: "gaussian", optimizer: "sgd", epochs: 20, tolerance: 0, earlyStopping: { patience: 2, restoreBest: true } },
  { family: "bernoulli", optimizer: "newton", dtype: "float32", collinear: "drop", featureNames: ["a", "b", "c", "d", "e", "f", "g"] },
];

/** Every field of a fit, with typed arrays as hex so equality means equal bits. */
function bits(fit: FitResultData): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fit)) out[key] = value instanceof Float64Array ? float64Hex(value) : value;
  return out;
}

async function fitted(options: TrainerOptions) {
  const data = syntheticData({ family: options.family!, classes: options.classes });
  const t = await trainer(options);
  return { t, fit: t.fit(data.X, data.y), ...data };
}

describe("FitResult is structured-cloneable", () => {
  for (const options of CASES) {
    const name = `${options.family}/${options.optimizer}${options.dtype ? `/${options.dtype}` : ""}`;
    it(`${name}: structuredClone gives plain data with every bit; fromJSON rebuilds a FitResult whose model() is the original's`, async () => {
      const { fit, X } = await fitted(options);
      expect(fit).toBeInstanceOf(FitResult);
      expect(Object.values(fit).some((v) => typeof v === "function")).toBe(false);
      const clone = structuredClone(fit);
      expect(Object.getPrototypeOf(clone)).toBe(Object.prototype);
      expect(bits(clone)).toEqual(bits(fit));
      const revived = await FitResult.fromJSON(clone);
      expect(revived).toBeInstanceOf(FitResult);
      expect(bits(revived)).toEqual(bits(fit));
      expect(revived.model()).toEqual(fit.model());
      // Revived arrays are copies: changing them leaves the clone alone.
      revived.coefficients[0] += 1;
      expect(float64Hex(clone.coefficients)).toBe(float64Hex(fit.coefficients));
      const model = await Model.fromJSON(revived.model());
      expect(model.features).toBe(X.cols);
    });

    it(`${name}: JSON.stringify(fit) and fromJSON round-trip every bit; the summary is plain data too`, async () => {
      const { fit } = await fitted(options);
      const viaJson = await FitResult.fromJSON(JSON.parse(JSON.stringify(fit)));
      expect(bits(viaJson)).toEqual(bits(fit));
      const summary = fit.summary();
      const cloned = structuredClone(summary);
      expect(cloned).toEqual(summary);
      expect(float64Hex(cloned.covarianceMatrix)).toBe(float64Hex(summary.covarianceMatrix));
      expect(cloned.text).toBe(summary.text);
    });
  }

  it("a perfect gaussian fit's logLikelihood +Infinity survives JSON (as the string \"Infinity\")", async () => {
    const t = await trainer({ family: "gaussian", optimizer: "newton" });
    const fit = t.fit([[0], [1], [2], [3]], [1, 3, 5, 7]);
    expect(fit.logLikelihood).toBe(Infinity);
    const json = JSON.parse(JSON.stringify(fit));
    expect(json.logLikelihood).toBe("Infinity");
    expect((await FitResult.fromJSON(json)).logLikelihood).toBe(Infinity);
  });

  it("summary() works on the original (also after cloning it); a rebuilt one throws DetachedFitError, options checked first", async () => {
    const { t, fit, X, y } = await fitted(CASES[1]);
    const clone = await FitResult.fromJSON(structuredClone(fit));
    expect(fit.summary().terms.length).toBe(X.cols + 1);
    const detached = thrownBy(() => clone.summary());
    expect(detached).toBeInstanceOf(DetachedFitError);
    expect((detached as DetachedFitError).code).toBe("DETACHED_FIT");
    expect(thrownBy(() => clone.summary({ level: 2 }))).toBeInstanceOf(InvalidOptionError);
    t.fit(X, y);
    expect(thrownBy(() => fit.summary())).toBeInstanceOf(StaleFitError);
    expect(thrownBy(() => clone.summary())).toBeInstanceOf(DetachedFitError);
  });
});

describe("FitResult.fromJSON refuses what is not a fit", () => {
  const validData = async () => JSON.parse(JSON.stringify((await fitted(CASES[1])).fit));
  const tampered: [string, (d: Record<string, unknown>) => unknown, RegExp][] = [
    ["not an object", () => [1, 2], /fit\.data/],
    ["an unknown field", (d) => ({ ...d, summary: "x" }), /fit\.summary/],
    ["a coefficient missing", (d) => ({ ...d, coefficients: (d.coefficients as number[]).slice(1) }), /fit\.coefficients/],
    ["a coefficient as text", (d) => ({ ...d, coefficients: ["1", ...(d.coefficients as number[]).slice(1)] }), /fit\.coefficients\[0\]/],
    ["NaN in the history", (d) => ({ ...d, history: [NaN, ...(d.history as number[]).slice(1)] }), /fit\.history\[0\]/],
    ["history shorter than epochs", (d) => ({ ...d, epochs: (d.epochs as number) + 1 }), /fit\.history/],
    ["an unknown stop reason", (d) => ({ ...d, stopReason: "bored" }), /fit\.stopReason/],
    ["converged contradicting stopReason", (d) => ({ ...d, converged: false }), /fit\.converged/],
    ["an unknown family", (d) => ({ ...d, family: "gamma" }), /fit\.family/],
    ["classes for a binary fit", (d) => ({ ...d, classes: 2 }), /fit\.classes/],
    ["an unknown optimizer", (d) => ({ ...d, optimizer: "adam9" }), /fit\.optimizer/],
    ["a feature name missing", (d) => ({ ...d, featureNames: ["x0"] }), /fit\.featureNames/],
    ["zero weight", (d) => ({ ...d, weightTotal: 0 }), /fit\.weightTotal/],
    ["a function in options", (d) => ({ ...d, options: { f: () => 1 } }), /fit\.options\.f/],
    ["an intercept without fitIntercept", (d) => ({ ...d, fitIntercept: false }), /fit\.intercept/],
  ];
  for (const [name, tamper, field] of tampered) {
    it(name, async () => {
      const data = tamper(await validData());
      const error = await rejectionOf(() => FitResult.fromJSON(data));
      expect(error).toBeInstanceOf(InvalidModelError);
      expect((error as Error).message).toMatch(field);
    });
  }

  it("fuzzed JSON gives a FitResult or an InvalidModelError, never a crash or a polluted prototype", async () => {
    const valid = await validData();
    await fuzzJsonLoader(valid, (data) => FitResult.fromJSON(data), InvalidModelError, { nestedField: "options" });
    const sneaky = await FitResult.fromJSON(JSON.parse(JSON.stringify(valid).replace(`"options":{`, `"options":{"__proto__":{"polluted":1},`)));
    expect(Object.getPrototypeOf(sneaky.options)).toBeNull();
  });
});
