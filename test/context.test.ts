// The training-context header (issue 9): the host's mirror (bindings/wasm/context.ts) must name the
// same slots as the kernels' (assembly/context.ts), and a binary whose header or ids differ is refused.
// Then the context's entry points: the exact kernels over (context, rowStart, rowEnd), and newton
// and lbfgs moving θ in the context's one layout.
import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import {
  checkContextLayout, ContextHeader, CONTEXT_FIELD, CONTEXT_FIELDS, CONTEXT_HEADER_BYTES, CONTEXT_LAYOUT_VERSION, RULE_ABI, RULE_SLOTS, SCHEDULE_ABI,
} from "../dist/wasm/context.js";
import { instantiateKernels } from "../dist/wasm/load.js";

const kernelSource = readFileSync(new URL("../assembly/context.ts", import.meta.url), "utf8");

/** `export const PREFIX_NAME: i32 = N;` declarations of assembly/context.ts, by NAME. */
function kernelConstants(prefix: string): Record<string, number> {
  const found: Record<string, number> = {};
  for (const match of kernelSource.matchAll(new RegExp(`export const ${prefix}_([A-Z0-9_]+): i32 = (\\d+);`, "g"))) {
    found[match[1]] = Number(match[2]);
  }
  return found;
}

describe("context header layout", () => {
  test("every field index of the host equals the kernel's, and the kernel has no field the host lacks", () => {
    const kernel = kernelConstants("CTX");
    const { FIELDS, LAYOUT_VERSION, ...fields } = kernel;
    expect(fields).toEqual({ ...CONTEXT_FIELD });
    expect(FIELDS).toBe(CONTEXT_FIELDS);
    expect(LAYOUT_VERSION).toBe(CONTEXT_LAYOUT_VERSION);
    // the RNG's 32 bytes fill slots 42..45, so nothing else may sit there
    const taken = Object.values(CONTEXT_FIELD).filter((i) => i > CONTEXT_FIELD.RNG && i < CONTEXT_FIELD.RNG + 4);
    expect(taken).toEqual([]);
    expect(Math.max(...Object.values(CONTEXT_FIELD))).toBe(CONTEXT_FIELDS - 1);
  });

  test("rule and schedule ids equal the kernel's", () => {
    const rules = Object.fromEntries(Object.entries(kernelConstants("RULE")).map(([k, v]) => [k.toLowerCase(), v]));
    const schedules = Object.fromEntries(Object.entries(kernelConstants("SCHEDULE")).map(([k, v]) => [k.toLowerCase(), v]));
    expect(rules).toEqual({ ...RULE_ABI });
    expect(schedules).toEqual({ ...SCHEDULE_ABI });
  });

  for (const build of ["simd", "scalar"] as const) {
    test(`the ${build} binary exports the header size, version, rule slots and family ids the host expects`, async () => {
      const kernels = await instantiateKernels(build);
      expect(kernels.exports.contextHeaderBytes()).toBe(CONTEXT_HEADER_BYTES);
      expect(kernels.exports.contextLayoutVersion()).toBe(CONTEXT_LAYOUT_VERSION);
      for (const [name, id] of Object.entries(RULE_ABI)) expect(kernels.exports.contextRuleSlots(id)).toBe(RULE_SLOTS[name as keyof typeof RULE_SLOTS]);
      expect([
        kernels.exports.familyIdGaussian(), kernels.exports.familyIdBernoulli(),
        kernels.exports.familyIdPoisson(), kernels.exports.familyIdMultinomial(),
      ]).toEqual([0, 1, 2, 3]);
    });
  }

  test("a binary with another header version, size or rule slots is refused with WASM_LAYOUT", () => {
    const good = { contextHeaderBytes: () => CONTEXT_HEADER_BYTES, contextLayoutVersion: () => CONTEXT_LAYOUT_VERSION, contextRuleSlots: (rule: number) => (rule >= 5 ? 2 : rule === 0 ? 0 : 1) };
    expect(() => checkContextLayout(good)).not.toThrow();
    expect(() => checkContextLayout({ ...good, contextLayoutVersion: () => CONTEXT_LAYOUT_VERSION + 1 })).toThrow(expect.objectContaining({ code: "WASM_LAYOUT" }));
    expect(() => checkContextLayout({ ...good, contextHeaderBytes: () => CONTEXT_HEADER_BYTES + 8 })).toThrow(/expects version 3, 400 bytes/);
    expect(() => checkContextLayout({ ...good, contextRuleSlots: () => 1 })).toThrow(/rule sgd \(id 0\) keeps 1 state slots/);
  });
});

describe("ContextHeader", () => {
  test("ints and pointers fill the low 4 bytes of their slot and clear the high ones; numbers fill the slot", () => {
    const memory = new WebAssembly.Memory({ initial: 1 });
    const base = 1024;
    const header = new ContextHeader(memory, base);
    new Uint8Array(memory.buffer).fill(0xff, base, base + CONTEXT_HEADER_BYTES);
    header.setInt("ROWS", -7);
    header.setPtr("X", 0xfffffff0);
    header.setNum("L2", 0.1);
    const bytes = new DataView(memory.buffer);
    expect(bytes.getInt32(base + 8 * 6, true)).toBe(-7);
    expect(bytes.getUint32(base + 8 * 6 + 4, true)).toBe(0);
    expect(bytes.getUint32(base + 8 * 2, true)).toBe(0xfffffff0);
    expect(bytes.getFloat64(base + 8 * 25, true)).toBe(0.1);
    expect([header.int("ROWS"), header.ptr("X"), header.num("L2")]).toEqual([-7, 0xfffffff0, 0.1]);
    expect(header.rngPointer()).toBe(base + 8 * 42);
  });

  test("stays valid after memory grows (the old buffer is detached)", () => {
    const memory = new WebAssembly.Memory({ initial: 1 });
    const header = new ContextHeader(memory, 64);
    header.setNum("LEARNING_RATE", 0.25);
    memory.grow(1);
    expect(header.num("LEARNING_RATE")).toBe(0.25);
    header.setNum("STEP", 3);
    expect(new DataView(memory.buffer).getFloat64(64 + 8 * 33, true)).toBe(3);
    header.clear();
    expect(header.num("STEP")).toBe(0);
  });
});

describe("TrainingContext", () => {
  const n = 300;
  const d = 5;
  /** A context over its own regions plus per-call data regions, laid out from the heap base. */
  async function contextWith(dtype: "float32" | "float64", seed: number) {
    const { planLayout } = await import("../dist/wasm/arena.js");
    const { TrainingContext, PLAIN_SGD } = await import("../dist/context.js");
    const { FAMILIES } = await import("../dist/index.js");
    const kernels = await instantiateKernels("simd");
    const shape = { d, K: 1, dtype, rule: "sgd" as const, averaging: false };
    const bytes = dtype === "float32" ? 4 : 8;
    const regions = { ...TrainingContext.regions(shape), X: n * d * bytes, y: n * bytes, order: n * 4, draws: 32 * 4 };
    const { pointers } = planLayout(kernels.memory, kernels.heapBase, regions, "test");
    const Float = dtype === "float32" ? Float32Array : Float64Array;
    const X = new Float(kernels.memory.buffer, pointers.X, n * d);
    const y = new Float(kernels.memory.buffer, pointers.y, n);
    for (let i = 0; i < n; i++) {
      let eta = 0.5;
      for (let j = 0; j < d; j++) {
        X[i * d + j] = Math.sin(i * 7 + j * 3);
        eta += (j - 2) * X[i * d + j];
      }
      y[i] = eta + 0.1 * Math.cos(i);
    }
    kernels.exports.identityOrder(pointers.order, n);
    const context = new TrainingContext(kernels, pointers, {
      ...shape, family: FAMILIES.gaussian, fitIntercept: true, sampling: "shuffle", batchSize: 32,
      update: { ...PLAIN_SGD, learningRate: 0.05, l2: 0.01 },
    });
    context.attachData({ X: pointers.X, y: pointers.y, sampleWeight: 0, rows: n, weightTotal: n, order: pointers.order, draws: pointers.draws });
    context.seed(seed);
    return context;
  }

  for (const dtype of ["float64", "float32"] as const) {
    test(`${dtype}: 2 epochs ≡ 1 epoch, readState, a fresh context, writeState, 1 epoch (same bits); t and e counted`, async () => {
      const straight = await contextWith(dtype, 11);
      straight.epoch();
      straight.epoch();
      const first = await contextWith(dtype, 11);
      first.epoch();
      const saved = first.readState();
      expect(saved.step).toBe(Math.ceil(n / 32));
      expect(saved.epochsDone).toBe(1);
      const resumed = await contextWith(dtype, 999); // another seed: writeState must replace the RNG too
      resumed.writeState(saved);
      resumed.epoch();
      expect(Array.from(resumed.readParameters())).toEqual(Array.from(straight.readParameters()));
      expect(resumed.readState()).toEqual(straight.readState());
    });
  }

  test("the exact objective and gradient agree with central differences at θ (f64 copies, not the stored θ)", async () => {
    const context = await contextWith("float32", 3);
    const theta = Float64Array.from({ length: d + 1 }, (_, j) => 0.1 * (j + 1) + 1e-9); // not exact in float32
    context.writeParameters(theta);
    const { objective, gradient } = context.gradient(0.01);
    expect(context.objective(0.01)).toBe(objective);
    const h = 1e-6;
    for (let j = 0; j <= d; j++) {
      const up = Float64Array.from(theta);
      up[j] += h;
      context.writeParameters(up);
      const fUp = context.objective(0.01);
      up[j] -= 2 * h;
      context.writeParameters(up);
      const fDown = context.objective(0.01);
      expect(Math.abs((fUp - fDown) / (2 * h) - gradient[j])).toBeLessThan(1e-6 * (1 + Math.abs(gradient[j])));
    }
  });

  test("a state of another shape is refused, and nothing is written", async () => {
    const context = await contextWith("float64", 1);
    const before = context.readState();
    expect(() => context.writeState({ ...before, theta: new Float64Array(3) })).toThrow(/state.theta has 3 values; this context needs 6/);
    expect(() => context.writeState({ ...before, rng: new Uint8Array(31) })).toThrow(/state.rng/);
    expect(context.readState()).toEqual(before);
  });

  test("after an epoch the exact objective, gradient and penalty read the epoch's θ, not the θ written before it", async () => {
    const context = await contextWith("float64", 5);
    context.writeParameters(new Float64Array(d + 1));
    const atZero = context.gradient(0.5);
    expect(context.penalty(0.5)).toBe(0);
    context.epoch();
    const moved = context.readParameters();
    const fresh = await contextWith("float64", 5);
    fresh.writeParameters(moved);
    expect(context.objective(0.5)).toBe(fresh.objective(0.5));
    expect(context.objective(0.5)).not.toBe(atZero.objective);
    expect(Array.from(context.gradient(0.5).gradient)).toEqual(Array.from(fresh.gradient(0.5).gradient));
    expect(context.penalty(0.5)).toBe(fresh.penalty(0.5));
    expect(context.penalty(0.5)).toBeGreaterThan(0);
  });
});

describe("kernels over (context, rowStart, rowEnd) and optimizers on the context's θ", () => {
  const n = 600;
  const d = 4;
  /** A DataSession (its context attached to its data) of a multinomial or bernoulli problem. */
  async function sessionFor(family: "bernoulli" | "multinomial", dtype: "float32" | "float64", optimizer: "newton" | "lbfgs" | "gd", l2 = 0) {
    const { DataSession } = await import("../dist/session.js");
    const { validateOptions } = await import("../dist/options.js");
    const { newton } = await import("../dist/optimizers/newton.js");
    const { nullModelTheta } = await import("../dist/session.js");
    const options = validateOptions({ family, optimizer, dtype, l2, ...(family === "multinomial" ? { classes: 3 } : {}) });
    const kernels = await instantiateKernels("simd");
    const X = Array.from({ length: n }, (_, i) => Array.from({ length: d }, (_, j) => Math.sin(i * (0.37 + 0.11 * j) + j) * (j + 1)));
    const y = X.map((row, i) => (family === "bernoulli" ? (row[0] - row[1] + Math.sin(i) > 0 ? 1 : 0) : (Math.floor(i * 0.61803) % 3 + (row[2] > 1 ? 1 : 0)) % 3));
    const shape = { rows: n, cols: d };
    const extra = optimizer === "newton" ? newton.regions!(n, d, options) : {};
    const session = new DataSession(kernels, options, X, shape, y, undefined, n, extra);
    session.writeParameters(nullModelTheta(options, d, y, undefined));
    return { session, options, kernels };
  }

  for (const dtype of ["float64", "float32"] as const) {
    test(`${dtype}: objective and gradient of [0, k) and [k, n) add up to those of [0, n); predict reads a header of its own`, async () => {
      const { session, kernels } = await sessionFor("multinomial", dtype, "gd");
      const P = d * 3 + 3;
      session.writeParameters(Float64Array.from({ length: P }, (_, j) => 0.1 * Math.cos(j)));
      const ctx = session.context.header.pointer;
      const theta = session.context.currentExactTheta();
      const e = kernels.exports;
      const objective = dtype === "float32" ? e.objectiveF32 : e.objectiveF64;
      const gradient = dtype === "float32" ? e.gradientF32 : e.gradientF64;
      const whole = objective(ctx, theta, 0, n, 0);
      expect(whole).toBe(session.objective(0));
      // k = 300 is not a multiple of the 256-row chunk: the two sums group the rows differently.
      for (const k of [256, 300]) expect(Math.abs(objective(ctx, theta, 0, k, 0) + objective(ctx, theta, k, n, 0) - whole)).toBeLessThan(1e-14 * whole);
      const grad = session.pointer("context.exactGradient");
      const view = () => Float64Array.from(new Float64Array(kernels.memory.buffer, grad, P));
      gradient(ctx, theta, grad, 0, n, 0);
      const full = view();
      gradient(ctx, theta, grad, 0, 300, 0);
      const first = view();
      gradient(ctx, theta, grad, 300, n, 0);
      const second = view();
      full.forEach((g, j) => expect(Math.abs(first[j] + second[j] - g)).toBeLessThan(1e-14 * (1 + Math.abs(g))));
      // predict: a header of its own over X and θ (the storage dtype), K probabilities per row
      const { predictInMemory } = await import("../dist/session.js");
      const { validateOptions } = await import("../dist/options.js");
      const X = Array.from({ length: 7 }, (_, i) => Array.from({ length: d }, (_, j) => Math.cos(i + 2 * j)));
      const thetaValues = Float64Array.from({ length: P }, (_, j) => (dtype === "float32" ? Math.fround(0.3 * Math.sin(j)) : 0.3 * Math.sin(j)));
      const options = validateOptions({ family: "multinomial", classes: 3, dtype });
      const probabilities = predictInMemory(kernels, session.end, options, X, { rows: 7, cols: d }, thetaValues);
      X.forEach((row, i) => {
        const x = dtype === "float32" ? row.map(Math.fround) : row;
        const eta = [0, 1, 2].map((c) => thetaValues[d * 3 + c] + x.reduce((sum, v, j) => sum + v * thetaValues[c * d + j], 0));
        const z = eta.reduce((sum, v) => sum + Math.exp(v), 0);
        // float32 data and θ: η's dot product runs in float32 (the epoch's kernels), so 1e-6
        eta.forEach((v, c) => expect(Math.abs(probabilities[i * 3 + c] - Math.exp(v) / z)).toBeLessThan(dtype === "float32" ? 1e-6 : 1e-15));
      });
    });
  }

  for (const [family, l2] of [["bernoulli", 0], ["multinomial", 0], ["multinomial", 0.01]] as const) {
    for (const optimizer of ["newton", "lbfgs"] as const) {
      test(`${optimizer} (${family}, l2 = ${l2}) moves θ in the context: its result is the context's θ in the one layout`, async () => {
        const { session, options } = await sessionFor(family, "float64", optimizer, l2);
        const { newton } = await import("../dist/optimizers/newton.js");
        const { lbfgs } = await import("../dist/optimizers/lbfgs.js");
        const outcome = (optimizer === "newton" ? newton : lbfgs).run(session, options, undefined);
        expect(outcome.stopReason).toBe("converged");
        expect(Array.from(session.readParameters())).toEqual(Array.from(outcome.theta));
        const K = options.classes;
        expect(outcome.theta.length).toBe(d * K + K);
        // at the optimum the exact gradient of f (in θ's layout) vanishes on the free entries
        const { gradient } = session.gradient();
        const baseline = K > 1 && l2 === 0;
        gradient.forEach((g, j) => {
          const classZero = baseline && (j < d || j === d * K);
          if (!classZero) expect(Math.abs(g)).toBeLessThan(1e-7);
        });
        if (baseline) {
          // the baseline form keeps class 0 at zero, in θ's own entries for class 0
          expect(Array.from(outcome.theta.subarray(0, d))).toEqual(new Array(d).fill(0));
          expect(outcome.theta[d * K]).toBe(0);
        }
      });
    }
  }
});
