// Newton's rank test runs only without a penalty (bindings/optimizers/newton.ts): with l2 > 0 the
// penalty makes exactly collinear columns identifiable, so nothing is dropped and collinear:
// "error" has nothing to refuse. A duplicated column then shares the coefficient that one copy
// would get at half the penalty: (l2/2)·(a² + b²) at a = b = c/2 is (l2/4)·c².
import { describe, expect, it } from "vitest";
import { syntheticData } from "../helpers/fixtures.js";
import { disposingTrainers } from "../helpers/trainers.js";

const trainer = disposingTrainers({ optimizer: "newton" });

describe("newton with l2 > 0 and exactly collinear columns", () => {
  for (const family of ["gaussian", "bernoulli", "poisson"] as const) {
    it(`${family}: no column dropped; a duplicated column halves the coefficient of one copy at l2/2`, async () => {
      const { X, y } = syntheticData(family, 50, 1, 3);
      const doubled = X.map((r) => [r[0], r[0]]);
      const both = (await trainer({ family, l2: 0.2, collinear: "error" })).fit(doubled, y);
      const one = (await trainer({ family, l2: 0.1 })).fit(X, y);
      expect(both.aliased).toEqual([]);
      expect(both.warnings).toEqual([]);
      expect(both.coefficients[0]).toBeCloseTo(one.coefficients[0] / 2, 10);
      expect(both.coefficients[1]).toBeCloseTo(one.coefficients[0] / 2, 10);
      expect(both.intercept[0]).toBeCloseTo(one.intercept[0], 10);
    });
  }
});
