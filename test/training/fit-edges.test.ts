// A fit whose optimizer returns but whose objective at the returned parameters is not finite is a
// DivergenceError (bindings/trainer/fit.ts), never a result: L-BFGS from a start whose objective
// already overflows, and one gd step that overflows after a finite first epoch value (the loop's
// own checks saw only that value). The trainer keeps the model it had.
import { describe, expect, it } from "vitest";
import { DivergenceError, InvalidOptionError, NotFittedError, TrainingStateError } from "../../dist/index.js";
import { syntheticData } from "../helpers/fixtures.js";
import { thrownBy } from "../helpers/thrown.js";
import { disposingTrainers } from "../helpers/trainers.js";

const trainer = disposingTrainers();

describe("a non-finite objective after the optimizer returns", () => {
  it("lbfgs from a start whose objective is +∞: iteration 0, no learning rate, no finite value", async () => {
    const t = await trainer({ optimizer: "lbfgs" });
    // gaussian residuals of ±1e200 at the intercept-only start: (1e200)² overflows
    const error = thrownBy(() => t.fit([[1], [2], [3], [4]], [1e200, -1e200, 1e200, -1e200]));
    expect(error).toBeInstanceOf(DivergenceError);
    const divergence = error as DivergenceError;
    expect([divergence.epoch, divergence.objective, divergence.learningRate, divergence.lastFiniteObjective, divergence.startObjective])
      .toEqual([0, Infinity, null, null, null]);
    expect(divergence.message).toMatch(/at iteration 0/);
    expect(thrownBy(() => t.predict([[1]]))).toBeInstanceOf(NotFittedError);
  });

  it("gd, one epoch: its finite value at the start, then a step to +∞; the previous model stays", async () => {
    const t = await trainer({ optimizer: "gd", epochs: 1, learningRate: 1 });
    const good = t.fit([[1], [2], [3]], [1, 2, 4]);
    const X = [[1e100], [1e100], [-1e100]];
    const y = [1e100, 3e100, 0];
    // f at w = 0, b = ȳ: the mean of ½(yᵢ − ȳ)²
    const mean = (1e100 + 3e100) / 3;
    const start = y.reduce((s, v) => s + 0.5 * (v - mean) ** 2, 0) / 3;
    const error = thrownBy(() => t.fit(X, y));
    expect(error).toBeInstanceOf(DivergenceError);
    const divergence = error as DivergenceError;
    expect([divergence.epoch, divergence.objective, divergence.learningRate, divergence.startObjective]).toEqual([1, Infinity, 1, null]);
    expect(divergence.lastFiniteObjective! / start).toBeCloseTo(1, 12);
    expect(divergence.message).toMatch(/at epoch 1: the objective became Infinity \(last finite value .*learningRate than 1/);
    expect(t.predict([[2]])[0]).toBeCloseTo(good.intercept[0] + 2 * good.coefficients[0], 12);
  });
});

describe("evaluate() takes { sampleWeight? } only", () => {
  it("onEpoch, signal and validation are refused by name, with the value given", async () => {
    const t = await trainer({});
    const onEpoch = () => true;
    const signal = new AbortController().signal;
    const validation = { X: [[1]], y: [1] };
    for (const [option, value] of [["onEpoch", onEpoch], ["signal", signal], ["validation", validation]] as const) {
      const error = thrownBy(() => t.evaluate([[1], [2]], [1, 2], [0], [0], { [option]: value } as never)) as InvalidOptionError;
      expect(error, option).toBeInstanceOf(InvalidOptionError);
      expect([error.option, error.value], option).toEqual([option, value]);
    }
    expect(t.evaluate([[1], [2]], [1, 3], [0], [2], { sampleWeight: [1, 3] }).objective).toBeCloseTo((0.5 * 1 + 3 * 0.5 * 1) / 4, 15);
  });
});

describe("an L1 fit's summary statistics come from its own data loss", () => {
  it("gaussian: deviance = Σ(y − ŷ)²; poisson: 2Σ(y·log(y/μ) − (y − μ)), over 40 rows", async () => {
    const gaussian = syntheticData("gaussian", 40, 3, 12);
    const g = await trainer({ l1: 0.05 });
    const gSummary = g.fit(gaussian.X, gaussian.y).summary();
    const gHat = g.predict(gaussian.X);
    const rss = gaussian.y.reduce((s, v, i) => s + (v - gHat[i]) ** 2, 0);
    expect(gSummary.deviance / rss).toBeCloseTo(1, 10);
    const counts = syntheticData("poisson", 40, 3, 13);
    const p = await trainer({ family: "poisson", l1: 0.02 });
    const pSummary = p.fit(counts.X, counts.y).summary();
    const mu = p.predict(counts.X);
    const deviance = 2 * counts.y.reduce((s, v, i) => s + (v > 0 ? v * Math.log(v / mu[i]) : 0) - (v - mu[i]), 0);
    expect(pSummary.deviance / deviance).toBeCloseTo(1, 9);
  });
});

describe("TrainingStateError names the method refused and why", () => {
  it("resume, saveState, partialFit and chunkBuffer without a state to carry", async () => {
    const newton = await trainer({ optimizer: "newton" });
    newton.fit([[1], [2], [4]], [1, 2, 3]);
    const gd = await trainer({ optimizer: "gd" });
    const fresh = await trainer({ optimizer: "sgd" });
    const standardized = await trainer({ optimizer: "sgd", standardize: true });
    const cases: [() => unknown, string, string][] = [
      [() => newton.fit([[1], [2], [4]], [1, 2, 3], { resume: true }), "fit", "optimizer"],
      [() => newton.saveState(), "saveState", "optimizer"],
      [() => newton.chunkBuffer(4, 1), "chunkBuffer", "optimizer"],
      [() => gd.partialFit([[1], [2]], [1, 2]), "partialFit", "optimizer"],
      [() => fresh.fit([[1], [2]], [1, 2], { resume: true }), "fit", "none"],
      [() => fresh.saveState(), "saveState", "none"],
      [() => standardized.saveState(), "saveState", "standardize"],
      [() => standardized.partialFit([[1], [2]], [1, 2]), "partialFit", "standardize"],
    ];
    for (const [call, method, reason] of cases) {
      const error = thrownBy(call) as TrainingStateError;
      expect(error, `${method} ${reason}`).toBeInstanceOf(TrainingStateError);
      expect([error.method, error.reason]).toEqual([method, reason]);
    }
  });
});

describe("chunkBuffer and partialFit refusals name the option and the value", () => {
  it("rows and cols are integers ≥ 1 (1 × 1 is a buffer); unknown options and a non-boolean sampleWeight", async () => {
    const t = await trainer({ optimizer: "sgd" });
    expect(t.chunkBuffer(1, 1).rows).toBe(1);
    const cases: [() => unknown, string, unknown][] = [
      [() => t.chunkBuffer(0, 2), "rows", 0],
      [() => t.chunkBuffer(2.5, 2), "rows", 2.5],
      [() => t.chunkBuffer(3, 0), "cols", 0],
      [() => t.chunkBuffer(3, -1), "cols", -1],
      [() => t.chunkBuffer(3, 2, { sampleWeight: "yes" } as never), "sampleWeight", "yes"],
      [() => t.chunkBuffer(3, 2, { weights: true } as never), "weights", true],
      [() => t.partialFit([[1]], [1], { weights: [1] } as never), "weights", [1]],
      [() => t.fit([[1]], [1], { epochs: 3 } as never), "epochs", 3],
    ];
    for (const [call, option, value] of cases) {
      const error = thrownBy(call) as InvalidOptionError;
      expect(error, option).toBeInstanceOf(InvalidOptionError);
      expect([error.option, error.value]).toEqual([option, value]);
    }
    expect(t.chunkBuffer(2, 1, { sampleWeight: false }).sampleWeight).toBeUndefined();
    expect(t.chunkBuffer(2, 1, { sampleWeight: true }).sampleWeight).toHaveLength(2);
  });
});

describe("partialFit and chunkBuffer check featureNames and penaltyFactor against the columns, as fit does", () => {
  it("a count that does not match is refused by option before anything is placed", async () => {
    const named = await trainer({ optimizer: "sgd", featureNames: ["a", "b"] });
    const factors = await trainer({ optimizer: "sgd", penaltyFactor: [1, 2], l1: 0.01 });
    for (const [t, option] of [[named, "featureNames"], [factors, "penaltyFactor"]] as const) {
      for (const call of [() => t.partialFit([[1, 2, 3]], [1]), () => t.chunkBuffer(4, 3)]) {
        const error = thrownBy(call) as InvalidOptionError;
        expect(error, option).toBeInstanceOf(InvalidOptionError);
        expect(error.option).toBe(option);
      }
      expect(t.partialFit([[1, 2]], [1]).rows).toBe(1);
    }
  });
});
