// crossValidate at its edges (bindings/regularization/cross-validation.ts): folds that cannot be
// used are refused naming the fold, the measures a family allows are listed, one λ needs no
// interpolation, held-out probabilities are clipped to glmnet's [1e-5, 1 − 1e-5], and the
// stratified deal gives every fold each label's share. The agreement with cv.glmnet on ordinary
// data is in cross-validation.test.ts.
import { describe, expect, it } from "vitest";
import { InvalidDataError, InvalidOptionError } from "../../dist/index.js";
import { syntheticData } from "../helpers/fixtures.js";
import { thrownBy } from "../helpers/thrown.js";
import { disposingTrainers } from "../helpers/trainers.js";

const trainer = disposingTrainers({ tolerance: 1e-12 });

describe("folds that cannot be used", () => {
  it("a fold whose held-out rows all weigh 0 is refused, naming that fold", async () => {
    const { X, y } = syntheticData("gaussian", 12, 2, 21);
    const t = await trainer({ family: "gaussian" });
    const foldId = X.map((_, i) => (i < 4 ? 1 : i < 8 ? 2 : 3));
    const sampleWeight = X.map((_, i) => (i >= 4 && i < 8 ? 0 : 1));
    const error = thrownBy(() => t.crossValidate(X, y, { foldId, sampleWeight, nLambda: 5 })) as InvalidOptionError;
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect(error.option).toBe("foldId");
    expect(error.value).toBe(2);
    // the same weights with those rows spread over the folds are fine
    expect(() => t.crossValidate(X, y, { foldId: X.map((_, i) => (i % 3) + 1), sampleWeight, nLambda: 5 })).not.toThrow();
  });

  it("AUC of a fold whose held-out rows are all of one class is refused as bad data", async () => {
    const { X, y } = syntheticData("bernoulli", 12, 2, 22);
    const t = await trainer({ family: "bernoulli", l2: 0 });
    const labels = y.map((_, i) => (i < 6 ? 1 : 0));
    const foldId = X.map((_, i) => (i < 4 ? 1 : 2)); // fold 1 holds out rows 0–3, all y = 1
    const error = thrownBy(() => t.crossValidate(X, labels, { foldId, measure: "auc", nLambda: 5 })) as InvalidDataError;
    expect(error).toBeInstanceOf(InvalidDataError);
    expect(error.field).toBe("y");
    expect(error.value).toBe(1);
    expect(() => t.crossValidate(X, labels, { foldId: X.map((_, i) => (i % 2) + 1), measure: "auc", nLambda: 5 })).not.toThrow();
  });

  it("a measure the family does not have is refused with the family's own list", async () => {
    const cases: [Record<string, unknown>, string, string][] = [
      [{ family: "gaussian" }, "auc", '"deviance", "mse"'],
      [{ family: "poisson" }, "class", '"deviance", "mse"'],
      [{ family: "multinomial", classes: 3 }, "auc", '"deviance", "mse", "class"'],
      [{ family: "bernoulli" }, "mae", '"deviance", "mse", "class", "auc"'],
    ];
    for (const [options, measure, allowed] of cases) {
      const family = options.family as "gaussian";
      const { X, y } = syntheticData(family, 20, 2, 23);
      const t = await trainer(options);
      const error = thrownBy(() => t.crossValidate(X, y, { measure: measure as never, folds: 2, nLambda: 3 })) as InvalidOptionError;
      expect(error, measure).toBeInstanceOf(InvalidOptionError);
      expect(error.option).toBe("measure");
      expect(error.expected).toBe(`one of ${allowed} for family "${family}"`);
    }
  });
});

describe("what is measured", () => {
  it("one given λ: every fold is read at it, and λmin = λ1se = that λ", async () => {
    const { X, y } = syntheticData("gaussian", 30, 3, 24);
    const t = await trainer({ family: "gaussian" });
    const cv = t.crossValidate(X, y, { lambdas: [0.05], folds: 3, seed: 2, measure: "mse" });
    expect(Array.from(cv.lambdas)).toEqual([0.05]);
    expect([cv.lambdaMin, cv.lambda1se, cv.indexMin, cv.index1se]).toEqual([0.05, 0.05, 0, 0]);
    // each fold's mse at λ = 0.05 by hand, from a fit on the other folds at the same λ
    const folds = [1, 2, 3].map((f) => {
      const train = X.flatMap((row, i) => (cv.foldId[i] === f ? [] : [i]));
      const held = X.flatMap((row, i) => (cv.foldId[i] === f ? [i] : []));
      const path = t.fitPath(train.map((i) => X[i]), train.map((i) => y[i]), { lambdas: [0.05] });
      const predict = (i: number) => path.intercepts[0][0] + X[i].reduce((s, x, j) => s + x * path.coefficients[0][j], 0);
      return { mse: held.reduce((s, i) => s + (y[i] - predict(i)) ** 2, 0) / held.length, weight: held.length };
    });
    const mean = folds.reduce((s, f) => s + f.weight * f.mse, 0) / 30;
    expect(cv.mean[0]).toBeCloseTo(mean, 8);
    const spread = folds.reduce((s, f) => s + f.weight * (f.mse - mean) ** 2, 0) / 30;
    expect(cv.standardError[0]).toBeCloseTo(Math.sqrt(spread / 2), 8);
  });

  it("bernoulli deviance clips held-out probabilities to [1e-5, 1 − 1e-5] (glmnet's prob_min); mse does not", async () => {
    // separated in both folds: at λ = 1e-8 every held-out row is fitted with probability beyond 1 − 1e-5
    const X = [[-8], [-6], [-5], [5], [6], [8], [-7], [7]];
    const y = [0, 0, 0, 1, 1, 1, 0, 1];
    const foldId = [1, 2, 1, 2, 1, 2, 1, 2];
    const t = await trainer({ family: "bernoulli" });
    const deviance = t.crossValidate(X, y, { foldId, lambdas: [1e-8], measure: "deviance" });
    expect(deviance.mean[0]).toBeCloseTo(-2 * Math.log(1 - 1e-5), 15);
    expect(deviance.mean[0]).toBeGreaterThan(2e-5);
    const mse = t.crossValidate(X, y, { foldId, lambdas: [1e-8], measure: "mse" });
    expect(mse.mean[0]).toBeLessThan(1e-10);
    const misclassified = t.crossValidate(X, y, { foldId, lambdas: [1e-8], measure: "class" });
    expect(misclassified.mean[0]).toBe(0);
  });

  it("stratified multinomial folds: every label dealt round the folds in turn", async () => {
    const { X } = syntheticData("gaussian", 30, 2, 25);
    const y = X.map((_, i) => (i < 12 ? 0 : i < 21 ? 1 : 2));
    const t = await trainer({ family: "multinomial", classes: 3, l2: 0.1 });
    const cv = t.crossValidate(X, y, { folds: 3, seed: 5, nLambda: 3, measure: "class" });
    for (let f = 1; f <= 3; f++) {
      const rows = [...cv.foldId.keys()].filter((i) => cv.foldId[i] === f);
      expect(rows).toHaveLength(10);
      expect([0, 1, 2].map((c) => rows.filter((i) => y[i] === c).length)).toEqual([4, 3, 3]);
    }
    expect(Array.from(cv.mean).every((m) => m >= 0 && m <= 1)).toBe(true);
  });
});
