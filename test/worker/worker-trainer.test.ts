// WorkerTrainer in Node's worker_threads: the same results (bits), summaries and errors (class,
// code, fields) as Trainer in this thread; abort without SharedArrayBuffer stops the fit at once
// and leaves the WorkerTrainer usable with its last model.
import { afterAll, describe, expect, it } from "vitest";
import {
  AbortError, DisposedError, InvalidDataError, InvalidOptionError, NotFittedError, SeparationError, StaleFitError, Trainer, WasmMleError,
  FitResult, type Matrix, type TrainerOptions,
} from "../../dist/index.js";
import { WorkerTrainer, WorkerFitResult } from "../../dist/worker/index.js";
import { float64Hex, syntheticData } from "../browser/scenarios.js";
import { thrownBy } from "../helpers/thrown.js";

const created: { dispose(): void }[] = [];
afterAll(() => created.forEach((t) => t.dispose()));

async function both(options: TrainerOptions): Promise<{ t: Trainer; wt: WorkerTrainer }> {
  const t = await Trainer.create(options);
  const wt = await WorkerTrainer.create(options);
  created.push(t, wt);
  return { t, wt };
}

/** Every own field, typed arrays as hex. */
function bits(value: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, v instanceof Float64Array ? float64Hex(v) : v]));
}

function nested(X: { data: Float64Array; rows: number; cols: number }): number[][] {
  return Array.from({ length: X.rows }, (_, i) => Array.from(X.data.subarray(i * X.cols, (i + 1) * X.cols)));
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(() => undefined, (error: unknown) => error);
}

/** A larger problem whose epochs take measurable time. */
function bigProblem(rows: number, cols: number): { X: { data: Float64Array; rows: number; cols: number }; y: Float64Array } {
  const data = new Float64Array(rows * cols);
  const y = new Float64Array(rows);
  let state = 12345;
  const uniform = () => ((state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32);
  for (let i = 0; i < rows; i++) {
    let eta = 0.2;
    for (let j = 0; j < cols; j++) {
      data[i * cols + j] = 2 * uniform() - 1;
      eta += data[i * cols + j] * ((j % 5) - 2) * 0.3;
    }
    y[i] = eta + uniform() - 0.5;
  }
  return { X: { data, rows, cols }, y };
}

const CASES: TrainerOptions[] = [
  { family: "gaussian", optimizer: "newton" },
  { family: "bernoulli", optimizer: "lbfgs", dtype: "float32" },
  { family: "poisson", optimizer: "gd", epochs: 15, learningRate: 0.05 },
  { family: "multinomial", classes: 3, optimizer: "sgd", epochs: 4, seed: 9 },
];

describe("WorkerTrainer gives Trainer's results", () => {
  for (const options of CASES) {
    it(`${options.family}/${options.optimizer}: fit, summary, predict and evaluate have the same bits (nested and flat X, weights)`, async () => {
      const { X, y } = syntheticData({ family: options.family!, classes: options.classes });
      const weights = Array.from({ length: X.rows }, (_, i) => 1 + (i % 3));
      const { t, wt } = await both(options);
      expect(wt.kernels).toBe(t.kernels);
      for (const input of [X, nested(X)] as Matrix[]) {
        const fit = t.fit(input, y, { sampleWeight: weights });
        const progress: number[] = [];
        const wfit = await wt.fit(input, y, { sampleWeight: weights, onEpoch: ({ epoch }) => void progress.push(epoch) });
        expect(wfit).toBeInstanceOf(WorkerFitResult);
        expect(bits(wfit)).toEqual(bits(fit));
        expect(progress).toEqual(Array.from({ length: fit.epochs }, (_, i) => i + 1));
        expect(await wfit.summary({ level: 0.9 })).toEqual(fit.summary({ level: 0.9 }));
        expect(wfit.model()).toEqual(fit.model());
        expect(float64Hex(await wt.predict(input))).toBe(float64Hex(t.predict(input)));
      }
      const K = options.classes ?? 1;
      const coefficients = Array.from({ length: X.cols * K }, (_, j) => 0.01 * j);
      const intercept = new Array(K).fill(0.1);
      const local = t.evaluate(X, y, coefficients, intercept);
      const remote = await wt.evaluate(X, y, coefficients, intercept);
      expect(bits(remote)).toEqual(bits(local));
    });
  }

  it("fit option validation (early stopping) gives the same validationHistory and bestEpoch", async () => {
    const { X, y } = syntheticData({ family: "gaussian" });
    const validationRows = syntheticData({ family: "gaussian" }, 11);
    const options: TrainerOptions = { optimizer: "sgd", epochs: 30, tolerance: 0, earlyStopping: { patience: 3, restoreBest: true } };
    const { t, wt } = await both(options);
    const fit = t.fit(X, y, { validation: { X: validationRows.X, y: validationRows.y } });
    const wfit = await wt.fit(nested(X), y, { validation: { X: nested(validationRows.X), y: Array.from(validationRows.y) } });
    expect(fit.validationHistory.length).toBeGreaterThan(0);
    expect(bits(wfit)).toEqual(bits(fit));
    const bad = await rejection(wt.fit(X, y, { validation: { X: [[1]], y: [1] } }));
    expect((bad as Error).message).toBe((thrownBy(() => t.fit(X, y, { validation: { X: [[1]], y: [1] } })) as Error).message);
  });

  it("a WorkerFitResult is plain data for structuredClone and FitResult.fromJSON", async () => {
    const { X, y } = syntheticData({ family: "bernoulli" });
    const { wt } = await both({ family: "bernoulli", optimizer: "newton" });
    const wfit = await wt.fit(X, y);
    const revived = await FitResult.fromJSON(structuredClone(wfit));
    expect(bits(revived)).toEqual(bits(wfit));
    expect((await FitResult.fromJSON(JSON.parse(JSON.stringify(wfit)))).model()).toEqual(wfit.model());
  });
});

describe("WorkerTrainer errors are Trainer's, with class, code and fields", () => {
  it("options: InvalidOptionError from create(), before any worker starts", async () => {
    const error = await rejection(WorkerTrainer.create({ learningRate: 0 }));
    expect(error).toBeInstanceOf(InvalidOptionError);
    const local = await rejection(Trainer.create({ learningRate: 0 }));
    expect((error as Error).message).toBe((local as Error).message);
    expect(bits(error as object)).toEqual(bits(local as object));
    expect((error as InvalidOptionError).option).toBe("learningRate");
  });

  it("data, separation, not fitted, stale and fit options: the same class, code, message and fields as in this thread", async () => {
    const { t, wt } = await both({ family: "bernoulli", optimizer: "newton" });
    const calls: [string, () => unknown, () => Promise<unknown>][] = [
      ["predict before fit", () => t.predict([[1]]), () => wt.predict([[1]])],
      ["NaN in X", () => t.fit([[0], [1], [NaN], [3]], [0, 1, 0, 1]), () => wt.fit([[0], [1], [NaN], [3]], [0, 1, 0, 1])],
      ["a string in y", () => t.fit([[0], [1]], [0, "1" as never]), () => wt.fit([[0], [1]], [0, "1" as never])],
      ["ragged rows", () => t.fit([[0, 1], [1]], [0, 1]), () => wt.fit([[0, 1], [1]], [0, 1])],
      ["separated classes", () => t.fit([[0], [1], [2], [3]], [0, 0, 1, 1]), () => wt.fit([[0], [1], [2], [3]], [0, 0, 1, 1])],
    ];
    for (const [name, local, remote] of calls) {
      const expected = thrownBy(local);
      const actual = await rejection(remote());
      expect(expected, name).toBeInstanceOf(WasmMleError);
      expect(actual, name).toBeInstanceOf((expected as object).constructor as never);
      expect((actual as Error).message, name).toBe((expected as Error).message);
      expect(bits(actual as object), name).toEqual(bits(expected as object));
    }
    // WorkerTrainer's fit options add transfer; the rest is Trainer's check.
    const unknown = await rejection(wt.fit([[0]], [0], { epochs: 3 } as never));
    expect(unknown).toBeInstanceOf(InvalidOptionError);
    expect((unknown as InvalidOptionError).option).toBe("epochs");
    const separation = await rejection(wt.fit([[0], [1], [2], [3]], [0, 0, 1, 1]));
    expect(separation).toBeInstanceOf(SeparationError);
    expect((separation as SeparationError).lastEstimate.coefficients).toBeInstanceOf(Float64Array);
    const { X, y } = syntheticData({ family: "bernoulli" });
    const first = await wt.fit(X, y);
    await wt.fit(X, y);
    expect(await rejection(first.summary())).toBeInstanceOf(StaleFitError);
  });
});

describe("abort and lifetime", () => {
  it("a signal aborted during a worker fit rejects at once with an AbortError (within one epoch); the WorkerTrainer keeps its last model", async () => {
    const { X, y } = bigProblem(100_000, 20);
    const options: TrainerOptions = { optimizer: "sgd", epochs: 200, tolerance: 0 };
    const { t, wt } = await both(options);
    const small = syntheticData({ family: "gaussian" });
    const previous = await wt.fit(small.X, small.y);
    const expectedPredictions = float64Hex(await wt.predict(small.X));

    // One epoch's duration, measured here on the same data as the baseline.
    const started = performance.now();
    t.fit(X, y, { onEpoch: ({ epoch }) => epoch < 3 });
    const epochMs = (performance.now() - started) / 3;

    const controller = new AbortController();
    const seen: number[] = [];
    let abortedAt = 0;
    const fitting = wt.fit(X, y, {
      signal: controller.signal,
      onEpoch: ({ epoch }) => {
        seen.push(epoch);
        if (epoch === 3) {
          abortedAt = performance.now();
          controller.abort();
        }
      },
    });
    const error = await rejection(fitting);
    const latencyMs = performance.now() - abortedAt;
    console.info(`[worker abort] abort → rejection ${latencyMs.toFixed(2)} ms; one sgd epoch (100k×20) ${epochMs.toFixed(1)} ms`);
    expect(error).toBeInstanceOf(AbortError);
    expect((error as AbortError).name).toBe("AbortError");
    expect((error as AbortError).code).toBe("ABORTED");
    expect(seen.at(-1)).toBe(3);
    expect(latencyMs).toBeLessThan(epochMs);

    // Usable afterwards: a fresh worker predicts with the last fitted model, and fits again.
    expect(float64Hex(await wt.predict(small.X))).toBe(expectedPredictions);
    expect(await rejection(previous.summary())).toBeInstanceOf(StaleFitError);
    const next = await wt.fit(small.X, small.y);
    expect(bits(next)).toEqual(bits(previous));
    expect((await next.summary()).terms).toHaveLength(small.X.cols + 1);
  });

  it("onEpoch returning false aborts; onEpoch throwing rejects with its error; a queued fit aborted never runs; an aborted signal never starts", async () => {
    const { X, y } = syntheticData({ family: "gaussian" });
    const { wt } = await both({ optimizer: "gd", epochs: 50, tolerance: 0 });
    const kept = await wt.fit(X, y, { onEpoch: () => {} });
    const before = float64Hex(await wt.predict(X));
    expect(await rejection(wt.fit(X, y, { onEpoch: ({ epoch }) => epoch < 2 }))).toBeInstanceOf(AbortError);
    const thrown = new RangeError("from onEpoch");
    expect(await rejection(wt.fit(X, y, { onEpoch: () => { throw thrown; } }))).toBe(thrown);
    expect(float64Hex(await wt.predict(X))).toBe(before);
    expect(kept.epochs).toBe(50);

    const controller = new AbortController();
    const running = wt.fit(X, y);
    const queued = wt.fit(X, y, { signal: controller.signal });
    controller.abort();
    expect(await rejection(queued)).toBeInstanceOf(AbortError);
    expect((await running).epochs).toBe(50);
    expect(await rejection(wt.fit(X, y, { signal: AbortSignal.abort() }))).toBeInstanceOf(AbortError);
  });

  it("transfer: true hands the caller's buffers over (detached); by default they are copied and stay intact", async () => {
    const { X, y } = syntheticData({ family: "gaussian" });
    const { wt } = await both({ optimizer: "newton" });
    const data = X.data.slice();
    const yCopy = y.slice();
    const copied = await wt.fit({ data, rows: X.rows, cols: X.cols }, yCopy);
    expect(data.length).toBe(X.rows * X.cols);
    const handed = await wt.fit({ data, rows: X.rows, cols: X.cols }, yCopy, { transfer: true });
    expect(data.length).toBe(0);
    expect(yCopy.length).toBe(0);
    expect(bits(handed)).toEqual(bits(copied));
  });

  it("dispose() stops a running fit (DisposedError); later calls reject with DisposedError, summaries with StaleFitError", async () => {
    const { X, y } = bigProblem(50_000, 10);
    const wt = await WorkerTrainer.create({ optimizer: "sgd", epochs: 100, tolerance: 0 });
    const done = await wt.fit(syntheticData({ family: "gaussian" }).X, syntheticData({ family: "gaussian" }).y);
    const running = wt.fit(X, y);
    wt.dispose();
    wt.dispose();
    expect(await rejection(running)).toBeInstanceOf(DisposedError);
    expect(await rejection(wt.predict([[1]]))).toBeInstanceOf(DisposedError);
    expect(await rejection(wt.fit([[1]], [1]))).toBeInstanceOf(DisposedError);
    expect(await rejection(done.summary())).toBeInstanceOf(StaleFitError);
    expect(wt.disposed).toBe(true);
    expect(thrownBy(() => wt.kernels)).toBeInstanceOf(DisposedError);
  });

  it("predict before any fit is a NotFittedError from the worker", async () => {
    const { wt } = await both({});
    expect(await rejection(wt.predict([[1]]))).toBeInstanceOf(NotFittedError);
    expect(await rejection(wt.fit([[1]], [1], { signal: "no" as never }))).toBeInstanceOf(InvalidOptionError);
    expect(await rejection(wt.predict([[1, NaN]]))).toBeInstanceOf(NotFittedError);
    expect(await rejection(wt.fit([[0], [1]], [NaN, 1]))).toBeInstanceOf(InvalidDataError);
  });
});

describe("WorkerTrainer's own options are checked before anything is sent", () => {
  it("predict, evaluate and fit refuse unknown keys and a non-boolean transfer, naming the option; the worker keeps its model", async () => {
    const { t, wt } = await both({ family: "gaussian", optimizer: "newton" });
    const X = [[0], [1], [2], [4]];
    const y = [1, 2, 2, 5];
    t.fit(X, y);
    await wt.fit(X, y);
    const cases: [string, () => Promise<unknown>, string][] = [
      ["predict: an unknown key", () => wt.predict(X, { copy: true } as never), "copy"],
      ["predict: transfer not a boolean", () => wt.predict(X, { transfer: 1 } as never), "transfer"],
      ["evaluate: an unknown key", () => wt.evaluate(X, y, [1], [0], { epochs: 2 } as never), "epochs"],
      ["fit: onEpoch not a function", () => wt.fit(X, y, { onEpoch: "log" } as never), "onEpoch"],
      ["fit: transfer not a boolean", () => wt.fit(X, y, { transfer: "yes" } as never), "transfer"],
    ];
    for (const [name, call, option] of cases) {
      const error = await rejection(call());
      expect(error, name).toBeInstanceOf(InvalidOptionError);
      expect((error as InvalidOptionError).option, name).toBe(option);
    }
    expect(await rejection(wt.predict(X, null as never)), "null options").toBeInstanceOf(InvalidOptionError);
    expect(Array.from(await wt.predict(X, { transfer: false }))).toEqual(Array.from(t.predict(X)));
  });

  it("evaluate with sample weights in the worker equals Trainer's, and differs from the unweighted value", async () => {
    const { t, wt } = await both({ family: "poisson", optimizer: "newton" });
    const X = [[0, 1], [1, 0], [2, 1], [3, 3], [1, 2]];
    const y = [1, 0, 3, 4, 2];
    const w = [1, 2, 0.5, 1, 3];
    const here = t.evaluate(X, y, [0.2, -0.1], [0.3], { sampleWeight: w });
    const there = await wt.evaluate(X, y, [0.2, -0.1], [0.3], { sampleWeight: w });
    expect(there.objective).toBe(here.objective);
    expect(Array.from(there.coefficients)).toEqual(Array.from(here.coefficients));
    expect(Array.from(there.intercept)).toEqual(Array.from(here.intercept));
    expect((await wt.evaluate(X, y, [0.2, -0.1], [0.3])).objective).not.toBe(here.objective);
  });
});
