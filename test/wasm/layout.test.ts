// Where data goes in WASM memory: the 64-byte-aligned layouts of bindings/wasm/arena.ts (growth
// exactly to fit, the 4 GiB check before any growth, a host that refuses to grow) and the
// placement rules of bindings/memory-plan.ts (beside the live fit, or from the bottom after
// giving it up), at each boundary.
import { describe, expect, it } from "vitest";
import { DataTooLargeError } from "../../dist/index.js";
import { alignUp, bytesPerElement, floatArray, floatArrayOver, floatView, layoutBytes, planLayout } from "../../dist/wasm/arena.js";
import { WASM_MAX_BYTES, WASM_PAGE_BYTES } from "../../dist/wasm/abi.js";
import { MemoryPlan } from "../../dist/memory-plan.js";
import { thrownBy } from "../helpers/thrown.js";

const PAGE = WASM_PAGE_BYTES;

describe("arena", () => {
  it("alignUp rounds up to 64 bytes; layoutBytes sums the rounded regions", () => {
    expect([0, 1, 63, 64, 65, 128, 129].map(alignUp)).toEqual([0, 64, 64, 64, 128, 128, 192]);
    expect(layoutBytes({})).toBe(0);
    expect(layoutBytes({ a: 1, b: 64, c: 65, d: 0 })).toBe(64 + 64 + 128);
    expect(WASM_MAX_BYTES).toBe(2 ** 32);
  });

  it("planLayout places the regions back to back from the aligned base and grows memory exactly to fit", () => {
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 4 });
    const layout = planLayout(memory, 100, { x: 10, y: 64, z: 1 }, "test");
    expect(layout.start).toBe(128);
    expect(layout.pointers).toEqual({ x: 128, y: 192, z: 256 });
    expect(layout.end).toBe(320);
    expect(memory.buffer.byteLength).toBe(PAGE);
    // Ending exactly at the last byte of the memory needs no growth; one byte more, one page.
    expect(planLayout(memory, 0, { all: PAGE }, "test").end).toBe(PAGE);
    expect(memory.buffer.byteLength).toBe(PAGE);
    planLayout(memory, 64, { all: PAGE - 64 + 1 }, "test");
    expect(memory.buffer.byteLength).toBe(2 * PAGE);
    planLayout(memory, 0, { a: PAGE, b: 2 * PAGE }, "test");
    expect(memory.buffer.byteLength).toBe(3 * PAGE);
  });

  it("past 4 GiB: DataTooLargeError before any growth; at 4 GiB exactly the host is asked (and here refuses)", () => {
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 2 });
    const over = thrownBy(() => planLayout(memory, 64, { all: WASM_MAX_BYTES - 64 + 1 }, "the data")) as DataTooLargeError;
    expect(over).toBeInstanceOf(DataTooLargeError);
    expect(over.requiredBytes).toBe(WASM_MAX_BYTES + 64);
    expect(over.limitBytes).toBe(WASM_MAX_BYTES);
    expect(over.message).not.toMatch(/refused/);
    expect(memory.buffer.byteLength).toBe(PAGE);
    const exact = thrownBy(() => planLayout(memory, 0, { all: WASM_MAX_BYTES }, "the data")) as DataTooLargeError;
    expect(exact).toBeInstanceOf(DataTooLargeError);
    expect(exact.requiredBytes).toBe(WASM_MAX_BYTES);
    expect(exact.limitBytes).toBe(PAGE);
    expect(exact.message).toMatch(/^the data \(the host refused to grow WebAssembly memory\) needs/);
    expect(memory.buffer.byteLength).toBe(PAGE);
  });

  it("float views by dtype", () => {
    const memory = new WebAssembly.Memory({ initial: 1 });
    const f32 = floatView(memory, "float32", 64, 3);
    const f64 = floatView(memory, "float64", 64, 3);
    expect([f32 instanceof Float32Array, f32.byteOffset, f32.length]).toEqual([true, 64, 3]);
    expect([f64 instanceof Float64Array, f64.byteOffset, f64.length]).toEqual([true, 64, 3]);
    expect(floatArrayOver("float64", memory.buffer).length).toBe(PAGE / 8);
    expect(floatArrayOver("float32", memory.buffer, 8).length).toBe(PAGE / 4 - 2);
    expect(floatArray("float32", 5)).toEqual(new Float32Array(5));
    expect(floatArray("float64", 2)).toEqual(new Float64Array(2));
    expect([bytesPerElement("float32"), bytesPerElement("float64")]).toEqual([4, 8]);
  });
});

describe("MemoryPlan", () => {
  const plan = new MemoryPlan(1000); // bottom: 1024

  it("fitBase: the bottom when nothing is live or the new fit ends by the live start, else after the live end", () => {
    expect(plan.bottom).toBe(1024);
    expect(plan.fitBase(null, 10 ** 9)).toBe(1024);
    expect(plan.fitBase({ start: 5000, end: 9000 }, 5000 - 1024)).toBe(1024);
    expect(plan.fitBase({ start: 5000, end: 9000 }, 5000 - 1024 + 1)).toBe(9024);
    expect(plan.fitBase({ start: 1024, end: 9000 }, WASM_MAX_BYTES - 9024)).toBe(9024);
    expect(plan.fitBase({ start: 1024, end: 9000 }, WASM_MAX_BYTES - 9024 + 1)).toBeNull();
  });

  it("scratchBase: after the live data, or the bottom", () => {
    expect(plan.scratchBase(null)).toBe(1024);
    expect(plan.scratchBase({ start: 1024, end: 2049 })).toBe(2112);
  });

  const recorder = () => {
    const calls: string[] = [];
    return { calls, release: () => void calls.push("release") };
  };
  const tooLarge = () => new DataTooLargeError(WASM_MAX_BYTES + 1, WASM_MAX_BYTES, "test");

  it("placeOrRelease at a base beside the live data: placed there, nothing released", () => {
    const { calls, release } = recorder();
    expect(plan.placeOrRelease(9024, 100, release, (base) => (calls.push(`place ${base}`), "placed"))).toBe("placed");
    expect(calls).toEqual(["place 9024"]);
  });

  it("placeOrRelease at the bottom: placed there, nothing released, an error passes through", () => {
    const { calls, release } = recorder();
    expect(plan.placeOrRelease(1024, 100, release, (base) => base)).toBe(1024);
    expect(thrownBy(() => plan.placeOrRelease(1024, 100, release, () => { throw tooLarge(); }))).toBeInstanceOf(DataTooLargeError);
    expect(calls).toEqual([]);
  });

  it("placeOrRelease: too large beside the live data → the live data released, placed at the bottom", () => {
    const { calls, release } = recorder();
    const place = (base: number) => {
      calls.push(`place ${base}`);
      if (base !== 1024) throw tooLarge();
      return base;
    };
    expect(plan.placeOrRelease(9024, WASM_MAX_BYTES - 1024, release, place)).toBe(1024);
    expect(calls).toEqual(["place 9024", "release", "place 1024"]);
  });

  it("placeOrRelease keeps the live data when the layout would not fit from the bottom either, or the error is another", () => {
    const { calls, release } = recorder();
    const fails = () => { throw tooLarge(); };
    const error = thrownBy(() => plan.placeOrRelease(9024, WASM_MAX_BYTES - 1024 + 1, release, fails));
    expect(error).toBeInstanceOf(DataTooLargeError);
    const other = new RangeError("other");
    expect(thrownBy(() => plan.placeOrRelease(9024, 100, release, () => { throw other; }))).toBe(other);
    expect(calls).toEqual([]);
  });

  it("placeOrRelease with no base beside: released and placed at the bottom when it fits there, else placed without release", () => {
    const { calls, release } = recorder();
    expect(plan.placeOrRelease(null, WASM_MAX_BYTES - 1024, release, (base) => (calls.push(`place ${base}`), base))).toBe(1024);
    expect(calls).toEqual(["release", "place 1024"]);
    calls.length = 0;
    const error = thrownBy(() => plan.placeOrRelease(null, WASM_MAX_BYTES - 1024 + 1, release, (base) => { calls.push(`place ${base}`); throw tooLarge(); }));
    expect(error).toBeInstanceOf(DataTooLargeError);
    expect(calls).toEqual(["place 1024"]);
  });
});
