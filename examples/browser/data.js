// Turning a CSV into what the trainer takes, shared by the demo page and its test (which loads the
// same file in Node and fits it there, to check that the page shows the library's numbers).
// CSV parsing is papaparse's (header row, numbers typed); a cell that is empty, "NA" or "NaN" is missing.
import Papa from "papaparse";

const MISSING = new Set(["", "NA", "NaN", "nan", "null", "NULL"]);

/** Columns of a CSV text: `{ name, values, numeric }[]`, values as parsed (number, string or null for missing). */
export function parseCsv(text) {
  const parsed = Papa.parse(text.trim(), { header: true, dynamicTyping: true, skipEmptyLines: true });
  const fatal = parsed.errors.find((error) => error.type !== "FieldMismatch" || parsed.data.length === 0);
  if (fatal) throw new Error(`CSV row ${fatal.row + 2}: ${fatal.message}`);
  const names = parsed.meta.fields ?? [];
  if (names.length < 2) throw new Error("the CSV needs a header row and at least two columns");
  return names.map((name) => {
    const values = parsed.data.map((row) => {
      const value = row[name];
      return value === undefined || value === null || (typeof value === "string" && MISSING.has(value.trim())) ? null : value;
    });
    const numeric = values.every((value) => value === null || (typeof value === "number" && Number.isFinite(value)));
    return { name, values, numeric };
  });
}

/** The distinct non-missing values of a column, sorted (numbers numerically, text by code unit). */
export function levels(column) {
  const distinct = [...new Set(column.values.filter((value) => value !== null))];
  return column.numeric ? distinct.sort((a, b) => a - b) : distinct.map(String).sort();
}

/**
 * X (row-major Float64Array), y and their description for one target, features and family. Rows
 * with a missing value in any chosen column are dropped (and counted). bernoulli takes a target with
 * two levels (the larger one is 1, as scikit-learn's positive label); multinomial numbers the levels
 * 0…K−1 in sorted order; gaussian and poisson take the numbers as they are.
 */
export function designMatrix(columns, targetName, featureNames, family) {
  const target = columns.find((column) => column.name === targetName);
  if (!target) throw new Error(`no column "${targetName}"`);
  const features = featureNames.map((name) => {
    const column = columns.find((candidate) => candidate.name === name);
    if (!column) throw new Error(`no column "${name}"`);
    if (!column.numeric) throw new Error(`feature "${name}" is not numeric`);
    return column;
  });
  if (features.length === 0) throw new Error("choose at least one feature");
  let labels = null;
  let encode = (value) => value;
  if (family === "bernoulli" || family === "multinomial") {
    labels = levels(target);
    if (family === "bernoulli" && labels.length !== 2) {
      throw new Error(`bernoulli needs a target with exactly two values; "${targetName}" has ${labels.length}`);
    }
    const index = new Map(labels.map((label, i) => [String(label), i]));
    encode = (value) => index.get(String(value));
  } else if (!target.numeric) {
    throw new Error(`${family} needs a numeric target; "${targetName}" has text`);
  }
  const rows = [];
  for (let i = 0; i < target.values.length; i++) {
    if (target.values[i] !== null && features.every((column) => column.values[i] !== null)) rows.push(i);
  }
  const d = features.length;
  const X = new Float64Array(rows.length * d);
  const y = new Float64Array(rows.length);
  rows.forEach((row, r) => {
    features.forEach((column, j) => (X[r * d + j] = column.values[row]));
    y[r] = encode(target.values[row]);
  });
  return { X: { data: X, rows: rows.length, cols: d }, y, labels, dropped: target.values.length - rows.length };
}
