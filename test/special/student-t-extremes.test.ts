// Student's t lower tail over the whole of f64: ν from 1e-300 to 1e308 and |t| from 1e-300 to 1e300,
// against mpmath (test/fixtures/student_t_extremes.json, made by student_t_extremes.py there), and
// as properties over random (t, ν): never a throw, always in [0, ½], even in t, non-increasing in |t|.
// Before 2026-12-01 about a fifth of a log-spaced (t, ν) grid threw a plain RangeError (the
// continued fraction did not converge: ν > 1e4 with |t| beyond a few, or ν < 1 with |t| ≫ √ν), and
// ν beyond 1e15 gave tails off by factors up to 1e298 (ν = 1e20, t = 37).
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { studentTLowerTail, studentTUpperQuantile } from "../../dist/special/student-t.js";

const fx = JSON.parse(readFileSync(new URL("../fixtures/student_t_extremes.json", import.meta.url), "utf8"));

/** Relative error, or for a tail in the subnormals (no relative accuracy left) the error against 1e-300. */
function error(actual: number, expected: number): number {
  if (actual === expected) return 0;
  return Math.abs(actual - expected) / Math.max(Math.abs(expected), 1e-300);
}

/** 10^e for e drawn uniformly: spreads magnitudes evenly over f64's range. */
const magnitude = (low: number, high: number) => fc.double({ min: low, max: high, noNaN: true }).map((e) => 10 ** e);

describe("Student's t lower tail at extreme ν and t", () => {
  it("matches mpmath to 2e-13 relative on a (t, ν) grid spanning f64 (subnormal tails to 1e-313 absolute)", () => {
    let worst = { error: 0, row: [] as number[] };
    for (const row of fx.t_lower_tail as [number, number, number][]) {
      const e = error(studentTLowerTail(row[0], row[1]), row[2]);
      if (!(e <= worst.error)) worst = { error: e, row };
    }
    expect(worst.error, `worst at t=${worst.row[0]}, ν=${worst.row[1]}`).toBeLessThan(2e-13);
  });

  it("the case that threw: P(T ≤ −1e140) for ν = 1e300 is 0 (below the subnormals), and ν = 1e20, t = 37 is the normal tail", () => {
    expect(studentTLowerTail(1e140, 1e300)).toBe(0);
    // ν = 1e20: the t tail is Φ(−37)·(1 + O(t⁴/ν)), 5.7255712225240739e-300 (mpmath)
    expect(error(studentTLowerTail(37, 1e20), 5.7255712225240739e-300)).toBeLessThan(2e-13);
    // ν = 1e-292 with |t| ≫ √ν: heavy tails put P(T ≤ −t) at ½ − O(ν)
    expect(error(studentTLowerTail(1e-100, 1e-292), 0.5)).toBeLessThan(1e-13);
  });

  it("never throws, stays in [0, ½], is even in t and non-increasing in |t| (fast-check over 10^[-300, 300] × 10^[-300, 308])", () => {
    fc.assert(
      fc.property(magnitude(-300, 300), magnitude(-300, 300), magnitude(-300, 308), (t1, t2, nu) => {
        const [near, far] = t1 <= t2 ? [t1, t2] : [t2, t1];
        const pNear = studentTLowerTail(near, nu);
        const pFar = studentTLowerTail(far, nu);
        expect(pNear).toBeGreaterThanOrEqual(0);
        expect(pNear).toBeLessThanOrEqual(0.5);
        expect(studentTLowerTail(-near, nu)).toBe(pNear);
        // non-increasing, up to the functions' own rounding
        expect(pFar).toBeLessThanOrEqual(pNear * (1 + 1e-12));
      }),
      { numRuns: 3000, seed: 20261201 },
    );
  });

  it("the upper quantile inverts the tail for large ν too (ν up to 1e300, tails 1e-300 to ½)", () => {
    fc.assert(
      fc.property(magnitude(-300, Math.log10(0.5)), magnitude(4, 300), (tail, nu) => {
        const q = studentTUpperQuantile(tail, nu);
        expect(Number.isFinite(q) && q >= 0).toBe(true);
        expect(error(studentTLowerTail(q, nu), tail)).toBeLessThan(1e-12);
      }),
      { numRuns: 500, seed: 20261201 },
    );
  });
});
