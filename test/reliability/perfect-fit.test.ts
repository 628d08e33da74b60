// Issue 8, finding 10 (and must-show 8): a perfect gaussian fit (RSS = 0) returned
// logLikelihood: +Infinity with no warning. Now the fit and its summary carry a warning saying so.
import { describe, expect, test } from "vitest";
import { Trainer } from "../../dist/index.js";

describe("a perfect gaussian fit says its log-likelihood is infinite", () => {
  // y = 1 + 2·x0 − 3·x1 exactly, in small integers so that least squares finds RSS = 0 exactly
  const X = [[1, 0], [0, 1], [1, 1], [2, 1], [3, 5], [4, 2], [0, 0], [5, 3]];
  const y = X.map(([a, b]) => 1 + 2 * a - 3 * b);

  test("RSS = 0 exactly: logLikelihood = +Infinity, and a warning on the fit and in its summary", async () => {
    const trainer = await Trainer.create({ optimizer: "newton", fitIntercept: false });
    const fit = trainer.fit([[1], [2], [4], [8]], [2, 4, 8, 16]);
    expect(fit.objective).toBe(0);
    expect(fit.logLikelihood).toBe(Infinity);
    expect(fit.warnings.some((w) => /Perfect fit: the residual sum of squares is 0.*log-likelihood is \+Infinity/.test(w))).toBe(true);
    expect(fit.summary().warnings.some((w) => /Perfect fit/.test(w))).toBe(true);
    trainer.dispose();
  });

  test("RSS at rounding level: a finite but meaningless log-likelihood is flagged as well", async () => {
    for (const optimizer of ["newton", "lbfgs"] as const) {
      const trainer = await Trainer.create({ optimizer });
      const fit = trainer.fit(X, y);
      expect(fit.objective).toBeLessThan(1e-20);
      expect(fit.warnings.some((w) => /Perfect fit: the residual sum of squares \(.*\) is at rounding level/.test(w) || /is 0, so/.test(w))).toBe(true);
      trainer.dispose();
    }
  });

  test("an imperfect fit has no such warning", async () => {
    const trainer = await Trainer.create({ optimizer: "newton" });
    const fit = trainer.fit(X, y.map((v, i) => v + (i % 2 ? 0.1 : -0.1)));
    expect(Number.isFinite(fit.logLikelihood)).toBe(true);
    expect(fit.warnings.some((w) => /Perfect fit/.test(w))).toBe(false);
    trainer.dispose();
  });
});
