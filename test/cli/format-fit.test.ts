// The CLI's fit report as a unit (bindings/cli/format-fit.ts), on hand-made fits: number formats at
// their switch points, the interval's column names for other levels, the multinomial tables (with
// and without a summary, an L1 summary without standard errors), the figures block's choices, the
// JSON form's intercept and per-class coefficients, and renderTable's alignment.
import { describe, expect, test } from "vitest";
import { fitToJson, formatFitTable, formatNumber, renderTable, type PrintableFit } from "../../dist/cli/format-fit.js";

const base = {
  coefficients: Float64Array.of(1.5, -2), intercept: Float64Array.of(0.25), objective: 12.5, logLikelihood: -12.5, history: new Float64Array(3),
  epochs: 3, converged: true, stopReason: "converged", family: "gaussian", classes: 1, features: 2, optimizer: "gd", dtype: "float64", kernels: "simd",
  nobs: 40, weightTotal: 40, warnings: [],
};
const fit = (fields: Record<string, unknown> = {}) => ({ ...base, ...fields }) as unknown as PrintableFit;
const lines = (text: string) => text.split("\n");

describe("formatNumber", () => {
  test.each([
    [0, 7, "0"], [-0, 7, "0"], [Number.NaN, 7, "NaN"], [-Infinity, 7, "-Infinity"],
    [1e-4, 7, "0.0001000000"], [9.99e-5, 7, "9.990000e-5"], [-9.99e-5, 3, "-9.99e-5"],
    [9999999, 7, "9999999"], [1e7, 7, "1.000000e+7"], [-1e7, 2, "-1.0e+7"], [Math.PI, 3, "3.14"], [Math.PI, undefined, "3.141593"],
  ])("formatNumber(%d, %s) = %s", (value, digits, expected) => {
    expect(formatNumber(value, digits)).toBe(expected);
  });
});

describe("renderTable", () => {
  test("padded to the widest cell, two spaces apart; numbers right-aligned after the first column; a rule under the header", () => {
    const rows = [["term", "v"], ["a", "10"], ["longer", "2"]];
    expect(renderTable(rows, { rule: true, alignNumbersRight: true })).toBe("term     v\n------  --\na       10\nlonger   2");
    expect(renderTable(rows, { rule: false, alignNumbersRight: false })).toBe("term    v\na       10\nlonger  2");
  });
});

const term = (name: string, output: number, fields: Record<string, number>) => ({ term: name, output, estimate: 1, ...fields });

describe("formatFitTable", () => {
  test("p-values switch to exponent notation below 1e-4; statistics print 3 decimals or their non-finite value; a 90 % interval", () => {
    const summary = () => ({
      terms: [
        term("intercept", 0, { estimate: 0.25, stdError: 0.5, statistic: 0.5, pValue: 1e-4, ciLower: -0.5, ciUpper: 1 }),
        term("x", 0, { estimate: 1.5, stdError: 0.1, statistic: Infinity, pValue: 9.9e-5, ciLower: 1.25, ciUpper: 1.75 }),
        term("z", 0, { estimate: -2, stdError: 1, statistic: -2, pValue: Number.NaN }),
      ],
      statisticName: "t", level: 0.9, aic: 31.5, bic: 33.25, rSquared: 0.75, pseudoRSquared: 0.5, notes: ["a note"], warnings: ["with l2 it would converge"],
    });
    const text = formatFitTable(fit({ summary }), ["x", "z"], { fitIntercept: true });
    const table = lines(text);
    expect(table[0]).toMatch(/^term\s+coefficient\s+std err\s+t\s+P>\|t\|\s+\[0\.05\s+0\.95\]$/);
    expect(table[2]).toMatch(/^\(intercept\)\s+0\.2500000\s+0\.5000000\s+0\.500\s+0\.0001\s+-0\.5000000\s+1\.000000$/);
    expect(table[3]).toMatch(/^x\s+1\.500000\s+0\.1000000\s+Infinity\s+9\.9e-5\s+1\.250000\s+1\.750000$/);
    expect(table[4]).toMatch(/^z\s+-2\.000000\s+1\.000000\s+-2\.000\s+NaN$/);
    expect(text).toMatch(/^AIC\s+31\.500000$/m);
    expect(text).toMatch(/^BIC\s+33\.250000$/m);
    expect(text).toMatch(/^R-squared\s+0\.750000$/m);
    expect(text).not.toMatch(/pseudo R-squared/);
    expect(text).toMatch(/\n\nnote: a note\nwarning: with --l2 it would converge\n$/);
  });

  test("the figures: iterations for newton and lbfgs, epochs otherwise; not converged; pseudo R-squared without R-squared", () => {
    const summary = () => ({ terms: [term("x", 0, { stdError: 1 })], pseudoRSquared: 0.125, rSquared: null, notes: [], warnings: [] });
    for (const [optimizer, counter] of [["newton", "iterations"], ["lbfgs", "iterations"], ["sgd", "epochs"], ["cd", "epochs"]]) {
      const text = formatFitTable(fit({ optimizer, converged: false, stopReason: "max-epochs", summary }), ["x"], { fitIntercept: false });
      expect(text).toMatch(new RegExp(`^${counter}\\s+3$`, "m"));
      expect(text).toMatch(/^converged\s+no \(stop reason: max-epochs\)$/m);
      expect(text).toMatch(/^pseudo R-squared\s+0\.125000$/m);
      expect(text).not.toMatch(/^(AIC|BIC)/m);
      expect(text).toMatch(/^optimizer\s+\S+\nkernels\s+simd\ndtype\s+float64\nn\s+40\n$/m);
    }
  });

  test("multinomial without a summary: a column per class, intercepts first, coefficients read class-minor", () => {
    const multi = fit({ classes: 2, coefficients: Float64Array.of(1, 2, 3, 4), intercept: Float64Array.of(-1, -2) });
    const text = formatFitTable(multi, ["x", "z"], { fitIntercept: true, classLabels: ["no", "yes"] });
    expect(lines(text)[0]).toMatch(/^term\s+class no\s+class yes$/);
    expect(lines(text)[3]).toMatch(/^x\s+1\.000000\s+2\.000000$/);
    expect(lines(text)[4]).toMatch(/^z\s+3\.000000\s+4\.000000$/);
    expect(lines(text)[2]).toMatch(/^\(intercept\)\s+-1\.000000\s+-2\.000000$/);
    expect(formatFitTable(multi, ["x", "z"], { fitIntercept: false })).toMatch(/^term\s+class 0\s+class 1\n[- ]+\nx\s+1\.000000\s+2\.000000\nz\s+3\.000000\s+4\.000000\n\n/);
  });

  test("multinomial with a summary: a class column by label (or index); an L1 summary without standard errors prints the plain table", () => {
    const summary = () => ({ terms: [term("x", 0, { stdError: 0.5 }), term("x", 1, { stdError: 0.25 }), term("x", 2, { stdError: 0.125 })], notes: [], warnings: [] });
    const text = formatFitTable(fit({ classes: 3, coefficients: Float64Array.of(1, 1, 1), intercept: Float64Array.of(0, 0, 0), summary }), ["x"], { fitIntercept: false, classLabels: ["a", "b"] });
    expect(lines(text)[0]).toMatch(/^class\s+term\s+coefficient\s+std err\s+z\s+P>\|z\|\s+\[0\.025\s+0\.975\]$/);
    expect(lines(text).slice(2, 5).map((l) => l.split(/\s+/).slice(0, 4))).toEqual([["a", "x", "1.000000", "0.5000000"], ["b", "x", "1.000000", "0.2500000"], ["2", "x", "1.000000", "0.1250000"]]);
    const l1 = () => ({ terms: [term("x", 0, { stdError: Number.NaN })], notes: ["no standard errors under L1"], warnings: [] });
    const plain = formatFitTable(fit({ summary: l1, coefficients: Float64Array.of(0.5) }), ["x"], { fitIntercept: true });
    expect(plain).toMatch(/^term\s+coefficient\n[- ]+\n\(intercept\)\s+0\.2500000\nx\s+0\.5000000\n/);
    expect(plain).toMatch(/note: no standard errors under L1\n$/);
  });

  test("no notes or warnings: the report ends after the figures", () => {
    expect(formatFitTable(fit(), ["x", "z"], { fitIntercept: true })).toMatch(/\nn\s+40\n$/);
  });
});

describe("fitToJson", () => {
  test("one class: a number intercept (null without one) and a number per feature; no classLabels", () => {
    const json = fitToJson(fit(), ["x", "z"], { fitIntercept: true });
    expect(json).toEqual({
      family: "gaussian", classes: 1, features: ["x", "z"], intercept: 0.25, coefficients: { x: 1.5, z: -2 }, objective: 12.5, logLikelihood: -12.5,
      epochs: 3, converged: true, stopReason: "converged", optimizer: "gd", kernels: "simd", dtype: "float64", n: 40, warnings: [],
    });
    expect(fitToJson(fit(), ["x", "z"], { fitIntercept: false }).intercept).toBeNull();
  });

  test("multinomial: class labels (default the indices), an intercept per class, each feature's coefficients per class", () => {
    const multi = fit({ classes: 2, coefficients: Float64Array.of(1, 2, 3, 4), intercept: Float64Array.of(-1, -2), warnings: ["with l2 it is fine"] });
    expect(fitToJson(multi, ["x", "z"], { fitIntercept: true })).toMatchObject({
      classes: 2, classLabels: ["0", "1"], intercept: [-1, -2], coefficients: { x: [1, 2], z: [3, 4] }, warnings: ["with --l2 it is fine"],
    });
    expect(fitToJson(multi, ["x", "z"], { fitIntercept: true, classLabels: ["a", "b"] }).classLabels).toEqual(["a", "b"]);
  });
});
