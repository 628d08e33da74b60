// The metrics' remaining edges (bindings/evaluation/metrics.ts): degenerate denominators, weights
// that leave a class empty, probability tables of the wrong shape, and each refusal's field,
// value and position.
import { describe, expect, it } from "vitest";
import { InvalidOptionError, metrics } from "../../dist/index.js";
import { invalidDataOf, thrownBy } from "../helpers/thrown.js";

const refusal = invalidDataOf;

describe("metrics at their edges", () => {
  it("poissonDevianceExplained of a constant count: 1 when predicted exactly, else 0; zero counts add μ", () => {
    expect(metrics.poissonDevianceExplained([2, 2, 2], [2, 2, 2])).toBe(1);
    expect(metrics.poissonDevianceExplained([2, 2, 2], [1, 2, 3])).toBe(0);
    // y = (0, 2), μ = (1, 2): D = 2·[(0 − (0 − 1)) + (2·ln 1 − 0)] = 2; null mean 1: D₀ = 2·[1 + 2 ln 2 − 1] = 4 ln 2.
    expect(metrics.poissonDevianceExplained([0, 2], [1, 2])).toBeCloseTo(1 - 2 / (4 * Math.log(2)), 14);
    expect(metrics.poissonDevianceExplained([0, 2, 4], [1, 2, 3], { sampleWeight: [0, 1, 1] })).toBeCloseTo(
      1 - (2 * (2 * Math.log(1) + 4 * Math.log(4 / 3) - 1)) / (2 * (2 * Math.log(2 / 3) + 4 * Math.log(4 / 3))), 14);
    expect(refusal(() => metrics.poissonDevianceExplained([1, -1], [1, 1]), "yTrue").index).toBe(1);
    const zeroMean = refusal(() => metrics.poissonDevianceExplained([1, 1], [1, 0]), "yPred");
    expect([zeroMean.value, zeroMean.index]).toEqual([0, 1]);
  });

  it("r2 with weights: zero weight drops a row", () => {
    expect(metrics.r2([1, 2, 3, 100], [1, 2, 3, 0], { sampleWeight: [1, 1, 1, 0] })).toBe(1);
    expect(metrics.mae([1, 2, 3], [2, 2, 2], { sampleWeight: [3, 1, 0] })).toBe(3 / 4);
    expect(metrics.rmse([0, 0], [3, 4], { sampleWeight: [1, 0] })).toBe(3);
    expect(metrics.accuracy([1, 2, 3], [1, 0, 3], { sampleWeight: [1, 5, 0] })).toBe(1 / 6);
  });

  it("confusionMatrix: weights add up in cells; given labels must be distinct and not empty", () => {
    expect(metrics.confusionMatrix([0, 0, 1], [0, 1, 1], { sampleWeight: [2, 0.5, 3] })).toEqual([[2, 0.5], [0, 3]]);
    expect(metrics.confusionMatrix([3, 1], [1, 3])).toEqual([[0, 1], [1, 0]]);
    // An array-like holding a value past its length: only its first length values count.
    const past = { length: 2, 0: 0, 1: 1, 2: 1 } as ArrayLike<number>;
    expect(metrics.confusionMatrix(past, past)).toEqual([[1, 0], [0, 1]]);
    refusal(() => metrics.confusionMatrix([0, 1], [0, 1], { labels: [] }), "labels");
    refusal(() => metrics.confusionMatrix([0, 1], [0, 1], { labels: [1, 1] }), "labels");
    refusal(() => metrics.confusionMatrix([0, 1], [0, 1], { labels: [Number.NaN] }), "labels");
  });

  it("rocAuc: weights, and a class of total weight 0 refused", () => {
    // Weighted pairs: positives (0.8, w 2), (0.3, w 1); negatives (0.5, w 1), (0.1, w 3).
    // Ordered pairs won: 2·(1 + 3) + 1·3 = 11 of 3·4 = 12.
    expect(metrics.rocAuc([1, 0, 1, 0], [0.8, 0.5, 0.3, 0.1], { sampleWeight: [2, 1, 1, 3] })).toBe(11 / 12);
    expect(metrics.rocAuc([1, 0, 1, 0], [0.8, 0.5, 0.3, 0.1])).toBe(3 / 4);
    expect(metrics.rocAuc([0, 1, 0, 1], [0.5, 0.5, 0.2, 0.9])).toBe((2 + 0.5 + 1) / 4);
    refusal(() => metrics.rocAuc([1, 0, 1, 0], [0.8, 0.5, 0.3, 0.1], { sampleWeight: [0, 1, 0, 3] }), "sampleWeight");
    refusal(() => metrics.rocAuc([1, 0], [0.8, 0.5], { sampleWeight: [1, 0] }), "sampleWeight");
  });

  it("logLoss: binary labels 0/1 only; flat n·K and nested tables of the right shape", () => {
    expect(metrics.logLoss([1, 0], [0.8, 0.4])).toBeCloseTo(-(Math.log(0.8) + Math.log(0.6)) / 2, 15);
    expect(metrics.logLoss([1, 0], [0.8, 0.4], { sampleWeight: [3, 1] })).toBeCloseTo(-(3 * Math.log(0.8) + Math.log(0.6)) / 4, 15);
    const binary = refusal(() => metrics.logLoss([0, 2], [0.5, 0.5]), "yTrue");
    expect([binary.value, binary.index]).toEqual([2, 1]);
    expect(binary.message).toMatch(/expected 0 or 1 \(probabilities are P\(y = 1\)\)/);
    // Flat n·K = 2·3, each row renormalised.
    expect(metrics.logLoss([2, 0], [0.1, 0.1, 0.8, 0.25, 0.25, 0.25])).toBeCloseTo(-(Math.log(0.8) + Math.log(1 / 3)) / 2, 15);
    expect(metrics.logLoss([1, 0], [[0.3, 0.7], [0.9, 0.1]])).toBeCloseTo(-(Math.log(0.7) + Math.log(0.9)) / 2, 15);
    expect(refusal(() => metrics.logLoss([1.5, 0], [[0.3, 0.7], [0.9, 0.1]]), "yTrue").value).toBe(1.5);
    expect(refusal(() => metrics.logLoss([-1, 0], [[0.3, 0.7], [0.9, 0.1]]), "yTrue").value).toBe(-1);
    expect(refusal(() => metrics.logLoss([0, 1, 0], [[0.3, 0.7], [0.9, 0.1]]), "probabilities").value).toBe(2);
    expect(refusal(() => metrics.logLoss([0, 1], [[1], [1]]), "probabilities").value).toBe(1);
    const ragged = refusal(() => metrics.logLoss([0, 1], [[0.3, 0.7], [0.2, 0.3, 0.5]]), "probabilities");
    expect([ragged.value, ragged.index]).toEqual([3, 1]);
    expect(refusal(() => metrics.logLoss([0, 1, 1], [0.2, 0.8, 0.4, 0.6]), "probabilities").value).toBe(4);
    expect(refusal(() => metrics.logLoss([0, 1], [0.5]), "probabilities").value).toBe(1);
  });

  it("every metric names its second argument and yTrue when either is not a list of finite numbers or of the wrong length", () => {
    const second = { r2: "yPred", mae: "yPred", rmse: "yPred", poissonDevianceExplained: "yPred", accuracy: "yPred", confusionMatrix: "yPred", rocAuc: "yScore" } as const;
    for (const [name, field] of Object.entries(second)) {
      const metric = metrics[name as keyof typeof second] as (a: unknown, b: unknown) => unknown;
      expect(refusal(() => metric([1, 0], [1]), field).value).toBe(1);
      expect(refusal(() => metric([1, 0], [1, Number.NaN]), field).index).toBe(1);
      expect(refusal(() => metric([1, Number.NaN], [1, 0]), "yTrue").index).toBe(1);
      expect(refusal(() => metric([], []), "yTrue").value).toBe(0);
    }
    expect(refusal(() => metrics.logLoss([1, "0"] as never, [0.5, 0.5]), "yTrue").index).toBe(1);
  });

  it("the inputs: an array-like of numbers, not a string or a plain value; options an object", () => {
    expect(metrics.r2(Float64Array.of(1, 2), { length: 2, 0: 1, 1: 2 } as never)).toBe(1);
    for (const bad of ["12", 12, null, undefined, { length: "2" }]) refusal(() => metrics.mae([1, 2], bad as never), "yPred");
    refusal(() => metrics.mae("12" as never, [1, 2]), "yTrue");
    for (const bad of [null, 1, "w"]) {
      const error = thrownBy(() => metrics.mae([1, 2], [1, 2], bad as never)) as InvalidOptionError;
      expect(error).toBeInstanceOf(InvalidOptionError);
      expect(error.option).toBe("options");
    }
    expect(metrics.mae([1, 2], [1, 3], {})).toBe(0.5);
    const shortWeights = refusal(() => metrics.mae([1, 2], [1, 2], { sampleWeight: [1] }), "sampleWeight");
    expect(shortWeights.value).toBe(1);
  });
});
