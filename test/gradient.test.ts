// Properties of the WASM objective/gradient kernels: the gradient matches central finite
// differences of the objective for every family, with and without weights, penalty and intercept.
import { describe, expect, test } from "vitest";
import fc from "fast-check";
import { Trainer, type FamilyName } from "../dist/index.js";
import { seededRandom, syntheticData } from "./helpers/fixtures.js";

const FAMILIES: FamilyName[] = ["gaussian", "bernoulli", "poisson", "multinomial"];
const STEP = 1e-6;

async function checkGradient(family: FamilyName, seed: number, l2: number, weighted: boolean) {
  const classes = family === "multinomial" ? 3 : 1;
  const { X, y } = syntheticData(family, 40, 5, seed, classes);
  const random = seededRandom(seed + 1);
  const sampleWeight = weighted ? X.map(() => random() * 2) : undefined;
  const coefficients = Array.from({ length: 5 * classes }, () => random() - 0.5);
  const intercept = Array.from({ length: classes }, () => random() - 0.5);
  const trainer = await Trainer.create({ family, classes: family === "multinomial" ? classes : undefined, l2 });
  const at = trainer.evaluate(X, y, coefficients, intercept, { sampleWeight });
  const objective = (w: number[], b: number[]) => trainer.evaluate(X, y, w, b, { sampleWeight }).objective;
  const worst = { coefficient: 0, intercept: 0 };
  for (let k = 0; k < coefficients.length; k++) {
    const up = coefficients.slice(); up[k] += STEP;
    const down = coefficients.slice(); down[k] -= STEP;
    const numeric = (objective(up, intercept) - objective(down, intercept)) / (2 * STEP);
    worst.coefficient = Math.max(worst.coefficient, Math.abs(numeric - at.coefficients[k]) / Math.max(1e-3, Math.abs(numeric)));
  }
  for (let c = 0; c < classes; c++) {
    const up = intercept.slice(); up[c] += STEP;
    const down = intercept.slice(); down[c] -= STEP;
    const numeric = (objective(coefficients, up) - objective(coefficients, down)) / (2 * STEP);
    worst.intercept = Math.max(worst.intercept, Math.abs(numeric - at.intercept[c]) / Math.max(1e-3, Math.abs(numeric)));
  }
  trainer.dispose();
  return worst;
}

describe("gradient matches central finite differences", () => {
  for (const family of FAMILIES) {
    test(`${family}`, async () => {
      await fc.assert(
        fc.asyncProperty(fc.integer({ min: 1, max: 1_000_000 }), fc.constantFrom(0, 0.3), fc.boolean(), async (seed, l2, weighted) => {
          const worst = await checkGradient(family, seed, l2, weighted);
          expect(worst.coefficient).toBeLessThan(1e-6);
          expect(worst.intercept).toBeLessThan(1e-6);
        }),
        { numRuns: 8, seed: 20261126 },
      );
    });
  }

  test("the intercept is not penalised and the gradient of the penalty is l2·w", async () => {
    const { X, y } = syntheticData("gaussian", 30, 3, 5);
    const plain = await Trainer.create({ family: "gaussian" });
    const penalised = await Trainer.create({ family: "gaussian", l2: 2 });
    const w = [0.3, -0.2, 0.1];
    const b = [0.7];
    const a = plain.evaluate(X, y, w, b);
    const p = penalised.evaluate(X, y, w, b);
    expect(p.intercept[0]).toBe(a.intercept[0]);
    w.forEach((wj, j) => expect(p.coefficients[j] - a.coefficients[j]).toBeCloseTo(2 * wj, 12));
    expect(p.objective - a.objective).toBeCloseTo(0.5 * 2 * (0.09 + 0.04 + 0.01), 12);
  });
});
