// Optimizer "newton" (Newton/IRLS with Householder QR in WASM, f64) on every reference fixture in
// test/fixtures (copied from ../shared/reference; each file names the tool, version and check that
// produced it): coefficients and log-likelihood to 1e-6 relative, penalised optima at the stored
// objective value, the ill-conditioned polynomial to LRE ≥ 7, and the Fisher factor's standard
// errors against statsmodels'.
import { afterAll, describe, expect, it } from "vitest";
import { Trainer, type FitResult, type TrainerOptions } from "../dist/index.js";
import { DataSession } from "../dist/session.js";
import { validateOptions } from "../dist/options.js";
import { informationFactor } from "../dist/inference/factor.js";
import { thetaOf } from "../dist/fit-result.js";
import { loadFixture, relativeError, seededRandom, syntheticData, type Fixture } from "./helpers/fixtures.js";
import { kernelInstanceOf } from "./helpers/trainers.js";

const trainers: Trainer[] = [];
afterAll(() => trainers.forEach((t) => t.dispose()));

function optionsFor(fx: Fixture, extra: TrainerOptions = {}): TrainerOptions {
  return {
    family: fx.family,
    ...(fx.family === "multinomial" ? { classes: fx.n_classes } : {}),
    optimizer: "newton",
    l2: fx.objective.l2,
    fitIntercept: fx.fit_intercept,
    ...extra,
  };
}

async function newTrainer(options: TrainerOptions): Promise<Trainer> {
  const trainer = await Trainer.create(options);
  trainers.push(trainer);
  return trainer;
}

async function fitNewton(fx: Fixture, extra: TrainerOptions = {}, sampleWeight?: number[]): Promise<FitResult> {
  const trainer = await newTrainer(optionsFor(fx, extra));
  return trainer.fit(fx.X, fx.y, sampleWeight ? { sampleWeight } : {});
}

/** The README's coefficient metric: max |est − ref| / max(|ref|, 1e-6·max|ref|) over [intercept, coef…]. */
function coefficientError(estimate: number[], reference: number[]): number {
  const floor = 1e-6 * Math.max(...reference.map(Math.abs));
  return Math.max(...reference.map((r, j) => Math.abs(estimate[j] - r) / Math.max(Math.abs(r), floor)));
}

/** [intercepts…, coefficients…] of a fit in the reference's layout (class by class for multinomial). */
function flatten(fx: Fixture, fit: FitResult): { estimate: number[]; reference: number[] } {
  const ref = fx.reference;
  const d = fx.X[0].length;
  if (fx.family !== "multinomial") {
    return { estimate: [fit.intercept[0], ...fit.coefficients], reference: [ref.intercept, ...ref.coef] };
  }
  const K = fx.n_classes!;
  const baseline = fx.objective.l2 === 0;
  const estimate: number[] = [];
  const reference: number[] = [];
  for (let c = baseline ? 1 : 0; c < K; c++) {
    const r = baseline ? c - 1 : c;
    estimate.push(fit.intercept[c]);
    reference.push(ref.intercept[r]);
    for (let j = 0; j < d; j++) {
      estimate.push(fit.coefficients[j * K + c]);
      reference.push(ref.coef[r][j]);
    }
  }
  return { estimate, reference };
}

const ALL = [
  "seed_linear", "sm_stackloss_ols", "sm_fair_logit", "sm_synthetic_poisson", "sm_synthetic_mnlogit",
  "skl_wine_logreg_l2", "skl_wine_multinomial_l2", "skl_synthetic_ridge", "skl_counts_poisson_l2", "poly_illconditioned",
];

describe("newton on the reference fixtures (float64)", () => {
  for (const name of ALL.filter((n) => n !== "poly_illconditioned")) {
    it(`${name}: coefficients to 1e-6 relative, in under 25 iterations`, async () => {
      const fx = loadFixture(name);
      const fit = await fitNewton(fx);
      expect(fit.optimizer).toBe("newton");
      expect(fit.converged).toBe(true);
      expect(fit.stopReason).toBe("converged");
      expect(fit.epochs).toBeLessThan(25);
      expect(fit.history.length).toBe(fit.epochs);
      const { estimate, reference } = flatten(fx, fit);
      expect(coefficientError(estimate, reference)).toBeLessThan(1e-6);
      if (fx.reference.llf !== undefined) expect(relativeError(fit.logLikelihood, fx.reference.llf)).toBeLessThan(1e-6);
      // The objective at our optimum is never above the reference's (up to rounding).
      expect(fit.objective).toBeLessThanOrEqual(fx.objective.value_at_reference + 1e-12 * Math.abs(fx.objective.value_at_reference));
      expect(relativeError(fit.objective, fx.objective.value_at_reference)).toBeLessThan(1e-10);
    });
  }

  it("poly_illconditioned (cond ≈ 3e14): at least 7 correct digits in every coefficient, no column flagged", async () => {
    const fx = loadFixture("poly_illconditioned");
    const fit = await fitNewton(fx);
    expect(fit.converged).toBe(true);
    expect(fit.aliased).toEqual([]);
    const { estimate, reference } = flatten(fx, fit);
    const lre = Math.min(...reference.map((r, j) => -Math.log10(Math.abs(estimate[j] - r) / Math.abs(r))));
    expect(lre).toBeGreaterThanOrEqual(7);
  });

  it("sm_synthetic_poisson with frequency weights matches reference_weighted", async () => {
    const fx = loadFixture("sm_synthetic_poisson");
    const fit = await fitNewton(fx, {}, fx.weights);
    const ref = fx.reference_weighted!;
    expect(fit.converged).toBe(true);
    const error = coefficientError([fit.intercept[0], ...fit.coefficients], [ref.intercept, ...ref.coef]);
    expect(error).toBeLessThan(1e-6);
    expect(relativeError(fit.logLikelihood, ref.llf)).toBeLessThan(1e-6);
    expect(relativeError(fit.objective, fx.objective.value_at_reference_weighted!)).toBeLessThan(1e-10);
  });

  it("gaussian: one step when R is well conditioned (the least-squares solution), a refining second step when not", async () => {
    // Standard-normal columns: κ₁(R) ≈ 10, so the first full step is the answer.
    const { X, y } = syntheticData("gaussian", 400, 5, 11);
    const oneStep = (await newTrainer({ family: "gaussian", optimizer: "newton" })).fit(X, y);
    expect(oneStep.epochs).toBe(1);
    expect(oneStep.converged).toBe(true);
    // Column 0 scaled by 1e4: the QR works on equilibrated columns (a power of two per column), so
    // κ₁(R) and the number of steps are unchanged, and least squares is equivariant under column
    // scaling, so both fits give the same model.
    const scaled = X.map((row) => row.map((x, j) => (j === 0 ? 1e4 * x : x)));
    const scaledFit = (await newTrainer({ family: "gaussian", optimizer: "newton" })).fit(scaled, y);
    expect(scaledFit.epochs).toBe(1);
    const unscaled = [scaledFit.intercept[0], 1e4 * scaledFit.coefficients[0], ...scaledFit.coefficients.slice(1)];
    expect(coefficientError([oneStep.intercept[0], ...oneStep.coefficients], unscaled)).toBeLessThan(1e-12);
    // Powers t … t⁷ of t ∈ [0, 1): ill-conditioned whatever the column scaling (κ₁(R) > 1e3), so
    // Newton takes a second, refining step.
    const random = seededRandom(12);
    const T = Array.from({ length: 300 }, () => random());
    const powers = T.map((t) => [1, 2, 3, 4, 5, 6, 7].map((k) => t ** k));
    const yPowers = T.map((t) => 1 + t - 2 * t ** 3 + 0.1 * (random() - 0.5));
    const twoSteps = (await newTrainer({ family: "gaussian", optimizer: "newton" })).fit(powers, yPowers);
    expect(twoSteps.epochs).toBeGreaterThanOrEqual(2);
    expect(twoSteps.converged).toBe(true);
  });

  it("sm_fair_logit converges in about statsmodels' iteration count", async () => {
    const fx = loadFixture("sm_fair_logit");
    const fit = await fitNewton(fx);
    expect(fit.epochs).toBeLessThanOrEqual(fx.reference.iterations + 2);
    for (let i = 1; i < fit.history.length; i++) expect(fit.history[i]).toBeLessThanOrEqual(fit.history[i - 1] + 1e-15);
  });

  it("the multinomial forms: baseline (class 0 zero) without l2, symmetric with centred intercepts with l2", async () => {
    const base = await fitNewton(loadFixture("sm_synthetic_mnlogit"));
    expect(base.intercept[0]).toBe(0);
    for (let j = 0; j < 3; j++) expect(base.coefficients[j * 3]).toBe(0);
    const sym = await fitNewton(loadFixture("skl_wine_multinomial_l2"));
    expect(Math.abs(sym.intercept.reduce((a, b) => a + b, 0))).toBeLessThan(1e-12);
    // The penalised optimum's weights sum to zero over classes, feature by feature.
    for (let j = 0; j < 13; j++) {
      expect(Math.abs(sym.coefficients[j * 3] + sym.coefficients[j * 3 + 1] + sym.coefficients[j * 3 + 2])).toBeLessThan(1e-10);
    }
  });

  it("simd and scalar kernels agree to 1e-12 on a fixture", async () => {
    const fx = loadFixture("sm_fair_logit");
    const simd = await fitNewton(fx, { kernels: "simd" });
    const scalar = await fitNewton(fx, { kernels: "scalar" });
    expect(scalar.kernels).toBe("scalar");
    for (let j = 0; j < simd.coefficients.length; j++) expect(relativeError(scalar.coefficients[j], simd.coefficients[j])).toBeLessThan(1e-12);
  });
});

describe("newton with float32 data", () => {
  for (const name of ["sm_stackloss_ols", "sm_fair_logit", "sm_synthetic_mnlogit", "skl_counts_poisson_l2"]) {
    it(`${name}: runs, converges and lands close to the reference`, async () => {
      const fx = loadFixture(name);
      const fit = await fitNewton(fx, { dtype: "float32" });
      expect(fit.dtype).toBe("float32");
      expect(fit.converged).toBe(true);
      const { estimate, reference } = flatten(fx, fit);
      // X rounded to f32 perturbs the data by ~6e-8 relative; the estimates move by about that times cond.
      expect(coefficientError(estimate, reference)).toBeLessThan(1e-3);
    });
  }
});

describe("the Fisher information factor (bindings/inference/factor.ts)", () => {
  /** SEs from R: diag((RᵀR)⁻¹) via R⁻¹, for a P×P upper triangle. */
  function standardErrors(R: Float64Array, P: number, scale = 1): number[] {
    const inverse = new Float64Array(P * P);
    for (let col = 0; col < P; col++) {
      for (let i = P - 1; i >= 0; i--) {
        let sum = i === col ? 1 : 0;
        for (let k = i + 1; k < P; k++) sum -= R[i * P + k] * inverse[k * P + col];
        inverse[i * P + col] = sum / R[i * P + i];
      }
    }
    return Array.from({ length: P }, (_, i) => {
      let sum = 0;
      for (let k = 0; k < P; k++) sum += inverse[i * P + k] ** 2;
      return Math.sqrt(scale * sum);
    });
  }

  async function factorAt(fx: Fixture, coefficients: Float64Array, intercept: Float64Array, extra: TrainerOptions = {}) {
    const options = validateOptions(optionsFor(fx, extra));
    const trainer = await Trainer.create(optionsFor(fx, extra));
    trainers.push(trainer);
    const kernels = kernelInstanceOf(trainer);
    const shape = { rows: fx.X.length, cols: fx.X[0].length };
    const session = new DataSession(kernels, options, fx.X, shape, fx.y, undefined, fx.X.length);
    const K = options.classes;
    return informationFactor(session, options, thetaOf(coefficients, intercept, shape.cols, K));
  }

  it("gives statsmodels' standard errors for sm_fair_logit and sm_synthetic_mnlogit at our estimates", async () => {
    for (const name of ["sm_fair_logit", "sm_synthetic_mnlogit"]) {
      const fx = loadFixture(name);
      const fit = await fitNewton(fx);
      const factor = await factorAt(fx, fit.coefficients, fit.intercept);
      expect(factor.singularTerms).toEqual([]);
      expect(factor.penalizedR).toBeNull();
      const se = standardErrors(factor.fisherR, factor.size);
      const ref = fx.reference;
      const expected = fx.family === "multinomial"
        ? ref.intercept_bse.flatMap((b: number, k: number) => [b, ...ref.coef_bse[k]])
        : [ref.intercept_bse, ...ref.coef_bse];
      for (let j = 0; j < expected.length; j++) expect(relativeError(se[j], expected[j]), `${name} term ${j}`).toBeLessThan(1e-6);
      expect(Array.from(factor.estimates.slice(0, 2))).toEqual(
        fx.family === "multinomial" ? [fit.intercept[1], fit.coefficients[1]] : [fit.intercept[0], fit.coefficients[0]],
      );
    }
  });

  it("gives statsmodels' OLS standard errors for sm_stackloss_ols with the dispersion RSS/(n − p)", async () => {
    const fx = loadFixture("sm_stackloss_ols");
    const fit = await fitNewton(fx);
    const factor = await factorAt(fx, fit.coefficients, fit.intercept);
    const se = standardErrors(factor.fisherR, factor.size, fx.reference.scale);
    const expected = [fx.reference.intercept_bse, ...fx.reference.coef_bse];
    for (let j = 0; j < expected.length; j++) expect(relativeError(se[j], expected[j])).toBeLessThan(1e-8);
  });

  it("works for another optimizer's session (gd) and gives the penalised factor RᵀR = I + W·l2·P", async () => {
    const fx = loadFixture("skl_wine_logreg_l2");
    const fit = await fitNewton(fx);
    const factor = await factorAt(fx, fit.coefficients, fit.intercept, { optimizer: "gd" });
    const P = factor.size;
    const F = factor.fisherR;
    const H = factor.penalizedR!;
    const W = fx.X.length;
    for (let i = 0; i < P; i++) {
      for (let j = i; j < P; j++) {
        let fisher = 0;
        let penalised = 0;
        for (let k = 0; k <= i; k++) {
          fisher += F[k * P + i] * F[k * P + j];
          penalised += H[k * P + i] * H[k * P + j];
        }
        const ridge = i === j && i > 0 ? W * fx.objective.l2 : 0;
        expect(Math.abs(penalised - fisher - ridge)).toBeLessThan(1e-9 * (Math.abs(penalised) + 1));
      }
    }
  });

  it("explains the singular intercept direction of a symmetric multinomial instead of leaving a NaN", async () => {
    const fx = loadFixture("skl_wine_multinomial_l2");
    const fit = await fitNewton(fx);
    const factor = await factorAt(fx, fit.coefficients, fit.intercept);
    expect(factor.singularTerms).toEqual(["intercept (class 2)"]);
    expect(factor.terms.length).toBe(3 * 14);
  });
});

describe("newton on synthetic data", () => {
  it("agrees with L-BFGS-free gradient checks: the gradient at the newton optimum is ~0 for every family", async () => {
    for (const family of ["gaussian", "bernoulli", "poisson", "multinomial"] as const) {
      const { X, y } = syntheticData(family, 400, 5, 11);
      const options: TrainerOptions = { family, optimizer: "newton", ...(family === "multinomial" ? { classes: 3 } : {}) };
      const trainer = await Trainer.create(options);
      trainers.push(trainer);
      const fit = trainer.fit(X, y);
      expect(fit.converged, family).toBe(true);
      const gradient = trainer.evaluate(X, y, fit.coefficients, fit.intercept);
      // Baseline multinomial: class 0's gradient is not a free direction; the others are.
      const K = family === "multinomial" ? 3 : 1;
      for (let j = 0; j < gradient.coefficients.length; j++) {
        if (K > 1 && j % K === 0) continue;
        expect(Math.abs(gradient.coefficients[j]), `${family} ${j}`).toBeLessThan(1e-10);
      }
    }
  });
});

describe("step halving (issue 8, finding 12: accepting any finite trial step survived the suite)", () => {
  it("a full step that raises f is halved: f falls below the start at the first iteration and never rises", async () => {
    // Counts growing like e^(0.8x) for x ∈ [0, 5) plus one far point (x = 12, y = 30): from the
    // intercept-only start the full Newton step lands at a finite f ≈ −19.2, above the start's
    // −20.6; accepting it (the planted bug) leaves history[0] above f at the start.
    const X = Array.from({ length: 25 }, (_, i) => [i / 5]);
    const y = X.map(([x]) => Math.round(Math.exp(0.8 * x)));
    X.push([12]);
    y.push(30);
    const t = await newTrainer({ family: "poisson", optimizer: "newton" });
    const start = Math.log(y.reduce((a, b) => a + b, 0) / y.length);
    const atStart = t.evaluate(X, y, [0], [start]).objective;
    const fit = t.fit(X, y);
    expect(fit.converged).toBe(true);
    expect(fit.history[0]).toBeLessThan(atStart);
    // a rise of an ulp or two is rounding in f (accepted to refine β); nothing more
    for (let i = 1; i < fit.history.length; i++) expect(fit.history[i]).toBeLessThanOrEqual(fit.history[i - 1] + 1e-15 * Math.abs(fit.history[i - 1]));
    const gradient = t.evaluate(X, y, fit.coefficients, fit.intercept);
    expect(Math.abs(gradient.coefficients[0])).toBeLessThan(1e-9);
    expect(Math.abs(gradient.intercept[0])).toBeLessThan(1e-9);
  });
});
