// Known answers: full-batch gradient descent reaches the penalised/unpenalised optimum of the
// reference fixtures (statsmodels, scikit-learn; see test/fixtures/*.json `source`).
import { describe, expect, test } from "vitest";
import { Trainer } from "../dist/index.js";
import { loadFixture, relativeError, safeLearningRate } from "./helpers/fixtures.js";

const GD_FIXTURES = [
  "seed_linear", // gaussian, unpenalised
  "skl_synthetic_ridge", // gaussian, L2, columns on different scales
  "skl_wine_logreg_l2", // bernoulli, L2
  "skl_counts_poisson_l2", // poisson, L2
  "sm_synthetic_poisson", // poisson, unpenalised
  "skl_wine_multinomial_l2", // multinomial, L2, a flat optimum
];

describe("gd reaches the reference objective", () => {
  for (const name of GD_FIXTURES) {
    test(`${name}: objective to 1e-6 relative (float64)`, async () => {
      const fx = loadFixture(name);
      const trainer = await Trainer.create({
        family: fx.family, classes: fx.n_classes, optimizer: "gd", dtype: "float64",
        learningRate: safeLearningRate(fx), l2: fx.objective.l2, epochs: 500_000, tolerance: 1e-14,
      });
      const fit = trainer.fit(fx.X, fx.y);
      trainer.dispose();
      expect(fit.converged).toBe(true);
      expect(relativeError(fit.objective, fx.objective.value_at_reference)).toBeLessThan(1e-6);
      // the gd history is the exact objective at each epoch's start, so it never increases with step 1/L
      for (let e = 1; e < fit.epochs; e++) expect(fit.history[e]).toBeLessThanOrEqual(fit.history[e - 1] + 1e-12 * Math.max(1, Math.abs(fit.history[e - 1])));
    });
  }

  test("float32 data and parameters get within float32 accuracy of the optimum", async () => {
    const fx = loadFixture("skl_wine_logreg_l2");
    const trainer = await Trainer.create({
      family: "bernoulli", optimizer: "gd", dtype: "float32",
      learningRate: safeLearningRate(fx), l2: fx.objective.l2, epochs: 20_000, tolerance: 1e-10,
    });
    const fit = trainer.fit(fx.X, fx.y);
    expect(relativeError(fit.objective, fx.objective.value_at_reference)).toBeLessThan(1e-5);
  });

  test("sample weights: gd reaches the weighted optimum of sm_synthetic_poisson (reference_weighted)", async () => {
    const fx = loadFixture("sm_synthetic_poisson");
    const trainer = await Trainer.create({ family: "poisson", optimizer: "gd", learningRate: safeLearningRate(fx), epochs: 500_000, tolerance: 1e-14 });
    const fit = trainer.fit(fx.X, fx.y, { sampleWeight: fx.weights });
    const ref = fx.reference_weighted!;
    expect(relativeError(fit.objective, fx.objective.value_at_reference_weighted!)).toBeLessThan(1e-6);
    expect(relativeError(fit.logLikelihood, ref.llf)).toBeLessThan(1e-6);
    expect(relativeError(fit.intercept[0], ref.intercept)).toBeLessThan(1e-4);
    ref.coef.forEach((c: number, j: number) => expect(Math.abs(fit.coefficients[j] - c)).toBeLessThan(1e-4 * Math.max(...ref.coef.map(Math.abs))));
  });

  test("integer weights act as repeated rows", async () => {
    const fx = loadFixture("sm_synthetic_poisson");
    const X: number[][] = [];
    const y: number[] = [];
    fx.X.forEach((row, i) => { for (let k = 0; k < fx.weights![i]; k++) { X.push(row); y.push(fx.y[i]); } });
    const options = { family: "poisson" as const, optimizer: "gd" as const, learningRate: safeLearningRate(fx), epochs: 300 };
    const weighted = (await Trainer.create(options)).fit(fx.X, fx.y, { sampleWeight: fx.weights });
    const repeated = (await Trainer.create(options)).fit(X, y);
    expect(relativeError(weighted.objective, repeated.objective)).toBeLessThan(1e-12);
    weighted.coefficients.forEach((c, j) => expect(c).toBeCloseTo(repeated.coefficients[j], 10));
  });

  test("log-likelihood follows statsmodels' conventions (gaussian at σ̂² = RSS/n, poisson with −log y!)", async () => {
    for (const name of ["seed_linear", "sm_synthetic_poisson"]) {
      const fx = loadFixture(name);
      const trainer = await Trainer.create({ family: fx.family, optimizer: "gd", learningRate: safeLearningRate(fx), epochs: 500_000, tolerance: 1e-15 });
      const fit = trainer.fit(fx.X, fx.y);
      expect(relativeError(fit.logLikelihood, fx.reference.llf)).toBeLessThan(1e-8);
    }
  });
});
