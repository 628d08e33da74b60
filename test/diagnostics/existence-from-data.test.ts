// The up-front existence check (bindings/diagnostics/existence.ts) where y alone shows there is no
// finite MLE: which classes it names, the rows it counts (positive weight only) and the
// intercept-only objective it reports, computed here from the reported intercepts in plain JS.
import { describe, expect, it } from "vitest";
import { SeparationError } from "../../dist/index.js";
import { thrownBy } from "../helpers/thrown.js";
import { disposingTrainers } from "../helpers/trainers.js";

const trainer = disposingTrainers();
const X = [[0.2, 1], [-0.4, 0.5], [1.1, -0.3], [0.7, 0.9], [-1.2, 0.1], [0.3, -0.8], [0.9, 0.4]];

function separation(error: unknown): SeparationError {
  expect(error).toBeInstanceOf(SeparationError);
  expect((error as SeparationError).detectedBy).toBe("data");
  return error as SeparationError;
}

describe("multinomial: classes that never occur (among rows of positive weight)", () => {
  it("names every absent class, counts the weighted rows, reports f = (1/W)·Σ s·(log Σ e^b − b_y)", async () => {
    const t = await trainer({ family: "multinomial", classes: 4, optimizer: "lbfgs" });
    // class 2 occurs only in a row of weight 0: absent like class 1
    const y = [0, 3, 3, 0, 2, 3, 0];
    const weights = [1, 2, 0.5, 1, 0, 3, 1.5];
    const error = separation(thrownBy(() => t.fit(X, y, { sampleWeight: weights })));
    expect(error.diverging).toEqual(["intercept (class 1)", "intercept (class 2)"]);
    expect(error.message).toMatch(/classes 1, 2 never occur in y/);
    expect(error.extremeRows).toBe(6);
    expect(error.iterations).toBe(0);
    expect(Array.from(error.lastEstimate.coefficients)).toEqual(new Array(2 * 4).fill(0));
    const b = Array.from(error.lastEstimate.intercept);
    expect(b).toHaveLength(4);
    const top = Math.max(...b);
    const logSumExp = top + Math.log(b.reduce((s, v) => s + Math.exp(v - top), 0));
    let loss = 0;
    let total = 0;
    y.forEach((label, i) => {
      if (weights[i] === 0) return;
      loss += weights[i] * (logSumExp - b[label]);
      total += weights[i];
    });
    expect(error.lastEstimate.objective).toBeCloseTo(loss / total, 12);
  });

  it("one absent class is named in the singular; every class present is no refusal", async () => {
    const t = await trainer({ family: "multinomial", classes: 3, optimizer: "newton" });
    const error = separation(thrownBy(() => t.fit(X, [0, 2, 2, 0, 2, 0, 0])));
    expect(error.message).toMatch(/class 1 never occurs in y/);
    expect(error.diverging).toEqual(["intercept (class 1)"]);
    expect(error.extremeRows).toBe(7);
    const b = Array.from(error.lastEstimate.intercept);
    const logSumExp = Math.log(b.reduce((s, v) => s + Math.exp(v), 0));
    const expected = [0, 2, 2, 0, 2, 0, 0].reduce((s, label) => s + logSumExp - b[label], 0) / 7;
    expect(error.lastEstimate.objective).toBeCloseTo(expected, 12);
    // (X separates these classes, so an L2 penalty keeps the estimate finite; y alone is no reason to refuse)
    const penalised = await trainer({ family: "multinomial", classes: 3, optimizer: "newton", l2: 0.5 });
    expect(() => penalised.fit(X, [0, 2, 1, 0, 2, 1, 0])).not.toThrow();
    expect(separation(thrownBy(() => penalised.fit(X, [0, 2, 2, 0, 2, 0, 0]))).diverging).toEqual(["intercept (class 1)"]);
  });
});

describe("bernoulli and poisson", () => {
  it("every y 0 is named as 0, and the objective is the mean softplus(b) at the reported b", async () => {
    const t = await trainer({ family: "bernoulli", optimizer: "newton" });
    const error = separation(thrownBy(() => t.fit(X, [0, 0, 0, 0, 0, 0, 0])));
    expect(error.message).toMatch(/every y is 0/);
    const b = error.lastEstimate.intercept[0];
    expect(b).toBeLessThan(0);
    expect(error.lastEstimate.objective).toBeCloseTo(Math.log1p(Math.exp(b)), 12);
  });

  it("a poisson y with one positive count among zero-weight rows elsewhere is fitted, not refused", async () => {
    const t = await trainer({ family: "poisson", optimizer: "newton", l2: 0.5 });
    expect(() => t.fit(X, [0, 0, 3, 0, 0, 0, 0], { sampleWeight: [0, 1, 1, 1, 0, 1, 1] })).not.toThrow();
    const error = separation(thrownBy(() => t.fit(X, [0, 0, 3, 0, 0, 0, 0], { sampleWeight: [1, 1, 0, 1, 1, 1, 1] })));
    expect(error.extremeRows).toBe(6);
    expect(error.lastEstimate.objective).toBeCloseTo(Math.exp(error.lastEstimate.intercept[0]), 12);
  });

  it("gaussian, and any family without an intercept, is never refused from y alone", async () => {
    const gaussian = await trainer({ family: "gaussian", optimizer: "newton" });
    expect(() => gaussian.fit(X, [1, 1, 1, 1, 1, 1, 1])).not.toThrow();
    const mirrored = [[1], [-1], [2], [-2]];
    const bernoulli = await trainer({ family: "bernoulli", optimizer: "newton", fitIntercept: false });
    expect(bernoulli.fit(mirrored, [1, 1, 1, 1]).coefficients[0]).toBeCloseTo(0, 8);
  });
});
