// Tests with teeth (issue 8, item 13): each kills a bug that once survived the whole suite
// (planted and checked as test/MUTATION.md describes). Newton must halve a step that raises f
// even when f stays finite; the summary of an unpenalised multinomial fit by a first-order
// optimizer is in the baseline form (b_c − b_0); the Student-t degrees of freedom are n − p.
import { describe, expect, test } from "vitest";
import tCdf from "@stdlib/stats-base-dists-t-cdf";
import tQuantile from "@stdlib/stats-base-dists-t-quantile";
import { Trainer } from "../../dist/index.js";
import { triangleCondition } from "../../dist/optimizers/fisher-scoring.js";
import { loadFixture, relativeError, seededRandom, syntheticData } from "../helpers/fixtures.js";

type Family = "poisson" | "bernoulli";

/** f = mean nll at (b, w) for one feature, in plain JS (the neutral objective, no penalty). */
function objective(family: Family, x: number[], y: number[], b: number, w: number): number {
  let total = 0;
  for (let i = 0; i < x.length; i++) {
    const eta = b + w * x[i];
    total += family === "poisson" ? Math.exp(eta) - y[i] * eta : Math.max(eta, 0) + Math.log1p(Math.exp(-Math.abs(eta))) - y[i] * eta;
  }
  return total / x.length;
}

/** The full Newton step (intercept, slope) at (b, w), from the 2×2 normal equations. */
function newtonStep(family: Family, x: number[], y: number[], b: number, w: number): [number, number] {
  let [h00, h01, h11, g0, g1] = [0, 0, 0, 0, 0];
  for (let i = 0; i < x.length; i++) {
    const eta = b + w * x[i];
    const mu = family === "poisson" ? Math.exp(eta) : 1 / (1 + Math.exp(-eta));
    const v = family === "poisson" ? mu : mu * (1 - mu);
    h00 += v; h01 += v * x[i]; h11 += v * x[i] * x[i];
    g0 += y[i] - mu; g1 += (y[i] - mu) * x[i];
  }
  const det = h00 * h11 - h01 * h01;
  return [(h11 * g0 - h01 * g1) / det, (h00 * g1 - h01 * g0) / det];
}

/** The intercept-only start of bernoulli and poisson (log-odds or log of the mean of y). */
function start(family: Family, y: number[]): number {
  const mean = y.reduce((s, v) => s + v, 0) / y.length;
  return family === "poisson" ? Math.log(mean) : Math.log(mean / (1 - mean));
}

// 28 counts with one far covariate (x = 8.54): from the intercept-only start the full Newton step
// lands at a finite f ≈ 10.66, far above the start's −0.415; half of it lowers f.
const X_OUTLIER = [-0.24, -0.9, 1.99, 1.47, -0.92, -1.22, 1.77, -0.43, 0.12, 0.11, -1.5, 0.13, -1.29, 0.32, -0.71, 0.54, -1.2, -0.03, -2.32, -1.58, 1.34, 3.44, -0.41, 8.54, 1.68, -0.27, 0.97, -1.06];
const Y_OUTLIER = [0, 3, 5, 5, 1, 0, 9, 0, 0, 0, 0, 1, 2, 3, 0, 2, 0, 0, 0, 0, 3, 18, 2, 16, 9, 2, 1, 5];

describe("Newton halves every step that raises f, finite or not", () => {
  test("a finite overshoot from the start is halved: the first iterate is β₀ + δ/2, not β₀ + δ", async () => {
    const b0 = start("poisson", Y_OUTLIER);
    const [db, dw] = newtonStep("poisson", X_OUTLIER, Y_OUTLIER, b0, 0);
    const atStart = objective("poisson", X_OUTLIER, Y_OUTLIER, b0, 0);
    const fullStep = objective("poisson", X_OUTLIER, Y_OUTLIER, b0 + db, dw);
    const halfStep = objective("poisson", X_OUTLIER, Y_OUTLIER, b0 + db / 2, dw / 2);
    // The data really need a halving, and not because of an overflow.
    expect(Number.isFinite(fullStep)).toBe(true);
    expect(fullStep).toBeGreaterThan(atStart + 10);
    expect(halfStep).toBeLessThan(atStart);

    const trainer = await Trainer.create({ family: "poisson", optimizer: "newton" });
    const fit = trainer.fit(X_OUTLIER.map((v) => [v]), Y_OUTLIER);
    // δ from Householder QR in WASM and from the 2×2 solve here agree to ~1e-14; f to the same.
    expect(relativeError(fit.history[0], halfStep)).toBeLessThan(1e-10);
    expect(fit.converged).toBe(true);
    for (let i = 1; i < fit.history.length; i++) expect(fit.history[i]).toBeLessThanOrEqual(fit.history[i - 1]);
    const gradient = trainer.evaluate(X_OUTLIER.map((v) => [v]), Y_OUTLIER, fit.coefficients, fit.intercept);
    expect(Math.abs(gradient.coefficients[0])).toBeLessThan(1e-9);
    expect(Math.abs(gradient.intercept[0])).toBeLessThan(1e-9);
    trainer.dispose();
  });

  test("on 24 seeded heavy-tailed problems f never rises, and those whose full first step overshoots still converge", async () => {
    const random = seededRandom(20261201);
    // Student-t with 2 degrees of freedom: a few far covariates per sample, as above.
    const heavy = () => {
      const z = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
      return Math.round((z() / Math.sqrt((z() ** 2 + z() ** 2) / 2)) * 100) / 100;
    };
    let overshooting = 0;
    for (let k = 0; k < 24; k++) {
      const family: Family = k % 2 === 0 ? "poisson" : "bernoulli";
      const n = 30 + (k % 5) * 10;
      const x = Array.from({ length: n }, heavy);
      const y = x.map((v) => {
        const eta = 0.3 + 0.7 * Math.max(-3, Math.min(3, v));
        if (family === "bernoulli") return random() < 1 / (1 + Math.exp(-eta)) ? 1 : 0;
        let count = 0;
        for (let p = Math.exp(-Math.exp(eta)), s = p, u = random(); u > s; s += p) p *= Math.exp(eta) / ++count;
        return count;
      });
      const b0 = start(family, y);
      const [db, dw] = newtonStep(family, x, y, b0, 0);
      const full = objective(family, x, y, b0 + db, dw);
      if (Number.isFinite(full) && full > objective(family, x, y, b0, 0)) overshooting++;
      const trainer = await Trainer.create({ family, optimizer: "newton" });
      const fit = trainer.fit(x.map((v) => [v]), y);
      trainer.dispose();
      expect(fit.converged, `problem ${k}`).toBe(true);
      // Newton takes a rise within 1e-8 of f's size as rounding noise (OBJECTIVE_NOISE in newton.ts).
      for (let i = 1; i < fit.history.length; i++) expect(fit.history[i] - fit.history[i - 1], `problem ${k}, iteration ${i}`).toBeLessThanOrEqual(1e-8 * Math.abs(fit.history[i - 1]));
      expect(fit.history[0], `problem ${k}`).toBeLessThanOrEqual(objective(family, x, y, b0, 0) * (1 + 1e-12) + 1e-12);
    }
    // The generator's purpose: several problems where only a halved step is acceptable.
    expect(overshooting).toBeGreaterThanOrEqual(3);
  });
});

describe("the summary of an unpenalised multinomial fit is in the baseline form for every optimizer", () => {
  // (newton and lbfgs fit the baseline form itself, where class 0 is 0 and the subtraction is void)
  for (const optimizer of ["gd", "sgd"] as const) {
    test(`${optimizer}: each class's estimates are b_c − b_0 and w_c − w_0 of the fit`, async () => {
      const { X, y } = syntheticData("multinomial", 240, 3, 41);
      const trainer = await Trainer.create({ family: "multinomial", classes: 3, optimizer, learningRate: 0.2, epochs: 40 });
      const fit = trainer.fit(X, y);
      const s = fit.summary();
      trainer.dispose();
      const K = 3;
      const d = 3;
      // Class 0 is the baseline; a symmetric fit leaves b_0, w_0 away from 0, so the subtraction shows.
      expect(Math.abs(fit.intercept[0])).toBeGreaterThan(1e-3);
      expect(s.terms.map((t) => t.output)).toEqual([1, 1, 1, 1, 2, 2, 2, 2]);
      for (const term of s.terms) {
        const c = term.output;
        const j = term.term === "intercept" ? -1 : Number(term.term.slice(1));
        const expected = j < 0 ? fit.intercept[c] - fit.intercept[0] : fit.coefficients[j * K + c] - fit.coefficients[j * K];
        expect(Math.abs(term.estimate - expected), `${term.term} (class ${c})`).toBeLessThanOrEqual(1e-12 * (1 + Math.abs(expected)));
        expect(j).toBeLessThan(d);
      }
    });
  }

  test("gd on sm_synthetic_mnlogit: summary estimates and standard errors equal statsmodels MNLogit's to 1e-9", async () => {
    const fx = loadFixture("sm_synthetic_mnlogit");
    // 3000 full-batch steps of 2 (tolerance 0) reach the optimum to rounding on this fixture (measured 2e-15).
    const trainer = await Trainer.create({ family: "multinomial", classes: 3, optimizer: "gd", learningRate: 2, epochs: 3000, tolerance: 0, featureNames: fx.feature_names });
    const fit = trainer.fit(fx.X, fx.y);
    const s = fit.summary();
    trainer.dispose();
    expect(Math.abs(fit.intercept[0])).toBeGreaterThan(0.05);
    const ref = fx.reference;
    const estimates = (ref.intercept as number[]).flatMap((b, k) => [b, ...(ref.coef as number[][])[k]]);
    const stdErrors = (ref.intercept_bse as number[]).flatMap((b, k) => [b, ...(ref.coef_bse as number[][])[k]]);
    // The fixture's own check agrees to 1.9e-15; 1e-9 leaves room for gd's last digits only.
    s.terms.forEach((t, i) => {
      expect(relativeError(t.estimate, estimates[i]), `estimate ${t.term} (class ${t.output})`).toBeLessThan(1e-9);
      expect(relativeError(t.stdError, stdErrors[i]), `stdError ${t.term} (class ${t.output})`).toBeLessThan(1e-9);
    });
  });
});

describe("Student-t inference of gaussian fits uses n − p degrees of freedom", () => {
  // Independent of the stackloss p-values in test/inference.test.ts: another data set, another
  // design width, and the intervals as well as the p-values.
  for (const [name, cols] of [["syntheticA", 2], ["syntheticB", 5]] as const) {
    test(`${name} (n = 23, p = ${cols + 1}): p-values and interval half-widths with ${23 - cols - 1} df`, async () => {
      const { X, y } = syntheticData("gaussian", 23, cols, cols * 7);
      const trainer = await Trainer.create({ family: "gaussian", optimizer: "newton" });
      const s = trainer.fit(X, y).summary({ level: 0.9 });
      trainer.dispose();
      const df = 23 - (cols + 1);
      expect(s.statisticName).toBe("t");
      for (const t of s.terms) {
        expect(relativeError(t.statistic, t.estimate / t.stdError)).toBeLessThan(1e-14);
        const p = 2 * tCdf(-Math.abs(t.statistic), df);
        expect(relativeError(t.pValue, p), `p-value ${t.term}`).toBeLessThan(1e-9);
        const halfWidth = tQuantile(0.95, df) * t.stdError;
        expect(relativeError(t.ciUpper - t.estimate, halfWidth), `ci ${t.term}`).toBeLessThan(1e-9);
        expect(relativeError(t.estimate - t.ciLower, halfWidth), `ci ${t.term}`).toBeLessThan(1e-9);
      }
      // a wrong df by one is visible at these sizes: the p-values differ by far more than 1e-9
      const t0 = s.terms[1];
      expect(relativeError(2 * tCdf(-Math.abs(t0.statistic), df + 1), t0.pValue)).toBeGreaterThan(1e-6);
    });
  }
});

describe("Newton reports what it did", () => {
  test("with l2, the history is the penalised objective: its last value is fit.objective, and each one f at that iterate", async () => {
    const fx = loadFixture("skl_wine_logreg_l2");
    const seen: number[] = [];
    const trainer = await Trainer.create({ family: "bernoulli", optimizer: "newton", l2: fx.objective.l2 });
    const fit = trainer.fit(fx.X, fx.y, { onEpoch: ({ objective }) => void seen.push(objective) });
    trainer.dispose();
    expect(fit.converged).toBe(true);
    expect(Array.from(fit.history)).toEqual(seen);
    // fit.objective is summed by the session in another order: equal to rounding, penalty included.
    expect(relativeError(fit.history[fit.history.length - 1], fit.objective)).toBeLessThan(1e-13);
    expect(relativeError(fit.objective, fx.objective.value_at_reference)).toBeLessThan(1e-12);
    for (let i = 1; i < fit.history.length; i++) expect(fit.history[i]).toBeLessThanOrEqual(fit.history[i - 1]);
  });

  test('collinear: "drop" of two columns names both, in column order, and says "their coefficients are"; of one, "its coefficient is"', async () => {
    const { X, y } = syntheticData("gaussian", 120, 2, 13);
    const twoDependent = X.map(([a, b]) => [a, b, a + b, 2 * a - 3 * b]);
    const oneDependent = X.map(([a, b]) => [a, b, a - b]);
    const t = await Trainer.create({ family: "gaussian", optimizer: "newton", collinear: "drop" });
    const two = t.fit(twoDependent, y);
    expect(two.aliased).toEqual(["x2", "x3"]);
    expect(two.warnings).toContain("Dropped x2, x3: exactly collinear with earlier columns or constant; their coefficients are fixed at 0.");
    expect([two.coefficients[2], two.coefficients[3]]).toEqual([0, 0]);
    const one = t.fit(oneDependent, y);
    expect(one.aliased).toEqual(["x2"]);
    expect(one.warnings).toContain("Dropped x2: exactly collinear with earlier columns or constant; its coefficient is fixed at 0.");
    t.dispose();
  });

  test('collinear: "error" with two dependent columns lists both terms and columns in order', async () => {
    const { X, y } = syntheticData("bernoulli", 200, 3, 14);
    const design = X.map(([a, b, c]) => [a + b, a, b, c, b - c]);
    const t = await Trainer.create({ family: "bernoulli", optimizer: "newton", featureNames: ["sum", "a", "b", "c", "diff"] });
    let error: unknown;
    try {
      t.fit(design, y);
    } catch (e) {
      error = e;
    }
    t.dispose();
    // "sum" comes first, so the later columns that complete a dependency are the ones named
    expect((error as { terms: string[] }).terms).toEqual(["b", "diff"]);
    expect((error as { columns: number[] }).columns).toEqual([2, 4]);
  });

  test("R's rank rule: a column within 1e-13 of a combination of earlier ones is collinear, one 1e-6 away is not", async () => {
    const { X, y } = syntheticData("gaussian", 150, 2, 15);
    const random = seededRandom(16);
    const nearly = (epsilon: number) => X.map(([a, b]) => [a, b, 3 * a - b + epsilon * (random() - 0.5)]);
    const t = await Trainer.create({ family: "gaussian", optimizer: "newton", collinear: "drop" });
    // |R_jj| ≤ 1e-11·‖column‖ (dqrdc2's tol as glm.fit passes it): ‖column‖ ≈ 3.2·√150 ≈ 39 here
    expect(t.fit(nearly(1e-13), y).aliased).toEqual(["x2"]);
    expect(t.fit(nearly(1e-6), y).aliased).toEqual([]);
    t.dispose();
  });
});

describe("the gaussian one-step rule and its condition number", () => {
  /** κ₁ of the kept rows/columns of an upper triangle, from an explicit inverse (Gauss–Jordan). */
  function denseCondition(R: Float64Array, mask: number[], P: number): number {
    const kept = mask.flatMap((m, j) => (m !== 0 ? [j] : []));
    const k = kept.length;
    const A = kept.map((i) => kept.map((j) => (j >= i ? R[i * (P + 1) + j] : 0)));
    const inverse = kept.map((_, i) => kept.map((_, j) => (i === j ? 1 : 0)));
    for (let c = k - 1; c >= 0; c--) {
      const pivot = A[c][c];
      for (let j = 0; j < k; j++) { A[c][j] /= pivot; inverse[c][j] /= pivot; }
      for (let r = 0; r < c; r++) {
        const factor = A[r][c];
        for (let j = 0; j < k; j++) { A[r][j] -= factor * A[c][j]; inverse[r][j] -= factor * inverse[c][j]; }
      }
    }
    const norm1 = (M: number[][]) => Math.max(...M[0].map((_, j) => M.reduce((s, row) => s + Math.abs(row[j]), 0)));
    const original = kept.map((i) => kept.map((j) => (j >= i ? R[i * (P + 1) + j] : 0)));
    return norm1(original) * norm1(inverse);
  }

  test("triangleCondition is κ₁(R) = ‖R‖₁·‖R⁻¹‖₁ over the kept columns, and ∞ for a zero kept diagonal", () => {
    const random = seededRandom(77);
    for (let trial = 0; trial < 30; trial++) {
      const P = 1 + (trial % 6);
      const R = new Float64Array((P + 1) * (P + 1));
      for (let i = 0; i < P; i++) for (let j = i; j <= P; j++) R[i * (P + 1) + j] = (i === j ? 0.5 + random() : 0) + 2 * random() - 1;
      const mask = Array.from({ length: P }, (_, j) => (P > 1 && j === trial % P && trial % 3 === 0 ? 0 : 1));
      const expected = denseCondition(R, mask, P);
      expect(relativeError(triangleCondition(R, mask, P), expected), `trial ${trial}`).toBeLessThan(1e-12);
    }
    const singular = new Float64Array(9).fill(1);
    singular[4] = 0; // R₁₁ = 0 with column 1 kept
    expect(triangleCondition(singular, [1, 1], 2)).toBe(Infinity);
    expect(Number.isFinite(triangleCondition(singular, [1, 0], 2))).toBe(true);
  });

  test("a well-conditioned gaussian fit stops after its one least-squares step; poly_illconditioned takes the refining step", async () => {
    const t = await Trainer.create({ family: "gaussian", optimizer: "newton" });
    const easy = t.fit(loadFixture("sm_stackloss_ols").X, loadFixture("sm_stackloss_ols").y);
    expect([easy.epochs, easy.converged]).toEqual([1, true]);
    const poly = loadFixture("poly_illconditioned");
    const hard = t.fit(poly.X, poly.y);
    expect(hard.converged).toBe(true);
    expect(hard.epochs).toBeGreaterThanOrEqual(2);
    t.dispose();
  });
});
