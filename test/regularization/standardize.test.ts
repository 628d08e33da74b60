// standardize: true for every optimizer (issue 10, must-show 2). The fit sees z = (x − m)/σ with the
// rows' weighted mean m and weighted population standard deviation σ (glmnet's; without an
// intercept m = 0 but σ is still the standard deviation, as glmnet) and reports on the original scale:
// - a fit on X with standardize: true equals a fit with standardize: false on Z, the same columns
//   pre-scaled in plain TS here, of the same penalised objective, with w = w̃/σ, b = b̃ − Σ w·m
//   (every optimizer; the stochastic ones see the same batches, so they agree to rounding);
// - on Z itself standardize: true and false agree (the standardisation is the identity there);
// - without a penalty the optimum is the unstandardised one (an exact reparametrisation);
// - summary() (estimates, standard errors, p-values, the covariance matrix) equals the
//   unstandardised newton fit's to 1e-10 on unpenalised problems;
// - constant columns get coefficient 0; partialFit, resume and saveState are refused.
import { describe, expect, it } from "vitest";
import { CollinearityError, Model, TrainingStateError, type FitResult, type ResolvedOptimizer, type TrainerOptions } from "../../dist/index.js";
import { disposingTrainers } from "../helpers/trainers.js";

const trainer = disposingTrainers({});

/** A seeded problem whose columns differ in scale by 1e6 and sit off zero. */
function problem(family: "gaussian" | "bernoulli" | "poisson" | "multinomial", n = 240, seed = 7) {
  let state = seed;
  const uniform = () => (state = (state * 48271) % 2147483647) / 2147483647;
  const normal = () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
  const scales = [0.01, 1, 50, 1e4];
  const offsets = [3, -1, 200, 5e4];
  const X: number[][] = [];
  const y: number[] = [];
  const weights: number[] = [];
  for (let i = 0; i < n; i++) {
    const z = scales.map(() => normal());
    X.push(z.map((v, j) => offsets[j] + scales[j] * (v + (j === 1 ? 0.4 * z[0] : 0))));
    const eta = 0.6 * z[0] - 0.4 * z[1] + 0.3 * z[2];
    if (family === "gaussian") y.push(eta + normal());
    else if (family === "bernoulli") y.push(uniform() < 1 / (1 + Math.exp(-eta)) ? 1 : 0);
    else if (family === "poisson") y.push(Math.floor(-Math.log(uniform()) * Math.exp(0.5 * eta) * 1.5));
    else y.push(eta + 0.8 * normal() < -0.4 ? 0 : eta + 0.8 * normal() < 0.5 ? 1 : 2);
    weights.push(0.25 + 2 * uniform());
  }
  return { X, y, weights, classes: family === "multinomial" ? 3 : undefined };
}

/** Weighted column means (0 when not centred) and population standard deviations (centred either way, as glmnet), the reference's. */
function moments(X: number[][], weights: number[] | undefined, centred: boolean) {
  const d = X[0].length;
  const s = (i: number) => (weights ? weights[i] : 1);
  const total = X.reduce((a, _, i) => a + s(i), 0);
  const mean = Array.from({ length: d }, (_, j) => (centred ? X.reduce((a, row, i) => a + s(i) * row[j], 0) / total : 0));
  const sd = X[0].map((_, j) => {
    const m = X.reduce((a, row, i) => a + s(i) * row[j], 0) / total;
    return Math.sqrt(X.reduce((a, row, i) => a + s(i) * (row[j] - m) ** 2, 0) / total);
  });
  return { mean, sd, Z: X.map((row) => row.map((v, j) => (v - mean[j]) / sd[j])) };
}

/** The standardised fit's parameters mapped to the original columns by the reference's moments. */
function mapped(fit: FitResult, mean: number[], sd: number[]) {
  const K = fit.classes;
  const coefficients = fit.coefficients.map((w, k) => w / sd[Math.floor(k / K)]);
  const intercept = fit.intercept.map((b, c) => b - mean.reduce((a, m, j) => a + m * coefficients[j * K + c], 0));
  return { coefficients, intercept };
}

function centred(values: ArrayLike<number>): Float64Array {
  const mean = Array.from(values).reduce((x, v) => x + v, 0) / values.length;
  return Float64Array.from(values, (v) => (values.length > 1 ? v - mean : v));
}

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, rtol: number, what: string) {
  expect(actual.length, what).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    expect(Math.abs(actual[i] - expected[i]), `${what}[${i}]: ${actual[i]} vs ${expected[i]}`).toBeLessThanOrEqual(rtol * Math.max(1, Math.abs(expected[i])));
  }
}

const STOCHASTIC: { optimizer: ResolvedOptimizer; options: TrainerOptions }[] = [
  { optimizer: "gd", options: { learningRate: 0.5, epochs: 60 } },
  { optimizer: "sgd", options: { learningRate: 0.05, epochs: 15, batchSize: 16, seed: 3 } },
  { optimizer: "momentum", options: { learningRate: 0.02, epochs: 10, batchSize: 32, seed: 4 } },
  { optimizer: "nesterov", options: { learningRate: 0.02, epochs: 10, batchSize: 32, seed: 4 } },
  { optimizer: "adagrad", options: { learningRate: 0.1, epochs: 10, batchSize: 16, seed: 5 } },
  { optimizer: "rmsprop", options: { learningRate: 0.005, epochs: 10, batchSize: 16, seed: 5 } },
  { optimizer: "adam", options: { learningRate: 0.02, epochs: 10, batchSize: 16, seed: 6, average: 20 } },
  { optimizer: "adamw", options: { learningRate: 0.02, epochs: 10, batchSize: 16, seed: 6 } },
];
const EXACT: { optimizer: ResolvedOptimizer; options: TrainerOptions }[] = [
  { optimizer: "newton", options: { tolerance: 1e-14 } },
  { optimizer: "lbfgs", options: { tolerance: 1e-12 } },
  { optimizer: "cd", options: { tolerance: 1e-16, l1: 0.003 } },
];

describe("standardize: true on X is standardize: false on the pre-scaled columns, mapped back", () => {
  for (const family of ["gaussian", "bernoulli", "poisson", "multinomial"] as const) {
    const { X, y, weights, classes } = problem(family);
    const { mean, sd, Z } = moments(X, weights, true);
    const cases = family === "gaussian" || family === "bernoulli" ? [...STOCHASTIC, ...EXACT] : EXACT;
    for (const { optimizer, options } of cases) {
      // Stochastic paths agree to rounding of Z (~1e-15), amplified by their steps; exact ones to their tolerance.
      const rtol = EXACT.some((e) => e.optimizer === optimizer) ? 1e-8 : 1e-9;
      it(`${family}, ${optimizer}, l2 = 0.05, weighted`, async () => {
        const base = { family, classes, optimizer, l2: 0.05, tolerance: 0, ...options };
        const onX = await trainer({ ...base, standardize: true });
        const onZ = await trainer({ ...base, standardize: false });
        const a = onX.fit(X, y, { sampleWeight: weights });
        const b = onZ.fit(Z, y, { sampleWeight: weights });
        expect(a.optimizer).toBe(optimizer);
        const expected = mapped(b, mean, sd);
        expectClose(a.coefficients, expected.coefficients, rtol, "coefficients");
        // multinomial intercepts are identified up to a shift shared by the classes (cd with l1 > 0 centres them on its own scale)
        expectClose(centred(a.intercept), centred(expected.intercept), rtol, "intercept");
        // the objective is the standardised problem's: the penalty is on σⱼ·wⱼ
        expect(Math.abs(a.objective - b.objective)).toBeLessThanOrEqual(rtol * Math.abs(b.objective));
        expectClose(onX.predict(X.slice(0, 30)), onZ.predict(Z.slice(0, 30)), rtol, "predict");
        // on columns already standardised, standardising changes nothing
        const again = (await trainer({ ...base, standardize: true })).fit(Z, y, { sampleWeight: weights });
        expectClose(again.coefficients, b.coefficients, rtol, "coefficients on Z");
      });
    }
  }
});

describe("without a penalty, standardisation is an exact reparametrisation: the MLE is the unstandardised one", () => {
  const converging: { optimizer: ResolvedOptimizer; options: TrainerOptions; rtol: number }[] = [
    { optimizer: "newton", options: { tolerance: 1e-14 }, rtol: 1e-9 },
    { optimizer: "lbfgs", options: { tolerance: 1e-12 }, rtol: 1e-7 },
    { optimizer: "gd", options: { learningRate: 1, epochs: 3000, tolerance: 1e-15 }, rtol: 1e-6 },
    { optimizer: "adam", options: { learningRate: 0.01, epochs: 400, batchSize: 240, tolerance: 0 }, rtol: 1e-4 },
    { optimizer: "sgd", options: { learningRate: 0.05, epochs: 400, batchSize: 8, average: true, tolerance: 0, seed: 2 }, rtol: 2e-2 },
  ];
  for (const family of ["gaussian", "bernoulli"] as const) {
    const { X, y } = problem(family, 240, 11);
    for (const { optimizer, options, rtol } of converging) {
      it(`${family}, ${optimizer}: to ${rtol} of newton without standardisation`, async () => {
        const mle = (await trainer({ family, optimizer: "newton", tolerance: 1e-14 })).fit(X, y);
        const fit = (await trainer({ family, optimizer, standardize: true, ...options })).fit(X, y);
        // relative to each coefficient's own standard error, the scale on which "agree" is meaningful
        const se = mle.summary().terms.map((t) => t.stdError);
        fit.coefficients.forEach((w, j) => expect(Math.abs(w - mle.coefficients[j]) / se[j + 1], `coefficient ${j}`).toBeLessThanOrEqual(rtol * 100));
        fit.coefficients.forEach((w, j) => expect(Math.abs(w - mle.coefficients[j])).toBeLessThanOrEqual(rtol * Math.abs(mle.coefficients[j]) + rtol * se[j + 1]));
        expect(Math.abs(fit.intercept[0] - mle.intercept[0])).toBeLessThanOrEqual(rtol * Math.abs(mle.intercept[0]) + rtol * se[0]);
      });
    }
  }
});

describe("summary() on the original scale: the unstandardised newton fit's, to 1e-10", () => {
  const cases = [
    { family: "gaussian" as const, weighted: true, fitIntercept: true },
    { family: "bernoulli" as const, weighted: false, fitIntercept: true },
    { family: "poisson" as const, weighted: true, fitIntercept: true },
    { family: "multinomial" as const, weighted: true, fitIntercept: true },
    { family: "bernoulli" as const, weighted: true, fitIntercept: false },
  ];
  for (const { family, weighted, fitIntercept } of cases) {
    for (const optimizer of ["newton", "lbfgs"] as const) {
      it(`${family}${weighted ? ", weighted" : ""}${fitIntercept ? "" : ", no intercept"}: ${optimizer} standardised`, async () => {
        const { X, y, weights, classes } = problem(family, 240, 5);
        const fitOptions = weighted ? { sampleWeight: weights } : {};
        const reference = (await trainer({ family, classes, fitIntercept, optimizer: "newton", tolerance: 1e-14 })).fit(X, y, fitOptions).summary();
        const summary = (await trainer({ family, classes, fitIntercept, optimizer, standardize: true, tolerance: optimizer === "newton" ? 1e-14 : 1e-13 }))
          .fit(X, y, fitOptions).summary();
        const rtol = optimizer === "newton" ? 1e-10 : 1e-7;
        expect(summary.terms.map((t) => t.term)).toEqual(reference.terms.map((t) => t.term));
        for (const key of ["estimate", "stdError", "statistic", "pValue", "ciLower", "ciUpper"] as const) {
          summary.terms.forEach((t, i) => {
            const expected = reference.terms[i][key];
            expect(Math.abs(t[key] - expected), `${key} of ${t.term} (class ${t.output})`).toBeLessThanOrEqual(rtol * Math.max(Math.abs(expected), reference.terms[i].stdError));
          });
        }
        const p = reference.terms.length;
        summary.covarianceMatrix.forEach((v, k) => {
          const scale = Math.sqrt(reference.covarianceMatrix[Math.floor(k / p) * (p + 1)] * reference.covarianceMatrix[(k % p) * (p + 1)]);
          expect(Math.abs(v - reference.covarianceMatrix[k]), `covariance entry ${k}`).toBeLessThanOrEqual(rtol * scale);
        });
        expect(summary.logLikelihood).toBeCloseTo(reference.logLikelihood, 8);
        expect(summary.aic).toBeCloseTo(reference.aic, 8);
      });
    }
  }

  it("a penalised fit's covariance is the standardised problem's, mapped: the same z statistics", async () => {
    const { X, y, weights } = problem("bernoulli");
    const { mean, sd, Z } = moments(X, weights, true);
    const onX = (await trainer({ family: "bernoulli", optimizer: "newton", l2: 0.02, standardize: true, tolerance: 1e-14 })).fit(X, y, { sampleWeight: weights });
    const onZ = (await trainer({ family: "bernoulli", optimizer: "newton", l2: 0.02, tolerance: 1e-14 })).fit(Z, y, { sampleWeight: weights });
    for (const covariance of ["fisher", "sandwich"] as const) {
      const a = onX.summary({ covariance }).terms;
      const b = onZ.summary({ covariance }).terms;
      // slopes: w = w̃/σ and SE = SẼ/σ, so the z statistics and p-values are the same
      for (let j = 1; j < a.length; j++) {
        expect(a[j].stdError).toBeCloseTo(b[j].stdError / sd[j - 1], 12 - Math.ceil(Math.log10(1 / sd[j - 1])));
        expect(a[j].statistic).toBeCloseTo(b[j].statistic, 9);
        expect(a[j].pValue).toBeCloseTo(b[j].pValue, 12);
      }
      expect(a[0].estimate).toBeCloseTo(mapped(onZ, mean, sd).intercept[0], 9);
    }
  });
});

describe("edge cases: constant columns, no intercept, extreme scales, float32", () => {
  it("a constant column gets coefficient 0 (glmnet), even when its mean is not exact in floating point", async () => {
    const { X, y } = problem("bernoulli", 150);
    const withConstant = X.map((row) => [row[0], 0.1, row[1], row[2]]);
    for (const optimizer of ["gd", "sgd", "adam", "lbfgs"] as const) {
      const fit = (await trainer({ family: "bernoulli", optimizer, standardize: true, l2: 0.01, epochs: 20, learningRate: 0.1 })).fit(withConstant, y);
      expect(fit.coefficients[1], optimizer).toBe(0);
      const without = (await trainer({ family: "bernoulli", optimizer, standardize: true, l2: 0.01, epochs: 20, learningRate: 0.1 })).fit(X.map((r) => [r[0], r[1], r[2]]), y);
      expectClose([fit.coefficients[0], fit.coefficients[2], fit.coefficients[3]], without.coefficients, 1e-9, optimizer);
    }
    // newton with a penalty fixes it at 0 too; unpenalised, a constant column beside the intercept
    // is exactly collinear, which newton names (as without standardize) unless collinear: "drop"
    expect((await trainer({ family: "bernoulli", optimizer: "newton", standardize: true, l2: 0.01 })).fit(withConstant, y).coefficients[1]).toBe(0);
    const named = await trainer({ family: "bernoulli", optimizer: "newton", standardize: true });
    expect(() => named.fit(withConstant, y)).toThrow(CollinearityError);
    expect(() => named.fit(withConstant, y)).toThrow(/x1 is exactly collinear/);
    const dropped = (await trainer({ family: "bernoulli", optimizer: "newton", standardize: true, collinear: "drop" })).fit(withConstant, y);
    expect(dropped.coefficients[1]).toBe(0);
    expect(dropped.aliased).toEqual(["x1"]);
    // cd excludes it as glmnet does (scale exactly 0)
    expect((await trainer({ family: "bernoulli", optimizer: "cd", l1: 0.001 })).fit(withConstant, y).coefficients[1]).toBe(0);
  });

  it("fitIntercept: false centres nothing but still scales by the standard deviation (glmnet's intercept = FALSE)", async () => {
    const { X, y, weights } = problem("poisson");
    const { sd, Z } = moments(X, weights, false);
    for (const optimizer of ["lbfgs", "adam"] as const) {
      const base = { family: "poisson" as const, optimizer, fitIntercept: false, l2: 0.01, tolerance: 0, epochs: 5, batchSize: 16, learningRate: 0.01 };
      const a = (await trainer({ ...base, standardize: true })).fit(X, y, { sampleWeight: weights });
      const b = (await trainer({ ...base, standardize: false })).fit(Z, y, { sampleWeight: weights });
      expectClose(a.coefficients, b.coefficients.map((w, j) => w / sd[j]), 1e-8, optimizer);
      expect(Array.from(a.intercept)).toEqual([0]);
    }
  });

  it("columns near 1e±200 are standardised without overflow or underflow", async () => {
    const { X, y } = problem("gaussian", 120);
    const scales = [1e200, 1e-200, 1, 1e150];
    const extreme = X.map((row) => row.map((v, j) => v * scales[j]));
    const fit = (await trainer({ optimizer: "gd", standardize: true, learningRate: 0.5, epochs: 40, tolerance: 0 })).fit(extreme, y);
    const plain = (await trainer({ optimizer: "gd", standardize: true, learningRate: 0.5, epochs: 40, tolerance: 0 })).fit(X, y);
    fit.coefficients.forEach((w, j) => expect(Math.abs(w * scales[j] - plain.coefficients[j])).toBeLessThanOrEqual(1e-9 * Math.abs(plain.coefficients[j])));
  });

  it("float32 stores the standardised columns in float32: the float64 fit to float32's rounding", async () => {
    const { X, y } = problem("bernoulli");
    const a = (await trainer({ family: "bernoulli", optimizer: "lbfgs", standardize: true, l2: 0.01, dtype: "float32" })).fit(X, y);
    const b = (await trainer({ family: "bernoulli", optimizer: "lbfgs", standardize: true, l2: 0.01 })).fit(X, y);
    expectClose(a.coefficients.map((w, j) => w / b.coefficients[j]), b.coefficients.map(() => 1), 1e-3, "ratio");
  });
});

describe("models, saved states and streaming", () => {
  it("the model holds original-scale coefficients: Model.fromJSON(fit.model()) predicts as the trainer", async () => {
    const { X, y, classes } = problem("multinomial");
    const t = await trainer({ family: "multinomial", classes, optimizer: "adam", standardize: true, l2: 0.01, epochs: 5, learningRate: 0.05 });
    const fit = t.fit(X, y);
    const data = fit.model();
    expect(data.options.standardize).toBe(true);
    expect(data.coefficients).toEqual(Array.from(fit.coefficients));
    const model = await Model.fromJSON(JSON.parse(JSON.stringify(data)));
    expect(Array.from(model.predict(X.slice(0, 25)))).toEqual(Array.from(t.predict(X.slice(0, 25))));
  });

  it("partialFit, fit with resume and saveState are refused (TrainingStateError, reason \"standardize\") and change nothing", async () => {
    const { X, y } = problem("gaussian", 64);
    const t = await trainer({ optimizer: "sgd", standardize: true, epochs: 3 });
    const fit = t.fit(X, y);
    const before = Array.from(t.predict(X.slice(0, 5)));
    for (const call of [() => t.partialFit(X, y), () => t.fit(X, y, { resume: true }), () => t.saveState()]) {
      let thrown: unknown;
      try {
        call();
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(TrainingStateError);
      expect((thrown as TrainingStateError).reason).toBe("standardize");
      expect((thrown as Error).message).toMatch(/standardize: true .* standardize: false/);
    }
    expect(Array.from(t.predict(X.slice(0, 5)))).toEqual(before);
    expect(fit.coefficients.every(Number.isFinite)).toBe(true);
  });

  it("early stopping scores the validation rows standardised with the training rows' moments; restoreBest maps back", async () => {
    const { X, y, weights } = problem("bernoulli", 300);
    const train = { X: X.slice(0, 240), y: y.slice(0, 240), w: weights.slice(0, 240) };
    const held = { X: X.slice(240), y: y.slice(240) };
    const { mean, sd, Z } = moments(train.X, train.w, true);
    const heldZ = held.X.map((row) => row.map((v, j) => (v - mean[j]) / sd[j]));
    const base = { family: "bernoulli" as const, optimizer: "sgd" as const, learningRate: 0.5, epochs: 60, seed: 9, earlyStopping: { patience: 3, restoreBest: true } };
    const a = (await trainer({ ...base, standardize: true })).fit(train.X, train.y, { sampleWeight: train.w, validation: held });
    const b = (await trainer(base)).fit(Z, train.y, { sampleWeight: train.w, validation: { X: heldZ, y: held.y } });
    expect(a.bestEpoch).toBe(b.bestEpoch);
    expectClose(a.validationHistory, b.validationHistory, 1e-9, "validation history");
    const expected = mapped(b, mean, sd);
    expectClose(a.coefficients, expected.coefficients, 1e-9, "coefficients");
    expectClose(a.intercept, expected.intercept, 1e-9, "intercept");
  });
});

describe("evaluate() is the trainer's objective: the standardised penalty, penalty factors and l1 included", () => {
  it("at a fit's parameters on its data, evaluate().objective is fit.objective (every optimizer, standardize: true)", async () => {
    const { X, y, weights } = problem("bernoulli");
    for (const { optimizer, options } of [...EXACT, STOCHASTIC[1], STOCHASTIC[6]]) {
      const t = await trainer({ family: "bernoulli", optimizer, l2: 0.05, standardize: true, ...options });
      const fit = t.fit(X, y, { sampleWeight: weights });
      const at = t.evaluate(X, y, fit.coefficients, fit.intercept, { sampleWeight: weights });
      expect(Math.abs(at.objective - fit.objective), optimizer).toBeLessThanOrEqual(1e-12 * fit.objective);
    }
  });

  it("its gradient vanishes at newton's standardised penalised optimum, and is the objective's derivative elsewhere", async () => {
    const { X, y } = problem("poisson");
    const t = await trainer({ family: "poisson", optimizer: "newton", l2: 0.02, standardize: true, tolerance: 1e-14 });
    const fit = t.fit(X, y);
    const at = t.evaluate(X, y, fit.coefficients, fit.intercept);
    const { mean, sd } = moments(X, undefined, true);
    // on the standardised scale ∂f/∂w̃ⱼ = (∂f/∂wⱼ − mⱼ·∂f/∂b)/σⱼ, which vanishes at the optimum
    at.coefficients.forEach((g, j) => expect(Math.abs((g - mean[j] * at.intercept[0]) / sd[j]), `∂f/∂w${j}`).toBeLessThanOrEqual(1e-9));
    expect(Math.abs(at.intercept[0])).toBeLessThanOrEqual(1e-9);
    // a point off the optimum that moves each row's η by at most 0.2 (poisson's exp(η) must stay moderate)
    const w = Float64Array.from(fit.coefficients, (v, j) => v + 0.05 / (sd[j] + Math.abs(mean[j])));
    const g = t.evaluate(X, y, w, fit.intercept).coefficients;
    for (let j = 0; j < w.length; j++) {
      const h = 1e-5 / (sd[j] + Math.abs(mean[j]));
      const up = Float64Array.from(w), down = Float64Array.from(w);
      up[j] += h;
      down[j] -= h;
      const difference = (t.evaluate(X, y, up, fit.intercept).objective - t.evaluate(X, y, down, fit.intercept).objective) / (2 * h);
      expect(Math.abs(difference - g[j]) / (sd[j] + Math.abs(mean[j])), `finite difference ${j}`).toBeLessThanOrEqual(1e-6);
    }
  });

  it("cd with l1 and penalty factors: evaluate().objective is fit.objective, and its gradient meets the KKT conditions", async () => {
    const { X, y, weights } = problem("gaussian");
    const penaltyFactor = [1, 0, 2, 1];
    const t = await trainer({ optimizer: "cd", l1: 0.05, l2: 0.01, penaltyFactor, tolerance: 1e-16 });
    const fit = t.fit(X, y, { sampleWeight: weights });
    expect(fit.coefficients.some((w) => w === 0)).toBe(true);
    const at = t.evaluate(X, y, fit.coefficients, fit.intercept, { sampleWeight: weights });
    expect(Math.abs(at.objective - fit.objective)).toBeLessThanOrEqual(1e-12 * fit.objective);
    const { mean, sd } = moments(X, weights, true);
    const factor = penaltyFactor.map((f) => (f * 4) / 4); // rescaled to sum to d = 4: these already do
    at.coefficients.forEach((g, j) => {
      // zero: |∂(data + l2 part)/∂wⱼ| ≤ l1·fⱼσⱼ; non-zero: the full gradient vanishes
      if (fit.coefficients[j] === 0) expect(Math.abs(g)).toBeLessThanOrEqual(0.05 * factor[j] * sd[j] * (1 + 1e-7));
      else expect(Math.abs(g - mean[j] * at.intercept[0]) / sd[j], `∂f/∂w${j}`).toBeLessThanOrEqual(1e-7);
    });
  });

  it("a trainer without standardize, factors or l1 keeps the kernels' (l2/2)·‖w‖²", async () => {
    const { X, y } = problem("gaussian");
    const t = await trainer({ optimizer: "lbfgs", l2: 0.1 });
    const w = [0.1, -0.2, 0.01, 1e-4];
    const plain = (await trainer({ optimizer: "newton" })).evaluate(X, y, w, [0.5]);
    const penalised = t.evaluate(X, y, w, [0.5]);
    expect(penalised.objective).toBeCloseTo(plain.objective + 0.05 * w.reduce((a, v) => a + v * v, 0), 12);
  });
});
