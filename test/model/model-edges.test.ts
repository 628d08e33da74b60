// Model's decisions at their edges, on hand-made documents: P = ½ exactly is class 0 (as
// scikit-learn's decision > 0), tied class probabilities give the lowest class, score per family
// with weights, and a wrong width names the column counts and the features.
import { describe, expect, it } from "vitest";
import { InvalidDataError, InvalidModelError, Model, metrics } from "../../dist/index.js";
import { thrownBy } from "../helpers/thrown.js";

const doc = (family: string, names: string[], coefficients: number[], intercept: number[], classes = 1) => ({
  format: "wasm-mle-model", version: 1, family, classes, dtype: "float64", fitIntercept: true, featureNames: names, coefficients, intercept, options: {},
});

describe("Model at the edges", () => {
  it("bernoulli: P = ½ is class 0, just above is class 1", async () => {
    const model = await Model.fromJSON(doc("bernoulli", ["x"], [1], [0]));
    expect([...model.predict([[0], [1e-9], [-1e-9]])].map((p) => p === 0.5)).toEqual([true, false, false]);
    expect([...model.predictClass([[0], [1e-9], [-1e-9], [3]])]).toEqual([0, 1, 0, 1]);
    expect(model.family).toBe("bernoulli");
    expect(model.features).toBe(1);
  });

  it("multinomial: the most probable class, the lowest of tied ones", async () => {
    // η_c = b_c + x·w_c with w = (0, 1, 1) (feature-major: coefficients[j·K + c]) and b = (0, 0, 0).
    const model = await Model.fromJSON(doc("multinomial", ["x"], [0, 1, 1], [0, 0, 0], 3));
    expect([...model.predictClass([[0], [1], [-1]])]).toEqual([0, 1, 0]);
    const ranked = await Model.fromJSON(doc("multinomial", ["x"], [0, 0, 0], [0, 2, 1], 3));
    expect([...ranked.predictClass([[5]])]).toEqual([1]);
    const last = await Model.fromJSON(doc("multinomial", ["x"], [0, 0, 0], [0, 1, 2], 3));
    expect([...last.predictClass([[5], [0]])]).toEqual([2, 2]);
  });

  it("score: r2 for gaussian, deviance explained for poisson, accuracy for classifiers, weighted", async () => {
    const X = [[0], [1], [2], [3]];
    const w = { sampleWeight: [1, 2, 0.5, 1] };
    const gaussian = await Model.fromJSON(doc("gaussian", ["x"], [2], [1]));
    const y = [1.5, 2.5, 5.5, 6];
    expect(gaussian.score(X, y, w)).toBe(metrics.r2(y, gaussian.predict(X), w));
    expect(gaussian.score(X, y)).toBe(metrics.r2(y, gaussian.predict(X)));
    const poisson = await Model.fromJSON(doc("poisson", ["x"], [0.5], [0]));
    const counts = [1, 2, 2, 5];
    expect(poisson.score(X, counts, w)).toBe(metrics.poissonDevianceExplained(counts, poisson.predict(X), w));
    const bernoulli = await Model.fromJSON(doc("bernoulli", ["x"], [1], [-1.5]));
    const labels = [0, 0, 0, 1];
    expect(bernoulli.score(X, labels, w)).toBe(metrics.accuracy(labels, bernoulli.predictClass(X), w));
    expect(bernoulli.score(X, labels, w)).toBe(4 / 4.5);
  });

  it("predictClass of gaussian and poisson is an InvalidModelError on family", async () => {
    for (const family of ["gaussian", "poisson"]) {
      const model = await Model.fromJSON(doc(family, ["x"], [1], [0]));
      const error = thrownBy(() => model.predictClass([[1]])) as InvalidModelError;
      expect(error).toBeInstanceOf(InvalidModelError);
      expect(error.field).toBe("family");
      expect(error.value).toBe(family);
    }
  });

  it("X of another width: the counts and the features, shortened past ten", async () => {
    const few = await Model.fromJSON(doc("gaussian", ["a", "b"], [1, 1], [0]));
    const error = thrownBy(() => few.predict([[1, 2, 3]])) as InvalidDataError;
    expect(error).toBeInstanceOf(InvalidDataError);
    expect(error.value).toBe(3);
    expect(error.message).toMatch(/it has 3 columns but the model has 2 features \(a, b\)/);
    const names = Array.from({ length: 12 }, (_, j) => `f${j}`);
    const many = await Model.fromJSON(doc("gaussian", names, names.map(() => 0), [0]));
    expect((thrownBy(() => many.predict([[1]])) as Error).message).toMatch(/has 12 features \(f0, f1, f2, f3, f4, f5, f6, f7, f8, f9 … and 2 more\)/);
  });
});
