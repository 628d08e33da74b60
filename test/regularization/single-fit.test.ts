// optimizer "cd" as a single fit: scikit-learn 1.2.1 ElasticNet/Lasso (test/fixtures/skl_enet.json,
// test/fixtures/gen/skl_enet.py, tol 1e-14) with l1 = alpha·l1_ratio, l2 = alpha·(1 − l1_ratio)
// on unstandardised columns, to 1e-7·max(1, |β|); a fit at a path's (l1, l2) equals the path's
// solution; standardize: true on X equals standardize: false on X/σ with the coefficients
// divided by σ; the kernel builds agree; l1 with gd, newton or lbfgs is refused.
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { InvalidOptionError } from "../../dist/index.js";
import { disposingTrainers } from "../helpers/trainers.js";
import { columnScales, kktViolation, rescaledFactors } from "./reference.js";

const skl = JSON.parse(readFileSync(new URL("../fixtures/skl_enet.json", import.meta.url), "utf8")) as {
  X: number[][]; y: number[]; versions: Record<string, string>;
  cases: { name: string; l1: number; l2: number; weights: number[] | null; coefficients: number[]; intercept: number }[];
};
const trainer = disposingTrainers({ optimizer: "cd", tolerance: 1e-16 });

describe(`optimizer "cd" matches scikit-learn ${skl.versions.sklearn} ElasticNet`, () => {
  for (const c of skl.cases) {
    it(c.name, async () => {
      const t = await trainer({ l1: c.l1, l2: c.l2, standardize: false });
      const fit = t.fit(skl.X, skl.y, c.weights ? { sampleWeight: c.weights } : {});
      expect(fit.optimizer).toBe("cd");
      expect(fit.converged).toBe(true);
      c.coefficients.forEach((expected, j) => expect(Math.abs(fit.coefficients[j] - expected), `coefficient ${j}`).toBeLessThanOrEqual(1e-7 * Math.max(1, Math.abs(expected))));
      expect(Math.abs(fit.intercept[0] - c.intercept)).toBeLessThanOrEqual(1e-7 * Math.max(1, Math.abs(c.intercept)));
      // fit.objective is the penalised objective at the returned parameters.
      let penalty = 0;
      fit.coefficients.forEach((w) => (penalty += c.l1 * Math.abs(w) + 0.5 * c.l2 * w * w));
      const data = (await trainer({ optimizer: "newton" })).evaluate(skl.X, skl.y, fit.coefficients, fit.intercept, c.weights ? { sampleWeight: c.weights } : {});
      expect(fit.objective).toBeCloseTo(data.objective + penalty, 12);
    });
  }
});

const families = [
  { family: "bernoulli" as const, y: skl.y.map((v) => (v > 1 ? 1 : 0)) },
  { family: "poisson" as const, y: skl.y.map((v, i) => (Math.abs(Math.round(v)) + i) % 4) },
  { family: "multinomial" as const, classes: 3, y: skl.y.map((v) => (v < -1 ? 0 : v < 2 ? 1 : 2)) },
];

describe("single fits and paths, standardisation, kernel builds", () => {
  for (const { family, classes, y } of families) {
    it(`${family}: a fit at a path's (l1, l2) is the path's solution, and meets the KKT conditions`, async () => {
      const penaltyFactor = skl.X[0].map((_, j) => (j % 4 === 0 ? 0 : 1 + (j % 3)));
      const path = (await trainer({ family, classes, penaltyFactor })).fitPath(skl.X, y, { alpha: 0.6, nLambda: 12 });
      const i = 8;
      const fit = (await trainer({ family, classes, penaltyFactor, l1: path.l1[i], l2: path.l2[i] })).fit(skl.X, y);
      fit.coefficients.forEach((w, j) => expect(Math.abs(w - path.coefficients[i][j])).toBeLessThanOrEqual(1e-7 * Math.max(1, Math.abs(w))));
      const K = classes ?? 1;
      const violation = kktViolation({ X: skl.X, y, family, classes: K }, fit.coefficients, fit.intercept, path.l1[i], path.l2[i],
        rescaledFactors(penaltyFactor, skl.X[0].length), columnScales(skl.X, undefined, true));
      expect(violation).toBeLessThanOrEqual(1e-7);
    });

    it(`${family}: standardize on X equals no standardisation on X/σ, coefficients divided by σ; predict on the original scale`, async () => {
      const sigma = columnScales(skl.X, undefined, true);
      const scaled = skl.X.map((row) => row.map((v, j) => v / sigma[j]));
      const standardised = await trainer({ family, classes, l1: 0.02, l2: 0.01, standardize: true });
      const plain = await trainer({ family, classes, l1: 0.02, l2: 0.01, standardize: false });
      const a = standardised.fit(skl.X, y);
      const b = plain.fit(scaled, y);
      const K = classes ?? 1;
      a.coefficients.forEach((w, k) => {
        const expected = b.coefficients[k] / sigma[Math.floor(k / K)];
        expect(Math.abs(w - expected), `coefficient ${k}`).toBeLessThanOrEqual(1e-8 * Math.max(1, Math.abs(expected)));
      });
      expect(a.objective).toBeCloseTo(b.objective, 12);
      const pa = standardised.predict(skl.X.slice(0, 20));
      const pb = plain.predict(scaled.slice(0, 20));
      pa.forEach((v, i) => expect(Math.abs(v - pb[i])).toBeLessThanOrEqual(1e-8 * Math.max(1, Math.abs(v))));
    });
  }

  it("the SIMD and scalar builds give the same path within 1e-10", async () => {
    const y = families[0].y;
    const simd = (await trainer({ family: "bernoulli", kernels: "simd" })).fitPath(skl.X, y, { alpha: 0.5, nLambda: 20 });
    const scalar = (await trainer({ family: "bernoulli", kernels: "scalar" })).fitPath(skl.X, y, { alpha: 0.5, nLambda: 20 });
    expect(Array.from(scalar.df)).toEqual(Array.from(simd.df));
    simd.coefficients.forEach((c, i) => c.forEach((w, j) => expect(Math.abs(w - scalar.coefficients[i][j])).toBeLessThanOrEqual(1e-10 * Math.max(1, Math.abs(w)))));
  });

  it("float32 data fits the same model within float32's rounding of X", async () => {
    const a = (await trainer({ l1: 0.1, dtype: "float32" })).fit(skl.X, skl.y);
    const b = (await trainer({ l1: 0.1 })).fit(skl.X, skl.y);
    a.coefficients.forEach((w, j) => expect(Math.abs(w - b.coefficients[j])).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.abs(w))));
  });
});

describe("options of the penalties", () => {
  it('"auto" picks cd when l1 > 0; gd, newton and lbfgs refuse l1 but take penaltyFactor (standardize: see standardize.test.ts)', async () => {
    expect((await trainer({ optimizer: "auto", l1: 0.1 })).fit(skl.X, skl.y).optimizer).toBe("cd");
    // sgd and the adaptive rules take l1 (test/optimizers/proximal-l1.test.ts); the factors of
    // gd, newton and lbfgs: test/optimizers/ridge-factors.test.ts
    for (const optimizer of ["newton", "lbfgs", "gd"] as const) {
      await expect(trainer({ optimizer, l1: 0.1 })).rejects.toThrow(InvalidOptionError);
      expect((await trainer({ optimizer, penaltyFactor: [1, 2] })).options.penaltyFactor).toEqual([1, 2]);
    }
  });

  it("bad l1, penaltyFactor and path options are typed errors naming the value", async () => {
    await expect(trainer({ l1: -1 })).rejects.toThrow(InvalidOptionError);
    await expect(trainer({ l1: Number.NaN })).rejects.toThrow(/l1/);
    for (const penaltyFactor of [[], [0, 0], [1, -1], [1, Number.POSITIVE_INFINITY], "1"]) {
      await expect(trainer({ penaltyFactor: penaltyFactor as number[] })).rejects.toThrow(/penaltyFactor/);
    }
    const t = await trainer({ penaltyFactor: [1, 1, 1] });
    expect(() => t.fit(skl.X, skl.y)).toThrow(/12 factors/);
    const u = await trainer({});
    for (const bad of [{ alpha: 1.5 }, { alpha: -0.1 }, { nLambda: 0 }, { nLambda: 2.5 }, { lambdaMinRatio: 1 }, { lambdas: [] }, { lambdas: [0.1, -1] }, { lambdas: [0.1], nLambda: 5 }, { lambda: 0.1 }]) {
      expect(() => u.fitPath(skl.X, skl.y, bad as never), JSON.stringify(bad)).toThrow(InvalidOptionError);
    }
  });
});
