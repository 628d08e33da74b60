// The existence check's plain-JS row losses (bindings/diagnostics/row-losses.ts) against their
// definitions: η = b + X·w per block, the per-row nll of each family at η + t·motion (bernoulli
// softplus(∓η), poisson e^η − yη, multinomial in baseline form logsumexp(0, η) − η_y), the
// weighted mean over rows of positive weight, and the probability of each outcome a row did not
// have. Direct formulas (log(1 + e^η)) are the reference where they are accurate.
import { describe, expect, test } from "vitest";
import { atLimit, linearPredictor, meanLoss, otherOutcomes, rowLoss, type RowData } from "../../dist/diagnostics/row-losses.js";
import { termLayout } from "../../dist/optimizers/fisher-scoring.js";

const X = Float64Array.from([0.5, -1, 2, 0.25, -1.5, 3]); // 3 rows × 2 features
const rows = (family: RowData["family"], y: number[], weights: number[] | null = null): RowData => ({
  family, n: 3, d: 2, X, y: Float64Array.from(y), weights: weights && Float64Array.from(weights),
  weightTotal: weights ? weights.reduce((a, b) => a + b, 0) : 3, columnScale: Float64Array.from([2, 3]),
});
const close = (a: number, b: number) => expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-14 * Math.max(1, Math.abs(b)));

describe("row losses of the existence check", () => {
  test("linearPredictor: η = b + X·w per block, and the size Σ|x·w| + |b| it could have without cancellation", () => {
    const layout = termLayout(2, 1, true, false);
    const { eta, magnitude } = linearPredictor(rows("bernoulli", [0, 1, 1]), layout, [0.5, 2, -1]);
    expect(Array.from(eta)).toEqual([0.5 + 1 + 1, 0.5 + 4 - 0.25, 0.5 - 3 - 3]);
    expect(Array.from(magnitude)).toEqual([0.5 + 1 + 1, 0.5 + 4 + 0.25, 0.5 + 3 + 3]);
    const noIntercept = termLayout(2, 1, false, false);
    expect(Array.from(linearPredictor(rows("poisson", [0, 1, 2]), noIntercept, [2, -1]).eta)).toEqual([2, 4 - 0.25, -3 - 3]);
    // multinomial, 3 classes: blocks for classes 1 and 2, each [b, w0, w1]; the size is the largest block's
    const three = termLayout(2, 3, true, false);
    const m = linearPredictor(rows("multinomial", [0, 1, 2]), three, [1, 0, 0, -1, 1, 1]);
    expect(Array.from(m.eta)).toEqual([1, -1 + 0.5 - 1, 1, -1 + 2 + 0.25, 1, -1 - 1.5 + 3]);
    expect(Array.from(m.magnitude)).toEqual([2.5, 3.25, 5.5]);
  });

  test("rowLoss: each family's nll at η + t·motion", () => {
    const one = termLayout(2, 1, true, false);
    const eta = Float64Array.from([0.7, -2, 30]);
    const motion = Float64Array.from([1, -1, 2]);
    const bernoulli = rows("bernoulli", [1, 0, 0]);
    const nll = (e: number, y: number) => Math.log1p(Math.exp(e)) - y * e;
    [0, 1].forEach((i) => close(rowLoss(bernoulli, one, i, eta, null, 0), nll(eta[i], bernoulli.y[i])));
    close(rowLoss(bernoulli, one, 2, eta, null, 0), 30 + Math.log1p(Math.exp(-30))); // y = 0 at η = 30: softplus(30)
    close(rowLoss(bernoulli, one, 0, eta, motion, 0.5), nll(0.7 + 0.5, 1));
    close(rowLoss(bernoulli, one, 1, eta, motion, 3), nll(-2 - 3, 0));
    const poisson = rows("poisson", [2, 0, 5]);
    [0, 1, 2].forEach((i) => close(rowLoss(poisson, one, i, eta, motion, 0.25), Math.exp(eta[i] + 0.25 * motion[i]) - poisson.y[i] * (eta[i] + 0.25 * motion[i])));
    const three = termLayout(2, 3, true, false);
    const etas = Float64Array.from([0.2, -0.4, 3, 1, -5, -6]); // rows × classes 1, 2
    const multinomial = rows("multinomial", [0, 1, 2]);
    const lse = (a: number[]) => Math.log(a.reduce((s, v) => s + Math.exp(v), 0));
    [0, 1, 2].forEach((i) => {
      const all = [0, etas[2 * i], etas[2 * i + 1]];
      close(rowLoss(multinomial, three, i, etas, null, 0), lse(all) - all[multinomial.y[i]]);
    });
    const moves = Float64Array.from([1, 0, 0, 2, -1, 1]);
    [0, 1, 2].forEach((i) => {
      const all = [0, etas[2 * i] + 2 * moves[2 * i], etas[2 * i + 1] + 2 * moves[2 * i + 1]];
      close(rowLoss(multinomial, three, i, etas, moves, 2), lse(all) - all[multinomial.y[i]]);
    });
  });

  test("meanLoss: the weighted mean over rows of positive weight, and the mean size of the terms", () => {
    const one = termLayout(2, 1, true, false);
    const eta = Float64Array.from([0.7, -2, 1.5]);
    const weighted = rows("poisson", [2, 0, 5], [2, 0, 0.5]);
    const loss = (i: number) => Math.exp(eta[i]) - weighted.y[i] * eta[i];
    const mean = meanLoss(weighted, one, eta);
    close(mean.value, (2 * loss(0) + 0.5 * loss(2)) / 2.5);
    close(mean.scale, (2 * (Math.abs(loss(0)) + Math.abs(2 * 0.7)) + 0.5 * (Math.abs(loss(2)) + Math.abs(5 * 1.5))) / 2.5);
    const unweighted = rows("bernoulli", [1, 0, 1]);
    const nll = (i: number) => Math.log1p(Math.exp(eta[i])) - unweighted.y[i] * eta[i];
    close(meanLoss(unweighted, one, eta).value, (nll(0) + nll(1) + nll(2)) / 3);
    close(meanLoss(unweighted, one, eta).scale, (nll(0) + nll(1) + nll(2)) / 3);
  });

  test("otherOutcomes and atLimit: the probability of each outcome the row did not have", () => {
    const one = termLayout(2, 1, true, false);
    const eta = Float64Array.from([2, -1, 40]);
    const out = new Float64Array(1);
    const bernoulli = rows("bernoulli", [1, 1, 0]);
    otherOutcomes(bernoulli, one, 0, eta, null, 0, out);
    close(out[0], 1 / (1 + Math.exp(2))); // 1 − σ(2)
    otherOutcomes(bernoulli, one, 2, eta, null, 0, out);
    close(out[0], 1 / (1 + Math.exp(-40))); // y = 0: μ = σ(40)
    const poisson = rows("poisson", [0, 3, 0]);
    otherOutcomes(poisson, one, 0, eta, null, 0, out);
    close(out[0], Math.exp(2));
    otherOutcomes(poisson, one, 1, eta, null, 0, out);
    expect(out[0]).toBe(Infinity); // y > 0: no direction fits it perfectly
    const three = termLayout(2, 3, true, false);
    const etas = Float64Array.from([1, 2, -30, -31, 0.5, 0.5]);
    const multinomial = rows("multinomial", [2, 0, 1]);
    const probs = new Float64Array(3);
    const softmax = (a: number[]) => a.map((v) => Math.exp(v) / a.reduce((s, u) => s + Math.exp(u), 0));
    [0, 1, 2].forEach((i) => {
      otherOutcomes(multinomial, three, i, etas, null, 0, probs);
      const p = softmax([0, etas[2 * i], etas[2 * i + 1]]);
      [0, 1, 2].forEach((c) => (c === multinomial.y[i] ? expect(probs[c]).toBe(Infinity) : close(probs[c], p[c])));
    });
    // row 1 (y = 0) at η = (−30, −31): the other classes' probabilities are ~1e-13
    expect(atLimit(multinomial, three, 1, etas, null, 0, 1e-12)).toBe(true);
    expect(atLimit(multinomial, three, 1, etas, null, 0, 1e-14)).toBe(false);
    expect(atLimit(bernoulli, one, 1, eta, Float64Array.from([0, -50, 0]), 1, 1e-20)).toBe(false); // y = 1 at η = −51: 1 − μ ≈ 1
    expect(atLimit(bernoulli, one, 1, eta, Float64Array.from([0, 50, 0]), 1, 1e-20)).toBe(true); // at η = 49: 1 − μ = σ(−49) ≈ 5e-22
    expect(atLimit(bernoulli, one, 0, eta, null, 0, 1e-20)).toBe(false);
  });
});
