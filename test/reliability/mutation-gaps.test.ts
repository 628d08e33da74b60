// Tests for the "real gaps" of the last Stryker sample (test/MUTATION.md): behaviours that no test
// pinned — sklearn's tie rule in predictClass, the label checks of logLoss, the figures a refused
// summary() reports, the weighting of the up-front existence check, and the field a flat-data
// error names. Each checks what a user sees, not how it is computed.
import { describe, expect, test } from "vitest";
import {
  InvalidDataError, Model, ProblemTooLargeError, SeparationError, Trainer, exactWorkEstimate, metrics,
} from "../../dist/index.js";
import { seededRandom } from "../helpers/fixtures.js";
import { thrownBy } from "../helpers/thrown.js";

describe("Model.predictClass", () => {
  test("bernoulli: P(y = 1) of exactly ½ is class 0 (scikit-learn's decision rule η > 0), just above ½ class 1", async () => {
    const t = await Trainer.create({ family: "bernoulli", optimizer: "newton" });
    const X = [[0], [1], [2], [3], [4], [5]];
    const saved = t.fit(X, [0, 1, 0, 1, 1, 0]).model();
    t.dispose();
    const tie = await Model.fromJSON({ ...saved, coefficients: [0], intercept: [0] });
    expect(Array.from(tie.predict([[1], [2]]))).toEqual([0.5, 0.5]);
    expect(Array.from(tie.predictClass([[1], [2]]))).toEqual([0, 0]);
    const above = await Model.fromJSON({ ...saved, coefficients: [1e-9], intercept: [0] });
    expect(Array.from(above.predictClass([[1], [-1]]))).toEqual([1, 0]);
  });
});

describe("metrics.logLoss refuses labels its probabilities cannot score", () => {
  test("binary probabilities: only labels 0 and 1", () => {
    expect(metrics.logLoss([0, 1], [0.2, 0.7])).toBeCloseTo(-(Math.log(0.8) + Math.log(0.7)) / 2, 14);
    for (const label of [2, -1, 0.5]) {
      const error = thrownBy(() => metrics.logLoss([0, label], [0.2, 0.7]));
      expect(error, `label ${label}`).toBeInstanceOf(InvalidDataError);
    }
  });

  test("K class probabilities: integer labels 0 … K − 1 only", () => {
    const rows = [[0.2, 0.3, 0.5], [0.6, 0.3, 0.1]];
    expect(metrics.logLoss([2, 0], rows)).toBeCloseTo(-(Math.log(0.5) + Math.log(0.6)) / 2, 14);
    for (const label of [3, -1, 1.5]) {
      const error = thrownBy(() => metrics.logLoss([label, 0], rows));
      expect(error, `label ${label}`).toBeInstanceOf(InvalidDataError);
    }
  });

  test("probabilities of another length than yTrue are refused", () => {
    expect(thrownBy(() => metrics.logLoss([0, 1, 1], [0.2, 0.7]))).toBeInstanceOf(InvalidDataError);
  });
});

describe("summary() refused for its work: the figures it reports", () => {
  // p = 862 coefficients: 4·p³ host flops at 2.5e8/s is over the 10 s limit whatever the rows.
  function wide(rows: number, cols: number, seed: number) {
    const random = seededRandom(seed);
    return { data: Float64Array.from({ length: rows * cols }, () => random() * 2 - 1), rows, cols };
  }

  test("gaussian without l2: n rows, p = d + 1, the unpenalised estimate", async () => {
    const X = wide(900, 861, 3);
    const random = seededRandom(4);
    const y = Float64Array.from({ length: X.rows }, () => random());
    const t = await Trainer.create({ optimizer: "lbfgs", maxIterations: 3 });
    const fit = t.fit(X, y);
    const error = thrownBy(() => fit.summary()) as ProblemTooLargeError;
    expect(error).toBeInstanceOf(ProblemTooLargeError);
    expect(error.computation).toBe("summary");
    expect(error.rows).toBe(900);
    expect(error.coefficients).toBe(862);
    expect(error.estimatedSeconds).toBe(exactWorkEstimate(900, 862, false, "summary").seconds);
    t.dispose();
  });

  test("multinomial with l2: rows × (K − 1) working rows, the penalised estimate", async () => {
    const X = wide(300, 286, 5);
    const t = await Trainer.create({ family: "multinomial", classes: 3, optimizer: "lbfgs", l2: 0.1, maxIterations: 3 });
    const fit = t.fit(X, Float64Array.from({ length: X.rows }, (_, i) => i % 3));
    const error = thrownBy(() => fit.summary()) as ProblemTooLargeError;
    expect(error).toBeInstanceOf(ProblemTooLargeError);
    const P = error.coefficients;
    expect(P).toBeGreaterThan(855);
    expect(error.rows).toBe(300 * 2);
    expect(error.estimatedSeconds).toBe(exactWorkEstimate(600, P, true, "summary").seconds);
    expect(error.estimatedSeconds).not.toBe(exactWorkEstimate(600, P, false, "summary").seconds);
    t.dispose();
  });
});

describe("the up-front existence check counts rows by their weights", () => {
  test("every positive-weight y is 1: the intercept-only objective is the weighted mean over those rows", async () => {
    const X = [[0.1], [0.4], [-0.3], [0.8], [0.2]];
    const y = [1, 1, 0, 1, 1];
    const weights = [2, 0.5, 0, 1, 3];
    for (const optimizer of ["newton", "lbfgs"] as const) {
      const t = await Trainer.create({ family: "bernoulli", optimizer });
      const error = thrownBy(() => t.fit(X, y, { sampleWeight: weights })) as SeparationError;
      expect(error).toBeInstanceOf(SeparationError);
      expect(error.detectedBy).toBe("data");
      expect(error.extremeRows).toBe(4);
      const b = error.lastEstimate.intercept[0];
      // f = (1/W)·Σ sᵢ·softplus(−b) over the rows with weight > 0 (all y = 1), W = 6.5.
      expect(error.lastEstimate.objective).toBeCloseTo(Math.log1p(Math.exp(-b)), 12);
      t.dispose();
    }
  });

  test("poisson, every count with positive weight 0: the objective is e^b (the weighted mean of μ − y·η)", async () => {
    const X = [[0.1], [0.4], [-0.3], [0.8]];
    const t = await Trainer.create({ family: "poisson", optimizer: "lbfgs" });
    const error = thrownBy(() => t.fit(X, [0, 0, 5, 0], { sampleWeight: [1, 2, 0, 1] })) as SeparationError;
    expect(error).toBeInstanceOf(SeparationError);
    expect(error.extremeRows).toBe(3);
    expect(error.lastEstimate.objective).toBeCloseTo(Math.exp(error.lastEstimate.intercept[0]), 12);
    t.dispose();
  });
});

describe("flat data", () => {
  test("a bad cols names X as the field, with the bad value", async () => {
    const t = await Trainer.create({ optimizer: "gd" });
    const error = thrownBy(() => t.fit({ data: [1, 2, 3, 4], rows: 2, cols: 0 }, [1, 2])) as InvalidDataError;
    expect(error).toBeInstanceOf(InvalidDataError);
    expect(error.field).toBe("X");
    t.dispose();
  });
});
