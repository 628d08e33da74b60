// summary() where a figure is undefined, as statsmodels' OLS leaves it (nan) and this library says
// why instead: no residual degrees of freedom (W ≤ k, frequency weights make W fractional), a
// constant y (no variation for R² to explain). Each undefined figure is null or NaN with a reason,
// and the figures that are defined keep their values.
import { describe, expect, it } from "vitest";
import { disposingTrainers } from "../helpers/trainers.js";

const trainer = disposingTrainers({ family: "gaussian", optimizer: "newton" });

describe("gaussian summaries without residual degrees of freedom", () => {
  it("W − k < 0 (weights summing to 1.5 for 2 parameters): every standard error undefined, with the reason", async () => {
    const t = await trainer({});
    const fit = t.fit([[0], [1], [3]], [1, 2.5, 3], { sampleWeight: [0.5, 0.5, 0.5] });
    const s = fit.summary();
    expect(s.weightTotal).toBe(1.5);
    expect(s.dfResidual).toBe(-0.5);
    expect(s.parameterCount).toBe(2);
    expect(s.adjustedRSquared).toBeNull();
    expect(s.rSquared).not.toBeNull();
    expect(s.warnings.some((w) => w.startsWith("No residual degrees of freedom (W − k = -0.5)"))).toBe(true);
    for (const term of s.terms) {
      expect(term.reason, term.term).toBe("no residual degrees of freedom");
      expect([term.stdError, term.statistic, term.pValue, term.ciLower, term.ciUpper].every(Number.isNaN), term.term).toBe(true);
      expect(Number.isFinite(term.estimate)).toBe(true);
    }
    expect(Array.from(s.covarianceMatrix).every(Number.isNaN)).toBe(true);
    expect(s.text).toMatch(/no residual degrees of freedom/);
  });

  it("W − k = 0 exactly: the same, and R² still 1 − RSS/TSS", async () => {
    const t = await trainer({});
    const s = t.fit([[0], [2]], [1, 5]).summary();
    expect(s.dfResidual).toBe(0);
    expect(s.adjustedRSquared).toBeNull();
    expect(s.rSquared).toBeCloseTo(1, 12);
    expect(s.terms.every((term) => term.reason === "no residual degrees of freedom")).toBe(true);
  });

  it("one residual degree of freedom is enough: standard errors are numbers, adjusted R² is defined", async () => {
    const t = await trainer({});
    const s = t.fit([[0], [1], [3]], [1, 2.5, 3]).summary();
    expect(s.dfResidual).toBe(1);
    expect(s.warnings.some((w) => w.startsWith("No residual degrees"))).toBe(false);
    expect(s.terms.every((term) => term.reason === null && term.stdError > 0)).toBe(true);
    // OLS by hand: x̄ = 4/3, ȳ = 13/6, Sxx = 14/3, Sxy = 11.5 − 3·x̄·ȳ, RSS = Syy − Sxy²/Sxx
    const syy = 1 + 6.25 + 9 - 3 * (6.5 / 3) ** 2;
    const sxy = 11.5 - 3 * (4 / 3) * (6.5 / 3);
    const rss = syy - (sxy * sxy) / (14 / 3);
    expect(s.rSquared).toBeCloseTo(1 - rss / syy, 12);
    expect(s.adjustedRSquared).toBeCloseTo(1 - ((3 - 1) / 1) * (rss / syy), 12);
    expect(s.dispersion).toBeCloseTo(rss / 1, 12);
  });
});

describe("a constant y", () => {
  it("with an intercept: R² and adjusted R² are null (n/a in the table), not 0/0", async () => {
    const t = await trainer({});
    const s = t.fit([[0.5], [1], [3], [4]], [2, 2, 2, 2]).summary();
    expect(s.rSquared).toBeNull();
    expect(s.adjustedRSquared).toBeNull();
    expect(s.pseudoRSquared).toBeNull();
    expect(s.nullDeviance).toBe(0);
    expect(s.text).toMatch(/R-squared: +n\/a/);
  });

  it("without an intercept the total sum of squares is about 0, so R² is defined", async () => {
    const t = await trainer({ fitIntercept: false });
    const s = t.fit([[0.5], [1], [3], [4]], [2, 2, 2, 2.5]).summary();
    // y = w·x through the origin: w = Σxy/Σx², RSS = Σy² − (Σxy)²/Σx², TSS uncentred = Σy²
    const sxy = 1 + 2 + 6 + 10;
    const sxx = 0.25 + 1 + 9 + 16;
    const syy = 4 + 4 + 4 + 6.25;
    expect(s.rSquared).toBeCloseTo(1 - (syy - (sxy * sxy) / sxx) / syy, 12);
    expect(s.adjustedRSquared).toBeCloseTo(1 - (4 / 3) * ((syy - (sxy * sxy) / sxx) / syy), 12);
    expect(s.dfModel).toBe(1);
  });
});

describe("the null model of a multinomial fit without an intercept", () => {
  it("a class absent from y adds 0·log 0 = 0 to ℓ₀ = Σ n_c·log(n_c/W), not NaN", async () => {
    const t = await trainer({ family: "multinomial", classes: 3, fitIntercept: false, l2: 0.5 });
    const X = [[0.5, 1], [1, -0.5], [-1, 0.25], [2, 1.5], [-0.5, -1], [1.5, 0.5]];
    const y = [0, 1, 1, 0, 1, 1];
    const weights = [1, 2, 1, 0.5, 1, 1];
    const s = t.fit(X, y, { sampleWeight: weights }).summary();
    const n0 = 1.5;
    const n1 = 5;
    const W = 6.5;
    expect(s.nullLogLikelihood).toBeCloseTo(n0 * Math.log(n0 / W) + n1 * Math.log(n1 / W), 12);
    expect(s.nullDeviance).toBeCloseTo(-2 * s.nullLogLikelihood, 12);
    expect(s.pseudoRSquared).toBeCloseTo(1 - s.logLikelihood / s.nullLogLikelihood, 12);
    expect(s.bic).toBeCloseTo(-2 * s.logLikelihood + s.parameterCount * Math.log(W), 12);
  });
});

describe("the warning for terms without information", () => {
  const X: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < 30; i++) {
    const a = Math.sin(i);
    const b = Math.cos(3 * i);
    X.push([a, b, a + b, a - b]);
    y.push(1 + a - 2 * b + 0.1 * Math.sin(7 * i));
  }
  const causes = 'undefined. Causes: (nearly) collinear or constant columns (collinear: "drop" removes exact ones), fitted probabilities or ' +
    "means of 0 or 1 (separation), or a class that never occurs.";

  it("names one term in the singular, several in the plural, and lists the causes", async () => {
    const t = await trainer({ optimizer: "lbfgs" });
    const one = t.fit(X.map((row) => row.slice(0, 3)), y).summary();
    expect(one.warnings).toEqual([`The Fisher information is singular at the estimates: x2 carries no information beyond the earlier terms, so its standard error is ${causes}`]);
    expect(one.terms[3].reason).toBe("no information beyond the earlier terms (singular information)");
    const two = t.fit(X, y).summary();
    expect(two.warnings).toEqual([`The Fisher information is singular at the estimates: x2, x3 carry no information beyond the earlier terms, so their standard errors are ${causes}`]);
    expect(two.terms.filter((term) => term.reason !== null).map((term) => term.term)).toEqual(["x2", "x3"]);
  });
});
