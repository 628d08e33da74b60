import { InvalidDataError, InvalidOptionError, describe } from "../errors.js";
import type { ModelData } from "../model.js";
import { resolveOptimizer, validateOptions, type TrainerOptions, type ValidatedOptions } from "../options.js";
import { Trainer } from "../trainer.js";
import { CliInputError, EXIT_OK } from "./cli-error.js";
import { readDataset, type CsvSyntax } from "./csv-stream.js";
import type { Dataset } from "./dataset.js";
import { fitToJson, formatFitTable, type PrintableFit } from "./format-fit.js";
import { cliHints } from "./hints.js";
import { checkWritableFile, writeAllOrNothing } from "./output-file.js";
import { FitProgress } from "./progress.js";
import { formatCvTable, formatPathTable } from "./path-table.js";
import { quote, shortenQuoted, SHOWN_PATH_CHARACTERS } from "./text.js";
import { checkExactWork, summaryUnavailable } from "./work-estimate.js";
import { cliWarningOf, flagOfOption, pathUnusedWarnings, penaltyFactorOf, trainerFlagOptions, withoutUndefined, type TrainerFlags } from "./trainer-flags.js";
import type { CvMeasure } from "../regularization/cross-validation.js";

/** What commander hands the fit action (flags in camelCase; --no-intercept becomes intercept: false). */
export interface FitFlags extends TrainerFlags {
  target: string;
  features?: string[];
  categorical?: string[];
  positive?: string;
  weights?: string;
  missing: "error" | "drop";
  alpha?: number;
  path?: boolean;
  cv?: boolean;
  nLambda?: number;
  lambdaMinRatio?: number;
  folds?: number;
  measure?: string;
  summary: boolean;
  level?: number;
  staging: string;
  save?: string;
  json?: boolean;
  quiet?: boolean;
  progress?: boolean;
}

/** Flags of --path and --cv only, and flags that --path and --cv do without: each refused rather than ignored. */
function checkPathFlags(flags: FitFlags): void {
  const given = (names: [string, unknown][]) => names.find(([, value]) => value !== undefined)?.[0];
  const pathOnly = given([["--alpha", flags.alpha], ["--n-lambda", flags.nLambda], ["--lambda-min-ratio", flags.lambdaMinRatio]]);
  if (pathOnly && !flags.path && !flags.cv) throw new CliInputError(`${pathOnly} sets the λ sequence of --path and --cv; give one of them (for one fit, give --l1 and --l2).`);
  const cvOnly = given([["--folds", flags.folds], ["--measure", flags.measure]]);
  if (cvOnly && !flags.cv) throw new CliInputError(`${cvOnly} sets --cv's cross-validation; give --cv too.`);
  const oneFit = given([["--save", flags.save], ["--early-stopping", flags.earlyStopping || undefined], ["--level", flags.level]]);
  if (oneFit && (flags.path || flags.cv)) throw new CliInputError(`${oneFit} applies to one fit; --${flags.cv ? "cv" : "path"} fits a whole path of λ (leave out one of them).`);
}

export async function fitCommand(file: string, flags: FitFlags, csv: CsvSyntax): Promise<number> {
  const source = file === "-" ? "standard input" : file;
  // Every flag is checked before the file is read: a typo must not cost a pass over 1 GB.
  checkPathFlags(flags);
  if (flags.level !== undefined && !flags.summary) throw new CliInputError("--level sets the summary's confidence intervals; --no-summary leaves them out (give one of them).");
  if (flags.level !== undefined && !(flags.level > 0 && flags.level < 1)) throw new CliInputError(`--level ${flags.level} is not a confidence level; give a number between 0 and 1, such as 0.9 or 0.99.`);
  const early = validateFlags(flags);
  if (flags.positive !== undefined && flags.family !== "bernoulli") {
    throw new CliInputError(`--positive names the positive class of --family bernoulli; it cannot be used with --family ${flags.family ?? "gaussian"}.`);
  }
  if (flags.save !== undefined) checkWritableFile(flags.save, "--save");
  const needsSummary = flags.summary;
  const work = (rows: number | null, featureNames: readonly string[], options: ValidatedOptions) =>
    checkExactWork({ rows, cols: featureNames.length, options, optimizer: resolveOptimizer(options, featureNames.length, rows ?? 0), summary: needsSummary });
  const dataset = await readDataset(file, source, {
    target: flags.target,
    weights: flags.weights,
    features: flags.features,
    categorical: flags.categorical,
    targetKind: flags.family === "multinomial" ? "classes" : flags.family === "bernoulli" ? "binary" : "numbers",
    classesGiven: flags.classes !== undefined,
    positive: flags.positive,
    missing: flags.missing,
    fitIntercept: flags.intercept,
    dtype: early.dtype,
    // Refuse an impossible factorisation as soon as the header tells the number of coefficients (a
    // lower bound with categorical columns, each at least one indicator). With the class count still
    // unknown (multinomial), 2 classes give a lower bound on the work.
    onHeader: (featureNames) => work(null, featureNames, early),
    staging: flags.staging as "file" | "memory",
  }, csv);
  try {
    return await fitDataset(dataset, source, flags, (rows, options) => work(rows, dataset.featureNames, validateFlagsWith(options)));
  } finally {
    dataset.release();
  }
}

async function fitDataset(dataset: Dataset, source: string, flags: FitFlags, work: (rows: number, options: TrainerOptions) => void): Promise<number> {
  const options = trainerOptions(flags, dataset);
  work(dataset.rows, options);

  let trainer: Trainer | null = null;
  try {
    trainer = await Trainer.create(options);
    const sampleWeight = dataset.weights ?? undefined;
    if (flags.path || flags.cv) return printPath(trainer, dataset, flags, pathUnusedWarnings(Object.keys(withoutUndefined(trainerFlagOptions(flags))), trainer.options, flags.cv ? "--cv" : "--path"));
    const progress = new FitProgress(!flags.quiet && !flags.json, flags.progress === true, options.epochs ?? 100);
    let trained;
    try {
      trained = trainer.fit(dataset.X, dataset.y, { onEpoch: progress.onEpoch, sampleWeight });
      progress.finish(trained.epochs, trained.history.length > 0 ? trained.history[trained.history.length - 1] : null);
    } catch (error) {
      progress.finish(0, null);
      throw error;
    }
    // The warnings about flags the optimizer did not use name the flags (the summary repeats them).
    const cliWarning = cliWarningOf(Object.keys(withoutUndefined(trainerFlagOptions(flags))), trainer.options, trained.optimizer);
    const summary = trained.summary.bind(trained);
    const restated = { warnings: trained.warnings.map(cliWarning), summary: () => {
      const inference = summary(flags.level === undefined ? undefined : { level: flags.level });
      return { ...inference, warnings: inference.warnings.map(cliWarning) };
    } };
    // printed from its fields only: the copy needs none of FitResult's methods
    let fit = { ...trained, ...restated } as unknown as PrintableFit;
    const model: ModelData = trained.model();
    if (!flags.summary) {
      fit = { ...fit, summary: undefined };
    } else {
      // The estimate above should have refused this already; if the summary still cannot be
      // computed, the fit is printed without it rather than thrown away.
      fit = summaryUnavailable(fit);
    }
    if (flags.save !== undefined) await saveModel(flags.save, { ...model, encoding: encodingOf(dataset, fit.classes) as unknown as ModelData["encoding"] });
    const labels = { classLabels: dataset.classLabels ?? undefined, fitIntercept: flags.intercept };
    if (flags.json) {
      const json = {
        file: source, target: dataset.target, standardized: flags.standardize === true, ...fitToJson(fit, dataset.featureNames, labels),
        ...(dataset.binaryLabels ? { positive: dataset.binaryLabels[1] } : {}),
        ...(dataset.encoding.columns.some((column) => column.kind === "categorical") ? { encoding: dataset.encoding } : {}),
        ...(flags.missing === "drop" ? { droppedRows: { count: dataset.dropped.count, first: dataset.dropped.firstRows } } : {}),
        ...(flags.save !== undefined ? { saved: flags.save } : {}),
      };
      process.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
    } else {
      process.stdout.write(`${describeFit(fit, dataset, source, flags)}\n${formatFitTable(fit, dataset.featureNames, labels)}`);
    }
    return EXIT_OK;
  } catch (error) {
    throw locate(error, dataset);
  } finally {
    trainer?.dispose();
  }
}

/** The encoding saved with the model: the raw columns and the target's labels (multinomial: one per class). */
function encodingOf(dataset: Dataset, classes: number): Dataset["encoding"] {
  const { encoding } = dataset;
  if (classes > 1) {
    // --classes may name more classes than the labels seen: those are called by their index.
    const labels = [...(dataset.classLabels ?? [])];
    for (let k = labels.length; k < classes; k++) {
      let name = String(k);
      while (labels.includes(name)) name = `${name}'`;
      labels.push(name);
    }
    return { ...encoding, target: { name: dataset.target, labels } };
  }
  return encoding;
}

/** Writes the model JSON all or nothing (see writeAllOrNothing): a failed save leaves an earlier file as it was. */
function saveModel(path: string, model: ModelData): Promise<void> {
  const text = `${JSON.stringify(model, null, 2)}\n`;
  // end()'s callback gets the write's error too, and may run before the 'error' event
  return writeAllOrNothing(path, "--save", (output) => new Promise<void>((resolve, reject) => {
    output.once("error", reject);
    output.end(text, (error?: Error | null) => (error ? reject(error) : resolve()));
  }));
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

function trainerOptions(flags: FitFlags, dataset: Dataset): TrainerOptions {
  if (dataset.classLabels && flags.classes !== undefined && flags.classes < dataset.classLabels.length) {
    throw new CliInputError(`--classes ${flags.classes} is fewer than the ${dataset.classLabels.length} distinct labels in column ${quote(dataset.target)}.`);
  }
  return withoutUndefined({
    ...trainerFlagOptions(flags),
    penaltyFactor: penaltyFactorOf(flags.penaltyFactor, dataset.featureNames),
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

function describeFit(fit: PrintableFit, dataset: Dataset, source: string, flags: FitFlags): string {
  const lines = [
    `${fit.family} model of ${quote(dataset.target)} on ${dataset.featureNames.length} feature${dataset.featureNames.length === 1 ? "" : "s"}, ` +
      `${fit.nobs} rows of ${source}`,
  ];
  if (dataset.classLabels) lines.push(`classes: ${dataset.classLabels.map((label, k) => `${k} = ${quote(label)}`).join(", ")}`);
  if (dataset.binaryLabels) lines.push(`positive class (y = 1): ${quote(dataset.binaryLabels[1])}; y = 0: ${quote(dataset.binaryLabels[0])}`);
  const categorical = dataset.encoding.columns.filter((column) => column.kind === "categorical");
  for (const column of categorical) {
    if (column.kind !== "categorical") continue;
    const reference = column.reference === null ? "no reference level (a column per level: no intercept)" : `reference level ${quote(column.reference)}`;
    lines.push(`categorical ${quote(column.name)}: ${column.levels.length} levels, ${reference}`);
  }
  if (dataset.dropped.count > 0) lines.push(`left out ${dataset.dropped.count} data row${dataset.dropped.count === 1 ? "" : "s"} with missing values (--missing drop): ${dataset.dropped.describe(quote)}`);
  if (flags.standardize) lines.push("fitted on standardised columns; coefficients and standard errors on the original scale");
  if (flags.save !== undefined) lines.push(`model saved to ${flags.save}`);
  return `${lines.join("\n")}\n`;
}

/** Adds the CLI's names (flag, CSV data row, line and column) to the library's errors, and shortens values they echo. */
function locate(error: unknown, dataset: Dataset | null): unknown {
  const flag = error instanceof InvalidOptionError ? flagOfOption(error.option) : undefined;
  if (error instanceof InvalidOptionError && flag) {
    // The library cuts a long string value at 40 characters; the CLI also says how long it was.
    const shown = typeof error.value === "string" ? error.message.replace(describe(error.value), quote(error.value)) : error.message;
    // "Invalid option learningRate: …" keeps the library's name, the flag follows; the advice gets the CLI's
    const head = `Invalid option ${error.option}`;
    const text = shortenQuoted(shown);
    const message = (text.startsWith(head) ? head + cliHints(text.slice(head.length)) : cliHints(text)).replace(/\.$/, "");
    // a schedule's parameter is a part of one flag's value: "Invalid --schedule parameter every=: …"
    const parameter = /^schedule\.(\w+)$/.exec(error.option);
    if (parameter) return new CliInputError(`${message.replace(`Invalid option ${error.option}`, `Invalid --schedule parameter ${flag}`)}.`);
    return new CliInputError(`${message} (${flag}).`);
  }
  if (dataset && error instanceof InvalidDataError && error.index !== undefined) {
    const cols = dataset.cols;
    const row = error.field === "X" ? Math.floor(error.index / cols) : error.index;
    const column = error.field === "X" ? dataset.featureNames[error.index % cols] : dataset.target;
    if (row < dataset.rows) {
      // A bernoulli target coded otherwise (1/2, yes/no) can be read with --positive.
      const advice = error.field === "y" && /bernoulli needs y to be 0 or 1/.test(error.message) ? " For a target of two labels give --positive <label>." : "";
      return new CliInputError(`${cliHints(error.message).replace(/\.$/, "")} (data row ${dataset.dataRowOf(row)}, line ${dataset.lineOf(row)}, column ${quote(column)}).${advice}`);
    }
  }
  return error;
}

/** --path / --cv: glmnet's λ table, or cv.glmnet's choice of λ (10 seeded folds), instead of one fit. */
function printPath(trainer: Trainer, { X, y, weights }: Dataset, flags: FitFlags, unused: string[]): number {
  const print = (json: Record<string, unknown>, table: string, warnings: readonly string[]) => {
    const all = [...unused, ...warnings.map(cliHints)];
    process.stdout.write(flags.json ? `${JSON.stringify({ ...json, warnings: all })}\n` : `${table}${all.map((w) => `warning: ${w}\n`).join("")}`);
    return EXIT_OK;
  };
  const pathOptions = withoutUndefined({ alpha: flags.alpha, nLambda: flags.nLambda, lambdaMinRatio: flags.lambdaMinRatio, sampleWeight: weights ?? undefined });
  if (flags.cv) {
    const cv = trainer.crossValidate(X, y, { ...pathOptions, ...withoutUndefined({ folds: flags.folds, measure: flags.measure as CvMeasure | undefined }), seed: flags.seed ?? 0 });
    const json = { measure: cv.measure, lambdaMin: cv.lambdaMin, lambda1se: cv.lambda1se, lambdas: Array.from(cv.lambdas), mean: Array.from(cv.mean), standardError: Array.from(cv.standardError) };
    return print(json, formatCvTable(cv), []);
  }
  const path = trainer.fitPath(X, y, pathOptions);
  const json = { alpha: path.alpha, lambdas: Array.from(path.lambdas), df: Array.from(path.df), devianceRatio: Array.from(path.devianceRatio), coefficients: path.coefficients.map((c) => Array.from(c)), intercepts: path.intercepts.map((b) => Array.from(b)) };
  return print(json, formatPathTable(path), path.warnings);
}
