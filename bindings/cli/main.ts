import { PACKAGE_VERSION } from "../wasm/binaries.generated.js";
import { Command, CommanderError, Option } from "commander";
import { WasmMleError } from "../errors.js";
import { FAMILIES } from "../families/index.js";
import { EXIT_BAD_INPUT, EXIT_OK, exitCodeFor, isExpectedError } from "./cli-error.js";
import { MISSING_CELLS } from "./cells.js";
import type { CsvSyntax } from "./csv-stream.js";
import { fitCommand, type FitFlags } from "./fit-command.js";
import { checkCsvFlags, choiceFlag, decimalFlag, delimiterFlag, namesFlag, quoteFlag } from "./flags.js";
import { cliHints } from "./hints.js";
import { endQuietlyOnClosedPipes } from "./pipes.js";
import { predictCommand, type PredictFlags } from "./predict-command.js";
import { addTrainerOptions } from "./trainer-flags.js";

const EXIT_CODES_HELP = `
Exit codes:
  0  the command ran and its result was printed (or written)
  1  the fit ran and failed: it diverged, the classes are separated (seen while fitting), columns
     are exactly collinear (--collinear error), or newton did not converge; or the work is too
     large: the data does not fit in WebAssembly memory, or an exact fit or its standard errors
     would need a factorisation of more coefficients than can be done in reasonable time, or
     more rows than there are (refused before fitting); or an internal error (with its trace)
  2  bad input: usage error, unreadable or malformed CSV or model, a bad cell, a missing value
     (without --missing drop), a missing column, an unseen category, a target the family cannot
     fit (a value outside its domain, a single value, a class that never occurs), an option or
     value the trainer refuses, or an output file that cannot be written
`;

const CSV_HELP = `
CSV: the first row names the columns. --delimiter auto (the default) picks , ; tab or | from the
first lines (the one that splits the header and each following line into the same number of
fields); --delimiter '\\t' means a tab. --quote sets the quoting character (default ", or none).
--decimal , reads numbers written like 1,5 (the delimiter cannot then be ","). Numbers are plain
decimals (1, -0.5, 1e-4); the file ("-" for standard input) must be UTF-8 text and is read as a
stream, never whole.

Missing values: a cell that is empty or one of ${MISSING_CELLS.filter((cell) => cell !== "").map((cell) => JSON.stringify(cell)).join(" ")}
(pandas' default na_values, plus "." and "?") or given by --na, after trimming spaces. With --missing error (the
default) any such cell in the target or a used feature column is an error listing the data rows
(1-based, the header is not a data row); --missing drop leaves those rows out and reports them.
`;

const FIT_HELP = `
Categorical columns: a column whose cells are text (its first non-missing cell is not a number),
or one named by --categorical (for numeric codes), is one-hot encoded: its levels are sorted
(numerically if all are numbers) and the first is the reference level, with no column; each other
level gets an indicator column named column[T.level], as patsy (statsmodels formulas) names them.
Without an intercept the first categorical column gets a column per level, column[level] (patsy's
rule). A column mixing numbers and text is refused (give --categorical to treat it as labels).
The levels are saved with --save, and predict encodes new rows with them.

Targets: gaussian and poisson need numbers. bernoulli takes 0/1, or two labels with --positive
<label> naming the class modelled as y = 1. For --family multinomial, a target holding exactly
the class indices 0..K-1 (or any integers >= 0 with --classes) is used as written; other labels
(text, 1-based codes, ...) are sorted and numbered 0..K-1, and the mapping is printed.
${CSV_HELP}
--save model.json writes the fitted model as JSON (what Model.fromJSON reads), with the encoding
of the columns, for wasm-mle predict.

Before fitting, the p x p work of --optimizer newton and of the summary (standard errors) is
estimated, p = (columns + intercept) x classes; what is too large is refused with advice
(--optimizer lbfgs, --no-summary, --features).

--standardize fits on z-scored columns, z = (x - mean)/sd (population sd; centred only with an
intercept), with any optimizer, and reports everything on the original columns: w_j = w'_j/sd_j,
b = b' - sum_j w_j*mean_j, standard errors by the same linear map (exact). The likelihood is
unchanged, so without a penalty the optimum is the same as on the original columns, only much
faster to reach by gradient descent. With --l2 or --l1 the penalty applies to the standardised
coefficients sd_j*w_j (as glmnet does); the objective printed is that penalised objective. A
constant column gets coefficient 0. --optimizer cd, --path and --cv standardise by default.

--schedule kind[:parameter=value,...], lr = --learning-rate, t updates, e epochs: invscaling:power=0.25
(lr/t^power), optimal:t0=<sklearn's> (1/(l2(t + t0)), needs --l2), step:every=<e>,factor=0.1,
exponential:gamma=<g>, cosine:warmup-steps=0,min-learning-rate=0, adaptive:factor=0.1,patience=10,
threshold=1e-4,min-learning-rate=0 (torch's ReduceLROnPlateau); as the library's schedule option.

A flag the optimizer that ran does not use is a warning naming what it uses instead ("--epochs is
not used by -o newton: it stops by --max-iterations and --tolerance"; -o auto: the one it chose).
${EXIT_CODES_HELP}

Examples:
  wasm-mle fit examples/data/fair-affairs.csv --target affair --family bernoulli \\
    --optimizer gd --standardize --learning-rate 2 --epochs 5000 --tolerance 1e-14
  wasm-mle fit grunfeld.csv --target invest --features value,capital,firm --save model.json
`;

const PREDICT_HELP = `
Writes a header row, then one line per data row: "prediction" (the mean response; for bernoulli
the probability of the positive class, y = 1), or for multinomial one "p_<label>" column per class
and "class" (the most probable label). Numbers are written as the shortest text that reads back as
the same double. With --missing drop the rows with a missing value are left out, reported on
stderr, and a first column "row" gives each line's 1-based data row. Columns not in the model
(the target, say) are ignored; a categorical level the model was not fitted with is an error
naming the row, the column, the level and the known levels. --output is written all or nothing:
after an error there is no partial file (an existing one is left as it was). On standard output
the lines go out as they are predicted, 4096 rows at a time, so an error late in the file comes
after lines already written: stderr then says how many, before the error itself.
${CSV_HELP}${EXIT_CODES_HELP}
Example:
  wasm-mle predict model.json new-data.csv --output predictions.csv
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
      // The library's advice names its options; the CLI user needs the flags.
      const message = error instanceof WasmMleError ? cliHints(error.message) : error.message;
      process.stderr.write(`wasm-mle: error: ${message}\n`);
      return exitCodeFor(error);
    }
    process.stderr.write(`wasm-mle: internal error (please report it): ${(error as Error)?.stack ?? String(error)}\n`);
    return exitCodeFor(error);
  }
}

interface CsvFlags {
  delimiter: string;
  quote: string | null;
  decimal: "." | ",";
  na?: string[];
}

/** The CSV and missing-value flags fit and predict share. */
function addCsvOptions(command: Command): Command {
  return command
    .addOption(new Option("--missing <mode>", "rows with a missing value in a used column: error (list them) or drop (leave them out)").default("error").argParser(choiceFlag("--missing <mode>", ["error", "drop"])))
    .option("--na <list>", "more cells to read as missing, besides the default set below (repeatable, or a comma list: --na -99,missing)", namesFlag)
    .addOption(new Option("--delimiter <char>", "field delimiter: auto (, ; tab or |, from the first lines), or the character(s); '\\t' is a tab").default("auto").argParser(delimiterFlag))
    .addOption(new Option("--quote <char>", 'quoting character, or none').default('"').argParser(quoteFlag))
    .addOption(new Option("--decimal <mark>", 'decimal mark of the numbers: "." or ","').default(".").argParser(choiceFlag("--decimal <mark>", [".", ","])));
}

function csvSyntax(flags: CsvFlags): CsvSyntax {
  checkCsvFlags(flags);
  return { delimiter: flags.delimiter, quote: flags.quote, decimal: flags.decimal, na: flags.na ?? [] };
}

function buildProgram(setExitCode: (code: number) => void): Command {
  const program = new Command("wasm-mle")
    .description("Fit linear models and GLMs by maximum likelihood with WebAssembly SIMD kernels; predict with a saved model.")
    .version(packageVersion())
    .exitOverride()
    .showHelpAfterError("(run with --help for usage)")
    .addHelpText("after", EXIT_CODES_HELP);

  const number = decimalFlag;
  const list = (value: string) => value.split(",").map((name) => name.trim()).filter((name) => name.length > 0);

  const fit = program
    .command("fit")
    .description("Fit a model to a CSV file (header row) and print its coefficients, objective and log-likelihood.")
    .argument("<file.csv>", 'CSV file with a header row ("-" reads standard input)')
    .requiredOption("-t, --target <column>", "response column")
    .option("--features <list>", "comma-separated feature columns (default: every column except the target)", list)
    .option("--categorical <list>", "columns to one-hot encode although their cells are numbers (repeatable, or a comma list)", namesFlag)
    .option("--positive <label>", "bernoulli: the target label of the positive class (y = 1), for targets given as two labels")
    // The family decides how the target column is read, so an unknown one is refused before the file is.
    .option("-f, --family <name>", `likelihood family: ${Object.keys(FAMILIES).join(", ")} (default: gaussian)`, choiceFlag("-f, --family <name>", Object.keys(FAMILIES)))
    .option("--weights <column>", "column of sample weights >= 0 (not a feature)")
    .option("--classes <K>", "number of classes for multinomial (default: from the target column)", number("--classes"));
  addTrainerOptions(fit)
    .option("--alpha <mix>", "with --path/--cv: glmnet's elastic-net mix α in [0, 1] (default: 1, the lasso)", number("--alpha"))
    .option("--path", "print glmnet's regularisation path (Df, %Dev, Lambda per λ) instead of one fit")
    .option("--cv", "cross-validation over the path (--folds folds, seeded by --seed): lambda.min and lambda.1se, as cv.glmnet")
    .option("--n-lambda <n>", "number of λ values (default: 100)", number("--n-lambda"))
    .option("--lambda-min-ratio <r>", "smallest λ / largest (default: 1e-2 if rows < features, else 1e-4)", number("--lambda-min-ratio"))
    .option("--folds <k>", "number of --cv folds (default: 10)", number("--folds"))
    .option("--measure <name>", "--cv's deviance, mse, class or auc (default: deviance)")
    .option("--no-summary", "print the coefficients without standard errors (skips the p × p factorisation of the summary)")
    .option("--level <p>", "confidence level of the summary's intervals (default: 0.95)", number("--level"))
    .addOption(
      new Option("--staging <where>", "where X waits for the fit: file (a temporary file in TMPDIR, so peak memory stays near one copy of X) or memory (a typed array)")
        .default("file")
        .argParser(choiceFlag("--staging <where>", ["file", "memory"])),
    )
    .option("--save <model.json>", "write the fitted model (with its column encoding) as JSON, for wasm-mle predict and Model.fromJSON")
    .option("--json", "print one JSON object instead of the table (no progress bar)")
    .option("-q, --quiet", "no progress bar")
    .option("--progress", "show the progress bar even when stderr is not a terminal");
  addCsvOptions(fit)
    .addHelpText("after", FIT_HELP)
    .action(async (file: string, flags: FitFlags & CsvFlags) => {
      setExitCode(await fitCommand(file, flags, csvSyntax(flags)));
    });

  const predict = program
    .command("predict")
    .description("Predict with a model saved by fit --save: one line per row of a CSV file, to stdout or --output.")
    .argument("<model.json>", "model file written by wasm-mle fit --save (or fit.model() as JSON)")
    .argument("<file.csv>", 'CSV file with a header row naming the model\'s columns ("-" reads standard input)')
    .option("--output <file.csv>", "write the predictions to this file instead of standard output")
    .option("--kernels <build>", "auto, simd or scalar kernel binary (default: auto)", choiceFlag("--kernels <build>", ["auto", "simd", "scalar"]));
  addCsvOptions(predict)
    .addHelpText("after", PREDICT_HELP)
    .action(async (modelPath: string, file: string, flags: PredictFlags & CsvFlags) => {
      setExitCode(await predictCommand(modelPath, file, flags, csvSyntax(flags)));
    });
  return program;
}

function packageVersion(): string {
  return PACKAGE_VERSION;
}
