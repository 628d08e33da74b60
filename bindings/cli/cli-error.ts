import { InvalidDataError, InvalidModelError, InvalidOptionError, SeparationError, UnknownLevelError, WasmMleError } from "../errors.js";

/** Exit codes of the CLI, as documented in its --help. */
export const EXIT_OK = 0;
/** The fit ran and failed (diverged, separated, collinear, not converged), or the work is too large for this machine. */
export const EXIT_FIT_FAILED = 1;
/** The input was wrong: a usage error, an unreadable or malformed CSV or model, an invalid option or value, an unwritable output. */
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
 * Input errors exit with 2: ours, the library's InvalidOptionError / InvalidDataError /
 * InvalidModelError / UnknownLevelError, and a SeparationError that y alone shows before any
 * fitting (a target with one value, a class that never occurs: like a label outside --classes, the
 * target and flags do not fit together). Other WasmMleErrors (the fit ran and failed, or the work
 * is too large) exit with 1; anything else is a bug in wasm-mle, also 1, and keeps its stack trace.
 * The README's exit-code table lists the same (test/cli/exit-codes.test.ts holds them together).
 */
export function exitCodeFor(error: unknown): number {
  if (
    error instanceof CliInputError || error instanceof InvalidOptionError || error instanceof InvalidDataError ||
    error instanceof InvalidModelError || error instanceof UnknownLevelError || (error instanceof SeparationError && error.detectedBy === "data")
  ) return EXIT_BAD_INPUT;
  return EXIT_FIT_FAILED;
}

export function isExpectedError(error: unknown): error is Error {
  return error instanceof CliInputError || error instanceof CliResourceError || error instanceof WasmMleError;
}
