// The training-context header (issue 9): the host's mirror (bindings/wasm/context.ts) must name the
// same slots as the kernels' (assembly/context.ts), and a binary whose header or ids differ is refused.
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
    expect(() => checkContextLayout({ ...good, contextHeaderBytes: () => CONTEXT_HEADER_BYTES + 8 })).toThrow(/expects version 2, 384 bytes/);
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
});
