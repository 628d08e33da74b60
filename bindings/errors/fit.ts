// Errors of a fit's outcome: it diverged, or the model has no (unique) finite estimate.
import type { ValidatedSchedule } from "../optimizers/update-rules.js";
import { WasmMleError, listShortened } from "./base.js";

/**
 * The objective became non-finite during a fit; no coefficients are returned. `learningRate` is
 * null for the optimizers that have none (newton, lbfgs), and the advice changes accordingly: it
 * follows the learning-rate schedule (`schedule`), since under "optimal" the rate is
 * 1/(l2·(t + t0)) and learningRate plays no part.
 *
 * @example
 * ```ts
 * import { DivergenceError, Trainer } from "wasm-mle";
 * const trainer = await Trainer.create({ optimizer: "gd", learningRate: 100 });
 * try {
 *   trainer.fit([[1], [20], [300]], [1, 2, 3]);
 * } catch (error) {
 *   if (error instanceof DivergenceError) console.log(error.epoch, error.learningRate, error.schedule?.kind); // …, 100, "constant"
 * }
 * ```
 */
export class DivergenceError extends WasmMleError {
  /** The learning-rate schedule the fit ran with (null for newton and lbfgs, or when not known). */
  readonly schedule: ValidatedSchedule | null;
  /**
   * @param epoch The epoch (or iteration) at which the objective stopped being usable.
   * @param objective The objective there (non-finite, or 1e10 times its start).
   * @param learningRate The learningRate option of the epoch optimizers (gd, sgd, momentum … adamw); null for newton and lbfgs.
   * @param lastFiniteObjective The last finite objective seen, if any.
   * @param rates The fit's schedule and l2 (its validated options), so the advice fits the schedule.
   */
  constructor(
    readonly epoch: number,
    readonly objective: number,
    readonly learningRate: number | null,
    readonly lastFiniteObjective: number | null,
    /** The objective at the start, when the fit was stopped because a finite objective grew too far above it (gd/sgd). */
    readonly startObjective: number | null = null,
    rates: { readonly schedule: ValidatedSchedule | null; readonly l2: number } | null = null,
  ) {
    super(
      "DIVERGED",
      `The fit diverged at ${learningRate === null ? "iteration" : "epoch"} ${epoch}: the objective ` +
        (startObjective !== null && Number.isFinite(objective) ? `grew to ${objective}, 1e10 or more times its start ${startObjective}` : `became ${objective}`) +
        (lastFiniteObjective === null ? "" : ` (last finite value ${lastFiniteObjective})`) +
        divergenceAdvice(learningRate, learningRate === null ? null : rates),
    );
    this.schedule = learningRate === null ? null : rates?.schedule ?? null;
  }
}

/**
 * What lowers the rates of the schedule that diverged. Every schedule but "optimal" scales
 * learningRate, and reaches it whole at some update (at the first: constant, invscaling, step,
 * exponential, adaptive; after the warm-up: cosine), so a smaller one lowers the largest step;
 * "optimal" is 1/(l2·(t + t0)) (see: bindings/optimizers/schedule-math.ts), lowered by a larger
 * l2 or t0 only.
 */
function divergenceAdvice(learningRate: number | null, rates: { readonly schedule: ValidatedSchedule | null; readonly l2: number } | null): string {
  if (learningRate === null) return ". Standardise the features or add an l2 penalty.";
  const schedule = rates?.schedule;
  if (schedule?.kind === "optimal") {
    const l2 = rates!.l2;
    return (
      `. Schedule "optimal" does not use learningRate: its rate is 1/(l2·(t + t0)), ${Number((1 / (l2 * (1 + schedule.t0))).toPrecision(3))} at the first update ` +
      `(l2 = ${l2}, t0 = ${schedule.t0}). A larger l2 (for example l2: ${l2 * 10}) or t0 lowers every rate; or use another schedule ` +
      `(for example "invscaling") with a small learningRate, or standardise the features.`
    );
  }
  const smaller = `. Try a smaller learningRate than ${learningRate} (for example ${learningRate / 10}), or standardise the features.`;
  // cosine and adaptive refuse a minLearningRate above learningRate
  const floor = schedule?.kind === "cosine" || schedule?.kind === "adaptive" ? schedule.minLearningRate : 0;
  return floor > learningRate / 10 ? `${smaller} Schedule "${schedule!.kind}" needs its minLearningRate (${floor}) ≤ learningRate: lower it too.` : smaller;
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
  /** The fit had a penalty, and the diverging terms are those with penaltyFactor 0. */
  readonly unpenalised?: boolean;
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
    : context.unpenalised
      ? "Their penaltyFactor is 0, so the penalty does not hold them: give them a positive factor (or leave them out) to get finite estimates."
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
