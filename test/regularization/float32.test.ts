// optimizer "cd" under dtype "float32" on data that float32 holds exactly (every value rounded
// by Math.fround first): the storage is the only difference, the arithmetic is f64 in both, so
// the fits agree to rounding — every family, weighted and not. A float32 read of X that dropped or
// misplaced a value (the working rows' η, the centred column copy) would move them far apart.
import { describe, expect, test } from "vitest";
import { syntheticData } from "../helpers/fixtures.js";
import { disposingTrainers } from "../helpers/trainers.js";

const trainer = disposingTrainers({ optimizer: "cd", tolerance: 1e-14 });
const families = ["gaussian", "bernoulli", "poisson", "multinomial"] as const;

describe('cd: dtype "float32" equals "float64" on float32-exact data', () => {
  for (const family of families) {
    test(family, async () => {
      const classes = family === "multinomial" ? 3 : undefined;
      const { X, y } = syntheticData(family, 120, 5, 41, 3);
      const X32 = X.map((row) => row.map((v) => Math.fround(v)));
      const y32 = y.map((v) => Math.fround(v)); // float32 stores y too
      const sampleWeight = y.map((_, i) => [0.5, 1, 2][i % 3]);
      for (const weights of [undefined, sampleWeight]) {
        const fits = [];
        for (const dtype of ["float64", "float32"] as const) {
          const t = await trainer({ family, dtype, l1: 0.01, ...(classes ? { classes } : {}) });
          fits.push(t.fit(X32, y32, weights ? { sampleWeight: weights } : {}));
        }
        const [f64, f32] = fits;
        expect(f32.converged).toBe(true);
        f64.coefficients.forEach((w, j) => expect(Math.abs(f32.coefficients[j] - w), `${family} coefficient ${j}${weights ? ", weighted" : ""}`).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(w))));
        f64.intercept.forEach((b, k) => expect(Math.abs(f32.intercept[k] - b), `${family} intercept ${k}`).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(b))));
        expect(Math.abs(f32.objective - f64.objective)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(f64.objective)));
      }
    });
  }
});
