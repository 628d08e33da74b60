import type { Command } from "commander";
import type { ResolvedOptimizer, ValidatedOptions } from "../options.js";
import { SCHEDULE_PARAMETERS } from "../optimizers/update-rules.js";
import { unusedOptionWarnings, type OptionNaming } from "../training/unused-options.js";
import { CliInputError } from "./cli-error.js";
import { decimalFlag, namesFlag } from "./flags.js";
import { DECIMAL, listNames, quote } from "./text.js";

/** The flags of `fit` that pass to the trainer option of the same name as they are: numbers, then names. */
const SAME_NUMBERS = [
  "classes", "learningRate", "momentum", "beta1", "beta2", "epsilon", "rho", "weightDecay", "batchSize", "epochs", "tolerance", "patience",
  "l2", "l1", "seed", "maxIterations", "lbfgsMemory",
] as const;
const SAME_NAMED = [...SAME_NUMBERS, "family", "optimizer", "sampling", "dtype", "kernels", "collinear", "schedule", "average"] as const;

/** The flags of `fit` that become trainer options (commander's camelCase; --no-restore-best: restoreBest false). */
export type TrainerFlags = { [name in (typeof SAME_NUMBERS)[number]]?: number } & {
  family?: string;
  optimizer?: string;
  sampling?: string;
  dtype?: string;
  kernels?: string;
  collinear?: string;
  schedule?: Record<string, unknown>;
  average?: true | number;
  earlyStopping?: boolean;
  validationFraction?: number;
  validationPatience?: number;
  minDelta?: number;
  restoreBest: boolean;
  penaltyFactor?: string[];
  intercept: boolean;
  standardize?: boolean;
};

/** A library name (warmupSteps, learningRate) as the CLI writes it (warmup-steps, learning-rate). */
const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** The options whose flag is not --kebab-case of their name. */
const OTHER_FLAGS: Record<string, string> = {
  fitIntercept: "--no-intercept", featureNames: "--features", "earlyStopping.validationFraction": "--validation-fraction",
  "earlyStopping.patience": "--validation-patience", "earlyStopping.minDelta": "--min-delta", "earlyStopping.restoreBest": "--no-restore-best",
};

/**
 * The flag that sets a trainer, path or cv option (learningRate: --learning-rate), so the library's
 * messages and warnings can name it; a schedule's parameter (schedule.warmupSteps) as --schedule
 * writes it (warmup-steps=).
 */
export function flagOfOption(option: string): string | undefined {
  if (option.startsWith("schedule.")) return `${kebab(option.slice(9))}=`;
  return OTHER_FLAGS[option] ?? (/^[a-z]\w*$/i.test(option) ? `--${kebab(option)}` : undefined);
}

/** --schedule kind[:name=value,…] → the library's { kind, …parameters }; the trainer checks the ranges and what is required. */
export function scheduleFlag(value: string): Record<string, unknown> {
  const colon = value.indexOf(":");
  const kind = colon < 0 ? value : value.slice(0, colon);
  if (!Object.prototype.hasOwnProperty.call(SCHEDULE_PARAMETERS, kind)) throw new CliInputError(`--schedule ${quote(kind)} is not a schedule; give constant, invscaling, optimal, step:every=<epochs>, exponential:gamma=<γ>, cosine or adaptive, parameters after a colon (--schedule step:every=10,factor=0.5).`);
  const allowed = SCHEDULE_PARAMETERS[kind as keyof typeof SCHEDULE_PARAMETERS];
  const schedule: Record<string, unknown> = { kind };
  if (colon < 0) return schedule;
  for (const pair of value.slice(colon + 1).split(",")) {
    const [name, number, extra] = pair.split("=").map((part) => part.trim());
    const parameter = allowed.find((p) => kebab(p) === name);
    if (parameter === undefined || extra !== undefined || number === undefined) {
      const takes = allowed.length ? `takes ${allowed.map((p) => `${kebab(p)}=<number>`).join(", ")}` : "takes no parameters";
      throw new CliInputError(`--schedule ${kind} ${takes}; ${quote(pair)} is not one of them.`);
    }
    if (!DECIMAL.test(number)) throw new CliInputError(`--schedule ${kind}:${name}= needs a decimal number such as 10, 0.5 or 1e-4, got ${quote(number)}.`);
    if (schedule[parameter] !== undefined) throw new CliInputError(`--schedule ${kind} gives ${name}= twice; give it once.`);
    schedule[parameter] = Number(number);
  }
  return schedule;
}

/** --average (from the first update) or --average <update>: the library's true or an integer. */
function averageFlag(value: string | true): true | number {
  return value === true ? true : decimalFlag("--average")(value);
}

/** The trainer's options among `fit`'s flags, each with its help (defaults as the trainer's: test/cli/help.test.ts). */
export function addTrainerOptions(command: Command): Command {
  const number = decimalFlag;
  return command
    .option("-o, --optimizer <name>", "auto, gd, sgd, newton, lbfgs, cd, momentum, nesterov, adagrad, rmsprop, adam or adamw (default: auto; newton or lbfgs by size, cd with --l1, --penalty-factor or --standardize)")
    .option("--learning-rate <eta>", "step size of the epoch optimizers (default: 0.01)", number("--learning-rate"))
    .option("--schedule <kind>", "learning-rate schedule of the epoch optimizers (default: constant; see below)", scheduleFlag)
    .option("--momentum <mu>", "μ of momentum and nesterov (default: 0.9)", number("--momentum"))
    .option("--beta1 <b>", "β1 of adam and adamw (default: 0.9)", number("--beta1"))
    .option("--beta2 <b>", "β2 of adam and adamw (default: 0.999)", number("--beta2"))
    .option("--epsilon <eps>", "ε of adagrad (default: 1e-10), rmsprop, adam and adamw (1e-8)", number("--epsilon"))
    .option("--rho <rho>", "ρ of rmsprop (default: 0.99)", number("--rho"))
    .option("--weight-decay <wd>", "adamw's decoupled weight decay (default: 0.01)", number("--weight-decay"))
    .option("--average [update]", "average the iterates (ASGD) from the first update or <update>", averageFlag)
    .option("--batch-size <n>", "rows per mini-batch (default: 32)", number("--batch-size"))
    .option("--epochs <n>", "maximum epochs of the epoch optimizers (default: 100)", number("--epochs"))
    .option("--tolerance <tol>", "stop when the relative change of the objective is below tol (default: 1e-8; 0 = never)", number("--tolerance"))
    .option("--patience <n>", "epochs in a row that must meet --tolerance (default: 1 for gd, 5 for the others)", number("--patience"))
    .option("--early-stopping", "stop when the held-out rows' objective stops falling")
    .option("--validation-fraction <f>", "share of rows held out (default: 0.1)", number("--validation-fraction"))
    .option("--validation-patience <n>", "epochs without improvement (default: 5)", number("--validation-patience"))
    .option("--min-delta <d>", "least improvement that counts (default: 0)", number("--min-delta"))
    .option("--no-restore-best", "return the last epoch, not the best")
    .option("--l2 <lambda>", "L2 penalty (lambda/2)·‖w‖², intercept unpenalised (default: 0)", number("--l2"))
    .option("--l1 <lambda>", "L1 penalty lambda·‖w‖₁ (default: 0)", number("--l1"))
    .option("--penalty-factor <list>", "penalty multipliers name=factor,… (others 1; a categorical column's name: all its indicators)", namesFlag)
    .option("--no-intercept", "fit without an intercept")
    .option("--seed <n>", "seed of mini-batches, --early-stopping and --cv (default: 0)", number("--seed"))
    .option("--sampling <mode>", "shuffle, replacement or sequential (default: shuffle)")
    .option("--dtype <type>", "float64 or float32 arithmetic in WebAssembly (default: float64)")
    .option("--kernels <build>", "auto, simd or scalar kernel binary (default: auto)")
    .option("--max-iterations <n>", "iteration limit of newton, lbfgs, cd (default: 100, 1000, 100)", number("--max-iterations"))
    .option("--lbfgs-memory <m>", "correction pairs kept by lbfgs (default: 10)", number("--lbfgs-memory"))
    .option("--collinear <mode>", "newton: collinear or constant columns: error or drop (default: error)")
    .option("--standardize", "fit on z-scored columns, report on the original scale (see below)");
}

/** The early-stopping flags as the trainer's earlyStopping (undefined when off); its sub-flags need it. */
function earlyStoppingOf(flags: TrainerFlags): Record<string, unknown> | undefined {
  const fields = { validationFraction: flags.validationFraction, patience: flags.validationPatience, minDelta: flags.minDelta, restoreBest: flags.restoreBest === false ? false : undefined };
  if (!flags.earlyStopping) {
    const given = Object.keys(fields).filter((field) => fields[field as keyof typeof fields] !== undefined);
    if (given.length > 0) throw new CliInputError(`${flagOfOption(`earlyStopping.${given[0]}`)} sets how --early-stopping stops; give --early-stopping too.`);
    return undefined;
  }
  return withoutUndefined(fields);
}

/** The trainer options the flags set (undefined where a flag was not given); penaltyFactor needs the columns (penaltyFactorOf). */
export function trainerFlagOptions(flags: TrainerFlags): Record<string, unknown> {
  return {
    ...Object.fromEntries(SAME_NAMED.map((name) => [name, flags[name]])),
    earlyStopping: earlyStoppingOf(flags),
    fitIntercept: flags.intercept,
    // Left out, cd and paths standardise anyway (glmnet's default); the others do not.
    standardize: flags.standardize ? true : undefined,
  };
}

export function withoutUndefined<T extends Record<string, unknown>>(raw: T): Partial<T> {
  return Object.fromEntries(Object.entries(raw).filter(([, value]) => value !== undefined)) as Partial<T>;
}

/**
 * --penalty-factor a=0,firm=2: one factor per column of X, 1 where not named. A name is an encoded
 * column (x, firm[T.GM]) or a categorical column, which sets all its indicators.
 */
export function penaltyFactorOf(pairs: readonly string[] | undefined, featureNames: readonly string[]): number[] | undefined {
  if (pairs === undefined) return undefined;
  const factors = featureNames.map(() => 1);
  const named = new Set<number>();
  for (const pair of pairs) {
    const [name, value, extra] = pair.split("=").map((part) => part.trim());
    if (value === undefined || extra !== undefined || !DECIMAL.test(value)) {
      throw new CliInputError(`--penalty-factor takes name=factor pairs (--penalty-factor x1=0,x2=2), got ${quote(pair)}.`);
    }
    const exact = featureNames.indexOf(name);
    const columns = exact >= 0 ? [exact] : featureNames.flatMap((feature, j) => (feature.startsWith(`${name}[`) ? [j] : []));
    if (columns.length === 0) throw new CliInputError(`--penalty-factor ${quote(name)} is not a feature; the features are ${listNames(featureNames)}.`);
    for (const j of columns) {
      if (named.has(j)) throw new CliInputError(`--penalty-factor names ${quote(featureNames[j])} twice; name each feature once.`);
      named.add(j);
      factors[j] = Number(value);
    }
  }
  return factors;
}

const CLI_NAMING: OptionNaming = {
  option: (name) => flagOfOption(name) ?? name,
  setting: (name, value) => (name === "optimizer" ? `-o ${value}` : `${flagOfOption(name)} ${value}`),
};

/**
 * --path and --cv fit glmnet's coordinate descent whatever -o says: the flags it does not use
 * ("--epochs is not used by --path (coordinate descent): it stops by --max-iterations and --tolerance.").
 */
export function pathUnusedWarnings(given: readonly string[], options: ValidatedOptions, mode: "--path" | "--cv"): string[] {
  const by = `${mode} (coordinate descent)`;
  const naming: OptionNaming = { option: CLI_NAMING.option, setting: (name, value) => (name === "optimizer" ? by : CLI_NAMING.setting(name, value)) };
  // --cv draws its folds with the seed
  const unused = unusedOptionWarnings(given.filter((name) => mode === "--path" || name !== "seed"), { ...options, optimizer: "cd" }, "cd", naming);
  return options.optimizer === "auto" || options.optimizer === "cd" ? unused : [`-o ${options.optimizer} is not used by ${by}.`, ...unused];
}

/**
 * The fit's warnings about options its optimizer did not use, restated with the flags
 * ("--epochs is not used by -o newton: it stops by --max-iterations and --tolerance."); the others as they are.
 */
export function cliWarningOf(given: readonly string[], options: ValidatedOptions, ran: ResolvedOptimizer): (warning: string) => string {
  const library = unusedOptionWarnings(given, options, ran);
  const cli = unusedOptionWarnings(given, options, ran, CLI_NAMING);
  return (warning) => {
    const k = library.indexOf(warning);
    return k < 0 ? warning : cli[k];
  };
}
