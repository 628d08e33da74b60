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
 * The objective became non-finite during a fit; no coefficients are returned. `learningRate` is
 * null for the optimizers that have none (newton, lbfgs), and the advice changes accordingly.
 *
 * @example
 * ```ts
 * import { DivergenceError, Trainer } from "wasm-mle";
 * const trainer = await Trainer.create({ optimizer: "gd", learningRate: 100 });
 * try {
 *   trainer.fit([[1], [20], [300]], [1, 2, 3]);
 * } catch (error) {
 *   if (error instanceof DivergenceError) console.log(error.epoch, error.learningRate);
 * }
 * ```
 */
export class DivergenceError extends WasmMleError {
  /**
   * @param epoch The epoch (or iteration) at which the objective stopped being usable.
   * @param objective The objective there (non-finite, or 1e10 times its start).
   * @param learningRate The step size of gd/sgd; null for newton and lbfgs.
   * @param lastFiniteObjective The last finite objective seen, if any.
   */
  constructor(
    readonly epoch: number,
    readonly objective: number,
    readonly learningRate: number | null,
    readonly lastFiniteObjective: number | null,
    /** The objective at the start, when the fit was stopped because a finite objective grew too far above it (gd/sgd). */
    readonly startObjective: number | null = null,
  ) {
    super(
      "DIVERGED",
      `The fit diverged at ${learningRate === null ? "iteration" : "epoch"} ${epoch}: the objective ` +
        (startObjective !== null && Number.isFinite(objective) ? `grew to ${objective}, 1e10 or more times its start ${startObjective}` : `became ${objective}`) +
        (lastFiniteObjective === null ? "" : ` (last finite value ${lastFiniteObjective})`) +
        (learningRate === null
          ? ". Standardise the features or add an l2 penalty."
          : `. Try a smaller learningRate than ${learningRate} (for example ${learningRate / 10}), or standardise the features.`),
    );
  }
}

/**
 * The last finite estimate of a fit that stopped without an answer, feature-major like FitResult.
 *
 * @example
 * ```ts
 * import { SeparationError, Trainer } from "wasm-mle";
 * const trainer = await Trainer.create({ family: "bernoulli", optimizer: "newton" });
 * try {
 *   trainer.fit([[1], [2], [3], [4]], [0, 0, 1, 1]); // perfectly separated
 * } catch (error) {
 *   if (error instanceof SeparationError) console.log(error.lastEstimate.coefficients);
 * }
 * ```
 */
export interface LastEstimate {
  /** d·K coefficients, feature j and output c at j·K + c. */
  readonly coefficients: Float64Array;
  /** K intercepts. */
  readonly intercept: Float64Array;
  /** The objective at these parameters. */
  readonly objective: number;
}

/**
 * Exactly collinear or constant columns of X (rank deficiency) under collinear: "error".
 *
 * @example
 * ```ts
 * import { CollinearityError, Trainer } from "wasm-mle";
 * const trainer = await Trainer.create({ optimizer: "newton", featureNames: ["a", "twiceA"] });
 * try {
 *   trainer.fit([[1, 2], [2, 4], [3, 6], [4, 8]], [1, 3, 2, 4]);
 * } catch (error) {
 *   if (error instanceof CollinearityError) console.log(error.terms); // ["twiceA"]
 * }
 * ```
 */
export class CollinearityError extends WasmMleError {
  constructor(
    /** The dependent terms, e.g. ["x2"] or ["x2 (class 1)", "x2 (class 2)"]. */
    readonly terms: readonly string[],
    /** Their columns of X (0-based, without duplicates). */
    readonly columns: readonly number[],
  ) {
    super(
      "COLLINEAR",
      `X is rank deficient: ${listShortened(terms)} ${terms.length === 1 ? "is" : "are"} exactly collinear with earlier columns ` +
        `(or constant, which duplicates the intercept). Remove ${columns.length === 1 ? "that column" : "those columns"}, ` +
        `or pass collinear: "drop" to fix ${terms.length === 1 ? "its coefficient" : "their coefficients"} at 0 as R's glm does.`,
    );
  }
}

/**
 * What a SeparationError adds beyond its required fields (all optional, so older call sites stay valid).
 *
 * @example
 * ```ts
 * import { SeparationError, Trainer } from "wasm-mle";
 * const trainer = await Trainer.create({ family: "bernoulli" });
 * const error = await Promise.resolve().then(() => trainer.fit([[1], [2]], [1, 1])).catch((e) => e);
 * if (error instanceof SeparationError) console.log(error.detectedBy, error.family); // "data" "bernoulli"
 * ```
 */
export interface SeparationContext {
  /** The family whose likelihood has no finite maximiser (default "bernoulli": classes). */
  readonly family?: "bernoulli" | "poisson" | "multinomial";
  /** The optimizer that ran (null when the data alone showed it, before any optimizer ran). */
  readonly optimizer?: string | null;
  /** "data": y alone shows it, checked before fitting; "iterations": seen from diverging coefficients. */
  readonly detectedBy?: "data" | "iterations";
  /** For detectedBy "data": what y shows, e.g. "every y is 1" or "class 2 never occurs in y". */
  readonly reason?: string;
}

/**
 * No finite maximum-likelihood estimate exists, whichever optimizer ran: complete or
 * quasi-complete separation (bernoulli/multinomial: fitted probabilities reach 0 or 1), a poisson
 * fit whose means can go to 0 on rows with y = 0 only, or a constant y / an absent class, which
 * sends an (unpenalised) intercept to ±∞. Some coefficients grow without bound while the loss
 * keeps falling. see: Albert & Anderson (1984), Biometrika 71(1); Haberman (1974) for log-linear models.
 *
 * @example
 * ```ts
 * import { SeparationError, Trainer } from "wasm-mle";
 * const trainer = await Trainer.create({ family: "bernoulli", optimizer: "newton" });
 * try {
 *   trainer.fit([[1], [2], [3], [4]], [0, 0, 1, 1]);
 * } catch (error) {
 *   if (error instanceof SeparationError) console.log(error.diverging); // ["intercept", "x0"]
 * }
 * ```
 */
export class SeparationError extends WasmMleError {
  /** The family whose likelihood has no finite maximiser. */
  readonly family: "bernoulli" | "poisson" | "multinomial";
  /** The optimizer that ran; null when the data alone showed it. */
  readonly optimizer: string | null;
  /** "data": y alone shows it, before fitting; "iterations": seen from diverging coefficients. */
  readonly detectedBy: "data" | "iterations";
  /**
   * @param lastEstimate The last finite estimate before the fit stopped.
   * @param context The family, optimizer and how it was detected.
   */
  constructor(
    /** The coefficients that keep growing, by term name. */
    readonly diverging: readonly string[],
    /** Iterations (or epochs) the optimizer ran before the check; 0 when the data alone showed it. */
    readonly iterations: number,
    /** Rows whose fitted probabilities (poisson: means) are numerically at their limit 0 or 1. */
    readonly extremeRows: number,
    readonly lastEstimate: LastEstimate,
    context: SeparationContext = {},
  ) {
    super("SEPARATION", separationMessage(diverging, iterations, extremeRows, context));
    this.family = context.family ?? "bernoulli";
    this.optimizer = context.optimizer ?? null;
    this.detectedBy = context.detectedBy ?? "iterations";
  }
}

function separationMessage(diverging: readonly string[], iterations: number, extremeRows: number, context: SeparationContext): string {
  const terms = `${diverging.join(", ")} ${diverging.length === 1 ? "keeps" : "keep"} growing without bound`;
  const interceptsOnly = diverging.every((term) => term.startsWith("intercept"));
  if (context.detectedBy === "data") {
    const absentClass = context.family === "multinomial";
    return (
      `No finite maximum-likelihood estimate exists: ${context.reason ?? "y takes a single value"} (rows with positive weight), so ` +
      `${diverging.join(", ")} would have to be infinite whatever the optimizer; nothing was fitted. ` +
      (absentClass
        ? "A class never occurs in y: remove that class (relabel y and lower classes), or fit without an intercept."
        : "An L2 penalty does not help, since the intercept is not penalised: check y, or fit without an intercept.")
    );
  }
  const unit = context.optimizer === "gd" || context.optimizer === "sgd" ? "epochs" : "iterations";
  const after = `after ${iterations} ${context.optimizer ? `${context.optimizer} ` : ""}${unit}`;
  const advice = interceptsOnly
    ? "Only intercepts diverge: y takes a single value, or a class never occurs in y; remove that class (or fit without an intercept)."
    : "Add an L2 penalty (for example l2: 1e-4) to get finite estimates.";
  if (context.family === "poisson") {
    return (
      `Some rows with y = 0 can be fitted with mean 0: ${after} ${extremeRows} rows with y = 0 have fitted means numerically 0 and ` +
      `${terms}, so the maximum-likelihood estimate does not exist. ${advice}`
    );
  }
  return (
    `The classes are (quasi-)completely separated: ${after} ${extremeRows} rows have fitted ` +
    `probabilities numerically 0 or 1 and ${terms}, so the maximum-likelihood estimate does not exist. ${advice}`
  );
}

/**
 * Newton/IRLS stopped without converging and without a usable step; carries the last finite estimate.
 *
 * @example
 * ```ts
 * import { ConvergenceError, Trainer } from "wasm-mle";
 * const trainer = await Trainer.create({ family: "poisson", optimizer: "newton" });
 * try {
 *   trainer.fit([[0], [1], [2]], [1, 3, 7]); // converges: most problems never see this error
 * } catch (error) {
 *   if (error instanceof ConvergenceError) console.log(error.iterations, error.lastEstimate.objective);
 * }
 * ```
 */
export class ConvergenceError extends WasmMleError {
  /**
   * @param iterations Iterations run before it stopped.
   * @param lastEstimate The last finite estimate.
   * @param halvings Step halvings tried at the last iteration.
   */
  constructor(
    /** "stepHalving": no step along the Newton direction lowered the objective after `halvings` halvings. */
    readonly reason: "stepHalving",
    readonly iterations: number,
    readonly lastEstimate: LastEstimate,
    readonly halvings: number,
    /** A more specific cause found by the optimizer (such as the weights' range), replacing the generic advice. */
    readonly detail?: string,
  ) {
    super(
      "NOT_CONVERGED",
      `Newton's method stopped at iteration ${iterations}: the objective did not decrease along the Newton direction even after ` +
        `${halvings} step halvings (last finite objective ${lastEstimate.objective}). ` +
        (detail ?? `The problem is numerically ill-posed at this point; standardise the features, remove near-duplicate columns, or add an L2 penalty.`),
    );
  }
}

/**
 * The trainer was used after dispose(), or (`duringFit`) dispose() was called from the running
 * fit's onEpoch: that fit stops at the epoch boundary and returns nothing.
 *
 * @example
 * ```ts
 * import { DisposedError, Trainer } from "wasm-mle";
 * const trainer = await Trainer.create({});
 * trainer.dispose();
 * try {
 *   trainer.fit([[1], [2]], [1, 2]);
 * } catch (error) {
 *   if (error instanceof DisposedError) console.log(error.code); // "DISPOSED"
 * }
 * ```
 */
export class DisposedError extends WasmMleError {
  /**
   * @param method The Trainer method that was called.
   * @param duringFit True when dispose() came from the running fit's onEpoch.
   */
  constructor(method: string, readonly duringFit = false) {
    super(
      "DISPOSED",
      duringFit
        ? `dispose() was called while Trainer.${method}() was running (from its onEpoch callback): the fit stopped and returns nothing.`
        : `Trainer.${method}() was called after dispose(); create a new Trainer.`,
    );
  }
}

/**
 * predict() before any successful fit().
 *
 * @example
 * ```ts
 * import { NotFittedError, Trainer } from "wasm-mle";
 * const trainer = await Trainer.create({});
 * try {
 *   trainer.predict([[1]]);
 * } catch (error) {
 *   if (error instanceof NotFittedError) console.log(error.message); // says to call fit(X, y) first
 * }
 * ```
 */
export class NotFittedError extends WasmMleError {
  constructor(method: string) {
    super("NOT_FITTED", `Trainer.${method}() needs a fitted model; call fit(X, y) first.`);
  }
}

const STALE_CAUSE = {
  fit: "fit() was called again",
  dispose: "dispose() was called",
  predict: "predict() needed its memory (the new data did not fit in WebAssembly memory beside it)",
  evaluate: "evaluate() needed its memory (the new data did not fit in WebAssembly memory beside it)",
  partialFit: "partialFit() needed its memory (the chunk did not fit in WebAssembly memory beside it)",
} as const;

/**
 * fit.summary() after the trainer released that fit's data: summaries are computed from the data
 * the trainer still holds in WebAssembly memory, which the next fit() or dispose() frees (and a
 * predict()/evaluate() whose data only fits in memory by reusing that space).
 *
 * @example
 * ```ts
 * import { StaleFitError, Trainer } from "wasm-mle";
 * const trainer = await Trainer.create({ optimizer: "newton" });
 * const first = trainer.fit([[1], [2], [3]], [1, 2, 4]);
 * trainer.fit([[1], [2], [3]], [2, 3, 5]);
 * try {
 *   first.summary();
 * } catch (error) {
 *   if (error instanceof StaleFitError) console.log(error.releasedBy); // "fit"
 * }
 * ```
 */
export class StaleFitError extends WasmMleError {
  /**
   * @param method The method of the fit that was called ("summary").
   * @param releasedBy What released that fit's data.
   */
  constructor(method: string, readonly releasedBy: "fit" | "dispose" | "predict" | "evaluate" | "partialFit") {
    super(
      "STALE_FIT",
      `fit.${method}() needs the data of its fit, which the trainer released when ${STALE_CAUSE[releasedBy]}. ` +
        `Call ${method}() before the next fit() or dispose() (its result stays valid afterwards), or fit this model again.`,
    );
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

export function describe(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === "bigint") return `the BigInt ${value}n`;
  if (typeof value === "symbol") return `a symbol (${value.description ?? ""})`;
  if (typeof value === "number" || typeof value === "boolean" || value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (ArrayBuffer.isView(value)) return `a ${value.constructor.name}`;
  if (typeof value === "function") return "a function";
  try {
    const prototype = Object.getPrototypeOf(value);
    const name = prototype === null ? null : prototype?.constructor?.name;
    return typeof name === "string" && name !== "Object" ? `an object (${name})` : "an object";
  } catch {
    return "an object"; // a revoked Proxy, or a getter that throws: the message must still be made
  }
}

function formatBytes(bytes: number): string {
  return bytes >= 2 ** 30 ? `${(bytes / 2 ** 30).toFixed(2)} GiB` : `${(bytes / 2 ** 20).toFixed(1)} MiB`;
}

/** Names shown in full before a long list is cut short in a message. */
export const LISTED_NAMES = 10;

/** "a, b, c" — or the first LISTED_NAMES names and "… and N more", so a message stays readable. */
export function listShortened(names: readonly string[], shown: number = LISTED_NAMES): string {
  if (names.length <= shown) return names.join(", ");
  return `${names.slice(0, shown).join(", ")} … and ${names.length - shown} more`;
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

/**
 * A Trainer method (or fit.summary()) was called while a fit of the same trainer is running, i.e.
 * from its onEpoch callback. The call is refused before it touches anything, so the running fit
 * is unaffected; read-only getters (kernels, memoryBytes, disposed, options) stay available.
 *
 * @example
 * ```ts
 * import { BusyError, Trainer } from "wasm-mle";
 * const trainer = await Trainer.create({ optimizer: "gd" });
 * trainer.fit([[1], [2]], [1, 2], {
 *   onEpoch: () => {
 *     try {
 *       trainer.predict([[3]]);
 *     } catch (error) {
 *       if (error instanceof BusyError) console.log(error.called); // "predict"
 *     }
 *     return false;
 *   },
 * });
 * ```
 */
export class BusyError extends WasmMleError {
  /**
   * @param running The method that is running.
   * @param called The method that was refused.
   */
  constructor(readonly running: "fit", readonly called: "fit" | "predict" | "evaluate" | "partialFit" | "summary") {
    super(
      "BUSY",
      `${called === "summary" ? "fit.summary" : `Trainer.${called}`}() was called while Trainer.${running}() of the same trainer is running ` +
        `(from its onEpoch callback); the trainer's memory is in use. Call it after fit() returns, or use a second Trainer.`,
    );
  }
}

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
   * @param reason "none": no state yet; "optimizer": the optimizer keeps none; "features": the columns differ.
   * @param detail The rest of the message.
   */
  constructor(readonly method: string, readonly reason: "none" | "optimizer" | "features", detail: string) {
    super("TRAINING_STATE", `Trainer.${method}(): ${detail}.`);
  }
}

/**
 * A fit was stopped by its AbortSignal. The synchronous `Trainer.fit` raises it only for a signal
 * already aborted when fit() is called (one aborted while the fit runs stops it at the next
 * epoch with stopReason "aborted" instead); `WorkerTrainer` rejects with it whenever the signal
 * aborts before the result arrives (or onEpoch returns false). `name` is "AbortError", as the
 * DOMException that fetch() rejects with, so `error.name === "AbortError"` checks work for both.
 * @example
 * ```ts
 * import { AbortError, Trainer } from "wasm-mle";
 * const trainer = await Trainer.create({});
 * try {
 *   trainer.fit([[1], [2]], [1, 2], { signal: AbortSignal.abort() });
 * } catch (error) {
 *   console.log(error instanceof AbortError, error.name, error.code); // true "AbortError" "ABORTED"
 * }
 * ```
 */
export class AbortError extends WasmMleError {
  constructor(
    /** The method that was aborted ("fit"). */
    readonly method: string,
    /** The signal's `reason` (a DOMException "AbortError" unless abort(reason) gave another); undefined when onEpoch returned false. */
    readonly reason?: unknown,
  ) {
    super("ABORTED", `${method}() was aborted${reason === undefined ? "" : ` (${abortReasonText(reason)})`}; nothing was returned.`);
  }
}

function abortReasonText(reason: unknown): string {
  if (reason instanceof Error) return `${reason.name}: ${reason.message}`;
  return `reason: ${describe(reason)}`;
}

/**
 * fit.summary() of a FitResult rebuilt from data (FitResult.fromJSON, or what structuredClone and
 * postMessage produce): the summary needs the training data, which only the trainer that made the
 * original FitResult holds. FitSummary is plain data itself, so compute it there and send it along.
 * @example
 * ```ts
 * import { DetachedFitError, FitResult, Trainer } from "wasm-mle";
 * const trainer = await Trainer.create({ optimizer: "newton" });
 * const copy = await FitResult.fromJSON(structuredClone(trainer.fit([[1], [2], [3]], [1, 2, 4])));
 * try {
 *   copy.summary();
 * } catch (error) {
 *   console.log(error instanceof DetachedFitError); // true
 * }
 * ```
 */
export class DetachedFitError extends WasmMleError {
  constructor(method: string) {
    super(
      "DETACHED_FIT",
      `fit.${method}() needs the data of its fit, but this FitResult was rebuilt from data (FitResult.fromJSON, structuredClone or ` +
        `postMessage), which carries none. Call ${method}() on the FitResult the trainer returned (its FitSummary is plain data that ` +
        `can be cloned and posted), or train with WorkerTrainer, whose results compute summary() in the worker.`,
    );
  }
}

/**
 * A worker of WorkerTrainer failed outside any fit (it could not start, or crashed); the WorkerTrainer starts a fresh one for the next call.
 * @example
 * ```ts
 * import { WasmMleError, WorkerFailedError } from "wasm-mle";
 * const error = new WorkerFailedError("fit", "the worker exited with code 1");
 * console.log(error instanceof WasmMleError, error.code); // true "WORKER_FAILED"
 * ```
 */
export class WorkerFailedError extends WasmMleError {
  constructor(
    /** The WorkerTrainer method whose call failed. */
    readonly method: string,
    /** What the host reported (the worker's error or exit code). */
    readonly detail: string,
  ) {
    super("WORKER_FAILED", `WorkerTrainer.${method}(): the worker failed (${detail}); the next call starts a fresh worker with the last fitted model.`);
  }
}
