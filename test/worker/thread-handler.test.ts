// The worker's request handler (bindings/worker/thread-handler.ts) served over a MessageChannel in
// this thread, so what a WorkerTrainer's worker answers is checked message by message: each reply
// carries its request's id and Trainer's own result (bits), progress arrives batched by the clock,
// summaries belong to one fit, a restored model predicts until the next fit, and every failure is
// a reply with the error's class, code and fields — the next request is still served.
import { MessageChannel, type MessagePort } from "node:worker_threads";
import { afterEach, describe, expect, it, vi } from "vitest";
import { Trainer, type TrainerOptions } from "../../dist/index.js";
import { serve } from "../../dist/worker/thread-handler.js";
import { float64Hex, syntheticData } from "../browser/scenarios.js";

type Reply = { id: number; ok?: boolean; value?: unknown; error?: { name: string; code?: string; message: string; fields: Record<string, unknown> }; progress?: { epoch: number }[] };

const ports: MessagePort[] = [];
afterEach(() => {
  vi.restoreAllMocks();
  for (const port of ports.splice(0)) port.close();
});

/** A served channel: `call` sends one request and resolves with every message its id got up to the final reply. */
function worker() {
  const { port1, port2 } = new MessageChannel();
  ports.push(port1, port2);
  const transfers: unknown[][] = [];
  serve({
    post: (reply, transfer) => {
      transfers.push(transfer ?? []);
      port1.postMessage(reply, transfer as never);
    },
    listen: (handler) => port1.on("message", handler),
  });
  let nextId = 1;
  const waiting = new Map<number, { messages: Reply[]; done(messages: Reply[]): void }>();
  port2.on("message", (reply: Reply) => {
    const call = waiting.get(reply.id)!;
    call.messages.push(reply);
    if ("ok" in reply) {
      waiting.delete(reply.id);
      call.done(call.messages);
    }
  });
  const call = (request: Record<string, unknown>): Promise<Reply[]> => {
    const id = nextId++;
    return new Promise((done) => {
      waiting.set(id, { messages: [], done });
      port2.postMessage({ ...request, id });
    });
  };
  /** The final reply's value; a failed reply fails the test with its error. */
  const value = async (request: Record<string, unknown>): Promise<any> => {
    const messages = await call(request);
    const last = messages.at(-1)!;
    if (!last.ok) throw new Error(`${last.error?.name}: ${last.error?.message}`);
    return last.value;
  };
  return { call, value, transfers };
}

/** Every own field, typed arrays as hex. */
function bits(value: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, v instanceof Float64Array ? float64Hex(v) : v]));
}

const GD: TrainerOptions = { family: "poisson", optimizer: "gd", epochs: 6, learningRate: 0.05, tolerance: 0 };

describe("the worker's handler answers each request with Trainer's result", () => {
  it("create replies with the kernels; fit, predict and evaluate give Trainer's bits, weights and all", async () => {
    const { X, y } = syntheticData({ family: "poisson" });
    const weights = Array.from({ length: X.rows }, (_, i) => 1 + (i % 3));
    const t = await Trainer.create(GD);
    const w = worker();
    expect(await w.value({ type: "create", options: GD })).toEqual({ kernels: t.kernels });
    const local = t.fit(X, y, { sampleWeight: weights });
    const remote = await w.value({ type: "fit", generation: 1, X, y, sampleWeight: weights, progress: false });
    expect(bits(remote)).toEqual(bits(local));
    const predictions = await w.value({ type: "predict", X });
    expect(float64Hex(predictions)).toBe(float64Hex(t.predict(X)));
    // the predictions' buffer is handed over, not copied
    expect(w.transfers.at(-1)).toEqual([predictions.buffer]);
    const coefficients = Array.from({ length: X.cols }, (_, j) => 0.01 * j);
    expect(bits(await w.value({ type: "evaluate", X, y, coefficients, intercept: [0.1] }))).toEqual(bits(t.evaluate(X, y, coefficients, [0.1])));
    expect(bits(await w.value({ type: "evaluate", X, y, coefficients, intercept: [0.1], sampleWeight: weights })))
      .toEqual(bits(t.evaluate(X, y, coefficients, [0.1], { sampleWeight: weights })));
    t.dispose();
  });

  it("fit passes validation and resume on: early stopping and a resumed state match Trainer's", async () => {
    const { X, y } = syntheticData({ family: "gaussian" });
    const held = syntheticData({ family: "gaussian" }, 11);
    const options: TrainerOptions = { optimizer: "sgd", epochs: 30, tolerance: 0, earlyStopping: { patience: 3, restoreBest: true } };
    const t = await Trainer.create(options);
    const w = worker();
    await w.value({ type: "create", options });
    const validation = { X: held.X, y: held.y };
    const local = t.fit(X, y, { validation });
    expect(local.validationHistory.length).toBeGreaterThan(0);
    expect(bits(await w.value({ type: "fit", generation: 1, X, y, validation, progress: false }))).toEqual(bits(local));
    const resumedOptions: TrainerOptions = { optimizer: "sgd", epochs: 3, tolerance: 0 };
    const r = await Trainer.create(resumedOptions);
    const rw = worker();
    await rw.value({ type: "create", options: resumedOptions });
    r.fit(X, y);
    await rw.value({ type: "fit", generation: 1, X, y, progress: false });
    const resumed = r.fit(X, y, { resume: true });
    expect(bits(resumed)).not.toEqual(bits(r.fit(X, y)));
    r.fit(X, y);
    await rw.value({ type: "fit", generation: 2, X, y, progress: false });
    expect(bits(await rw.value({ type: "fit", generation: 3, X, y, resume: true, progress: false }))).toEqual(bits(resumed));
    t.dispose();
    r.dispose();
  });

  it("summary answers for its own fit's generation only, with Trainer's summary; its options are checked", async () => {
    const { X, y } = syntheticData({ family: "poisson" });
    const t = await Trainer.create({ family: "poisson", optimizer: "newton" });
    const w = worker();
    await w.value({ type: "create", options: { family: "poisson", optimizer: "newton" } });
    const stale = (await w.call({ type: "summary", generation: 0 })).at(-1)!;
    expect(stale.ok).toBe(false);
    expect(stale.error).toMatchObject({ name: "StaleFitError", code: "STALE_FIT" });
    await w.value({ type: "fit", generation: 4, X, y, progress: false });
    expect(await w.value({ type: "summary", generation: 4, options: { level: 0.9 } })).toEqual(t.fit(X, y).summary({ level: 0.9 }));
    expect((await w.call({ type: "summary", generation: 3 })).at(-1)!.error?.name).toBe("StaleFitError");
    const badLevel = (await w.call({ type: "summary", generation: 4, options: { level: 2 } })).at(-1)!;
    expect(badLevel.error).toMatchObject({ name: "InvalidOptionError", fields: { option: "level", value: 2 } });
    // the options are checked before the fit is looked for
    expect((await w.call({ type: "summary", generation: 3, options: { level: 2 } })).at(-1)!.error?.name).toBe("InvalidOptionError");
    t.dispose();
  });

  it("a restored model predicts until this worker's own fit replaces it", async () => {
    const { X, y } = syntheticData({ family: "poisson" });
    const other = syntheticData({ family: "poisson" }, 23);
    const t = await Trainer.create(GD);
    const first = t.fit(other.X, other.y);
    const restoredPredictions = float64Hex(t.predict(X));
    const w = worker();
    await w.value({ type: "create", options: GD });
    expect(await w.value({ type: "restore", model: first.model(), generation: 1 })).toBe(null);
    expect(float64Hex(await w.value({ type: "predict", X }))).toBe(restoredPredictions);
    await w.value({ type: "fit", generation: 2, X, y, progress: false });
    const own = float64Hex(await w.value({ type: "predict", X }));
    t.fit(X, y);
    expect(own).toBe(float64Hex(t.predict(X)));
    expect(own).not.toBe(restoredPredictions);
    t.dispose();
  });
});

describe("progress is posted in batches, at most one per 16 ms", () => {
  async function progressOf(clockStep: number, progress = true): Promise<Reply[]> {
    let clock = 0;
    vi.spyOn(performance, "now").mockImplementation(() => (clock += clockStep));
    const { X, y } = syntheticData({ family: "poisson" });
    const w = worker();
    await w.value({ type: "create", options: GD });
    const messages = await w.call({ type: "fit", generation: 1, X, y, progress });
    expect(messages.at(-1)!.ok).toBe(true);
    return messages.slice(0, -1);
  }
  const epochs = (messages: Reply[]) => messages.map((m) => m.progress!.map((p) => p.epoch));

  it("a stopped clock: every epoch in one batch, posted when the fit ends", async () => {
    expect(epochs(await progressOf(0))).toEqual([[1, 2, 3, 4, 5, 6]]);
  });

  it("20 ms per reading: a batch per epoch, and no empty batch at the end", async () => {
    expect(epochs(await progressOf(20))).toEqual([[1], [2], [3], [4], [5], [6]]);
  });

  it("4 ms per reading: a batch once 16 ms (not 17) have passed since the last post", async () => {
    // readings: start 4; epochs at 8, 12, 16, 20 (16 since 4: post [1..4]), the post at 24; epochs at 28, 32; the end posts [5, 6]
    expect(epochs(await progressOf(4))).toEqual([[1, 2, 3, 4], [5, 6]]);
  });

  it("no progress asked: no progress message", async () => {
    expect(await progressOf(20, false)).toEqual([]);
  });
});

describe("a failed request is a reply with the error, and the next request is served", () => {
  it("a request before create, then create", async () => {
    const w = worker();
    for (const request of [{ type: "fit", generation: 1, X: [[1]], y: [1], progress: false }, { type: "predict", X: [[1]] }, { type: "restore", model: {}, generation: 0 }]) {
      const [reply] = await w.call(request);
      expect(reply).toMatchObject({ ok: false, error: { name: "Error", message: expect.stringMatching(/before create/) } });
    }
    expect((await w.value({ type: "create", options: {} })).kernels).toMatch(/^(simd|scalar)$/);
  });

  it("bad options, bad data and a model that is not one: the class, code and fields cross", async () => {
    const w = worker();
    expect((await w.call({ type: "create", options: { learningRate: 0 } })).at(-1)!.error).toMatchObject({ name: "InvalidOptionError", fields: { option: "learningRate", value: 0 } });
    await w.value({ type: "create", options: { family: "bernoulli", optimizer: "newton" } });
    const nan = (await w.call({ type: "fit", generation: 1, X: [[0], [1], [NaN], [3]], y: [0, 1, 0, 1], progress: false })).at(-1)!;
    expect(nan).toMatchObject({ ok: false, error: { name: "InvalidDataError", code: expect.any(String) } });
    expect((await w.call({ type: "predict", X: [[1]] })).at(-1)!.error?.name).toBe("NotFittedError");
    expect((await w.call({ type: "restore", model: { format: "no" }, generation: 0 })).at(-1)!.error?.name).toBe("InvalidModelError");
    expect((await w.call({ type: "fit", generation: 2, X: [[0], [1], [3], [2]], y: [0, 1, 1, 0], progress: false })).at(-1)!.ok).toBe(true);
  });
});
