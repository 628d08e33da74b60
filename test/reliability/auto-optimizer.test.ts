// "auto" must never choose an optimizer that then refuses the fit as too much work: newton up to
// 200 coefficients only while its work estimate (exactWorkEstimate) is within the limit.
import { describe, expect, it } from "vitest";
import { exactWorkEstimate, EXACT_WORK_LIMIT_SECONDS } from "../../dist/index.js";
import { resolveOptimizer, validateOptions } from "../../dist/options.js";

describe('optimizer "auto"', () => {
  const auto = validateOptions({});
  it("picks newton for small problems and lbfgs above 200 coefficients", () => {
    expect(resolveOptimizer(auto, 5, 1000)).toBe("newton");
    expect(resolveOptimizer(auto, 200, 1000)).toBe("lbfgs");
  });

  it("picks lbfgs where newton's work would exceed its limit (300k rows × 199 features), newton just below it", () => {
    expect(exactWorkEstimate(300_000, 200).seconds).toBeGreaterThan(EXACT_WORK_LIMIT_SECONDS);
    expect(resolveOptimizer(auto, 199, 300_000)).toBe("lbfgs");
    let rows = 300_000;
    while (exactWorkEstimate(rows, 200).seconds > EXACT_WORK_LIMIT_SECONDS) rows = Math.floor(rows * 0.9);
    expect(resolveOptimizer(auto, 199, rows)).toBe("newton");
  });

  it("keeps newton, whose refusal explains it, when there are fewer rows than coefficients without l2", () => {
    expect(resolveOptimizer(auto, 50, 10)).toBe("newton");
  });

  it("an explicit optimizer is kept as given", () => {
    expect(resolveOptimizer(validateOptions({ optimizer: "newton" }), 199, 300_000)).toBe("newton");
  });
});
