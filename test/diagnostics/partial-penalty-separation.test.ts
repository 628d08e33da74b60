// A penalised fit whose unpenalised terms (penaltyFactor 0, and the intercepts) separate the data
// has no finite minimiser: the penalty holds the other coefficients only. Every optimizer must say
// so (a SeparationError naming those terms), not return a huge "converged" coefficient.
import { describe, expect, it } from "vitest";
import { SeparationError, type TrainerOptions } from "../../dist/index.js";
import { seededRandom } from "../helpers/fixtures.js";
import { disposingTrainers } from "../helpers/trainers.js";
import { thrownBy } from "../helpers/thrown.js";

const trainer = disposingTrainers();
const random = seededRandom(41);
// x0 separates y (y = 1 exactly where x0 > 0), x1 is noise
const X = Array.from({ length: 60 }, () => [2 * random() - 1, 2 * random() - 1]);
const y = X.map(([a]) => (a > 0 ? 1 : 0));

async function separation(options: TrainerOptions, data = { X, y }): Promise<SeparationError> {
  const t = await trainer({ standardize: false, ...options });
  const error = thrownBy(() => t.fit(data.X, data.y));
  expect(error, JSON.stringify(options)).toBeInstanceOf(SeparationError);
  return error as SeparationError;
}

describe("separation in the unpenalised terms of a penalised fit", () => {
  const optimizers: TrainerOptions[] = [
    { optimizer: "newton", l2: 0.1 },
    { optimizer: "lbfgs", l2: 0.1 },
    { optimizer: "gd", l2: 0.1, learningRate: 0.5 },
    { optimizer: "sgd", l2: 0.1 },
    { optimizer: "cd", l2: 0.1 },
    { optimizer: "cd", l1: 0.05 },
    { optimizer: "sgd", l1: 0.01, l2: 0.01 },
  ];
  for (const options of optimizers) {
    it(`${JSON.stringify(options)}: a SeparationError naming the unpenalised x0 and saying why the penalty does not help`, async () => {
      const error = await separation({ family: "bernoulli", penaltyFactor: [0, 1], ...options });
      expect(error).toBeInstanceOf(SeparationError);
      expect(error.diverging).toContain("x0");
      expect(error.diverging).not.toContain("x1");
      expect(error.optimizer).toBe(options.optimizer);
      expect(error.message).toMatch(/penaltyFactor is 0/);
      expect(error.lastEstimate.coefficients.every(Number.isFinite)).toBe(true);
    });
  }

  it("fitPath and crossValidate: no λ has a finite solution, so they say so too", async () => {
    for (const family of ["bernoulli", "multinomial"] as const) {
      const t = await trainer({ family, ...(family === "multinomial" && { classes: 2 }), penaltyFactor: [0, 1] });
      const pathError = thrownBy(() => t.fitPath(X, y, { nLambda: 5 }));
      expect(pathError, family).toBeInstanceOf(SeparationError);
      expect((pathError as SeparationError).optimizer).toBe("cd");
      expect(thrownBy(() => t.crossValidate(X, y, { nLambda: 5, folds: 3 })), family).toBeInstanceOf(SeparationError);
    }
    // and a path whose unpenalised feature does not separate is returned as before
    const noise = await trainer({ family: "bernoulli", penaltyFactor: [1, 0] });
    expect(noise.fitPath(X, y, { nLambda: 5 }).lambdas.length).toBe(5);
  });

  it("the same data with x0 penalised (only the noise x1 unpenalised) has a finite optimum", async () => {
    for (const optimizer of ["newton", "lbfgs", "cd"] as const) {
      const fit = (await trainer({ family: "bernoulli", optimizer, l2: 0.1, penaltyFactor: [1, 0], standardize: false })).fit(X, y);
      expect(fit.converged, optimizer).toBe(true);
      expect(Math.abs(fit.coefficients[0])).toBeLessThan(10);
    }
  });

  it("multinomial and poisson: a class (or the zero counts) cut off by an unpenalised feature", async () => {
    const classes = X.map(([a, b]) => (a > 0.3 ? 2 : b > 0 ? 1 : 0));
    const multinomial = await separation({ family: "multinomial", classes: 3, optimizer: "lbfgs", l2: 0.1, penaltyFactor: [0, 1] }, { X, y: classes });
    expect(multinomial).toBeInstanceOf(SeparationError);
    expect(multinomial.diverging.some((term) => term.startsWith("x0"))).toBe(true);
    // x0 > 0 only on rows with y = 0: its coefficient → −∞ sends their means to 0 and moves no other row
    const counts = X.map(([a], i) => (a > 0 ? 0 : 1 + (i % 3)));
    const positivePart = X.map(([a, b]) => [Math.max(a, 0), b]);
    const poisson = await separation({ family: "poisson", optimizer: "lbfgs", l2: 0.1, penaltyFactor: [0, 1] }, { X: positivePart, y: counts });
    expect(poisson).toBeInstanceOf(SeparationError);
    expect(poisson.diverging).toContain("x0");
  });

  it("without zero factors a penalised fit of the same data is finite (the penalty holds every coefficient)", async () => {
    const fit = (await trainer({ family: "bernoulli", optimizer: "lbfgs", l2: 0.1, penaltyFactor: [1, 1] })).fit(X, y);
    expect(fit.converged).toBe(true);
    expect(thrownBy(() => fit.summary())).toBeUndefined();
  });
});
