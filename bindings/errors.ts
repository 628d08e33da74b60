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

/**
 * The objective became non-finite during a fit; no coefficients are returned. `learningRate` is
 * null for the optimizers that have none (newton, lbfgs), and the advice changes accordingly.
 */
export class DivergenceError extends WasmMleError {
  constructor(readonly epoch: number, readonly objective: number, readonly learningRate: number | null, readonly lastFiniteObjective: number | null) {
    super(
      "DIVERGED",
      `The fit diverged at ${learningRate === null ? "iteration" : "epoch"} ${epoch}: the objective became ${objective}` +
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

/**
 * Complete or quasi-complete separation (bernoulli/multinomial): the likelihood has no finite
 * maximiser; some coefficients grow without bound while fitted probabilities reach 0 or 1.
 */
export class SeparationError extends WasmMleError {
  constructor(
    /** The coefficients that keep growing, by term name. */
    readonly diverging: readonly string[],
    readonly iterations: number,
    /** Rows whose fitted probabilities are numerically 0 or 1. */
    readonly extremeRows: number,
    readonly lastEstimate: LastEstimate,
  ) {
    super(
      "SEPARATION",
      `The classes are (quasi-)completely separated: after ${iterations} Newton iterations ${extremeRows} rows have fitted ` +
        `probabilities numerically 0 or 1 and ${diverging.join(", ")} ${diverging.length === 1 ? "keeps" : "keep"} growing without bound, ` +
        `so the maximum-likelihood estimate does not exist. ` +
        (diverging.every((term) => term.startsWith("intercept"))
          ? "Only intercepts diverge: y takes a single value, or a class never occurs in y; remove that class (or fit without an intercept)."
          : "Add an L2 penalty (for example l2: 1e-4) to get finite estimates."),
    );
  }
}

/** Newton/IRLS stopped without converging and without a usable step; carries the last finite estimate. */
export class ConvergenceError extends WasmMleError {
  constructor(
    /** "stepHalving": no step along the Newton direction lowered the objective after `halvings` halvings. */
    readonly reason: "stepHalving",
    readonly iterations: number,
    readonly lastEstimate: LastEstimate,
    readonly halvings: number,
  ) {
    super(
      "NOT_CONVERGED",
      `Newton's method stopped at iteration ${iterations}: the objective did not decrease along the Newton direction even after ` +
        `${halvings} step halvings (last finite objective ${lastEstimate.objective}). The problem is numerically ill-posed at this point; ` +
        `standardise the features, remove near-duplicate columns, or add an L2 penalty.`,
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

const STALE_CAUSE = {
  fit: "fit() was called again",
  dispose: "dispose() was called",
  predict: "predict() needed its memory (the new data did not fit in WebAssembly memory beside it)",
  evaluate: "evaluate() needed its memory (the new data did not fit in WebAssembly memory beside it)",
} as const;

/**
 * fit.summary() after the trainer released that fit's data: summaries are computed from the data
 * the trainer still holds in WebAssembly memory, which the next fit() or dispose() frees (and a
 * predict()/evaluate() whose data only fits in memory by reusing that space).
 */
export class StaleFitError extends WasmMleError {
  constructor(method: string, readonly releasedBy: "fit" | "dispose" | "predict" | "evaluate") {
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
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number" || typeof value === "boolean" || value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (ArrayBuffer.isView(value)) return `a ${value.constructor.name}`;
  return typeof value === "function" ? "a function" : `an object`;
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
