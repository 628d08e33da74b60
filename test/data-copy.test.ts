// bindings/data.ts on its own: the shape checks of both forms of X, and the copy that re-checks
// what a getter, a Proxy or a resizable buffer may change between the check and the copy, naming
// the cell (row, column, flat index) and the value given.
import { describe, expect, it } from "vitest";
import { copyMatrix, matrixShape, nonFiniteCellError } from "../dist/data.js";
import { invalidDataOf } from "./helpers/thrown.js";

const firstNonFinite = (out: ArrayLike<number>) => () => {
  for (let k = 0; k < out.length; k++) if (!Number.isFinite(out[k])) return k;
  return -1;
};
const invalid = (run: () => unknown) => invalidDataOf(run, "X");

describe("matrixShape", () => {
  it("rows and cols of both forms", () => {
    expect(matrixShape([[1, 2, 3], [4, 5, 6]])).toEqual({ rows: 2, cols: 3 });
    expect(matrixShape([Float32Array.of(1)])).toEqual({ rows: 1, cols: 1 });
    expect(matrixShape({ data: [1, 2, 3, 4, 5, 6], rows: 3, cols: 2 })).toEqual({ rows: 3, cols: 2 });
  });

  it("refuses bad rows, cols and data of the flat form, naming the value", () => {
    expect(invalid(() => matrixShape({ data: [1], rows: 0, cols: 1 })).value).toBe(0);
    expect(invalid(() => matrixShape({ data: [1], rows: 1.5, cols: 1 })).value).toBe(1.5);
    expect(invalid(() => matrixShape({ data: [1], rows: 1, cols: 0 })).value).toBe(0);
    expect(invalid(() => matrixShape({ data: [1], rows: 1, cols: Number.NaN })).value).toBeNaN();
    expect(invalid(() => matrixShape({ data: [1, 2, 3], rows: 2, cols: 2 })).value).toBe(3);
    const notData = { length: -1 };
    expect(invalid(() => matrixShape({ data: notData as never, rows: 1, cols: 1 })).value).toBe(notData);
  });

  it("refuses an empty X, a bad first or later row and ragged rows, naming the row", () => {
    expect(invalid(() => matrixShape([])).value).toBe(0);
    expect(invalid(() => matrixShape("rows" as never)).message).toMatch(/got "rows"/);
    expect(invalid(() => matrixShape(null as never)).message).toMatch(/got null/);
    const zero = invalid(() => matrixShape([[]]));
    expect([zero.value, zero.index]).toEqual([0, 0]);
    const first = invalid(() => matrixShape([5 as never, [1]]));
    expect([first.value, first.index]).toEqual([5, 0]);
    const later = invalid(() => matrixShape([[1], [2], "3" as never]));
    expect([later.value, later.index]).toEqual(["3", 2]);
    const ragged = invalid(() => matrixShape([[1, 2], [3, 4], [5]]));
    expect([ragged.value, ragged.index]).toEqual([1, 2]);
  });
});

describe("copyMatrix", () => {
  it("copies rows and flat data into the output, row after row", () => {
    const rows = [[1, 2], Float64Array.of(3, 4), [5, 6]];
    const out = new Float64Array(6);
    copyMatrix(rows, matrixShape(rows), out, firstNonFinite(out));
    expect([...out]).toEqual([1, 2, 3, 4, 5, 6]);
    for (const data of [[1, 2, 3, 4], Int16Array.of(1, 2, 3, 4)]) {
      const flat = new Float32Array(4);
      copyMatrix({ data, rows: 2, cols: 2 }, { rows: 2, cols: 2 }, flat, firstNonFinite(flat));
      expect([...flat]).toEqual([1, 2, 3, 4]);
    }
  });

  it("flat typed data whose buffer shrank after the check: refused, nothing read past it", () => {
    const buffer = new ArrayBuffer(6 * 8, { maxByteLength: 6 * 8 });
    const data = new Float64Array(buffer);
    data.set([1, 2, 3, 4, 5, 6]);
    const X = { data, rows: 3, cols: 2 };
    const shape = matrixShape(X);
    buffer.resize(4 * 8);
    const error = invalid(() => copyMatrix(X, shape, new Float64Array(6), () => -1));
    expect(error.value).toBe(4);
    expect(error.message).toMatch(/data changed length while it was copied \(now 4\)/);
  });

  it("a row handed out anew after the check is re-checked: another length or not a list", () => {
    for (const later of [[1, 2, 3], "12", Float64Array.of(9)]) {
      let reads = 0;
      const X = [[1, 2]];
      Object.defineProperty(X, 1, { get: () => (reads++ === 0 ? [3, 4] : later), enumerable: true });
      const shape = matrixShape(X);
      const error = invalid(() => copyMatrix(X, shape, new Float64Array(4), () => -1));
      expect(error.value).toBe(later);
      expect(error.index).toBe(1);
      expect(error.message).toMatch(/row 1 changed while it was copied/);
    }
  });

  it("a cell that is not a number: its row, column and flat index", () => {
    const rows = [[1, 2, 3], [4, "5" as never, 6]];
    const error = invalid(() => copyMatrix(rows, matrixShape(rows), new Float64Array(6), () => -1));
    expect([error.value, error.index]).toEqual(["5", 4]);
    expect(error.message).toMatch(/X\[1\]\[1\] = "5" is not a finite number \(only values of type number/);
    const flat = invalid(() => copyMatrix({ data: [1, 2, 3, null as never], rows: 2, cols: 2 }, { rows: 2, cols: 2 }, new Float64Array(4), () => -1));
    expect([flat.value, flat.index]).toEqual([null, 3]);
    expect(flat.message).toMatch(/X\[1\]\[1\] = null/);
  });

  it("a non-finite or float32-overflowing cell names the value given", () => {
    const rows = [[1, 2], [3, 1e39]];
    const out32 = new Float32Array(4);
    const overflow = invalid(() => copyMatrix(rows, matrixShape(rows), out32, firstNonFinite(out32)));
    expect([overflow.value, overflow.index]).toEqual([1e39, 3]);
    expect(overflow.message).toMatch(/X\[1\]\[1\] = 1e\+39 overflows float32; every value must be finite/);
    const flat32 = new Float32Array(4);
    const flatOverflow = invalid(() => copyMatrix({ data: [1, -1e39, 2, 3], rows: 2, cols: 2 }, { rows: 2, cols: 2 }, flat32, firstNonFinite(flat32)));
    expect([flatOverflow.value, flatOverflow.index]).toEqual([-1e39, 1]);
    expect(flatOverflow.message).toMatch(/X\[0\]\[1\] = -1e\+39 overflows float32/);
    const out64 = new Float64Array(6);
    const nan = invalid(() => copyMatrix([[1, 2, 3], [4, 5, Number.NaN]], { rows: 2, cols: 3 }, out64, firstNonFinite(out64)));
    expect([nan.value, nan.index]).toEqual([Number.NaN, 5]);
    expect(nan.message).toMatch(/X\[1\]\[2\] = NaN is not a finite number/);
    const infinite = new Float64Array(4);
    const inf = invalid(() => copyMatrix({ data: Float64Array.of(1, 2, Number.NEGATIVE_INFINITY, 4), rows: 2, cols: 2 }, { rows: 2, cols: 2 }, infinite, firstNonFinite(infinite)));
    expect([inf.value, inf.index]).toEqual([Number.NEGATIVE_INFINITY, 2]);
    expect(inf.message).toMatch(/X\[1\]\[0\] = -Infinity is not a finite number/);
    expect(nonFiniteCellError(7, 3, "x").message).toMatch(/X\[2\]\[1\] = "x" is not a finite number/);
  });
});
