// The strong Wolfe line search on one-dimensional functions where both conditions can be checked
// directly: Moré & Thuente's six test functions, a quadratic, and functions that stop being finite.
import { describe, expect, it } from "vitest";
import { cubicMinimiser, slopeLineSearch, strongWolfeLineSearch, type LinePoint } from "../dist/optimizers/line-search.js";

type Phi = (alpha: number) => { value: number; slope: number };

const line = (phi: Phi) => (alpha: number): LinePoint => ({ alpha, ...phi(alpha) });

// see: J. J. Moré and D. J. Thuente, "Line search algorithms with guaranteed sufficient decrease",
// ACM TOMS 20(3), 1994, §5, Tables 1–6 (functions, c1 = ftol, c2 = gtol, starts 1e-3, 1e-1, 10, 1e3).
function moreThuente1(beta = 2): Phi {
  return (a) => ({ value: -a / (a * a + beta), slope: (a * a - beta) / (a * a + beta) ** 2 });
}
function moreThuente2(beta = 0.004): Phi {
  return (a) => ({
    value: (a + beta) ** 5 - 2 * (a + beta) ** 4,
    slope: (a + beta) ** 3 * (5 * (a + beta) - 8),
  });
}
function moreThuente3(beta = 0.01, l = 39): Phi {
  return (a) => {
    let value: number;
    let slope: number;
    if (a <= 1 - beta) [value, slope] = [1 - a, -1];
    else if (a >= 1 + beta) [value, slope] = [a - 1, 1];
    else [value, slope] = [(a - 1) ** 2 / (2 * beta) + beta / 2, (a - 1) / beta];
    const w = (l * Math.PI) / 2;
    return { value: value + ((2 * (1 - beta)) / (l * Math.PI)) * Math.sin(w * a), slope: slope + (1 - beta) * Math.cos(w * a) };
  };
}
function moreThuente456(beta1: number, beta2: number): Phi {
  const gamma = (b: number) => Math.sqrt(1 + b * b) - b;
  return (a) => {
    const left = Math.sqrt((1 - a) ** 2 + beta2 * beta2);
    const right = Math.sqrt(a * a + beta1 * beta1);
    return { value: gamma(beta1) * left + gamma(beta2) * right, slope: gamma(beta1) * ((a - 1) / left) + gamma(beta2) * (a / right) };
  };
}

const CASES: { name: string; phi: Phi; c1: number; c2: number }[] = [
  { name: "1: −α/(α² + 2)", phi: moreThuente1(), c1: 1e-3, c2: 0.1 },
  { name: "2: (α + 0.004)⁵ − 2(α + 0.004)⁴", phi: moreThuente2(), c1: 0.1, c2: 0.1 },
  { name: "3: wiggly, β = 0.01, l = 39", phi: moreThuente3(), c1: 0.1, c2: 0.1 },
  { name: "4: β1 = β2 = 0.001", phi: moreThuente456(0.001, 0.001), c1: 1e-3, c2: 1e-3 },
  { name: "5: β1 = 0.01, β2 = 0.001", phi: moreThuente456(0.01, 0.001), c1: 1e-3, c2: 1e-3 },
  { name: "6: β1 = 0.001, β2 = 0.01", phi: moreThuente456(0.001, 0.01), c1: 1e-3, c2: 1e-3 },
];

describe("strongWolfeLineSearch on the Moré–Thuente test functions", () => {
  for (const { name, phi, c1, c2 } of CASES) {
    for (const initialStep of [1e-3, 1e-1, 10, 1e3]) {
      it(`function ${name}, first step ${initialStep}`, () => {
        const start = line(phi)(0);
        const result = strongWolfeLineSearch(line(phi), start, initialStep, { c1, c2, maxEvaluations: 100 });
        expect(result.status).toBe("wolfe");
        // Check both conditions on a fresh evaluation, not on what the search reported.
        const { alpha } = result.point;
        const at = phi(alpha);
        expect(alpha).toBeGreaterThan(0);
        expect(at.value).toBeLessThanOrEqual(start.value + c1 * alpha * start.slope);
        expect(Math.abs(at.slope)).toBeLessThanOrEqual(c2 * Math.abs(start.slope));
        expect(result.point.value).toBe(at.value);
        expect(result.evaluations).toBeLessThanOrEqual(30);
      });
    }
  }
});

describe("strongWolfeLineSearch", () => {
  it("lands on a quadratic's minimiser, as cubic interpolation is exact there", () => {
    const phi: Phi = (a) => ({ value: (a - 2) ** 2, slope: 2 * (a - 2) });
    const result = strongWolfeLineSearch(line(phi), line(phi)(0), 10, { c2: 0.01 });
    expect(result.status).toBe("wolfe");
    expect(result.point.alpha).toBeCloseTo(2, 12);
    expect(result.evaluations).toBe(2);
  });

  it("accepts the first step when it already meets both conditions", () => {
    const phi: Phi = (a) => ({ value: (a - 1) ** 2, slope: 2 * (a - 1) });
    const result = strongWolfeLineSearch(line(phi), line(phi)(0), 1);
    expect(result).toMatchObject({ status: "wolfe", evaluations: 1 });
    expect(result.point.alpha).toBe(1);
  });

  it("extrapolates when the first step is far too short", () => {
    const phi: Phi = (a) => ({ value: (a - 1000) ** 2, slope: 2 * (a - 1000) });
    const result = strongWolfeLineSearch(line(phi), line(phi)(0), 1e-3);
    expect(result.status).toBe("wolfe");
    expect(Math.abs(result.point.slope)).toBeLessThanOrEqual(0.9 * 2000);
  });

  it("backs off from steps where φ is not finite (NaN or +∞) instead of failing", () => {
    // φ(α) = (α − 0.9)² for α < 1 and not finite beyond: a first step of 100 lands outside.
    for (const poison of [Number.NaN, Number.POSITIVE_INFINITY]) {
      const phi: Phi = (a) => (a < 1 ? { value: (a - 0.9) ** 2, slope: 2 * (a - 0.9) } : { value: poison, slope: poison });
      const result = strongWolfeLineSearch(line(phi), line(phi)(0), 100);
      expect(result.status).toBe("wolfe");
      expect(result.point.alpha).toBeLessThan(1);
      expect(Number.isFinite(result.point.value)).toBe(true);
      expect(Math.abs(result.point.slope)).toBeLessThanOrEqual(0.9 * 1.8);
    }
  });

  it("returns the start, unevaluated, when the direction is not a descent direction", () => {
    const phi: Phi = (a) => ({ value: a * a, slope: 2 * a });
    const start = { alpha: 0, value: 1, slope: 0.5 };
    let calls = 0;
    const result = strongWolfeLineSearch((a) => (calls++, line(phi)(a)), start, 1);
    expect(result).toMatchObject({ status: "failed", evaluations: 0 });
    expect(result.point).toBe(start);
    expect(calls).toBe(0);
  });

  it("fails, returning the start, when no step lowers φ (a wrong slope at 0)", () => {
    const phi: Phi = (a) => ({ value: 1 + a, slope: 1 });
    const start = { alpha: 0, value: 1, slope: -1 };
    const result = strongWolfeLineSearch(line(phi), start, 1, { maxEvaluations: 40 });
    expect(result.status).toBe("failed");
    expect(result.point).toBe(start);
    expect(result.evaluations).toBeLessThanOrEqual(40);
  });

  it("gives up at once when the decrease it looks for is below float64 resolution", () => {
    // At an optimum reached to rounding level the predicted change α·|φ'(0)| = 1e-16 cannot show in
    // φ ≈ 1; bisecting on towards α = 0 would only spend evaluations.
    const phi: Phi = (a) => ({ value: 1 + 1e-12 * a, slope: 1e-12 });
    const result = strongWolfeLineSearch(line(phi), { alpha: 0, value: 1, slope: -1e-16 }, 1);
    expect(result).toMatchObject({ status: "failed", evaluations: 1 });
  });

  it("returns the best decreasing step, status decrease, when its budget runs out", () => {
    const phi: Phi = (a) => ({ value: (a - 1000) ** 2, slope: 2 * (a - 1000) });
    const result = strongWolfeLineSearch(line(phi), line(phi)(0), 1e-3, { maxEvaluations: 3 });
    expect(result.status).toBe("decrease");
    expect(result.evaluations).toBe(3);
    expect(result.point.alpha).toBeGreaterThan(1e-3);
    expect(result.point.value).toBeLessThanOrEqual(phi(0).value + 1e-4 * result.point.alpha * phi(0).slope);
  });
});

describe("cubicMinimiser", () => {
  it("finds the local minimum of a cubic from two points", () => {
    // φ(α) = α³ − 3α has its local minimum at α = 1.
    const at = (alpha: number) => ({ alpha, value: alpha ** 3 - 3 * alpha, slope: 3 * alpha * alpha - 3 });
    expect(cubicMinimiser(at(0), at(2))).toBeCloseTo(1, 14);
    expect(cubicMinimiser(at(2), at(0.5))).toBeCloseTo(1, 14);
  });

  it("is NaN when an end is not finite or the cubic has no minimum", () => {
    expect(cubicMinimiser({ alpha: 0, value: 0, slope: -1 }, { alpha: 1, value: Infinity, slope: NaN })).toBeNaN();
    // φ(α) = α³ + 3α is increasing everywhere: no local minimum.
    expect(cubicMinimiser({ alpha: 0, value: 0, slope: 3 }, { alpha: 1, value: 4, slope: 6 })).toBeNaN();
  });
});

describe("slopeLineSearch (φ below its resolution, φ' still resolved)", () => {
  /** φ rounded to `resolution` (its computed value), φ' exact. */
  const rounded = (phi: Phi, resolution: number): Phi => (a) => {
    const at = phi(a);
    return { value: Math.round(at.value / resolution) * resolution, slope: at.slope };
  };

  it("finds the zero of a linear φ' by a secant step when φ is flat to rounding", () => {
    const phi: Phi = (a) => ({ value: 0, slope: a - 2 });
    const result = slopeLineSearch(line(phi), line(phi)(0), 1, { c2: 0.1 });
    expect(result.status).toBe("slope");
    expect(result.point.alpha).toBeCloseTo(2, 12);
    expect(result.evaluations).toBe(2);
  });

  for (const { name, phi } of CASES) {
    it(`meets the curvature condition with φ'(α) > φ'(0) on Moré–Thuente ${name}, φ rounded to 1e-3`, () => {
      const computed = rounded(phi, 1e-3);
      const start = line(computed)(0);
      for (const initialStep of [1e-3, 1e-1, 10]) {
        const result = slopeLineSearch(line(computed), start, initialStep, { c2: 0.5, allowance: 1e-3, maxEvaluations: 60 });
        expect(result.status, `first step ${initialStep}`).toBe("slope");
        const at = phi(result.point.alpha);
        expect(Math.abs(at.slope)).toBeLessThanOrEqual(0.5 * Math.abs(start.slope));
        expect(at.slope).toBeGreaterThan(start.slope);
        expect(result.point.value).toBeLessThanOrEqual(start.value + 1e-3);
      }
    });
  }

  it("does not accept a step whose computed φ rises beyond the allowance, nor a non-descent start", () => {
    // φ' says "go on" everywhere up to α = 1, but φ rises steeply: no admissible step has φ' ≈ 0
    // within the budget, so the search fails and reports the start.
    const phi: Phi = (a) => ({ value: 10 * a, slope: a - 1 });
    const result = slopeLineSearch(line(phi), { alpha: 0, value: 0, slope: -1 }, 1, { allowance: 1e-6 });
    expect(result.status).toBe("failed");
    expect(result.point.alpha).toBe(0);
    expect(slopeLineSearch(line(phi), { alpha: 0, value: 0, slope: 0 }, 1)).toMatchObject({ status: "failed", evaluations: 0 });
  });
});
