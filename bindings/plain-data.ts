import { InvalidModelError } from "./errors.js";
import type { JsonValue } from "./model.js";

// Plain objects, as JSON documents (a model, a training state, a fit's data) must be: kept apart from
// model.ts so that the checks of those documents stay out of the eager bundle (bindings/engine.ts).

/** Whether a value is an object literal (or Object.create(null)): not an array, class instance or exotic object. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** A field of a plain object, own properties only: an inherited Object.prototype.x is not a field. */
export function own(data: Record<string, unknown>, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(data, key) ? data[key] : undefined;
}

/** A deep, frozen copy of plain JSON data (no prototypes, no functions, finite numbers), depth-limited. */
export function jsonCopy(field: string, value: unknown, depth = 0): JsonValue {
  if (depth > 32) throw new InvalidModelError(field, value, "JSON nested at most 32 levels deep");
  if (value === null || typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new InvalidModelError(field, value, "finite numbers only");
    return value;
  }
  if (Array.isArray(value)) return Object.freeze(value.map((v, i) => jsonCopy(`${field}[${i}]`, v, depth + 1))) as JsonValue[];
  if (isPlainObject(value)) {
    const out: { [key: string]: JsonValue } = Object.create(null);
    for (const key of Object.keys(value)) out[key] = jsonCopy(`${field}.${key}`, value[key], depth + 1);
    return Object.freeze(out);
  }
  throw new InvalidModelError(field, value, "plain JSON data (objects, arrays, strings, finite numbers, booleans, null)");
}
