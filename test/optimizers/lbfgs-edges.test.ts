// minimizeLbfgs (bindings/optimizers/lbfgs-minimizer.ts) at its edges: a start where f or its
// gradient is not finite stops at once ("lineSearchFailed", nothing evaluated beyond the start),
// and on a stretch of negative curvature every step still lowers f.
import { describe, expect, it } from "vitest";
import { gapEstimates, minimizeLbfgs } from "../../dist/optimizers/lbfgs.js";

describe("minimizeLbfgs at its edges", () => {
  it("a start with a non-finite value or gradient: lineSearchFailed after the one evaluation", () => {
    for (const [value, gradient] of [[Number.NaN, 1], [Infinity, 1], [1, Number.NaN], [1, -Infinity]] as const) {
      let evaluations = 0;
      const start = Float64Array.of(2, 3);
      const result = minimizeLbfgs(() => (evaluations++, { value, gradient: Float64Array.of(gradient, 0) }), start);
      expect([result.stopReason, result.iterations, result.evaluations, evaluations], `${value}, ${gradient}`).toEqual(["lineSearchFailed", 0, 1, 1]);
      expect(Array.from(result.x)).toEqual([2, 3]);
      expect(result.x).not.toBe(start); // the result's own array: the caller may change either
    }
  });

  it("the start is copied, not moved in place", () => {
    const start = Float64Array.of(3, -2);
    const result = minimizeLbfgs((x) => ({ value: x[0] ** 2 + x[1] ** 2, gradient: Float64Array.of(2 * x[0], 2 * x[1]) }), start);
    expect(Array.from(start)).toEqual([3, -2]);
    expect(result.stopReason).toBe("converged");
    expect(Math.hypot(result.x[0], result.x[1])).toBeLessThan(1e-6);
  });

  it("from a concave stretch (negative curvature) every step lowers f, down to the minimum", () => {
    // f = −cos(x) near 0.9·π has negative curvature
    const f = (x: Float64Array) => ({ value: -Math.cos(x[0]) + 0.01 * x[1] ** 2, gradient: Float64Array.of(Math.sin(x[0]), 0.02 * x[1]) });
    const result = minimizeLbfgs(f, Float64Array.of(2.8, 1), { maxIterations: 200 });
    expect(result.stopReason).toBe("converged");
    expect(Math.abs(result.x[0])).toBeLessThan(1e-5);
    for (let k = 1; k < result.history.length; k++) expect(result.history[k]).toBeLessThanOrEqual(result.history[k - 1]);
  });

  it("gapEstimates: ½·(−gᵀd) (0 when d points uphill) and ½‖g‖²/c", () => {
    expect(gapEstimates(Float64Array.of(2, 0), Float64Array.of(-1, 0), 4)).toEqual({ decrement: 1, gradientGap: 0.5 });
    expect(gapEstimates(Float64Array.of(2, 0), Float64Array.of(1, 0), 1)).toEqual({ decrement: 0, gradientGap: 2 });
  });
});
