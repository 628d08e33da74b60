// partialFit over a chunk buffer (Trainer.chunkBuffer): the same bits as the copy path for every
// family, dtype and kind of update rule; bad values found by the checking epoch (assembly/data-check.ts)
// throw the copy path's own InvalidDataError and leave the state bit for bit as it was, wherever in
// the chunk they sit; stale and foreign views are refused; memory stays flat.
import { describe, expect, test } from "vitest";
import {
  ChunkBufferError, DisposedError, DivergenceError, InvalidDataError, InvalidOptionError, Trainer, TrainingStateError, type ChunkBuffer, type TrainerOptions,
} from "../../dist/index.js";
import { syntheticData } from "../helpers/fixtures.js";
import { disposingTrainers } from "../helpers/trainers.js";
import { thrownBy } from "../helpers/thrown.js";

const trainer = disposingTrainers();

const CASES: [string, TrainerOptions][] = [
  ["gaussian sgd float64", { optimizer: "sgd", learningRate: 0.01, batchSize: 8 }],
  ["bernoulli sgd float32", { family: "bernoulli", optimizer: "sgd", learningRate: 0.1, batchSize: 8, dtype: "float32", l2: 1e-3 }],
  ["poisson rmsprop averaged", { family: "poisson", optimizer: "rmsprop", learningRate: 0.01, batchSize: 8, average: 5 }],
  ["multinomial adamw scalar", { family: "multinomial", classes: 3, optimizer: "adamw", learningRate: 0.01, batchSize: 4, kernels: "scalar", l2: 1e-3 }],
  ["multinomial adam float32 simd", { family: "multinomial", classes: 3, optimizer: "adam", learningRate: 0.01, batchSize: 8, dtype: "float32" }],
  ["bernoulli nesterov scalar float32", { family: "bernoulli", optimizer: "nesterov", learningRate: 0.05, batchSize: 8, dtype: "float32", kernels: "scalar" }],
];

function fill(buffer: ChunkBuffer, X: number[][], y: number[], w?: number[]): void {
  X.forEach((row, i) => buffer.X.data.set(row, i * buffer.cols));
  buffer.y.set(y);
  if (w) buffer.sampleWeight!.set(w);
}

/** The first `rows` rows of a chunk buffer, as partialFit's arguments. */
function prefix(buffer: ChunkBuffer, rows: number, weighted: boolean) {
  return [
    { data: buffer.X.data.subarray(0, rows * buffer.cols), rows, cols: buffer.cols },
    buffer.y.subarray(0, rows),
    weighted ? { sampleWeight: buffer.sampleWeight!.subarray(0, rows) } : {},
  ] as const;
}

const bitsOf = (t: Trainer) => JSON.stringify(t.saveState());

describe("partialFit over a chunk buffer gives the copy path's bits", () => {
  for (const [name, options] of CASES) {
    test(`${name}: full and partly filled chunks, with and without weights`, async () => {
      const { X, y } = syntheticData(options.family ?? "gaussian", 120, 5, 7);
      const w = y.map((_, i) => 0.25 + (i % 4));
      const copied = await trainer(options);
      const staged = await trainer(options);
      const buffer = staged.chunkBuffer(48, 5, { sampleWeight: true });
      // 48 + 48 + 24 rows: the last chunk fills half the buffer; weights on the first two
      for (const [start, end, weighted] of [[0, 48, true], [48, 96, true], [96, 120, false]] as const) {
        const rows = X.slice(start, end);
        copied.partialFit(rows, y.slice(start, end), weighted ? { sampleWeight: w.slice(start, end) } : {});
        fill(buffer, rows, y.slice(start, end), weighted ? w.slice(start, end) : undefined);
        const result = staged.partialFit(...prefix(buffer, end - start, weighted));
        expect(result.rows).toBe(end - start);
        expect(bitsOf(staged)).toBe(bitsOf(copied));
      }
      expect(staged.predict(X)).toEqual(copied.predict(X));
    });
  }

  test("a fresh trainer starts at w = 0, b = 0 either way, and a fit's state carries on into a staged chunk", async () => {
    const { X, y } = syntheticData("gaussian", 64, 3, 2);
    const options: TrainerOptions = { optimizer: "momentum", learningRate: 0.01, batchSize: 16, epochs: 2, tolerance: 0 };
    const copied = await trainer(options);
    const staged = await trainer(options);
    copied.fit(X, y);
    staged.fit(X, y);
    copied.partialFit(X, y);
    const buffer = staged.chunkBuffer(64, 3);
    fill(buffer, X, y);
    staged.partialFit(buffer.X, buffer.y);
    expect(bitsOf(staged)).toBe(bitsOf(copied));
  });
});

describe("bad values in a chunk buffer: the copy path's error, and nothing changes", () => {
  const n = 40;
  const d = 3;
  type Spoil = [what: string, family: "gaussian" | "bernoulli" | "poisson" | "multinomial", spoil: (b: ChunkBuffer, row: number) => void];
  const SPOILS: Spoil[] = [
    ["X NaN", "gaussian", (b, row) => void (b.X.data[row * d + 2] = Number.NaN)],
    ["X +Infinity", "bernoulli", (b, row) => void (b.X.data[row * d] = Number.POSITIVE_INFINITY)],
    ["X −Infinity", "multinomial", (b, row) => void (b.X.data[row * d + 1] = Number.NEGATIVE_INFINITY)],
    // its residual is 0, but 0·NaN is NaN: the gradient still shows it
    ["X NaN in a row of weight 0", "bernoulli", (b, row) => void ((b.X.data[row * d + 2] = Number.NaN), (b.sampleWeight![row] = 0))],
    ["y NaN", "gaussian", (b, row) => void (b.y[row] = Number.NaN)],
    ["y = 2 for bernoulli", "bernoulli", (b, row) => void (b.y[row] = 2)],
    ["y = 1.5 for poisson", "poisson", (b, row) => void (b.y[row] = 1.5)],
    ["y = −1 for poisson", "poisson", (b, row) => void (b.y[row] = -1)],
    ["y = 3 for multinomial (3 classes)", "multinomial", (b, row) => void (b.y[row] = 3)],
    ["weight −1", "gaussian", (b, row) => void (b.sampleWeight![row] = -1)],
    ["weight NaN", "poisson", (b, row) => void (b.sampleWeight![row] = Number.NaN)],
  ];
  for (const dtype of ["float64", "float32"] as const) {
    for (const [what, family, spoil] of SPOILS) {
      test(`${what} (${dtype}) in the first, a middle and the last row`, async () => {
        const options: TrainerOptions = { family, ...(family === "multinomial" ? { classes: 3 } : {}), optimizer: "adam", learningRate: 0.01, batchSize: 8, dtype };
        const { X, y } = syntheticData(family, n, d, 3);
        const w = y.map((_, i) => 1 + (i % 2));
        const staged = await trainer(options);
        const copied = await trainer(options);
        const buffer = staged.chunkBuffer(n, d, { sampleWeight: true });
        fill(buffer, X, y, w);
        staged.partialFit(buffer.X, buffer.y, { sampleWeight: buffer.sampleWeight });
        copied.partialFit(X, y, { sampleWeight: w });
        const before = bitsOf(staged);
        const predicted = staged.predict(X);
        for (const row of [0, 21, n - 1]) {
          const fresh = staged.chunkBuffer(n, d, { sampleWeight: true });
          fill(fresh, X, y, w);
          spoil(fresh, row);
          const error = thrownBy(() => staged.partialFit(fresh.X, fresh.y, { sampleWeight: fresh.sampleWeight }));
          // the copy path, on the same values, throws the same error
          const expected = thrownBy(() => copied.partialFit({ data: Array.from(fresh.X.data), rows: n, cols: d }, Array.from(fresh.y), { sampleWeight: Array.from(fresh.sampleWeight!) }));
          expect(error, `row ${row}`).toBeInstanceOf(InvalidDataError);
          expect(error).toEqual(expected);
          expect((error as InvalidDataError).index).toBe(what.startsWith("X") ? row * d + ((what.includes("NaN") ? 2 : what.includes("−") ? 1 : 0)) : row);
          expect(bitsOf(staged), `row ${row}`).toBe(before);
        }
        expect(staged.predict(X)).toEqual(predicted);
        // and the stream goes on as if the failed calls had not happened
        const again = staged.chunkBuffer(n, d, { sampleWeight: true });
        fill(again, X, y, w);
        staged.partialFit(again.X, again.y, { sampleWeight: again.sampleWeight });
        copied.partialFit(X, y, { sampleWeight: w });
        expect(bitsOf(staged)).toBe(bitsOf(copied));
      });
    }
  }

  test("wide rows (the three-pass epoch, d·8 > 512 bytes): the copy path's bits, and a NaN in the last value is found", async () => {
    const d = 80;
    const { X, y } = syntheticData("gaussian", 24, d, 8);
    const options: TrainerOptions = { optimizer: "sgd", learningRate: 0.001, batchSize: 8 };
    const staged = await trainer(options);
    const copied = await trainer(options);
    const buffer = staged.chunkBuffer(24, d);
    fill(buffer, X, y);
    staged.partialFit(buffer.X, buffer.y);
    copied.partialFit(X, y);
    expect(bitsOf(staged)).toBe(bitsOf(copied));
    buffer.X.data[24 * d - 1] = Number.NaN;
    expect((thrownBy(() => staged.partialFit(buffer.X, buffer.y)) as InvalidDataError).index).toBe(24 * d - 1);
    expect(bitsOf(staged)).toBe(bitsOf(copied));
  });

  test("all weights 0 is refused as with arrays; so is a fresh trainer's first chunk, which then stays fresh", async () => {
    const staged = await trainer({ optimizer: "sgd", batchSize: 4 });
    const buffer = staged.chunkBuffer(8, 1, { sampleWeight: true });
    buffer.X.data.set([1, 2, 3, 4, 5, 6, 7, 8]);
    buffer.y.set([1, 2, 3, 4, 5, 6, 7, 8]);
    const error = thrownBy(() => staged.partialFit(buffer.X, buffer.y, { sampleWeight: buffer.sampleWeight }));
    expect(error).toBeInstanceOf(InvalidDataError);
    expect((error as InvalidDataError).field).toBe("sampleWeight");
    expect(thrownBy(() => staged.saveState())).toBeInstanceOf(TrainingStateError);
    buffer.X.data[7] = Number.NaN;
    buffer.sampleWeight!.fill(1);
    expect(thrownBy(() => staged.partialFit(buffer.X, buffer.y, { sampleWeight: buffer.sampleWeight }))).toBeInstanceOf(InvalidDataError);
    expect(thrownBy(() => staged.saveState())).toBeInstanceOf(TrainingStateError);
  });

  test("finite X whose gradient overflows is divergence, not bad data", async () => {
    const staged = await trainer({ optimizer: "sgd", batchSize: 2, learningRate: 1 });
    const buffer = staged.chunkBuffer(4, 1);
    buffer.X.data.set([1e200, 1e200, 1e200, 1e200]);
    buffer.y.set([1e200, -1e200, 1e200, -1e200]);
    expect(thrownBy(() => staged.partialFit(buffer.X, buffer.y))).toBeInstanceOf(DivergenceError);
  });
});

describe("stale and foreign views are refused", () => {
  test("any other call makes the views stale; chunkBuffer again gives fresh ones", async () => {
    const { X, y } = syntheticData("gaussian", 16, 2, 5);
    const t = await Trainer.create({ optimizer: "sgd", batchSize: 4, epochs: 1 });
    const calls: [string, () => unknown][] = [
      ["fit", () => t.fit(X, y)],
      ["a fit's summary()", () => t.fit(X, y).summary()],
      ["partialFit of arrays", () => t.partialFit(X, y)],
      ["chunkBuffer of another shape", () => t.chunkBuffer(8, 2)],
      ["a larger chunkBuffer, which grows memory", () => t.chunkBuffer(200_000, 2)],
      ["dispose", () => t.dispose()],
    ];
    for (const [name, call] of calls) {
      const buffer = t.chunkBuffer(16, 2);
      fill(buffer, X, y);
      const { X: views, y: response } = buffer;
      t.partialFit(views, response); // valid across its own partialFit calls
      t.partialFit(views, response);
      call();
      const error = thrownBy(() => t.partialFit(views, response));
      expect(error, name).toBeInstanceOf(t.disposed ? DisposedError : ChunkBufferError);
      if (!t.disposed) expect((error as ChunkBufferError).reason, name).toBe("stale");
      if (!t.disposed) expect((error as ChunkBufferError).code).toBe("CHUNK_BUFFER");
      expect(thrownBy(() => buffer.y), name).toBeInstanceOf(ChunkBufferError);
      if (!t.disposed) {
        const fresh = t.chunkBuffer(16, 2);
        fill(fresh, X, y);
        expect(t.partialFit(fresh.X, fresh.y).rows).toBe(16);
      }
    }
    expect(thrownBy(() => t.partialFit(X, y))).toBeInstanceOf(DisposedError);
  });

  test("predict and evaluate keep the chunk buffer; when they grow memory, its getters give fresh views and the old ones are stale", async () => {
    const { X, y } = syntheticData("gaussian", 16, 2, 5);
    const options: TrainerOptions = { optimizer: "adam", learningRate: 0.01, batchSize: 4 };
    const t = await trainer(options);
    const copied = await trainer(options);
    const buffer = t.chunkBuffer(16, 2);
    fill(buffer, X, y);
    const { X: views, y: response } = buffer;
    t.partialFit(views, response);
    copied.partialFit(X, y);
    expect(t.predict(X)).toEqual(copied.predict(X));
    expect(t.evaluate(X, y, [0.5, 0.5], [1])).toEqual(copied.evaluate(X, y, [0.5, 0.5], [1]));
    t.partialFit(views, response); // the same views, still valid
    copied.partialFit(X, y);
    const memory = t.memoryBytes;
    const many = { data: new Float64Array(2 * 300_000), rows: 300_000, cols: 2 };
    t.predict(many);
    expect(t.memoryBytes).toBeGreaterThan(memory);
    expect((thrownBy(() => t.partialFit(views, response)) as ChunkBufferError).reason).toBe("stale");
    // the rows are still there, under fresh views
    expect(Array.from(buffer.y)).toEqual(y);
    expect(buffer.X.data === views.data).toBe(false);
    t.partialFit(buffer.X, buffer.y);
    copied.partialFit(X, y);
    expect(bitsOf(t)).toBe(bitsOf(copied));
  });

  test("the caller's own typed arrays are copied as always, with or without a chunk buffer laid out", async () => {
    const { X, y } = syntheticData("gaussian", 16, 2, 4);
    const flat = () => ({ data: Float64Array.from(X.flat()), rows: 16, cols: 2 });
    const t = await trainer({ optimizer: "sgd", batchSize: 4 });
    const copied = await trainer({ optimizer: "sgd", batchSize: 4 });
    t.partialFit(flat(), Float64Array.from(y));
    copied.partialFit(X, y);
    expect(bitsOf(t)).toBe(bitsOf(copied));
    t.chunkBuffer(16, 2);
    t.partialFit(flat(), Float64Array.from(y), { sampleWeight: Float32Array.from(y, (_, i) => 1 + (i % 3)) });
    copied.partialFit(X, y, { sampleWeight: y.map((_, i) => 1 + (i % 3)) });
    expect(bitsOf(t)).toBe(bitsOf(copied));
  });

  test("chunkBuffer() of the same shape at the same place hands the same buffer out again, valid once more", async () => {
    const t = await trainer({ optimizer: "sgd", batchSize: 4 });
    const buffer = t.chunkBuffer(16, 2);
    const { X, y } = buffer;
    t.partialFit(X, y);
    t.partialFit([[1, 2]], [3]);
    expect(thrownBy(() => t.partialFit(X, y))).toBeInstanceOf(ChunkBufferError);
    expect(t.chunkBuffer(16, 2) === buffer).toBe(true);
    expect(t.partialFit(X, y).step).toBe(9);
    expect(t.chunkBuffer(16, 2, { sampleWeight: true }) === buffer).toBe(false);
  });

  test("views of another place, size or type, or mixed with arrays, are a mismatch; nothing is read", async () => {
    const t = await trainer({ optimizer: "sgd", batchSize: 2 });
    const buffer = t.chunkBuffer(8, 2);
    buffer.X.data.set([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]);
    buffer.y.set([1, 2, 3, 4, 5, 6, 7, 8]);
    t.partialFit(buffer.X, buffer.y);
    const before = bitsOf(t);
    const X = buffer.X.data;
    const attempts: [string, () => unknown][] = [
      ["y as an array", () => t.partialFit(buffer.X, Array.from(buffer.y))],
      ["X as an array", () => t.partialFit({ data: Array.from(X), rows: 8, cols: 2 }, buffer.y)],
      ["a window that does not start at row 0", () => t.partialFit({ data: X.subarray(2, 6), rows: 2, cols: 2 }, buffer.y.subarray(1, 3))],
      ["more rows than the buffer", () => t.partialFit({ data: new Float64Array(X.buffer, X.byteOffset, 18), rows: 9, cols: 2 }, new Float64Array(X.buffer, buffer.y.byteOffset, 9))],
      ["sampleWeight without a weights view", () => t.partialFit(buffer.X, buffer.y, { sampleWeight: buffer.y })],
      ["another view type", () => t.partialFit({ data: new Float32Array(X.buffer, X.byteOffset, 16), rows: 8, cols: 2 }, buffer.y)],
    ];
    for (const [name, attempt] of attempts) {
      const error = thrownBy(attempt);
      expect(error, name).toBeInstanceOf(ChunkBufferError);
    }
    expect(thrownBy(() => t.partialFit({ data: X, rows: 4, cols: 4 }, buffer.y.subarray(0, 4)))).toBeInstanceOf(TrainingStateError);
    const fresh = await trainer({ optimizer: "sgd", batchSize: 2 });
    const other = fresh.chunkBuffer(8, 2);
    expect((thrownBy(() => fresh.partialFit({ data: other.X.data, rows: 4, cols: 4 }, other.y.subarray(0, 4))) as ChunkBufferError).reason).toBe("mismatch");
    const short = thrownBy(() => t.partialFit(buffer.X, buffer.y.subarray(0, 4)));
    expect(short).toBeInstanceOf(InvalidDataError);
    expect(bitsOf(t)).toBe(before);
  });

  test("chunkBuffer's refusals", async () => {
    for (const optimizer of ["gd", "newton", "lbfgs", "cd"] as const) {
      const t = await trainer({ optimizer });
      expect(thrownBy(() => t.chunkBuffer(4, 2)), optimizer).toBeInstanceOf(TrainingStateError);
    }
    const standardized = await trainer({ optimizer: "sgd", standardize: true });
    expect((thrownBy(() => standardized.chunkBuffer(4, 2)) as TrainingStateError).reason).toBe("standardize");
    const t = await trainer({ optimizer: "sgd" });
    for (const [rows, cols] of [[0, 2], [1.5, 2], [4, 0], [Number.NaN, 1], [4, Number.POSITIVE_INFINITY]]) {
      expect(thrownBy(() => t.chunkBuffer(rows, cols)), `${rows} × ${cols}`).toBeInstanceOf(InvalidOptionError);
    }
    expect(thrownBy(() => t.chunkBuffer(4, 2, { sampleWeight: 1 } as never))).toBeInstanceOf(InvalidOptionError);
    expect(thrownBy(() => t.chunkBuffer(4, 2, { weights: true } as never))).toBeInstanceOf(InvalidOptionError);
    t.partialFit([[1, 2]], [3]);
    expect(thrownBy(() => t.chunkBuffer(4, 3))).toBeInstanceOf(TrainingStateError);
    t.dispose();
    expect(thrownBy(() => t.chunkBuffer(4, 2))).toBeInstanceOf(DisposedError);
  });
});

test("memory stays flat over 10,000 chunks through a chunk buffer", async () => {
  const { X, y } = syntheticData("bernoulli", 64, 8, 6);
  const t = await trainer({ family: "bernoulli", optimizer: "sgd", batchSize: 16, learningRate: 0.01, l2: 1e-3 });
  const buffer = t.chunkBuffer(64, 8);
  fill(buffer, X, y);
  for (let k = 0; k < 100; k++) t.partialFit(buffer.X, buffer.y);
  const settled = t.memoryBytes;
  for (let k = 100; k < 10_000; k++) t.partialFit(buffer.X, buffer.y);
  expect(t.memoryBytes).toBe(settled);
  expect(t.saveState().step).toBe(10_000 * 4);
});
