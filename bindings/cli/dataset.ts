import { readFileSync } from "node:fs";
import { parse } from "csv-parse/sync";
import { CliInputError } from "./cli-error.js";

/** A numeric table read from CSV: features row-major, ready for Trainer.fit. */
export interface Dataset {
  readonly featureNames: readonly string[];
  readonly target: string;
  /** rows × cols, row-major. */
  readonly X: { data: Float64Array; rows: number; cols: number };
  readonly y: Float64Array;
  /**
   * Multinomial targets whose labels are not already class indices: the label of class k is
   * classLabels[k]. null when y holds the numbers written in the file.
   */
  readonly classLabels: readonly string[] | null;
  /** The CSV line on which each data row ends, for error messages. */
  readonly lines: readonly number[];
}

export interface DatasetRequest {
  readonly target: string;
  /** Feature columns in order; default every column except the target. */
  readonly features?: readonly string[];
  /** "numbers": the target must be numeric; "classes": class labels, see classTarget. */
  readonly targetKind: "numbers" | "classes";
  /** With "classes": whether the number of classes was given (then integer labels are kept as indices). */
  readonly classesGiven?: boolean;
  readonly delimiter?: string;
}

// Plain decimal notation only: Number() would also take "", " ", "0x1F" and "Infinity".
const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Reads a file (or standard input for "-") as UTF-8 text; a missing file is an input error. */
export function readText(path: string): string {
  try {
    return readFileSync(path === "-" ? 0 : path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "it is a directory" : (error as Error).message;
    throw new CliInputError(`cannot read ${JSON.stringify(path)}: ${why}.`);
  }
}

/**
 * Parses CSV text with a header row into a numeric Dataset. Every feature cell must be a decimal
 * number; errors name the data row, its CSV line and the column.
 */
export function parseDataset(text: string, source: string, request: DatasetRequest): Dataset {
  const records = parseRecords(text, source, request.delimiter ?? ",");
  if (records.length === 0) throw new CliInputError(`${source} is empty: expected a header row naming the columns, then data rows.`);
  const header = records[0].record.map((name) => name.trim());
  checkHeader(header, source);
  const body = records.slice(1);
  if (body.length === 0) throw new CliInputError(`${source} has a header but no data rows.`);

  const targetIndex = header.indexOf(request.target);
  if (targetIndex < 0) {
    throw new CliInputError(`target column ${JSON.stringify(request.target)} is not in ${source}; its columns are ${listNames(header)}.`);
  }
  const featureNames = request.features ?? header.filter((_, j) => j !== targetIndex);
  const featureIndices = featureNames.map((name) => {
    const j = header.indexOf(name);
    if (j < 0) throw new CliInputError(`feature column ${JSON.stringify(name)} (from --features) is not in ${source}; its columns are ${listNames(header)}.`);
    if (j === targetIndex) throw new CliInputError(`column ${JSON.stringify(name)} is the target; it cannot also be a feature.`);
    return j;
  });
  if (featureIndices.length === 0) throw new CliInputError(`${source} has no feature columns besides the target ${JSON.stringify(request.target)}.`);
  if (new Set(featureNames).size !== featureNames.length) throw new CliInputError(`--features names a column twice: ${featureNames.join(",")}.`);

  const rows = body.length;
  const cols = featureIndices.length;
  const data = new Float64Array(rows * cols);
  const lines = body.map((r) => r.info.lines);
  for (let i = 0; i < rows; i++) {
    const record = body[i].record;
    for (let j = 0; j < cols; j++) {
      data[i * cols + j] = numericCell(record[featureIndices[j]], i, lines[i], header[featureIndices[j]], source);
    }
  }
  const targetCells = body.map((r) => r.record[targetIndex].trim());
  const { y, classLabels } =
    request.targetKind === "classes"
      ? classTarget(targetCells, request.classesGiven === true, lines, request.target, source)
      : { y: Float64Array.from(targetCells, (cell, i) => numericCell(cell, i, lines[i], request.target, source)), classLabels: null };
  return { featureNames, target: request.target, X: { data, rows, cols }, y, classLabels, lines };
}

interface CsvRecord {
  record: string[];
  info: { lines: number };
}

function parseRecords(text: string, source: string, delimiter: string): CsvRecord[] {
  try {
    return parse(text, { bom: true, delimiter, skip_empty_lines: true, info: true }) as unknown as CsvRecord[];
  } catch (error) {
    // csv-parse's messages already name the line ("Invalid Record Length: expect 7, got 6 on line 5").
    throw new CliInputError(`${source} is not valid CSV: ${(error as Error).message}.`);
  }
}

function checkHeader(header: string[], source: string): void {
  const blank = header.findIndex((name) => name.length === 0);
  if (blank >= 0) throw new CliInputError(`column ${blank + 1} of the header of ${source} has no name; every column needs one.`);
  const seen = new Set<string>();
  for (const name of header) {
    if (seen.has(name)) throw new CliInputError(`the header of ${source} names column ${JSON.stringify(name)} twice; column names must be unique.`);
    seen.add(name);
  }
  if (header.every((name) => DECIMAL.test(name))) {
    throw new CliInputError(`the first row of ${source} holds only numbers (${header.slice(0, 3).join(", ")}…); the first row must be a header naming the columns.`);
  }
}

function numericCell(cell: string, row: number, line: number, column: string, source: string): number {
  const text = cell.trim();
  const value = DECIMAL.test(text) ? Number(text) : Number.NaN;
  if (!Number.isFinite(value)) {
    const what = text.length === 0 ? "is empty" : `is ${JSON.stringify(text)}, not a number`;
    throw new CliInputError(`${source}: data row ${row + 1} (line ${line}), column ${JSON.stringify(column)} ${what}; every cell must be a decimal number (missing values are not supported).`);
  }
  return value;
}

/**
 * Multinomial targets. Non-negative integers are kept as class indices when they are exactly
 * 0..K−1, or when the number of classes was given; any other labels (text, 1-based codes, …) are
 * sorted (numerically if all are numbers, else by UTF-16 code units) and numbered 0..K−1.
 */
function classTarget(
  cells: string[],
  classesGiven: boolean,
  lines: readonly number[],
  column: string,
  source: string,
): { y: Float64Array; classLabels: readonly string[] | null } {
  const empty = cells.findIndex((cell) => cell.length === 0);
  if (empty >= 0) {
    throw new CliInputError(`${source}: data row ${empty + 1} (line ${lines[empty]}), column ${JSON.stringify(column)} is empty; every row needs a class label.`);
  }
  if (cells.every((cell) => /^\d+$/.test(cell))) {
    const y = Float64Array.from(cells, Number);
    const present = new Set(y);
    if (classesGiven || y.every((label) => label < present.size)) return { y, classLabels: null };
  }
  const distinct = [...new Set(cells)];
  const numeric = distinct.every((cell) => DECIMAL.test(cell));
  distinct.sort(numeric ? (a, b) => Number(a) - Number(b) : (a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const index = new Map(distinct.map((label, k) => [label, k]));
  return { y: Float64Array.from(cells, (cell) => index.get(cell)!), classLabels: distinct };
}

function listNames(names: readonly string[]): string {
  return names.map((name) => JSON.stringify(name)).join(", ");
}
