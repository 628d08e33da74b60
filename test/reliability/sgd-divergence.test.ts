// Issue 8, finding 10 (and must-show 8): an sgd objective that climbed to 1e295 was not called
// divergence — only a non-finite objective was — so a fit 1e290 times worse than its start was
// returned as a result. Now a gd/sgd objective that grows to 1e10 times its start is a
// DivergenceError, with no coefficients and the previous model kept.
import { describe, expect, test } from "vitest";
import { DivergenceError, Trainer } from "../../dist/index.js";
import { syntheticData } from "../helpers/fixtures.js";
import { thrownBy } from "../helpers/thrown.js";

const { X, y } = syntheticData("gaussian", 200, 4, 61);

describe("gd/sgd: an objective that grows 1e10-fold over its start is divergence", () => {
  // steps slightly too large for the curvature: the objective grows by a modest factor per epoch,
  // so it would stay finite for hundreds of epochs (1e295 and beyond) before overflowing
  for (const [optimizer, learningRate, batchSize] of [["gd", 2.1, 32], ["sgd", 2.4, 100]] as const) {
    test(`${optimizer}, learningRate ${learningRate}`, async () => {
      const trainer = await Trainer.create({ optimizer, learningRate, batchSize, epochs: 5000, tolerance: 0 });
      const start = trainer.evaluate(X, y, new Float64Array(4), Float64Array.of(y.reduce((a, b) => a + b, 0) / y.length)).objective;
      const good = await Trainer.create({ optimizer: "newton" });
      const previous = good.fit(X, y);
      trainer.fit(X, y.map((v) => v * 0)); // a model to keep
      const before = Array.from(trainer.predict(X));
      const seen: number[] = [];
      const error = thrownBy(() => trainer.fit(X, y, { onEpoch: ({ objective }) => void seen.push(objective) }));
      expect(error).toBeInstanceOf(DivergenceError);
      const divergence = error as DivergenceError;
      expect(Number.isFinite(divergence.objective)).toBe(true);
      expect(divergence.objective).toBeGreaterThanOrEqual(1e10 * start);
      expect(divergence.objective).toBeLessThan(1e30); // stopped long before 1e295
      expect(divergence.startObjective).toBeCloseTo(start, optimizer === "gd" ? 12 : 6);
      expect(divergence.message).toMatch(/grew to .*, 1e10 or more times its start/);
      expect(divergence.message).toMatch(new RegExp(`smaller learningRate than ${learningRate}`));
      // every epoch reported before it was below the bound, and the bound was hit at the next one
      expect(seen.length).toBe(divergence.epoch - 1);
      for (const value of seen) expect(value).toBeLessThan(1e10 * Math.max(start, 1e-8) + start);
      expect(Array.from(trainer.predict(X))).toEqual(before);
      expect(previous.objective).toBeLessThan(start);
      trainer.dispose();
      good.dispose();
    });
  }

  test("a fit that converges, and one that starts at its optimum (f = 0), are not divergence", async () => {
    for (const optimizer of ["gd", "sgd"] as const) {
      const trainer = await Trainer.create({ optimizer, learningRate: 0.1, epochs: 300 });
      expect(() => trainer.fit(X, y)).not.toThrow();
      // y constant: the intercept start is exact, f = 0, and rounding noise must not count as growth
      expect(trainer.fit(X, y.map(() => 3)).objective).toBeLessThan(1e-20);
      trainer.dispose();
    }
  });
});
