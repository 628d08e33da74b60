// Hostile values at every public entry point (issue 11; house rule "bad input never crashes"): a
// revoked Proxy, a Proxy whose get/has/ownKeys/getPrototypeOf/getOwnPropertyDescriptor trap throws,
// an accessor that throws, anywhere an option object, X, a row, y, weights, parameters, a model
// document or a training state goes. Reading one used to throw the engine's TypeError (or the trap's
// own error) straight out of Trainer.create, trainTestSplit, metrics.* and 50 more argument
// positions (options nested in options too: penaltyFactor, featureNames, lambdas); each is now the typed error of that argument (bindings/input-guard.ts), raised before
// anything changes: the trainer and model predict the same bits afterwards. fast-check draws the
// hostile value (kind, trap, what it throws — an Error, a string, null, a revoked Proxy) and where
// it goes.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  FitResult, InvalidDataError, InvalidModelError, InvalidOptionError, InvalidStateError, Model, Trainer, WasmMleError, metrics, trainTestSplit,
} from "../../dist/index.js";
import { WorkerTrainer } from "../../dist/worker/index.js";

const X = [[1, 2], [2, 1], [3, 4], [4, 3], [5, 7], [6, 5]];
const y = [1, 0, 0, 1, 1, 0];
const scores = [0.2, 0.3, 0.9, 0.1, 0.7, 0.6];

const TRAPS = ["get", "has", "ownKeys", "getPrototypeOf", "getOwnPropertyDescriptor"] as const;
type Shape = "object" | "array" | "row of X" | "data of X";
interface Hostile { shape: Shape; trap: (typeof TRAPS)[number] | "revoked" | "accessor"; thrown: unknown }

function revokedProxy<T extends object>(target: T): T {
  const { proxy, revoke } = Proxy.revocable(target, {});
  revoke();
  return proxy;
}

/** A fresh hostile value: what it wraps, how reading it throws, and what it throws. */
function build({ shape, trap, thrown }: Hostile): unknown {
  const raise = () => {
    throw thrown === REVOKED ? revokedProxy({}) : thrown;
  };
  const target: object = shape === "object" ? { family: "gaussian", sampleWeight: [1, 1, 1, 1, 1, 1] } : [1, 2, 3, 4, 5, 6];
  let value: object;
  if (trap === "revoked") value = revokedProxy(target);
  else if (trap === "accessor") value = Object.defineProperty(target, shape === "object" ? "family" : "2", { get: raise, enumerable: true });
  else value = new Proxy(target, { [trap]: raise });
  if (shape === "row of X") return [[1, 2], value, [5, 6]];
  if (shape === "data of X") return { data: value, rows: 3, cols: 2 };
  return value;
}

const REVOKED = Symbol.for("a revoked Proxy");
const thrownValues = fc.oneof(
  fc.string().map((message) => new Error(message)),
  fc.string(),
  fc.constantFrom(null, undefined, 0, Symbol("trap")),
  // fast-check itself looks into the values it draws, so the revoked Proxy is made when thrown
  fc.constant(REVOKED),
);
const hostile = fc.record({
  shape: fc.constantFrom<Shape>("object", "array", "row of X", "data of X"),
  trap: fc.constantFrom(...TRAPS, "revoked" as const, "accessor" as const),
  thrown: thrownValues,
});

type Kind = typeof InvalidOptionError | typeof InvalidDataError | typeof InvalidModelError | typeof InvalidStateError;
interface Entry { call: (value: unknown) => unknown; argument: Kind[] }

let trainer: Trainer;
let online: Trainer;
let validating: Trainer;
let model: Model;
let fit: FitResult;
let before: { trainer: string; model: string; online: string };
const bits = (values: Float64Array) => Buffer.from(values.buffer, values.byteOffset, values.byteLength).toString("hex");

beforeAll(async () => {
  trainer = await Trainer.create({ family: "bernoulli" });
  fit = trainer.fit(X, y);
  model = await Model.fromJSON(fit.model());
  online = await Trainer.create({ family: "bernoulli", optimizer: "sgd" });
  validating = await Trainer.create({ family: "bernoulli", optimizer: "sgd", epochs: 3 });
  online.partialFit(X, y);
  before = { trainer: bits(trainer.predict(X)), model: bits(model.predict(X)), online: bits(online.predict(X)) };
});
afterAll(() => {
  trainer.dispose();
  online.dispose();
  validating.dispose();
});

const option = [InvalidOptionError];
const data = [InvalidDataError];
const ENTRIES: Record<string, Entry> = {
  "Trainer.create(options)": { call: (h) => Trainer.create(h as never), argument: option },
  "Trainer.create({ penaltyFactor })": { call: (h) => Trainer.create({ l1: 0.1, penaltyFactor: h as never }), argument: option },
  "Trainer.create({ featureNames })": { call: (h) => Trainer.create({ featureNames: h as never }), argument: option },
  "fitPath(…, { lambdas })": { call: (h) => trainer.fitPath(X, y, { lambdas: h as never }), argument: option },
  "crossValidate(…, { lambdas })": { call: (h) => trainer.crossValidate(X, y, { lambdas: h as never }), argument: option },
  // an sgd trainer of its own: validation needs epochs, and a harmless value lets its fit run
  "fit(…, { validation: { X } })": { call: (h) => validating.fit(X, y, { validation: { X: h as never, y } }), argument: data },
  "fit(X, …)": { call: (h) => trainer.fit(h as never, y), argument: data },
  "fit(…, y)": { call: (h) => trainer.fit(X, h as never), argument: data },
  "fit(…, fitOptions)": { call: (h) => trainer.fit(X, y, h as never), argument: option },
  "fit(…, { sampleWeight })": { call: (h) => trainer.fit(X, y, { sampleWeight: h as never }), argument: data },
  "fit(…, { validation })": { call: (h) => validating.fit(X, y, { validation: h as never }), argument: [InvalidOptionError, InvalidDataError] },
  "fit(…, { signal })": { call: (h) => trainer.fit(X, y, { signal: h as never }), argument: option },
  "predict(X)": { call: (h) => trainer.predict(h as never), argument: data },
  "evaluate(…, coefficients, intercept)": { call: (h) => trainer.evaluate(X, y, h as never, h as never), argument: data },
  "partialFit(X, …)": { call: (h) => online.partialFit(h as never, y), argument: data },
  "partialFit(…, options)": { call: (h) => online.partialFit(X, y, h as never), argument: option },
  "fitPath(…, pathOptions)": { call: (h) => trainer.fitPath(X, y, h as never), argument: option },
  "crossValidate(…, options)": { call: (h) => trainer.crossValidate(X, y, h as never), argument: option },
  "chunkBuffer(…, options)": { call: (h) => online.chunkBuffer(2, 2, h as never), argument: option },
  "Trainer.restore(state)": { call: (h) => Trainer.restore(h), argument: [InvalidStateError] },
  "fit.summary(options)": { call: (h) => fit.summary(h as never), argument: option },
  "Model.fromJSON(data)": { call: (h) => Model.fromJSON(h), argument: [InvalidModelError] },
  "Model.fromJSON(…, loadOptions)": { call: (h) => Model.fromJSON(fit.model(), h as never), argument: option },
  "FitResult.fromJSON(data)": { call: (h) => FitResult.fromJSON(h), argument: [InvalidModelError] },
  "model.predict(X)": { call: (h) => model.predict(h as never), argument: data },
  "model.predictClass(X)": { call: (h) => model.predictClass(h as never), argument: data },
  "model.score(X, y, options)": { call: (h) => model.score(X, h as never, h as never), argument: [InvalidDataError, InvalidOptionError] },
  "trainTestSplit(X, …)": { call: (h) => trainTestSplit(h as never, y), argument: data },
  "trainTestSplit(…, y)": { call: (h) => trainTestSplit(X, h as never), argument: data },
  "trainTestSplit(…, options)": { call: (h) => trainTestSplit(X, y, h as never), argument: option },
  ...Object.fromEntries(
    (["r2", "mae", "rmse", "poissonDevianceExplained", "accuracy", "confusionMatrix", "rocAuc", "logLoss"] as const).flatMap((name) => {
      const metric = metrics[name] as (a: unknown, b: unknown, c?: unknown) => unknown;
      const yPred = name === "logLoss" || name === "rocAuc" || name === "r2" || name === "mae" || name === "rmse" ? scores : y;
      const truth = name === "poissonDevianceExplained" ? [1, 2, 0, 3, 1, 2] : y;
      return [
        [`metrics.${name}(yTrue, …)`, { call: (h: unknown) => metric(h, yPred), argument: data }],
        [`metrics.${name}(…, yPred)`, { call: (h: unknown) => metric(truth, h), argument: data }],
        [`metrics.${name}(…, options)`, { call: (h: unknown) => metric(truth, yPred, h), argument: [InvalidOptionError, InvalidDataError] }],
      ];
    }),
  ),
};

/** What calling `entry` with `value` gave: undefined when it returned, else what it threw or rejected with. */
async function outcome(entry: Entry, value: unknown): Promise<unknown> {
  try {
    await entry.call(value);
    return undefined;
  } catch (error) {
    return error;
  }
}

describe("hostile values at every public entry point", () => {
  it("are the typed error of the argument (never a raw TypeError or a trap's own throw), and change nothing", async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...Object.keys(ENTRIES)), hostile, async (name, spec) => {
        const entry = ENTRIES[name];
        const error = await outcome(entry, build(spec));
        // Some hostile values are harmless where they go (a "row of X" is just an odd options
        // object); what may never come out is an error that is not ours.
        const now = { trainer: bits(trainer.predict(X)), model: bits(model.predict(X)), online: bits(online.predict(X)) };
        if (error === undefined) {
          before = now; // a call that went through may fit: what a later refusal must keep
          return;
        }
        expect(error, `${name} with ${spec.trap} ${spec.shape}: ${String((error as Error)?.message)}`).toBeInstanceOf(WasmMleError);
        if (spec.shape === "object" || spec.shape === "array") {
          expect(entry.argument.some((kind) => error instanceof kind), `${name}: ${(error as Error).name}: ${(error as Error).message}`).toBe(true);
        }
        expect(now, `${name} with ${spec.trap} ${spec.shape} changed a prediction`).toEqual(before);
      }),
      { seed: 20261201, numRuns: 600 },
    );
  }, 60_000);

  it("name the argument and what reading it threw", async () => {
    const revoked = revokedProxy({});
    const create = await outcome(ENTRIES["Trainer.create(options)"], revoked);
    expect(create).toBeInstanceOf(InvalidOptionError);
    expect((create as InvalidOptionError).option).toBe("options");
    expect((create as Error).message).toContain("Cannot perform 'getPrototypeOf' on a proxy that has been revoked");
    const rows = await outcome(ENTRIES["fit(X, …)"], build({ shape: "row of X", trap: "get", thrown: new RangeError("row trap") }));
    expect(rows).toMatchObject({ field: "X", message: "Invalid X: it cannot be read (reading it threw RangeError: row trap)." });
    const weights = await outcome(ENTRIES["fit(…, { sampleWeight })"], build({ shape: "array", trap: "accessor", thrown: "a string" }));
    expect(weights).toMatchObject({ field: "sampleWeight", message: 'Invalid sampleWeight: it cannot be read (reading it threw "a string").' });
    const yTrue = await outcome(ENTRIES["metrics.r2(yTrue, …)"], revokedProxy([1, 2]));
    expect(yTrue).toMatchObject({ field: "yTrue" });
    const split = await outcome(ENTRIES["trainTestSplit(…, options)"], build({ shape: "object", trap: "ownKeys", thrown: null }));
    expect(split).toMatchObject({ option: "options" });
    expect((split as Error).message).toContain("reading it threw null");
  });

  it("metrics refuse an unknown option instead of ignoring it (a misspelt sampleWeight scored unweighted)", () => {
    expect(() => metrics.mae([1, 2], [1, 3], { sampleWeights: [1, 0] } as never)).toThrow(InvalidOptionError);
    expect(() => metrics.confusionMatrix([0, 1], [0, 1], { label: [1, 0] } as never)).toThrow(/label/);
    expect(metrics.mae([1, 2], [1, 3], { sampleWeight: [1, 0] })).toBe(0);
  });
});

describe("hostile values at WorkerTrainer's entry points (worker_threads)", () => {
  let worker: WorkerTrainer;
  beforeAll(async () => {
    worker = await WorkerTrainer.create({ family: "bernoulli" });
    await worker.fit(X, y);
  });
  afterAll(() => worker.dispose());

  it("reject with the typed error of the argument (never a synchronous raw throw), and the worker fits again", async () => {
    const calls: Record<string, (h: unknown) => Promise<unknown>> = {
      "create(options)": (h) => WorkerTrainer.create(h as never).then((t) => t.dispose()),
      "fit(X, …)": (h) => worker.fit(h as never, y),
      "fit(…, y)": (h) => worker.fit(X, h as never),
      "fit(…, fitOptions)": (h) => worker.fit(X, y, h as never),
      "fit(…, { sampleWeight })": (h) => worker.fit(X, y, { sampleWeight: h as never }),
      "fit(…, { validation })": (h) => worker.fit(X, y, { validation: h as never }),
      "predict(X)": (h) => worker.predict(h as never),
      "predict(…, options)": (h) => worker.predict(X, h as never),
      "evaluate(…, coefficients)": (h) => worker.evaluate(X, y, h as never, [0]),
    };
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...Object.keys(calls)), hostile, async (name, spec) => {
        let promise: Promise<unknown>;
        try {
          promise = calls[name](build(spec));
        } catch (error) {
          throw new Error(`${name} threw synchronously: ${String(error)}`);
        }
        const error = await promise.then(() => undefined, (e: unknown) => e);
        if (error !== undefined) expect(error, `${name} with ${spec.trap} ${spec.shape}`).toBeInstanceOf(WasmMleError);
      }),
      { seed: 20261201, numRuns: 150 },
    );
    expect((await worker.fit(X, y)).epochs).toBeGreaterThan(0);
  }, 120_000);
});
