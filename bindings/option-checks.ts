import { InvalidOptionError } from "./errors.js";
import { guardedRead } from "./input-guard.js";

// The building blocks of option validation, a leaf module: options.ts and the modules whose options
// it validates (update-rules.ts, summary options) import them from here, so none of them imports
// another back at load time (a cycle that esbuild's code splitting can evaluate in the wrong order).

/**
 * The own enumerable string keys of a plain object (prototype Object.prototype or null), each read
 * once into a fresh record: inherited keys (Object.prototype.l2 = …) are never options, and a
 * Map, Date, class instance or array is refused instead of silently meaning "all defaults".
 */
export function ownOptions(value: unknown, what: string, expected: string): Record<string, unknown> {
  return guardedRead(() => {
    const prototype = typeof value === "object" && value !== null ? Object.getPrototypeOf(value) : undefined;
    if (prototype !== Object.prototype && prototype !== null) throw new InvalidOptionError(what, value, expected);
    const own: Record<string, unknown> = Object.create(null);
    for (const key of Object.keys(value as object)) own[key] = (value as Record<string, unknown>)[key];
    return own;
  }, (why) => new InvalidOptionError(what, value, `${expected} whose properties can be read (${why})`));
}

/**
 * An option given as an array (or a typed array, with `views`), read once into a plain array by
 * index (neither its iterator nor a later read can change what was checked); null when it is
 * neither; one that cannot be read is an InvalidOptionError naming the option.
 */
export function optionArray(option: string, value: unknown, expected: string, views = false): unknown[] | null {
  return guardedRead(() => {
    if (!Array.isArray(value) && !(views && ArrayBuffer.isView(value))) return null;
    const list = value as ArrayLike<unknown>;
    return Array.from({ length: list.length }, (_, i) => list[i]);
  }, (why) => new InvalidOptionError(option, value, `${expected} that can be read (${why})`));
}

export function oneOf<T extends string>(option: string, value: unknown, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (typeof value === "string" && (allowed as readonly string[]).includes(value)) return value as T;
  throw new InvalidOptionError(option, value, `one of ${allowed.map((a) => JSON.stringify(a)).join(", ")}`);
}

export function finiteNumber(option: string, value: unknown, fallback: number, valid: (v: number) => boolean, expected: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isFinite(value) || !valid(value)) {
    throw new InvalidOptionError(option, value, expected);
  }
  return value;
}

export function integer(option: string, value: unknown, fallback: number, min: number, max: number): number {
  return finiteNumber(option, value, fallback, (v) => Number.isInteger(v) && v >= min && v <= max, `an integer from ${min} to ${max}`);
}
