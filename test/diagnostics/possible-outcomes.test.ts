// The likelihood without the numerically impossible outcomes (bindings/diagnostics/possible-outcomes.ts),
// which the existence check refits to find a diverging direction on problems too large for the
// linear program: its value against the per-row losses written out here (bernoulli softplus(∓η),
// poisson e^η − yη, multinomial log Σ_{possible c} e^{η_c} − η_y with η₀ = 0, rows of weight 0 and
// dropped rows left out, mean over W), its gradient against central differences of that value.
import { describe, expect, it } from "vitest";
import { possibleOutcomesObjective } from "../../dist/diagnostics/possible-outcomes.js";
import { termLayout } from "../../dist/optimizers/fisher-scoring.js";
import type { RowData } from "../../dist/diagnostics/row-losses.js";

const X = [[0.5, -1], [2, 0.25], [-1.5, 3], [1, 1], [-0.5, -2]];
function rows(family: RowData["family"], y: number[], weights: number[] | null, weightTotal: number): RowData {
  return {
    family, n: 5, d: 2, X: Float64Array.from(X.flat()), y: Float64Array.from(y), weights: weights && Float64Array.from(weights),
    weightTotal, columnScale: Float64Array.of(2, 3),
  };
}
const softplus = (u: number) => Math.log1p(Math.exp(u));

function expectGradient(f: (beta: Float64Array) => { value: number; gradient: Float64Array }, beta: Float64Array) {
  const { gradient } = f(beta);
  for (let k = 0; k < beta.length; k++) {
    const h = 1e-6;
    const up = beta.slice();
    const down = beta.slice();
    up[k] += h;
    down[k] -= h;
    const numeric = (f(up).value - f(down).value) / (2 * h);
    expect(Math.abs(gradient[k] - numeric), `∂/∂β${k}`).toBeLessThan(1e-7);
  }
}

describe("possibleOutcomesObjective", () => {
  it("bernoulli: rows whose outcome is certain drop out, and so do rows of weight 0", () => {
    const y = [1, 0, 1, 0, 1];
    const weights = [2, 1, 0, 0.5, 1];
    const layout = termLayout(2, 1, true, false);
    const impossible = Uint8Array.of(0, 0, 0, 0, 1); // row 4's other outcome is impossible: it drops out
    const f = possibleOutcomesObjective(rows("bernoulli", y, weights, 3.5), layout, impossible);
    const beta = Float64Array.of(0.3, -0.7, 0.4);
    const eta = X.map((x) => beta[0] + beta[1] * x[0] + beta[2] * x[1]);
    const expected = [0, 1, 3].reduce((s, i) => s + weights[i] * softplus(y[i] === 1 ? -eta[i] : eta[i]), 0) / 3.5;
    expect(f(beta).value).toBeCloseTo(expected, 14);
    expectGradient(f, beta);
  });

  it("poisson without an intercept: e^η − yη over the rows that remain, unweighted", () => {
    const y = [0, 3, 1, 0, 2];
    const layout = termLayout(2, 1, false, false);
    const impossible = Uint8Array.of(1, 0, 0, 0, 0);
    const f = possibleOutcomesObjective(rows("poisson", y, null, 5), layout, impossible);
    const beta = Float64Array.of(0.2, 0.1);
    const eta = X.map((x) => beta[0] * x[0] + beta[1] * x[1]);
    const expected = [1, 2, 3, 4].reduce((s, i) => s + Math.exp(eta[i]) - y[i] * eta[i], 0) / 5;
    expect(f(beta).value).toBeCloseTo(expected, 14);
    expectGradient(f, beta);
  });

  it("multinomial: each row keeps the softmax over its possible classes (its own always among them)", () => {
    const y = [0, 2, 1, 2, 0];
    const K = 3;
    const layout = termLayout(2, K, true, false);
    // row 0 cannot be class 2, row 1 not class 0, row 3 not class 1 or 0; row 2 keeps all
    const impossible = new Uint8Array(5 * K);
    impossible[0 * K + 2] = 1;
    impossible[1 * K + 0] = 1;
    impossible[3 * K + 1] = 1;
    impossible[3 * K + 0] = 1;
    impossible[4 * K + 0] = 1; // the observed class: ignored
    const weights = [1, 2, 1, 0.5, 0];
    const f = possibleOutcomesObjective(rows("multinomial", y, weights, 4.5), layout, impossible);
    const beta = Float64Array.of(0.1, 0.5, -0.2, -0.3, 0.25, 0.6); // blocks for classes 1 and 2: [b, w0, w1]
    let expected = 0;
    X.forEach((x, i) => {
      if (weights[i] === 0) return;
      const eta = [0, beta[0] + beta[1] * x[0] + beta[2] * x[1], beta[3] + beta[4] * x[0] + beta[5] * x[1]];
      const possible = [0, 1, 2].filter((c) => c === y[i] || impossible[i * K + c] === 0);
      expected += weights[i] * (Math.log(possible.reduce((s, c) => s + Math.exp(eta[c]), 0)) - eta[y[i]]);
    });
    expect(f(beta).value).toBeCloseTo(expected / 4.5, 14);
    expectGradient(f, beta);
    // large η: no overflow in the softmax
    const far = beta.map((b) => b * 300);
    expect(Number.isFinite(f(far).value)).toBe(true);
    expect(f(far).gradient.every(Number.isFinite)).toBe(true);
  });
});
