// earlyStopping's held-out split (bindings/training/early-stopping.ts splitForValidation, takePart)
// beyond the bernoulli and gaussian cases of early-stopping.test.ts: multinomial splits stratified
// as sklearn's SGDClassifier, poisson does not; a part whose drawn rows all weigh 0, and a value
// beyond float32 in a row, are refused naming the caller's own row; the split's validation rows
// are scored with the centred multinomial parameters.
import { describe, expect, test } from "vitest";
import { InvalidDataError, trainTestSplit, type TrainerOptions } from "../../dist/index.js";
import { syntheticData } from "../helpers/fixtures.js";
import { thrownBy } from "../helpers/thrown.js";
import { disposingTrainers } from "../helpers/trainers.js";

const trainer = disposingTrainers();
const sorted = (index: Uint32Array) => Array.from(index).sort((a, b) => a - b);

describe("which families split stratified", () => {
  for (const [family, stratify] of [["multinomial", true], ["poisson", false]] as const) {
    test(`${family}: trainTestSplit's split with stratify ${stratify}, both parts in stored order`, async () => {
      const data = syntheticData(family, 90, 3, 5, 3);
      const options: TrainerOptions = {
        family, ...(family === "multinomial" ? { classes: 3 } : {}), optimizer: "sgd", learningRate: 0.05, epochs: 8, tolerance: 0, seed: 3,
        earlyStopping: { validationFraction: 0.3, patience: 100 },
      };
      const fit = (await trainer(options)).fit(data.X, data.y);
      expect(fit.nobs).toBe(63);
      const { trainIndex, testIndex } = trainTestSplit(data.X, data.y, { testSize: 0.3, seed: 3, stratify });
      const part = (index: Uint32Array) => ({ X: sorted(index).map((i) => data.X[i]), y: sorted(index).map((i) => data.y[i]) });
      const explicit = (await trainer(options)).fit(part(trainIndex).X, part(trainIndex).y, { validation: part(testIndex) });
      expect(fit.validationHistory).toEqual(explicit.validationHistory);
      expect(fit.coefficients).toEqual(explicit.coefficients);
      if (stratify) {
        // and not the unstratified split (the two differ on these rows)
        const other = trainTestSplit(data.X, data.y, { testSize: 0.3, seed: 3, stratify: false });
        expect(sorted(other.testIndex)).not.toEqual(sorted(testIndex));
      }
    });
  }
});

describe("refusals of a drawn part", () => {
  const data = syntheticData("gaussian", 40, 2, 8);
  const options: TrainerOptions = { optimizer: "sgd", learningRate: 0.01, epochs: 3, earlyStopping: { validationFraction: 0.25 } };

  test("held-out rows that all weigh 0: sampleWeight, and the trainer keeps its model", async () => {
    const { testIndex } = trainTestSplit(data.X, data.y, { testSize: 0.25, seed: 0 });
    const held = new Set(testIndex);
    const t = await trainer(options);
    const before = t.fit(data.X, data.y);
    const error = thrownBy(() => t.fit(data.X, data.y, { sampleWeight: data.y.map((_, i) => (held.has(i) ? 0 : 1)) }));
    expect(error).toBeInstanceOf(InvalidDataError);
    expect((error as InvalidDataError).field).toBe("sampleWeight");
    expect((error as Error).message).toContain("the 10 rows drawn");
    expect(t.predict([data.X[0]])[0]).toBeCloseTo(before.intercept[0] + data.X[0][0] * before.coefficients[0] + data.X[0][1] * before.coefficients[1], 12);
    // one positive weight among them is enough
    const one = data.y.map((_, i) => (held.has(i) && i !== testIndex[0] ? 0 : 1));
    expect(t.fit(data.X, data.y, { sampleWeight: one }).nobs).toBe(30);
  });

  test("a value beyond float32 is refused by its row and column, in flat and nested X", async () => {
    const t = await trainer({ ...options, dtype: "float32" });
    const X = data.X.map((row) => row.slice());
    X[13][1] = 1e39;
    const nested = thrownBy(() => t.fit(X, data.y)) as InvalidDataError;
    expect(nested).toBeInstanceOf(InvalidDataError);
    expect([nested.field, nested.index]).toEqual(["X", 13 * 2 + 1]);
    expect(nested.message).toMatch(/X\[13\]\[1\] = 1e\+39 .*in float32/);
    const flat = thrownBy(() => t.fit({ data: Float64Array.from(X.flat()), rows: 40, cols: 2 }, data.y)) as InvalidDataError;
    expect([flat.field, flat.index]).toEqual(["X", 27]);
    // float64 takes it (a step small enough for columns of 1e39)
    expect((await trainer({ ...options, learningRate: 1e-80 })).fit(X, data.y).nobs).toBe(30);
  });
});
