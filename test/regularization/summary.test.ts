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
