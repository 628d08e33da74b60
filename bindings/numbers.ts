/**
 * Strict numbers: what the library accepts as a value of X, y, sampleWeight or evaluate()'s
 * parameters. Only values with `typeof v === "number"` that are finite count; nothing is converted
 * (JS would turn null, "", " " and [] into 0, "0x10" into 16, true into 1 and [5] into 5, and a
 * missing CSV/JSON value would silently become 0). Each value is read once into a copy and the
 * copy is what gets checked and used, so a getter or Proxy cannot change a value after its check.
 */
import { InvalidDataError, describe } from "./errors.js";
import { guardedRead } from "./input-guard.js";
import type { Family } from "./families/index.js";
import type { Dtype } from "./options.js";

/** The engine's own [[TypedArrayName]] getter: unlike instanceof or toStringTag it cannot be spoofed and works across realms. */
const typedArrayName = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(Int8Array.prototype), Symbol.toStringTag)!.get as (this: unknown) => string | undefined;

const NUMERIC_TYPED_ARRAYS = new Set([
  "Float64Array", "Float32Array", "Int8Array", "Int16Array", "Int32Array", "Uint8Array", "Uint8ClampedArray", "Uint16Array", "Uint32Array",
]);

/** A genuine typed array whose elements are JS numbers (not BigInt64Array/BigUint64Array, not a DataView). */
export function isNumericTypedArray(value: unknown): value is ArrayLike<number> & { length: number } {
  if (!ArrayBuffer.isView(value)) return false;
  const name = typedArrayName.call(value);
  return name !== undefined && NUMERIC_TYPED_ARRAYS.has(name);
}

/** null when `value` can hold a list of numbers (an array, numeric typed array or array-like object), else what it must be. */
export function numberList(value: unknown): string | null {
  const expected = "an array or numeric typed array (Float64Array, Float32Array, Int32Array, …) of numbers";
  if (isNumericTypedArray(value)) return null;
  if (ArrayBuffer.isView(value)) return `${expected}, not a ${typedArrayName.call(value) ?? "DataView"} (its elements are not JS numbers)`;
  if (typeof value !== "object" || value === null) return `${expected}, not ${describe(value)}`;
  const length = (value as { length?: unknown }).length;
  if (typeof length !== "number" || !Number.isInteger(length) || length < 0) return `${expected}, not ${describe(value)} without a length`;
  return null;
}

/** The message tail for a value that is not a finite JS number. */
export function notANumber(value: unknown): string {
  return typeof value === "number"
    ? `${describe(value)} is not a finite number`
    : `${describe(value)} is not a finite number (only values of type number are accepted; none is converted)`;
}

type Field = "y" | "sampleWeight" | "coefficients" | "intercept";

/**
 * Copies a vector of `expected` values into a Float64Array, reading each value once and
 * refusing any that is not a finite JS number. Numeric typed arrays are copied in bulk.
 */
function copyFinite(
  values: unknown, expected: number, field: Field, rowsName: string, why: (value: unknown) => string = notANumber, into?: Float64Array,
): Float64Array {
  return guardedRead(() => copyChecked(values, expected, field, rowsName, why, into), (thrown) => new InvalidDataError(field, `it cannot be read (${thrown})`));
}

function copyChecked(values: unknown, expected: number, field: Field, rowsName: string, why: (value: unknown) => string, into?: Float64Array): Float64Array {
  const problem = numberList(values);
  if (problem) throw new InvalidDataError(field, `expected ${problem}`, values);
  const list = values as ArrayLike<unknown>;
  const length = list.length;
  if (length !== expected) throw new InvalidDataError(field, `it has ${length} values but ${rowsName}; they must match`, length);
  let copy: Float64Array;
  if (isNumericTypedArray(list)) {
    copy = into ? into.subarray(0, length) : Float64Array.from(list);
    if (into) copy.set(list);
  } else {
    copy = into ? into.subarray(0, length) : new Float64Array(length);
    for (let i = 0; i < length; i++) {
      const value = list[i];
      if (typeof value !== "number") throw new InvalidDataError(field, `${field}[${i}] = ${why(value)}`, value, i);
      copy[i] = value;
    }
  }
  for (let i = 0; i < length; i++) {
    if (!Number.isFinite(copy[i])) throw new InvalidDataError(field, `${field}[${i}] = ${why(copy[i])}`, copy[i], i);
  }
  return copy;
}

/** float32 storage turns |v| > 3.4028234663852886e38 into ±Infinity. */
function overflowsFloat32(value: number): boolean {
  return !Number.isFinite(Math.fround(value));
}

/**
 * y, copied once and checked on the copy: one finite number per row, within float32 when stored
 * so, and in the family's domain. The copy is what the fit uses from then on.
 */
export function copyResponse(y: unknown, rows: number, family: Family, classes: number, dtype: Dtype, into?: Float64Array): Float64Array {
  const copy = copyFinite(y, rows, "y", `X has ${rows} rows`, notANumber, into && into.length >= rows ? into : undefined);
  for (let i = 0; i < copy.length; i++) {
    const value = copy[i];
    if (dtype === "float32" && overflowsFloat32(value)) {
      throw new InvalidDataError("y", `y[${i}] = ${value} overflows float32 (dtype "float32" stores y in 32 bits; use dtype "float64")`, value, i);
    }
    const problem = family.checkResponse(value, classes);
    if (problem) throw new InvalidDataError("y", `y[${i}] = ${value}: ${problem}`, value, i);
  }
  return copy;
}

/**
 * Sample weights, copied once and checked on the copy: one finite value ≥ 0 per row, not all 0,
 * with a finite sum W; under float32 storage none may overflow, and none that is not 0 may
 * round to 0 (it would silently drop its row). Returns the copy and W.
 */
export function copyWeights(weights: unknown, rows: number, dtype: Dtype): { values: Float64Array; total: number } {
  const values = copyFinite(weights, rows, "sampleWeight", `X has ${rows} rows`, (s) => `${describe(s)}; weights must be finite numbers ≥ 0` + (typeof s === "number" ? "" : " (only values of type number are accepted; none is converted)"));
  let total = 0;
  for (let i = 0; i < values.length; i++) {
    const s = values[i];
    if (s < 0) throw new InvalidDataError("sampleWeight", `sampleWeight[${i}] = ${s}; weights must be finite numbers ≥ 0`, s, i);
    if (dtype === "float32" && overflowsFloat32(s)) {
      throw new InvalidDataError("sampleWeight", `sampleWeight[${i}] = ${s} overflows float32 (dtype "float32" stores weights in 32 bits; rescale them)`, s, i);
    }
    if (dtype === "float32" && s !== 0 && Math.fround(s) === 0) {
      throw new InvalidDataError("sampleWeight", `sampleWeight[${i}] = ${s} rounds to 0 in float32, which would drop its row; rescale the weights or use dtype "float64"`, s, i);
    }
    total += s;
  }
  if (!Number.isFinite(total)) throw new InvalidDataError("sampleWeight", `the weights sum to ${total}; rescale them so that their sum is finite`, total);
  if (!(total > 0)) throw new InvalidDataError("sampleWeight", "all weights are 0; at least one must be positive", total);
  return { values, total };
}

/** evaluate()'s coefficients or intercept: `expected` finite numbers (within float32 when stored so), copied once. */
export function copyParameters(values: unknown, expected: number, field: "coefficients" | "intercept", shapeName: string, dtype: Dtype): Float64Array {
  const copy = copyFinite(values, expected, field, `${shapeName} = ${expected} are expected`);
  if (dtype === "float32") {
    const k = copy.findIndex(overflowsFloat32);
    if (k >= 0) throw new InvalidDataError(field, `${field}[${k}] = ${copy[k]} overflows float32 (dtype "float32" stores parameters in 32 bits)`, copy[k], k);
  }
  return copy;
}
