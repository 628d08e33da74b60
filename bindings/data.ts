import { InvalidDataError, describe } from "./errors.js";
import type { Family } from "./families/index.js";
import type { FloatArray } from "./wasm/arena.js";

/** A data matrix: an array of equal-length rows, or a flat row-major buffer with its shape. */
export type Matrix = ArrayLike<number>[] | { data: ArrayLike<number>; rows: number; cols: number };

export interface MatrixShape {
  rows: number;
  cols: number;
}

function isFlat(X: Matrix): X is { data: ArrayLike<number>; rows: number; cols: number } {
  return typeof X === "object" && X !== null && !Array.isArray(X) && "data" in X;
}

/** Checks the shape of X without reading its values; throws InvalidDataError naming the problem. */
export function matrixShape(X: Matrix): MatrixShape {
  if (isFlat(X)) {
    const { data, rows, cols } = X;
    if (!Number.isInteger(rows) || rows < 1) throw new InvalidDataError("X", `rows must be an integer ≥ 1, got ${describe(rows)}`, rows);
    if (!Number.isInteger(cols) || cols < 1) throw new InvalidDataError("X", `cols must be an integer ≥ 1, got ${describe(cols)}`, cols);
    if (!data || typeof data.length !== "number") throw new InvalidDataError("X", `data must be an array or typed array, got ${describe(data)}`);
    if (data.length !== rows * cols) {
      throw new InvalidDataError("X", `data has ${data.length} values but rows × cols = ${rows} × ${cols} = ${rows * cols}`, data.length);
    }
    return { rows, cols };
  }
  if (!Array.isArray(X)) throw new InvalidDataError("X", `expected an array of rows or { data, rows, cols }, got ${describe(X)}`);
  if (X.length === 0) throw new InvalidDataError("X", "it has zero rows; at least one row is needed", 0);
  const first = X[0];
  if (!first || typeof first.length !== "number") throw new InvalidDataError("X", `row 0 is ${describe(first)}, not an array of numbers`, first, 0);
  const cols = first.length;
  if (cols === 0) throw new InvalidDataError("X", "row 0 has zero columns; at least one feature is needed", 0, 0);
  for (let i = 1; i < X.length; i++) {
    const row = X[i];
    if (!row || row.length !== cols) {
      throw new InvalidDataError("X", `ragged rows: row ${i} has ${row ? row.length : describe(row)} values but row 0 has ${cols}`, row?.length, i);
    }
  }
  return { rows: X.length, cols };
}

/**
 * Copies X row-major into `out` (a view over WASM memory, in the fit's dtype) and checks every
 * stored value is finite: NaN, ±Infinity and values that overflow float32 are refused.
 * `firstNonFinite` scans the copy (a WASM kernel over the same memory) and returns the index of
 * its first non-finite value or −1.
 */
export function copyMatrix(X: Matrix, shape: MatrixShape, out: FloatArray, firstNonFinite: () => number): void {
  const { rows, cols } = shape;
  if (isFlat(X)) {
    if (ArrayBuffer.isView(X.data)) out.set(X.data as unknown as ArrayLike<number>);
    else for (let k = 0; k < rows * cols; k++) out[k] = X.data[k];
  } else {
    for (let i = 0; i < rows; i++) {
      const row = X[i];
      const base = i * cols;
      for (let j = 0; j < cols; j++) out[base + j] = row[j];
    }
  }
  const k = firstNonFinite();
  if (k < 0) return;
  const i = Math.floor(k / cols);
  const j = k % cols;
  const original = isFlat(X) ? X.data[k] : X[i][j];
  const why = Number.isFinite(original) ? `${original} overflows float32` : `${describe(original)} is not a finite number`;
  throw new InvalidDataError("X", `X[${i}][${j}] = ${why}; every value must be finite`, original, k);
}

/** Checks y against the number of rows and the family's domain. */
export function checkResponse(y: ArrayLike<number>, rows: number, family: Family, classes: number): void {
  if (!y || typeof y.length !== "number") throw new InvalidDataError("y", `expected an array of numbers, got ${describe(y)}`);
  if (y.length !== rows) throw new InvalidDataError("y", `it has ${y.length} values but X has ${rows} rows; they must match`, y.length);
  for (let i = 0; i < y.length; i++) {
    const value = y[i];
    if (typeof value !== "number" || !Number.isFinite(value)) {
      throw new InvalidDataError("y", `y[${i}] = ${describe(value)} is not a finite number`, value, i);
    }
    const problem = family.checkResponse(value, classes);
    if (problem) throw new InvalidDataError("y", `y[${i}] = ${value}: ${problem}`, value, i);
  }
}

/** Checks sample weights: one finite value ≥ 0 per row, not all zero. Returns their sum W. */
export function checkWeights(weights: ArrayLike<number>, rows: number): number {
  if (!weights || typeof weights.length !== "number") throw new InvalidDataError("sampleWeight", `expected an array of numbers, got ${describe(weights)}`);
  if (weights.length !== rows) {
    throw new InvalidDataError("sampleWeight", `it has ${weights.length} values but X has ${rows} rows; they must match`, weights.length);
  }
  let total = 0;
  for (let i = 0; i < weights.length; i++) {
    const s = weights[i];
    if (typeof s !== "number" || !Number.isFinite(s) || s < 0) {
      throw new InvalidDataError("sampleWeight", `sampleWeight[${i}] = ${describe(s)}; weights must be finite numbers ≥ 0`, s, i);
    }
    total += s;
  }
  if (!(total > 0)) throw new InvalidDataError("sampleWeight", "all weights are 0; at least one must be positive", total);
  return total;
}
