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

/**
 * X, y or sampleWeight (or, in evaluate(), the coefficients or intercept) has a bad shape, a value
 * that is not a finite JS number, or a value outside the family's domain.
 */
export class InvalidDataError extends WasmMleError {
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
 */
export class DivergenceError extends WasmMleError {
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

/** The last finite estimate of a fit that stopped without an answer, feature-major like FitResult. */
export interface LastEstimate {
  readonly coefficients: Float64Array;
  readonly intercept: Float64Array;
  readonly objective: number;
}

/** Exactly collinear or constant columns of X (rank deficiency) under collinear: "error". */
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

/** What a SeparationError adds beyond its required fields (all optional, so older call sites stay valid). */
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
 */
export class SeparationError extends WasmMleError {
  readonly family: "bernoulli" | "poisson" | "multinomial";
  readonly optimizer: string | null;
  readonly detectedBy: "data" | "iterations";
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

/** Newton/IRLS stopped without converging and without a usable step; carries the last finite estimate. */
export class ConvergenceError extends WasmMleError {
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
 */
export class DisposedError extends WasmMleError {
  constructor(method: string, readonly duringFit = false) {
    super(
      "DISPOSED",
      duringFit
        ? `dispose() was called while Trainer.${method}() was running (from its onEpoch callback): the fit stopped and returns nothing.`
        : `Trainer.${method}() was called after dispose(); create a new Trainer.`,
    );
  }
}

/** predict() before any successful fit(). */
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
 */
export class StaleFitError extends WasmMleError {
  constructor(method: string, readonly releasedBy: "fit" | "dispose" | "predict" | "evaluate" | "partialFit") {
    super(
      "STALE_FIT",
      `fit.${method}() needs the data of its fit, which the trainer released when ${STALE_CAUSE[releasedBy]}. ` +
        `Call ${method}() before the next fit() or dispose() (its result stays valid afterwards), or fit this model again.`,
    );
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
 */
export class ProblemTooLargeError extends WasmMleError {
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
 */
export class BusyError extends WasmMleError {
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
 */
export class InvalidModelError extends WasmMleError {
  constructor(readonly field: string, readonly value: unknown, readonly expected: string) {
    super("INVALID_MODEL", `Invalid model ${field}: got ${describe(value)}; expected ${expected}.`);
  }
}

/**
 * A categorical column holds a level the model was not fitted with (its indicator columns have no
 * place for it). `row` is the 0-based row of the data being encoded, when known; `where` names the
 * place in the caller's terms instead (the CLI: file, data row and line).
 */
export class UnknownLevelError extends WasmMleError {
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
 */
export class InvalidStateError extends WasmMleError {
  constructor(readonly field: string, readonly value: unknown, readonly expected: string) {
    super("INVALID_STATE", `Invalid training state ${field}: got ${describe(value)}; expected ${expected}.`);
  }
}

/**
 * A well-formed training state that this build cannot resume bit for bit: another state format
 * version, or made by another kernel binary (`binaryHash`).
 */
export class IncompatibleStateError extends WasmMleError {
  constructor(readonly field: "formatVersion" | "binaryHash", readonly value: unknown, readonly expected: string) {
    super("INCOMPATIBLE_STATE", `Incompatible training state ${field}: got ${describe(value)}; expected ${expected}.`);
  }
}

/**
 * A call that continues training state was refused: `fit(X, y, { resume: true })` or saveState()
 * before any state exists, partialFit/resume/saveState with an optimizer that keeps no epoch state
 * (newton, lbfgs, auto, and gd for partialFit), or data whose number of columns differs from the state's.
 */
export class TrainingStateError extends WasmMleError {
  constructor(readonly method: string, readonly reason: "none" | "optimizer" | "features", detail: string) {
    super("TRAINING_STATE", `Trainer.${method}(): ${detail}.`);
  }
}
