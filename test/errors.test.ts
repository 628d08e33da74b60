// Bad input gets a typed error that names the value and what is valid, and changes nothing.
import { describe, expect, test } from "vitest";
import {
  DataTooLargeError, DisposedError, DivergenceError, InvalidDataError, InvalidOptionError, NotFittedError, Trainer, WasmMleError,
  type TrainerOptions,
} from "../dist/index.js";
import { syntheticData } from "./helpers/fixtures.js";
import { thrownBy } from "./helpers/thrown.js";

const X = [[0.1, 1], [0.4, 2], [0.2, 3], [0.9, 4]];

/** A trainer with a model already fitted, to show that a failed call leaves it as it was. */
async function fittedTrainer(options: TrainerOptions = {}) {
  const trainer = await Trainer.create({ family: "bernoulli", optimizer: "gd", learningRate: 0.1, epochs: 50, ...options });
  // y = [0, 1, 1, 0]: the classes overlap, so the MLE exists ([0, 1, 0, 1] is separated by x0).
  trainer.fit(X, [0, 1, 1, 0]);
  return { trainer, before: trainer.predict(X) };
}

function expectUnchanged(trainer: Trainer, before: Float64Array) {
  expect(Array.from(trainer.predict(X))).toEqual(Array.from(before));
}

describe("invalid data", () => {
  const cases: [string, () => [unknown, unknown, unknown?], RegExp][] = [
    ["NaN in X", () => [[[0.1, 1], [NaN, 2], [0.2, 3], [0.9, 4]], [0, 1, 0, 1]], /X\[1\]\[0\] = NaN is not a finite number/],
    ["Infinity in X", () => [[[0.1, 1], [0.4, 2], [0.2, Infinity], [0.9, 4]], [0, 1, 0, 1]], /X\[2\]\[1\] = Infinity/],
    ["-Infinity in a flat X", () => [{ data: Float64Array.of(0.1, 1, 0.4, 2, 0.2, 3, 0.9, -Infinity), rows: 4, cols: 2 }, [0, 1, 0, 1]], /X\[3\]\[1\] = -Infinity/],
    ["NaN in y", () => [X, [0, NaN, 0, 1]], /y\[1\] = NaN is not a finite number/],
    ["NaN in sampleWeight", () => [X, [0, 1, 0, 1], [1, 1, NaN, 1]], /sampleWeight\[2\] = NaN; weights must be finite numbers ≥ 0/],
    ["Infinity in sampleWeight", () => [X, [0, 1, 0, 1], [1, Infinity, 1, 1]], /sampleWeight\[1\] = Infinity/],
    ["negative weight", () => [X, [0, 1, 0, 1], [1, 1, 1, -2]], /sampleWeight\[3\] = -2; weights must be finite numbers ≥ 0/],
    ["all-zero weights", () => [X, [0, 1, 0, 1], [0, 0, 0, 0]], /all weights are 0/],
    ["weights of the wrong length", () => [X, [0, 1, 0, 1], [1, 1]], /sampleWeight.*2 values but X has 4 rows/],
    ["ragged rows", () => [[[0.1, 1], [0.4], [0.2, 3], [0.9, 4]], [0, 1, 0, 1]], /ragged rows: row 1 has 1 values but row 0 has 2/],
    ["rows ≠ length of y", () => [X, [0, 1, 0]], /y: it has 3 values but X has 4 rows/],
    ["zero rows", () => [[], []], /zero rows/],
    ["flat data of the wrong size", () => [{ data: [1, 2, 3], rows: 2, cols: 2 }, [0, 1]], /data has 3 values but rows × cols = 2 × 2 = 4/],
    ["bernoulli y not 0/1", () => [X, [0, 1, 2, 1]], /y\[2\] = 2: bernoulli needs y to be 0 or 1/],
  ];
  for (const [name, make, message] of cases) {
    test(name, async () => {
      const { trainer, before } = await fittedTrainer();
      const [x, y, sampleWeight] = make();
      const error = thrownBy(() => trainer.fit(x as any, y as any, sampleWeight ? { sampleWeight: sampleWeight as number[] } : {}));
      expect(error).toBeInstanceOf(InvalidDataError);
      expect(error).toBeInstanceOf(WasmMleError);
      expect((error as InvalidDataError).code).toBe("INVALID_DATA");
      expect((error as Error).message).toMatch(message);
      expectUnchanged(trainer, before);
    });
  }

  test("a value that overflows float32 is refused in float32 mode", async () => {
    const trainer = await Trainer.create({ dtype: "float32", optimizer: "sgd" });
    expect(() => trainer.fit([[1], [1e39]], [0, 1])).toThrow(/X\[1\]\[0\] = 1e\+39 overflows float32/);
  });

  test("poisson y negative or non-integer", async () => {
    const trainer = await Trainer.create({ family: "poisson" });
    expect(() => trainer.fit(X, [0, 1, -1, 2])).toThrow(/y\[2\] = -1: poisson needs y to be a non-negative integer count/);
    expect(() => trainer.fit(X, [0, 1.5, 1, 2])).toThrow(/y\[1\] = 1.5: poisson needs y to be a non-negative integer count/);
  });

  test("multinomial label ≥ K", async () => {
    const trainer = await Trainer.create({ family: "multinomial", classes: 3 });
    expect(() => trainer.fit(X, [0, 1, 3, 2])).toThrow(/y\[2\] = 3: multinomial with classes = 3 needs y to be an integer label in 0..2/);
  });

  test("predict with the wrong number of columns", async () => {
    const { trainer } = await fittedTrainer();
    expect(() => trainer.predict([[1, 2, 3]])).toThrow(/3 columns but the model was fitted with 2/);
  });
});

describe("invalid options", () => {
  const cases: [TrainerOptions | Record<string, unknown>, RegExp][] = [
    [{ learningRate: 0 }, /learningRate: got 0; expected a finite number > 0/],
    [{ learningRate: -0.1 }, /learningRate: got -0.1/],
    [{ learningRate: NaN }, /learningRate: got NaN/],
    [{ learningRate: "fast" }, /learningRate: got "fast"/],
    [{ learningrate: 0.1 }, /Invalid option learningrate.*unknown \(valid: family, classes, optimizer, learningRate/],
    [{ family: "gamma" }, /family: got "gamma"; expected one of "gaussian", "bernoulli", "poisson", "multinomial"/],
    [{ family: "multinomial" }, /classes: got undefined; expected an integer K ≥ 2/],
    [{ family: "bernoulli", classes: 3 }, /classes applies only to family "multinomial"/],
    [{ batchSize: 0 }, /batchSize: got 0; expected an integer from 1/],
    [{ epochs: 2.5 }, /epochs: got 2.5/],
    [{ l2: -1 }, /l2: got -1; expected a finite number ≥ 0/],
    [{ seed: -1 }, /seed: got -1/],
    [{ dtype: "float16" }, /dtype: got "float16"; expected one of "float64", "float32"/],
    [{ sampling: "bootstrap" }, /sampling: got "bootstrap"/],
  ];
  for (const [options, message] of cases) {
    test(JSON.stringify(options), async () => {
      await expect(Trainer.create(options as TrainerOptions)).rejects.toThrow(InvalidOptionError);
      await expect(Trainer.create(options as TrainerOptions)).rejects.toThrow(message);
    });
  }

  test("unknown fit options", async () => {
    const { trainer, before } = await fittedTrainer();
    expect(() => trainer.fit(X, [0, 1, 0, 1], { weights: [1, 1, 1, 1] } as any)).toThrow(/Invalid option weights/);
    expectUnchanged(trainer, before);
  });
});

describe("divergence", () => {
  test("a too-large learning rate stops with the epoch and a suggestion, returning no coefficients", async () => {
    const { X: data, y } = syntheticData("gaussian", 200, 4, 1);
    const scaled = data.map((row) => row.map((v) => v * 100));
    const trainer = await Trainer.create({ family: "gaussian", optimizer: "sgd", learningRate: 0.5, epochs: 1000 });
    trainer.fit(data, y);
    const before = trainer.predict(data);
    const error = thrownBy(() => trainer.fit(scaled, y));
    expect(error).toBeInstanceOf(DivergenceError);
    const divergence = error as DivergenceError;
    expect(divergence.epoch).toBeGreaterThanOrEqual(1);
    expect(divergence.message).toMatch(/diverged at epoch \d+/);
    expect(divergence.message).toMatch(/Try a smaller learningRate than 0.5 \(for example 0.05\)/);
    expect(Array.from(trainer.predict(data))).toEqual(Array.from(before));
  });

  test("the advice fits the optimizer: no learning rate to shrink for newton and lbfgs", () => {
    const exact = new DivergenceError(3, Infinity, null, 1.5);
    expect(exact.message).toMatch(/diverged at iteration 3: the objective became Infinity \(last finite value 1.5\)/);
    expect(exact.message).toMatch(/Standardise the features or add an l2 penalty/);
    expect(exact.message).not.toMatch(/learningRate/);
    expect(new DivergenceError(2, NaN, 0.3, null).message).toMatch(/at epoch 2: .* smaller learningRate than 0.3/);
  });

  test("poisson overflow of e^η is divergence, not NaN", async () => {
    const trainer = await Trainer.create({ family: "poisson", optimizer: "gd", learningRate: 5, epochs: 200 });
    expect(() => trainer.fit([[10], [20], [30]], [1, 500, 40])).toThrow(DivergenceError);
  });
});

describe("lifetime errors", () => {
  test("use after dispose throws; dispose is idempotent", async () => {
    const { trainer } = await fittedTrainer();
    trainer.dispose();
    trainer.dispose();
    expect(trainer.disposed).toBe(true);
    expect(trainer.memoryBytes).toBe(0);
    expect(() => trainer.fit(X, [0, 1, 0, 1])).toThrow(DisposedError);
    expect(() => trainer.predict(X)).toThrow(/Trainer.predict\(\) was called after dispose\(\)/);
    expect(() => trainer.evaluate(X, [0, 1, 0, 1], [0, 0], [0])).toThrow(DisposedError);
  });

  test("predict before fit", async () => {
    const trainer = await Trainer.create();
    expect(() => trainer.predict(X)).toThrow(NotFittedError);
  });

  test("a data set bigger than WASM can address is refused up front, before anything is allocated", async () => {
    const trainer = await Trainer.create({ dtype: "float64", optimizer: "sgd" });
    const rows = 2 ** 22;
    const cols = 200; // 6.25 GiB of float64
    const data = { length: rows * cols } as ArrayLike<number>; // never read: the size check comes first
    const memoryBefore = trainer.memoryBytes;
    const error = thrownBy(() => trainer.fit({ data, rows, cols }, new Float64Array(rows)));
    expect(error).toBeInstanceOf(DataTooLargeError);
    expect((error as Error).message).toMatch(/A fit of 4194304 rows × 200 features in float64 needs 6\.\d\d GiB.*4\.00 GiB/);
    expect(trainer.memoryBytes).toBe(memoryBefore);
  });
});
