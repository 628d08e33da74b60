// fit.summary() end to end: the trainer's Newton fit, the WASM information factor and the
// inference layer together, against the statsmodels references of test/fixtures (see each file's
// `source`); the options contract; the text table; the summary's lifetime.
import { describe, expect, test } from "vitest";
import { FAMILIES, InvalidOptionError, StaleFitError, Trainer, type FitSummary } from "../dist/index.js";
import { summarize } from "../dist/inference/summary.js";
import { summariseResponse } from "../dist/inference/statistics.js";
import { loadFixture, relativeError, safeLearningRate, syntheticData, type Fixture } from "./helpers/fixtures.js";
import { referenceModel } from "./helpers/reference-qr.js";
import { kernelInstanceOf } from "./helpers/trainers.js";

const RTOL = 1e-6;

async function newtonFit(fx: Fixture, weighted = false, extra: Record<string, unknown> = {}) {
  const trainer = await Trainer.create({
    family: fx.family, classes: fx.n_classes, optimizer: "newton", l2: fx.objective.l2,
    featureNames: fx.feature_names, ...extra,
  });
  const fit = trainer.fit(fx.X, fx.y, weighted ? { sampleWeight: fx.weights } : {});
  return { trainer, fit };
}

function referenceStdErrors(ref: Record<string, any>): number[] {
  if (Array.isArray(ref.intercept_bse)) return (ref.intercept_bse as number[]).flatMap((b, k) => [b, ...(ref.coef_bse as number[][])[k]]);
  return [ref.intercept_bse, ...ref.coef_bse];
}

function referenceEstimates(ref: Record<string, any>): number[] {
  if (Array.isArray(ref.intercept)) return (ref.intercept as number[]).flatMap((b, k) => [b, ...(ref.coef as number[][])[k]]);
  return [ref.intercept, ...ref.coef];
}

const SCALARS: [keyof FitSummary, string][] = [
  ["logLikelihood", "llf"], ["aic", "aic"], ["bic", "bic"], ["deviance", "deviance"], ["nullDeviance", "null_deviance"],
  ["nullLogLikelihood", "llnull"], ["pseudoRSquared", "prsquared"], ["rSquared", "rsquared"],
  ["adjustedRSquared", "rsquared_adj"], ["dispersion", "scale"],
];

describe("fit.summary() after a Newton fit matches statsmodels", () => {
  const cases: [string, boolean][] = [
    ["seed_linear", false], ["sm_stackloss_ols", false], ["sm_fair_logit", false],
    ["sm_synthetic_poisson", false], ["sm_synthetic_poisson", true], ["sm_synthetic_mnlogit", false],
  ];
  for (const [name, weighted] of cases) {
    test(`${name}${weighted ? " (frequency weights)" : ""}: estimates, standard errors and model figures to 1e-6`, async () => {
      const fx = loadFixture(name);
      const ref = weighted ? fx.reference_weighted! : fx.reference;
      const { trainer, fit } = await newtonFit(fx, weighted);
      const s = fit.summary();
      trainer.dispose();
      expect(s.converged).toBe(true);
      const estimates = referenceEstimates(ref);
      const stdErrors = referenceStdErrors(ref);
      expect(s.terms.map((t) => t.term)).toEqual(
        (fx.family === "multinomial" ? [1, 2] : [0]).flatMap(() => ["intercept", ...fx.feature_names]),
      );
      s.terms.forEach((t, i) => {
        expect(relativeError(t.estimate, estimates[i]), `estimate ${t.term}`).toBeLessThan(1e-6);
        expect(relativeError(t.stdError, stdErrors[i]), `stdError ${t.term}`).toBeLessThan(RTOL);
      });
      let checked = 0;
      for (const [field, key] of SCALARS) {
        if (!(key in ref)) continue;
        checked++;
        expect(relativeError(s[field] as number, ref[key]), field).toBeLessThan(RTOL);
      }
      expect(checked).toBeGreaterThanOrEqual(4);
      expect(s.nobs).toBe(fx.X.length);
      expect(s.iterations).toBe(fit.epochs);
      expect(s.logLikelihood).toBe(fit.logLikelihood);
      expect(s.warnings).toEqual([]);
    });
  }

  test("poly_illconditioned (cond ≈ 3e14): standard errors against the exact values (LRE > 6)", async () => {
    const fx = loadFixture("poly_illconditioned");
    const { trainer, fit } = await newtonFit(fx);
    const s = fit.summary();
    trainer.dispose();
    const exact = [fx.reference.intercept_sd, ...fx.reference.coef_sd];
    s.terms.forEach((t, i) => expect(-Math.log10(relativeError(t.stdError, exact[i])), t.term).toBeGreaterThan(6));
  });

  for (const name of ["skl_synthetic_ridge", "skl_wine_logreg_l2", "skl_counts_poisson_l2", "skl_wine_multinomial_l2"]) {
    test(`${name} (penalised): fisher and sandwich standard errors equal the reference factor's at the reference optimum`, async () => {
      const fx = loadFixture(name);
      const { trainer, fit } = await newtonFit(fx);
      const fisher = fit.summary();
      const sandwich = fit.summary({ covariance: "sandwich" });
      trainer.dispose();
      const model = referenceModel(fx);
      const context = {
        family: fx.family, link: FAMILIES[fx.family].link, factor: model.factor,
        response: summariseResponse(fx.family, fx.y, undefined, fx.n_classes ?? 1), dataLoss: model.dataLoss,
        logLikelihood: model.logLikelihood, fitIntercept: true, l2: fx.objective.l2, optimizer: "reference",
        iterations: 0, converged: true, stopReason: "converged",
      };
      const expectedFisher = summarize(context, { level: 0.95, covariance: "fisher" });
      const expectedSandwich = summarize(context, { level: 0.95, covariance: "sandwich" });
      fisher.terms.forEach((t, i) => {
        expect(relativeError(t.stdError, expectedFisher.terms[i].stdError), `fisher ${t.term}`).toBeLessThan(1e-5);
        expect(relativeError(sandwich.terms[i].stdError, expectedSandwich.terms[i].stdError), `sandwich ${t.term}`).toBeLessThan(1e-5);
        expect(sandwich.terms[i].stdError).toBeLessThanOrEqual(t.stdError * (1 + 1e-9));
      });
      expect(relativeError(fisher.logLikelihood, expectedFisher.logLikelihood)).toBeLessThan(1e-8);
      expect(fisher.warnings.some((w) => /Penalised fit/.test(w) && /calibrated/.test(w))).toBe(true);
      expect(fisher.warnings.join(" ")).not.toMatch(/singular/);
      expect(fisher.terms.every((t) => t.reason === null)).toBe(true);
    });
  }
});

describe("summary options, any optimizer, warnings", () => {
  test("bad options throw InvalidOptionError naming the value", async () => {
    const fx = loadFixture("sm_stackloss_ols");
    const { trainer, fit } = await newtonFit(fx);
    expect(() => fit.summary({ level: 1.5 })).toThrow(InvalidOptionError);
    expect(() => fit.summary({ level: 0 })).toThrow(/level/);
    expect(() => fit.summary({ level: Number.NaN })).toThrow(InvalidOptionError);
    expect(() => fit.summary({ covariance: "robust" as never })).toThrow(/covariance.*"robust"/);
    expect(() => fit.summary({ confidence: 0.9 } as never)).toThrow(/confidence/);
    expect(() => fit.summary({ covariance: "sandwich" })).toThrow(/sandwich.*l2 = 0/);
    trainer.dispose();
  });

  test("the level changes the intervals, not the standard errors", async () => {
    const fx = loadFixture("sm_fair_logit");
    const { trainer, fit } = await newtonFit(fx);
    const s95 = fit.summary({ level: 0.95 });
    const s80 = fit.summary({ level: 0.8 });
    trainer.dispose();
    s95.terms.forEach((t, i) => {
      expect(s80.terms[i].stdError).toBe(t.stdError);
      // Φ⁻¹(0.9) = 1.2815515655446004 (scipy 1.17.1 norm.ppf)
      expect(relativeError(s80.terms[i].ciUpper - t.estimate, 1.2815515655446004 * t.stdError)).toBeLessThan(1e-9);
    });
    expect(s80.text).toContain("[0.1");
    expect(s80.text).toContain("0.9]");
  });

  test("a gradient-descent fit has a summary too, close to Newton's at its optimum", async () => {
    const fx = loadFixture("seed_linear");
    const trainer = await Trainer.create({ family: "gaussian", optimizer: "gd", learningRate: safeLearningRate(fx), epochs: 500_000, tolerance: 1e-14 });
    const fit = trainer.fit(fx.X, fx.y);
    const s = fit.summary();
    trainer.dispose();
    expect(s.optimizer).toBe("gd");
    expect(s.terms.map((t) => t.term)).toEqual(["intercept", "x0"]); // default feature names
    const expected = referenceStdErrors(fx.reference);
    s.terms.forEach((t, i) => expect(relativeError(t.stdError, expected[i])).toBeLessThan(1e-5));
  });

  test("a fit stopped early carries a non-convergence warning (and still reports numbers)", async () => {
    const fx = loadFixture("sm_fair_logit");
    const { trainer, fit } = await newtonFit(fx, false, { maxIterations: 1 });
    const s = fit.summary();
    trainer.dispose();
    expect(s.converged).toBe(false);
    expect(s.warnings.join(" ")).toMatch(/did not converge/);
    expect(s.text).toMatch(/Converged:\s+no/);
    for (const t of s.terms) expect(Number.isFinite(t.stdError)).toBe(true);
  });

  test('collinear: "drop" — the dropped term has no standard error and a reason; the rest equal the reduced model', async () => {
    const fx = loadFixture("sm_stackloss_ols");
    const X = fx.X.map((r) => [...r, r[0] + r[1]]);
    const trainer = await Trainer.create({ family: "gaussian", optimizer: "newton", collinear: "drop", featureNames: [...fx.feature_names, "SUM"] });
    const s = trainer.fit(X, fx.y).summary();
    trainer.dispose();
    const dropped = s.terms.find((t) => t.term === "SUM")!;
    expect(dropped.stdError).toBeNaN();
    expect(dropped.reason).toBe("aliased (dropped as collinear)");
    expect(s.warnings.join(" ")).toMatch(/SUM/);
    const expected = referenceStdErrors(fx.reference);
    s.terms.slice(0, 4).forEach((t, i) => expect(relativeError(t.stdError, expected[i])).toBeLessThan(RTOL));
    expect(relativeError(s.aic, fx.reference.aic)).toBeLessThan(RTOL);
  });
});

describe("properties", () => {
  for (const family of ["gaussian", "poisson", "multinomial"] as const) {
    test(`${family}: integer sample weights give the summary of the data with rows repeated (frequency weights)`, async () => {
      const { X, y } = syntheticData(family, 120, 3, 7);
      const weights = X.map((_, i) => 1 + (i % 3));
      const repeatedX = X.flatMap((row, i) => Array.from({ length: weights[i] }, () => row));
      const repeatedY = y.flatMap((v, i) => Array.from({ length: weights[i] }, () => v));
      const options = { family, classes: family === "multinomial" ? 3 : undefined, optimizer: "newton" as const, tolerance: 1e-12 };
      const trainer = await Trainer.create(options);
      const weighted = trainer.fit(X, y, { sampleWeight: weights }).summary();
      const repeated = trainer.fit(repeatedX, repeatedY).summary();
      trainer.dispose();
      expect(weighted.nobs).toBe(120);
      expect(weighted.weightTotal).toBe(repeated.nobs);
      expect(weighted.dfResidual).toBe(repeated.dfResidual);
      weighted.terms.forEach((t, i) => {
        expect(relativeError(t.stdError, repeated.terms[i].stdError), t.term).toBeLessThan(1e-7);
        expect(relativeError(t.pValue, repeated.terms[i].pValue), t.term).toBeLessThan(1e-5);
      });
      for (const key of ["logLikelihood", "deviance", "nullDeviance", "aic", "bic", "dispersion"] as const) {
        expect(relativeError(weighted[key], repeated[key]), key).toBeLessThan(1e-8);
      }
    });
  }

  test("without an intercept: the reference factor's standard errors, and R² uncentred (as OLS)", async () => {
    const fx = loadFixture("sm_stackloss_ols");
    const { trainer, fit } = await newtonFit(fx, false, { fitIntercept: false });
    const s = fit.summary();
    trainer.dispose();
    expect(s.terms.map((t) => t.term)).toEqual(fx.feature_names);
    const noIntercept = { ...fx, fit_intercept: false, reference: { ...fx.reference, intercept: 0, coef: Array.from(fit.coefficients) } };
    const model = referenceModel(noIntercept);
    const expected = summarize({
      family: "gaussian", link: "identity", factor: model.factor, response: summariseResponse("gaussian", fx.y, undefined, 1),
      dataLoss: model.dataLoss, logLikelihood: model.logLikelihood, fitIntercept: false, l2: 0, optimizer: "reference",
      iterations: 0, converged: true, stopReason: "converged",
    }, { level: 0.95, covariance: "fisher" });
    s.terms.forEach((t, i) => expect(relativeError(t.stdError, expected.terms[i].stdError)).toBeLessThan(1e-9));
    const rss = 2 * model.dataLoss;
    const sumOfSquares = fx.y.reduce((a, v) => a + v * v, 0);
    expect(relativeError(s.rSquared!, 1 - rss / sumOfSquares)).toBeLessThan(1e-9);
    expect(relativeError(s.adjustedRSquared!, 1 - (21 / 18) * (rss / sumOfSquares))).toBeLessThan(1e-9);
    expect(s.dfResidual).toBe(18);
    expect(s.dfModel).toBe(3);
  });

  test("float32 storage: the summary is computed in f64 from the f32-rounded data, close to the f64 one", async () => {
    const fx = loadFixture("sm_fair_logit");
    const { trainer, fit } = await newtonFit(fx, false, { dtype: "float32" });
    const s = fit.summary();
    trainer.dispose();
    const expected = referenceStdErrors(fx.reference);
    s.terms.forEach((t, i) => expect(relativeError(t.stdError, expected[i])).toBeLessThan(1e-4));
    expect(relativeError(s.logLikelihood, fx.reference.llf)).toBeLessThan(1e-5);
  });
});

describe("the summary's lifetime", () => {
  test("a later fit() or dispose() makes summary() throw StaleFitError; results already taken stay valid", async () => {
    const fx = loadFixture("sm_stackloss_ols");
    const { trainer, fit } = await newtonFit(fx);
    const before = fit.summary();
    const second = trainer.fit(fx.X, fx.y);
    expect(() => fit.summary()).toThrow(StaleFitError);
    expect(() => fit.summary()).toThrow(/fit\(\) was called again/);
    expect(second.summary().terms[1].stdError).toBe(before.terms[1].stdError);
    trainer.dispose();
    expect(() => second.summary()).toThrow(/dispose\(\) was called/);
    expect(before.terms[0].stdError).toBeGreaterThan(0);
  });

  test("predict() and evaluate() between fit and summary() leave the summary intact", async () => {
    const fx = loadFixture("sm_fair_logit");
    const { trainer, fit } = await newtonFit(fx);
    const reference = referenceStdErrors(fx.reference);
    // other data, laid out where the fit's X and y would be if predict/evaluate reused the fit's memory
    const other = fx.X.map((row) => row.map((x) => 3 * x + 1));
    trainer.evaluate(other.slice(0, 700), fx.y.slice(0, 700).map((v) => 1 - v), fit.coefficients, fit.intercept);
    trainer.predict(other);
    const s = fit.summary();
    trainer.dispose();
    s.terms.forEach((t, i) => expect(relativeError(t.stdError, reference[i])).toBeLessThan(RTOL));
  });

  test("when predict() only fits in memory by reusing the fit's space, it does, and summary() says why it is gone", async () => {
    const fx = loadFixture("sm_stackloss_ols");
    const { trainer, fit } = await newtonFit(fx);
    const memory = kernelInstanceOf(trainer).memory;
    // a host that refuses to grow memory: only the space the fit used is available
    Object.defineProperty(memory, "grow", { value: () => { throw new RangeError("refused"); }, configurable: true });
    // more rows than the slack left in the fit's last page, so predict() cannot lay out beside the fit
    const rows = Array.from({ length: 1500 }, (_, i) => fx.X[i % fx.X.length]); // 48 kB: fits in the memory, not after the fit
    const predictions = trainer.predict(rows);
    delete (memory as unknown as { grow?: unknown }).grow;
    rows.forEach((row, i) => {
      const eta = fit.intercept[0] + row.reduce((sum, x, j) => sum + x * fit.coefficients[j], 0);
      expect(predictions[i]).toBeCloseTo(eta, 9);
    });
    expect(() => fit.summary()).toThrow(StaleFitError);
    expect(() => fit.summary()).toThrow(/predict\(\) needed its memory/);
    trainer.dispose();
  });
});

describe("the text table", () => {
  test("gaussian: the OLS header fields, t columns and every term", async () => {
    const fx = loadFixture("sm_stackloss_ols");
    const { trainer, fit } = await newtonFit(fx);
    const { text } = fit.summary();
    trainer.dispose();
    for (const field of ["Family:", "gaussian", "Link:", "identity", "Optimizer:", "newton", "No. Observations:", "Df Residuals:",
      "Df Model:", "Log-Likelihood:", "Deviance:", "Null deviance:", "AIC:", "BIC:", "R-squared:", "Adj. R-squared:",
      "Dispersion:", "Converged:", "Iterations:", "coef", "std err", "P>|t|", "[0.025", "0.975]"]) {
      expect(text).toContain(field);
    }
    for (const term of ["intercept", ...fx.feature_names]) expect(text).toMatch(new RegExp(`^${term}\\s+-?\\d`, "m"));
    expect(text).toMatch(/Df Residuals:\s+17\b/);
    expect(text).toMatch(/AIC:\s+112\.5755/);
    expect(text).toMatch(/^intercept\s+-39\.9197\s+11\.8960\s+-3\.356\s+0\.004\s+-65\.0180\s+-14\.8213$/m);
    expect(text).not.toContain("Warnings:");
  });

  test("multinomial: one block per class with z columns and the pseudo R²", async () => {
    const fx = loadFixture("sm_synthetic_mnlogit");
    const { trainer, fit } = await newtonFit(fx);
    const { text } = fit.summary();
    trainer.dispose();
    expect(text).toMatch(/^class 1\s+coef\s+std err\s+z\s+P>\|z\|/m);
    expect(text).toMatch(/^class 2\s+coef/m);
    expect(text).toContain("Pseudo R-squ. (McFadden):");
    expect(text).toMatch(/Baseline form/);
  });

  test("penalised: the warning about calibration is printed", async () => {
    const fx = loadFixture("skl_wine_logreg_l2");
    const { trainer, fit } = await newtonFit(fx);
    const { text } = fit.summary({ covariance: "sandwich" });
    trainer.dispose();
    expect(text).toContain("Warnings:");
    expect(text).toMatch(/calibrated/);
    expect(text).toMatch(/Covariance:\s+sandwich/);
    for (const term of fx.feature_names) expect(text).toContain(term);
  });
});
