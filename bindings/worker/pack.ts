/**
 * Data on its way to the worker: packed once into Float64Arrays whose buffers are transferred
 * (moved, not copied again). Packing never decides what is valid: anything it cannot pack exactly
 * — a value that is not a finite JS number, ragged rows, an odd container — is sent as given, so
 * the worker's Trainer raises exactly the InvalidDataError the same call would raise in this thread.
 */
import type { Matrix } from "../data.js";
import { InvalidDataError } from "../errors.js";
import { guardedRead } from "../input-guard.js";
import type { WireMatrix } from "./protocol.js";

export interface Packed<T> {
  readonly wire: T;
  readonly transfer: ArrayBuffer[];
}

// Typed arrays whose every value is exactly a float64 (BigInt arrays are not: the trainer refuses them).
const EXACT_NUMERIC = [Float64Array, Float32Array, Int32Array, Uint32Array, Int16Array, Uint16Array, Int8Array, Uint8Array, Uint8ClampedArray];

function isExactNumeric(value: unknown): value is ArrayLike<number> & ArrayBufferView {
  return EXACT_NUMERIC.some((type) => value instanceof type);
}

/**
 * A Float64Array to transfer: the caller's own (no copy) when `handOver` allows and it spans its
 * whole, unshared buffer; else a copy.
 */
function transferable(values: ArrayLike<number> & ArrayBufferView, handOver: boolean): Float64Array<ArrayBuffer> {
  // A view as long as its buffer starts at offset 0.
  const whole = values instanceof Float64Array && values.buffer instanceof ArrayBuffer && values.byteLength === values.buffer.byteLength;
  if (handOver && whole) return values as Float64Array<ArrayBuffer>;
  return values instanceof Float64Array ? values.slice() as Float64Array<ArrayBuffer> : Float64Array.from(values);
}

/** All finite JS numbers (what the trainer accepts from a plain array). */
function finiteNumbers(values: ArrayLike<unknown>): boolean {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    // Number.isFinite does not coerce: false for anything but a finite number.
    if (!Number.isFinite(v)) return false;
  }
  return true;
}

type VectorField = "y" | "sampleWeight" | "coefficients" | "intercept";

/**
 * y, sampleWeight or evaluate()'s parameters: a Float64Array when that keeps every value, else as
 * given; one that cannot even be read (a revoked Proxy, a throwing getter) is refused here, since
 * it cannot be sent either.
 */
export function packVector<T>(values: T, handOver: boolean, field: VectorField = "y"): Packed<T | Float64Array> {
  return guardedRead(() => vectorOf(values, handOver), (why) => new InvalidDataError(field, `it cannot be read (${why})`));
}

function vectorOf<T>(values: T, handOver: boolean): Packed<T | Float64Array> {
  if (isExactNumeric(values)) {
    const packed = transferable(values, handOver);
    return { wire: packed, transfer: [packed.buffer] };
  }
  if (Array.isArray(values) && finiteNumbers(values)) {
    const packed = Float64Array.from(values as number[]);
    return { wire: packed, transfer: [packed.buffer] };
  }
  return { wire: values, transfer: [] };
}

/** X as one row-major Float64Array { data, rows, cols } when that keeps every value, else as given (refused when it cannot be read). */
export function packMatrix(X: Matrix, handOver: boolean): Packed<WireMatrix> {
  return guardedRead(() => matrixOf(X, handOver), (why) => new InvalidDataError("X", `it cannot be read (${why})`));
}

function matrixOf(X: Matrix, handOver: boolean): Packed<WireMatrix> {
  if (Array.isArray(X)) {
    const rows = X.length;
    // A first row that is not an array or an exact typed array fails the check below anyway.
    const first: unknown = X[0];
    const cols = Array.isArray(first) || isExactNumeric(first) ? first.length : -1;
    if (!(cols > 0) || !X.every((row) => (Array.isArray(row) || isExactNumeric(row)) && row.length === cols)) return { wire: X, transfer: [] };
    const data = new Float64Array(rows * cols);
    for (let i = 0; i < rows; i++) {
      const row = X[i];
      if (Array.isArray(row) && !finiteNumbers(row)) return { wire: X, transfer: [] };
      data.set(row, i * cols);
    }
    // A typed row may hold NaN/±Infinity: the trainer names the row and column, so send the rows as they were.
    if (!finiteNumbers(data)) return { wire: X, transfer: [] };
    return { wire: { data, rows, cols }, transfer: [data.buffer] };
  }
  if (typeof X === "object" && X !== null && "data" in X) {
    const { data, rows, cols } = X;
    const packed = vectorOf(data, handOver);
    return { wire: { data: packed.wire as ArrayLike<number>, rows, cols }, transfer: packed.transfer };
  }
  return { wire: X, transfer: [] };
}
