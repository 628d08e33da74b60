// Early stopping: validation rows scored after every epoch, sklearn's n_iter_no_change rule,
// restoreBest, the seeded (stratified) split, and the refusals.
import { describe, expect, test } from "vitest";
import { InvalidDataError, InvalidOptionError, trainTestSplit, type FitResult, type TrainerOptions } from "../../dist/index.js";
import { seededRandom, syntheticData } from "../helpers/fixtures.js";
import { disposingTrainers } from "../helpers/trainers.js";
import { thrownBy } from "../helpers/thrown.js";

const trainer = disposingTrainers();

/** y = x0 + uniform noise of sd ≈ 1.7 over 30 features: the training loss keeps falling while the held-out loss turns up. */
function noisy(n: number, seed: number) {
  const { X } = syntheticData("gaussian", n, 30, seed);
  const random = seededRandom(seed + 1000);
  return { X, y: X.map((row) => row[0] + 6 * (random() - 0.5)) };
}
const overfit = noisy(100, 7);
const heldOut = noisy(60, 8);
const sgd: TrainerOptions = { optimizer: "sgd", learningRate: 0.002, batchSize: 4, epochs: 300, tolerance: 0 };
const logistic = syntheticData("bernoulli", 100, 3, 7);

/** The stopping rule replayed from its definition (sklearn: no improvement = not below best − minDelta). */
function firstStop(values: ArrayLike<number>, patience: number, minDelta: number): number | null {
  let best = Infinity;
  let stalled = 0;
  for (let e = 0; e < values.length; e++) {
    stalled = values[e] < best - minDelta ? 0 : stalled + 1;
    best = Math.min(best, values[e]);
    if (stalled >= patience) return e + 1;
  }
  return null;
}

function argminEpoch(values: Float64Array): number {
  return values.indexOf(Math.min(...values)) + 1;
}

const relative = (a: number, b: number) => Math.abs(a - b) / Math.max(1, Math.abs(b));

describe("early stopping on a given validation set", () => {
  test("stops by the n_iter_no_change rule and restoreBest returns the parameters of the best validation epoch", async () => {
    const t = await trainer({ ...sgd, earlyStopping: { patience: 4, minDelta: 1e-4 } });
    const fit = t.fit(overfit.X, overfit.y, { validation: heldOut });
    expect(fit.stopReason).toBe("earlyStopping");
    expect(fit.converged).toBe(false);
    expect(fit.validationHistory).toHaveLength(fit.epochs);
    expect(fit.history).toHaveLength(fit.epochs);
    expect(fit.epochs).toBeLessThan(300);
    expect(firstStop(fit.validationHistory, 4, 1e-4)).toBe(fit.epochs);
    expect(fit.bestEpoch).toBe(argminEpoch(fit.validationHistory));
    expect(fit.bestEpoch).toBeGreaterThan(1);
    // bit for bit: evaluate's gradient kernel returns the objective kernel's f
    const atReturned = t.evaluate(heldOut.X, heldOut.y, fit.coefficients, fit.intercept).objective;
    expect(atReturned).toBe(Math.min(...fit.validationHistory));
    expect(relative(atReturned, fit.validationHistory[fit.epochs - 1])).toBeGreaterThan(1e-6);
  });

  test("restoreBest: false returns the last epoch's parameters", async () => {
    const t = await trainer({ ...sgd, earlyStopping: { patience: 4, restoreBest: false } });
    const fit = t.fit(overfit.X, overfit.y, { validation: heldOut });
    expect(fit.stopReason).toBe("earlyStopping");
    const atReturned = t.evaluate(heldOut.X, heldOut.y, fit.coefficients, fit.intercept).objective;
    expect(atReturned).toBe(fit.validationHistory[fit.epochs - 1]);
    expect(fit.bestEpoch).toBeLessThan(fit.epochs);
  });

  test("without earlyStopping a validation set is only scored; onEpoch sees each score", async () => {
    const t = await trainer({ ...sgd, epochs: 40 });
    const seen: number[] = [];
    const fit = t.fit(overfit.X, overfit.y, { validation: heldOut, onEpoch: (p) => void seen.push(p.validationObjective!) });
    expect(fit.stopReason).toBe("maxEpochs");
    expect(fit.epochs).toBe(40);
    expect(Array.from(fit.validationHistory)).toEqual(seen);
    const last = t.evaluate(heldOut.X, heldOut.y, fit.coefficients, fit.intercept).objective;
    expect(last).toBe(seen[39]);
    // the training side is unchanged by watching: same bits as a fit without validation
    const plain = (await trainer({ ...sgd, epochs: 40 })).fit(overfit.X, overfit.y);
    expect(fit.coefficients).toEqual(plain.coefficients);
    expect(fit.history).toEqual(plain.history);
    expect(plain.validationHistory).toHaveLength(0);
    expect(plain.bestEpoch).toBeNull();
  });

  test("the validation objective includes the penalty and the validation weights", async () => {
    const weights = heldOut.y.map((_, i) => (i % 3) + 0.5);
    const t = await trainer({ ...sgd, l2: 0.01, epochs: 5 });
    const fit = t.fit(overfit.X, overfit.y, { validation: { ...heldOut, sampleWeight: weights } });
    const weighted = t.evaluate(heldOut.X, heldOut.y, fit.coefficients, fit.intercept, { sampleWeight: weights }).objective;
    expect(weighted).toBe(fit.validationHistory[4]);
    const unweighted = t.evaluate(heldOut.X, heldOut.y, fit.coefficients, fit.intercept).objective;
    expect(relative(unweighted, fit.validationHistory[4])).toBeGreaterThan(1e-6);
  });

  test("with l1 and penalty factors the validation objective is the fit's whole objective, and the best epoch is chosen by it", async () => {
    // feature 0 unpenalised, the others weighted 1–3 (rescaled to sum to 30)
    const penaltyFactor = Array.from({ length: 30 }, (_, j) => (j === 0 ? 0 : 1 + (j % 3)));
    const runs: TrainerOptions[] = [
      { ...sgd, l1: 0.02, l2: 0.01, penaltyFactor },
      { optimizer: "gd", learningRate: 0.03, tolerance: 0, l2: 0.05, penaltyFactor },
    ];
    for (const options of runs) {
      const t = await trainer({ ...options, epochs: 60, earlyStopping: { patience: 1000 } });
      const fit = t.fit(overfit.X, overfit.y, { validation: heldOut });
      expect(fit.epochs).toBe(60);
      // trainer.evaluate's objective carries Σ fⱼ·((l2/2)·wⱼ² + l1·|wⱼ|), summed by the same function
      const atReturned = t.evaluate(heldOut.X, heldOut.y, fit.coefficients, fit.intercept).objective;
      expect(atReturned, options.optimizer).toBe(Math.min(...fit.validationHistory));
      expect(fit.bestEpoch).toBe(argminEpoch(fit.validationHistory));
      const dataOnly = (await trainer({ optimizer: "sgd" })).evaluate(heldOut.X, heldOut.y, fit.coefficients, fit.intercept).objective;
      expect(relative(dataOnly, atReturned), options.optimizer).toBeGreaterThan(1e-4);
    }
  });

  test("multinomial with l2 and float32: the recorded best is the objective at the returned (centred) parameters", async () => {
    const train = syntheticData("multinomial", 90, 12, 3, 3);
    const valid = syntheticData("multinomial", 50, 12, 4, 3);
    for (const dtype of ["float64", "float32"] as const) {
      const t = await trainer({ family: "multinomial", classes: 3, optimizer: "sgd", learningRate: 0.3, batchSize: 4, epochs: 200, tolerance: 0, l2: 1e-4, dtype, earlyStopping: { patience: 3 } });
      const fit = t.fit(train.X, train.y, { validation: valid });
      expect(fit.stopReason).toBe("earlyStopping");
      const atReturned = t.evaluate(valid.X, valid.y, fit.coefficients, fit.intercept).objective;
      expect(atReturned, dtype).toBe(Math.min(...fit.validationHistory));
    }
  });

  test("gd stops early too", async () => {
    const t = await trainer({ optimizer: "gd", learningRate: 0.03, epochs: 5000, tolerance: 0, earlyStopping: { patience: 10 } });
    const fit = t.fit(overfit.X, overfit.y, { validation: heldOut });
    expect(fit.stopReason).toBe("earlyStopping");
    expect(firstStop(fit.validationHistory, 10, 0)).toBe(fit.epochs);
    expect(fit.bestEpoch).toBe(fit.epochs - 10);
  });
});

describe("the held-out split", () => {
  test("is trainTestSplit's seeded stratified split, both parts in stored order", async () => {
    const options: TrainerOptions = { family: "bernoulli", optimizer: "sgd", learningRate: 0.1, epochs: 30, seed: 11, earlyStopping: { validationFraction: 0.2, patience: 4 } };
    const fit = (await trainer(options)).fit(logistic.X, logistic.y);
    expect(fit.nobs).toBe(80);
    const { trainIndex, testIndex } = trainTestSplit(logistic.X, logistic.y, { testSize: 0.2, seed: 11, stratify: true });
    const rows = (index: Uint32Array) => Array.from(index).sort((a, b) => a - b);
    const part = (index: Uint32Array) => ({ X: rows(index).map((i) => logistic.X[i]), y: rows(index).map((i) => logistic.y[i]) });
    const explicit = (await trainer(options)).fit(part(trainIndex).X, part(trainIndex).y, { validation: part(testIndex) });
    expect(fit.validationHistory).toEqual(explicit.validationHistory);
    expect(fit.coefficients).toEqual(explicit.coefficients);
    // stratified: the held-out share of each label is its share of y, to the row
    const ones = logistic.y.reduce((s, v) => s + v, 0);
    expect(part(testIndex).y.reduce((s, v) => s + v, 0)).toBe(Math.round((20 * ones) / 100));
  });

  test("gaussian splits unstratified and splits the weights with the rows; the same seed gives the same bits", async () => {
    const data = syntheticData("gaussian", 120, 5, 2);
    const sampleWeight = data.y.map((_, i) => 1 + (i % 4));
    const options: TrainerOptions = { optimizer: "sgd", learningRate: 0.01, epochs: 30, tolerance: 0, earlyStopping: true };
    const a = (await trainer(options)).fit(data.X, data.y, { sampleWeight });
    const b = (await trainer(options)).fit({ data: Float64Array.from(data.X.flat()), rows: 120, cols: 5 }, data.y, { sampleWeight });
    expect(a.nobs).toBe(108);
    expect(a.validationHistory).toEqual(b.validationHistory);
    expect(a.coefficients).toEqual(b.coefficients);
    const { trainIndex } = trainTestSplit(data.X, data.y, { testSize: 0.1, seed: 0 });
    expect(a.weightTotal).toBe(Array.from(trainIndex).reduce((s, i) => s + sampleWeight[i], 0));
  });

  test("a bad value in a row names the caller's own row", async () => {
    const X = overfit.X.map((row) => row.slice());
    X[57][3] = Number.NaN;
    const t = await trainer({ ...sgd, earlyStopping: true });
    const error = thrownBy(() => t.fit(X, overfit.y));
    expect(error).toBeInstanceOf(InvalidDataError);
    expect((error as Error).message).toContain("X[57][3]");
  });
});

describe("refusals", () => {
  test("earlyStopping needs an optimizer with epochs, and valid fields", async () => {
    for (const optimizer of ["newton", "lbfgs", "cd", "auto"] as const) {
      await expect(trainer({ optimizer, earlyStopping: true })).rejects.toThrow(InvalidOptionError);
    }
    await expect(trainer({ earlyStopping: { patience: 3 } })).rejects.toThrow(/earlyStopping/);
    const bad: [unknown, string][] = [
      [{ validationFraction: 0 }, "earlyStopping.validationFraction"], [{ validationFraction: 1 }, "earlyStopping.validationFraction"],
      [{ validationFraction: "0.1" }, "earlyStopping.validationFraction"],
      [{ patience: 0 }, "earlyStopping.patience"], [{ patience: 1.5 }, "earlyStopping.patience"], [{ patience: 2 ** 31 }, "earlyStopping.patience"],
      [{ minDelta: -1 }, "earlyStopping.minDelta"], [{ minDelta: Number.NaN }, "earlyStopping.minDelta"], [{ minDelta: Number.POSITIVE_INFINITY }, "earlyStopping.minDelta"],
      [{ restoreBest: 1 }, "earlyStopping.restoreBest"], [{ other: 1 }, "earlyStopping.other"],
      ["yes", "earlyStopping"], [[1], "earlyStopping"], [3, "earlyStopping"],
    ];
    for (const [value, option] of bad) {
      const error = await trainer({ ...sgd, earlyStopping: value as never }).catch((e) => e);
      expect(error, JSON.stringify(value)).toBeInstanceOf(InvalidOptionError);
      expect((error as InvalidOptionError).option, JSON.stringify(value)).toBe(option);
    }
    const given = await trainer({ ...sgd, earlyStopping: { validationFraction: 0.25, patience: 2, minDelta: 1e-3, restoreBest: false } });
    expect(given.options.earlyStopping).toEqual({ validationFraction: 0.25, patience: 2, minDelta: 1e-3, restoreBest: false });
    expect((await trainer({ ...sgd, earlyStopping: false })).options.earlyStopping).toBeNull();
    expect((await trainer({ ...sgd, earlyStopping: true })).options.earlyStopping).toEqual({ validationFraction: 0.1, patience: 5, minDelta: 0, restoreBest: true });
  });

  test("validation rows are checked like the training rows, and only gd/sgd take them", async () => {
    const t = await trainer(sgd);
    const cases: [unknown, new (...args: never[]) => Error, string][] = [
      [{ X: heldOut.X.map((r) => r.slice(1)), y: heldOut.y }, InvalidDataError, "X"],
      [{ X: heldOut.X, y: heldOut.y.slice(1) }, InvalidDataError, "y"],
      [{ X: heldOut.X, y: heldOut.y.map(() => Number.NaN) }, InvalidDataError, "y"],
      [{ X: heldOut.X, y: heldOut.y, sampleWeight: heldOut.y.map(() => -1) }, InvalidDataError, "sampleWeight"],
      [{ X: heldOut.X, y: heldOut.y, sampleWeight: heldOut.y.map(() => 0) }, InvalidDataError, "sampleWeight"],
      [{ X: heldOut.X }, InvalidOptionError, "validation"],
      [{ y: heldOut.y }, InvalidOptionError, "validation"],
      [{ X: heldOut.X, y: heldOut.y, extra: 1 }, InvalidOptionError, "validation.extra"],
      [[heldOut.X, heldOut.y], InvalidOptionError, "validation"],
    ];
    for (const [validation, kind, field] of cases) {
      const error = thrownBy(() => t.fit(overfit.X, overfit.y, { validation: validation as never }));
      expect(error, field).toBeInstanceOf(kind);
      expect(error instanceof InvalidOptionError ? error.option : (error as InvalidDataError).field, JSON.stringify(Object.keys(validation as object))).toBe(field);
    }
    expect(thrownBy(() => t.evaluate(heldOut.X, heldOut.y, new Float64Array(30), [0], { validation: heldOut } as never))).toBeInstanceOf(InvalidOptionError);
    const newton = await trainer({ optimizer: "newton" });
    expect(thrownBy(() => newton.fit(overfit.X, overfit.y, { validation: heldOut }))).toBeInstanceOf(InvalidOptionError);
  });

  test("a fraction that leaves no training row is refused by name; a refused fit leaves the last one", async () => {
    const t = await trainer({ ...sgd, epochs: 3, earlyStopping: { validationFraction: 0.9 } });
    expect(t.fit(overfit.X.slice(0, 10), overfit.y.slice(0, 10)).nobs).toBe(1); // ⌈0.9·10⌉ = 9 of 10 rows held out
    const good: FitResult = t.fit(overfit.X, overfit.y);
    const error = thrownBy(() => t.fit(overfit.X.slice(0, 2), [0, 1]));
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect((error as InvalidOptionError).option).toBe("earlyStopping.validationFraction");
    expect(t.predict(overfit.X.slice(0, 1))[0]).toBeCloseTo(good.intercept[0] + overfit.X[0].reduce((s, x, j) => s + x * good.coefficients[j], 0), 12);
  });
});
