// The four families of FAMILIES (bindings/families/): the response checks, the intercept-only
// starts (weighted, and floored where the MLE is infinite), and the log-likelihood from the data
// loss, each against its closed form computed here.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { FAMILIES } from "../../dist/index.js";

const { gaussian, bernoulli, poisson, multinomial } = FAMILIES;
const logit = (p: number) => Math.log(p / (1 - p));
const logFactorial = (k: number) => {
  let s = 0;
  for (let j = 2; j <= k; j++) s += Math.log(j);
  return s;
};

describe("FAMILIES", () => {
  it("names, links, ABI ids and frozen entries", () => {
    expect(Object.keys(FAMILIES)).toEqual(["gaussian", "bernoulli", "poisson", "multinomial"]);
    expect([gaussian, bernoulli, poisson, multinomial].map((f) => [f.name, f.link, f.abiId])).toEqual([
      ["gaussian", "identity", 0], ["bernoulli", "logit", 1], ["poisson", "log", 2], ["multinomial", "softmax", 3],
    ]);
    expect(Object.isFrozen(FAMILIES)).toBe(true);
    for (const family of Object.values(FAMILIES)) expect(Object.isFrozen(family)).toBe(true);
  });

  it("each family's link and nll are the README's row for it; the response domains as documented", () => {
    const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
    for (const family of Object.values(FAMILIES)) {
      const row = readme.split("\n").find((line) => line.startsWith(`| \`${family.name}\` |`));
      expect(row, family.name).toBeDefined();
      const cells = row!.split("|").map((cell) => cell.trim());
      expect(cells[2]).toBe(family.link);
      expect(cells[4]).toBe(family.nll);
    }
    expect(Object.values(FAMILIES).map((f) => f.responseDomain)).toEqual([
      "any finite real number", "0 or 1", "a non-negative integer count", "a class label 0, 1, …, classes − 1",
    ]);
  });

  it("checkResponse: null for a valid y, else a reason naming the family", () => {
    for (const v of [-1e300, -0.5, 0, 3.25]) expect(gaussian.checkResponse(v, 1)).toBeNull();
    expect(bernoulli.checkResponse(0, 1)).toBeNull();
    expect(bernoulli.checkResponse(1, 1)).toBeNull();
    for (const v of [0.5, 2, -1]) expect(bernoulli.checkResponse(v, 1)).toMatch(/bernoulli needs y to be 0 or 1/);
    for (const v of [0, 1, 17, 1e9]) expect(poisson.checkResponse(v, 1)).toBeNull();
    for (const v of [-1, 0.5, -0.5, 2.0000001]) expect(poisson.checkResponse(v, 1)).toMatch(/poisson needs y to be a non-negative integer/);
    for (const v of [0, 1, 2]) expect(multinomial.checkResponse(v, 3)).toBeNull();
    for (const v of [3, -1, 1.5, 4]) expect(multinomial.checkResponse(v, 3)).toMatch(/classes = 3 needs y to be an integer label in 0\.\.2/);
  });

  it("interceptStart: the weighted intercept-only MLE of each family", () => {
    const y = [0, 1, 1, 0, 1];
    const s = [1, 2, 0.5, 3, 1];
    const W = s.reduce((a, b) => a + b, 0);
    const mean = (y: number[], s?: number[]) => y.reduce((a, v, i) => a + (s ? s[i] : 1) * v, 0) / (s ? W : y.length);
    expect([...gaussian.interceptStart([1, 2, 6], undefined, 1)]).toEqual([3]);
    expect(gaussian.interceptStart([1, 2, 6], [1, 1, 2], 1)[0]).toBeCloseTo(15 / 4, 15);
    expect(bernoulli.interceptStart(y, undefined, 1)[0]).toBeCloseTo(logit(0.6), 15);
    expect(bernoulli.interceptStart(y, s, 1)[0]).toBeCloseTo(logit(mean(y, s)), 15);
    const counts = [0, 3, 1, 4];
    expect(poisson.interceptStart(counts, undefined, 1)[0]).toBeCloseTo(Math.log(2), 15);
    expect(poisson.interceptStart(counts, [1, 1, 2, 0], 1)[0]).toBeCloseTo(Math.log(5 / 4), 15);
    // Multinomial: log class frequencies, centred to sum 0.
    const labels = [0, 2, 2, 1, 2, 0];
    const weights = [1, 1, 2, 0.5, 1, 3];
    const freq = [4 / 8.5, 0.5 / 8.5, 4 / 8.5].map(Math.log);
    const centre = freq.reduce((a, b) => a + b, 0) / 3;
    const start = multinomial.interceptStart(labels, weights, 3);
    expect(start.length).toBe(3);
    freq.forEach((f, c) => expect(start[c]).toBeCloseTo(f - centre, 14));
    const unweighted = multinomial.interceptStart(labels, undefined, 3);
    const plain = [2 / 6, 1 / 6, 3 / 6].map(Math.log);
    const plainCentre = plain.reduce((a, b) => a + b, 0) / 3;
    plain.forEach((f, c) => expect(unweighted[c]).toBeCloseTo(f - plainCentre, 14));
  });

  it("interceptStart: floored at 1e-6 where the MLE is ±∞", () => {
    expect(bernoulli.interceptStart([0, 0, 0], undefined, 1)[0]).toBeCloseTo(logit(1e-6), 12);
    expect(bernoulli.interceptStart([1, 1], undefined, 1)[0]).toBeCloseTo(logit(1 - 1e-6), 12);
    expect(bernoulli.interceptStart([1, 0], [0, 1], 1)[0]).toBeCloseTo(logit(1e-6), 12);
    expect(poisson.interceptStart([0, 0], undefined, 1)[0]).toBeCloseTo(Math.log(1e-6), 12);
    // A class no row has: frequency 1e-6 instead of 0.
    const start = multinomial.interceptStart([0, 0, 1], undefined, 3);
    const freq = [2 / 3, 1 / 3, 1e-6].map(Math.log);
    const centre = freq.reduce((a, b) => a + b, 0) / 3;
    freq.forEach((f, c) => expect(start[c]).toBeCloseTo(f - centre, 12));
    // Just above the floor the frequency is used as it is.
    expect(bernoulli.interceptStart([1, 0], [2e-6, 1 - 2e-6], 1)[0]).toBeCloseTo(logit(2e-6), 9);
  });

  it("logLikelihood from the data loss L = Σ s·nll", () => {
    // Gaussian: nll = ½(y − η)², σ² = 2L/W, ℓ = −W/2·(ln 2πσ² + 1).
    const L = 3.5;
    const W = 7;
    expect(gaussian.logLikelihood(L, W, [0], undefined)).toBeCloseTo(-0.5 * W * (Math.log((2 * Math.PI * 2 * L) / W) + 1), 13);
    expect(bernoulli.logLikelihood(2.25, 9, [0, 1], undefined)).toBe(-2.25);
    expect(multinomial.logLikelihood(4.5, 9, [0, 2], undefined)).toBe(-4.5);
    // Poisson's nll drops log y!; the log-likelihood adds it back, weighted.
    const y = [0, 3, 5, 1];
    expect(poisson.logLikelihood(10, 4, y, undefined)).toBeCloseTo(-(10 + logFactorial(3) + logFactorial(5)), 12);
    expect(poisson.logLikelihood(10, 4, y, [1, 2, 0.5, 4])).toBeCloseTo(-(10 + 2 * logFactorial(3) + 0.5 * logFactorial(5)), 12);
  });
});
