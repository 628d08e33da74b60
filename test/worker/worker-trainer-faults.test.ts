// WorkerTrainer against a worker the test controls: spawnWorker (bindings/worker/port.ts) is
// replaced by one that serves the real request handler (thread-handler.ts) over a MessageChannel in
// this thread, and can make a request crash its worker or hold the next worker's start. So what a
// real thread makes hard to provoke is checked exactly: a crash rejects the call in flight with a
// WorkerFailedError and the next call starts a fresh worker with the last model; a late failure of
// a replaced worker is ignored; the process is held only while a request is pending; data the
// structured clone refuses is an InvalidDataError; dispose() while a worker starts ends it.
import { afterAll, describe, expect, it, vi } from "vitest";
import { DisposedError, InvalidDataError, StaleFitError, Trainer, WorkerFailedError, type TrainerOptions } from "../../dist/index.js";
import { WorkerTrainer } from "../../dist/worker/index.js";
import { float64Hex, syntheticData } from "../browser/scenarios.js";

interface FakeWorker {
  events: { message(reply: unknown): void; failure(detail: string): void };
  posted: string[];
  messages: Record<string, unknown>[];
  holds: boolean[];
  terminated: number;
}

const fake = vi.hoisted(() => ({
  spawned: [] as FakeWorker[], crashNext: null as string | null, gate: null as Promise<void> | null, afterPost: null as ((type: string) => void) | null,
}));

vi.mock("../../dist/worker/port.js", async () => {
  const { MessageChannel } = await import("node:worker_threads");
  const { serve } = await import("../../dist/worker/thread-handler.js");
  return {
    spawnWorker: async (events: FakeWorker["events"]) => {
      if (fake.gate) await fake.gate;
      const { port1, port2 } = new MessageChannel();
      serve({ post: (reply, transfer) => port1.postMessage(reply, transfer as never), listen: (handler) => port1.on("message", handler) });
      const worker: FakeWorker = { events, posted: [], messages: [], holds: [], terminated: 0 };
      port2.on("message", (reply) => events.message(reply));
      fake.spawned.push(worker);
      return {
        post: (message: { type: string }, transfer: Transferable[]) => {
          port2.postMessage(message, transfer as never);
          worker.posted.push(message.type);
          worker.messages.push(message);
          fake.afterPost?.(message.type);
          if (fake.crashNext !== null) {
            const detail = fake.crashNext;
            fake.crashNext = null;
            port1.close();
            setImmediate(() => events.failure(detail));
          }
        },
        hold: (pending: boolean) => void worker.holds.push(pending),
        terminate: () => {
          worker.terminated++;
          port1.close();
          port2.close();
        },
      };
    },
  };
});

const created: WorkerTrainer[] = [];
afterAll(() => created.forEach((wt) => wt.dispose()));
const GD: TrainerOptions = { family: "poisson", optimizer: "gd", epochs: 5, learningRate: 0.05 };

async function start(options: TrainerOptions = GD): Promise<WorkerTrainer> {
  const wt = await WorkerTrainer.create(options);
  created.push(wt);
  return wt;
}
const rejection = (promise: Promise<unknown>) => promise.then(() => undefined, (error: unknown) => error);

describe("WorkerTrainer when its worker fails", () => {
  it("a crash rejects the call in flight with a WorkerFailedError; the next call gets a fresh worker with the last model", async () => {
    const { X, y } = syntheticData({ family: "poisson" });
    const other = syntheticData({ family: "poisson" }, 19);
    fake.spawned.length = 0;
    const wt = await start();
    const first = await wt.fit(X, y);
    const before = float64Hex(await wt.predict(X));
    const worker = fake.spawned[0];
    expect(worker.posted).toEqual(["create", "fit", "predict"]);
    expect(worker.holds).toEqual([true, false, true, false, true, false]);

    fake.crashNext = "the worker exited with code 7";
    const error = await rejection(wt.fit(other.X, other.y));
    expect(error).toBeInstanceOf(WorkerFailedError);
    expect(error).toMatchObject({ method: "fit", detail: "the worker exited with code 7", code: "WORKER_FAILED" });
    expect(worker.terminated).toBe(1);

    expect(float64Hex(await wt.predict(X))).toBe(before);
    expect(fake.spawned).toHaveLength(2);
    expect(fake.spawned[1].posted).toEqual(["create", "restore", "predict"]);
    expect(await rejection(first.summary())).toBeInstanceOf(StaleFitError);

    // the replaced worker's late failure, while the new one has a call in flight, changes nothing
    fake.afterPost = (type) => {
      if (type === "predict") worker.events.failure("late");
    };
    expect(float64Hex(await wt.predict(X))).toBe(before);
    fake.afterPost = null;
    expect(fake.spawned).toHaveLength(2);
    expect(wt.kernels).toMatch(/^(simd|scalar)$/);
  });

  it("a crash while the fresh worker is being created rejects that call; the one after starts another", async () => {
    const { X, y } = syntheticData({ family: "poisson" });
    fake.spawned.length = 0;
    const wt = await start();
    await wt.fit(X, y);
    fake.crashNext = "crashed";
    expect(await rejection(wt.predict(X))).toMatchObject({ name: "WorkerFailedError", method: "predict" });
    fake.crashNext = "crashed on create";
    expect(await rejection(wt.predict(X))).toMatchObject({ name: "WorkerFailedError", method: "create", detail: "crashed on create" });
    expect((await wt.predict(X)).length).toBe(X.rows);
    expect(fake.spawned.map((w) => w.posted)).toEqual([["create", "fit", "predict"], ["create"], ["create", "restore", "predict"]]);
  });
});

describe("WorkerTrainer's own refusals and lifetime", () => {
  it("data the structured clone refuses is an InvalidDataError naming X, and nothing is left pending", async () => {
    const { X, y } = syntheticData({ family: "poisson" });
    fake.spawned.length = 0;
    const wt = await start();
    await wt.fit(X, y);
    const error = await rejection(wt.predict([[() => 1]] as never));
    expect(error).toBeInstanceOf(InvalidDataError);
    expect(error).toMatchObject({ field: "X", message: expect.stringMatching(/cannot be sent to the worker \(a .*DataCloneError|cannot be sent to the worker/) });
    expect(fake.spawned[0].holds).toEqual([true, false, true, false]);
    expect((await wt.predict(X)).length).toBe(X.rows);
  });

  it("dispose() while a fresh worker starts ends that worker; the waiting call rejects with a DisposedError", async () => {
    const { X, y } = syntheticData({ family: "poisson" });
    fake.spawned.length = 0;
    const wt = await start();
    await wt.fit(X, y);
    fake.crashNext = "crashed";
    await rejection(wt.predict(X));
    let open!: () => void;
    fake.gate = new Promise<void>((resolve) => (open = resolve));
    const waiting = rejection(wt.predict(X));
    await new Promise((resolve) => setImmediate(resolve));
    wt.dispose();
    fake.gate = null;
    open();
    expect(await waiting).toBeInstanceOf(DisposedError);
    // every later call names itself; summaries are stale, released by dispose
    expect((await rejection(wt.predict(X)) as Error).message).toBe("Trainer.predict() was called after dispose(); create a new Trainer.");
    expect(await rejection(wt.fit(X, y))).toMatchObject({ duringFit: false, message: "Trainer.fit() was called after dispose(); create a new Trainer." });
    expect((await rejection(wt.evaluate(X, y, [0], [0])) as Error).message).toMatch(/^Trainer\.evaluate\(\) was called after dispose/);
    expect(() => wt.kernels).toThrow(/^Trainer\.kernels\(\) was called after dispose/);
    await vi.waitFor(() => expect(fake.spawned).toHaveLength(2));
    expect(fake.spawned[1].terminated).toBe(1);
    expect(fake.spawned[1].posted).toEqual([]);
    expect(() => wt.kernels).toThrow(DisposedError);
  });

  it("a signal-like object (no listeners) aborted from onEpoch stops the fit with its reason", async () => {
    const { X, y } = syntheticData({ family: "poisson" });
    const wt = await start({ ...GD, epochs: 50, tolerance: 0 });
    const signal = { aborted: false, reason: undefined as unknown };
    const error = await rejection(wt.fit(X, y, { signal, onEpoch: ({ epoch }) => void (epoch === 2 && Object.assign(signal, { aborted: true, reason: "enough" })) }));
    expect(error).toMatchObject({ name: "AbortError", method: "fit", reason: "enough" });
  });
});

describe("WorkerTrainer's requests and signals", () => {
  it("progress is asked of the worker only with onEpoch; resume reaches the worker's trainer", async () => {
    const { X, y } = syntheticData({ family: "poisson" });
    fake.spawned.length = 0;
    const options: TrainerOptions = { ...GD, optimizer: "sgd", epochs: 3, tolerance: 0 };
    const wt = await start(options);
    await wt.fit(X, y);
    await wt.fit(X, y, { onEpoch: () => {} });
    const fits = fake.spawned[0].messages.filter((m) => m.type === "fit");
    expect(fits.map((m) => m.progress)).toEqual([false, true]);
    expect(fits.map((m) => "resume" in m)).toEqual([false, false]);
    const t = await Trainer.create(options);
    t.fit(X, y);
    const resumed = t.fit(X, y, { resume: true });
    t.dispose();
    expect(Array.from((await wt.fit(X, y, { resume: true })).coefficients)).toEqual(Array.from(resumed.coefficients));
    expect(fake.spawned[0].messages.at(-1)).toMatchObject({ type: "fit", resume: true });
  });

  it("listens to the signal once, and stops listening when the fit has settled", async () => {
    const { X, y } = syntheticData({ family: "poisson" });
    const wt = await start();
    const calls: unknown[][] = [];
    const signal = {
      aborted: false,
      addEventListener: (...args: unknown[]) => void calls.push(["add", ...args]),
      removeEventListener: (...args: unknown[]) => void calls.push(["remove", ...args]),
    };
    await wt.fit(X, y, { signal });
    expect(calls).toHaveLength(2);
    expect(calls[0]).toEqual(["add", "abort", expect.any(Function), { once: true }]);
    expect(calls[1]).toEqual(["remove", "abort", calls[0][2]]);
  });

  it("a reply for no call is ignored; dispose() during a fit is a DisposedError of that fit", async () => {
    const { X, y } = syntheticData({ family: "poisson" });
    fake.spawned.length = 0;
    const wt = await start({ ...GD, epochs: 400, tolerance: 0 });
    expect(() => fake.spawned[0].events.message({ id: 12345, ok: true, value: null })).not.toThrow();
    expect(() => fake.spawned[0].events.message({ id: 12345, progress: [] })).not.toThrow();
    // dispose() as soon as the fit is posted, while it is in flight
    fake.afterPost = (type) => {
      if (type === "fit") wt.dispose();
    };
    const error = await rejection(wt.fit(X, y));
    fake.afterPost = null;
    expect(error).toBeInstanceOf(DisposedError);
    expect(error).toMatchObject({ duringFit: true, message: expect.stringMatching(/^dispose\(\) was called while Trainer\.fit\(\) was running/) });
    expect(fake.spawned[0].terminated).toBe(1);
  });
});

describe("WorkerTrainer's calls in detail", () => {
  it("aborts name the fit; a queued fit aborted before it is sent never reaches the worker", async () => {
    const { X, y } = syntheticData({ family: "poisson" });
    fake.spawned.length = 0;
    const wt = await start({ ...GD, epochs: 20, tolerance: 0 });
    expect((await rejection(wt.fit(X, y, { signal: AbortSignal.abort() })) as Error).message).toMatch(/^fit\(\) was aborted \(/);
    expect((await rejection(wt.fit(X, y, { onEpoch: ({ epoch }) => epoch < 2 })) as Error).message).toBe("fit() was aborted; nothing was returned.");
    const posted = () => fake.spawned.flatMap((w) => w.posted).filter((type) => type === "fit").length;
    const before = posted();
    const controller = new AbortController();
    const running = wt.fit(X, y);
    const queued = rejection(wt.fit(X, y, { signal: controller.signal }));
    controller.abort();
    await running;
    expect(await queued).toMatchObject({ name: "AbortError", method: "fit" });
    expect(posted()).toBe(before + 1);
  });

  it("evaluate never hands the caller's arrays over; its options are checked by name", async () => {
    const { X, y } = syntheticData({ family: "poisson" });
    const wt = await start();
    const data = Float64Array.from(X.data);
    const labels = Float64Array.from(y);
    const weights = new Float64Array(X.rows).fill(2);
    const coefficients = new Float64Array(X.cols);
    const intercept = Float64Array.of(0.5);
    const t = await Trainer.create(GD);
    const local = t.evaluate({ data, rows: X.rows, cols: X.cols }, labels, coefficients, intercept, { sampleWeight: weights });
    t.dispose();
    const remote = await wt.evaluate({ data, rows: X.rows, cols: X.cols }, labels, coefficients, intercept, { sampleWeight: weights });
    expect(remote.objective).toBe(local.objective);
    for (const array of [data, labels, weights, coefficients, intercept]) expect(array.byteLength).toBeGreaterThan(0);
    expect(await rejection(wt.evaluate(X, y, coefficients, intercept, 5 as never))).toMatchObject({ name: "InvalidOptionError", option: "fitOptions" });
  });

  it("validation that is not a plain object is the trainer's to refuse; its sample weights are packed", async () => {
    const { X, y } = syntheticData({ family: "gaussian" });
    const held = syntheticData({ family: "gaussian" }, 11);
    const options: TrainerOptions = { optimizer: "sgd", epochs: 8, tolerance: 0, earlyStopping: { patience: 3 } };
    const wt = await start(options);
    const t = await Trainer.create(options);
    for (const validation of [[1, 2], null, new Map()]) {
      const local = (() => {
        try {
          t.fit(X, y, { validation: validation as never });
        } catch (error) {
          return error as Error;
        }
      })();
      const remote = (await rejection(wt.fit(X, y, { validation: validation as never }))) as Error;
      expect(remote.name, String(validation)).toBe(local!.name);
      expect(remote.message).toBe(local!.message);
    }
    const sampleWeight = Array.from({ length: held.X.rows }, (_, i) => 1 + (i % 2));
    const fit = t.fit(X, y, { validation: { X: held.X, y: held.y, sampleWeight } });
    const wfit = await wt.fit(X, y, { validation: { X: held.X, y: held.y, sampleWeight } });
    expect(Array.from(wfit.validationHistory)).toEqual(Array.from(fit.validationHistory));
    t.dispose();
  });

  it("dispose() with a summary in flight: a StaleFitError released by dispose; a fit result's summary afterwards too", async () => {
    const { X, y } = syntheticData({ family: "poisson" });
    const wt = await start({ family: "poisson", optimizer: "newton" });
    const fit = await wt.fit(X, y);
    fake.afterPost = (type) => {
      if (type === "summary") wt.dispose();
    };
    const inFlight = await rejection(fit.summary());
    fake.afterPost = null;
    expect(inFlight).toMatchObject({ name: "StaleFitError", releasedBy: "dispose", message: expect.stringMatching(/^fit\.summary\(\) needs the data of its fit/) });
    expect(await rejection(fit.summary())).toMatchObject({ name: "StaleFitError", releasedBy: "dispose" });
  });
});
