import { InvalidDataError, InvalidModelError, InvalidOptionError, UnknownLevelError, WasmMleError } from "../errors.js";

/** Exit codes of the CLI, as documented in its --help. */
export const EXIT_OK = 0;
/** The fit itself failed (it diverged, or the data would not fit in WebAssembly memory). */
export const EXIT_FIT_FAILED = 1;
/** The input was wrong: a usage error, an unreadable or malformed CSV, or an invalid option or value. */
export const EXIT_BAD_INPUT = 2;

/** A problem with what the user gave the CLI (file, columns, cells, flags); exit code 2, no stack trace. */
export class CliInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CliInputError";
  }
}

/**
 * The input is well formed but the work it asks for cannot be done here: the data would not fit
 * in WebAssembly memory, or an exact fit or its summary would need an impossibly large p × p
 * factorisation. Exit code 1 like the library's DataTooLargeError; the message gives CLI advice.
 */
export class CliResourceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CliResourceError";
  }
}

/**
 * Input errors (ours, and the library's InvalidOptionError / InvalidDataError / InvalidModelError /
 * UnknownLevelError) exit with 2, other
 * WasmMleErrors with 1; anything else is a bug in wasm-mle and keeps its stack trace.
 */
export function exitCodeFor(error: unknown): number {
  if (
    error instanceof CliInputError || error instanceof InvalidOptionError || error instanceof InvalidDataError ||
    error instanceof InvalidModelError || error instanceof UnknownLevelError
  ) return EXIT_BAD_INPUT;
  return EXIT_FIT_FAILED;
}

export function isExpectedError(error: unknown): error is Error {
  return error instanceof CliInputError || error instanceof CliResourceError || error instanceof WasmMleError;
}
