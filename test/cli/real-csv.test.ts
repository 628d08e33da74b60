// The CLI on real public CSV files as they are distributed (statsmodels' bundled data sets, and
// MASS's Pima.tr and biopsy written by R's write.csv; sources and licences in
// test/fixtures/csv/README.md), against statsmodels fits of the same models
// (test/fixtures/csv/references.py → references.json). Needs `npm run build`.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { REPO_ROOT, expectFailure, wasmMle } from "../helpers/cli.js";

const dir = join(REPO_ROOT, "test", "fixtures", "csv");
const csv = (name: string) => join(dir, name);
const refs = JSON.parse(readFileSync(csv("references.json"), "utf8"));

interface Reference {
  params: Record<string, number>;
  bse: Record<string, number>;
  nobs: number;
  llf: number;
  dropped_data_rows?: number[];
  levels?: string[];
}

/** Runs `fit … --json` and returns the parsed object (the run must succeed with a clean stderr). */
function fitJson(args: string[]): Record<string, any> {
  const run = wasmMle(["fit", ...args, "--json"]);
  expect(run.stderr).toBe("");
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout);
}

/** The fit's coefficients, standard errors, n and log-likelihood equal statsmodels' to `rtol`, names included. */
function expectReference(fit: Record<string, any>, ref: Reference, rtol: number) {
  const names = Object.keys(ref.params).filter((name) => name !== "Intercept");
  expect(fit.features.slice().sort()).toEqual(names.slice().sort());
  const close = (value: number, expected: number, what: string) =>
    expect(Math.abs(value - expected), `${what}: ${value} vs ${expected}`).toBeLessThanOrEqual(rtol * Math.max(1, Math.abs(expected)));
  close(fit.intercept, ref.params.Intercept, "intercept");
  for (const name of names) close(fit.coefficients[name], ref.params[name], name);
  const se = Object.fromEntries(fit.summary.terms.map((t: { term: string; stdError: number }) => [t.term === "(intercept)" ? "Intercept" : t.term, t.stdError]));
  for (const name of Object.keys(ref.bse)) close(se[name], ref.bse[name], `std err of ${name}`);
  expect(fit.n).toBe(ref.nobs);
  close(fit.logLikelihood, ref.llf, "log-likelihood");
}

describe("string columns: one-hot with a reference level, patsy's names", () => {
  test("statsmodels grunfeld: invest ~ value + capital + firm (11 firms, text) equals statsmodels OLS with C(firm)", () => {
    const ref: Reference = refs.grunfeld_ols_firm;
    const fit = fitJson([csv("grunfeld.csv"), "--target", "invest", "--features", "value,capital,firm", "--optimizer", "newton"]);
    // The reference level is the first in sorted order, American Steel; the others are named firm[T.level].
    expect(fit.features).toEqual(["value", "capital", ...ref.levels!.slice(1).map((level) => `firm[T.${level}]`)]);
    expect(fit.encoding.columns[2]).toEqual({ name: "firm", kind: "categorical", levels: ref.levels, reference: "American Steel" });
    expectReference(fit, ref, 1e-8);
  });

  test("--no-intercept: the first categorical column gets a column per level, firm[level], as patsy's y ~ C(firm) + ... - 1", () => {
    const ref: Reference = refs.grunfeld_ols_firm_no_intercept;
    const fit = fitJson([csv("grunfeld.csv"), "-t", "invest", "--features", "firm,value,capital", "--no-intercept", "-o", "newton"]);
    expect(fit.features).toEqual(Object.keys(ref.params));
    expect(fit.intercept).toBeNull();
    for (const name of Object.keys(ref.params)) {
      expect(Math.abs(fit.coefficients[name] - ref.params[name])).toBeLessThanOrEqual(1e-8 * Math.max(1, Math.abs(ref.params[name])));
    }
    expect(fit.n).toBe(ref.nobs);
  });

  test("the table names the categorical column, its levels and its reference level", () => {
    const run = wasmMle(["fit", csv("grunfeld.csv"), "-t", "invest", "--features", "value,capital,firm", "-o", "newton"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^categorical "firm": 11 levels, reference level "American Steel"$/m);
    expect(run.stdout).toMatch(/^firm\[T\.US Steel\]\s+122\.48\d+/m);
  });

  test("statsmodels modechoice (';'-separated, found by --delimiter auto): --categorical mode for numeric codes", () => {
    const ref: Reference = refs.modechoice_logit_mode;
    const fit = fitJson([csv("modechoice.csv"), "-t", "choice", "-f", "bernoulli", "--features", "mode,ttme,hinc", "--categorical", "mode", "-o", "newton"]);
    expect(fit.features).toEqual(["mode[T.2]", "mode[T.3]", "mode[T.4]", "ttme", "hinc"]);
    expectReference(fit, ref, 1e-7);
    // The same with the delimiter given.
    const given = fitJson([csv("modechoice.csv"), "-t", "choice", "-f", "bernoulli", "--features", "mode,ttme,hinc", "--categorical", "mode", "-o", "newton", "--delimiter", ";"]);
    expect(given.coefficients).toEqual(fit.coefficients);
  });

  test("without --categorical a numeric-coded column stays numeric (one coefficient)", () => {
    const fit = fitJson([csv("modechoice.csv"), "-t", "choice", "-f", "bernoulli", "--features", "mode,ttme", "-o", "newton"]);
    expect(fit.features).toEqual(["mode", "ttme"]);
  });


  test("statsmodels statecrime: a text column with a different value in every row (state names) is refused as an identifier", () => {
    expectFailure(wasmMle(["fit", csv("statecrime.csv"), "-t", "murder", "-o", "newton"]), 2, /column "state" holds a different text in each of its 51 rows \(an identifier, not a category\): leave it out with --features, or give --categorical "state"/);
    const fit = fitJson([csv("statecrime.csv"), "-t", "murder", "--features", "poverty,hs_grad,urban", "-o", "newton"]);
    expect(fit.n).toBe(51);
  });
});

describe("missing values (NA, empty cells)", () => {
  test("statsmodels fertility (empty cells): the default names the 1-based data rows, capped, and how many", () => {
    const ref: Reference = refs.fertility_ols_missing;
    const rows = ref.dropped_data_rows!;
    const run = wasmMle(["fit", csv("fertility.csv"), "-t", "2010", "--features", "1970,1990", "-o", "newton"]);
    expectFailure(run, 2, new RegExp(`${rows.length} data rows have missing values .*: data row ${rows[0]} \\(line ${rows[0] + 1}, column.*… and ${rows.length - 5} more\\. Give --missing drop`));
    for (const row of rows.slice(0, 5)) expect(run.stderr).toContain(`data row ${row} (`);
    expect(run.stderr).not.toContain(`data row ${rows[5]} (`);
  });

  test("--missing drop leaves those rows out: statsmodels OLS with missing='drop'", () => {
    const ref: Reference = refs.fertility_ols_missing;
    const fit = fitJson([csv("fertility.csv"), "-t", "2010", "--features", "1970,1990", "-o", "newton", "--missing", "drop"]);
    expectReference(fit, ref, 1e-9);
    expect(fit.droppedRows).toEqual({ count: ref.dropped_data_rows!.length, first: ref.dropped_data_rows!.slice(0, 5) });
  });

  test("MASS biopsy (R's NA, a text target): --missing drop with --positive malignant equals statsmodels Logit", () => {
    const ref: Reference = refs.biopsy_logit_missing;
    const features = Array.from({ length: 9 }, (_, k) => `V${k + 1}`).join(",");
    const fit = fitJson([csv("biopsy.csv"), "-t", "class", "-f", "bernoulli", "--positive", "malignant", "--features", features, "-o", "newton", "--missing", "drop"]);
    expect(fit.positive).toBe("malignant");
    expectReference(fit, ref, 1e-7);
    expect(fit.droppedRows.count).toBe(16);
    expect(fit.droppedRows.first).toEqual(ref.dropped_data_rows!.slice(0, 5));
  });

  test("NA in the target is missing too; the table reports the rows left out", () => {
    const run = wasmMle(["fit", csv("biopsy.csv"), "-t", "V6", "--features", "V1,V2", "-o", "newton", "--missing", "drop"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^left out 16 data rows with missing values \(--missing drop\): data row 24 \(line 25, column "V6"\)/m);
  });
});

describe("bernoulli targets given as two labels", () => {
  test("MASS Pima.tr (type No/Yes): without --positive the labels are listed with the flag to give", () => {
    expectFailure(wasmMle(["fit", csv("pima-tr.csv"), "-t", "type", "-f", "bernoulli"]), 2, /column "type" of .* holds the two labels "No", "Yes", not 0\/1: name the positive class with --positive <label> \(for example --positive Yes\)/);
  });

  test("--positive Yes equals statsmodels Logit of type == 'Yes'", () => {
    const fit = fitJson([csv("pima-tr.csv"), "-t", "type", "-f", "bernoulli", "--positive", "Yes", "-o", "newton"]);
    expectReference(fit, refs.pima_logit_yes, 1e-7);
    // --positive No is the same model with every sign flipped.
    const flipped = fitJson([csv("pima-tr.csv"), "-t", "type", "-f", "bernoulli", "--positive", "No", "-o", "newton"]);
    expect(flipped.intercept).toBeCloseTo(-fit.intercept, 9);
    expect(flipped.coefficients.glu).toBeCloseTo(-fit.coefficients.glu, 12);
  });

  test("a --positive that is not a label, more than two labels, or --positive without bernoulli are refused", () => {
    expectFailure(wasmMle(["fit", csv("pima-tr.csv"), "-t", "type", "-f", "bernoulli", "--positive", "yes"]), 2, /--positive "yes" is not a label of column "type" .*; its labels are "No", "Yes"/);
    expectFailure(wasmMle(["fit", csv("grunfeld.csv"), "-t", "firm", "-f", "bernoulli", "--positive", "IBM"]), 2, /column "firm" of .* has 11 labels .*--family bernoulli needs two\. For more classes use --family multinomial/);
    expectFailure(wasmMle(["fit", csv("pima-tr.csv"), "-t", "glu", "--positive", "Yes"]), 2, /--positive names the positive class of --family bernoulli; it cannot be used with --family gaussian/);
  });

  test("0/1 targets stay as they are", () => {
    const fit = fitJson([csv("anes96.csv"), "-t", "vote", "-f", "bernoulli", "--features", "TVnews,selfLR,age,educ", "-o", "newton", "--quote", "'"]);
    expect(fit.positive).toBeUndefined();
    expectReference(fit, refs.anes96_logit, 1e-7);
  });
});

describe("delimiters, quotes and decimal commas", () => {
  test("statsmodels anes96 (tab-separated, names in single quotes): auto-detected tab, or --delimiter '\\t' (two characters)", () => {
    const auto = fitJson([csv("anes96.csv"), "-t", "vote", "-f", "bernoulli", "--features", "selfLR,educ", "-o", "newton", "--quote", "'"]);
    const tab = fitJson([csv("anes96.csv"), "-t", "vote", "-f", "bernoulli", "--features", "selfLR,educ", "-o", "newton", "--quote", "'", "--delimiter", "\\t"]);
    const literal = fitJson([csv("anes96.csv"), "-t", "vote", "-f", "bernoulli", "--features", "selfLR,educ", "-o", "newton", "--quote", "'", "--delimiter", "\t"]);
    expect(tab.coefficients).toEqual(auto.coefficients);
    expect(literal.coefficients).toEqual(auto.coefficients);
  });

  test("statsmodels engel rewritten with single spaces and ' quotes (as statsmodels' spector.csv is written): the space is found", () => {
    const text = readFileSync(csv("engel.csv"), "utf8").replace(/,/g, " ").replace(/"/g, "'");
    const run = wasmMle(["fit", "-", "-t", "foodexp", "-o", "newton", "--quote", "'", "--json"], { input: text });
    expect(run.code).toBe(0);
    expectReference(JSON.parse(run.stdout), refs.engel_ols, 1e-9);
  });

  test("without --quote \"'\" the quoted names are named, with the flag that reads them", () => {
    expectFailure(wasmMle(["fit", csv("anes96.csv"), "-t", "vote", "-f", "bernoulli"]), 2, /target column "vote" is not in .*; its columns are "'popul'", .* \(its names are in single quotes: give --quote "'"\)/);
  });

  test("statsmodels engel rewritten with decimal commas and ';' reads as the same numbers with --decimal ,", () => {
    const ref: Reference = refs.engel_ols;
    const original = fitJson([csv("engel.csv"), "-t", "foodexp", "-o", "newton"]);
    expectReference(original, ref, 1e-9);
    const text = readFileSync(csv("engel.csv"), "utf8").replace(/,/g, ";").replace(/\./g, ",");
    const run = wasmMle(["fit", "-", "-t", "foodexp", "-o", "newton", "--decimal", ",", "--json"], { input: text });
    expect(run.code).toBe(0);
    const comma = JSON.parse(run.stdout);
    expect(comma.coefficients).toEqual(original.coefficients);
    expect(comma.intercept).toBe(original.intercept);
  });

  test("--decimal , cannot go with the delimiter ','; dot decimals under --decimal , (and comma decimals without it) are named", () => {
    expectFailure(wasmMle(["fit", csv("engel.csv"), "-t", "foodexp", "--decimal", ",", "--delimiter", ","]), 2, /--decimal , cannot be used with the delimiter ","/);
    const dots = readFileSync(csv("engel.csv"), "utf8").replace(/,/g, ";");
    expectFailure(wasmMle(["fit", "-", "-t", "foodexp", "--decimal", ","], { input: dots }), 2, /data row 1 \(line 2\), column "income" is "420\.157650843928": with --decimal , numbers are written like 1,5/);
    const commas = dots.replace(/\./g, ",");
    expectFailure(wasmMle(["fit", "-", "-t", "foodexp"], { input: commas }), 2, /column "income" is "420,157650843928": a decimal comma\? Give --decimal ,/);
  });
});
