// Known answers for the special functions behind the summaries (bindings/special): against mpmath at
// 40 digits and against scipy (what statsmodels uses), both in test/fixtures/special_functions.json
// (made by special_functions.py there). Bounds are relative errors, measured and stated per function.
import { readFileSync } from "node:fs";
import stdlibLn from "@stdlib/math-base-special-ln";
import { describe, expect, it } from "vitest";
import { exp, ln, log1p } from "../../dist/special/elementary.js";
import { logBeta, logGamma } from "../../dist/special/gamma.js";
import { erfc, normalCdf, normalUpperQuantile } from "../../dist/special/normal.js";
import { studentTLowerTail, studentTUpperQuantile } from "../../dist/special/student-t.js";
import { criticalValue, twoSidedPValue } from "../../dist/inference/statistics.js";

const fx = JSON.parse(readFileSync(new URL("../fixtures/special_functions.json", import.meta.url), "utf8"));

function relative(actual: number, expected: number): number {
  if (actual === expected) return 0;
  return Math.abs(actual - expected) / Math.abs(expected);
}

/** The largest relative error over fixture rows, with the row it happened at (for the message). */
function worst(rows: number[][], compute: (row: number[]) => number, expectedAt: number): { error: number; row: number[] } {
  let result = { error: 0, row: [] as number[] };
  for (const row of rows) {
    const error = relative(compute(row), row[expectedAt]);
    if (!(error <= result.error)) result = { error, row };
  }
  return result;
}

describe("elementary functions", () => {
  it("ln gives the bits of @stdlib's ln (the same e_log.c algorithm) and is within 1 ulp of mpmath", () => {
    for (const [x] of fx.ln) expect(ln(x), String(x)).toBe(stdlibLn(x));
    const { error, row } = worst(fx.ln, ([x]) => ln(x), 1);
    expect(error, String(row)).toBeLessThanOrEqual(Number.EPSILON);
    expect([ln(0), ln(-1), ln(NaN), ln(Infinity), ln(1)]).toEqual([-Infinity, NaN, NaN, Infinity, 0]);
  });

  it("exp is within 1 ulp of mpmath, over- and underflows where binary64 does", () => {
    const { error, row } = worst(fx.exp, ([x]) => exp(x), 1);
    expect(error, String(row)).toBeLessThanOrEqual(Number.EPSILON);
    expect([exp(710), exp(-746), exp(-Infinity), exp(0)]).toEqual([Infinity, 0, 0, 1]);
    expect(exp(-745)).toBe(5e-324);
  });

  it("log1p keeps its digits for tiny x", () => {
    expect(relative(log1p(1e-10), 9.9999999995e-11)).toBeLessThan(1e-15);
    expect(relative(log1p(-0.5), -0.6931471805599453)).toBeLessThan(1e-15);
    expect(log1p(0)).toBe(0);
  });

  it("log1p does not overflow for huge x (mpmath 50 digits), and ends at ±∞", () => {
    // ln(u)·x/(u − 1) overflowed past x ≈ 2.5e305: log1p(1.7e308) was +∞
    expect(relative(log1p(1.7e308), 709.72683689322824107)).toBeLessThanOrEqual(Number.EPSILON);
    expect(relative(log1p(2 ** 60), 41.588830833596718566)).toBeLessThanOrEqual(Number.EPSILON);
    expect(relative(log1p(2 ** 52), 36.043653389117156312)).toBeLessThanOrEqual(Number.EPSILON);
    expect([log1p(Infinity), log1p(-1)]).toEqual([Infinity, -Infinity]);
    // Student's t with a vanishing ν (frequency weights barely above k) has P(T ≤ −1000) = ½ (mpmath, scipy)
    expect(relative(studentTLowerTail(1000, 1e-300), 0.5)).toBeLessThan(1e-13);
  });
});

describe("Student's t where t² or t²/ν leave f64", () => {
  it("the lower tail from the logarithms (mpmath 1.3.0, 40 digits: ½·I_x(ν/2, ½), x = ν/(ν + t²))", () => {
    // before 2026-12-01: 0 for every |t| > 1.3e154, and 0 or ½ at random for t²/ν beyond f64
    const cases: [number, number, number][] = [
      [1e200, 1e-100, 0.5], [1e155, 1, 3.1830988618379067154e-156], [1e160, 2, 5.0e-321],
      [2e154, 0.5, 2.2676983444853726971e-78], [1e5, 1e-300, 0.5],
    ];
    for (const [t, nu, expected] of cases) expect(relative(studentTLowerTail(t, nu), expected), `t=${t}, ν=${nu}`).toBeLessThan(1e-13);
    expect(studentTLowerTail(1e154, 3)).toBe(0); // 1.1e-462: below the subnormals
    expect(studentTLowerTail(-Infinity, 1e-300)).toBe(0);
    expect([studentTLowerTail(Infinity, 3), studentTLowerTail(0, 1e-300), studentTLowerTail(0, 1e308)]).toEqual([0, 0.5, 0.5]);
    // ν = 1e308, t = 1e154: x = ½ and a = 5e307, where the continued fraction cannot converge;
    // the tail is 5.2e−(1.5e307) (mpmath), 0 in f64
    expect(studentTLowerTail(1e154, 1e308)).toBe(0);
    expect(studentTLowerTail(3e154, 1e308)).toBe(0);
    expect([studentTLowerTail(Number.NaN, 3), studentTLowerTail(Number.NaN, Infinity), studentTLowerTail(1, Number.NaN)]).toEqual([NaN, NaN, NaN]);
    expect([studentTUpperQuantile(0.025, Number.NaN), studentTUpperQuantile(Number.NaN, 3)]).toEqual([NaN, NaN]);
  });

  it("the upper quantile is +∞ when it lies beyond f64 (ν = 1e-5: (0.05·…)^(−1/ν)), and exact where it does not", () => {
    expect(studentTUpperQuantile(0.025, 1e-5)).toBe(Infinity);
    expect(studentTUpperQuantile(0.025, 1e-300)).toBe(Infinity);
    // scipy 1.17.1 t.ppf(0.975, 0.05) = 1.1958337585475138e+25
    const q = studentTUpperQuantile(0.025, 0.05);
    expect(relative(q, 1.1958337585475138e25)).toBeLessThan(1e-12);
    expect(relative(studentTLowerTail(q, 0.05), 0.025)).toBeLessThan(1e-13);
  });
});

describe("normal distribution", () => {
  it("erfc to 1e-13 relative from −6 to 27 (values down to 1e−300)", () => {
    const { error, row } = worst(fx.erfc, ([x]) => erfc(x), 1);
    expect(error, String(row)).toBeLessThan(1e-13);
    expect(normalCdf(0)).toBe(0.5);
  });

  it("the upper quantile to 1e-13 relative for tails from 1e−300 to ½, and agrees with scipy", () => {
    expect(worst(fx.normal_upper_quantile, ([p]) => normalUpperQuantile(p), 1).error).toBeLessThan(1e-13);
    expect(worst(fx.normal_upper_quantile, ([p]) => normalUpperQuantile(p), 2).error).toBeLessThan(1e-13);
    expect([normalUpperQuantile(0.5), normalUpperQuantile(0)]).toEqual([0, Infinity]);
  });
});

describe("log Γ and log B", () => {
  it("log Γ to 5e−15 absolute plus 5e−16 relative, for x from 1e−10 to 1e7 (exact log-factorials included)", () => {
    for (const [x, expected] of fx.log_gamma) {
      expect(Math.abs(logGamma(x) - expected), String(x)).toBeLessThanOrEqual(5e-15 + 5e-16 * Math.abs(expected));
    }
    expect([logGamma(1), logGamma(2), logGamma(0), logGamma(-1)]).toEqual([0, 0, Infinity, NaN]);
  });

  it("log B without cancellation, for a and b from 1e−3 to 1e7", () => {
    for (const [a, b, expected] of fx.log_beta) {
      expect(Math.abs(logBeta(a, b) - expected), `${a}, ${b}`).toBeLessThanOrEqual(1e-14 + 1e-15 * Math.abs(expected));
    }
  });
});

describe("Student's t distribution", () => {
  // the continued fraction up to ν = 1e4, the large-a expansion beyond (bindings/special/student-t.ts);
  // before 2026-12-01 the fraction ran on and lost about ε·ν/t² (5e−12 at 1e5, 5e−11 at 1e7)
  const bound = (nu: number) => (nu <= 1e4 ? 1e-13 : 2e-13);

  it("the lower tail P(T ≤ −|t|) against mpmath: 1e−13 relative up to ν = 1e4, 2e−13 up to 1e7", () => {
    for (const [t, nu, expected] of fx.t_lower_tail) {
      expect(relative(studentTLowerTail(t, nu), expected), `t=${t}, ν=${nu}`).toBeLessThan(bound(nu));
      expect(studentTLowerTail(-t, nu)).toBe(studentTLowerTail(t, nu));
    }
  });

  it("agrees with scipy's t.cdf (statsmodels' p-values) to 1e−9", () => {
    for (const [t, nu, , scipy] of fx.t_lower_tail) {
      if (scipy > 0) expect(relative(studentTLowerTail(t, nu), scipy), `t=${t}, ν=${nu}`).toBeLessThan(1e-9);
    }
  });

  it("the upper quantile against mpmath to the same bounds, and scipy's t.ppf to 1e−8 (scipy's own error)", () => {
    for (const [tail, nu, expected, scipy] of fx.t_upper_quantile) {
      const q = studentTUpperQuantile(tail, nu);
      expect(relative(q, expected), `tail=${tail}, ν=${nu}`).toBeLessThan(bound(nu));
      expect(relative(q, scipy), `tail=${tail}, ν=${nu}`).toBeLessThan(1e-8);
    }
  });

  it("edge values: ν = ∞ is the normal, t = 0 is ½, bad ν or tail is NaN", () => {
    expect(studentTLowerTail(1.5, Infinity)).toBe(normalCdf(-1.5));
    expect(studentTUpperQuantile(0.025, Infinity)).toBe(normalUpperQuantile(0.025));
    expect([studentTLowerTail(0, 5), studentTLowerTail(Infinity, 5), studentTUpperQuantile(0.5, 3)]).toEqual([0.5, 0, 0]);
    expect([studentTLowerTail(1, 0), studentTLowerTail(1, -2), studentTUpperQuantile(0.7, 3), studentTUpperQuantile(0, 3)]).toEqual([NaN, NaN, NaN, NaN]);
  });
});

describe("the summary's p-values and critical values", () => {
  it("are the tails above, two-sided, and the quantile of (1 − level)/2", () => {
    expect(twoSidedPValue(-2.5, 12)).toBe(2 * studentTLowerTail(2.5, 12));
    expect(twoSidedPValue(2.5, null)).toBe(2 * normalCdf(-2.5));
    expect(criticalValue(0.95, 17)).toBe(studentTUpperQuantile(0.025, 17));
    expect(criticalValue(0.99, null)).toBe(normalUpperQuantile((1 - 0.99) / 2));
    expect(relative(twoSidedPValue(criticalValue(0.9, 3.5), 3.5), 0.1)).toBeLessThan(1e-14);
  });
});
