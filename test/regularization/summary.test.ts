// summary() of an L1 fit: the estimates with the selected terms and the zeros, model figures with
// k = the non-zero terms, and no standard errors, statistics or p-values, saying why.
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { InvalidOptionError } from "../../dist/index.js";
import { disposingTrainers } from "../helpers/trainers.js";

const skl = JSON.parse(readFileSync(new URL("../fixtures/skl_enet.json", import.meta.url), "utf8")) as { X: number[][]; y: number[] };
const trainer = disposingTrainers({});

describe("summary() of an L1 fit", () => {
  it("lists selected terms and zeros, prints no p-values and says why", async () => {
    const featureNames = skl.X[0].map((_, j) => `f${j}`);
    const t = await trainer({ l1: 0.3, featureNames });
    const fit = t.fit(skl.X, skl.y);
    const zeros = featureNames.filter((_, j) => fit.coefficients[j] === 0);
    expect(zeros.length).toBeGreaterThan(0);
    expect(zeros.length).toBeLessThan(featureNames.length);
    const s = fit.summary();
    expect(s.terms.map((term) => term.term)).toEqual(["intercept", ...featureNames]);
    for (const term of s.terms) {
      expect(term.pValue).toBeNaN();
      expect(term.stdError).toBeNaN();
      expect(term.reason).toMatch(term.estimate === 0 ? /set to 0 by the L1 penalty/ : /no standard error after selection/);
    }
    expect(s.parameterCount).toBe(featureNames.length - zeros.length + 1);
    expect(s.warnings.join(" ")).toMatch(/classical standard errors, tests and intervals do not apply to the selected model/);
    expect(s.text).toMatch(/0 \(not selected\)/);
    expect(s.text).not.toMatch(/P>\|/);
    for (const name of zeros) expect(s.notes[0]).toContain(name);
    expect(s.logLikelihood).toBeCloseTo(fit.logLikelihood, 10);
    expect(() => fit.summary({ covariance: "sandwich" })).toThrow(InvalidOptionError);
  });

  it("multinomial terms are labelled by class", async () => {
    const y = skl.y.map((v) => (v < -1 ? 0 : v < 2 ? 1 : 2));
    const fit = (await trainer({ family: "multinomial", classes: 3, l1: 0.02 })).fit(skl.X, y);
    const s = fit.summary();
    expect(s.terms.length).toBe(3 * (skl.X[0].length + 1));
    expect(s.text).toMatch(/x0 \(class 2\)/);
  });
});

describe("summary() of an L1 fit: the figures and the table", () => {
  it("AIC and BIC count the non-zero coefficients (and intercepts); the table shows every figure and estimate", async () => {
    const featureNames = skl.X[0].map((_, j) => `f${j}`);
    for (const fitIntercept of [true, false]) {
      const t = await trainer({ l1: 0.3, featureNames, fitIntercept });
      const fit = t.fit(skl.X, skl.y);
      const s = fit.summary({ level: 0.9 });
      const nonZero = Array.from(fit.coefficients).filter((w) => w !== 0).length;
      const k = nonZero + (fitIntercept ? 1 : 0);
      expect(s.parameterCount, `fitIntercept ${fitIntercept}`).toBe(k);
      expect(s.dfModel).toBe(nonZero);
      expect(s.aic).toBeCloseTo(-2 * s.logLikelihood + 2 * k, 10);
      expect(s.bic).toBeCloseTo(-2 * s.logLikelihood + k * Math.log(skl.y.length), 10);
      expect(s.level).toBe(0.9);
      expect(s.terms.filter((term) => term.term === "intercept")).toHaveLength(fitIntercept ? 1 : 0);
      expect(s.notes[0]).toMatch(new RegExp(`^L1 penalty l1 = 0\\.3, l2 = 0: ${nonZero} of ${featureNames.length} coefficients selected; set to 0: `));
      const lines = s.text.split("\n");
      expect(lines[0]).toBe("L1-penalised fit: selected terms (no standard errors, z or p-values)");
      expect(s.text).toContain(`Family: gaussian (identity)   Optimizer: cd   Rows: ${skl.y.length}   Iterations: ${fit.epochs}`);
      expect(s.text).toContain(`Log-likelihood: ${s.logLikelihood.toPrecision(8)}   Deviance: ${s.deviance.toPrecision(8)}   Null deviance: ${s.nullDeviance.toPrecision(8)}`);
      expect(s.text).toContain(`AIC: ${s.aic.toPrecision(8)}   BIC: ${s.bic.toPrecision(8)}`);
      for (const term of s.terms) {
        const shown = term.estimate === 0 && term.term !== "intercept" ? "0 (not selected)" : term.estimate.toPrecision(6);
        expect(lines.some((l) => l.trim().split(/\s{2,}/).join("|") === `${term.term}|${shown}`), term.term).toBe(true);
      }
      expect(lines.filter((l) => l.startsWith("Warning: "))).toEqual(s.warnings.map((w) => `Warning: ${w}`));
    }
  });

  it("a fit stopped before convergence says so", async () => {
    const t = await trainer({ family: "bernoulli", l1: 0.001, maxIterations: 1, tolerance: 1e-16 });
    const fit = t.fit(skl.X, skl.y.map((v) => (v > 0 ? 1 : 0)));
    expect(fit.converged).toBe(false);
    expect(fit.summary().warnings.some((w) => /did not converge \(stop reason: /.test(w))).toBe(true);
    expect(fit.summary().converged).toBe(false);
  });
});
