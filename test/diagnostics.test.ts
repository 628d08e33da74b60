// Newton's diagnostics (issue 4): rank deficiency (collinear: "error" | "drop"), complete and
// quasi-complete separation, non-convergence with a reason and the last finite estimate, step
// halving, and singular Fisher information explained rather than shown as NaN.
import { describe, expect, it } from "vitest";
import { CollinearityError, ConvergenceError, SeparationError, Trainer, type TrainerOptions } from "../dist/index.js";
import { newton } from "../dist/optimizers/newton.js";
import { DataSession } from "../dist/session.js";
import { validateOptions } from "../dist/options.js";
import { informationFactor } from "../dist/inference/factor.js";
import { thetaOf } from "../dist/fit-result.js";
import { loadFixture, seededRandom, syntheticData } from "./helpers/fixtures.js";
import { thrownBy } from "./helpers/thrown.js";
import { disposingTrainers, kernelInstanceOf } from "./helpers/trainers.js";

const trainer = disposingTrainers({ optimizer: "newton" });

/** Synthetic data with a third column that is an exact combination of the first two. */
function collinearData(family: "gaussian" | "bernoulli" | "multinomial") {
  const { X, y } = syntheticData(family, 300, 2, 5);
  return { X: X.map(([a, b]) => [a, b, 2 * a - b]), y, X2: X };
}

describe("rank deficiency", () => {
  it('collinear: "error" (default) throws a CollinearityError naming the dependent column', async () => {
    const { X, y } = collinearData("gaussian");
    const t = await trainer({ family: "gaussian", featureNames: ["age", "height", "mix"] });
    const error = thrownBy(() => t.fit(X, y));
    expect(error).toBeInstanceOf(CollinearityError);
    const collinear = error as CollinearityError;
    expect(collinear.code).toBe("COLLINEAR");
    expect(collinear.terms).toEqual(["mix"]);
    expect(collinear.columns).toEqual([2]);
    expect(collinear.message).toMatch(/mix/);
    expect(collinear.message).toMatch(/collinear: "drop"/);
  });

  it("a constant column duplicates the intercept and is named too", async () => {
    const { X, y } = syntheticData("bernoulli", 200, 2, 9);
    const withConstant = X.map((row) => [row[0], 3, row[1]]);
    const t = await trainer({ family: "bernoulli" });
    expect(() => t.fit(withConstant, y)).toThrow(CollinearityError);
    try {
      t.fit(withConstant, y);
    } catch (e) {
      expect((e as CollinearityError).terms).toEqual(["x1"]);
    }
  });

  it('collinear: "drop" fixes the column at 0, reports it, and matches the fit without it', async () => {
    for (const family of ["gaussian", "bernoulli"] as const) {
      const { X, y, X2 } = collinearData(family);
      const dropped = (await trainer({ family, collinear: "drop" })).fit(X, y);
      const reduced = (await trainer({ family })).fit(X2, y);
      expect(dropped.converged).toBe(true);
      expect(dropped.aliased).toEqual(["x2"]);
      expect(dropped.warnings!.join(" ")).toMatch(/x2/);
      expect(dropped.coefficients[2]).toBe(0);
      for (let j = 0; j < 2; j++) expect(Math.abs(dropped.coefficients[j] - reduced.coefficients[j])).toBeLessThan(1e-10 * (1 + Math.abs(reduced.coefficients[j])));
      expect(Math.abs(dropped.intercept[0] - reduced.intercept[0])).toBeLessThan(1e-10);
    }
  });

  it('multinomial with collinear: "drop" names the column in every class block', async () => {
    const { X, y } = collinearData("multinomial");
    const fit = (await trainer({ family: "multinomial", classes: 3, collinear: "drop" })).fit(X, y);
    expect(fit.aliased).toEqual(["x2 (class 1)", "x2 (class 2)"]);
    for (let c = 0; c < 3; c++) expect(fit.coefficients[2 * 3 + c]).toBe(0);
  });

  it("an ill-conditioned but full-rank design (poly_illconditioned, cond ≈ 3e14) is not flagged", async () => {
    const fx = loadFixture("poly_illconditioned");
    const fit = (await trainer({ family: "gaussian" })).fit(fx.X, fx.y);
    expect(fit.aliased).toEqual([]);
    expect(fit.warnings).toEqual([]);
  });
});

describe("separation (bernoulli, multinomial)", () => {
  it("complete separation throws a SeparationError naming the diverging coefficients and advising l2", async () => {
    const random = seededRandom(3);
    const X = Array.from({ length: 100 }, () => [random() * 4 - 2, random()]);
    const y = X.map(([a]) => (a > 0.1 ? 1 : 0));
    const t = await trainer({ family: "bernoulli" });
    const error = thrownBy(() => t.fit(X, y));
    expect(error).toBeInstanceOf(SeparationError);
    const separation = error as SeparationError;
    expect(separation.code).toBe("SEPARATION");
    expect(separation.diverging).toContain("x0");
    expect(separation.extremeRows).toBeGreaterThan(0);
    expect(separation.message).toMatch(/l2/);
    expect(Array.from(separation.lastEstimate.coefficients).every(Number.isFinite)).toBe(true);
    expect(Number.isFinite(separation.lastEstimate.objective)).toBe(true);
    // The advice works: a small penalty gives a finite, converged fit.
    const penalised = (await trainer({ family: "bernoulli", l2: 1e-3 })).fit(X, y);
    expect(penalised.converged).toBe(true);
  });

  it("quasi-complete separation (an indicator whose level 1 is all y = 1, level 0 mixed) is detected too", async () => {
    const random = seededRandom(17);
    const X = Array.from({ length: 200 }, () => [random() < 0.3 ? 1 : 0, random() * 2 - 1]);
    const y = X.map(([group, b]) => (group === 1 ? 1 : random() < 1 / (1 + Math.exp(-b)) ? 1 : 0));
    const t = await trainer({ family: "bernoulli" });
    const error = thrownBy(() => t.fit(X, y));
    expect(error).toBeInstanceOf(SeparationError);
    // Only the indicator diverges; x1's coefficient converges.
    expect((error as SeparationError).diverging).toEqual(["x0"]);
  });

  it("a separated multinomial class is detected", async () => {
    const random = seededRandom(23);
    const X = Array.from({ length: 240 }, () => [random() * 2 - 1, random() * 2 - 1]);
    // Class 2 exactly when x0 > 0.5; classes 0/1 at random otherwise.
    const y = X.map(([a, b]) => (a > 0.5 ? 2 : random() < 1 / (1 + Math.exp(-b)) ? 1 : 0));
    const t = await trainer({ family: "multinomial", classes: 3 });
    expect(() => t.fit(X, y)).toThrow(SeparationError);
  });

  it("a class that never occurs makes only its intercept diverge, even with l2, and the advice says so", async () => {
    const fx = loadFixture("sm_fair_logit");
    const t = await trainer({ family: "multinomial", classes: 3, l2: 0.01 });
    const error = thrownBy(() => t.fit(fx.X, fx.y));
    expect(error).toBeInstanceOf(SeparationError);
    expect((error as SeparationError).diverging).toEqual(["intercept (class 2)"]);
    expect((error as SeparationError).message).toMatch(/class never occurs/);
  });

  it("well-separated-looking but overlapping data (sm_fair_logit) is not flagged", async () => {
    const fx = loadFixture("sm_fair_logit");
    const fit = (await trainer({ family: "bernoulli" })).fit(fx.X, fx.y);
    expect(fit.converged).toBe(true);
  });
});

describe("non-convergence and step halving", () => {
  it("maxIterations reached: stopReason and a warning say so, the estimate is the last finite iterate", async () => {
    const fx = loadFixture("sm_fair_logit");
    const fit = (await trainer({ family: "bernoulli", maxIterations: 2 })).fit(fx.X, fx.y);
    expect(fit.converged).toBe(false);
    expect(fit.stopReason).toBe("maxIterations");
    expect(fit.epochs).toBe(2);
    expect(fit.warnings!.join(" ")).toMatch(/maxIterations/);
    expect(Array.from(fit.coefficients).every(Number.isFinite)).toBe(true);
    // history holds Newton's own f64 objective; fit.objective is the session's, summed in another order.
    expect(Math.abs(fit.objective - fit.history[1])).toBeLessThan(1e-14);
  });

  it("a start where the full Newton step overshoots is halved, still decreases f at every iteration and converges", async () => {
    // 28 Poisson counts with one far covariate (x = 8.54): from the intercept-only start
    // (b = log ȳ, w = 0) the full Newton step δ reaches a finite f ≈ 10.7, far above f at the
    // start (≈ −0.42), so only a halved step is acceptable. δ and f are computed here in plain
    // JS (2×2 normal equations) to show that the first iterate is exactly β₀ + δ/2.
    const x = [-0.24, -0.9, 1.99, 1.47, -0.92, -1.22, 1.77, -0.43, 0.12, 0.11, -1.5, 0.13, -1.29, 0.32, -0.71, 0.54, -1.2, -0.03, -2.32, -1.58, 1.34, 3.44, -0.41, 8.54, 1.68, -0.27, 0.97, -1.06];
    const y = [0, 3, 5, 5, 1, 0, 9, 0, 0, 0, 0, 1, 2, 3, 0, 2, 0, 0, 0, 0, 3, 18, 2, 16, 9, 2, 1, 5];
    const f = (b: number, w: number) => x.reduce((s, xi, i) => s + Math.exp(b + w * xi) - y[i] * (b + w * xi), 0) / x.length;
    const b0 = Math.log(y.reduce((s, v) => s + v, 0) / y.length);
    let [h00, h01, h11, g0, g1] = [0, 0, 0, 0, 0];
    x.forEach((xi, i) => {
      const mu = Math.exp(b0);
      h00 += mu; h01 += mu * xi; h11 += mu * xi * xi; g0 += y[i] - mu; g1 += (y[i] - mu) * xi;
    });
    const det = h00 * h11 - h01 * h01;
    const [db, dw] = [(h11 * g0 - h01 * g1) / det, (h00 * g1 - h01 * g0) / det];
    expect(Number.isFinite(f(b0 + db, dw))).toBe(true);
    expect(f(b0 + db, dw)).toBeGreaterThan(f(b0, 0) + 10);

    const t = await trainer({ family: "poisson" });
    const X = x.map((v) => [v]);
    const fit = t.fit(X, y);
    expect(fit.converged).toBe(true);
    // The halving happened: the first accepted iterate is the half step, below the start.
    expect(Math.abs(fit.history[0] - f(b0 + db / 2, dw / 2))).toBeLessThan(1e-10 * Math.abs(fit.history[0]));
    expect(fit.history[0]).toBeLessThan(f(b0, 0));
    // A rise of a few ulps is rounding in f (newton accepts it to refine β).
    for (let i = 1; i < fit.history.length; i++) expect(fit.history[i]).toBeLessThanOrEqual(fit.history[i - 1] + 1e-15 * Math.abs(fit.history[i - 1]));
    const gradient = t.evaluate(X, y, fit.coefficients, fit.intercept);
    expect(Math.abs(gradient.coefficients[0])).toBeLessThan(1e-9);
  });

  it("step halving exhausted: a ConvergenceError with the reason and the last finite estimate", async () => {
    // Every trial point's objective is made non-finite (the start's, the first evaluation, is
    // not), so no halving of the Newton step can be accepted: the optimizer must stop with a
    // reason, not return garbage.
    const fx = loadFixture("sm_fair_logit");
    const options = validateOptions({ family: "bernoulli", optimizer: "newton" });
    const t = await trainer({ family: "bernoulli", optimizer: "newton" });
    const kernels = kernelInstanceOf(t);
    const shape = { rows: fx.X.length, cols: fx.X[0].length };
    const session = new DataSession(kernels, options, fx.X, shape, fx.y, undefined, shape.rows, newton.regions!(shape.rows, shape.cols, options));
    const start = thetaOf(new Float64Array(shape.cols), options.family.interceptStart(fx.y, undefined, 1), shape.cols, 1);
    session.writeParameters(start);
    let calls = 0;
    const broken = new Proxy(session, {
      get(target, property) {
        if (property === "objective") {
          return () => (calls++ === 0 ? target.objective() : Number.POSITIVE_INFINITY);
        }
        const value = Reflect.get(target, property, target);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    const error = thrownBy(() => newton.run(broken, options, undefined));
    expect(error).toBeInstanceOf(ConvergenceError);
    const convergence = error as ConvergenceError;
    expect(convergence.reason).toBe("stepHalving");
    expect(convergence.halvings).toBe(30);
    expect(calls).toBe(1 + 31);
    expect(convergence.iterations).toBe(1);
    expect(Array.from(convergence.lastEstimate.intercept)).toEqual(Array.from(start.slice(shape.cols)));
    expect(Number.isFinite(convergence.lastEstimate.objective)).toBe(true);
    expect(convergence.message).toMatch(/30 step halvings/);
  });

  it("onEpoch sees every iteration and can stop the fit", async () => {
    const fx = loadFixture("sm_fair_logit");
    const seen: number[] = [];
    const fit = (await trainer({ family: "bernoulli" })).fit(fx.X, fx.y, {
      onEpoch: ({ epoch }) => {
        seen.push(epoch);
        return epoch < 3;
      },
    });
    expect(seen).toEqual([1, 2, 3]);
    expect(fit.stopReason).toBe("callback");
  });
});

describe("singular Fisher information is explained, never a silent NaN", () => {
  it("the factor of a gd fit on collinear data names the dependent term and says why", async () => {
    const { X, y } = collinearData("gaussian");
    const options = validateOptions({ family: "gaussian", optimizer: "gd" });
    const t = await trainer({ family: "gaussian", optimizer: "gd" });
    const kernels = kernelInstanceOf(t);
    const session = new DataSession(kernels, options, X, { rows: X.length, cols: 3 }, y, undefined, X.length);
    const factor = informationFactor(session, options, thetaOf([0.3, -0.2, 0.1], [0.5], 3, 1));
    expect(factor.singularTerms).toEqual(["x2"]);
    // The singular term's row and column are zero, like an aliased term's, so no NaN leaks from R itself.
    const P = factor.size;
    for (let k = 0; k < P; k++) {
      expect(factor.fisherR[3 * P + k]).toBe(0);
      expect(factor.fisherR[k * P + 3]).toBe(0);
    }
    expect(Array.from(factor.fisherR).every(Number.isFinite)).toBe(true);
  });
});
