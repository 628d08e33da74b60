// glmnet's standardisation figures (bindings/regularization/standardization.ts) against their
// definitions computed directly here: weighted column means and standard deviations with 1/W,
// the exact 0 of a column constant over its weighted rows, columns near 1e±200, the response's
// scale and the saturated poisson loss.
import { describe, expect, it } from "vitest";
import { columnMoments, responseScale, saturatedLoss } from "../../dist/regularization/standardization.js";

/** Direct weighted moments of column j (1/W standard deviation), for comparison. */
function direct(X: number[][], j: number, weights: number[] | undefined) {
  const s = (i: number) => (weights ? weights[i] : 1);
  const W = X.reduce((t, _, i) => t + s(i), 0);
  const mean = X.reduce((t, row, i) => t + s(i) * row[j], 0) / W;
  const variance = X.reduce((t, row, i) => t + s(i) * (row[j] - mean) ** 2, 0) / W;
  return { mean, sd: Math.sqrt(variance), W };
}

const flat = (X: number[][]) => Float64Array.from(X.flat());

describe("columnMoments", () => {
  const X = [[1, 10, -3], [2, 10, 5], [4, 10, 0.5], [7, 10, -1], [0.5, 3, 2]];

  it("weighted means and 1/W standard deviations, rows of weight 0 left out (the first ones included)", () => {
    const weights = [0, 2, 1, 0.5, 0];
    const W = 3.5;
    const { centre, scale } = columnMoments(flat(X), 5, 3, weights, W, true);
    for (const j of [0, 2]) {
      const want = direct(X.slice(1, 4), j, weights.slice(1, 4));
      expect(centre[j], `centre ${j}`).toBeCloseTo(want.mean, 14);
      expect(scale[j], `scale ${j}`).toBeCloseTo(want.sd, 14);
    }
    // column 1 is 10 on every weighted row (3 only on a row of weight 0): exactly constant
    expect(centre[1]).toBe(10);
    expect(scale[1]).toBe(0);
  });

  it("a column constant over the weighted rows is found by equality, whatever the rows of weight 0 hold", () => {
    // 0.7 on the three weighted rows, whose rounded mean is 0.6999999999999998; the rows of weight 0 (the
    // first, and a later one) hold other values, one of them 1e300, which times the 2^33 that scales
    // column 2's weighted rows (~1e-10) to O(1) would overflow
    const Xw = [[5, 9, -1], [1, 0.7, 2e-10], [2, 0.7, -3e-10], [3, 1e300, 1e300], [8, 0.7, 5e-11]];
    const weights = [0, 1, 1, 0, 1];
    const { centre, scale } = columnMoments(flat(Xw), 5, 3, weights, 3, true);
    expect(scale[1]).toBe(0);
    expect(centre[1]).toBe(0.7);
    const kept = [1, 2, 4];
    for (const j of [0, 2]) {
      const want = direct(kept.map((i) => Xw[i]), j, undefined);
      expect(Math.abs(centre[j] - want.mean), `centre ${j}`).toBeLessThanOrEqual(1e-13 * want.sd);
      expect(Math.abs(scale[j] - want.sd), `scale ${j}`).toBeLessThanOrEqual(1e-13 * want.sd);
    }
  });

  it("unweighted: every row counts; without centring the centre is 0 and the scale still the standard deviation", () => {
    const centred = columnMoments(flat(X), 5, 3, undefined, 5, true);
    const uncentred = columnMoments(flat(X), 5, 3, undefined, 5, false);
    for (let j = 0; j < 3; j++) {
      const want = direct(X, j, undefined);
      expect(centred.centre[j], `centre ${j}`).toBeCloseTo(want.mean, 14);
      expect(centred.scale[j], `scale ${j}`).toBeCloseTo(want.sd, 14);
      expect(uncentred.centre[j]).toBe(0);
      expect(uncentred.scale[j]).toBe(centred.scale[j]);
    }
  });

  it("a constant column has scale exactly 0 and its own value as centre, where the rounded mean would differ", () => {
    const value = 0.7; // (0.7 + 0.7 + 0.7)/3 rounds to 0.6999999999999998
    const Xc = [[value, 1], [value, 2], [value, 4]];
    const { centre, scale } = columnMoments(flat(Xc), 3, 2, [1, 1, 1], 3, true);
    expect(scale[0]).toBe(0);
    expect(centre[0]).toBe(value);
    expect(scale[1]).toBeGreaterThan(0);
    // a column of −0 and 0 is constant too, centred at +0
    const zeros = columnMoments(Float64Array.of(-0, 1, 0, 2), 2, 2, undefined, 2, true);
    expect(zeros.scale[0]).toBe(0);
    expect(Object.is(zeros.centre[0], 0)).toBe(true);
  });

  it("columns near 1e200 and 1e−200 neither overflow nor underflow", () => {
    const base = [[1, 1], [2, 2], [4, 4], [7, 7]];
    const big = base.map(([a, b]) => [a * 1e200, b * 1e-200]);
    const { centre, scale } = columnMoments(flat(big), 4, 2, undefined, 4, true);
    const want = direct(base, 0, undefined);
    expect(centre[0] / 1e200).toBeCloseTo(want.mean, 12);
    expect(scale[0] / 1e200).toBeCloseTo(want.sd, 12);
    expect(centre[1] / 1e-200).toBeCloseTo(want.mean, 12);
    expect(scale[1] / 1e-200).toBeCloseTo(want.sd, 12);
    // the column's scale comes from its largest value wherever it is, not from the last row's
    const spread = columnMoments(Float64Array.of(1e300, -1e300, 3e300, 1e-300), 4, 1, undefined, 4, true);
    const reference = direct([[1], [-1], [3], [1e-600]], 0, undefined);
    expect(spread.centre[0] / 1e300).toBeCloseTo(reference.mean, 12);
    expect(spread.scale[0] / 1e300).toBeCloseTo(reference.sd, 12);
  });
});

describe("responseScale and saturatedLoss", () => {
  const y = [1, 3, 0, 6];
  const weights = [2, 0, 1, 1];

  it("the weighted standard deviation of y with 1/W; the root mean square without centring", () => {
    const mean = (2 * 1 + 0 + 6) / 4;
    expect(responseScale(y, weights, 4, true)).toBeCloseTo(Math.sqrt((2 * (1 - mean) ** 2 + (0 - mean) ** 2 + (6 - mean) ** 2) / 4), 14);
    expect(responseScale(y, weights, 4, false)).toBeCloseTo(Math.sqrt((2 + 0 + 36) / 4), 14);
    expect(responseScale(y, undefined, 4, true)).toBeCloseTo(Math.sqrt(((1 - 2.5) ** 2 + 0.25 + 6.25 + 12.25) / 4), 14);
  });

  it("the saturated poisson loss Σ s·(y − y·log y) over rows with weight and y > 0; 0 for other families", () => {
    expect(saturatedLoss("poisson", y, weights)).toBeCloseTo(2 * 1 + (6 - 6 * Math.log(6)), 13);
    expect(saturatedLoss("poisson", y, undefined)).toBeCloseTo(1 + (3 - 3 * Math.log(3)) + (6 - 6 * Math.log(6)), 13);
    expect(saturatedLoss("gaussian", y, weights)).toBe(0);
    // a row of weight 0 is left out even where y·log y overflows
    expect(saturatedLoss("poisson", [1, 1e307], [1, 0])).toBe(1);
    expect(saturatedLoss("bernoulli", [1, 0], undefined)).toBe(0);
  });
});
