// The inference layer (statistics, covariance, summary) against the reference fixtures
// (statsmodels OLS / GLM / Logit / MNLogit; see test/fixtures/*.json `source`), fed with an
// information factor built by a plain-TS Householder QR (test/helpers/reference-qr.ts) at the
// reference parameters, so the layer is checked independently of the WASM QR.
import { describe, expect, test } from "vitest";
import { FAMILIES } from "../dist/index.js";
import { summarize, type FitSummary, type SummaryContext } from "../dist/inference/summary.js";
import { summariseResponse, twoSidedPValue, criticalValue } from "../dist/inference/statistics.js";
import { inverseCovariance, sandwichCovariance, upperTriangularInverse } from "../dist/inference/covariance.js";
import { loadFixture, relativeError, type Fixture } from "./helpers/fixtures.js";
import { gaussJordanInverse, gram, multiply, referenceModel, type ReferenceOptions } from "./helpers/reference-qr.js";

const RTOL = 1e-6;

function referenceContext(fx: Fixture, options: ReferenceOptions = {}): SummaryContext {
  const model = referenceModel(fx, options);
  const weights = options.block === "reference_weighted" ? fx.weights : undefined;
  return {
    family: fx.family,
    link: FAMILIES[fx.family].link,
    factor: model.factor,
    response: summariseResponse(fx.family, fx.y, weights, fx.n_classes ?? 1),
    dataLoss: model.dataLoss,
    logLikelihood: model.logLikelihood,
    fitIntercept: fx.fit_intercept,
    l2: fx.objective.l2,
    optimizer: "reference",
    iterations: 0,
    converged: true,
    stopReason: "converged",
  };
}

function summaryOf(fx: Fixture, options: ReferenceOptions = {}, level = 0.95, covariance: "fisher" | "sandwich" = "fisher"): FitSummary {
  return summarize(referenceContext(fx, options), { level, covariance });
}

/** The reference standard errors in term order: per output block, [intercept, x0 …]. */
function referenceStdErrors(ref: Record<string, any>): number[] {
  if (Array.isArray(ref.intercept_bse)) {
    return (ref.intercept_bse as number[]).flatMap((b, k) => [b, ...(ref.coef_bse as number[][])[k]]);
  }
  return [ref.intercept_bse, ...ref.coef_bse];
}

const SCALARS: [keyof FitSummary, string][] = [
  ["logLikelihood", "llf"],
  ["aic", "aic"],
  ["bic", "bic"],
  ["deviance", "deviance"],
  ["nullDeviance", "null_deviance"],
  ["nullLogLikelihood", "llnull"],
  ["pseudoRSquared", "prsquared"],
  ["rSquared", "rsquared"],
  ["adjustedRSquared", "rsquared_adj"],
  ["dispersion", "scale"],
];

const CASES: { fixture: string; block?: "reference" | "reference_weighted"; expectScalars: string[] }[] = [
  { fixture: "seed_linear", expectScalars: ["llf", "aic", "bic", "rsquared", "rsquared_adj", "scale"] },
  { fixture: "sm_stackloss_ols", expectScalars: ["llf", "aic", "bic", "rsquared", "rsquared_adj", "scale"] },
  { fixture: "sm_fair_logit", expectScalars: ["llf", "aic", "bic", "llnull", "prsquared", "scale"] },
  { fixture: "sm_synthetic_poisson", expectScalars: ["llf", "aic", "bic", "deviance", "null_deviance", "llnull", "scale"] },
  { fixture: "sm_synthetic_poisson", block: "reference_weighted", expectScalars: ["llf", "aic", "bic", "deviance", "null_deviance", "llnull", "scale"] },
  { fixture: "sm_synthetic_mnlogit", expectScalars: ["llf", "aic", "bic", "llnull", "prsquared", "scale"] },
];

describe("summary at the reference parameters matches statsmodels (reference QR factor)", () => {
  for (const { fixture, block, expectScalars } of CASES) {
    const label = `${fixture}${block ? ` (${block})` : ""}`;
    test(`${label}: standard errors to 1e-6 relative`, () => {
      const fx = loadFixture(fixture);
      const ref = fx[block ?? "reference"]!;
      const s = summaryOf(fx, { block });
      const expected = referenceStdErrors(ref);
      expect(s.terms.length).toBe(expected.length);
      s.terms.forEach((t, i) => {
        expect(t.reason).toBeNull();
        expect(relativeError(t.stdError, expected[i])).toBeLessThan(RTOL);
      });
    });

    test(`${label}: ${expectScalars.join(", ")} to 1e-6 relative`, () => {
      const fx = loadFixture(fixture);
      const ref = fx[block ?? "reference"]!;
      const s = summaryOf(fx, { block });
      let checked = 0;
      for (const [field, key] of SCALARS) {
        if (!(key in ref)) continue;
        checked++;
        expect(relativeError(s[field] as number, ref[key]), `${field} vs ${key}`).toBeLessThan(RTOL);
      }
      expect(checked).toBe(expectScalars.length);
      expect(s.nobs).toBe(fx.X.length); // statsmodels nobs counts rows; BIC's n is W (checked above)
    });
  }

  test("sm_synthetic_poisson weighted: BIC uses n = Σ weights (1012), as statsmodels bic_llf with freq_weights", () => {
    const fx = loadFixture("sm_synthetic_poisson");
    const s = summaryOf(fx, { block: "reference_weighted" });
    expect(s.weightTotal).toBe(1012);
    expect(s.dfResidual).toBe(1012 - 5);
    expect(relativeError(s.bic, -2 * s.logLikelihood + 5 * Math.log(1012))).toBeLessThan(1e-14);
  });

  test("gaussian: degrees of freedom, t statistics and the OLS-style table fields", () => {
    const fx = loadFixture("sm_stackloss_ols");
    const s = summaryOf(fx);
    expect(s.statisticName).toBe("t");
    expect(s.dfResidual).toBe(17);
    expect(s.dfModel).toBe(3);
    expect(s.parameterCount).toBe(4);
    expect(relativeError(s.deviance, fx.reference.rss)).toBeLessThan(RTOL);
  });

  test("poly_illconditioned (cond ≈ 3e14): standard errors against the exact 100-digit values", () => {
    const fx = loadFixture("poly_illconditioned");
    const s = summaryOf(fx);
    const exact = [fx.reference.intercept_sd, ...fx.reference.coef_sd];
    // Householder QR is backward stable; its coefficients reach LRE ≈ 8.6 here (see the fixture).
    s.terms.forEach((t, i) => expect(-Math.log10(relativeError(t.stdError, exact[i]))).toBeGreaterThan(6));
    expect(relativeError(s.deviance, fx.reference.rss)).toBeLessThan(1e-6);
  });
});

describe("p-values and confidence intervals against independently computed values (scipy 1.17.1)", () => {
  test("distribution helpers", () => {
    expect(relativeError(twoSidedPValue(1.96, null), 0.04999579029644087)).toBeLessThan(1e-12);
    expect(relativeError(twoSidedPValue(-1.96, null), 0.04999579029644087)).toBeLessThan(1e-12);
    expect(relativeError(twoSidedPValue(9.0, null), 2.2571768119076647e-19)).toBeLessThan(1e-10);
    expect(relativeError(twoSidedPValue(2.0, 10), 0.07338803477074037)).toBeLessThan(1e-10);
    expect(relativeError(twoSidedPValue(5.3, 17), 5.878501421167408e-05)).toBeLessThan(1e-9);
    expect(relativeError(criticalValue(0.95, null), 1.959963984540054)).toBeLessThan(1e-12);
    expect(relativeError(criticalValue(0.95, 17), 2.1098155778333156)).toBeLessThan(1e-10);
    expect(relativeError(criticalValue(0.9, 98), 1.660551217065733)).toBeLessThan(1e-10);
  });

  test("sm_stackloss_ols: t-test p-values and 95% / 90% intervals with 17 df", () => {
    const fx = loadFixture("sm_stackloss_ols");
    // scipy: 2·t.sf(|coef/bse|, 17), coef ∓ t.ppf(0.975, 17)·bse, coef + t.ppf(0.95, 17)·bse
    const pValues = [0.0037503068322601845, 5.7990247242527076e-05, 0.002630054396488982, 0.34404609669643565];
    const lower95 = [-65.01803388946932, 0.43111430022418745, 0.5188227964955604, -0.4818741263171472];
    const upper90 = [-19.225318285375412, 0.9502404067957692, 1.935503611615804, 0.11976764973211684];
    const s95 = summaryOf(fx, {}, 0.95);
    const s90 = summaryOf(fx, {}, 0.9);
    s95.terms.forEach((t, i) => {
      expect(relativeError(t.pValue, pValues[i])).toBeLessThan(1e-5);
      expect(relativeError(t.ciLower, lower95[i])).toBeLessThan(1e-6);
      expect(t.statistic).toBeCloseTo(t.estimate / t.stdError, 12);
      expect(relativeError(s90.terms[i].ciUpper, upper90[i])).toBeLessThan(1e-6);
    });
  });

  test("sm_fair_logit: z-test p-values and 95% / 99% intervals", () => {
    const fx = loadFixture("sm_fair_logit");
    const pValues = [4.811446042523712e-11, 1.0767622253704795e-24, 0.13526075550814884, 0.002018954475753122, 0.6195057608192133, 2.8629518800548018e-08, 0.049791750800485125];
    const lower95 = [3.461953228323023, -0.9653391097954855, -0.08247841571616688, 0.02913013377917316, -0.1128551129112061, -0.6700494895521376, -0.14361554869276433];
    const lower99 = [3.0001297627313095, -1.0139940301860677, -0.09718626606556816, 0.013218131131480307, -0.1603492568940803, -0.7250006529895396, -0.16616891840404185];
    const s95 = summaryOf(fx);
    const s99 = summaryOf(fx, {}, 0.99);
    expect(s95.statisticName).toBe("z");
    s95.terms.forEach((t, i) => {
      expect(relativeError(t.pValue, pValues[i])).toBeLessThan(1e-5);
      expect(relativeError(t.ciLower, lower95[i])).toBeLessThan(1e-6);
      expect(relativeError(s99.terms[i].ciLower, lower99[i])).toBeLessThan(1e-6);
    });
  });
});

describe("covariance from triangular factors", () => {
  test("upperTriangularInverse is the inverse", () => {
    const R = Float64Array.of(2, -1, 3, 0, 0.5, 4, 0, 0, -3);
    const inv = upperTriangularInverse(R, 3);
    const product = multiply(R, inv, 3, 3, 3);
    product.forEach((v, k) => expect(v).toBeCloseTo(k % 4 === 0 ? 1 : 0, 14));
  });

  for (const name of ["skl_synthetic_ridge", "skl_wine_logreg_l2", "skl_counts_poisson_l2"]) {
    test(`${name}: fisher = H⁻¹ and sandwich = H⁻¹·I·H⁻¹ against dense Gauss–Jordan inverses`, () => {
      const fx = loadFixture(name);
      const { factor } = referenceModel(fx);
      const p = factor.size;
      const request = { size: p, candidates: Array.from({ length: p }, (_, i) => i), centredIntercepts: null };
      const H = gram(factor.penalizedR!, p);
      const I = gram(factor.fisherR, p);
      const Hinv = gaussJordanInverse(H, p);
      const sandwichDense = multiply(multiply(Hinv, I, p, p, p), Hinv, p, p, p);
      const fisher = inverseCovariance(factor.penalizedR!, request);
      const sandwich = sandwichCovariance(factor.penalizedR!, factor.fisherR, request);
      expect(fisher.singular).toEqual([]);
      expect(sandwich.estimated.length).toBe(p);
      for (let k = 0; k < p * p; k++) {
        const scale = Math.sqrt(Math.abs(Hinv[Math.floor(k / p) * (p + 1)] * Hinv[(k % p) * (p + 1)]));
        expect(Math.abs(fisher.matrix[k] - Hinv[k]) / scale).toBeLessThan(1e-9);
        expect(Math.abs(sandwich.matrix[k] - sandwichDense[k]) / scale).toBeLessThan(1e-9);
      }
      // the penalty only adds curvature, so the sandwich is never wider than the posterior covariance
      for (let i = 0; i < p; i++) expect(sandwich.matrix[i * (p + 1)]).toBeLessThanOrEqual(fisher.matrix[i * (p + 1)] * (1 + 1e-12));
    });
  }

  test("skl_wine_multinomial_l2 (symmetric form): covariance under Σ intercepts = 0 equals C(CᵀHC)⁻¹Cᵀ", () => {
    const fx = loadFixture("skl_wine_multinomial_l2");
    const s = summaryOf(fx);
    const { factor } = referenceModel(fx);
    const p = factor.size;
    const K = 3;
    const perBlock = p / K;
    // C: a basis of the constrained space — every parameter free except the last class's intercept,
    // which is minus the sum of the other intercepts.
    const q = p - 1;
    const C = new Float64Array(p * q);
    const lastIntercept = (K - 1) * perBlock;
    let column = 0;
    for (let i = 0; i < p; i++) {
      if (i === lastIntercept) continue;
      C[i * q + column] = 1;
      if (i % perBlock === 0) C[lastIntercept * q + column] = -1;
      column++;
    }
    const H = gram(factor.penalizedR!, p);
    const Ct = new Float64Array(q * p);
    for (let i = 0; i < p; i++) for (let j = 0; j < q; j++) Ct[j * p + i] = C[i * q + j];
    const reduced = gaussJordanInverse(multiply(multiply(Ct, H, q, p, p), C, q, p, q), q);
    const expected = multiply(multiply(C, reduced, p, q, q), Ct, p, q, p);
    for (let i = 0; i < p; i++) {
      expect(relativeError(s.terms[i].stdError, Math.sqrt(expected[i * (p + 1)]))).toBeLessThan(1e-8);
    }
    expect(s.parameterCount).toBe(p - 1);
    expect(s.notes.join(" ")).toMatch(/centred/);
  });
});

describe("model statistics on penalised fixtures (checked by direct formulas)", () => {
  test("skl_counts_poisson_l2: deviance = 2Σ(y log(y/μ) − (y − μ)); llf from the objective", () => {
    const fx = loadFixture("skl_counts_poisson_l2");
    const model = referenceModel(fx);
    const s = summaryOf(fx);
    let deviance = 0;
    fx.y.forEach((y, i) => {
      const mu = model.mean![i];
      deviance += 2 * ((y > 0 ? y * Math.log(y / mu) : 0) - (y - mu));
    });
    expect(relativeError(s.deviance, deviance)).toBeLessThan(1e-9);
    const penalty = 0.5 * fx.objective.l2 * (fx.reference.coef as number[]).reduce((a, w) => a + w * w, 0);
    expect(relativeError(model.dataLoss / fx.n, fx.objective.value_at_reference - penalty)).toBeLessThan(1e-9);
    expect(s.warnings.some((w) => /Penalised fit/.test(w) && /calibrated/.test(w))).toBe(true);
  });

  test("skl_synthetic_ridge: R² = 1 − RSS/TSS, dispersion RSS/(n − p), t with n − p df", () => {
    const fx = loadFixture("skl_synthetic_ridge");
    const model = referenceModel(fx);
    const s = summaryOf(fx);
    const mean = fx.y.reduce((a, v) => a + v, 0) / fx.n;
    const tss = fx.y.reduce((a, v) => a + (v - mean) ** 2, 0);
    const rss = fx.y.reduce((a, v, i) => a + (v - model.mean![i]) ** 2, 0);
    expect(relativeError(s.rSquared!, 1 - rss / tss)).toBeLessThan(1e-9);
    expect(relativeError(s.adjustedRSquared!, 1 - ((rss / tss) * (fx.n - 1)) / (fx.n - 9))).toBeLessThan(1e-9);
    expect(relativeError(s.dispersion, rss / (fx.n - 9))).toBeLessThan(1e-9);
    expect(s.statisticName).toBe("t");
    const sandwich = summaryOf(fx, {}, 0.95, "sandwich");
    expect(sandwich.covariance).toBe("sandwich");
    sandwich.terms.forEach((t, i) => expect(t.stdError).toBeLessThanOrEqual(s.terms[i].stdError * (1 + 1e-12)));
  });
});

describe("aliased terms and singular information", () => {
  test("an aliased column gets NaN with a stated reason; the others equal the fit without it", () => {
    const fx = loadFixture("sm_stackloss_ols");
    const s = summaryOf(fx, { aliasedFeatures: [2] });
    const dropped = s.terms.find((t) => t.term === "ACIDCONC")!;
    expect(dropped.stdError).toBeNaN();
    expect(dropped.reason).toBe("aliased (dropped as collinear)");
    expect(s.parameterCount).toBe(3);
    expect(s.warnings.join(" ")).toMatch(/ACIDCONC/);
    // the same model written without that column
    const reduced = { ...fx, X: fx.X.map((r) => r.slice(0, 2)), feature_names: fx.feature_names.slice(0, 2), reference: { ...fx.reference, coef: fx.reference.coef.slice(0, 2) } };
    const s2 = summaryOf(reduced);
    s2.terms.forEach((t, i) => expect(relativeError(s.terms[i].stdError, t.stdError)).toBeLessThan(1e-12));
    expect(s.text).toMatch(/ACIDCONC.*nan.*aliased/);
  });

  test("a column that duplicates another gets NaN with a reason and a warning; the others are the reduced model's", () => {
    const fx = loadFixture("seed_linear");
    const twin = { ...fx, X: fx.X.map((r) => [r[0], 2 * r[0]]), feature_names: ["x", "2x"], reference: { ...fx.reference, coef: [fx.reference.coef[0], 0] } };
    const s = summaryOf(twin);
    const reference = summaryOf(fx);
    expect(s.terms[2].stdError).toBeNaN();
    expect(s.terms[2].reason).toMatch(/singular/);
    for (const i of [0, 1]) expect(relativeError(s.terms[i].stdError, reference.terms[i].stdError)).toBeLessThan(1e-9);
    expect(s.parameterCount).toBe(2);
    expect(s.warnings.join(" ")).toMatch(/2x carries no information/);
  });

  test("terms the factor reports as singular are left out like aliased ones, with the singular reason", () => {
    const fx = loadFixture("sm_stackloss_ols");
    const context = referenceContext(fx, { aliasedFeatures: [2] });
    const factor = { ...context.factor, aliased: context.factor.aliased.map(() => false), singularTerms: ["ACIDCONC"] };
    const s = summarize({ ...context, factor }, { level: 0.95, covariance: "fisher" });
    expect(s.terms[3].reason).toMatch(/singular/);
    expect(s.terms.slice(0, 3).every((t) => Number.isFinite(t.stdError))).toBe(true);
  });
});
