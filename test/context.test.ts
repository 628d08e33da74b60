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
