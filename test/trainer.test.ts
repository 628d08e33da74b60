// The Trainer's contract: option effects, callbacks, convergence, layouts and predictions.
import { describe, expect, test } from "vitest";
import { Trainer } from "../dist/index.js";
import { loadFixture, safeLearningRate, syntheticData } from "./helpers/fixtures.js";

describe("training control", () => {
  test("onEpoch sees every epoch and can stop training", async () => {
    const { X, y } = syntheticData("bernoulli", 200, 3, 1);
    const trainer = await Trainer.create({ family: "bernoulli", optimizer: "sgd", epochs: 50, tolerance: 0 });
    const seen: number[] = [];
    const fit = trainer.fit(X, y, { onEpoch: ({ epoch, objective, epochs }) => { seen.push(epoch); expect(epochs).toBe(50); expect(Number.isFinite(objective)).toBe(true); return epoch < 3; } });
    expect(seen).toEqual([1, 2, 3]);
    expect(fit.epochs).toBe(3);
    expect(fit.stopReason).toBe("callback");
    expect(fit.converged).toBe(false);
    expect(fit.history).toHaveLength(3);
  });

  test("convergence by tolerance on the objective, with patience", async () => {
    const fx = loadFixture("skl_wine_logreg_l2");
    const trainer = await Trainer.create({ family: "bernoulli", optimizer: "gd", learningRate: safeLearningRate(fx), l2: fx.objective.l2, epochs: 100_000, tolerance: 1e-6 });
    const fit = trainer.fit(fx.X, fx.y);
    expect(fit.stopReason).toBe("converged");
    expect(fit.converged).toBe(true);
    const [previous, last] = [fit.history[fit.epochs - 2], fit.history[fit.epochs - 1]];
    expect(Math.abs(previous - last)).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(last)));
    const longer = (await Trainer.create({ family: "bernoulli", optimizer: "gd", learningRate: safeLearningRate(fx), l2: fx.objective.l2, epochs: 100_000, tolerance: 1e-6, patience: 10 })).fit(fx.X, fx.y);
    expect(longer.epochs).toBeGreaterThan(fit.epochs);
  });

  test("maxEpochs when the tolerance is never met", async () => {
    const { X, y } = syntheticData("gaussian", 100, 2, 1);
    const fit = (await Trainer.create({ optimizer: "sgd", epochs: 7, tolerance: 0 })).fit(X, y);
    expect(fit.epochs).toBe(7);
    expect(fit.stopReason).toBe("maxEpochs");
    expect(fit.converged).toBe(false);
  });

  test("classic SGD (batch 1), batches larger than n, and sampling with replacement all fit", async () => {
    const fx = loadFixture("seed_linear");
    // With a constant step η and batch b, SGD on least squares does not converge but hovers around
    // the optimum with stationary covariance Σ solving HΣ + ΣH = (η/b)·σ²H, i.e. Σ = ησ²/(2b)·I
    // (gradient noise σ²H for residual variance σ² = RSS/n; see Mandt, Hoffman & Blei (2017),
    // "Stochastic gradient descent as approximate Bayesian inference", §3). The last iterate is
    // held to 4 standard deviations of that; a batch larger than n is full-batch gd, exact.
    const sigma2 = fx.reference.rss / fx.n;
    const cases = [
      { options: { batchSize: 1, learningRate: 0.01 }, tolerance: 4 * Math.sqrt((0.01 * sigma2) / 2) },
      { options: { batchSize: 1000, learningRate: 0.5 }, tolerance: 1e-12 },
      { options: { sampling: "replacement" as const, batchSize: 10, learningRate: 0.05 }, tolerance: 4 * Math.sqrt((0.05 * sigma2) / 20) },
    ];
    for (const { options, tolerance } of cases) {
      const fit = (await Trainer.create({ optimizer: "sgd", epochs: 2000, tolerance: 0, ...options })).fit(fx.X, fx.y);
      expect(Math.abs(fit.coefficients[0] - fx.reference.coef[0]), JSON.stringify(options)).toBeLessThan(tolerance);
      expect(Math.abs(fit.intercept[0] - fx.reference.intercept), JSON.stringify(options)).toBeLessThan(tolerance);
    }
  });

  test("fitIntercept: false keeps the intercept at 0", async () => {
    const { X, y } = syntheticData("poisson", 100, 3, 4);
    const fit = (await Trainer.create({ family: "poisson", optimizer: "gd", learningRate: 0.05, fitIntercept: false, epochs: 100 })).fit(X, y);
    expect(Array.from(fit.intercept)).toEqual([0]);
  });
});

describe("layouts and predictions", () => {
  test("nested rows and a flat row-major buffer give identical fits", async () => {
    const { X, y } = syntheticData("gaussian", 150, 4, 2);
    const options = { optimizer: "sgd" as const, epochs: 5, tolerance: 0 };
    const nested = (await Trainer.create(options)).fit(X, y);
    const flat = (await Trainer.create(options)).fit({ data: Float64Array.from(X.flat()), rows: 150, cols: 4 }, y);
    const plain = (await Trainer.create(options)).fit({ data: X.flat(), rows: 150, cols: 4 }, y);
    expect(Array.from(flat.coefficients)).toEqual(Array.from(nested.coefficients));
    expect(Array.from(plain.coefficients)).toEqual(Array.from(nested.coefficients));
  });

  test("multinomial coefficients are feature-major (feature j, class c at j·K + c) and predict softmax probabilities", async () => {
    const { X, y } = syntheticData("multinomial", 300, 4, 3);
    const trainer = await Trainer.create({ family: "multinomial", classes: 3, optimizer: "gd", learningRate: 0.5, l2: 0.01, epochs: 300 });
    const fit = trainer.fit(X, y);
    expect(fit.coefficients).toHaveLength(4 * 3);
    expect(fit.intercept).toHaveLength(3);
    const probabilities = trainer.predict(X.slice(0, 5));
    expect(probabilities).toHaveLength(5 * 3);
    X.slice(0, 5).forEach((row, i) => {
      const eta = [0, 1, 2].map((c) => fit.intercept[c] + row.reduce((s, x, j) => s + x * fit.coefficients[j * 3 + c], 0));
      const max = Math.max(...eta);
      const total = eta.reduce((s, e) => s + Math.exp(e - max), 0);
      eta.forEach((e, c) => expect(probabilities[i * 3 + c]).toBeCloseTo(Math.exp(e - max) / total, 12));
    });
  });

  test("predict gives the mean response through each inverse link", async () => {
    for (const [family, inverse] of [["gaussian", (e: number) => e], ["bernoulli", (e: number) => 1 / (1 + Math.exp(-e))], ["poisson", Math.exp]] as const) {
      const { X, y } = syntheticData(family, 120, 3, 6);
      const trainer = await Trainer.create({ family, optimizer: "gd", learningRate: 0.05, epochs: 200 });
      const fit = trainer.fit(X, y);
      const mean = trainer.predict(X.slice(0, 4));
      X.slice(0, 4).forEach((row, i) => expect(mean[i]).toBeCloseTo(inverse(fit.intercept[0] + row.reduce((s, x, j) => s + x * fit.coefficients[j], 0)), 12));
    }
  });

  test("results are copies the caller owns", async () => {
    const { X, y } = syntheticData("gaussian", 60, 2, 8);
    const trainer = await Trainer.create({ optimizer: "gd", learningRate: 0.1, epochs: 100 });
    const fit = trainer.fit(X, y);
    const before = trainer.predict(X);
    fit.coefficients.fill(123);
    fit.intercept.fill(123);
    expect(Array.from(trainer.predict(X))).toEqual(Array.from(before));
  });
});
