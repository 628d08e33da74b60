// partialFit: one sequential pass per chunk with the state carried on; the two identities of
// issue 9 (chunks ≡ their concatenation, a pass ≡ a sequential fit epoch), its start, flat memory
// over 10,000 chunks, and its refusals.
import { describe, expect, test } from "vitest";
import { BusyError, DivergenceError, InvalidDataError, InvalidOptionError, TrainingStateError, type Trainer, type TrainerOptions } from "../../dist/index.js";
import { syntheticData } from "../helpers/fixtures.js";
import { disposingTrainers } from "../helpers/trainers.js";
import { thrownBy } from "../helpers/thrown.js";

const trainer = disposingTrainers();

/** θ, the RNG and the optimizer's vectors (slots, average, cumulative L1) exactly, as the state holds them. */
function bits(t: Trainer): { theta: string; rng: string; step: number; slots: readonly string[]; average: string | null; l1?: readonly string[] } {
  const { theta, rng, step, slots, average, l1 } = t.saveState();
  return { theta, rng, step, slots, average, l1 };
}

function rows<T>(values: readonly T[], start: number, end: number): T[] {
  return values.slice(start, end);
}

const CASES: [string, TrainerOptions][] = [
  ["gaussian float64", { optimizer: "sgd", learningRate: 0.01, batchSize: 8 }],
  ["bernoulli float32", { family: "bernoulli", optimizer: "sgd", learningRate: 0.1, batchSize: 8, dtype: "float32", l2: 1e-3 }],
  ["multinomial scalar", { family: "multinomial", classes: 3, optimizer: "sgd", learningRate: 0.1, batchSize: 4, kernels: "scalar", l2: 1e-3 }],
  // update rules with slots, step-dependent schedules, averaging
  ["adam invscaling", { optimizer: "adam", learningRate: 0.01, batchSize: 8, schedule: { kind: "invscaling", power: 0.5 } }],
  ["nesterov float32 step", { family: "bernoulli", optimizer: "nesterov", learningRate: 0.05, batchSize: 8, dtype: "float32", schedule: { kind: "step", every: 1, factor: 0.5 } }],
  ["rmsprop poisson averaged", { family: "poisson", optimizer: "rmsprop", learningRate: 0.01, batchSize: 8, average: 5 }],
  ["adamw multinomial scalar", { family: "multinomial", classes: 3, optimizer: "adamw", learningRate: 0.01, batchSize: 4, kernels: "scalar", l2: 1e-3 }],
  // the cumulative L1 penalty carried from chunk to chunk
  ["sgd l1 invscaling", { optimizer: "sgd", learningRate: 0.05, batchSize: 8, l1: 0.05, schedule: { kind: "invscaling", power: 0.5 } }],
  ["adam l1 bernoulli float32 penaltyFactor", { family: "bernoulli", optimizer: "adam", learningRate: 0.05, batchSize: 8, dtype: "float32", l1: 0.02, penaltyFactor: [0, 1, 1, 2, 1] }],
];

describe("partialFit's identities", () => {
  for (const [name, options] of CASES) {
    test(`${name}: chunks of multiples of batchSize give the bits of one call on their concatenation (weights too)`, async () => {
      const { X, y } = syntheticData(options.family ?? "gaussian", 96, 5, 3);
      const w = y.map((_, i) => 0.5 + (i % 3));
      const whole = await trainer(options);
      whole.partialFit(X, y, { sampleWeight: w });
      whole.partialFit(X, y, { sampleWeight: w });
      const chunked = await trainer(options);
      const cuts = [0, 16, 56, 64, 96];
      for (let pass = 0; pass < 2; pass++) {
        for (let k = 0; k + 1 < cuts.length; k++) chunked.partialFit(rows(X, cuts[k], cuts[k + 1]), rows(y, cuts[k], cuts[k + 1]), { sampleWeight: rows(w, cuts[k], cuts[k + 1]) });
      }
      expect(bits(chunked)).toEqual(bits(whole));
      expect(chunked.predict(X)).toEqual(whole.predict(X));
      // teeth: a chunk that splits a batch changes the batches, and so the bits
      const ragged = await trainer(options);
      ragged.partialFit(rows(X, 0, 13), rows(y, 0, 13), { sampleWeight: rows(w, 0, 13) });
      ragged.partialFit(rows(X, 13, 96), rows(y, 13, 96), { sampleWeight: rows(w, 13, 96) });
      const once = await trainer(options);
      once.partialFit(X, y, { sampleWeight: w });
      expect(bits(ragged).theta).not.toBe(bits(once).theta);
    });

    test(`${name}: a pass over the data set is one sampling: "sequential" epoch of fit from the same state`, async () => {
      const { X, y } = syntheticData(options.family ?? "gaussian", 100, 5, 4);
      const sequential = { ...options, sampling: "sequential" as const, tolerance: 0 };
      const twoEpochs = await trainer({ ...sequential, epochs: 2 });
      twoEpochs.fit(X, y);
      const oneAndPass = await trainer({ ...sequential, epochs: 1 });
      oneAndPass.fit(X, y);
      const pass = oneAndPass.partialFit(X, y);
      expect(bits(oneAndPass)).toEqual(bits(twoEpochs));
      expect(pass.step).toBe(2 * Math.ceil(100 / options.batchSize!));
      // and from a fresh start, where both begin at w = 0, b = 0 without an intercept
      const fit = (await trainer({ ...sequential, epochs: 1, fitIntercept: false })).fit(X, y);
      const streamed = await trainer({ ...options, fitIntercept: false });
      streamed.partialFit(X, y);
      expect(bits(streamed).theta).toBe((await fitStateOf({ ...sequential, epochs: 1, fitIntercept: false }, X, y)).theta);
      expect(Number.isFinite(fit.objective)).toBe(true);
    });
  }

  async function fitStateOf(options: TrainerOptions, X: number[][], y: number[]) {
    const t = await trainer(options);
    t.fit(X, y);
    return t.saveState();
  }

  test("a fresh partialFit starts at w = 0, b = 0: one full batch is one gradient step from zero", async () => {
    const { X, y } = syntheticData("gaussian", 40, 3, 9);
    const t = await trainer({ optimizer: "sgd", learningRate: 0.05, batchSize: 40 });
    const result = t.partialFit(X, y);
    // gaussian at η = 0: ∂nll/∂η = −y, so θ₁ = lr·(1/n)·Σ yᵢ·(xᵢ, 1); the reported loss is ½·mean(y²)
    const expected = [0, 1, 2].map((j) => 0.05 * X.reduce((s, row, i) => s + y[i] * row[j], 0) / 40);
    const predicted = t.predict([[1, 0, 0], [0, 1, 0], [0, 0, 1], [0, 0, 0]]);
    const b = 0.05 * y.reduce((s, v) => s + v, 0) / 40;
    expected.forEach((w, j) => expect(predicted[j] - predicted[3]).toBeCloseTo(w, 14));
    expect(predicted[3]).toBeCloseTo(b, 14);
    expect(result.objective).toBeCloseTo(y.reduce((s, v) => s + 0.5 * v * v, 0) / 40, 12);
    expect(result).toMatchObject({ rows: 40, step: 1 });
  });

  test("partialFit after fit continues from the fit; a later fit starts afresh", async () => {
    const { X, y } = syntheticData("gaussian", 64, 3, 5);
    const t = await trainer({ optimizer: "sgd", batchSize: 16, epochs: 3, tolerance: 0 });
    const first = t.fit(X, y);
    t.partialFit(X, y);
    expect(t.saveState().step).toBe(4 * 4);
    expect(t.predict(X)).not.toEqual((await trainer({ optimizer: "sgd", batchSize: 16, epochs: 3, tolerance: 0 })).fit(X, y).coefficients);
    const again = t.fit(X, y);
    expect(again.coefficients).toEqual(first.coefficients);
    expect(t.saveState().step).toBe(3 * 4);
  });
});

test("partialFit passes rows in stored order whatever `sampling` and `seed` say", async () => {
  const { X, y } = syntheticData("gaussian", 48, 3, 12);
  const states = [];
  for (const [sampling, seed] of [["shuffle", 1], ["replacement", 2], ["sequential", 3]] as const) {
    const t = await trainer({ optimizer: "sgd", batchSize: 8, sampling, seed });
    t.partialFit(X, y);
    states.push(bits(t).theta);
  }
  expect(new Set(states).size).toBe(1);
});

describe("partialFit's memory", () => {
  test("stays flat over 10,000 chunks", async () => {
    const { X, y } = syntheticData("bernoulli", 64, 8, 6);
    const t = await trainer({ family: "bernoulli", optimizer: "sgd", batchSize: 16, learningRate: 0.01, l2: 1e-3 });
    for (let k = 0; k < 100; k++) t.partialFit(X, y);
    const settled = t.memoryBytes;
    for (let k = 100; k < 10_000; k++) t.partialFit(X, y);
    expect(t.memoryBytes).toBe(settled);
    expect(t.saveState().step).toBe(10_000 * 4);
  });
});

describe("partialFit's refusals leave the state as it was", () => {
  test("optimizers without mini-batch state, other columns, bad data, unknown options", async () => {
    for (const optimizer of ["gd", "newton", "lbfgs", "cd", "auto"] as const) {
      const t = await trainer({ optimizer });
      const error = thrownBy(() => t.partialFit([[1], [2]], [1, 2]));
      expect(error, optimizer).toBeInstanceOf(TrainingStateError);
      expect((error as TrainingStateError).reason).toBe("optimizer");
    }
    const { X, y } = syntheticData("bernoulli", 32, 3, 1);
    const t = await trainer({ family: "bernoulli", optimizer: "sgd", batchSize: 8 });
    t.partialFit(X, y);
    const before = t.saveState();
    expect(thrownBy(() => t.partialFit(X.map((r) => r.slice(1)), y))).toBeInstanceOf(TrainingStateError);
    expect(thrownBy(() => t.partialFit(X, y.map(() => 2)))).toBeInstanceOf(InvalidDataError);
    expect(thrownBy(() => t.partialFit(X, y, { sampleWeight: y.map(() => -1) }))).toBeInstanceOf(InvalidDataError);
    expect(thrownBy(() => t.partialFit(X, y, { epochs: 3 } as never))).toBeInstanceOf(InvalidOptionError);
    expect(thrownBy(() => t.partialFit([[1, 2, Number.NaN]], [1]))).toBeInstanceOf(InvalidDataError);
    expect(t.saveState()).toEqual(before);
  });

  test("a diverging chunk throws and keeps the state; onEpoch cannot call it", async () => {
    const { X, y } = syntheticData("gaussian", 32, 3, 2);
    const t = await trainer({ optimizer: "sgd", batchSize: 1, learningRate: 50 });
    expect(thrownBy(() => t.saveState())).toBeInstanceOf(TrainingStateError);
    const error = thrownBy(() => {
      for (let k = 0; k < 50; k++) t.partialFit(X, y);
    });
    expect(error).toBeInstanceOf(DivergenceError);
    const calm = await trainer({ optimizer: "sgd", epochs: 2 });
    calm.fit(X, y, { onEpoch: () => void expect(thrownBy(() => calm.partialFit(X, y))).toBeInstanceOf(BusyError) });
  });
});

describe('sampling: "sequential"', () => {
  test("visits rows in stored order, so the seed does not matter (it does for shuffle)", async () => {
    const { X, y } = syntheticData("gaussian", 50, 3, 8);
    const fitWith = async (options: TrainerOptions) => (await trainer({ optimizer: "sgd", epochs: 3, tolerance: 0, ...options })).fit(X, y).coefficients;
    expect(await fitWith({ sampling: "sequential", seed: 1 })).toEqual(await fitWith({ sampling: "sequential", seed: 2 }));
    expect(await fitWith({ sampling: "shuffle", seed: 1 })).not.toEqual(await fitWith({ sampling: "shuffle", seed: 2 }));
  });
});
