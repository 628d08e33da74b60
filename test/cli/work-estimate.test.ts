// checkExactWork's refusals in full (bindings/cli/work-estimate.ts): who would do the work (newton,
// the summary, or both), the time in the unit that reads best (s, minutes, hours, days, years), the
// factor's size once it passes 1 GiB, the coefficient count's wording (intercept, class blocks with
// a baseline), and newton's refusal of fewer rows than coefficients unless --l2 is given.
import { describe, expect, test } from "vitest";
import { checkExactWork, type ExactWorkRequest } from "../../dist/cli/work-estimate.js";
import { validateOptions } from "../../dist/options.js";
import { thrownBy } from "../helpers/thrown.js";

const bernoulli = (extra: Record<string, unknown> = {}) => validateOptions({ family: "bernoulli", ...extra });
const message = (request: ExactWorkRequest) => (thrownBy(() => checkExactWork(request)) as Error | undefined)?.message;

describe("checkExactWork's messages", () => {
  test("newton and the summary together; --optimizer newton given (not auto)", () => {
    expect(message({ rows: 2_000_000, cols: 199, options: bernoulli({ optimizer: "newton" }), optimizer: "newton", summary: true })).toBe(
      "--optimizer newton and the summary (standard errors) would factorise a p × p matrix for p = 200 coefficients: (199 feature columns + intercept): " +
        "about 81 s of work on 2,000,000 rows, more than the 10 s allowed. The cause is p, not the rows or --dtype (the factor is p × p, always in f64). " +
        "Use --optimizer lbfgs, or --no-summary (coefficients without standard errors), or fewer columns (--features a,b,c).",
    );
  });

  test.each([
    [20_000_000, 499, "about 84 minutes of work on 20,000,000 rows"],
    [100_000_000, 499, "about 7 hours of work on 100,000,000 rows"],
    [null, 40_000, "about 12 days of work, more than the 10 s allowed, and its factor alone is 11.9 GiB of f64."],
    [null, 400_000, "about 32 years of work, more than the 10 s allowed, and its factor alone is 1192.1 GiB of f64."],
  ])("rows %s, %s columns: %s", (rows, cols, wording) => {
    const text = message({ rows, cols, options: bernoulli(), optimizer: "lbfgs", summary: true })!;
    expect(text).toContain(wording);
    expect(text).toMatch(/^the summary \(standard errors\) would factorise .* Use --no-summary \(coefficients without standard errors\), or fewer columns \(--features a,b,c\)\.$/);
    if (rows !== null) expect(text).not.toMatch(/GiB/);
  });

  test("the coefficients without an intercept, and in class blocks with a baseline", () => {
    expect(message({ rows: 200_000_000, cols: 999, options: bernoulli({ fitIntercept: false }), optimizer: "lbfgs", summary: true }))
      .toContain("for p = 999 coefficients: (999 feature columns): about 2 days of work on 200,000,000 rows");
    expect(message({ rows: null, cols: 3000, options: validateOptions({ family: "multinomial", classes: 3 }), optimizer: "lbfgs", summary: true }))
      .toContain("for p = 6,002 coefficients: (3,000 feature columns + intercept) × 2 class blocks (3 classes, the first is the baseline): about 58 minutes of work,");
  });

  test("newton with fewer rows than coefficients: refused without --l2, accepted with it; without the summary nothing else is judged", () => {
    expect(message({ rows: 10, cols: 20, options: bernoulli(), optimizer: "newton", summary: false })).toBe(
      "--optimizer newton needs at least as many rows as coefficients without --l2: 10 rows < p = 21 coefficients: (20 feature columns + intercept), " +
        "so some coefficients are not determined by the data. Use --l2 1e-4, or --optimizer lbfgs (auto chose newton) with --l2 1e-4, or fewer columns (--features a,b,c).",
    );
    expect(message({ rows: 10, cols: 20, options: bernoulli({ l2: 1 }), optimizer: "newton", summary: false })).toBeUndefined();
    expect(message({ rows: 21, cols: 20, options: bernoulli(), optimizer: "newton", summary: false })).toBeUndefined();
    expect(message({ rows: 10, cols: 20, options: bernoulli(), optimizer: "lbfgs", summary: false })).toBeUndefined();
  });
});
