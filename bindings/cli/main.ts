import { PACKAGE_VERSION } from "../wasm/binaries.generated.js";
import { Command, CommanderError, Option } from "commander";
import { InvalidDataError, InvalidOptionError, describe } from "../errors.js";
import { FAMILIES } from "../families/index.js";
import { resolveOptimizer, validateOptions, type TrainerOptions, type ValidatedOptions } from "../options.js";
import { Trainer } from "../trainer.js";
import { CliInputError, EXIT_BAD_INPUT, EXIT_OK, exitCodeFor, isExpectedError } from "./cli-error.js";
import { readDataset } from "./csv-stream.js";
import type { Dataset } from "./dataset.js";
import { choiceFlag, decimalFlag, delimiterFlag } from "./flags.js";
import { endQuietlyOnClosedPipes } from "./pipes.js";
import { quote, shortenQuoted } from "./text.js";
import { fitToJson, formatFitTable, type PrintableFit } from "./format-fit.js";
import { FitProgress } from "./progress.js";
import { standardizeColumns, unstandardize } from "./standardize.js";
import { checkExactWork, summaryUnavailable } from "./work-estimate.js";

/** What commander hands the fit action (flags in camelCase; --no-intercept becomes intercept: false). */
interface FitFlags {
  target: string;
  features?: string[];
  family?: string;
  classes?: number;
  optimizer?: string;
  learningRate?: number;
  batchSize?: number;
  epochs?: number;
  tolerance?: number;
  patience?: number;
  l2?: number;
  intercept: boolean;
  seed?: number;
  sampling?: string;
  dtype?: string;
  kernels?: string;
  maxIterations?: number;
  lbfgsMemory?: number;
  collinear?: string;
  standardize?: boolean;
  summary: boolean;
  staging: string;
  delimiter: string;
  json?: boolean;
  quiet?: boolean;
  progress?: boolean;
}

/** Trainer option → the flag that sets it, so the library's messages can name the flag. */
const FLAG_OF_OPTION: Record<string, string> = {
  family: "--family", classes: "--classes", optimizer: "--optimizer", learningRate: "--learning-rate",
  batchSize: "--batch-size", epochs: "--epochs", tolerance: "--tolerance", patience: "--patience", l2: "--l2",
  fitIntercept: "--no-intercept", seed: "--seed", sampling: "--sampling", dtype: "--dtype", kernels: "--kernels",
  maxIterations: "--max-iterations", lbfgsMemory: "--lbfgs-memory", collinear: "--collinear",
};

const EXIT_CODES_HELP = `
Exit codes:
  0  the fit ran and its result was printed
  1  the fit failed (it diverged), or the work is too large: the data does not fit in
     WebAssembly memory, or an exact fit or its standard errors would need a factorisation of
     more coefficients than can be done in reasonable time (refused before fitting)
  2  bad input: usage error, unreadable or malformed CSV, a non-numeric cell, a missing column,
     or an option or value the trainer refuses
`;

const FIT_HELP = `
Every feature cell must be a decimal number; the first row names the columns. For --family
multinomial, a target holding exactly the class indices 0..K-1 (or any integers >= 0 with
--classes) is used as written; other labels (text, 1-based codes, ...) are sorted and numbered
0..K-1, and the mapping is printed.

The file ("-" for standard input) must be UTF-8 text; it is read as a stream, never whole. Numeric
flags are plain decimal numbers like the cells (100, 0.5, 1e-4). Before fitting, the p x p work of
--optimizer newton and of the summary (standard errors) is estimated, p = (columns + intercept) x
classes; what is too large is refused with advice (--optimizer lbfgs, --no-summary, --features).

--standardize fits on z-scored columns, z = (x - mean)/sd (centred only with an intercept), then
maps the coefficients back to the original columns: w_j = w'_j/sd_j, b = b' - sum_j w'_j*mean_j/sd_j.
The likelihood is unchanged, so without a penalty the optimum is the same as on the original
columns, only much faster to reach by gradient descent. With --l2 the penalty applies to the standardised
coefficients (as glmnet does), so the mapped coefficients are not the L2 optimum on the original
scale; the objective printed is always f evaluated at the printed coefficients on the original
columns.
${EXIT_CODES_HELP}

Example:
  wasm-mle fit examples/data/fair-affairs.csv --target affair --family bernoulli \\
    --optimizer gd --standardize --learning-rate 2 --epochs 5000 --tolerance 1e-14
`;

/** Runs the CLI on `argv` (without "node" and the script) and returns the process exit code. */
export async function run(argv: readonly string[]): Promise<number> {
  endQuietlyOnClosedPipes();
  let exitCode = EXIT_OK;
  const program = buildProgram((code) => (exitCode = code));
  try {
    await program.parseAsync([...argv], { from: "user" });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // commander has already printed its message (or the help) to stderr/stdout.
      const informational = error.code === "commander.helpDisplayed" || error.code === "commander.version";
      return informational ? EXIT_OK : EXIT_BAD_INPUT;
    }
    if (isExpectedError(error)) {
      process.stderr.write(`wasm-mle: error: ${error.message}\n`);
      return exitCodeFor(error);
    }
    process.stderr.write(`wasm-mle: internal error (please report it): ${(error as Error)?.stack ?? String(error)}\n`);
    return exitCodeFor(error);
  }
}

function buildProgram(setExitCode: (code: number) => void): Command {
  const program = new Command("wasm-mle")
    .description("Fit linear models and GLMs by maximum likelihood with WebAssembly SIMD kernels.")
    .version(packageVersion())
    .exitOverride()
    .showHelpAfterError("(run with --help for usage)")
    .addHelpText("after", EXIT_CODES_HELP);

  const number = decimalFlag;
  const list = (value: string) => value.split(",").map((name) => name.trim()).filter((name) => name.length > 0);

  program
    .command("fit")
    .description("Fit a model to a CSV file (header row, numeric cells) and print its coefficients, objective and log-likelihood.")
    .argument("<file.csv>", 'CSV file with a header row ("-" reads standard input)')
    .requiredOption("-t, --target <column>", "response column")
    .option("--features <list>", "comma-separated feature columns (default: every column except the target)", list)
    // The family decides how the target column is read, so an unknown one is refused before the file is.
    .option("-f, --family <name>", `likelihood family: ${Object.keys(FAMILIES).join(", ")} (default: gaussian)`, choiceFlag("-f, --family <name>", Object.keys(FAMILIES)))
    .option("--classes <K>", "number of classes for multinomial (default: from the target column)", number("--classes"))
    .option("-o, --optimizer <name>", 'auto, gd, sgd, newton or lbfgs (default: auto)')
    .option("--learning-rate <eta>", "step size of gd/sgd (default: 0.01)", number("--learning-rate"))
    .option("--batch-size <n>", "rows per mini-batch for sgd (default: 32)", number("--batch-size"))
    .option("--epochs <n>", "maximum epochs of gd/sgd (default: 100)", number("--epochs"))
    .option("--tolerance <tol>", "stop when the relative change of the objective is below tol (default: 1e-8; 0 = never)", number("--tolerance"))
    .option("--patience <n>", "epochs in a row that must meet --tolerance (default: 1 for gd, 5 for sgd)", number("--patience"))
    .option("--l2 <lambda>", "L2 penalty (lambda/2)·‖w‖², intercept unpenalised (default: 0)", number("--l2"))
    .option("--no-intercept", "fit without an intercept")
    .option("--seed <n>", "seed of the sgd batch sampler (default: 0)", number("--seed"))
    .option("--sampling <mode>", "sgd batches: shuffle or replacement (default: shuffle)")
    .option("--dtype <type>", "float64 or float32 arithmetic in WebAssembly (default: float64)")
    .option("--kernels <build>", "auto, simd or scalar kernel binary (default: auto)")
    .option("--max-iterations <n>", "iteration limit of newton/lbfgs", number("--max-iterations"))
    .option("--lbfgs-memory <m>", "correction pairs kept by lbfgs (default: 10)", number("--lbfgs-memory"))
    .option("--collinear <mode>", "collinear or constant columns: error or drop (default: error)")
    .option("--standardize", "fit on z-scored columns, then map the coefficients back (see below)")
    .option("--no-summary", "print the coefficients without standard errors (skips the p × p factorisation of the summary)")
    .addOption(
      new Option("--staging <where>", "where X waits for the fit: file (a temporary file in TMPDIR, so peak memory stays near one copy of X) or memory (needed by --standardize)")
        .default("file")
        .argParser(choiceFlag("--staging <where>", ["file", "memory"])),
    )
    .addOption(new Option("--delimiter <char>", "CSV field delimiter").default(",").argParser(delimiterFlag))
    .option("--json", "print one JSON object instead of the table (no progress bar)")
    .option("-q, --quiet", "no progress bar")
    .option("--progress", "show the progress bar even when stderr is not a terminal")
    .addHelpText("after", FIT_HELP)
    .action(async (file: string, flags: FitFlags) => {
      setExitCode(await fitCommand(file, flags));
    });
  return program;
}

async function fitCommand(file: string, flags: FitFlags): Promise<number> {
  const source = file === "-" ? "standard input" : file;
  // Every flag is checked before the file is read: a typo must not cost a pass over 1 GB.
  const early = validateFlags(flags);
  const needsSummary = flags.summary && !flags.standardize;
  const work = (rows: number | null, featureNames: readonly string[], options: ValidatedOptions) =>
    checkExactWork({ rows, cols: featureNames.length, options, optimizer: resolveOptimizer(options, featureNames.length, rows ?? 0), summary: needsSummary });
  const dataset = await readDataset(file, source, {
    target: flags.target,
    features: flags.features,
    targetKind: flags.family === "multinomial" ? "classes" : "numbers",
    classesGiven: flags.classes !== undefined,
    delimiter: flags.delimiter,
    dtype: early.dtype,
    // Refuse an impossible factorisation as soon as the header tells the number of coefficients.
    // With the class count still unknown (multinomial), 2 classes give a lower bound on the work.
    onHeader: (featureNames) => work(null, featureNames, early),
    // --standardize needs X in memory; otherwise a temporary file keeps peak memory near one copy of X.
    staging: flags.standardize ? "memory" : (flags.staging as "file" | "memory"),
  });
  try {
    return await fitDataset(dataset, source, flags, (rows, options) => work(rows, dataset.featureNames, validateFlagsWith(options)));
  } finally {
    dataset.release();
  }
}

async function fitDataset(dataset: Dataset, source: string, flags: FitFlags, work: (rows: number, options: TrainerOptions) => void): Promise<number> {
  const options = trainerOptions(flags, dataset);
  work(dataset.rows, options);
  const fitX = flags.standardize ? standardizeColumns({ data: dataset.flatX!, rows: dataset.rows, cols: dataset.cols }, flags.intercept) : null;

  let trainer: Trainer | null = null;
  try {
    trainer = await Trainer.create(options);
    const progress = new FitProgress(!flags.quiet && !flags.json, flags.progress === true, options.epochs ?? 100);
    let fit: PrintableFit;
    try {
      fit = trainer.fit(fitX ? fitX.X : dataset.X, dataset.y, { onEpoch: progress.onEpoch });
      progress.finish(fit.epochs, fit.history.length > 0 ? fit.history[fit.history.length - 1] : null);
    } catch (error) {
      progress.finish(0, null);
      throw error;
    }
    const inferenceDropped = fitX !== null && typeof fit.summary === "function";
    if (fitX) {
      const original = unstandardize(fit.coefficients, fit.intercept, fitX.scaling, fit.classes);
      const { objective } = trainer.evaluate(dataset.X, dataset.y, original.coefficients, original.intercept);
      // The summary (if any) describes the standardised parameters; the intercept's standard error
      // would need their covariance to map back, so none is shown.
      fit = { ...fit, ...original, objective, summary: undefined };
    } else if (!flags.summary) {
      fit = { ...fit, summary: undefined };
    } else {
      // The estimate above should have refused this already; if the summary still cannot be
      // computed, the fit is printed without it rather than thrown away.
      fit = summaryUnavailable(fit);
    }
    const labels = { classLabels: dataset.classLabels ?? undefined, fitIntercept: flags.intercept };
    if (flags.json) {
      const json = { file: source, target: dataset.target, standardized: flags.standardize === true, ...fitToJson(fit, dataset.featureNames, labels) };
      process.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
    } else {
      process.stdout.write(`${describeFit(fit, dataset, source, flags, inferenceDropped)}\n${formatFitTable(fit, dataset.featureNames, labels)}`);
    }
    return EXIT_OK;
  } catch (error) {
    throw locate(error, dataset);
  } finally {
    trainer?.dispose();
  }
}

/**
 * The trainer's own validation of every flag, run before the file is read. The class count and
 * feature names come from the data, so a multinomial model without --classes is checked with 2.
 */
function validateFlags(flags: FitFlags): ValidatedOptions {
  const classes = flags.family === "multinomial" ? (flags.classes ?? 2) : flags.classes;
  return validateFlagsWith(withoutUndefined({ ...trainerFlagOptions(flags), classes }));
}

function validateFlagsWith(options: TrainerOptions): ValidatedOptions {
  try {
    return validateOptions(options);
  } catch (error) {
    throw locate(error, null);
  }
}

/** The trainer options the flags set (undefined where a flag was not given). */
function trainerFlagOptions(flags: FitFlags): Record<string, unknown> {
  return {
    family: flags.family,
    classes: flags.classes,
    optimizer: flags.optimizer,
    learningRate: flags.learningRate,
    batchSize: flags.batchSize,
    epochs: flags.epochs,
    tolerance: flags.tolerance,
    patience: flags.patience,
    l2: flags.l2,
    fitIntercept: flags.intercept,
    seed: flags.seed,
    sampling: flags.sampling,
    dtype: flags.dtype,
    kernels: flags.kernels,
    maxIterations: flags.maxIterations,
    lbfgsMemory: flags.lbfgsMemory,
    collinear: flags.collinear,
  };
}

function withoutUndefined(raw: Record<string, unknown>): TrainerOptions {
  return Object.fromEntries(Object.entries(raw).filter(([, value]) => value !== undefined)) as TrainerOptions;
}

function trainerOptions(flags: FitFlags, dataset: Dataset): TrainerOptions {
  if (dataset.classLabels && flags.classes !== undefined && flags.classes < dataset.classLabels.length) {
    throw new CliInputError(`--classes ${flags.classes} is fewer than the ${dataset.classLabels.length} distinct labels in column ${quote(dataset.target)}.`);
  }
  return withoutUndefined({
    ...trainerFlagOptions(flags),
    classes: flags.classes ?? (flags.family === "multinomial" ? inferClasses(dataset) : undefined),
    featureNames: [...dataset.featureNames],
  });
}

function inferClasses(dataset: Dataset): number {
  if (dataset.classLabels) return dataset.classLabels.length;
  let largest = 0;
  for (const label of dataset.y) largest = Math.max(largest, label);
  return largest + 1;
}

function describeFit(fit: PrintableFit, dataset: Dataset, source: string, flags: FitFlags, inferenceDropped: boolean): string {
  const lines = [
    `${fit.family} model of ${quote(dataset.target)} on ${dataset.featureNames.length} feature${dataset.featureNames.length === 1 ? "" : "s"}, ` +
      `${fit.nobs} rows of ${source}`,
  ];
  if (dataset.classLabels) lines.push(`classes: ${dataset.classLabels.map((label, k) => `${k} = ${quote(label)}`).join(", ")}`);
  if (flags.standardize) lines.push("fitted on standardised columns; coefficients mapped back to the original scale");
  if (inferenceDropped) lines.push("(no standard errors with --standardize: they belong to the standardised parameters; fit without it for them)");
  return `${lines.join("\n")}\n`;
}

/** Adds the CLI's names (flag, CSV line and column) to the library's errors, and shortens values they echo. */
function locate(error: unknown, dataset: Dataset | null): unknown {
  if (error instanceof InvalidOptionError && FLAG_OF_OPTION[error.option]) {
    // The library cuts a long string value at 40 characters; the CLI also says how long it was.
    const shown = typeof error.value === "string" ? error.message.replace(describe(error.value), quote(error.value)) : error.message;
    return new CliInputError(`${shortenQuoted(shown).replace(/\.$/, "")} (${FLAG_OF_OPTION[error.option]}).`);
  }
  if (dataset && error instanceof InvalidDataError && error.index !== undefined) {
    const cols = dataset.cols;
    const row = error.field === "X" ? Math.floor(error.index / cols) : error.index;
    const column = error.field === "X" ? dataset.featureNames[error.index % cols] : dataset.target;
    if (row < dataset.rows) {
      return new CliInputError(`${error.message.replace(/\.$/, "")} (data row ${row + 1}, line ${dataset.lineOf(row)}, column ${quote(column)}).`);
    }
  }
  return error;
}

function packageVersion(): string {
  return PACKAGE_VERSION;
}
