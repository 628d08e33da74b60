import type { ResolvedOptimizer, UNUSED_OPTION_NAMES, ValidatedOptions } from "../options.js";
import type { EPOCH_OPTIMIZERS } from "../optimizers/update-rules.js";

// Options that only some optimizers use. validateOptions cannot refuse these (one options object
// often serves several optimizers, and "auto" resolves per fit), so a fit whose optimizer does not
// use one that the caller gave says so in FitResult.warnings, as scikit-learn's UserWarning "l1_ratio
// parameter is only used when penalty is 'elasticnet'". The other option names are used by every
// optimizer, or refused by validateOptions where unused (REFUSED_WHERE_UNUSED):
// test/unused-options.test.ts holds every option name against the three lists.

// EPOCH_OPTIMIZERS written out: a value imported from a shared module would make esbuild split the
// eager chunk by this dynamic entry (a file more for every first fit); the test holds the two equal.
export const EPOCHS = ["gd", "sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "adamw"] as const satisfies typeof EPOCH_OPTIMIZERS;
const epochBased = (ran: ResolvedOptimizer) => (EPOCHS as readonly string[]).includes(ran);
const miniBatch = (ran: ResolvedOptimizer) => epochBased(ran) && ran !== "gd";
const EXACT_STOP = "it stops by maxIterations and tolerance";

/**
 * Whether `ran` uses the option; if not, what does its job (`instead`), and the setting that makes
 * an optimizer that could use it do without it (`under`, named in the warning).
 */
interface UnusedRule {
  readonly uses: (ran: ResolvedOptimizer, o: ValidatedOptions) => boolean;
  readonly instead: (ran: ResolvedOptimizer, o: ValidatedOptions) => string;
  readonly under?: (ran: ResolvedOptimizer) => readonly [string, string] | null;
}

export const UNUSED_OPTION_RULES = {
  learningRate: {
    uses: (ran, o) => epochBased(ran) && o.schedule?.kind !== "optimal",
    instead: (ran) =>
      epochBased(ran) ? "the rate is 1/(l2·(t + t0))"
      : ran === "newton" ? "it takes Newton steps, halved until the objective falls"
      : ran === "lbfgs" ? "its line search sets each step" : "it minimises over one coefficient at a time exactly",
    under: (ran) => (epochBased(ran) ? ["schedule", "optimal"] : null),
  },
  epochs: { uses: epochBased, instead: () => EXACT_STOP },
  patience: { uses: epochBased, instead: () => EXACT_STOP },
  batchSize: { uses: miniBatch, instead: (ran) => (ran === "gd" ? "gd steps on all rows at once (mini-batches are sgd's and the adaptive optimizers')" : "it uses all rows in every iteration") },
  sampling: { uses: miniBatch, instead: (ran) => (ran === "gd" ? "gd steps on all rows at once (the order of mini-batches is sgd's and the adaptive optimizers')" : "it uses all rows in every iteration") },
  // validation.ts splits off the earlyStopping rows with the seed
  // sampling "sequential" takes the rows in order: the seed draws nothing (session.ts, context.ts SAMPLING)
  seed: {
    uses: (ran, o) => (miniBatch(ran) && o.sampling !== "sequential") || o.earlyStopping !== null,
    instead: () => "it draws nothing at random (seed draws shuffled or resampled mini-batches and the earlyStopping split)",
    under: (ran) => (miniBatch(ran) ? ["sampling", "sequential"] : null),
  },
  maxIterations: { uses: (ran) => !epochBased(ran), instead: (_, o) => `it stops by epochs, tolerance and patience${o.earlyStopping ? " or earlyStopping" : ""}` },
  lbfgsMemory: { uses: (ran) => ran === "lbfgs", instead: () => "only lbfgs keeps correction pairs" },
  // only newton's QR (optimizers/newton.ts) finds exactly collinear columns; the others fit them as given
  collinear: { uses: (ran) => ran === "newton", instead: () => "only newton finds and drops exactly collinear columns; this fit kept them" },
} as const satisfies Record<(typeof UNUSED_OPTION_NAMES)[number], UnusedRule>;

/** Options validateOptions refuses (InvalidOptionError) for an optimizer that does not use them, "auto" included. */
export const REFUSED_WHERE_UNUSED = [
  "schedule", "momentum", "beta1", "beta2", "epsilon", "rho", "weightDecay", "average", "earlyStopping", "l1",
] as const;

/** How a warning names options and their settings: the library's names (`optimizer "newton"`), or the CLI's flags (`-o newton`). */
export interface OptionNaming {
  readonly option: (name: string) => string;
  readonly setting: (name: string, value: string) => string;
}

const LIBRARY_NAMING: OptionNaming = { option: (name) => name, setting: (name, value) => `${name} "${value}"` };

/**
 * One warning per option in `given` that the optimizer which ran does not use, in table order:
 * "epochs is not used by optimizer "newton": it stops by maxIterations and tolerance." With
 * "auto" it names the optimizer auto chose.
 */
export function unusedOptionWarnings(
  given: readonly string[], o: ValidatedOptions, ran: ResolvedOptimizer, naming: OptionNaming = LIBRARY_NAMING,
): string[] {
  const warnings: string[] = [];
  const chosen = o.optimizer === "auto" ? ` (what ${naming.setting("optimizer", "auto")} chose)` : "";
  const rename = (text: string) => text.replace(/\b(maxIterations|tolerance|epochs|patience|earlyStopping)\b/g, (name) => naming.option(name));
  for (const [option, rule] of Object.entries(UNUSED_OPTION_RULES) as [string, UnusedRule][]) {
    if (!given.includes(option) || rule.uses(ran, o)) continue;
    const optimizer = naming.setting("optimizer", ran);
    const under = rule.under?.(ran);
    const by = under ? `${optimizer} with ${naming.setting(...under)}` : optimizer;
    warnings.push(`${naming.option(option)} is not used by ${by}${chosen}: ${rename(rule.instead(ran, o))}.`);
  }
  return warnings;
}
