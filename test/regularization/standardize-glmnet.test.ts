// standardize: true with any optimizer against R glmnet's standardised ridge (alpha = 0,
// standardize = TRUE, one λ; test/fixtures/glmnet_ridge.json from test/fixtures/gen/glmnet_ridge.R,
// thresh 1e-14): l2 = λ for binomial and poisson, λ/σ_y for gaussian (glmnet fits y/σ_y at λ/σ_y,
// σ_y with 1/W), to 1e-6·max(1, |β|) for newton, lbfgs, gd and cd's own standardised solution at
// l1 = 0; adam (mini-batches of 30) to 1e-4 after 3000 epochs with its step decayed. Without an
// intercept the columns are scaled but not centred (glmnet's intercept = FALSE), so a column with
// mean 200σ leaves a condition number first-order methods cannot beat in a test: newton, lbfgs, cd only.
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import type { TrainerOptions } from "../../dist/index.js";
import { disposingTrainers } from "../helpers/trainers.js";

const fixture = JSON.parse(readFileSync(new URL("../fixtures/glmnet_ridge.json", import.meta.url), "utf8")) as {
  versions: Record<string, string>;
  X: number[][];
  cases: { name: string; family: "gaussian" | "binomial" | "poisson"; lambda: number; intercept: boolean; responseScale: number;
    weights: number[] | null; y: number[]; coefficients: number[]; a0: number }[];
};
const trainer = disposingTrainers({ standardize: true });

const optimizers: { options: TrainerOptions; rtol: number }[] = [
  { options: { optimizer: "newton", tolerance: 1e-14 }, rtol: 1e-6 },
  { options: { optimizer: "lbfgs", tolerance: 1e-12 }, rtol: 1e-6 },
  { options: { optimizer: "gd", learningRate: 1, epochs: 20000, tolerance: 1e-16 }, rtol: 1e-6 },
  { options: { optimizer: "cd", tolerance: 1e-16 }, rtol: 1e-6 },
  { options: { optimizer: "adam", learningRate: 0.1, batchSize: 30, epochs: 3000, tolerance: 0, schedule: { kind: "exponential", gamma: 0.997 } }, rtol: 1e-4 },
];

describe(`standardize: true matches R glmnet ${fixture.versions.glmnet}'s standardised ridge`, () => {
  for (const c of fixture.cases) {
    for (const { options, rtol } of optimizers.filter((o) => c.intercept || ["newton", "lbfgs", "cd"].includes(o.options.optimizer!))) {
      it(`${c.name}: ${options.optimizer}`, async () => {
        const family = c.family === "binomial" ? "bernoulli" : c.family;
        const l2 = family === "gaussian" ? c.lambda / c.responseScale : c.lambda;
        const t = await trainer({ family, l2, fitIntercept: c.intercept, ...options });
        const fit = t.fit(fixture.X, c.y, c.weights ? { sampleWeight: c.weights } : {});
        c.coefficients.forEach((expected, j) =>
          expect(Math.abs(fit.coefficients[j] - expected), `coefficient ${j}: ${fit.coefficients[j]} vs ${expected}`).toBeLessThanOrEqual(rtol * Math.max(1, Math.abs(expected))));
        expect(Math.abs(fit.intercept[0] - c.a0), `intercept ${fit.intercept[0]} vs ${c.a0}`).toBeLessThanOrEqual(rtol * Math.max(1, Math.abs(c.a0)));
      });
    }
  }
});
