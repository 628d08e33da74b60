import { InvalidDataError, describe } from "./errors.js";
import type { FloatArray } from "./wasm/arena.js";
import { guardedRead } from "./input-guard.js";
import { isNumericTypedArray, notANumber, numberList } from "./numbers.js";

export { copyParameters, copyResponse, copyWeights } from "./numbers.js";

/**
 * A data matrix: an array of equal-length rows, or a flat row-major buffer with its shape.
 *
 * @example
 * ```ts
 * import type { Matrix } from "wasm-mle";
 * const rows: Matrix = [[1, 2], [3, 4], [5, 6]];
 * const flat: Matrix = { data: new Float64Array([1, 2, 3, 4, 5, 6]), rows: 3, cols: 2 }; // the same matrix
 * ```
 */
export type Matrix =
  | ArrayLike<number>[]
  | {
      /** rows·cols values, row after row. */
      data: ArrayLike<number>;
      /** Number of rows. */
      rows: number;
      /** Number of columns (features). */
      cols: number;
    };

export interface MatrixShape {
  rows: number;
  cols: number;
}

function isFlat(X: Matrix): X is { data: ArrayLike<number>; rows: number; cols: number } {
  return typeof X === "object" && X !== null && !Array.isArray(X) && "data" in X;
}

/**
 * Checks the shape of X without reading its values; throws InvalidDataError naming the problem.
 * Rows and flat `data` must be arrays, numeric typed arrays or array-like objects of numbers: a
 * string (which has a length), a BigInt64Array/BigUint64Array or a DataView is refused here.
 */
export function matrixShape(X: Matrix): MatrixShape {
  return readingX(() => shapeOf(X));
}

/** X.data of a flat X, null for rows (read guarded, as everything of X). */
export function flatData(X: Matrix): unknown {
  return readingX(() => (Array.isArray(X) ? null : (X as { data?: unknown } | null)?.data));
}

/** Reads X: a revoked Proxy, a throwing trap or getter anywhere in it is an InvalidDataError("X"). */
function readingX<T>(read: () => T): T {
  return guardedRead(read, (why) => new InvalidDataError("X", `it cannot be read (${why})`));
}

function shapeOf(X: Matrix): MatrixShape {
  if (isFlat(X)) {
    const { data, rows, cols } = X;
    if (!Number.isInteger(rows) || rows < 1) throw new InvalidDataError("X", `rows must be an integer ≥ 1, got ${describe(rows)}`, rows);
    if (!Number.isInteger(cols) || cols < 1) throw new InvalidDataError("X", `cols must be an integer ≥ 1, got ${describe(cols)}`, cols);
    const problem = numberList(data);
    if (problem) throw new InvalidDataError("X", `data must be ${problem}`, data);
    if (data.length !== rows * cols) {
      throw new InvalidDataError("X", `data has ${data.length} values but rows × cols = ${rows} × ${cols} = ${rows * cols}`, data.length);
    }
    return { rows, cols };
  }
  if (!Array.isArray(X)) throw new InvalidDataError("X", `expected an array of rows or { data, rows, cols }, got ${describe(X)}`);
  if (X.length === 0) throw new InvalidDataError("X", "it has zero rows; at least one row is needed", 0);
  const first = X[0];
  const firstProblem = numberList(first);
  if (firstProblem) throw new InvalidDataError("X", `row 0 is ${describe(first)}; each row must be ${firstProblem}`, first, 0);
  const cols = first.length;
  if (cols === 0) throw new InvalidDataError("X", "row 0 has zero columns; at least one feature is needed", 0, 0);
  for (let i = 1; i < X.length; i++) {
    const row = X[i];
    const problem = numberList(row);
    if (problem) throw new InvalidDataError("X", `row ${i} is ${describe(row)}; each row must be ${problem}`, row, i);
    if (row.length !== cols) {
      throw new InvalidDataError("X", `ragged rows: row ${i} has ${row.length} values but row 0 has ${cols}`, row.length, i);
    }
  }
  return { rows: X.length, cols };
}

/**
 * Copies X row-major into `out` (a view over WASM memory, in the fit's dtype), reading each value
 * once, and checks the copy: only JS numbers are taken (null, "", "0x10", true, [5] … are refused,
 * never converted), and every stored value must be finite, so NaN, ±Infinity and values that
 * overflow float32 are refused. Numeric typed arrays are copied in bulk and need no per-value
 * type check; `firstNonFinite` then scans the copy (a WASM kernel over the same memory) and
 * returns the index of its first non-finite value or −1.
 */
export function copyMatrix(X: Matrix, shape: MatrixShape, out: FloatArray, firstNonFinite: () => number): void {
  readingX(() => copyValues(X, shape, out));
  const k = firstNonFinite();
  if (k < 0) return;
  // The copy holds the value read; only a float32 overflow needs the original to name it.
  const stored = out[k];
  const { cols } = shape;
  throw nonFiniteCellError(k, cols, Number.isNaN(stored) ? stored : readingX(() => (isFlat(X) ? X.data[k] : X[Math.floor(k / cols)][k % cols])));
}

function copyValues(X: Matrix, shape: MatrixShape, out: FloatArray): void {
  const { rows, cols } = shape;
  if (isFlat(X)) {
    const data = X.data;
    if (isNumericTypedArray(data)) {
      if (data.length !== rows * cols) throw new InvalidDataError("X", `data changed length while it was copied (now ${data.length})`, data.length);
      out.set(data);
    } else {
      for (let k = 0; k < rows * cols; k++) {
        const value = data[k];
        if (typeof value !== "number") throw cellError(k, cols, value);
        out[k] = value;
      }
    }
  } else {
    for (let i = 0; i < rows; i++) {
      const row = X[i];
      const base = i * cols;
      // Re-checked here, not only in matrixShape: a getter or Proxy may hand out another row now.
      if (isNumericTypedArray(row) && row.length === cols) {
        out.set(row, base);
        continue;
      }
      if (numberList(row) !== null || row.length !== cols) throw new InvalidDataError("X", `row ${i} changed while it was copied (now ${describe(row)})`, row, i);
      for (let j = 0; j < cols; j++) {
        const value = row[j];
        if (typeof value !== "number") throw cellError(base + j, cols, value);
        out[base + j] = value;
      }
    }
  }
}

/** The error for X's flat value k (of a row of `cols`), whose stored copy is not finite; `original` is the value given. */
export function nonFiniteCellError(k: number, cols: number, original: unknown): InvalidDataError {
  const why = typeof original === "number" && Number.isFinite(original) ? `${original} overflows float32` : `${describe(original)} is not a finite number`;
  return new InvalidDataError("X", `X[${Math.floor(k / cols)}][${k % cols}] = ${why}; every value must be finite`, original, k);
}

function cellError(k: number, cols: number, value: unknown): InvalidDataError {
  const i = Math.floor(k / cols);
  const j = k % cols;
  return new InvalidDataError("X", `X[${i}][${j}] = ${notANumber(value)}`, value, k);
}
