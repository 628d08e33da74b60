// The first-order optimizers that run inside the WASM epoch (assembly/updates/*): which options
// each takes, their validation (once, before anything reaches WASM) and the header fields they
// become (design: issue 9). Defaults as torch.optim: Adam/AdamW β = (0.9, 0.999), ε = 1e-8, AdamW
// weight_decay 0.01; AdaGrad ε = 1e-10; RMSProp ρ (torch's alpha) 0.99, ε = 1e-8. Momentum 0.9
// (torch's default 0 would make "momentum" plain SGD).
import { InvalidOptionError } from "../errors.js";
import { SCHEDULE_ABI, type RuleName, type ScheduleName } from "../wasm/context.js";
import type { UpdateSettings } from "../context.js";
import { finiteNumber, integer, ownOptions } from "../option-checks.js";
import { rescaledPenaltyFactors } from "../regularization/penalty-factor.js";

/** Optimizers that run the WASM epoch with an update rule (gd and sgd: rule 0). */
export const EPOCH_OPTIMIZERS = ["gd", "sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "adamw"] as const;
export type EpochOptimizer = (typeof EPOCH_OPTIMIZERS)[number];
export const RULE_OPTIMIZERS = ["momentum", "nesterov", "adagrad", "rmsprop", "adam", "adamw"] as const;

/**
 * The learning-rate schedule of the mini-batch optimizers (TrainerOptions.schedule): a name with
 * every parameter at its default, or an object naming the kind and some of its parameters.
 *
 * @example
 * ```ts
 * import { Trainer, type ScheduleOption } from "wasm-mle";
 * const schedule: ScheduleOption = { kind: "cosine", warmupSteps: 100, minLearningRate: 0 };
 * const trainer = await Trainer.create({ optimizer: "adam", learningRate: 0.01, schedule });
 * ```
 */
export type ScheduleOption =
  | "constant" | "invscaling" | "optimal" | "cosine" | "adaptive"
  | {
    /** lr at every update. */
    kind: "constant";
  }
  | {
    /** lr/t^power per update (sklearn's invscaling). */
    kind: "invscaling";
    /** The exponent (sklearn's power_t), > 0; default 0.25. */
    power?: number;
  }
  | {
    /** 1/(l2·(t + t0)) per update (needs l2 > 0; learningRate is not used). */
    kind: "optimal";
    /** The offset t0 > 0; default scikit-learn's optimal_init for the l2 given. */
    t0?: number;
  }
  | {
    /** lr·factor^⌊e/every⌋ after e completed epochs (torch's StepLR). */
    kind: "step";
    /** Epochs between reductions, an integer ≥ 1 (required). */
    every: number;
    /** The factor in (0, 1]; default 0.1. */
    factor?: number;
  }
  | {
    /** lr·γ^e after e completed epochs (torch's ExponentialLR). */
    kind: "exponential";
    /** γ in (0, 1] (required). */
    gamma: number;
  }
  | {
    /** Linear warm-up to lr, then a half cosine down to the minimum at the last update. */
    kind: "cosine";
    /** Updates of warm-up, an integer ≥ 0; default 0. */
    warmupSteps?: number;
    /** The rate at the end, in [0, learningRate]; default 0. */
    minLearningRate?: number;
  }
  | {
    /** torch's ReduceLROnPlateau on the epoch objective. */
    kind: "adaptive";
    /** Multiplier of the rate at each reduction, in (0, 1); default 0.1. */
    factor?: number;
    /** Epochs without improvement before a reduction, an integer ≥ 0; default 10. */
    patience?: number;
    /** Relative improvement that counts, in [0, 1); default 1e-4. */
    threshold?: number;
    /** The rate is never lowered below this, in [0, learningRate]; default 0. */
    minLearningRate?: number;
  };

/**
 * A schedule with every parameter filled in (frozen), as `trainer.options.schedule` holds it.
 *
 * @example
 * ```ts
 * import { Trainer, type ValidatedSchedule } from "wasm-mle";
 * const trainer = await Trainer.create({ optimizer: "sgd", schedule: "invscaling" });
 * const schedule: ValidatedSchedule | null = trainer.options.schedule; // { kind: "invscaling", power: 0.25 }
 * ```
 */
export type ValidatedSchedule =
  | {
    /** lr at every update. */
    readonly kind: "constant";
  }
  | {
    /** lr/t^power. */
    readonly kind: "invscaling";
    /** The exponent. */
    readonly power: number;
  }
  | {
    /** 1/(l2·(t + t0)). */
    readonly kind: "optimal";
    /** scikit-learn's optimal_init for the validated l2, or the t0 given. */
    readonly t0: number;
  }
  | {
    /** lr·factor^⌊e/every⌋. */
    readonly kind: "step";
    /** Epochs between reductions. */
    readonly every: number;
    /** The factor per reduction. */
    readonly factor: number;
  }
  | {
    /** lr·γ^e. */
    readonly kind: "exponential";
    /** γ. */
    readonly gamma: number;
  }
  | {
    /** Warm-up, then a half cosine. */
    readonly kind: "cosine";
    /** Updates of warm-up. */
    readonly warmupSteps: number;
    /** The final rate. */
    readonly minLearningRate: number;
  }
  | {
    /** ReduceLROnPlateau on the epoch objective. */
    readonly kind: "adaptive";
    /** Multiplier per reduction. */
    readonly factor: number;
    /** Epochs without improvement before a reduction. */
    readonly patience: number;
    /** Relative improvement that counts. */
    readonly threshold: number;
    /** The lowest rate. */
    readonly minLearningRate: number;
  };

/**
 * The update-rule part of the validated options. null where the chosen optimizer does not take the
 * option, so that the validated options read back through validateOptions unchanged (saved states).
 */
export interface ValidatedUpdateOptions {
  /** null for the optimizers without epochs (newton, lbfgs, auto). */
  readonly schedule: ValidatedSchedule | null;
  /** μ of momentum and nesterov; null for the other optimizers. */
  readonly momentum: number | null;
  /** β1 of adam and adamw; null for the other optimizers. */
  readonly beta1: number | null;
  /** β2 of adam and adamw; null for the other optimizers. */
  readonly beta2: number | null;
  /** ε of adagrad, rmsprop, adam and adamw; null for the other optimizers. */
  readonly epsilon: number | null;
  /** ρ of rmsprop; null for the other optimizers. */
  readonly rho: number | null;
  /** The decoupled weight decay of adamw; null for the other optimizers. */
  readonly weightDecay: number | null;
  /** Update t0 from which θ̄ averages the iterates (sklearn's `average`); 0 = off; null without epochs. */
  readonly average: number | null;
}

/** Which optimizers take each option, and its default for each of them. */
const RULE_OPTION_DEFAULTS = {
  momentum: { momentum: 0.9, nesterov: 0.9 },
  beta1: { adam: 0.9, adamw: 0.9 },
  beta2: { adam: 0.999, adamw: 0.999 },
  epsilon: { adagrad: 1e-10, rmsprop: 1e-8, adam: 1e-8, adamw: 1e-8 },
  rho: { rmsprop: 0.99 },
  weightDecay: { adamw: 0.01 },
} as const satisfies Record<string, Partial<Record<EpochOptimizer, number>>>;

export const UPDATE_OPTION_NAMES = ["schedule", "momentum", "beta1", "beta2", "epsilon", "rho", "weightDecay", "average"] as const;

function takenBy(list: readonly string[]): string {
  return list.map((name) => JSON.stringify(name)).join(", ");
}

function refuseUnused(option: string, value: unknown, optimizer: string, takers: readonly string[]): never {
  throw new InvalidOptionError(option, value, `undefined: ${option} is used only by optimizer ${takenBy(takers)}, not by "${optimizer}"`);
}

const UNIT_INTERVAL = (v: number) => v >= 0 && v < 1;

/** The parameters each schedule kind takes (besides `kind`), as scheduleOf accepts them; the CLI's --schedule reads the same table. */
export const SCHEDULE_PARAMETERS: Readonly<Record<ScheduleName, readonly string[]>> = {
  constant: [], invscaling: ["power"], optimal: ["t0"], step: ["every", "factor"], exponential: ["gamma"],
  cosine: ["warmupSteps", "minLearningRate"], adaptive: ["factor", "patience", "threshold", "minLearningRate"],
};

/**
 * scikit-learn's optimal_init (see: sklearn/linear_model/_sgd_fast.pyx `_plain_sgd`):
 * typw = √(1/√α), η0 = typw / max(1, dloss(−typw, 1)), t0 = 1/(η0·α). dloss(−typw, 1) is the
 * derivative of the loss at η = −typw for y = 1, negative for every family here (gaussian
 * −typw − 1, bernoulli σ(−typw) − 1, poisson e^(−typw) − 1, multinomial p − 1), so η0 = typw.
 */
export function optimalInit(l2: number): number {
  const typw = Math.sqrt(1 / Math.sqrt(l2));
  return 1 / (typw * l2);
}

function scheduleOf(raw: unknown, learningRate: number, l2: number): ValidatedSchedule {
  const expected = 'a schedule: "constant", "invscaling", "optimal", "cosine", "adaptive", or { kind, … } (step: { kind: "step", every, factor }, exponential: { kind: "exponential", gamma })';
  let spec: Record<string, unknown>;
  if (typeof raw === "string") spec = { kind: raw };
  else if (typeof raw === "object" && raw !== null) spec = ownOptions(raw, "schedule", expected);
  else throw new InvalidOptionError("schedule", raw, expected);
  const kind = spec.kind;
  // own names only: `in` would take "toString" (Object.prototype's), which the switch below made "adaptive"
  if (typeof kind !== "string" || !Object.prototype.hasOwnProperty.call(SCHEDULE_ABI, kind)) throw new InvalidOptionError("schedule.kind", kind, `one of ${takenBy(Object.keys(SCHEDULE_ABI))}`);
  const allowed = SCHEDULE_PARAMETERS[kind as ScheduleName];
  for (const key of Object.keys(spec)) {
    if (key !== "kind" && !allowed.includes(key)) {
      throw new InvalidOptionError(`schedule.${key}`, spec[key], `undefined: schedule "${kind}" takes ${allowed.length ? takenBy(allowed) : "no parameters"}`);
    }
  }
  const num = (key: string, fallback: number | undefined, valid: (v: number) => boolean, what: string): number => {
    if (spec[key] === undefined && fallback === undefined) throw new InvalidOptionError(`schedule.${key}`, undefined, `${what} (required by schedule "${kind}")`);
    return finiteNumber(`schedule.${key}`, spec[key], fallback ?? 0, valid, what);
  };
  switch (kind as ScheduleName) {
    case "constant": return Object.freeze({ kind: "constant" });
    case "invscaling": return Object.freeze({ kind: "invscaling", power: num("power", 0.25, (v) => v > 0, "a finite number > 0 (sklearn's power_t)") });
    case "optimal":
      // learningRate is not used: the rate is 1/(l2·(t + t0)) (sklearn's eta0 is ignored there too)
      if (!(l2 > 0)) throw new InvalidOptionError("l2", l2, 'a finite number > 0: schedule "optimal" is 1/(l2·(t + t0)) and needs a penalty');
      return Object.freeze({ kind: "optimal", t0: num("t0", optimalInit(l2), (v) => v > 0, "a finite number > 0 (default: scikit-learn's optimal_init for this l2)") });
    case "step": return Object.freeze({
      kind: "step",
      every: num("every", undefined, (v) => Number.isInteger(v) && v >= 1 && v <= 2 ** 31 - 1, "an integer ≥ 1: epochs between reductions"),
      factor: num("factor", 0.1, (v) => v > 0 && v <= 1, "a finite number in (0, 1] (torch StepLR's gamma, default 0.1)"),
    });
    case "exponential": return Object.freeze({ kind: "exponential", gamma: num("gamma", undefined, (v) => v > 0 && v <= 1, "a finite number in (0, 1]: the factor per completed epoch") });
    case "cosine": {
      const warmupSteps = num("warmupSteps", 0, (v) => Number.isInteger(v) && v >= 0 && v <= 2 ** 53, "an integer ≥ 0 (updates of linear warm-up)");
      const minLearningRate = num("minLearningRate", 0, (v) => v >= 0 && v <= learningRate, `a finite number in [0, learningRate = ${learningRate}]`);
      return Object.freeze({ kind: "cosine", warmupSteps, minLearningRate });
    }
    default: return Object.freeze({
      kind: "adaptive",
      factor: num("factor", 0.1, (v) => v > 0 && v < 1, "a finite number in (0, 1) (torch ReduceLROnPlateau's factor, default 0.1)"),
      patience: num("patience", 10, (v) => Number.isInteger(v) && v >= 0 && v <= 2 ** 31 - 1, "an integer ≥ 0: epochs without improvement before a reduction (default 10)"),
      threshold: num("threshold", 1e-4, (v) => v >= 0 && v < 1, "a finite number in [0, 1): relative improvement that counts (default 1e-4)"),
      minLearningRate: num("minLearningRate", 0, (v) => v >= 0 && v <= learningRate, `a finite number in [0, learningRate = ${learningRate}]`),
    });
  }
}

/**
 * Validates the update-rule options of `optimizer` from the raw user options: each refused when
 * the optimizer does not use it (naming those that do), defaulted per optimizer otherwise.
 */
export function validateUpdateOptions(
  raw: Record<string, unknown>, optimizer: string, learningRate: number, l2: number,
): ValidatedUpdateOptions {
  const epochOptimizer = (EPOCH_OPTIMIZERS as readonly string[]).includes(optimizer);
  const validity: Record<keyof typeof RULE_OPTION_DEFAULTS, [(v: number) => boolean, string]> = {
    momentum: [UNIT_INTERVAL, "a finite number in [0, 1)"],
    beta1: [UNIT_INTERVAL, "a finite number in [0, 1)"],
    beta2: [UNIT_INTERVAL, "a finite number in [0, 1)"],
    epsilon: [(v) => v > 0, "a finite number > 0"],
    rho: [UNIT_INTERVAL, "a finite number in [0, 1)"],
    weightDecay: [(v) => v >= 0 && learningRate * v < 1, `a finite number ≥ 0 with learningRate·weightDecay < 1 (learningRate = ${learningRate})`],
  };
  const values: Record<string, number | null> = {};
  for (const [option, defaults] of Object.entries(RULE_OPTION_DEFAULTS) as [keyof typeof RULE_OPTION_DEFAULTS, Partial<Record<string, number>>][]) {
    const fallback = defaults[optimizer];
    if (fallback === undefined) {
      if (raw[option] !== undefined) refuseUnused(option, raw[option], optimizer, Object.keys(defaults));
      values[option] = null;
    } else {
      values[option] = finiteNumber(option, raw[option], fallback, ...validity[option]);
    }
  }
  if (optimizer === "nesterov" && values.momentum === 0) {
    throw new InvalidOptionError("momentum", 0, 'a number in (0, 1) for "nesterov" (Nesterov momentum needs a momentum, as torch.optim.SGD)');
  }
  if (!epochOptimizer) {
    for (const option of ["schedule", "average"]) {
      if (raw[option] !== undefined) refuseUnused(option, raw[option], optimizer, EPOCH_OPTIMIZERS);
    }
  }
  if (!epochOptimizer) {
    return Object.freeze({ schedule: null, momentum: null, beta1: null, beta2: null, epsilon: null, rho: null, weightDecay: null, average: null });
  }
  const schedule = raw.schedule === undefined ? Object.freeze({ kind: "constant" as const }) : scheduleOf(raw.schedule, learningRate, l2);
  let average = 0;
  if (raw.average === true) average = 1;
  else if (raw.average !== undefined && raw.average !== false) {
    // sklearn's convention: an integer is the update from which to average, 0 is off
    if (typeof raw.average !== "number") throw new InvalidOptionError("average", raw.average, "true, false, or an integer ≥ 0: the update from which to average (0 = off)");
    average = integer("average", raw.average, 0, 0, Number.MAX_SAFE_INTEGER);
  }
  return Object.freeze({
    schedule, momentum: values.momentum, beta1: values.beta1, beta2: values.beta2, epsilon: values.epsilon,
    rho: values.rho, weightDecay: values.weightDecay, average,
  });
}

export function ruleOf(optimizer: string): RuleName {
  return (RULE_OPTIMIZERS as readonly string[]).includes(optimizer) ? (optimizer as RuleName) : "sgd";
}

/** What the update's settings are made from (ValidatedOptions satisfies it). */
export interface UpdateOptionsSource extends ValidatedUpdateOptions {
  readonly optimizer: string;
  readonly learningRate: number;
  readonly l2: number;
  readonly l1: number;
  readonly penaltyFactor: readonly number[] | null;
  readonly epochs: number;
  readonly batchSize: number;
}

/**
 * The training context's update settings (bindings/context.ts) for these options over `rows`
 * rows: rule hyperparameters (0 where unused), the schedule with its parameters A, B as
 * schedule-math.ts reads them, and TOTAL_STEPS = epochs × batches per epoch (the cosine's T).
 */
export function contextUpdateSettings(o: UpdateOptionsSource, rows: number): UpdateSettings {
  const s: ValidatedSchedule = o.schedule ?? { kind: "constant" };
  const [a, b] =
    s.kind === "invscaling" ? [s.power, 0]
    : s.kind === "optimal" ? [s.t0, 0]
    : s.kind === "step" ? [s.every, s.factor]
    : s.kind === "exponential" ? [s.gamma, 0]
    : s.kind === "cosine" ? [s.warmupSteps, s.minLearningRate]
    : [0, 0];
  return Object.freeze({
    learningRate: o.learningRate,
    l2: o.l2,
    l1: o.l1,
    penaltyFactor: o.penaltyFactor && rescaledPenaltyFactors(o.penaltyFactor, o.penaltyFactor.length),
    momentum: o.momentum ?? 0,
    beta1: o.beta1 ?? 0,
    beta2: o.beta2 ?? 0,
    epsilon: o.epsilon ?? 0,
    rho: o.rho ?? 0,
    weightDecay: o.weightDecay ?? 0,
    averageStart: averageStart(o),
    schedule: s.kind,
    scheduleParameters: Object.freeze([a, b, 0]) as readonly [number, number, number],
    totalSteps: o.epochs * batchesPerEpoch(o, rows),
  });
}

/** Batches in one epoch of the WASM loop: gd is one full batch. */
export function batchesPerEpoch(o: { readonly optimizer: string; readonly batchSize: number }, rows: number): number {
  return o.optimizer === "gd" ? 1 : Math.ceil(rows / Math.max(1, Math.min(o.batchSize, rows)));
}

/** The update from which θ̄ averages (0 = no averaging). */
export function averageStart(o: ValidatedUpdateOptions): number {
  return o.average ?? 0;
}
