// The CLI as a user runs it: `node bin/wasm-mle.js fit ...` in a child process, on the bundled
// example data and on small CSV files written for each case; and its table printer, fed a fit
// with a summary(). Needs `npm run build` (npm test does it).
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { expectFailure, scratchDirectory, wasmMle } from "./helpers/cli.js";
import { fitToJson, formatFitTable } from "../dist/cli/format-fit.js";
import { GrowableFloats } from "../dist/cli/growable.js";
import { checkExactWork, summaryUnavailable } from "../dist/cli/work-estimate.js";
import { DataTooLargeError } from "../dist/index.js";
import { validateOptions } from "../dist/options.js";

const root = new URL("..", import.meta.url).pathname;
const cli = join(root, "bin", "wasm-mle.js");
const fairCsv = join(root, "examples", "data", "fair-affairs.csv");
// statsmodels Logit (newton) on the same 1061 rows; provenance inside the file.
const fair = JSON.parse(readFileSync(join(root, "test", "fixtures", "sm_fair_logit.json"), "utf8"));

const scratch = scratchDirectory("cli");
const csvFile = scratch.file;

// The settings of `npm start`.
const fairArgs = [
  "fit", fairCsv, "--target", "affair", "--family", "bernoulli",
  "--optimizer", "gd", "--standardize", "--learning-rate", "2", "--epochs", "5000", "--tolerance", "1e-14",
];

const maxRelativeError = (estimate: number[], reference: number[]) =>
  Math.max(...estimate.map((e, k) => Math.abs(e - reference[k]) / Math.abs(reference[k])));

describe("the bundled Fair (1978) data", () => {
  test("the CSV holds exactly the rows of the statsmodels fixture", () => {
    const [header, ...rows] = readFileSync(fairCsv, "utf8").trim().split("\n").map((line) => line.split(","));
    expect(header).toEqual([...fair.feature_names, "affair"]);
    expect(rows.length).toBe(fair.n);
    expect(rows.map((row) => row.slice(0, -1).map(Number))).toEqual(fair.X);
    expect(rows.map((row) => Number(row[row.length - 1]))).toEqual(fair.y);
  });

  test("the table shows every term, the objective and the log-likelihood of the maximum-likelihood fit", () => {
    const run = wasmMle(fairArgs);
    expect(run.stderr).toBe(""); // stderr is not a terminal here, so no progress bar
    expect(run.code).toBe(0);
    const lines = run.stdout.split("\n");
    const cellsOf = (term: string) => {
      const line = lines.find((l) => l.startsWith(`${term} `));
      expect(line, `a row for ${term}`).toBeDefined();
      return line!.trim().split(/\s+/).slice(1).map(Number);
    };
    const valueOf = (term: string) => cellsOf(term).pop()!;
    const terms = ["(intercept)", ...fair.feature_names];
    // 7 significant digits are printed; gradient descent stops within ~1e-5 of statsmodels' optimum.
    expect(maxRelativeError(terms.map((t) => cellsOf(t)[0]), [fair.reference.intercept, ...fair.reference.coef])).toBeLessThan(1e-4);
    // --standardize keeps the standard errors: the standardised fit's covariance mapped back to the original columns
    expect(maxRelativeError(terms.map((t) => cellsOf(t)[1]), [fair.reference.intercept_bse, ...fair.reference.coef_bse])).toBeLessThan(1e-4);
    expect(run.stdout).toMatch(/^term\s+coefficient\s+std err\s+z\s+P>\|z\|/m);
    expect(Math.abs(valueOf("log-likelihood") - fair.reference.llf)).toBeLessThan(1e-5);
    expect(Math.abs(valueOf("objective") - fair.objective.value_at_reference)).toBeLessThan(1e-8);
    expect(run.stdout).toMatch(/^converged\s+yes \(stop reason: converged\)$/m);
    expect(run.stdout).toMatch(/^optimizer\s+gd$/m);
    expect(run.stdout).toMatch(/^kernels\s+(simd|scalar)$/m);
    expect(run.stdout).toMatch(/^dtype\s+float64$/m);
    expect(run.stdout).toMatch(/^n\s+1061$/m);
  });

  test("--json gives the same fit as one object, coefficients by name", () => {
    const run = wasmMle([...fairArgs, "--json"]);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe("");
    const fit = JSON.parse(run.stdout);
    expect(Object.keys(fit.coefficients)).toEqual(fair.feature_names);
    const estimate = [fit.intercept, ...fair.feature_names.map((name: string) => fit.coefficients[name])];
    expect(maxRelativeError(estimate, [fair.reference.intercept, ...fair.reference.coef])).toBeLessThan(1e-4);
    expect(Math.abs(fit.logLikelihood - fair.reference.llf)).toBeLessThan(1e-6);
    // Unpenalised, the standardised objective is the mean negative log-likelihood at the mapped coefficients.
    expect(Math.abs(fit.objective - fair.objective.value_at_reference)).toBeLessThan(1e-9);
    expect(fit.objective).toBeCloseTo(-fit.logLikelihood / fair.n, 12);
    expect(fit).toMatchObject({
      family: "bernoulli", classes: 1, target: "affair", standardized: true, converged: true, stopReason: "converged",
      optimizer: "gd", dtype: "float64", n: 1061,
    });
    expect(["simd", "scalar"]).toContain(fit.kernels);
    expect(fit.epochs).toBeGreaterThan(1);
    expect(fit.epochs).toBeLessThan(5000);
  });

  test("without --standardize, the same gradient descent is far from converged after as many epochs", () => {
    const standardized = JSON.parse(wasmMle([...fairArgs, "--json"]).stdout);
    const raw = JSON.parse(wasmMle([...fairArgs.filter((a) => a !== "--standardize"), "--learning-rate", "0.01", "--json", "--epochs", String(standardized.epochs)]).stdout);
    expect(raw.objective).toBeGreaterThan(standardized.objective + 1e-3);
  });
});

describe("small files", () => {
  // y = 1 + 2·x1 − 3·x2 exactly, with columns on very different scales.
  const x1 = [1, 2, 3, 4, 5, 6, 7, 8];
  const x2 = [100, 300, 200, 500, 400, 800, 600, 700];
  const exactCsv = () =>
    csvFile("exact.csv", `x1,x2,y\n${x1.map((v, i) => `${v},${x2[i]},${1 + 2 * v - 3 * x2[i]}`).join("\n")}\n`);

  test("gaussian with --standardize recovers an exact linear relation on the original scale", () => {
    const run = wasmMle(["fit", exactCsv(), "-t", "y", "-o", "gd", "--standardize", "--learning-rate", "0.5", "--epochs", "20000", "--tolerance", "0", "--json"]);
    expect(run.code).toBe(0);
    const fit = JSON.parse(run.stdout);
    expect(fit.family).toBe("gaussian");
    expect(fit.intercept).toBeCloseTo(1, 6);
    expect(fit.coefficients.x1).toBeCloseTo(2, 6);
    expect(fit.coefficients.x2).toBeCloseTo(-3, 6);
  });

  test("--features picks and orders columns; --no-intercept prints no intercept", () => {
    const run = wasmMle(["fit", exactCsv(), "-t", "y", "--features", "x2,x1", "--no-intercept", "-o", "gd", "--learning-rate", "1e-6", "--epochs", "3", "--json"]);
    expect(run.code).toBe(0);
    const fit = JSON.parse(run.stdout);
    expect(fit.features).toEqual(["x2", "x1"]);
    expect(Object.keys(fit.coefficients)).toEqual(["x2", "x1"]);
    expect(fit.intercept).toBeNull();
    const table = wasmMle(["fit", exactCsv(), "-t", "y", "--features", "x2,x1", "--no-intercept", "-o", "gd", "--learning-rate", "1e-6", "--epochs", "3"]);
    expect(table.stdout).not.toContain("(intercept)");
    expect(table.stdout).toMatch(/^x2\s+\S+.*\n^x1\s+\S+/m);
  });

  test("multinomial text labels are numbered in sorted order, printed, and set the number of classes", () => {
    const file = csvFile("labels.csv", "size,colour\n1,red\n2,blue\n3,green\n1.5,red\n2.5,blue\n3.5,green\n0.5,red\n2.2,blue\n2.1,red\n1.2,blue\n3.1,blue\n2.4,green\n1.3,green\n3.3,red\n");
    const args = ["fit", file, "-t", "colour", "-f", "multinomial", "-o", "gd", "--learning-rate", "0.5", "--epochs", "50"];
    const table = wasmMle(args);
    expect(table.code).toBe(0);
    expect(table.stdout).toContain('classes: 0 = "blue", 1 = "green", 2 = "red"');
    // unpenalised: the summary's baseline form, class "blue" (0) fixed at zero, one row per class and term
    expect(table.stdout).toMatch(/^class\s+term\s+coefficient\s+std err\s+z\s+P>\|z\|/m);
    expect(table.stdout).toMatch(/^green\s+\(intercept\)\s+\S+/m);
    expect(table.stdout).toMatch(/^red\s+size\s+\S+/m);
    const fit = JSON.parse(wasmMle([...args, "--json"]).stdout);
    expect(fit.classes).toBe(3);
    expect(fit.classLabels).toEqual(["blue", "green", "red"]);
    expect(fit.intercept).toHaveLength(3);
    expect(fit.coefficients.size).toHaveLength(3);
    // Class probabilities sum to 1 whatever the parameters, so the intercepts start centred and stay so under gd.
    expect(Math.abs(fit.intercept.reduce((a: number, b: number) => a + b, 0))).toBeLessThan(1e-9);
  });

  test("multinomial 1-based codes are renumbered unless --classes says they are indices", () => {
    const file = csvFile("codes.csv", "x,grade\n1,1\n2,2\n3,3\n1.2,1\n2.2,2\n3.2,3\n2.1,1\n1.1,2\n3.1,2\n2.3,3\n1.3,3\n3.3,1\n");
    const args = ["fit", file, "-t", "grade", "-f", "multinomial", "-o", "gd", "--epochs", "5"];
    const mapped = wasmMle(args);
    expect(mapped.code).toBe(0);
    expect(mapped.stdout).toContain('classes: 0 = "1", 1 = "2", 2 = "3"');
    expect(JSON.parse(wasmMle([...args, "--json"]).stdout)).toMatchObject({ classes: 3, classLabels: ["1", "2", "3"] });
    // As indices, class 0 never occurs: its intercept would have to be −∞, so no fit exists (issue 8, existence);
    // like a label outside --classes (below), the target and the flag do not fit together: bad input, exit 2.
    expectFailure(wasmMle([...args, "--classes", "4", "--json"]), 2, /class 0 never occurs in y/);
    const tooFew = wasmMle([...args, "--classes", "3"]);
    expectFailure(tooFew, 2, /y\[2\] = 3: .* \(data row 3, line 4, column "grade"\)/);
  });

  test("CSV from standard input", () => {
    const run = wasmMle(["fit", "-", "-t", "y", "-o", "gd", "--epochs", "2", "--json"], { input: "x,y\n1,2\n2,4\n3,7\n" });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ file: "standard input", n: 3, epochs: 2 });
  });

  test("--progress draws the bar on stderr even when it is not a terminal; --json keeps stderr clean", () => {
    const file = exactCsv();
    const shown = wasmMle(["fit", file, "-t", "y", "-o", "gd", "--standardize", "--learning-rate", "0.5", "--epochs", "40", "--tolerance", "0", "--progress"]);
    expect(shown.code).toBe(0);
    expect(shown.stderr).toMatch(/fitting .* 40\/40 epochs \| objective /);
    const quiet = wasmMle(["fit", file, "-t", "y", "-o", "gd", "--learning-rate", "1e-6", "--epochs", "40", "--progress", "--json"]);
    expect(quiet.stderr).toBe("");
  });
});

describe("errors: a clear message, an exit code, no stack trace", () => {
  test("a text cell in a numeric column names its data row, line and column, and the flag for categories (exit 2)", () => {
    const file = csvFile("text.csv", "age,income,y\n30,1000,0\n41,lots,1\n");
    expectFailure(
      wasmMle(["fit", file, "-t", "y", "-o", "gd"]), 2,
      /data row 2 \(line 3\), column "income" is "lots", not a number, but its data row 1 is "1000": the column mixes numbers and text\. If its values are categories, give --categorical "income"/,
    );
  });

  test("an empty cell is a missing value, named by data row, line and column (exit 2)", () => {
    const file = csvFile("blank.csv", "a,y\n1,0\n,1\n");
    expectFailure(wasmMle(["fit", file, "-t", "y", "-o", "gd"]), 2, /1 data row has a missing value .*: data row 2 \(line 3, column "a"\)\. Give --missing drop/);
  });

  test("a missing target column lists the columns there are (exit 2)", () => {
    expectFailure(wasmMle(["fit", fairCsv, "-t", "affairs", "-o", "gd"]), 2, /target column "affairs" is not in .*; its columns are "rate_marriage", .*"affair"/);
  });

  test("an unknown family lists the valid ones (exit 2)", () => {
    expectFailure(wasmMle(["fit", fairCsv, "-t", "affair", "--family", "logistic"]), 2, /'logistic' is invalid\. Allowed choices are gaussian, bernoulli, poisson, multinomial/);
  });

  test("empty file, header without rows, ragged rows, missing file (exit 2)", () => {
    expectFailure(wasmMle(["fit", csvFile("empty.csv", ""), "-t", "y"]), 2, /empty\.csv is empty: expected a header row/);
    expectFailure(wasmMle(["fit", csvFile("header.csv", "x,y\n"), "-t", "y"]), 2, /has a header but no data rows/);
    expectFailure(wasmMle(["fit", csvFile("ragged.csv", "x,y\n1,0\n2\n"), "-t", "y"]), 2, /not valid CSV: Invalid Record Length: expect 2, got 1 on line 3/);
    expectFailure(wasmMle(["fit", scratch.path("nowhere.csv"), "-t", "y"]), 2, /cannot read ".*nowhere\.csv": no such file/);
  });

  test("a value the trainer refuses names the flag (exit 2)", () => {
    expectFailure(wasmMle([...fairArgs, "--learning-rate", "0"]), 2, /Invalid option learningRate: got 0; expected a finite number > 0 \(--learning-rate\)/);
    expectFailure(wasmMle([...fairArgs, "--epochs", "2.5"]), 2, /Invalid option epochs: got 2\.5; expected an integer .* \(--epochs\)/);
    expectFailure(wasmMle([...fairArgs, "--learning-rate", "fast"]), 2, /--learning-rate needs a decimal number such as 100, 0\.5 or 1e-4, got "fast"/);
  });

  test("a response outside the family's domain names its CSV line and column (exit 2)", () => {
    const file = csvFile("counts.csv", "x,y\n1,0\n2,1\n3,2\n");
    expectFailure(wasmMle(["fit", file, "-t", "y", "-f", "bernoulli", "-o", "gd"]), 2, /y\[2\] = 2: bernoulli needs y to be 0 or 1 \(data row 3, line 4, column "y"\)\. For a target of two labels give --positive <label>\./);
  });

  test("a diverging fit fails with exit 1 and advice", () => {
    const file = csvFile("diverge.csv", "x,y\n100,1\n200,2\n300,4\n");
    expectFailure(wasmMle(["fit", file, "-t", "y", "-o", "gd", "--learning-rate", "10", "--epochs", "500"]), 1, /diverged .*Try a smaller --learning-rate than 10 \(for example --learning-rate 1\), or standardise the features \(--standardize\)/);
  });

  test("usage errors exit 2", () => {
    expectFailure(wasmMle(["fit", fairCsv]), 2, /required option '-t, --target <column>' not specified/);
    expectFailure(wasmMle(["fit", fairCsv, "-t", "affair", "--bogus"]), 2, /unknown option '--bogus'/);
  });

  test("--help documents the exit codes and exits 0", () => {
    const run = wasmMle(["fit", "--help"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Exit codes:/);
    expect(run.stdout).toMatch(/--standardize/);
  });
});

describe("formatFitTable passes a fit's summary() through", () => {
  const ref = fair.reference;
  const names: string[] = fair.feature_names;
  const fitBase = {
    coefficients: Float64Array.from(ref.coef), intercept: Float64Array.of(ref.intercept),
    objective: fair.objective.value_at_reference, logLikelihood: ref.llf, history: new Float64Array(9), epochs: 9,
    converged: true, stopReason: "converged", family: "bernoulli", classes: 1, features: 6, optimizer: "newton",
    dtype: "float64", kernels: "simd", nobs: 1061, weightTotal: 1061,
  };
  // The FitSummary shape (bindings/inference/summary.ts), with statsmodels' standard errors.
  const estimates = [ref.intercept, ...ref.coef];
  const stdErrors = [ref.intercept_bse, ...ref.coef_bse];
  const summary = () => ({
    terms: ["intercept", ...names].map((term, k) => ({
      term, output: 0, estimate: estimates[k], stdError: stdErrors[k], statistic: estimates[k] / stdErrors[k],
      pValue: k === 1 ? 1.2e-24 : 0.25, ciLower: estimates[k] - 1.96 * stdErrors[k], ciUpper: estimates[k] + 1.96 * stdErrors[k], reason: null,
    })),
    statisticName: "z", level: 0.95, aic: ref.aic, bic: ref.bic, pseudoRSquared: ref.prsquared, rSquared: null,
    notes: ["Covariance: inverse Fisher information at the estimates (scale 1); z statistics."], warnings: [],
  });

  test("std err, z, p and the interval appear per term, with AIC, BIC and the notes", () => {
    const text = formatFitTable({ ...fitBase, summary } as never, names, { fitIntercept: true });
    expect(text).toMatch(/^term\s+coefficient\s+std err\s+z\s+P>\|z\|\s+\[0\.025\s+0\.975\]$/m);
    expect(text).toMatch(/^rate_marriage\s+-0\.8104970\s+0\.07900253\s+-10\.259\s+1\.2e-24\s+-0\.9653420\s+-0\.6556520$/m);
    expect(text).toMatch(/^\(intercept\)\s+4\.931686\s+0\.7498774\s+6\.577\s+0\.2500/m);
    expect(text).toMatch(/^AIC\s+1133\.6861$/m);
    expect(text).toMatch(/^pseudo R-squared\s+0\.161542$/m);
    expect(text).toContain("note: Covariance: inverse Fisher information");
    const json = fitToJson({ ...fitBase, summary } as never, names, { fitIntercept: true });
    expect((json.summary as { terms: { term: string; stdError: number }[] }).terms[2]).toMatchObject({ term: "age", stdError: ref.coef_bse[1] });
  });

  test("without a summary, or with one of another shape, the plain table is printed", () => {
    for (const fit of [fitBase, { ...fitBase, summary: () => ({ something: "else" }) }]) {
      const text = formatFitTable(fit as never, names, { fitIntercept: true });
      expect(text).toMatch(/^term\s+coefficient$/m);
      expect(text).not.toContain("std err");
      expect(text).toMatch(/^educ\s+-0\.07184045$/m);
    }
  });

  test("the fit's own warnings are printed, and listed in --json", () => {
    const fit = { ...fitBase, warnings: ["Quasi-separation: educ keeps growing."] };
    expect(formatFitTable(fit as never, names, { fitIntercept: true })).toMatch(/^warning: Quasi-separation: educ keeps growing\.$/m);
    expect(fitToJson(fit as never, names, { fitIntercept: true }).warnings).toEqual(["Quasi-separation: educ keeps growing."]);
  });
});

describe("GrowableFloats: a column of unknown length in one buffer that grows in place", () => {
  const fail = (bytes: number): never => {
    throw new Error(`full at ${bytes}`);
  };

  test.each([["float64", Float64Array], ["float32", Float32Array]] as const)("%s: every value kept, in order, across block and growth boundaries", (dtype, Type) => {
    const column = new GrowableFloats(dtype, fail);
    const count = 3 * 65536 + 7;
    for (let k = 0; k < count; k++) column.push(k * 0.5 - 1000);
    expect(column.length).toBe(count);
    column.mapInPlace((v: number) => v + 1);
    const values = column.finish();
    expect(values).toBeInstanceOf(Type);
    expect(values.length).toBe(count);
    expect(values[0]).toBe(-999);
    expect(values[65535]).toBe(65535 * 0.5 - 999);
    expect(values[count - 1]).toBe((count - 1) * 0.5 - 999);
    expect(values.buffer.byteLength).toBe(count * Type.BYTES_PER_ELEMENT); // trimmed to what was written
  });

  test("an empty column finishes as an empty array", () => {
    expect(new GrowableFloats("float64", fail).finish().length).toBe(0);
  });
});

describe("checkExactWork: the p × p work is judged before fitting, by the library's own estimate", () => {
  const options = (extra: Record<string, unknown> = {}) => validateOptions({ family: "bernoulli", ...extra });

  test("small problems pass, with newton and with the summary", () => {
    expect(() => checkExactWork({ rows: 100_000, cols: 20, options: options(), optimizer: "newton", summary: true })).not.toThrow();
  });

  test("a newton iteration over the limit names --optimizer lbfgs; a summary over it names --no-summary", () => {
    // 2·n·q² = 2 · 2e6 · 201² = 1.6e11 flops per pass, ~80 s at exact-work.ts's assumed 2 GFlop/s.
    const request = { rows: 2_000_000, cols: 199, options: options(), optimizer: "newton" as const, summary: false };
    expect(() => checkExactWork(request)).toThrow(/^--optimizer newton would factorise a p × p matrix for p = 200 coefficients: \(199 feature columns \+ intercept\): about 81 s of work on 2,000,000 rows, more than the 10 s allowed\. .* Use --optimizer lbfgs \(auto chose newton\), or fewer columns \(--features a,b,c\)\.$/);
    expect(() => checkExactWork({ ...request, optimizer: "lbfgs", summary: true })).toThrow(/^the summary \(standard errors\) would factorise .* Use --no-summary \(coefficients without standard errors\), or fewer columns/);
    expect(() => checkExactWork({ ...request, optimizer: "lbfgs", summary: false })).not.toThrow();
  });

  test("without rows (the header alone) only what p decides is judged", () => {
    expect(() => checkExactWork({ rows: null, cols: 199, options: options(), optimizer: "newton", summary: true })).not.toThrow();
    expect(() => checkExactWork({ rows: null, cols: 6000, options: options(), optimizer: "lbfgs", summary: true })).toThrow(/p = 6,001 coefficients/);
  });

  test("a penalised multinomial model counts all K class blocks", () => {
    const multinomial = validateOptions({ family: "multinomial", classes: 50, l2: 1e-3 });
    expect(() => checkExactWork({ rows: null, cols: 200, options: multinomial, optimizer: "lbfgs", summary: true })).toThrow(/p = 10,050 coefficients: \(200 feature columns \+ intercept\) × 50 classes/);
  });

  test("a summary the library still refuses is dropped with a warning, and the fit is kept", () => {
    const fit = { warnings: ["w"], summary: () => { throw new DataTooLargeError(2 ** 33, 2 ** 32, "The Fisher information factor"); } };
    const kept = summaryUnavailable(fit as never);
    expect(kept.summary).toBeUndefined();
    expect(kept.warnings[0]).toBe("w");
    expect(kept.warnings[1]).toMatch(/^no standard errors: The Fisher information factor needs 8\.00 GiB/);
    const other = { warnings: [], summary: () => { throw new Error("a bug"); } };
    expect(() => summaryUnavailable(other as never)).toThrow("a bug");
  });
});
