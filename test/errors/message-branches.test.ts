// Each branch of the errors' messages (bindings/errors/*.ts) says what its case is: the unit
// (epoch or iteration), the advice for the schedule, singular or plural, the cause of a stale fit,
// the place of an unknown level; and the fields the constructors derive (defaults included).
import { describe, expect, it } from "vitest";
import {
  AbortError, BusyError, ChunkBufferError, CollinearityError, ConvergenceError, DataTooLargeError, DisposedError, DivergenceError,
  SeparationError, StaleFitError, UnknownLevelError,
} from "../../dist/index.js";

const last = { coefficients: new Float64Array(1), intercept: new Float64Array(1), objective: 0.75 };
const schedule = (s: object) => s as never;

describe("DivergenceError", () => {
  it("an iteration of newton/lbfgs: no learning rate, the standardise advice, no schedule", () => {
    const error = new DivergenceError(5, Number.NaN, null, 2.5, null, { schedule: schedule({ kind: "constant" }), l2: 0 });
    expect(error.message).toMatch(/^The fit diverged at iteration 5: the objective became NaN \(last finite value 2\.5\)\. Standardise the features or add an l2 penalty\.$/);
    expect(error.schedule).toBeNull();
    expect([error.epoch, error.learningRate, error.lastFiniteObjective, error.startObjective]).toEqual([5, null, 2.5, null]);
  });

  it("an epoch: the growth against the start when the objective is finite, else what it became", () => {
    const grew = new DivergenceError(3, 4e12, 0.5, null, 40);
    expect(grew.message).toMatch(/^The fit diverged at epoch 3: the objective grew to 4000000000000, 1e10 or more times its start 40\. Try a smaller learningRate than 0\.5 \(for example 0\.05\), or standardise the features\.$/);
    expect(grew.schedule).toBeNull();
    const infinite = new DivergenceError(3, Number.POSITIVE_INFINITY, 0.5, 7, 40);
    expect(infinite.message).toMatch(/the objective became Infinity \(last finite value 7\)\. Try/);
  });

  it('schedule "optimal": its first rate 1/(l2·(1 + t0)) to 3 digits and a larger l2', () => {
    const optimal = schedule({ kind: "optimal", t0: 3 });
    const error = new DivergenceError(2, Number.NaN, 0.1, null, null, { schedule: optimal, l2: 0.03 });
    expect(error.schedule).toBe(optimal);
    expect(error.message).toContain('Schedule "optimal" does not use learningRate: its rate is 1/(l2·(t + t0)), 8.33 at the first update (l2 = 0.03, t0 = 3)');
    expect(error.message).toContain("(for example l2: 0.3)");
    expect(error.message).not.toContain("Try a smaller learningRate");
  });

  it("a schedule floor above a tenth of the rate must be lowered too; at a tenth it need not", () => {
    for (const kind of ["cosine", "adaptive"]) {
      const above = new DivergenceError(1, Number.NaN, 1, null, null, { schedule: schedule({ kind, minLearningRate: 0.2 }), l2: 0 });
      expect(above.message).toContain(`Try a smaller learningRate than 1 (for example 0.1), or standardise the features. Schedule "${kind}" needs its minLearningRate (0.2) ≤ learningRate: lower it too.`);
      const atTenth = new DivergenceError(1, Number.NaN, 1, null, null, { schedule: schedule({ kind, minLearningRate: 0.1 }), l2: 0 });
      expect(atTenth.message).toMatch(/or standardise the features\.$/);
    }
    // Another schedule's fields are not a floor.
    const step = new DivergenceError(1, Number.NaN, 1, null, null, { schedule: schedule({ kind: "step", minLearningRate: 0.5 }), l2: 0 });
    expect(step.message).toMatch(/or standardise the features\.$/);
  });
});

describe("fit outcome errors", () => {
  it("CollinearityError: singular and plural", () => {
    const one = new CollinearityError(["x2"], [1]);
    expect(one.message).toMatch(/x2 is exactly collinear .* Remove that column, or pass collinear: "drop" to fix its coefficient at 0/);
    const two = new CollinearityError(["x2", "x3"], [1, 2]);
    expect(two.message).toMatch(/x2, x3 are exactly collinear .* Remove those columns, .* to fix their coefficients at 0/);
    expect([two.terms, two.columns]).toEqual([["x2", "x3"], [1, 2]]);
  });

  it("SeparationError found by the iterations: defaults, units, the family's wording, the advice", () => {
    const plain = new SeparationError(["x"], 7, 3, last);
    expect([plain.family, plain.optimizer, plain.detectedBy]).toEqual(["bernoulli", null, "iterations"]);
    expect(plain.message).toMatch(/^The classes are \(quasi-\)completely separated: after 7 iterations 3 rows have fitted probabilities numerically 0 or 1 and x keeps growing without bound, .* Add an L2 penalty/);
    const gd = new SeparationError(["x", "z"], 9, 2, last, { optimizer: "gd" });
    expect(gd.message).toMatch(/after 9 gd epochs 2 rows .* x, z keep growing/);
    expect(new SeparationError(["x"], 9, 2, last, { optimizer: "sgd" }).message).toMatch(/after 9 sgd epochs/);
    expect(new SeparationError(["x"], 9, 2, last, { optimizer: "lbfgs" }).message).toMatch(/after 9 lbfgs iterations/);
    const poisson = new SeparationError(["x"], 4, 5, last, { family: "poisson", optimizer: "newton" });
    expect(poisson.family).toBe("poisson");
    expect(poisson.message).toMatch(/^Some rows with y = 0 can be fitted with mean 0: after 4 newton iterations 5 rows with y = 0 have fitted means numerically 0 and x keeps growing/);
    const intercepts = new SeparationError(["intercept[0]", "intercept[2]"], 4, 5, last, { family: "multinomial" });
    expect(intercepts.message).toMatch(/Only intercepts diverge/);
    expect(intercepts.message).not.toMatch(/Add an L2 penalty/);
  });

  it("SeparationError found in the data: the reason, and the advice for an absent class", () => {
    const single = new SeparationError(["intercept"], 0, 0, last, { detectedBy: "data" });
    expect(single.detectedBy).toBe("data");
    expect(single.message).toMatch(/^No finite maximum-likelihood estimate exists: y takes a single value \(rows with positive weight\), so intercept would have to be infinite/);
    expect(single.message).toMatch(/An L2 penalty does not help/);
    const absent = new SeparationError(["intercept[1]"], 0, 0, last, { detectedBy: "data", family: "multinomial", reason: "class 1 never occurs" });
    expect(absent.message).toMatch(/exists: class 1 never occurs \(rows/);
    expect(absent.message).toMatch(/A class never occurs in y: remove that class/);
  });

  it("ConvergenceError: the detail when given, else the ill-posed advice", () => {
    expect(new ConvergenceError("stepHalving", 6, last, 30).message).toMatch(/iteration 6: .* after 30 step halvings \(last finite objective 0\.75\)\. The problem is numerically ill-posed/);
    expect(new ConvergenceError("stepHalving", 6, last, 30, "Odd.").message).toMatch(/objective 0\.75\)\. Odd\.$/);
  });
});

describe("lifetime and worker errors", () => {
  it("DisposedError: after dispose, or during the fit", () => {
    expect(new DisposedError("fit").message).toMatch(/^Trainer\.fit\(\) was called after dispose\(\)/);
    const during = new DisposedError("fit", true);
    expect(during.duringFit).toBe(true);
    expect(during.message).toMatch(/^dispose\(\) was called while Trainer\.fit\(\) was running/);
    expect(new DisposedError("predict").duringFit).toBe(false);
  });

  it("StaleFitError names what released the data", () => {
    const causes = {
      fit: /when fit\(\) was called again\./, dispose: /when dispose\(\) was called\./, predict: /when predict\(\) needed its memory \(the new data/,
      evaluate: /when evaluate\(\) needed its memory \(the new data/, partialFit: /when partialFit\(\) needed its memory \(the chunk did not fit/,
    } as const;
    for (const [by, cause] of Object.entries(causes)) {
      const error = new StaleFitError("summary", by as keyof typeof causes);
      expect(error.releasedBy).toBe(by);
      expect(error.message).toMatch(/^fit\.summary\(\) needs the data of its fit/);
      expect(error.message).toMatch(cause);
    }
  });

  it("BusyError: fit.summary or the trainer's method", () => {
    expect(new BusyError("fit", "summary").message).toMatch(/^fit\.summary\(\) was called while Trainer\.fit\(\)/);
    expect(new BusyError("fit", "predict").message).toMatch(/^Trainer\.predict\(\) was called while Trainer\.fit\(\)/);
  });

  it("ChunkBufferError: stale or not the trainer's", () => {
    expect(new ChunkBufferError("stale", "X").message).toMatch(/^X: a stale chunk buffer\./);
    expect(new ChunkBufferError("mismatch", "other views").message).toBe("Not the trainer's chunk buffer: other views.");
  });

  it("AbortError: the reason as an Error's name and message, or described", () => {
    expect(new AbortError("fit").message).toBe("fit() was aborted; nothing was returned.");
    expect(new AbortError("fit", new TypeError("gone")).message).toBe("fit() was aborted (TypeError: gone); nothing was returned.");
    expect(new AbortError("fit", "tab closed").message).toBe('fit() was aborted (reason: "tab closed"); nothing was returned.');
    expect(new AbortError("fit", null).message).toBe("fit() was aborted (reason: null); nothing was returned.");
  });

  it("DataTooLargeError: MiB below 1 GiB, GiB from it", () => {
    expect(new DataTooLargeError(2 ** 31, 2 ** 32, "The fit").message).toMatch(/^The fit needs 2\.00 GiB of WebAssembly memory, more than the 4\.00 GiB/);
    expect(new DataTooLargeError(2 ** 30 - 2 ** 20, 2 ** 30, "x").message).toMatch(/^x needs 1023\.0 MiB .* than the 1\.00 GiB/);
  });
});

describe("UnknownLevelError", () => {
  it("the place: where, else the 1-based row, else none", () => {
    expect(new UnknownLevelError("firm", "Tesla", ["Ford", "GM"], 4, "data.csv line 7").message).toMatch(/^data\.csv line 7: column "firm" has the level "Tesla"/);
    expect(new UnknownLevelError("firm", "Tesla", ["Ford", "GM"], 4).message).toMatch(/^Row 5: column "firm"/);
    expect(new UnknownLevelError("firm", "Tesla", ["Ford", "GM"], 0).message).toMatch(/^Row 1: column/);
    const none = new UnknownLevelError("firm", "Tesla", ["Ford", "GM"]);
    expect(none.message).toMatch(/^column "firm" has the level "Tesla", which the model was not fitted with; its known levels are "Ford", "GM"\.$/);
    expect(none.row).toBeUndefined();
  });

  it("lists 12 known levels in full, then how many there are", () => {
    const levels = (n: number) => Array.from({ length: n }, (_, i) => `L${i}`);
    expect(new UnknownLevelError("c", "x", levels(12)).message).toMatch(/known levels are "L0", .*"L11"\.$/);
    const many = new UnknownLevelError("c", "x", levels(13));
    expect(many.message).toMatch(/"L11", … \(13 levels\)\.$/);
    expect(many.message).not.toContain('"L12"');
    expect(many.knownLevels).toHaveLength(13);
  });
});
