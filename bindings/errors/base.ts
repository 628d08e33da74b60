// The base class of every error wasm-mle throws on purpose, and the helpers their messages share.
/**
 * Every error wasm-mle throws on purpose is a `WasmMleError` with a stable `code`, so callers can
 * branch on the kind without parsing messages. Messages name the bad value and what would be valid.
 *
 * @example
 * ```ts
 * import { Trainer, WasmMleError } from "wasm-mle";
 * try {
 *   await Trainer.create({ family: "gamma" as never });
 * } catch (error) {
 *   if (error instanceof WasmMleError) console.log(error.code); // "INVALID_OPTION"
 * }
 * ```
 */
export class WasmMleError extends Error {
  /** A stable identifier of the kind of error, e.g. "INVALID_OPTION"; the same in every version. */
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = new.target.name;
    this.code = code;
  }
}

export function describe(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === "bigint") return `the BigInt ${value}n`;
  if (typeof value === "symbol") return `a symbol (${value.description ?? ""})`;
  if (typeof value === "number" || typeof value === "boolean" || value === null || value === undefined) return String(value);
  if (typeof value === "function") return "a function";
  try {
    // Inside the try: Array.isArray throws on a revoked Proxy, and a Proxy's traps may throw.
    if (Array.isArray(value)) return `an array of length ${value.length}`;
    if (ArrayBuffer.isView(value)) return `a ${value.constructor.name}`;
    const prototype = Object.getPrototypeOf(value);
    const name = prototype === null ? null : prototype.constructor?.name;
    return typeof name === "string" && name !== "Object" ? `an object (${name})` : "an object";
  } catch {
    return "an object"; // a revoked Proxy, or a getter that throws: the message must still be made
  }
}

/** Names shown in full before a long list is cut short in a message. */
export const LISTED_NAMES = 10;

/** "a, b, c" — or the first LISTED_NAMES names and "… and N more", so a message stays readable. */
export function listShortened(names: readonly string[], shown: number = LISTED_NAMES): string {
  if (names.length <= shown) return names.join(", ");
  return `${names.slice(0, shown).join(", ")} … and ${names.length - shown} more`;
}
