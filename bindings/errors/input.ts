// Errors of the caller's input: options, data, and problems too large to run.
import { WasmMleError, describe } from "./base.js";

/**
 * An option has an unknown name, a wrong type, or a value outside its valid range.
 *
 * @example
 * ```ts
 * import { InvalidOptionError, Trainer } from "wasm-mle";
 * try {
 *   await Trainer.create({ optimizer: "sgd", learningRate: 0 });
 * } catch (error) {
 *   if (error instanceof InvalidOptionError) console.log(error.option, error.expected); // "learningRate", what is valid
 * }
 * ```
 */
export class InvalidOptionError extends WasmMleError {
  /**
   * @param option The option's name, e.g. "learningRate".
   * @param value The value that was given.
   * @param expected What would be valid, e.g. "a finite number > 0".
   */
  constructor(readonly option: string, readonly value: unknown, readonly expected: string) {
    super("INVALID_OPTION", `Invalid option ${option}: got ${describe(value)}; expected ${expected}.`);
  }
}

/**
 * X, y or sampleWeight (or, in evaluate(), the coefficients or intercept) has a bad shape, a value
 * that is not a finite JS number, or a value outside the family's domain.
 *
 * @example
 * ```ts
 * import { InvalidDataError, Trainer } from "wasm-mle";
 * const trainer = await Trainer.create({ family: "bernoulli" });
 * try {
 *   trainer.fit([[1], [2], [3]], [0, 1, 2]); // 2 is not a bernoulli label
 * } catch (error) {
 *   if (error instanceof InvalidDataError) console.log(error.field, error.index); // "y", 2
 * }
 * ```
 */
export class InvalidDataError extends WasmMleError {
  /**
   * @param field Which input is bad.
   * @param detail What is wrong with it, in words.
   * @param value The offending value, when there is one.
   * @param index Its position (the flat row-major index for X), when there is one.
   */
  constructor(
    readonly field: "X" | "y" | "sampleWeight" | "coefficients" | "intercept" | "yTrue" | "yPred" | "yScore" | "probabilities" | "labels",
    readonly detail: string,
    readonly value?: unknown,
    readonly index?: number,
  ) {
    super("INVALID_DATA", `Invalid ${field}: ${detail}.`);
  }
}

/**
 * The data would not fit in a 32-bit WebAssembly memory (4 GiB); raised before allocating.
 *
 * @example
 * ```ts
 * import { DataTooLargeError, Trainer } from "wasm-mle";
 * const trainer = await Trainer.create({ optimizer: "lbfgs" });
 * const rows = 1000;
 * const cols = 600_000; // 4.5 GiB of float64: refused before a value is read or a byte allocated
 * try {
 *   trainer.fit({ data: { length: rows * cols }, rows, cols }, new Float64Array(rows));
 * } catch (error) {
 *   if (error instanceof DataTooLargeError) console.log(error.requiredBytes, error.limitBytes);
 * }
 * ```
 */
export class DataTooLargeError extends WasmMleError {
  /**
   * @param requiredBytes The WebAssembly memory the data and work space need.
   * @param limitBytes What a 32-bit memory can address.
   * @param what What needed it, for the message.
   */
  constructor(readonly requiredBytes: number, readonly limitBytes: number, what: string) {
    super(
      "DATA_TOO_LARGE",
      `${what} needs ${formatBytes(requiredBytes)} of WebAssembly memory, more than the ${formatBytes(limitBytes)} ` +
        `a 32-bit WebAssembly memory can address. Use dtype "float32" (half the bytes) or fewer rows.`,
    );
  }
}

function formatBytes(bytes: number): string {
  return bytes >= 2 ** 30 ? `${(bytes / 2 ** 30).toFixed(2)} GiB` : `${(bytes / 2 ** 20).toFixed(1)} MiB`;
}

/**
 * An exact computation (newton's factorisation, or summary()'s p×p information factor) would take
 * too long or needs more rows than it has; refused before any pass over the data. `estimate` is
 * bindings/optimizers/exact-work.ts's figure for one factorisation.
 *
 * @example
 * ```ts
 * import { ProblemTooLargeError, Trainer } from "wasm-mle";
 * const trainer = await Trainer.create({ optimizer: "newton" });
 * try {
 *   trainer.fit([[1, 2, 3]], [1]); // one row, four coefficients, no l2
 * } catch (error) {
 *   if (error instanceof ProblemTooLargeError) console.log(error.reason, error.rows, error.coefficients); // "rows", 1, 4
 * }
 * ```
 */
export class ProblemTooLargeError extends WasmMleError {
  /**
   * @param rows Rows of the data.
   * @param coefficients Coefficients to estimate, intercepts included.
   * @param estimatedSeconds The work estimate for one factorisation.
   * @param limitSeconds The limit it was compared with.
   * @param message The message, which names the sizes and suggests lbfgs or l2.
   */
  constructor(
    /** What was refused: optimizer "newton" or fit.summary(). */
    readonly computation: "newton" | "summary",
    /** "work": the estimated time exceeds the limit; "rows": fewer rows than coefficients without l2. */
    readonly reason: "work" | "rows",
    readonly rows: number,
    readonly coefficients: number,
    readonly estimatedSeconds: number,
    readonly limitSeconds: number,
    message: string,
  ) {
    super("TOO_LARGE", message);
  }
}
