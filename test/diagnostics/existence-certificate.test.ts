// The cheap proof that an unpenalised MLE exists (bindings/diagnostics/existence-certificate.ts),
// called directly: it must certify at (or very near) the MLE of data that overlap — for bernoulli,
// poisson and multinomial, weighted or not — and never on separated data, wherever it is asked.
// Through fit() a failed proof only hands the case to the linear program, so the end result alone
// cannot show a proof that stopped working; these tests can.
import { describe, expect, it } from "vitest";
import { finiteOptimumCertified } from "../../dist/diagnostics/existence-certificate.js";
import { separationByLinearProgram } from "../../dist/diagnostics/separation-lp.js";
import { termLayout } from "../../dist/optimizers/fisher-scoring.js";
import type { RowData } from "../../dist/diagnostics/row-losses.js";
import { seededRandom } from "../helpers/fixtures.js";
import { disposingTrainers } from "../helpers/trainers.js";

const trainer = disposingTrainers({ optimizer: "newton", tolerance: 1e-14 });

function rowData(family: RowData["family"], X: number[][], y: number[], weights: number[] | null = null): RowData {
  const d = X[0].length;
  const columnScale = new Float64Array(d);
  for (const row of X) row.forEach((x, j) => (columnScale[j] = Math.max(columnScale[j], Math.abs(x))));
  return {
    family, n: X.length, d, X: Float64Array.from(X.flat()), y: Float64Array.from(y),
    weights: weights ? Float64Array.from(weights) : null,
    weightTotal: weights ? weights.reduce((a, b) => a + b, 0) : X.length, columnScale,
  };
}

/** The fit's parameters in term order, baseline form: per block c = 1 … K−1, [b_c − b_0, w_c − w_0]. */
function termOrder(coefficients: Float64Array, intercept: Float64Array, d: number, K: number): Float64Array {
  if (K === 1) return Float64Array.from([intercept[0], ...coefficients]);
  const out: number[] = [];
  for (let c = 1; c < K; c++) {
    out.push(intercept[c] - intercept[0]);
    for (let j = 0; j < d; j++) out.push(coefficients[j * K + c] - coefficients[j * K]);
  }
  return Float64Array.from(out);
}

function design(n: number, d: number, seed: number): number[][] {
  const random = seededRandom(seed);
  return Array.from({ length: n }, () => Array.from({ length: d }, () => random() * 4 - 2));
}

describe("the certificate proves existence at the MLE of overlapping data", () => {
  const cases = [
    { family: "bernoulli", K: 1, label: (x: number[], u: number) => (u < 1 / (1 + Math.exp(-(0.8 * x[0] - 0.5 * x[1]))) ? 1 : 0) },
    { family: "poisson", K: 1, label: (x: number[], u: number) => Math.floor(-Math.log(1 - u) * Math.exp(0.3 * x[0] + 0.2 * x[1])) },
    { family: "multinomial", K: 3, label: (x: number[], u: number) => (u < 0.33 + 0.1 * x[0] ? 0 : u < 0.66 + 0.1 * x[1] ? 1 : 2) },
  ] as const;
  for (const c of cases) {
    for (const weighted of [false, true]) {
      it(`${c.family}${weighted ? ", weighted (some weights 0)" : ""}`, async () => {
        const X = design(80, 2, 31);
        const random = seededRandom(32);
        const y = X.map((x) => c.label(x, random()));
        const weights = weighted ? X.map((_, i) => (i % 7 === 0 ? 0 : 0.5 + (i % 3))) : null;
        const t = await trainer({ family: c.family, ...(c.K > 1 ? { classes: c.K } : {}) });
        const fit = t.fit(X, y, weights ? { sampleWeight: weights } : {});
        const layout = termLayout(2, c.K, true, false);
        const data = rowData(c.family, X, y, weights);
        const beta = termOrder(fit.coefficients, fit.intercept, 2, c.K);
        expect(finiteOptimumCertified(data, layout, beta)).toBe(true);
        // near the optimum (the fit of an iterative optimizer stops there): still a proof
        expect(finiteOptimumCertified(data, layout, beta.map((b, k) => b + (k % 2 ? 1e-6 : -1e-6)))).toBe(true);
        // and the linear program agrees
        expect(separationByLinearProgram(data, layout)?.separated).toBe(false);
      });
    }
  }
});

describe("the certificate never proves existence on separated data", () => {
  it("complete separation (bernoulli), at any point along or off the separating direction", () => {
    const X = design(40, 2, 33);
    const y = X.map((x) => (x[0] + 0.3 * x[1] > 0 ? 1 : 0));
    const data = rowData("bernoulli", X, y);
    const layout = termLayout(2, 1, true, false);
    for (const scale of [0, 0.5, 3, 30]) {
      expect(finiteOptimumCertified(data, layout, Float64Array.of(0, scale, 0.3 * scale)), `scale ${scale}`).toBe(false);
      expect(finiteOptimumCertified(data, layout, Float64Array.of(0.1, scale, -scale)), `off ${scale}`).toBe(false);
    }
    expect(separationByLinearProgram(data, layout)?.separated).toBe(true);
  });

  it("a row of weight 0 that would overlap does not count", async () => {
    const X = [[-2], [-1], [-0.5], [0.5], [1], [2], [1.5]];
    const y = [0, 0, 0, 1, 1, 1, 0];
    const layout = termLayout(1, 1, true, false);
    const overlapping = rowData("bernoulli", X, y);
    const t = await trainer({ family: "bernoulli" });
    const fit = t.fit(X, y);
    const beta = termOrder(fit.coefficients, fit.intercept, 1, 1);
    expect(finiteOptimumCertified(overlapping, layout, beta)).toBe(true);
    const dropped = rowData("bernoulli", X, y, [1, 1, 1, 1, 1, 1, 0]);
    expect(finiteOptimumCertified(dropped, layout, beta)).toBe(false);
    expect(finiteOptimumCertified(rowData("bernoulli", X, y, [0, 0, 0, 0, 0, 0, 0]), layout, beta)).toBe(false);
  });

  it("poisson zeros a direction can drive to mean 0, and a multinomial class separated from the rest", () => {
    // the positive counts all have x0 = 0, the zeros x0 < 0: w0 → +∞ drives the zeros' means to 0
    // and leaves every positive count's mean alone
    const X = design(40, 2, 34).map((x) => (x[0] < 0 ? x : [0, x[1]]));
    const counts = X.map((x, i) => (x[0] < 0 ? 0 : 1 + (i % 4)));
    const poisson = rowData("poisson", X, counts);
    const layout = termLayout(2, 1, true, false);
    expect(separationByLinearProgram(poisson, layout)?.separated).toBe(true);
    expect(finiteOptimumCertified(poisson, layout, Float64Array.of(0, 5, 0))).toBe(false);
    expect(finiteOptimumCertified(poisson, layout, Float64Array.of(1, 0.5, 0))).toBe(false);
    expect(finiteOptimumCertified(poisson, layout, Float64Array.of(Math.log(2.5), 40, 0))).toBe(false);
    const labels = X.map((x, i) => (x[1] > 1 ? 2 : i % 2));
    const multinomial = rowData("multinomial", X, labels);
    const three = termLayout(2, 3, true, false);
    expect(finiteOptimumCertified(multinomial, three, new Float64Array(6))).toBe(false);
    expect(finiteOptimumCertified(multinomial, three, Float64Array.of(0, 0, 0, -5, 0, 5))).toBe(false);
    expect(separationByLinearProgram(multinomial, three)?.separated).toBe(true);
  });
});
