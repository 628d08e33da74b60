// Known answers: scikit-learn 1.2's metrics on the data in test/fixtures/skl_metrics.json (made by
// skl_metrics.py there). Agreement to 1e-13 relative: the same sums in another order.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { InvalidDataError, metrics } from "../../dist/index.js";
import { thrownBy } from "../helpers/thrown.js";

const fx = JSON.parse(readFileSync(new URL("../fixtures/skl_metrics.json", import.meta.url), "utf8"));
const TOLERANCE = 1e-13;

function close(actual: number, expected: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(TOLERANCE * Math.max(1, Math.abs(expected)));
}

describe("metrics match scikit-learn", () => {
  const { regression: r, binary: b, multiclass: m } = fx;
  it("r2, mae and rmse, with and without weights", () => {
    close(metrics.r2(r.y, r.pred), r.r2);
    close(metrics.r2(r.y, r.pred, { sampleWeight: r.weights }), r.r2_weighted);
    close(metrics.mae(r.y, r.pred), r.mae);
    close(metrics.mae(r.y, r.pred, { sampleWeight: r.weights }), r.mae_weighted);
    close(metrics.rmse(r.y, r.pred), r.rmse);
    close(metrics.rmse(r.y, r.pred, { sampleWeight: r.weights }), r.rmse_weighted);
  });

  it("rocAuc with tied scores (half credit) and weights", () => {
    close(metrics.rocAuc(b.y, b.score), b.roc_auc);
    close(metrics.rocAuc(b.y, b.score, { sampleWeight: b.weights }), b.roc_auc_weighted);
    close(metrics.rocAuc(b.y, b.prob), b.roc_auc_prob);
  });

  it("logLoss: binary P(y = 1) with 0 and 1 clipped, and n×K rows renormalised", () => {
    close(metrics.logLoss(b.y, b.prob), b.log_loss);
    close(metrics.logLoss(b.y, b.prob, { sampleWeight: b.weights }), b.log_loss_weighted);
    close(metrics.logLoss(m.y, m.prob), m.log_loss);
    close(metrics.logLoss(m.y, m.prob, { sampleWeight: m.weights }), m.log_loss_weighted);
    // Flat row-major n·K (predict's layout) gives the same bits as rows.
    expect(metrics.logLoss(m.y, Float64Array.from(m.prob.flat()))).toBe(metrics.logLoss(m.y, m.prob));
  });

  it("accuracy and confusionMatrix (rows = true labels, sorted)", () => {
    close(metrics.accuracy(m.y, m.pred), m.accuracy);
    close(metrics.accuracy(m.y, m.pred, { sampleWeight: m.weights }), m.accuracy_weighted);
    expect(metrics.confusionMatrix(m.y, m.pred)).toEqual(m.confusion);
    const weighted = metrics.confusionMatrix(m.y, m.pred, { sampleWeight: m.weights });
    weighted.forEach((row: number[], i: number) => row.forEach((v, j) => close(v, m.confusion_weighted[i][j])));
  });
});

describe("metrics: definitions at the edges", () => {
  it("poissonDevianceExplained is scikit-learn's d2_tweedie_score(power=1) (1.2.1: 0.8495880699934271)", () => {
    close(metrics.poissonDevianceExplained([0, 2, 5], [0.5, 2, 4.5]), 0.8495880699934271);
    expect(metrics.poissonDevianceExplained([3, 3], [3, 3])).toBe(1);
    expect((thrownBy(() => metrics.poissonDevianceExplained([1, -1], [1, 1])) as Error).message).toMatch(/yTrue\[1\] = -1; counts must be ≥ 0/);
    expect((thrownBy(() => metrics.poissonDevianceExplained([1, 1], [1, 0])) as Error).message).toMatch(/yPred\[1\] = 0; Poisson means must be > 0/);
  });

  it("r2 of a constant y is 1 for a perfect prediction and 0 otherwise (scikit-learn's force_finite)", () => {
    expect(metrics.r2([2, 2, 2], [2, 2, 2])).toBe(1);
    expect(metrics.r2([2, 2, 2], [2, 2, 3])).toBe(0);
  });

  it("rocAuc: all scores tied is 0.5; a perfect ranking is 1; labels other than 0/1 take the larger as positive", () => {
    expect(metrics.rocAuc([0, 1, 0, 1], [0.3, 0.3, 0.3, 0.3])).toBe(0.5);
    expect(metrics.rocAuc([0, 0, 1, 1], [0.1, 0.2, 0.8, 0.9])).toBe(1);
    expect(metrics.rocAuc([-1, -1, 5, 5], [0.1, 0.2, 0.8, 0.9])).toBe(1);
  });

  it("confusionMatrix with given labels keeps their order and leaves out unlisted ones", () => {
    expect(metrics.confusionMatrix([0, 1, 2, 2], [0, 2, 2, 1], { labels: [2, 0] })).toEqual([[1, 0], [0, 1]]);
  });
});

describe("metrics refuse bad input with an InvalidDataError naming it", () => {
  const cases: [string, () => unknown, RegExp][] = [
    ["lengths differ", () => metrics.r2([1, 2], [1]), /yPred: it has 1 values but yTrue has 2/],
    ["a NaN prediction", () => metrics.mae([1, 2], [1, Number.NaN]), /yPred\[1\] = NaN/],
    ["a string label", () => metrics.accuracy([1, "2"] as unknown as number[], [1, 2]), /yTrue\[1\] = "2"/],
    ["empty y", () => metrics.rmse([], []), /yTrue: it is empty/],
    ["one class for AUC", () => metrics.rocAuc([1, 1, 1], [0.2, 0.5, 0.7]), /two classes.*only one class/],
    ["a probability above 1", () => metrics.logLoss([0, 1], [0.5, 1.5]), /probabilities\[1\] = 1\.5; probabilities lie in \[0, 1\]/],
    ["a label outside 0 … K−1", () => metrics.logLoss([0, 3], [[0.5, 0.5], [0.2, 0.8]]), /yTrue\[1\] = 3.*0 … 1/],
    ["n·K not a multiple", () => metrics.logLoss([0, 1], [0.2, 0.3, 0.5]), /3 values; expected n = 2/],
    ["negative weight", () => metrics.r2([1, 2], [1, 2], { sampleWeight: [1, -1] }), /sampleWeight\[1\] = -1/],
    ["all-zero weights", () => metrics.accuracy([1, 2], [1, 2], { sampleWeight: [0, 0] }), /all weights are 0/],
  ];
  for (const [name, run, message] of cases) {
    it(name, () => {
      const error = thrownBy(run);
      expect(error).toBeInstanceOf(InvalidDataError);
      expect((error as Error).message).toMatch(message);
    });
  }
});

describe("the refusals name the field, the index and the classes found", () => {
  const refusal = (run: () => unknown) => thrownBy(run) as InvalidDataError;

  it("a binary metric on three or more classes lists them (five at most) and says nothing of one class", () => {
    const three = refusal(() => metrics.rocAuc([0, 1, 2], [0.2, 0.5, 0.7]));
    expect(three.message).toMatch(/rocAuc needs exactly two classes in yTrue, found 3 \(0, 1, 2\)/);
    expect(three.message).not.toMatch(/only one class/);
    expect(three.field).toBe("yTrue");
    const seven = refusal(() => metrics.rocAuc([6, 5, 4, 3, 2, 1, 0], [0, 0, 0, 0, 0, 0, 0]));
    expect(seven.message).toMatch(/found 7 \(0, 1, 2, 3, 4, …\)/);
    expect(refusal(() => metrics.rocAuc([1, 1], [0.2, 0.5])).message).toMatch(/found 1 \(1\); it is not defined when only one class is present/);
  });

  it("a bad probability in a flat or nested list: field probabilities, with its position", () => {
    const flat = refusal(() => metrics.logLoss([0, 1], [0.5, Number.NaN]));
    expect(flat).toBeInstanceOf(InvalidDataError);
    expect(flat.field).toBe("probabilities");
    expect(flat.index).toBe(1);
    const nested = refusal(() => metrics.logLoss([0, 1], [[0.5, 0.5], [0.2, "x" as unknown as number]]));
    expect(nested.field).toBe("probabilities");
    expect(nested.message).toMatch(/probabilities\[1\] = "x" is not a finite number/);
    const negative = refusal(() => metrics.logLoss([0, 1], [[0.5, 0.5], [-0.1, 1.1]]));
    expect(negative.message).toMatch(/probabilities\[1\]\[0\] = -0\.1; probabilities lie in \[0, 1\]/);
    expect(negative.index).toBe(0);
  });
});
