// Resume-exact checkpoints: 2N epochs ≡ N epochs, saveState, Trainer.restore in a fresh process,
// N resumed epochs — the same bits; saveState from onEpoch; the state's refusals and a fuzz.
import { spawnSync } from "node:child_process";
import { describe, expect, test } from "vitest";
import {
  IncompatibleStateError, InvalidStateError, Trainer, TrainingStateError, WasmMleError, type TrainerOptions, type TrainingStateData,
} from "../../dist/index.js";
import { syntheticData } from "../helpers/fixtures.js";
import { disposingTrainers } from "../helpers/trainers.js";
import { thrownBy } from "../helpers/thrown.js";
import { fuzzJsonLoader } from "../helpers/fuzz-json.js";

const trainer = disposingTrainers();
const CHILD = new URL("../helpers/resume-child.mjs", import.meta.url).pathname;

/** What must agree bit for bit: θ, the rule's slots, θ̄, the cumulative L1 penalty, RNG, t, the epochs done, the rate and the adaptive schedule's counters. */
const bitsOf = ({ theta, slots, average, l1, rng, step, epochsDone, learningRate, plateau }: TrainingStateData) =>
  ({ theta, slots, average, l1, rng, step, epochsDone, learningRate, plateau });

/** ReduceLROnPlateau settings that lower the rate within a 6-epoch fit of these data (few epochs improve by 5 %). */
const ADAPTIVE = { kind: "adaptive", patience: 1, threshold: 0.05, factor: 0.5 } as const;

/** Every stochastic optimizer × sampler × dtype this build ships (constant schedule; rules adds the rest). */
function scenarios(): { name: string; options: TrainerOptions }[] {
  const list: { name: string; options: TrainerOptions }[] = [];
  for (const optimizer of ["sgd", "gd"] as const) {
    for (const sampling of optimizer === "gd" ? (["shuffle"] as const) : (["shuffle", "replacement", "sequential"] as const)) {
      for (const dtype of ["float64", "float32"] as const) {
        list.push({ name: `${optimizer}/${sampling}/${dtype}`, options: { family: "bernoulli", optimizer, sampling, dtype, batchSize: 7, learningRate: 0.2, l2: 1e-3, tolerance: 0, seed: 5 } });
      }
    }
  }
  list.push({ name: "multinomial/sgd/scalar", options: { family: "multinomial", classes: 3, optimizer: "sgd", kernels: "scalar", batchSize: 5, learningRate: 0.1, l2: 1e-3, tolerance: 0 } });
  // the update rules with their slots, each step-dependent schedule, and averaging (θ̄ and θ both carried)
  const schedules: TrainerOptions["schedule"][] = [
    "constant", { kind: "invscaling", power: 0.5 }, "optimal", { kind: "step", every: 2, factor: 0.5 }, { kind: "exponential", gamma: 0.9 },
  ];
  const rules = ["momentum", "nesterov", "adagrad", "rmsprop", "adam", "adamw"] as const;
  rules.forEach((optimizer, k) => {
    for (const sampling of ["shuffle", "replacement"] as const) {
      for (const dtype of ["float64", "float32"] as const) {
        const schedule = schedules[(k + (sampling === "shuffle" ? 0 : 2) + (dtype === "float64" ? 0 : 1)) % schedules.length];
        list.push({
          name: `${optimizer}/${sampling}/${dtype}/${JSON.stringify(schedule)}`,
          options: { family: "bernoulli", optimizer, sampling, dtype, schedule, batchSize: 7, learningRate: 0.05, l2: 1e-2, tolerance: 0, seed: 5 },
        });
      }
    }
  });
  list.push({ name: "sgd/average 9", options: { family: "gaussian", optimizer: "sgd", average: 9, batchSize: 7, learningRate: 0.05, tolerance: 0 } });
  // the cumulative L1 penalty (u, q) is carried too: without it a resumed fit would clip differently
  list.push({ name: "sgd/l1", options: { family: "gaussian", optimizer: "sgd", l1: 0.05, schedule: { kind: "invscaling", power: 0.5 }, batchSize: 7, learningRate: 0.05, tolerance: 0 } });
  list.push({ name: "adam/l1/float32/penaltyFactor", options: { family: "bernoulli", optimizer: "adam", dtype: "float32", l1: 0.02, penaltyFactor: [0, 1, 2, 1], batchSize: 7, learningRate: 0.05, tolerance: 0 } });
  list.push({ name: "nesterov/l1+l2/average", options: { family: "poisson", optimizer: "nesterov", l1: 0.02, l2: 0.01, average: 5, batchSize: 7, learningRate: 0.02, tolerance: 0 } });
  list.push({ name: "adagrad/l1/multinomial", options: { family: "multinomial", classes: 3, optimizer: "adagrad", l1: 0.02, batchSize: 7, learningRate: 0.1, tolerance: 0 } });
  list.push({ name: "adam/average", options: { family: "poisson", optimizer: "adam", average: true, schedule: { kind: "exponential", gamma: 0.8 }, batchSize: 7, learningRate: 0.05, tolerance: 0 } });
  // adaptive: the rate and the plateau counters (best objective, bad epochs) carry over too
  list.push({ name: "sgd/adaptive", options: { family: "bernoulli", optimizer: "sgd", schedule: ADAPTIVE, batchSize: 7, learningRate: 0.2, l2: 1e-3, tolerance: 0, seed: 5 } });
  list.push({ name: "gd/adaptive/float32", options: { family: "gaussian", optimizer: "gd", dtype: "float32", schedule: { ...ADAPTIVE, patience: 0, threshold: 0.5 }, learningRate: 0.05, tolerance: 0 } });
  list.push({ name: "adam/adaptive/replacement", options: { family: "poisson", optimizer: "adam", sampling: "replacement", schedule: ADAPTIVE, batchSize: 7, learningRate: 0.05, tolerance: 0 } });
  list.push({ name: "momentum/adaptive/floor", options: { family: "multinomial", classes: 3, optimizer: "momentum", schedule: { ...ADAPTIVE, minLearningRate: 0.01 }, batchSize: 5, learningRate: 0.1, tolerance: 0 } });
  return list;
}

describe("2N epochs ≡ N epochs + saveState + restore + N resumed epochs", () => {
  test("in a fresh Node process, for every optimizer, sampler and dtype", async () => {
    const jobs = [];
    const expected = [];
    const lowered: string[] = [];
    for (const { name, options } of scenarios()) {
      const { X, y } = syntheticData(options.family!, 60, 4, 3, 3);
      const whole = await trainer({ ...options, epochs: 6 });
      const fit = whole.fit(X, y);
      expected.push({ name, state: bitsOf(whole.saveState()), history: Array.from(fit.history.subarray(3), (v) => v.toString()) });
      if (whole.saveState().learningRate < options.learningRate!) lowered.push(name);
      const half = await trainer({ ...options, epochs: 3 });
      half.fit(X, y);
      jobs.push({ state: JSON.parse(JSON.stringify(half.saveState())), X, y });
    }
    const child = spawnSync(process.execPath, [CHILD], { input: JSON.stringify(jobs), encoding: "utf8", timeout: 120_000, maxBuffer: 2 ** 26 });
    expect(child.stderr).toBe("");
    const resumed = JSON.parse(child.stdout) as { state: TrainingStateData; history: string[] }[];
    expect(resumed).toHaveLength(expected.length);
    resumed.forEach((r, k) => {
      expect(bitsOf(r.state), expected[k].name).toEqual(expected[k].state);
      expect(r.history, expected[k].name).toEqual(expected[k].history);
    });
    // the adaptive scenarios did lower their rates (so the resumed halves had counters to carry)
    expect(lowered.filter((name) => name.includes("adaptive")), JSON.stringify(lowered)).toEqual(scenarios().map((s) => s.name).filter((name) => name.includes("adaptive")));
  });

  test("saveState() inside onEpoch holds the epoch just finished, and resumes from there", async () => {
    const { X, y } = syntheticData("gaussian", 50, 3, 4);
    const options: TrainerOptions = { optimizer: "sgd", batchSize: 8, epochs: 6, tolerance: 0 };
    const whole = await trainer(options);
    let midway: TrainingStateData | undefined;
    whole.fit(X, y, { onEpoch: ({ epoch }) => void (epoch === 2 && (midway = whole.saveState())) });
    expect(midway!.epochsDone).toBe(2);
    const untouched = await trainer(options); // saveState only reads: the fit it ran in is unchanged
    untouched.fit(X, y);
    expect(bitsOf(whole.saveState())).toEqual(bitsOf(untouched.saveState()));
    expect(midway!.step).toBe(2 * 7);
    const restored = await Trainer.restore(JSON.parse(JSON.stringify(midway)));
    const rest = await Trainer.restore({ ...midway! }); // the same object works as well as its JSON
    restored.fit(X, y, { resume: true }); // the state's options: another 6 epochs
    const eight = await trainer({ ...options, epochs: 8 });
    eight.fit(X, y);
    expect(bitsOf(restored.saveState())).toEqual(bitsOf(eight.saveState()));
    expect(bitsOf(rest.saveState())).toEqual(bitsOf(midway!));
    [restored, rest].forEach((t) => t.dispose());
  });

  test("a restored trainer predicts with the state's θ and streams on with partialFit", async () => {
    const { X, y } = syntheticData("poisson", 40, 3, 6);
    const t = await trainer({ family: "poisson", optimizer: "sgd", batchSize: 10, learningRate: 0.01, epochs: 2 });
    t.fit(X, y);
    const copy = await Trainer.restore(JSON.parse(JSON.stringify(t.saveState())));
    expect(copy.predict(X)).toEqual(t.predict(X));
    t.partialFit(X, y);
    copy.partialFit(X, y);
    expect(bitsOf(copy.saveState())).toEqual(bitsOf(t.saveState()));
    expect({ ...copy.options, kernels: "auto" }).toEqual(t.options); // restored with the build that ran
    expect(copy.options.kernels).toBe(t.kernels);
    expect(copy.kernels).toBe(t.kernels);
    copy.dispose();
  });

  test("the state is plain JSON with every number exact (hex vectors keep −0 and float32 bits)", async () => {
    const t = await trainer({ optimizer: "sgd", dtype: "float32", epochs: 1, fitIntercept: false });
    t.fit([[0], [0], [1]], [0, 0, 1]);
    const state = t.saveState();
    expect(JSON.parse(JSON.stringify(state))).toEqual(state);
    expect(state).toMatchObject({ format: "wasm-mle-training-state", formatVersion: 2, kernels: t.kernels, features: 1, slots: [], average: null, epochsDone: 1, plateau: null });
    expect(state.theta).toMatch(/^[0-9a-f]{16}$/); // one float32 coefficient and one (zero) intercept
    expect(state.binaryHash).toMatch(/^[0-9a-f]{64}$/);
    expect(state.options).toMatchObject({ family: "gaussian", optimizer: "sgd", dtype: "float32", fitIntercept: false });
  });
});

/**
 * A plain-TS twin of the state's checksum (two FNV-1a 32-bit hashes over the keys-sorted JSON of
 * every field but `checksum`), to forge states that pass it.
 */
function forgedChecksum(state: Record<string, unknown>): string {
  const canonical = (v: unknown): string =>
    Array.isArray(v) ? `[${v.map(canonical).join(",")}]`
    : v !== null && typeof v === "object" ? `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`).join(",")}}`
    : JSON.stringify(v);
  const { checksum: _, ...body } = state;
  const text = canonical(body);
  let a = 0x811c9dc5;
  let b = 0x050c5d1f;
  for (let i = 0; i < text.length; i++) {
    a = Math.imul(a ^ text.charCodeAt(i), 0x01000193) >>> 0;
    b = Math.imul(b ^ text.charCodeAt(i), 0x01000193) >>> 0;
  }
  return a.toString(16).padStart(8, "0") + b.toString(16).padStart(8, "0");
}

describe("refusals", () => {
  async function saved(): Promise<TrainingStateData> {
    const t = await trainer({ family: "bernoulli", optimizer: "sgd", epochs: 2, earlyStopping: { patience: 3 } });
    t.fit(syntheticData("bernoulli", 40, 2, 1).X, syntheticData("bernoulli", 40, 2, 1).y);
    return JSON.parse(JSON.stringify(t.saveState()));
  }

  test("another binary or format version: IncompatibleStateError", async () => {
    const state = await saved();
    const other = await Trainer.restore({ ...state, binaryHash: "0".repeat(64) }).catch((e) => e);
    expect(other).toBeInstanceOf(IncompatibleStateError);
    expect(other.field).toBe("binaryHash");
    const build = state.kernels === "simd" ? "scalar" : "simd";
    expect(await Trainer.restore({ ...state, kernels: build }).catch((e) => e)).toBeInstanceOf(IncompatibleStateError);
    expect((await Trainer.restore({ ...state, formatVersion: 3 }).catch((e) => e)).field).toBe("formatVersion");
  });

  test("tampered or wrongly typed fields: InvalidStateError naming the field", async () => {
    const state = await saved();
    const flip = (hex: string) => (hex[0] === "0" ? "1" : "0") + hex.slice(1);
    const cases: [string, Record<string, unknown>, string][] = [
      ["an edited θ (checksum)", { ...state, theta: flip(state.theta) }, "checksum"],
      ["an edited step", { ...state, step: state.step + 1 }, "checksum"],
      ["an edited option", { ...state, options: { ...state.options, l2: 0.5 } }, "checksum"],
      ["a missing field", Object.fromEntries(Object.entries(state).filter(([k]) => k !== "rng")), "rng"],
      ["an extra field", { ...state, extra: 1 }, "extra"],
      ["another format", { ...state, format: "wasm-mle-model" }, "format"],
      ["not an object", [state] as never, "state"],
    ];
    for (const [name, data, field] of cases) {
      const error = await Trainer.restore(data).catch((e) => e);
      expect(error, name).toBeInstanceOf(InvalidStateError);
      expect(error.field, name).toBe(field);
    }
  });

  test("a forged state (checksum recomputed) is still checked field by field", async () => {
    const state = await saved();
    expect(forgedChecksum(state)).toBe(state.checksum); // the twin below is the format's checksum
    const cases: [Record<string, unknown>, string][] = [
      [{ theta: "zz" }, "theta"],
      [{ theta: state.theta.slice(2) }, "theta"],
      [{ theta: "000000000000f07f".repeat(state.theta.length / 16) }, "theta[0]"], // +Infinity, little-endian
      [{ rng: "0".repeat(64) }, "rng"],
      [{ step: -1 }, "step"],
      [{ epochsDone: 1.5 }, "epochsDone"],
      [{ learningRate: 0 }, "learningRate"],
      [{ features: 0 }, "features"],
      [{ features: 2 ** 40 }, "features"],
      [{ slots: ["00"] }, "slots"],
      [{ average: "00" }, "average"],
      [{ options: { ...state.options, optimizer: "newton" } }, "options.earlyStopping"],
      [{ options: { ...state.options, l2: -1 } }, "options.l2"],
      [{ options: { ...state.options, kernels: "scalar" } }, "options.kernels"],
      [{ options: { ...state.options, featureNames: ["a", "b", "c"] } }, "options.featureNames"],
    ];
    for (const [patch, field] of cases) {
      const body: Record<string, unknown> = { ...state, ...patch };
      delete body.checksum;
      const error = await Trainer.restore({ ...body, checksum: forgedChecksum(body) }).catch((e) => e);
      expect(error, JSON.stringify(patch).slice(0, 80)).toBeInstanceOf(InvalidStateError);
      expect(error.field, JSON.stringify(patch).slice(0, 80)).toBe(field);
    }
  });

  test("a forged state of a rule with slots and an average, with l1, or without an intercept, is checked field by field", async () => {
    const X = syntheticData("poisson", 30, 2, 2).X;
    const y = syntheticData("poisson", 30, 2, 2).y;
    const adam = await trainer({ family: "poisson", optimizer: "adam", average: true, epochs: 2, batchSize: 8, learningRate: 0.05 });
    adam.fit(X, y);
    const state = JSON.parse(JSON.stringify(adam.saveState())) as TrainingStateData;
    expect(state.slots).toHaveLength(2); // m and v
    expect(state.average).toMatch(/^[0-9a-f]{48}$/); // θ̄: 3 float64 values
    const sgd = await trainer({ optimizer: "sgd", fitIntercept: false, epochs: 1 });
    sgd.fit([[1], [2], [3]], [1, 2, 3]);
    const noIntercept = JSON.parse(JSON.stringify(sgd.saveState())) as TrainingStateData;
    const one = "000000000000f03f"; // 1.0, little-endian
    const lasso = await trainer({ optimizer: "sgd", l1: 0.1, epochs: 2 });
    lasso.fit(X, y);
    const l1 = JSON.parse(JSON.stringify(lasso.saveState())) as TrainingStateData;
    expect(l1.l1).toHaveLength(2); // accumulated u, received q: 2 float64 values each
    expect(l1.l1![0]).toMatch(/^[0-9a-f]{32}$/);
    const deep = (levels: number): unknown => (levels === 0 ? 1 : { a: deep(levels - 1) });
    const cases: [TrainingStateData, Record<string, unknown>, string][] = [
      [state, { slots: [state.slots[0]] }, "slots"],
      [state, { slots: [state.slots[0], state.slots[1].slice(16)] }, "slots[1]"],
      [state, { slots: [state.slots[0], "ff".repeat(state.slots[1].length / 2)] }, "slots[1][0]"], // NaN bits
      [state, { average: null }, "average"],
      [state, { average: state.average!.slice(16) }, "average"],
      [state, { rng: state.rng.toUpperCase().replace(/^[0-9]/, "A") }, "rng"],
      [state, { rng: state.rng.slice(2) }, "rng"],
      [state, { step: 2 ** 53 }, "step"],
      [state, { step: "3" }, "step"],
      [state, { learningRate: -0.1 }, "learningRate"],
      [state, { learningRate: "0.1" }, "learningRate"],
      [state, { features: 1.5 }, "features"],
      [state, { features: "2" }, "features"],
      [state, { kernels: "wasm" }, "kernels"],
      [state, { binaryHash: 7 }, "binaryHash"],
      [state, { options: [1] }, "options"],
      [state, { options: { ...state.options, extra: deep(40) } }, "state"],
      [noIntercept, { theta: noIntercept.theta.slice(0, 16) + one }, "theta"],
      [l1, { l1: undefined }, "l1"],
      [l1, { l1: [l1.l1![0]] }, "l1"],
      [l1, { l1: [l1.l1![0], l1.l1![1].slice(16)] }, "l1[1]"],
      [l1, { l1: ["ff".repeat(16), l1.l1![1]] }, "l1[0][0]"],
      [state, { l1: l1.l1 }, "l1"],
    ];
    for (const [base, patch, field] of cases) {
      const body: Record<string, unknown> = { ...base, ...patch };
      delete body.checksum;
      for (const key of Object.keys(patch)) if (patch[key] === undefined) delete body[key]; // a field left out
      const label = JSON.stringify(patch).slice(0, 80);
      const forged = { ...body, checksum: field === "binaryHash" || field === "kernels" ? base.checksum : forgedChecksum(body) };
      const error = await Trainer.restore(forged).catch((e) => e);
      expect(error, label).toBeInstanceOf(InvalidStateError);
      expect(error.field, label).toBe(field);
    }
    // The same states unforged restore, and resume to the bits of an uninterrupted run.
    const copy = await Trainer.restore(state);
    expect(copy.saveState()).toEqual(state);
    copy.dispose();
    expect((await Trainer.restore(noIntercept)).saveState()).toEqual(noIntercept);
    expect((await Trainer.restore(l1)).saveState()).toEqual(l1);
  });

  test("the options in a state are the validated options as data: classes only for multinomial, no kernels", async () => {
    const bernoulli = await trainer({ family: "bernoulli", optimizer: "sgd", epochs: 1 });
    bernoulli.fit([[1], [2], [3], [4]], [0, 1, 0, 1]);
    const options = bernoulli.saveState().options;
    expect(options).not.toHaveProperty("classes");
    expect(options).not.toHaveProperty("kernels");
    expect(options).toMatchObject({ family: "bernoulli", optimizer: "sgd" });
    const multinomial = await trainer({ family: "multinomial", classes: 3, optimizer: "sgd", epochs: 1 });
    multinomial.fit([[1], [2], [3], [1], [2], [3]], [0, 1, 2, 1, 2, 0]);
    expect(multinomial.saveState().options).toMatchObject({ family: "multinomial", classes: 3 });
  });

  test("no state, or an optimizer without one: TrainingStateError; resume checks the columns", async () => {
    const fresh = await trainer({ optimizer: "sgd" });
    expect(thrownBy(() => fresh.saveState())).toBeInstanceOf(TrainingStateError);
    expect(thrownBy(() => fresh.fit([[1], [2]], [1, 2], { resume: true }))).toBeInstanceOf(TrainingStateError);
    expect(thrownBy(() => fresh.fit([[1], [2]], [1, 2], { resume: 1 } as never))).toBeInstanceOf(WasmMleError);
    fresh.fit([[1], [2]], [1, 2]);
    expect((thrownBy(() => fresh.fit([[1, 2], [2, 3]], [1, 2], { resume: true })) as TrainingStateError).reason).toBe("features");
    const newton = await trainer({ optimizer: "newton" });
    newton.fit([[1], [2], [4]], [1, 2, 3]);
    expect((thrownBy(() => newton.saveState()) as TrainingStateError).reason).toBe("optimizer");
    expect(thrownBy(() => newton.fit([[1], [2], [4]], [1, 2, 3], { resume: true }))).toBeInstanceOf(TrainingStateError);
    const cd = await trainer({ optimizer: "cd", l1: 0.01 });
    cd.fit([[1], [2], [4]], [1, 2, 3]);
    expect((thrownBy(() => cd.saveState()) as TrainingStateError).reason).toBe("optimizer");
  });

  test("restore of arbitrary JSON never crashes and never pollutes prototypes", async () => {
    const state = await saved();
    await fuzzJsonLoader(state as unknown as Record<string, unknown>, (data) => Trainer.restore(data).then((t) => t.dispose()), WasmMleError, { nestedField: "options", numRuns: 200 });
  });
});

describe("the adaptive schedule's plateau counters in the state (format version 2)", () => {
  const { X, y } = syntheticData("bernoulli", 60, 4, 3);
  const adaptive: TrainerOptions = { family: "bernoulli", optimizer: "sgd", schedule: ADAPTIVE, batchSize: 7, learningRate: 0.2, l2: 1e-3, tolerance: 0, seed: 5 };

  /** The state as version 1 wrote it: no plateau field, its checksum recomputed. */
  function asVersion1(state: TrainingStateData): Record<string, unknown> {
    const { plateau: _, checksum: __, ...rest } = state;
    const body = { ...rest, formatVersion: 1 };
    return { ...body, checksum: forgedChecksum(body) };
  }

  test("saved exactly: the best objective as float64 hex and the bad epochs since it; null before any epoch and for other schedules", async () => {
    const t = await trainer({ ...adaptive, epochs: 4 });
    const fit = t.fit(X, y);
    const { plateau } = t.saveState();
    expect(plateau).not.toBeNull();
    const best = new Float64Array(Uint8Array.from(plateau!.best.match(/../g)!, (h) => parseInt(h, 16)).buffer)[0];
    // torch's rule replayed over the history: an epoch counts as better only below best − threshold·|best|
    const replayed = fit.history.reduce((b, v) => (b === Infinity || v < b - ADAPTIVE.threshold * Math.abs(b) ? v : b), Infinity);
    expect(best).toBe(replayed);
    expect(plateau!.badEpochs).toBeGreaterThanOrEqual(0);
    expect(plateau!.badEpochs).toBeLessThanOrEqual(ADAPTIVE.patience);
    const constant = await trainer({ ...adaptive, schedule: "constant", epochs: 2 });
    constant.fit(X, y);
    expect(constant.saveState().plateau).toBeNull();
  });

  test("a state of format version 1 (no plateau field) restores when its schedule is not adaptive, and resumes the same bits", async () => {
    const t = await trainer({ ...adaptive, schedule: "invscaling", epochs: 3 });
    t.fit(X, y);
    const current = JSON.parse(JSON.stringify(t.saveState())) as TrainingStateData;
    const [fromCurrent, fromVersion1] = [await Trainer.restore(current), await Trainer.restore(asVersion1(current))];
    fromCurrent.fit(X, y, { resume: true });
    fromVersion1.fit(X, y, { resume: true });
    expect(bitsOf(fromVersion1.saveState())).toEqual(bitsOf(fromCurrent.saveState()));
    fromCurrent.dispose();
    fromVersion1.dispose();
  });

  test("a version-1 state of an adaptive fit is refused: it lacks the counters, so it could not resume exactly", async () => {
    const t = await trainer({ ...adaptive, epochs: 3 });
    t.fit(X, y);
    const error = await Trainer.restore(asVersion1(t.saveState())).catch((e) => e);
    expect(error).toBeInstanceOf(IncompatibleStateError);
    expect(error.field).toBe("formatVersion");
    expect(error.message).toMatch(/version 1 did not save its plateau counters/);
  });

  test("forged counters are refused field by field", async () => {
    const t = await trainer({ ...adaptive, epochs: 3 });
    t.fit(X, y);
    const state = JSON.parse(JSON.stringify(t.saveState())) as TrainingStateData;
    const constant = await trainer({ ...adaptive, schedule: "constant", epochs: 1 });
    constant.fit(X, y);
    const other = JSON.parse(JSON.stringify(constant.saveState())) as TrainingStateData;
    const cases: [TrainingStateData, unknown, string][] = [
      [state, { best: state.plateau!.best, badEpochs: ADAPTIVE.patience + 1 }, "plateau.badEpochs"],
      [state, { best: state.plateau!.best, badEpochs: -1 }, "plateau.badEpochs"],
      [state, { best: state.plateau!.best, badEpochs: 0.5 }, "plateau.badEpochs"],
      [state, { best: "000000000000f87f", badEpochs: 0 }, "plateau.best[0]"], // NaN
      [state, { best: "00", badEpochs: 0 }, "plateau.best"],
      [state, { best: state.plateau!.best }, "plateau"],
      [state, { ...state.plateau, extra: 1 }, "plateau"],
      [state, [1], "plateau"],
      [other, { best: "000000000000f03f", badEpochs: 0 }, "plateau"], // counters for the constant schedule
    ];
    for (const [base, plateau, field] of cases) {
      const body: Record<string, unknown> = { ...base, plateau };
      delete body.checksum;
      const error = await Trainer.restore({ ...body, checksum: forgedChecksum(body) }).catch((e) => e);
      expect(error, JSON.stringify(plateau)).toBeInstanceOf(InvalidStateError);
      expect(error.field, JSON.stringify(plateau)).toBe(field);
    }
    const missing: Record<string, unknown> = { ...state };
    delete missing.plateau;
    delete missing.checksum;
    expect((await Trainer.restore({ ...missing, checksum: forgedChecksum(missing) }).catch((e) => e)).field).toBe("plateau");
  });
});
