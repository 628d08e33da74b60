// The line searches' edges (bindings/optimizers/line-search.ts) on one-dimensional functions built
// to reach them: the step cap, a point whose value is finite but whose slope is not, trials kept
// off the ends of a bracket, and the evaluation budget — each checked through what the search
// returns and which steps it tried.
import { describe, expect, it } from "vitest";
import { slopeLineSearch, strongWolfeLineSearch, type LinePoint } from "../../dist/optimizers/line-search.js";

type Phi = (alpha: number) => { value: number; slope: number };

/** φ as the searches call it, recording every α tried. */
function recorded(phi: Phi): { evaluate: (alpha: number) => LinePoint; tried: number[] } {
  const tried: number[] = [];
  return { tried, evaluate: (alpha) => (tried.push(alpha), { alpha, ...phi(alpha) }) };
}

describe("strongWolfeLineSearch", () => {
  it("stops at maxStep with status decrease when φ keeps falling steeply (no more evaluations)", () => {
    // φ = −α: every step decreases, none meets the curvature condition (|φ'| = 1 > 0.9·1)
    const { evaluate, tried } = recorded((a) => ({ value: -a, slope: -1 }));
    const result = strongWolfeLineSearch(evaluate, { alpha: 0, value: 0, slope: -1 }, 1, { maxStep: 4 });
    expect(result.status).toBe("decrease");
    expect(result.point.alpha).toBe(4);
    expect(tried).toEqual([1, 4]);
    expect(result.evaluations).toBe(2);
  });

  it("a first step beyond maxStep is cut to it", () => {
    const { evaluate, tried } = recorded((a) => ({ value: -a, slope: -1 }));
    const result = strongWolfeLineSearch(evaluate, { alpha: 0, value: 0, slope: -1 }, 50, { maxStep: 3 });
    expect(tried).toEqual([3]);
    expect(result).toMatchObject({ status: "decrease", evaluations: 1 });
  });

  it("stops extrapolating when the evaluation budget is spent, returning the last decrease", () => {
    const { evaluate, tried } = recorded((a) => ({ value: -a, slope: -1 }));
    const result = strongWolfeLineSearch(evaluate, { alpha: 0, value: 0, slope: -1 }, 1, { maxEvaluations: 3 });
    expect(tried).toEqual([1, 5, 21]); // each step 4 increments further out (a line has no cubic minimum)
    expect(result).toMatchObject({ status: "decrease", evaluations: 3 });
    expect(result.point.alpha).toBe(21);
  });

  it("a point with a finite value but a non-finite slope counts as φ = +∞: the search backs into the bracket", () => {
    // (α − 2)² up to α = 4; beyond, a low value with a NaN slope (a gradient that overflowed)
    const phi: Phi = (a) => (a < 4 ? { value: (a - 2) ** 2, slope: 2 * (a - 2) } : { value: 0.5, slope: Number.NaN });
    const { evaluate, tried } = recorded(phi);
    const result = strongWolfeLineSearch(evaluate, { alpha: 0, value: 4, slope: -4 }, 1, { c2: 0.1 });
    expect(result.status).toBe("wolfe");
    expect(result.point.alpha).toBeCloseTo(2, 12);
    expect(Math.max(...tried)).toBe(5); // tried once beyond 4, then never again
    expect(tried.filter((a) => a >= 4)).toEqual([5]);
  });

  it("zoom bisects a bracket whose far end is not finite, and keeps each trial inside it", () => {
    const phi: Phi = (a) => (a < 1 ? { value: (a - 0.3) ** 2, slope: 2 * (a - 0.3) } : { value: Number.POSITIVE_INFINITY, slope: Number.NaN });
    const { evaluate, tried } = recorded(phi);
    const result = strongWolfeLineSearch(evaluate, { alpha: 0, value: 0.09, slope: -0.6 }, 8, { c2: 0.01 });
    expect(tried[0]).toBe(8);
    expect(tried[1]).toBe(4); // the bisection of [0, 8]: the cubic through an infinite end is undefined
    expect(result.status).toBe("wolfe");
    expect(result.point.alpha).toBeCloseTo(0.3, 2);
    for (const a of tried.slice(1)) expect(a).toBeLessThan(8);
  });
});

describe("slopeLineSearch", () => {
  it("keeps a secant trial a tenth of the bracket away from its rising end", () => {
    // φ' jumps from −1 to a small positive value: the secant root lies almost at the rising end
    const phi: Phi = (a) => ({ value: 0, slope: a < 1.5 ? -1 : 0.001 * (a - 1.5) + 1e-3 });
    const { evaluate, tried } = recorded(phi);
    slopeLineSearch(evaluate, { alpha: 0, value: 0, slope: -1 }, 1, { c2: 1e-6, maxEvaluations: 3 });
    // α = 1 descends; the secant through (0, −1) and (1, −1) has no root, so 2·α = 2 rises;
    // the secant of (1, −1) and (2, 0.0015) is at 1.9985, kept to 2 − 0.1·1 = 1.9
    expect(tried[0]).toBe(1);
    expect(tried[1]).toBe(2);
    expect(tried[2]).toBeCloseTo(1.9, 14);
  });

  it("keeps a secant trial a tenth of the bracket away from its descending end", () => {
    // φ' barely rises after the descending end and then jumps: the secant root lies at that end
    const phi: Phi = (a) => ({ value: 0, slope: a <= 1 ? -1e-3 : 1000 });
    const { evaluate, tried } = recorded(phi);
    slopeLineSearch(evaluate, { alpha: 0, value: 0, slope: -1 }, 1, { c2: 1e-6, maxEvaluations: 3 });
    // (0, −1) and (1, −0.001): root at 1.001, beyond α = 1 but capped at 5·α; then φ'(1.001) = 1000 rises
    expect(tried.slice(0, 2)).toEqual([1, 1 + 1 / 999]);
    const width = tried[1] - 1;
    expect(tried[2]).toBeCloseTo(1 + 0.1 * width, 14);
  });

  it("bisects when the rising end's slope is not finite, and fails with the start when the budget ends", () => {
    const phi: Phi = (a) => (a < 1 ? { value: 0, slope: -1 } : { value: 0, slope: Number.POSITIVE_INFINITY });
    const { evaluate, tried } = recorded(phi);
    const result = slopeLineSearch(evaluate, { alpha: 0, value: 0, slope: -1 }, 0.5, { c2: 1e-6, maxEvaluations: 4 });
    // 0.5 descends, then 1 (2·α, the secant of two equal slopes has no root) is +∞: bisect [0.5, 1]
    expect(tried).toEqual([0.5, 1, 0.75, 0.875]);
    expect(result).toMatchObject({ status: "failed", evaluations: 4 });
    expect(result.point.alpha).toBe(0);
  });

  it("gives up once the bracket is down to rounding, well before its budget", () => {
    // φ' jumps from −1 to +1 at α = 1 and never meets |φ'| ≤ c2·|φ'(0)|: the bracket closes on 1
    const { evaluate, tried } = recorded((a) => ({ value: 0, slope: a < 1 ? -1 : 1 }));
    const result = slopeLineSearch(evaluate, { alpha: 0, value: 0, slope: -1 }, 0.75, { c2: 1e-6, maxEvaluations: 500 });
    expect(result).toMatchObject({ status: "failed" });
    expect(result.evaluations).toBeLessThan(100);
    const last = tried.slice(-2);
    expect(Math.abs(last[0] - last[1])).toBeLessThan(1e-13);
  });

  it("extrapolates at most 5× the last descending step", () => {
    // φ' rises so slowly that its secant root is far out: the next trial is capped at 5·α
    const phi: Phi = (a) => ({ value: 0, slope: -1 + 1e-6 * a });
    const { evaluate, tried } = recorded(phi);
    slopeLineSearch(evaluate, { alpha: 0, value: 0, slope: -1 }, 1, { c2: 1e-3, maxEvaluations: 3 });
    expect(tried).toEqual([1, 5, 25]);
  });
});
