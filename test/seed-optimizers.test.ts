// The extended seed example (examples/seed-optimizers.js): SGD, Adam and averaged SGD side by
// side on the seed data each recover slope ≈ 2, intercept ≈ 1, and come close to the exact
// least-squares answer; the loss per epoch falls from the null model's for each.
import { expect, test } from "vitest";
// @ts-expect-error: a plain-JS example without type declarations
import { compareOptimizers, lossTable, OPTIMIZERS } from "../examples/seed-optimizers.js";
import { loadFixture } from "./helpers/fixtures.js";

const fixture = loadFixture("seed_linear"); // exact 60-digit least squares (and statsmodels OLS)

test("each optimizer recovers slope ≈ 2 and intercept ≈ 1 in 200 epochs", async () => {
  const fits = await compareOptimizers();
  expect(Object.keys(fits)).toEqual(["sgd", "adam", "averaged sgd"]);
  for (const [name, fit] of Object.entries(fits) as [string, { coefficients: Float64Array; intercept: Float64Array; objective: number; history: Float64Array; optimizer: string }][]) {
    expect(fit.optimizer, name).toBe(OPTIMIZERS[name].optimizer);
    expect(Math.abs(fit.coefficients[0] - 2), name).toBeLessThan(0.05);
    expect(Math.abs(fit.intercept[0] - 1), name).toBeLessThan(0.05);
    // near the exact least-squares fit: within 1e-4 relative of its objective
    expect((fit.objective - fixture.objective.value_at_reference) / fixture.objective.value_at_reference, name).toBeLessThan(1e-4);
    expect(fit.history).toHaveLength(200);
    expect(fit.history[199], name).toBeLessThan(fit.history[0] / 10);
  }
  const table = lossTable(fits);
  expect(table.split("\n")[0]).toMatch(/epoch\s+sgd\s+adam\s+averaged sgd/);
  expect(table.split("\n")).toHaveLength(1 + 1 + 10); // header, epoch 1, every 20th
});
