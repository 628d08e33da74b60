/**
 * Every error wasm-mle throws on purpose is a `WasmMleError` with a stable `code`, so callers can
 * branch on the kind without parsing messages. Messages name the bad value and what would be valid.
 */
export class WasmMleError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = new.target.name;
    this.code = code;
  }
}

/** An option has an unknown name, a wrong type, or a value outside its valid range. */
export class InvalidOptionError extends WasmMleError {
  constructor(readonly option: string, readonly value: unknown, readonly expected: string) {
    super("INVALID_OPTION", `Invalid option ${option}: got ${describe(value)}; expected ${expected}.`);
  }
}

/** X, y or sampleWeight has a bad shape or a value outside the family's domain. */
export class InvalidDataError extends WasmMleError {
  constructor(
    readonly field: "X" | "y" | "sampleWeight",
    readonly detail: string,
    readonly value?: unknown,
    readonly index?: number,
  ) {
    super("INVALID_DATA", `Invalid ${field}: ${detail}.`);
  }
}

/** The objective became non-finite during a fit; no coefficients are returned. */
export class DivergenceError extends WasmMleError {
  constructor(readonly epoch: number, readonly objective: number, readonly learningRate: number, readonly lastFiniteObjective: number | null) {
    super(
      "DIVERGED",
      `The fit diverged at epoch ${epoch}: the objective became ${objective}` +
        (lastFiniteObjective === null ? "" : ` (last finite value ${lastFiniteObjective})`) +
        `. Try a smaller learningRate than ${learningRate} (for example ${learningRate / 10}), or standardise the features.`,
    );
  }
}

/** The trainer was used after dispose(). */
export class DisposedError extends WasmMleError {
  constructor(method: string) {
    super("DISPOSED", `Trainer.${method}() was called after dispose(); create a new Trainer.`);
  }
}

/** predict() before any successful fit(). */
export class NotFittedError extends WasmMleError {
  constructor(method: string) {
    super("NOT_FITTED", `Trainer.${method}() needs a fitted model; call fit(X, y) first.`);
  }
}

/** The data would not fit in a 32-bit WebAssembly memory (4 GiB); raised before allocating. */
export class DataTooLargeError extends WasmMleError {
  constructor(readonly requiredBytes: number, readonly limitBytes: number, what: string) {
    super(
      "DATA_TOO_LARGE",
      `${what} needs ${formatBytes(requiredBytes)} of WebAssembly memory, more than the ${formatBytes(limitBytes)} ` +
        `a 32-bit WebAssembly memory can address. Use dtype "float32" (half the bytes) or fewer rows.`,
    );
  }
}

export function describe(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number" || typeof value === "boolean" || value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (ArrayBuffer.isView(value)) return `a ${value.constructor.name}`;
  return typeof value === "function" ? "a function" : `an object`;
}

function formatBytes(bytes: number): string {
  return bytes >= 2 ** 30 ? `${(bytes / 2 ** 30).toFixed(2)} GiB` : `${(bytes / 2 ** 20).toFixed(1)} MiB`;
}
