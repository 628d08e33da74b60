import { InvalidOptionError } from "./errors.js";
import { finiteNumber, integer, oneOf, optionArray, ownOptions } from "./option-checks.js";
import { newtonRefusalFor } from "./optimizers/newton-terms.js";
import { FAMILIES, type Family, type FamilyName } from "./families/index.js";
import { validateEarlyStopping, type EarlyStopping, type EarlyStoppingOptions } from "./training/early-stopping.js";
import {
  RULE_OPTIMIZERS, UPDATE_OPTION_NAMES, validateUpdateOptions, type ScheduleOption, type ValidatedUpdateOptions,
} from "./optimizers/update-rules.js";
// Re-exported: the option checks of other modules take them from here.
export { finiteNumber, integer, oneOf, ownOptions };

/**
 * The optimizer to fit with; "auto" picks newton or lbfgs by the problem's size.
 *
 * @example
 * ```ts
 * import { Trainer, type Optimizer } from "wasm-mle";
 * const optimizer: Optimizer = "lbfgs";
 * const trainer = await Trainer.create({ optimizer });
 * ```
 */
export type Optimizer = "auto" | ResolvedOptimizer;
/**
 * The optimizer that actually ran (FitResult.optimizer): "auto" resolved.
 *
 * @example
 * ```ts
 * import { Trainer, type ResolvedOptimizer } from "wasm-mle";
 * const trainer = await Trainer.create({ optimizer: "auto" });
 * const ran: ResolvedOptimizer = trainer.fit([[1], [2], [3]], [1, 2, 3]).optimizer; // "newton"
 * ```
 */
export type ResolvedOptimizer = "gd" | "sgd" | "newton" | "lbfgs" | "cd" | "momentum" | "nesterov" | "adagrad" | "rmsprop" | "adam" | "adamw";
/**
 * How sgd draws its mini-batches: every row once per epoch in a fresh order ("shuffle"), uniform
 * draws with replacement ("replacement"), or the rows in order ("sequential").
 *
 * @example
 * ```ts
 * import { Trainer, type Sampling } from "wasm-mle";
 * const sampling: Sampling = "replacement";
 * const trainer = await Trainer.create({ optimizer: "sgd", sampling, seed: 7 });
 * ```
 */
export type Sampling = "shuffle" | "replacement" | "sequential";
/**
 * Storage and arithmetic of data and parameters in WebAssembly.
 *
 * @example
 * ```ts
 * import { Trainer, type Dtype } from "wasm-mle";
 * const dtype: Dtype = "float32"; // half the memory; the exact optimizers still sum in float64
 * const trainer = await Trainer.create({ dtype });
 * ```
 */
export type Dtype = "float64" | "float32";
/**
 * Which kernel binary to run: WebAssembly SIMD, the scalar build, or SIMD where supported ("auto").
 *
 * @example
 * ```ts
 * import { Trainer, type KernelBuild } from "wasm-mle";
 * const kernels: KernelBuild = "scalar";
 * const trainer = await Trainer.create({ kernels });
 * console.log(trainer.kernels); // "scalar"
 * ```
 */
export type KernelBuild = "auto" | "simd" | "scalar";

/**
 * Options for {@link Trainer.create}. The objective minimised is always
 *   f(b, w) = (1/W)·Σ sᵢ·nllᵢ + Σⱼ fⱼ·((l2/2)·(σⱼwⱼ)² + l1·|σⱼwⱼ|),   W = Σ sᵢ, intercept b never penalised,
 * with fⱼ the penalty factors (1 by default) and σⱼ the columns' weighted standard deviations under
 * `standardize` (else 1).
 *
 * @example
 * ```ts
 * import { Trainer, type TrainerOptions } from "wasm-mle";
 * const options: TrainerOptions = { family: "bernoulli", optimizer: "sgd", learningRate: 0.05, batchSize: 16, epochs: 30, seed: 1 };
 * const trainer = await Trainer.create(options);
 * ```
 */
export interface TrainerOptions {
  /** Likelihood family (default "gaussian"). */
  family?: FamilyName;
  /** Number of classes K ≥ 2; required for "multinomial", not allowed otherwise. */
  classes?: number;
  /**
   * "gd": full-batch gradient descent; "sgd": mini-batch SGD; "newton": Newton/IRLS (Fisher
   * scoring, QR-based); "lbfgs": L-BFGS; "auto" (default): newton while the coefficients and newton's work estimate are small enough, else lbfgs.
   * Mini-batch optimizers with state, each as torch.optim's of the same name: "momentum"
   * (v ← μv + g, θ ← θ − lr·v), "nesterov" (θ ← θ − lr·(g + μv)), "adagrad", "rmsprop", "adam",
   * "adamw" (decoupled decay θ ← θ − lr·weightDecay·θ); g includes the l2 term, the intercept is
   * never decayed.
   */
  optimizer?: Optimizer;
  /** Base step size η > 0 (default 0.01); the schedule scales it per update. */
  learningRate?: number;
  /**
   * Learning-rate schedule of the mini-batch optimizers (default "constant"); t counts updates
   * (t = 1 at the first), e completed epochs: "invscaling" lr/t^power (power 0.25), "optimal"
   * 1/(l2·(t + t0)) with sklearn's t0 (needs l2 > 0; learningRate is not used), { kind: "step", every,
   * factor } lr·factor^⌊e/every⌋, { kind: "exponential", gamma } lr·γ^e, { kind: "cosine",
   * warmupSteps, minLearningRate }, { kind: "adaptive", factor, patience, threshold,
   * minLearningRate } (torch's ReduceLROnPlateau on the epoch objective).
   */
  schedule?: ScheduleOption;
  /** μ of "momentum" and "nesterov", in [0, 1) (default 0.9). */
  momentum?: number;
  /** β1 of "adam"/"adamw", in [0, 1) (default 0.9). */
  beta1?: number;
  /** β2 of "adam"/"adamw", in [0, 1) (default 0.999). */
  beta2?: number;
  /** ε > 0 of "adagrad" (default 1e-10), "rmsprop", "adam", "adamw" (1e-8). */
  epsilon?: number;
  /** Smoothing ρ of "rmsprop" (torch's alpha), in [0, 1) (default 0.99). */
  rho?: number;
  /** Decoupled weight decay of "adamw", ≥ 0 with learningRate·weightDecay < 1 (default 0.01). */
  weightDecay?: number;
  /**
   * Polyak–Ruppert averaging (sklearn's ASGD, `average`): true averages the iterates from the first
   * update, an integer k from update k; the fit returns the average. Default false.
   */
  average?: boolean | number;
  /** Rows per mini-batch for "sgd" (default 32; 1 = classic SGD). Ignored by "gd". */
  batchSize?: number;
  /** Maximum number of epochs (full passes over the data), default 100. */
  epochs?: number;
  /**
   * Convergence (default 1e-8; 0 disables it). gd/sgd: stop when |f_prev − f| ≤ tolerance·max(1, |f|)
   * for `patience` epochs in a row. newton: R's deviance test |ΔF|/(|F| + 0.1) ≤ tolerance plus a
   * refining step. lbfgs: both estimates of the gap f − f* in standardised coordinates ≤
   * 1e-6·tolerance·|f| (see the README's optimizer table).
   */
  tolerance?: number;
  /** Epochs in a row that must meet the tolerance (default 1 for "gd", 5 for "sgd", like sklearn's n_iter_no_change). */
  patience?: number;
  /** L2 penalty l2 ≥ 0 in the objective above (default 0). */
  l2?: number;
  /** Fit an unpenalised intercept (default true). */
  fitIntercept?: boolean;
  /** Seed of the batch sampler, an integer in [0, 2^53) (default 0). */
  seed?: number;
  /**
   * "shuffle": every row once per epoch in a fresh random order (default); "replacement": uniform
   * draws; "sequential": every row once per epoch in its stored order (what partialFit does with a chunk).
   */
  sampling?: Sampling;
  /** Storage and arithmetic precision of data and parameters in WASM (default "float64"). */
  dtype?: Dtype;
  /** Which kernel binary to use: "auto" picks SIMD when the host supports it (default). */
  kernels?: KernelBuild;
  /** Iteration limit for "newton" and "lbfgs" (default 100 for newton, 1000 for lbfgs). */
  maxIterations?: number;
  /** L-BFGS memory m: how many correction pairs it keeps (default 10). */
  lbfgsMemory?: number;
  /** Names of the d features, for summaries (default "x0".."x{d-1}"). */
  featureNames?: readonly string[];
  /**
   * L1 penalty l1 ≥ 0 (default 0). l1 > 0 needs optimizer "cd" (what "auto" picks then), "sgd" or an
   * adaptive one (momentum, nesterov, adagrad, rmsprop, adam, adamw: the cumulative-penalty truncated
   * gradient, exactly sparse); gd, newton and lbfgs refuse it.
   */
  l1?: number;
  /**
   * Per-feature multipliers fⱼ ≥ 0 of both penalties (0 = unpenalised), one per column of X,
   * rescaled to sum to the number of features as glmnet's penalty.factor (default all 1); every
   * optimizer takes them (gd, newton and lbfgs, which take no l1, weight their ridge by them:
   * fⱼ·(l2/2)·wⱼ²). Infinite factors (glmnet's "exclude this variable") are refused: give the
   * column no place in X instead.
   */
  penaltyFactor?: readonly number[];
  /**
   * Fit the columns standardised with the rows' weights, z = (x − m)/σ (m the weighted mean, σ the
   * weighted standard deviation with 1/W, as glmnet; without an intercept m = 0, σ unchanged, as
   * glmnet's intercept = FALSE), so the penalties apply to σⱼ·wⱼ; coefficients, intercept, predict,
   * the model and summary() are on the original scale (default true for "cd" and paths, false
   * otherwise; every optimizer takes it). A constant column's coefficient is 0. Not with
   * partialFit, resume or saveState (a TrainingStateError: later data would need these moments).
   */
  standardize?: boolean;
  /** Exactly collinear or constant columns: "error" (default) names them; "drop" fixes them at 0, as R does. */
  collinear?: "error" | "drop";
  /**
   * Stop gd/sgd (and the adaptive optimizers) when the objective on validation rows stops falling:
   * true for the defaults, or { validationFraction: 0.1, patience: 5, minDelta: 0, restoreBest: true }.
   * The rows are fit()'s `validation` set, else a seeded (stratified for bernoulli/multinomial) share
   * of the data. newton, lbfgs and "auto" refuse it (InvalidOptionError).
   */
  earlyStopping?: boolean | EarlyStoppingOptions;
}

/**
 * The options a trainer runs with (`trainer.options`): every default filled in, checked, frozen.
 *
 * @example
 * ```ts
 * import { Trainer } from "wasm-mle";
 * const trainer = await Trainer.create({ optimizer: "sgd" });
 * console.log(trainer.options.learningRate, trainer.options.batchSize, trainer.options.family.name); // 0.01 32 "gaussian"
 * ```
 */
export interface ValidatedOptions extends ValidatedUpdateOptions {
  /** The family object (FAMILIES[name]). */
  readonly family: Family;
  /** K: outputs (classes for multinomial, else 1). */
  readonly classes: number;
  /** As given ("auto" is resolved per fit). */
  readonly optimizer: Optimizer;
  /** Step size of gd/sgd. */
  readonly learningRate: number;
  /** Rows per sgd mini-batch. */
  readonly batchSize: number;
  /** Maximum epochs of gd/sgd. */
  readonly epochs: number;
  /** The stopping tolerance. */
  readonly tolerance: number;
  /** Epochs in a row that must meet the tolerance. */
  readonly patience: number;
  /** The L2 penalty. */
  readonly l2: number;
  /** Whether intercepts are fitted. */
  readonly fitIntercept: boolean;
  /** Seed of the batch sampler. */
  readonly seed: number;
  /** How sgd draws its batches. */
  readonly sampling: Sampling;
  /** Storage and arithmetic in WebAssembly. */
  readonly dtype: Dtype;
  /** The kernel build asked for. */
  readonly kernels: KernelBuild;
  /** null: the optimizer's own default. */
  readonly maxIterations: number | null;
  /** L-BFGS correction pairs. */
  readonly lbfgsMemory: number;
  /** Names of the features; null: x0, x1, …. */
  readonly featureNames: readonly string[] | null;
  /** What exactly collinear columns do. */
  readonly collinear: "error" | "drop";
  /** null: off. */
  readonly earlyStopping: EarlyStopping | null;
  /** The L1 penalty (0: none). */
  readonly l1: number;
  /** As given (not rescaled); null: all 1. */
  readonly penaltyFactor: readonly number[] | null;
  /** null: not given, which "cd" and paths take as true (glmnet's default) and the others as false. */
  readonly standardize: boolean | null;
}

/** The optimizers that take l1 > 0: coordinate descent, and sgd and the adaptive rules (the cumulative-penalty truncated gradient). */
export const L1_OPTIMIZERS = ["cd", "sgd", ...RULE_OPTIMIZERS] as const;

/** Above this many coefficients (features × outputs), "auto" prefers L-BFGS to Newton's p×p factorisation. */
export const AUTO_NEWTON_MAX_PARAMETERS = 200;

/**
 * The optimizer "auto" stands for: "newton" (exact, with standard errors, O(n·p²) per iteration)
 * while the number of coefficients p = (cols + 1)·K stays ≤ 200 and newton would take its work
 * (a few seconds: see exactWorkEstimate), else "lbfgs" (O(n·p) per iteration, memory O(m·p)).
 * Fewer rows than coefficients without l2 stays with newton, whose refusal says why no fit is determined.
 */
export function resolveOptimizer(options: ValidatedOptions, cols: number, rows: number): ResolvedOptimizer {
  if (options.optimizer !== "auto") return options.optimizer;
  if (options.l1 > 0 || options.standardize === true || options.penaltyFactor) return "cd";
  if ((cols + 1) * options.classes > AUTO_NEWTON_MAX_PARAMETERS) return "lbfgs";
  return newtonRefusalFor(rows, cols, options)?.reason === "work" ? "lbfgs" : "newton";
}

/** The options that only some optimizers use: a fit whose optimizer does not use one the caller gave warns (training/unused-options.ts). */
export const UNUSED_OPTION_NAMES = ["learningRate", "batchSize", "epochs", "patience", "seed", "sampling", "maxIterations", "lbfgsMemory", "collinear"] as const;

/** Every name TrainerOptions takes (validateOptions refuses any other). */
export const OPTION_NAMES = [
  "family", "classes", "optimizer", ...UNUSED_OPTION_NAMES, "tolerance", "l2", "fitIntercept", "dtype", "kernels",
  "featureNames", "earlyStopping", "l1", "penaltyFactor", "standardize", ...UPDATE_OPTION_NAMES,
] as const satisfies readonly (keyof TrainerOptions)[];

/**
 * Turns user options into validated ones, once, before anything reaches WASM. The result is frozen.
 * `mayGoUnused` receives the names of UNUSED_OPTION_NAMES that the caller gave a value.
 */
export function validateOptions(options: unknown, mayGoUnused?: string[]): ValidatedOptions {
  if (options === undefined) options = {};
  const raw = ownOptions(options, "options", "a plain object of trainer options ({ family, optimizer, … })");
  mayGoUnused?.push(...UNUSED_OPTION_NAMES.filter((name) => raw[name] !== undefined));
  for (const key of Object.keys(raw)) {
    if (!(OPTION_NAMES as readonly string[]).includes(key)) {
      throw new InvalidOptionError(key, raw[key], `a known option name; this one is unknown (valid: ${OPTION_NAMES.join(", ")})`);
    }
  }
  const familyName = oneOf("family", raw.family, Object.keys(FAMILIES) as FamilyName[], "gaussian");
  const family = FAMILIES[familyName];
  let classes = 1;
  if (familyName === "multinomial") {
    if (raw.classes === undefined) throw new InvalidOptionError("classes", undefined, 'an integer K ≥ 2 for family "multinomial" (y holds labels 0..K-1)');
    classes = integer("classes", raw.classes, 2, 2, 65535);
  } else if (raw.classes !== undefined) {
    throw new InvalidOptionError("classes", raw.classes, `undefined: classes applies only to family "multinomial", not "${familyName}"`);
  }
  const optimizer = oneOf("optimizer", raw.optimizer, ["auto", "gd", "sgd", "newton", "lbfgs", "cd", ...RULE_OPTIMIZERS] as const, "auto");
  const learningRate = finiteNumber("learningRate", raw.learningRate, 0.01, (v) => v > 0, "a finite number > 0");
  const l2 = finiteNumber("l2", raw.l2, 0, (v) => v >= 0, "a finite number ≥ 0");
  const l1 = finiteNumber("l1", raw.l1, 0, (v) => v >= 0, "a finite number ≥ 0");
  const standardize = raw.standardize === undefined ? null : boolean("standardize", raw.standardize, false);
  const penaltyFactor = penaltyFactors(raw.penaltyFactor);
  if (optimizer === "cd" && raw.earlyStopping !== undefined && raw.earlyStopping !== false) {
    throw new InvalidOptionError("earlyStopping", raw.earlyStopping, 'an epoch-based optimizer ("gd", "sgd" or an adaptive one); "cd" solves each penalised problem exactly');
  }
  if (optimizer !== "cd" && optimizer !== "auto") {
    // sgd and the adaptive rules take l1 by the cumulative-penalty truncation (assembly/updates/l1.ts)
    const proximal = (L1_OPTIMIZERS as readonly string[]).includes(optimizer);
    const refuse = (option: string, value: unknown, takers: readonly string[]) => {
      throw new InvalidOptionError(option, value, `optimizer ${takers.map((name) => `"${name}"`).join(", ")} or "auto" for ${option} (optimizer "${optimizer}" does not implement it, and it is never ignored)`);
    };
    if (l1 > 0 && !proximal) refuse("l1", l1, L1_OPTIMIZERS);
  }
  return Object.freeze({
    family,
    classes,
    optimizer,
    learningRate,
    batchSize: integer("batchSize", raw.batchSize, 32, 1, 2 ** 31 - 1),
    epochs: integer("epochs", raw.epochs, 100, 1, 2 ** 31 - 1),
    tolerance: finiteNumber("tolerance", raw.tolerance, 1e-8, (v) => v >= 0, "a finite number ≥ 0"),
    patience: integer("patience", raw.patience, optimizer === "gd" ? 1 : 5, 1, 2 ** 31 - 1),
    l2,
    fitIntercept: boolean("fitIntercept", raw.fitIntercept, true),
    seed: integer("seed", raw.seed, 0, 0, Number.MAX_SAFE_INTEGER),
    sampling: oneOf("sampling", raw.sampling, ["shuffle", "replacement", "sequential"] as const, "shuffle"),
    dtype: oneOf("dtype", raw.dtype, ["float64", "float32"] as const, "float64"),
    kernels: oneOf("kernels", raw.kernels, ["auto", "simd", "scalar"] as const, "auto"),
    maxIterations: raw.maxIterations === undefined ? null : integer("maxIterations", raw.maxIterations, 100, 1, 2 ** 31 - 1),
    lbfgsMemory: integer("lbfgsMemory", raw.lbfgsMemory, 10, 1, 1000),
    featureNames: stringList("featureNames", raw.featureNames),
    collinear: oneOf("collinear", raw.collinear, ["error", "drop"] as const, "error"),
    earlyStopping: validateEarlyStopping(raw.earlyStopping, optimizer),
    l1,
    penaltyFactor,
    standardize,
    ...validateUpdateOptions(raw, optimizer, learningRate, l2),
  });
}

function boolean(option: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== "boolean") throw new InvalidOptionError(option, value, "true or false");
  return value;
}

function stringList(option: string, value: unknown): readonly string[] | null {
  if (value === undefined) return null;
  // read once: a getter cannot change a name after its check
  const names = optionArray(option, value, "an array of non-empty strings, one per feature");
  if (names === null) throw new InvalidOptionError(option, value, "an array of non-empty strings, one per feature");
  if (!names.every((v) => typeof v === "string" && v.length > 0)) {
    throw new InvalidOptionError(option, value, "an array of non-empty strings, one per feature");
  }
  if (new Set(names).size !== names.length) throw new InvalidOptionError(option, value, "names without duplicates");
  return Object.freeze(names as string[]);
}

/**
 * penaltyFactor: finite numbers ≥ 0, not all 0 (its length is checked against X at fit). glmnet
 * reads Inf as "exclude the variable"; here that is refused for every optimizer alike, so no
 * optimizer quietly treats it otherwise (rescaling by a sum of Inf would make every factor 0 or NaN).
 */
function penaltyFactors(value: unknown): readonly number[] | null {
  if (value === undefined) return null;
  const expected = "an array of finite numbers ≥ 0, one per feature, not all 0 (to exclude a feature, as glmnet's Inf does, leave its column out of X)";
  const factors = optionArray("penaltyFactor", value, expected, true);
  if (factors === null) throw new InvalidOptionError("penaltyFactor", value, expected);
  if (factors.length === 0 || !factors.every((v) => typeof v === "number" && Number.isFinite(v) && v >= 0) || !factors.some((v) => (v as number) > 0)) {
    throw new InvalidOptionError("penaltyFactor", value, expected);
  }
  return Object.freeze(factors as number[]);
}
