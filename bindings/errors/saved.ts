// Errors of saved things read back: models (Model.fromJSON, encoding with a model) and training states (saveState/restore).
import { WasmMleError, describe } from "./base.js";

/**
 * Model.fromJSON() was given data that is not a wasm-mle model of a format this version reads
 * (foreign, tampered, or another format version), or a model was asked for what its family lacks.
 *
 * @example
 * ```ts
 * import { InvalidModelError, Model } from "wasm-mle";
 * try {
 *   await Model.fromJSON({ format: "something-else" });
 * } catch (error) {
 *   if (error instanceof InvalidModelError) console.log(error.field); // "format"
 * }
 * ```
 */
export class InvalidModelError extends WasmMleError {
  /**
   * @param field The field that is wrong, e.g. "coefficients".
   * @param value What it held.
   * @param expected What would be valid.
   */
  constructor(readonly field: string, readonly value: unknown, readonly expected: string) {
    super("INVALID_MODEL", `Invalid model ${field}: got ${describe(value)}; expected ${expected}.`);
  }
}

/**
 * A categorical column holds a level the model was not fitted with (its indicator columns have no
 * place for it). `row` is the 0-based row of the data being encoded, when known; `where` names the
 * place in the caller's terms instead (the CLI: file, data row and line).
 *
 * @example
 * ```ts
 * import { UnknownLevelError } from "wasm-mle";
 * const error = new UnknownLevelError("firm", "Tesla", ["Ford", "GM"], 4);
 * console.log(error.code, error.message); // "UNKNOWN_LEVEL", names the column, the level and the known ones
 * ```
 */
export class UnknownLevelError extends WasmMleError {
  /**
   * @param column The categorical column.
   * @param level The level it holds that the model does not know.
   * @param knownLevels The levels the model was fitted with.
   * @param row The 0-based row, when known.
   * @param where The place in the caller's terms, instead of the row.
   */
  constructor(readonly column: string, readonly level: string, readonly knownLevels: readonly string[], readonly row?: number, where?: string) {
    const known = knownLevels.slice(0, 12).map((l) => describe(l)).join(", ") + (knownLevels.length > 12 ? `, … (${knownLevels.length} levels)` : "");
    const place = where ?? (row === undefined ? null : `Row ${row + 1}`);
    super(
      "UNKNOWN_LEVEL",
      `${place === null ? "" : `${place}: `}column ${describe(column)} has the level ${describe(level)}, which the model was not fitted with; ` +
        `its known levels are ${known}.`,
    );
  }
}

/**
 * Trainer.restore() was given something that is not a valid training state: not a plain object of
 * the state format, an unknown or missing field, a field of the wrong type, size or value, or a
 * checksum that does not match the other fields (edited or damaged). `field` names the first bad one.
 *
 * @example
 * ```ts
 * import { InvalidStateError, Trainer } from "wasm-mle";
 * try {
 *   await Trainer.restore({ format: "not-a-state" });
 * } catch (error) {
 *   if (error instanceof InvalidStateError) console.log(error.field); // the first bad field
 * }
 * ```
 */
export class InvalidStateError extends WasmMleError {
  /**
   * @param field The first bad field.
   * @param value What it held.
   * @param expected What would be valid.
   */
  constructor(readonly field: string, readonly value: unknown, readonly expected: string) {
    super("INVALID_STATE", `Invalid training state ${field}: got ${describe(value)}; expected ${expected}.`);
  }
}

/**
 * A well-formed training state that this build cannot resume bit for bit: another state format
 * version, or made by another kernel binary (`binaryHash`).
 *
 * @example
 * ```ts
 * import { IncompatibleStateError, Trainer } from "wasm-mle";
 * const simd = await Trainer.create({ optimizer: "sgd", kernels: "simd" });
 * simd.fit([[1], [2], [3]], [1, 2, 3]);
 * const state = simd.saveState();
 * const edited = { ...state, kernels: "scalar" as const }; // the checksum no longer matches either
 * const error = await Trainer.restore(edited).catch((e) => e);
 * console.log(error instanceof IncompatibleStateError || error.code); // an IncompatibleStateError or an InvalidStateError
 * ```
 */
export class IncompatibleStateError extends WasmMleError {
  /**
   * @param field "formatVersion" or "binaryHash".
   * @param value What the state holds.
   * @param expected What this build needs.
   */
  constructor(readonly field: "formatVersion" | "binaryHash", readonly value: unknown, readonly expected: string) {
    super("INCOMPATIBLE_STATE", `Incompatible training state ${field}: got ${describe(value)}; expected ${expected}.`);
  }
}

/**
 * A call that continues training state was refused: `fit(X, y, { resume: true })` or saveState()
 * before any state exists, partialFit/resume/saveState with an optimizer that keeps no epoch state
 * (newton, lbfgs, auto, and gd for partialFit), or data whose number of columns differs from the state's.
 *
 * @example
 * ```ts
 * import { Trainer, TrainingStateError } from "wasm-mle";
 * const trainer = await Trainer.create({ optimizer: "newton" });
 * try {
 *   trainer.saveState();
 * } catch (error) {
 *   if (error instanceof TrainingStateError) console.log(error.method, error.reason);
 * }
 * ```
 */
export class TrainingStateError extends WasmMleError {
  /**
   * @param method The Trainer method that was refused.
   * @param reason "none": no state yet; "optimizer": the optimizer keeps none; "features": the columns differ;
   *   "standardize": the trainer standardises each fit's columns by that fit's rows.
   * @param detail The rest of the message.
   */
  constructor(readonly method: string, readonly reason: "none" | "optimizer" | "features" | "standardize", detail: string) {
    super("TRAINING_STATE", `Trainer.${method}(): ${detail}.`);
  }
}
