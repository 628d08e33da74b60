// How WorkerTrainer packs data for its worker (bindings/worker/pack.ts): exact values become one
// Float64Array whose buffer is transferred — the caller's own only when handed over and it spans its
// whole, unshared buffer — and anything packing would change (NaN in a plain array, ragged rows,
// BigInt, odd containers) crosses as given, so the worker's Trainer refuses it as this thread would.
import { describe, expect, test } from "vitest";
import { packMatrix, packVector } from "../../dist/worker/pack.js";

const asGiven = <T>(value: T) => ({ wire: value, transfer: [] });

describe("packVector", () => {
  test("a whole Float64Array handed over is sent itself; otherwise a copy", () => {
    const whole = Float64Array.of(1, 2, 3);
    const handed = packVector(whole, true);
    expect(handed.wire).toBe(whole);
    expect(handed.transfer).toEqual([whole.buffer]);
    expect(handed.transfer[0]).toBe(whole.buffer);
    const copied = packVector(whole, false);
    expect(copied.wire).not.toBe(whole);
    expect(copied.wire).toEqual(whole);
    expect(copied.transfer[0]).toBe((copied.wire as Float64Array).buffer);
    expect(copied.transfer[0]).not.toBe(whole.buffer);
  });

  test("a view of part of a buffer, or of a shared one, is copied even when handed over", () => {
    const buffer = new Float64Array([9, 1, 2, 9]).buffer;
    for (const view of [new Float64Array(buffer, 8, 2), new Float64Array(buffer, 0, 3), new Float64Array(new SharedArrayBuffer(16))]) {
      const packed = packVector(view, true);
      expect(packed.wire).not.toBe(view);
      expect(Array.from(packed.wire as Float64Array)).toEqual(Array.from(view));
      expect((packed.wire as Float64Array).buffer).toBeInstanceOf(ArrayBuffer);
      expect(packed.transfer).toEqual([(packed.wire as Float64Array).buffer]);
    }
  });

  test("other exact typed arrays and plain arrays of finite numbers become a Float64Array", () => {
    for (const values of [Int32Array.of(-1, 2), Uint8Array.of(1, 2), Float32Array.of(0.5, 2), [-1, 2.5]]) {
      const packed = packVector(values, true);
      expect(packed.wire).toBeInstanceOf(Float64Array);
      expect(Array.from(packed.wire as Float64Array)).toEqual(Array.from(values as ArrayLike<number>));
      expect(packed.transfer).toEqual([(packed.wire as Float64Array).buffer]);
    }
    expect(packVector([], false).wire).toEqual(new Float64Array(0));
  });

  test("what packing would change crosses as given", () => {
    for (const values of [[1, Number.NaN], [1, Infinity], [1, "2"], [1, null], BigInt64Array.of(1n), "12", { length: 1, 0: 1 }]) {
      expect(packVector(values, true)).toEqual(asGiven(values));
    }
  });
});

describe("packMatrix", () => {
  test("nested rows (arrays or exact typed arrays) become one row-major Float64Array", () => {
    const packed = packMatrix([[1, 2], Float32Array.of(3, 4), Int8Array.of(5, 6)], false);
    expect(packed.wire).toEqual({ data: Float64Array.of(1, 2, 3, 4, 5, 6), rows: 3, cols: 2 });
    expect(packed.transfer).toEqual([(packed.wire as { data: Float64Array }).data.buffer]);
    expect(packMatrix([[7]], false).wire).toEqual({ data: Float64Array.of(7), rows: 1, cols: 1 });
  });

  test("no rows, empty rows, ragged rows, odd rows or non-finite values: as given", () => {
    const cases: unknown[] = [
      [], [[]], [[1, 2], [3]], [[1], [2, 3]], [null], [[1], null], [[1], { length: 1, 0: 2 }], [[1, 2], "ab"],
      [[1, Number.NaN]], [[1, "2"]], [[1, null]], [[1], [Infinity]], [[1], Float64Array.of(Number.NaN)], [[1], [undefined]], [7, 8],
    ];
    for (const X of cases) expect(packMatrix(X as never, true), JSON.stringify(X)).toEqual(asGiven(X));
  });

  test("flat { data, rows, cols }: data packed as a vector, rows and cols kept", () => {
    const data = Float64Array.of(1, 2, 3, 4);
    const handed = packMatrix({ data, rows: 2, cols: 2 }, true);
    expect(handed.wire).toEqual({ data, rows: 2, cols: 2 });
    expect((handed.wire as { data: unknown }).data).toBe(data);
    expect(handed.transfer).toEqual([data.buffer]);
    const plain = packMatrix({ data: [1, Number.NaN], rows: 1, cols: 2 }, true);
    expect(plain).toEqual({ wire: { data: [1, Number.NaN], rows: 1, cols: 2 }, transfer: [] });
    expect(packMatrix("X" as never, true)).toEqual(asGiven("X"));
    expect(packMatrix(null as never, true)).toEqual(asGiven(null));
  });
});
