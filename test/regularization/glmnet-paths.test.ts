// Paths against R glmnet 4.1.6 (test/fixtures/glmnet_paths.json, made by
// test/fixtures/gen/glmnet_paths.R with thresh = 1e-14). Per fixture: the same λ sequence (1e-12
// relative) and length (glmnet's early end), df exactly, the deviance ratio to 1e-7, and the
// coefficients to 1e-6·max(1, |β|) — multinomial to 2e-6, glmnet's own convergence there (its
// solution leaves KKT residuals of 1.7e-7 in this objective, against 1e-8–7e-8 for the others).
// Then the KKT conditions of every returned solution to 1e-7, from a plain-TS gradient, with
// tolerance 1e-18 (at 1e-14 the multinomial path leaves residuals of 1.6e-7).
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import type { FamilyName } from "../../dist/index.js";
import { disposingTrainers } from "../helpers/trainers.js";
import { columnScales, kktViolation, rescaledFactors } from "./reference.js";

interface PathCase {
  name: string; family: "gaussian" | "binomial" | "poisson" | "multinomial"; alpha: number; standardize: boolean;
  weights: number[] | null; penaltyFactor: number[]; y: number[]; lambdaGiven: boolean; nLambda: number;
  lambdas: number[]; coefficients: number[][]; intercepts: number[][]; devianceRatio: number[]; df: number[]; nulldev: number;
}
const fixture = JSON.parse(readFileSync(new URL("../fixtures/glmnet_paths.json", import.meta.url), "utf8")) as {
  X: number[][]; paths: PathCase[]; versions: Record<string, string>;
};
const FAMILY: Record<PathCase["family"], FamilyName> = { gaussian: "gaussian", binomial: "bernoulli", poisson: "poisson", multinomial: "multinomial" };
const COEFFICIENT_TOLERANCE: Record<string, number> = { multinomial_enet: 2e-6 };
const trainer = disposingTrainers({ optimizer: "cd", tolerance: 1e-14 });

function pathOf(c: PathCase, tolerance = 1e-14) {
  const K = c.family === "multinomial" ? 3 : 1;
  return trainer({ tolerance, family: FAMILY[c.family], classes: K > 1 ? K : undefined, standardize: c.standardize, penaltyFactor: c.penaltyFactor }).then((t) =>
    t.fitPath(fixture.X, c.y, {
      alpha: c.alpha,
      ...(c.lambdaGiven ? { lambdas: c.lambdas } : { nLambda: c.nLambda }),
      ...(c.weights ? { sampleWeight: c.weights } : {}),
    }));
}

describe(`fitPath matches R glmnet ${fixture.versions.glmnet}`, () => {
  for (const c of fixture.paths) {
    it(c.name, async () => {
      const path = await pathOf(c);
      expect(path.lambdas.length).toBe(c.lambdas.length);
      expect(Array.from(path.df)).toEqual(c.df);
      const tolerance = COEFFICIENT_TOLERANCE[c.name] ?? 1e-6;
      for (let i = 0; i < c.lambdas.length; i++) {
        expect(Math.abs(path.lambdas[i] - c.lambdas[i])).toBeLessThanOrEqual(1e-12 * c.lambdas[i]);
        expect(Math.abs(path.devianceRatio[i] - c.devianceRatio[i])).toBeLessThanOrEqual(1e-7);
        c.coefficients[i].forEach((expected, j) => {
          expect(Math.abs(path.coefficients[i][j] - expected), `λ ${i}, coefficient ${j}`).toBeLessThanOrEqual(tolerance * Math.max(1, Math.abs(expected)));
        });
        c.intercepts[i].forEach((expected, k) => {
          expect(Math.abs(path.intercepts[i][k] - expected), `λ ${i}, intercept ${k}`).toBeLessThanOrEqual(tolerance * Math.max(1, Math.abs(expected)));
        });
      }
      if (!c.weights) expect(path.nullDeviance).toBeCloseTo(c.nulldev, 9);
    });
  }
});

describe("every solution of a path meets the KKT conditions", () => {
  for (const c of fixture.paths) {
    it(c.name, async () => {
      const path = await pathOf(c, 1e-18);
      const K = c.family === "multinomial" ? 3 : 1;
      const problem = { X: fixture.X, y: c.y, weights: c.weights ?? undefined, family: FAMILY[c.family], classes: K };
      const factors = rescaledFactors(c.penaltyFactor, fixture.X[0].length);
      const scales = c.standardize ? columnScales(fixture.X, c.weights ?? undefined, true) : new Float64Array(factors.length).fill(1);
      for (let i = 0; i < path.lambdas.length; i++) {
        expect(kktViolation(problem, path.coefficients[i], path.intercepts[i], path.l1[i], path.l2[i], factors, scales), `λ ${i}`).toBeLessThanOrEqual(1e-7);
      }
    });
  }
});
