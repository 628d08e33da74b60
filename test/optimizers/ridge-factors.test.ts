// penaltyFactor under gd, newton and lbfgs (l2 only): the ridge Σ fⱼ·(l2/2)·w_cj² of glmnet's
// penalty.factor, the objective cd and sgd already minimise. Checked against cd and sgd's optima,
// against the optimality conditions, and the summaries against an exact reparametrisation.
import { describe, expect, it } from "vitest";
import { CollinearityError, type FitResult, type TrainerOptions } from "../../dist/index.js";
import { syntheticData } from "../helpers/fixtures.js";
import { disposingTrainers } from "../helpers/trainers.js";

const trainer = disposingTrainers();
const d = 4;
// one unpenalised feature; rescaled to sum to d they are [0, 1.6, 0.8, 1.6]
const penaltyFactor = [0, 2, 1, 2];
const rescaled = [0, 1.6, 0.8, 1.6];
const l2 = 0.2;

const cases = [
  { family: "gaussian", data: syntheticData("gaussian", 120, d, 31) },
  { family: "bernoulli", data: syntheticData("bernoulli", 150, d, 32) },
  { family: "poisson", data: syntheticData("poisson", 120, d, 33) },
  { family: "multinomial", data: syntheticData("multinomial", 150, d, 34), classes: 3 },
] as const;

type Case = (typeof cases)[number];
const familyOptions = (c: Case): TrainerOptions => ({ family: c.family, ...("classes" in c ? { classes: c.classes } : {}) });

/** A full-batch step size that converges: 1/(max row curvature · (1 + d)) is safe for every family here. */
const exactOptions: Record<string, TrainerOptions> = {
  newton: { optimizer: "newton", tolerance: 1e-14 },
  lbfgs: { optimizer: "lbfgs", tolerance: 1e-14 },
  gd: { optimizer: "gd", learningRate: 0.5, epochs: 40000, tolerance: 1e-15 },
  // sgd over one batch of every row, in order: the mini-batch kernel with its factor-weighted ridge
  sgd: { optimizer: "sgd", batchSize: 1000, sampling: "sequential", learningRate: 0.5, epochs: 40000, tolerance: 1e-15 },
};

async function fitWith(c: Case, options: TrainerOptions): Promise<FitResult> {
  const t = await trainer({ ...familyOptions(c), l2, penaltyFactor, ...options });
  return t.fit(c.data.X, c.data.y);
}

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance: number, label: string): void {
  expect(actual.length, label).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    expect(Math.abs(actual[i] - expected[i]), `${label}[${i}]: ${actual[i]} vs ${expected[i]}`).toBeLessThanOrEqual(tolerance * Math.max(1, Math.abs(expected[i])));
  }
}

describe.each(cases)("$family with penaltyFactor and l2", (c) => {
  it("newton, lbfgs, gd and full-batch sgd reach cd's optimum (alpha 0: l1 = 0, same factors)", async () => {
    const reference = await fitWith(c, { optimizer: "cd", standardize: false, tolerance: 1e-14, maxIterations: 100000 });
    for (const [name, options] of Object.entries(exactOptions)) {
      const fit = await fitWith(c, options);
      expect(fit.optimizer).toBe(name);
      // gd/sgd converge linearly and stop on a relative objective change; the exact ones to rounding
      const tolerance = name === "newton" || name === "lbfgs" ? 1e-7 : 1e-5;
      expectClose(fit.coefficients, reference.coefficients, tolerance, `${name} coefficients`);
      expectClose(fit.intercept, reference.intercept, tolerance, `${name} intercept`);
      expect(Math.abs(fit.objective - reference.objective), name).toBeLessThanOrEqual(1e-10 * Math.abs(reference.objective));
    }
  });

  it("at the optimum the data term's gradient is −l2·fⱼ·w_cj: 0 for the unpenalised feature", async () => {
    const unpenalised = await trainer({ ...familyOptions(c), optimizer: "newton" });
    for (const optimizer of ["newton", "lbfgs"] as const) {
      const fit = await fitWith(c, exactOptions[optimizer]);
      const dataGradient = unpenalised.evaluate(c.data.X, c.data.y, fit.coefficients, fit.intercept).coefficients;
      const K = fit.classes;
      for (let j = 0; j < d; j++) {
        for (let k = 0; k < K; k++) {
          const at = j * K + k;
          expect(Math.abs(dataGradient[at] + l2 * rescaled[j] * fit.coefficients[at]), `${optimizer} w[${j}][${k}]`).toBeLessThanOrEqual(1e-7);
        }
      }
      // the factors matter: feature 0 is not shrunk as the others are
      expect(Math.abs(fit.coefficients[0])).toBeGreaterThan(0);
    }
  });

  it("fit.objective and trainer.evaluate carry the factor-weighted ridge", async () => {
    const fit = await fitWith(c, exactOptions.newton);
    const t = await trainer({ ...familyOptions(c), optimizer: "lbfgs", l2, penaltyFactor });
    const data = (await trainer({ ...familyOptions(c), optimizer: "newton" })).evaluate(c.data.X, c.data.y, fit.coefficients, fit.intercept).objective;
    const ridge = fit.coefficients.reduce((sum, w, at) => sum + 0.5 * l2 * rescaled[Math.floor(at / fit.classes)] * w * w, 0);
    expect(Math.abs(fit.objective - (data + ridge))).toBeLessThanOrEqual(1e-12 * Math.abs(fit.objective));
    expect(Math.abs(t.evaluate(c.data.X, c.data.y, fit.coefficients, fit.intercept).objective - fit.objective)).toBeLessThanOrEqual(1e-12 * Math.abs(fit.objective));
  });
});

describe("summaries of factor-weighted ridge fits", () => {
  // With factors fⱼ > 0 summing to d (so rescaling keeps them), the columns x_j/√fⱼ under the plain
  // ridge are the same problem in the coordinates w'_j = √fⱼ·w_j: estimates and standard errors
  // (either covariance) scale by √fⱼ, the intercept's not at all.
  const positive = [0.5, 2, 1, 0.5];
  const root = positive.map(Math.sqrt);
  for (const c of [cases[0], cases[1]]) {
    it(`${c.family}: the penalised Hessian weighs each feature's ridge by its factor (an exact reparametrisation)`, async () => {
      const scaledX = c.data.X.map((row) => row.map((x, j) => x / root[j]));
      for (const optimizer of ["newton", "lbfgs", "gd", "sgd"] as const) {
        const options = { ...familyOptions(c), l2, ...exactOptions[optimizer] };
        const weighted = (await trainer({ ...options, penaltyFactor: positive })).fit(c.data.X, c.data.y);
        const plain = (await trainer(options)).fit(scaledX, c.data.y);
        const tolerance = optimizer === "gd" || optimizer === "sgd" ? 1e-5 : 1e-7;
        expectClose(plain.coefficients, weighted.coefficients.map((w, j) => w * root[j]), tolerance, `${optimizer} estimates`);
        for (const covariance of ["fisher", "sandwich"] as const) {
          const a = weighted.summary({ covariance }).terms;
          const b = plain.summary({ covariance }).terms;
          const scale = a.map((term) => (term.term === "intercept" ? 1 : root[Number(term.term.slice(1))]));
          expectClose(b.map((term) => term.stdError), a.map((term, i) => term.stdError * scale[i]), tolerance, `${optimizer} ${covariance} standard errors`);
        }
      }
    });
  }

  it("cd under standardize (its penalty on σⱼ·wⱼ of X as given) summarises as newton and lbfgs on the standardised columns", async () => {
    // gaussian and bernoulli: the symmetric multinomial's K intercepts are identified only up to a
    // shift, and which one a summary fixes (b̃_K of the standardised columns or b_K) changes their errors
    for (const c of [cases[0], cases[1]]) {
      const scaled = { X: c.data.X.map((row) => row.map((x, j) => x * (j + 1) + j)), y: c.data.y };
      const summaries = [];
      for (const optimizer of ["cd", "newton", "lbfgs"] as const) {
        const t = await trainer({ ...familyOptions(c), optimizer, l2, penaltyFactor, standardize: true, tolerance: 1e-14, maxIterations: 100000 });
        summaries.push(t.fit(scaled.X, scaled.y).summary().terms);
      }
      const [cd, newton, lbfgs] = summaries;
      expectClose(cd.map((term) => term.stdError), newton.map((term) => term.stdError), 1e-6, `${c.family} cd vs newton standard errors`);
      expectClose(lbfgs.map((term) => term.stdError), newton.map((term) => term.stdError), 1e-6, `${c.family} lbfgs vs newton standard errors`);
    }
  });

  it("a zero factor is the limit of small ones: no ridge row for that feature", async () => {
    const c = cases[1];
    const zero = (await fitWith(c, exactOptions.newton)).summary().terms;
    const small = (await (await trainer({ ...familyOptions(c), l2, penaltyFactor: [1e-10, 2, 1, 2], ...exactOptions.newton })).fit(c.data.X, c.data.y)).summary().terms;
    expectClose(zero.map((term) => term.stdError), small.map((term) => term.stdError), 1e-8, "standard errors");
    expectClose(zero.map((term) => term.estimate), small.map((term) => term.estimate), 1e-8, "estimates");
  });
});

describe("newton's rank test under a partial ridge", () => {
  // x0 and x1 are one column twice; x2 independent
  const base = syntheticData("gaussian", 80, 2, 35);
  const X = base.X.map(([a, b]) => [a, a, b]);
  const y = base.y;

  it("collinear unpenalised features are a CollinearityError, or dropped with collinear: \"drop\"", async () => {
    const options: TrainerOptions = { optimizer: "newton", l2, penaltyFactor: [0, 0, 1] };
    await expect(fitOf(options)).rejects.toThrow(CollinearityError);
    const dropped = await fitOf({ ...options, collinear: "drop" });
    expect(dropped.aliased).toEqual(["x1"]);
    expect(dropped.coefficients[1]).toBe(0);
    const lbfgs = await fitOf({ ...options, optimizer: "lbfgs", tolerance: 1e-14 });
    // the same optimum, split differently between the two copies
    expect(Math.abs(dropped.objective - lbfgs.objective)).toBeLessThanOrEqual(1e-12 * lbfgs.objective);
    expect(Math.abs(dropped.coefficients[0] - (lbfgs.coefficients[0] + lbfgs.coefficients[1]))).toBeLessThanOrEqual(1e-7);
  });

  it("a penalised copy of an unpenalised feature is determined (its coefficient 0), not collinear", async () => {
    const fit = await fitOf({ optimizer: "newton", l2, penaltyFactor: [0, 1, 1] });
    expect(fit.aliased).toEqual([]);
    expect(Math.abs(fit.coefficients[1])).toBeLessThanOrEqual(1e-9);
    const cd = await fitOf({ optimizer: "cd", standardize: false, l2, penaltyFactor: [0, 1, 1], tolerance: 1e-14 });
    expectClose(fit.coefficients, cd.coefficients, 1e-6, "coefficients");
  });

  async function fitOf(options: TrainerOptions): Promise<FitResult> {
    return (await trainer(options)).fit(X, y);
  }
});

describe("the penalty where w² overflows", () => {
  // column 0 is all 0, so a coefficient of 1e200 on it leaves the data term finite
  const X = [[0, 1], [0, -1], [0, 2], [0, 0.5]];
  const y = [1, -1, 2, 0];
  it("a feature with factor 0 adds exactly 0, and one under l2 = 0 only its l1 part", async () => {
    const unpenalisedHuge = (await trainer({ optimizer: "newton", l2: 1, penaltyFactor: [0, 1] })).evaluate(X, y, [1e200, 0.5], [0]);
    const dataOnly = (await trainer({ optimizer: "newton" })).evaluate(X, y, [1e200, 0.5], [0]);
    expect(unpenalisedHuge.objective).toBe(dataOnly.objective + 0.5 * 1 * 2 * 0.25); // f₁ = 2 after rescaling
    expect(Array.from(unpenalisedHuge.coefficients)).toEqual([dataOnly.coefficients[0], dataOnly.coefficients[1] + 2 * 0.5]);
    // l2 = 0, l1 > 0: 0.5·1e200 for x0 (its l2 part would be 0·∞), and a subgradient of 0 at w₁ = 0
    const lasso = (await trainer({ optimizer: "sgd", l1: 0.5, penaltyFactor: [1, 1] })).evaluate(X, y, [1e200, 0], [0]);
    const dataAtZero = (await trainer({ optimizer: "newton" })).evaluate(X, y, [1e200, 0], [0]);
    expect(lasso.objective).toBe(dataAtZero.objective + 0.5 * 1e200);
    expect(Array.from(lasso.coefficients)).toEqual([dataAtZero.coefficients[0] + 0.5, dataAtZero.coefficients[1]]);
  });
});
