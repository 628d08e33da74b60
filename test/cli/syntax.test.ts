// The CLI's reading rules as units: delimiter detection, the missing-value set, decimal commas,
// the flags' checks, and the translation of the library's advice into CLI flags (on the messages
// the library really writes). Needs `npm run build`.
import { describe, expect, test } from "vitest";
import { MISSING_CELLS, missingTest, parseNumber } from "../../dist/cli/cells.js";

const isMissing = missingTest({ decimal: "." });
import { detectDelimiter } from "../../dist/cli/delimiter.js";
import { checkCsvFlags, delimiterFlag, namesFlag, quoteFlag } from "../../dist/cli/flags.js";
import { cliHints } from "../../dist/cli/hints.js";
import { CollinearityError, ConvergenceError, DataTooLargeError, DivergenceError, SeparationError, newtonRefusal } from "../../dist/index.js";
import { wasmMle } from "../helpers/cli.js";

const detect = (text: string, decimal: "." | "," = ".", quote: string | null = '"') => detectDelimiter(Buffer.from(text), { quote, decimal });

describe("--delimiter auto", () => {
  test.each([
    ["a,b,c\n1,2,3\n", ","],
    ["a;b;c\n1,5;2;3\n", ";"],
    ["a\tb\tc\n1\t2\t3\n", "\t"],
    ["a|b|c\n1|2|3\n", "|"],
    ['"name, full";age\n"Smith, J";30\n', ";"],
    ["single\n1\n2\n", ","],
    ["a,b;c\n1,2;3\n", ","],
    ["'OBS' 'GPA' 'PSI'\n1 2.66 0\n2 2.89 1\n", " "],
    ["total income\n5\n6\n", ","],
  ])("%j → %j", (text, expected) => {
    expect(detect(text)).toBe(expected);
  });

  test("a delimiter that is not consistent over the lines loses to one that is", () => {
    // The header has two commas but the rows have more: ";" splits every line into 3 fields.
    expect(detect("x,1;y,2;z\n1,5;2,5;3,5\n4,25;5,75;6\n")).toBe(";");
  });

  test('with --decimal , the comma is never the delimiter', () => {
    expect(detect("a,b\n1,5\n", ",")).toBe(",");
    expect(detect("a;b\n1,5;2,5\n", ",")).toBe(";");
  });

  test("a header alone (standard input that has sent only its first line) is judged on that line", () => {
    expect(detect("a;b;c\n")).toBe(";");
    expect(detect("a|b")).toBe("|");
  });
});

describe("cells", () => {
  test("the missing set: pandas' default na_values plus . and ?; case matters, numbers and words are not missing", () => {
    for (const cell of ["", "NA", "NaN", "nan", "N/A", "n/a", "NULL", "null", "None", "<NA>", "#N/A", ".", "?"]) expect(isMissing(cell), cell).toBe(true);
    for (const cell of ["0", "na", "Null", "none", "-", "missing", "0.0", "NAN"]) expect(isMissing(cell), cell).toBe(false);
    expect(new Set(MISSING_CELLS).size).toBe(MISSING_CELLS.length);
  });

  test("--na adds cells to the set", () => {
    const withNa = missingTest({ decimal: ".", na: ["-99", "missing"] });
    expect(["-99", "missing", "NA", ""].map(withNa)).toEqual([true, true, true, true]);
    expect(["-9", "99", "Missing"].map(withNa)).toEqual([false, false, false]);
  });

  test("--na -99 in a fit and in predict: those rows are missing", () => {
    const input = "x,y\n1,2.1\n-99,50\n2,3.9\n3,6.2\n4,7.8\n";
    expect(wasmMle(["fit", "-", "-t", "y", "-o", "newton", "--na=-99"], { input }).stderr).toMatch(/1 data row has a missing value .*: data row 2 \(line 3, column "x"\)/);
    const fit = JSON.parse(wasmMle(["fit", "-", "-t", "y", "-o", "newton", "--na=-99", "--missing", "drop", "--json"], { input }).stdout);
    expect(fit.n).toBe(4);
    expect(fit.droppedRows).toEqual({ count: 1, first: [2] });
  });

  test("decimal commas: 1,5 is 1.5 with ',' only; a dot is then not a number", () => {
    expect(parseNumber("1,5", ",")).toBe(1.5);
    expect(parseNumber("-2,5e-3", ",")).toBe(-0.0025);
    expect(parseNumber("1.5", ",")).toBeNaN();
    expect(parseNumber("1,5", ".")).toBeNaN();
    expect(parseNumber("1.5", ".")).toBe(1.5);
    expect(parseNumber("1,000,5", ",")).toBeNaN();
  });
});

describe("CSV flags", () => {
  test("'\\t' typed as two characters is a tab; auto stays auto", () => {
    expect(delimiterFlag("\\t")).toBe("\t");
    expect(delimiterFlag("\t")).toBe("\t");
    expect(delimiterFlag("auto")).toBe("auto");
    expect(() => delimiterFlag("")).toThrow(/--delimiter "" is not usable/);
  });

  test("--quote takes one printable character or none", () => {
    expect(quoteFlag("'")).toBe("'");
    expect(quoteFlag("none")).toBeNull();
    expect(() => quoteFlag("''")).toThrow(/--quote "''" is not usable/);
    expect(() => quoteFlag(",")).toThrow(/not usable/);
  });

  test("--decimal , with a comma delimiter, and a delimiter holding the quote, are refused", () => {
    expect(() => checkCsvFlags({ delimiter: ",", quote: '"', decimal: "," })).toThrow(/--decimal , cannot be used with the delimiter ","/);
    expect(() => checkCsvFlags({ delimiter: "auto", quote: '"', decimal: "," })).not.toThrow();
    expect(() => checkCsvFlags({ delimiter: "'", quote: "'", decimal: "." })).toThrow(/holds the quote character/);
  });

  test("--categorical repeats and takes comma lists", () => {
    expect(namesFlag("c", namesFlag("a, b", undefined))).toEqual(["a", "b", "c"]);
  });
});

describe("the library's advice in CLI syntax", () => {
  const estimate = { coefficients: new Float64Array(1), intercept: new Float64Array(1), objective: 1 };
  test.each([
    ["collinearity", new CollinearityError(["x2"], [1]).message, /give --collinear drop to fix/, /collinear: "drop"/],
    ["divergence (gd)", new DivergenceError(3, Infinity, 2, 1.5).message, /Try a smaller --learning-rate than 2 \(for example --learning-rate 0\.2\), or standardise the features \(--standardize\)/, /learningRate/],
    ["divergence (newton)", new DivergenceError(3, Infinity, null, 1.5).message, /Standardise the features \(--standardize\) or add an L2 penalty \(--l2 1e-4\)/, /\bl2:/],
    ["separation", new SeparationError(["x"], 10, 5, estimate).message, /Add an L2 penalty \(for example --l2 1e-4\)/, /\bl2: /],
    ["separation by the data", new SeparationError(["intercept"], 0, 0, estimate, { detectedBy: "data", reason: "every y is 1" }).message, /fit without an intercept \(--no-intercept\)/, /\bl2: /],
    ["convergence", new ConvergenceError("stepHalving", 5, estimate, 30).message, /add an L2 penalty \(--l2 1e-4\)/, /\bl2: /],
    ["too large", new DataTooLargeError(2 ** 33, 2 ** 32, "X").message, /Use --dtype float32/, /dtype "/],
    ["newton rows", newtonRefusal(3, 10, false)!.message, /\(for example --l2 1e-4\), or use fewer features; --optimizer lbfgs with --l2 also fits it/, /optimizer "/],
  ])("%s", (_name, message, wanted, unwanted) => {
    const translated = cliHints(message);
    expect(translated).toMatch(wanted);
    expect(translated).not.toMatch(unwanted);
  });

  test("a fit that fails in the CLI prints the translated advice", () => {
    const run = wasmMle(["fit", "-", "-t", "y", "-o", "newton"], { input: "x,z,y\n1,2,0.5\n2,4,1.5\n3,6,2.5\n4,8,3\n" });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/give --collinear drop/);
    expect(run.stderr).not.toMatch(/collinear: "drop"/);
  });
});
