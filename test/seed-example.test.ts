// The seed article's example (examples/seed-linear.js): mini-batch SGD recovers slope ≈ 2 and
// intercept ≈ 1 and agrees with the closed-form least-squares answer.
import { expect, test } from "vitest";
// @ts-expect-error: a plain-JS example without type declarations
import { closedFormLeastSquares, fitSeedExample, loadSeedData } from "../examples/seed-linear.js";
import { loadFixture } from "./helpers/fixtures.js";

const reference = loadFixture("seed_linear").reference; // exact 60-digit least squares (and statsmodels OLS)

test("the closed form in the example is the exact least-squares answer", () => {
  const { X, y } = loadSeedData();
  const { slope, intercept } = closedFormLeastSquares(X, y);
  expect(slope).toBeCloseTo(reference.coef[0], 12);
  expect(intercept).toBeCloseTo(reference.intercept, 12);
});

test("mini-batch SGD (batch 10, lr 0.01) recovers slope ≈ 2, intercept ≈ 1, and the least-squares answer", async () => {
  const { fit } = await fitSeedExample();
  expect(Math.abs(fit.coefficients[0] - 2)).toBeLessThan(0.05);
  expect(Math.abs(fit.intercept[0] - 1)).toBeLessThan(0.05);
  // constant-step SGD hovers near the optimum: within 1e-3 of the exact least-squares coefficients
  expect(Math.abs(fit.coefficients[0] - reference.coef[0])).toBeLessThan(1e-3);
  expect(Math.abs(fit.intercept[0] - reference.intercept)).toBeLessThan(1e-3);
  expect(fit.objective).toBeLessThan(reference.rss / 200 * (1 + 1e-4)); // rss/(2n) is the optimum of ½·mean squared error
});

test("without the intercept (the article's first bug) the fit cannot recover the line", async () => {
  const { X, y } = loadSeedData();
  const { Trainer } = await import("../dist/index.js");
  const trainer = await Trainer.create({ optimizer: "sgd", batchSize: 10, learningRate: 0.01, epochs: 2000, tolerance: 0, fitIntercept: false });
  const fit = trainer.fit(X, y);
  expect(fit.intercept[0]).toBe(0);
  expect(Math.abs(fit.coefficients[0] - 2)).toBeGreaterThan(0.5);
});
