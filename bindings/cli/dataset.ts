import { CliInputError, CliResourceError } from "./cli-error.js";
import { tmpdir } from "node:os";
import type { Matrix } from "../data.js";
import { WASM_MAX_BYTES } from "../wasm/abi.js";
import { GrowableFloats, type FloatDtype } from "./growable.js";
import { SpilledRows } from "./spill.js";
import { ClassTarget } from "./class-target.js";
import { DECIMAL, listNames, quote } from "./text.js";

/** A numeric table read from CSV: features row-major in the fit's dtype, ready for Trainer.fit. */
export interface Dataset {
  readonly featureNames: readonly string[];
  readonly target: string;
  /** X for Trainer.fit: flat rows × cols in memory, or rows read back from a temporary file (see SpilledRows). */
  readonly X: Matrix;
  readonly rows: number;
  readonly cols: number;
  /** X row-major in memory (Float32Array under --dtype float32), or null when it is staged in a file. */
  readonly flatX: Float32Array | Float64Array | null;
  readonly y: Float64Array;
  /**
   * Multinomial targets whose labels are not already class indices: the label of class k is
   * classLabels[k]. null when y holds the numbers written in the file.
   */
  readonly classLabels: readonly string[] | null;
  /** The CSV line on which data row `row` (0-based) ends, for error messages. */
  lineOf(row: number): number;
  /** Frees the temporary file, if any. */
  release(): void;
}

export interface DatasetRequest {
  readonly target: string;
  /** Feature columns in order; default every column except the target. */
  readonly features?: readonly string[];
  /** "numbers": the target must be numeric; "classes": class labels, see ClassTarget. */
  readonly targetKind: "numbers" | "classes";
  /** With "classes": whether the number of classes was given (then integer labels are kept as indices). */
  readonly classesGiven?: boolean;
  readonly delimiter?: string;
  /** The dtype X is stored in (default float64); under float32 a cell beyond its range is refused. */
  readonly dtype?: FloatDtype;
  /** Called once the header has named the features, before any data row is read (to refuse early). */
  readonly onHeader?: (featureNames: readonly string[]) => void;
  /**
   * "file" (default): X goes to a temporary file and is read back by the trainer (peak memory ≈
   * one copy of X); "memory": a typed array (needed by --standardize), falling back from "file"
   * when TMPDIR cannot hold a file.
   */
  readonly staging?: "file" | "memory";
}

const FLOAT32_MAX = 3.4028234663852886e38;

/**
 * Builds a Dataset from CSV records fed one at a time (the header first), so the file is never
 * held whole: X and y go straight into typed arrays. Every feature cell must be a decimal number;
 * errors name the data row, its CSV line and the column, and show at most 40 characters of a cell.
 */
export class DatasetBuilder {
  private header: string[] | null = null;
  private featureNames: string[] = [];
  private featureIndices: number[] = [];
  private targetIndex = -1;
  private rows = 0;
  private X: GrowableFloats | SpilledRows | null = null;
  private maxRows = 0;
  private readonly y: GrowableFloats;
  private readonly classes: ClassTarget | null;
  private readonly float32: boolean;
  /** Line numbers as runs: data row rowStarts[k] + t ends on line lineStarts[k] + t. */
  private readonly rowStarts: number[] = [];
  private readonly lineStarts: number[] = [];
  private lastLine = 0;

  constructor(private readonly request: DatasetRequest, private readonly source: string) {
    this.float32 = request.dtype === "float32";
    this.y = new GrowableFloats("float64", (bytes) => this.tooLarge(bytes, "the target column"));
    this.classes = request.targetKind === "classes" ? new ClassTarget(request.classesGiven === true, request.target, source) : null;
  }

  /** Takes one CSV record (its fields) that ends on `line`. */
  add(record: string[], line: number): void {
    if (this.header === null) this.readHeader(record);
    else this.readRow(record, line);
  }

  private readHeader(record: string[]): void {
    const { request, source } = this;
    const header = record.map((name) => name.trim());
    checkHeader(header, source);
    const targetIndex = header.indexOf(request.target);
    if (targetIndex < 0) {
      throw new CliInputError(`target column ${quote(request.target)} is not in ${source}; its columns are ${listNames(header)}.`);
    }
    const featureNames = request.features ? [...request.features] : header.filter((_, j) => j !== targetIndex);
    const position = new Map(header.map((name, j) => [name, j]));
    const featureIndices = featureNames.map((name) => {
      const j = position.get(name);
      if (j === undefined) throw new CliInputError(`feature column ${quote(name)} (from --features) is not in ${source}; its columns are ${listNames(header)}.`);
      if (j === targetIndex) throw new CliInputError(`column ${quote(name)} is the target; it cannot also be a feature.`);
      return j;
    });
    if (featureIndices.length === 0) throw new CliInputError(`${source} has no feature columns besides the target ${quote(request.target)}.`);
    if (new Set(featureNames).size !== featureNames.length) {
      const twice = featureNames.find((name, k) => featureNames.indexOf(name) !== k)!;
      throw new CliInputError(`--features names column ${quote(twice)} twice; name each column once.`);
    }
    request.onHeader?.(featureNames);
    this.header = header;
    this.featureNames = featureNames;
    this.featureIndices = featureIndices;
    this.targetIndex = targetIndex;
    const dtype = this.float32 ? "float32" : "float64";
    this.X = request.staging === "memory" ? null : openSpill(dtype, featureNames.length, source);
    this.X ??= new GrowableFloats(dtype, (bytes) => this.tooLarge(bytes, "the feature matrix X"));
    // A 32-bit WebAssembly memory holds at most 4 GiB: more rows could never be fitted.
    this.maxRows = Math.floor(WASM_MAX_BYTES / (featureNames.length * (this.float32 ? 4 : 8)));
  }

  private readRow(record: string[], line: number): void {
    const row = this.rows;
    if (row >= this.maxRows) this.tooLarge((row + 1) * this.featureNames.length * (this.float32 ? 4 : 8), "the feature matrix X");
    if (row === 0 || line !== this.lastLine + 1) {
      this.rowStarts.push(row);
      this.lineStarts.push(line);
    }
    this.lastLine = line;
    const X = this.X!;
    const indices = this.featureIndices;
    for (let j = 0; j < indices.length; j++) {
      X.push(this.numericCell(record[indices[j]], row, line, this.header![indices[j]]));
    }
    const cell = record[this.targetIndex];
    this.y.push(this.classes ? this.classes.label(cell.trim(), row, line) : this.numericCell(cell, row, line, this.request.target));
    this.rows = row + 1;
  }

  /** The finished table; the typed arrays are trimmed to the rows read. */
  finish(): Dataset {
    if (this.header === null) throw new CliInputError(`${this.source} is empty: expected a header row naming the columns, then data rows.`);
    if (this.rows === 0) throw new CliInputError(`${this.source} has a header but no data rows.`);
    let classLabels: readonly string[] | null = null;
    if (this.classes) {
      const numbering = this.classes.numbering();
      classLabels = numbering.labels;
      this.y.mapInPlace((provisional) => numbering.values[provisional]);
    }
    const { rowStarts, lineStarts } = this;
    const cols = this.featureNames.length;
    const staged = this.X!;
    const flatX = staged instanceof GrowableFloats ? staged.finish() : null;
    return {
      featureNames: this.featureNames,
      target: this.request.target,
      X: flatX ? { data: flatX, rows: this.rows, cols } : (staged as SpilledRows).rows(),
      rows: this.rows,
      cols,
      flatX,
      release: () => {
        if (staged instanceof SpilledRows) staged.close();
      },
      y: this.y.finish() as Float64Array,
      classLabels,
      lineOf(row: number): number {
        let lo = 0;
        let hi = rowStarts.length - 1;
        while (lo < hi) {
          const mid = (lo + hi + 1) >> 1;
          if (rowStarts[mid] <= row) lo = mid;
          else hi = mid - 1;
        }
        return lineStarts[lo] + (row - rowStarts[lo]);
      },
    };
  }

  private numericCell(cell: string, row: number, line: number, column: string): number {
    const text = cell.trim();
    const value = DECIMAL.test(text) ? Number(text) : Number.NaN;
    if (Number.isFinite(value) && (!this.float32 || Math.abs(value) <= FLOAT32_MAX)) return value;
    const where = `${this.source}: data row ${row + 1} (line ${line}), column ${quote(column)}`;
    if (text.length === 0) throw new CliInputError(`${where} is empty; every cell must be a decimal number (missing values are not supported).`);
    if (Number.isFinite(value)) {
      throw new CliInputError(`${where} is ${quote(text)}, beyond the float32 range (±3.4e38) of --dtype float32; use --dtype float64.`);
    }
    const why = DECIMAL.test(text) ? "beyond the range of a double" : "not a number";
    throw new CliInputError(`${where} is ${quote(text)}, ${why}; every cell must be a decimal number (missing values are not supported).`);
  }

  private tooLarge(bytes: number, what: string): never {
    const dtypeAdvice = this.float32 ? "" : "--dtype float32 halves it; ";
    throw new CliResourceError(
      `${this.source} holds more data than a 32-bit WebAssembly memory (4 GiB) can fit: ${what} reached ${(bytes / 2 ** 30).toFixed(2)} GiB ` +
        `at data row ${this.rows + 1} (${this.featureNames.length} feature columns in ${this.float32 ? "float32" : "float64"}). ` +
        `${dtypeAdvice}otherwise fit on fewer rows or fewer columns (--features).`,
    );
  }
}

/** A SpilledRows in TMPDIR, or null (stage in memory) when no file can be created there. */
function openSpill(dtype: FloatDtype, cols: number, source: string): SpilledRows | null {
  try {
    return new SpilledRows(dtype, cols, (error) => {
      throw new CliResourceError(
        `the temporary copy of ${source}'s features in ${tmpdir()} could not be written (${error.message}); ` +
          "set TMPDIR to a directory with room for it (rows × columns × 8 bytes, 4 with --dtype float32).",
      );
    });
  } catch {
    return null;
  }
}

function checkHeader(header: string[], source: string): void {
  const blank = header.findIndex((name) => name.length === 0);
  if (blank >= 0) throw new CliInputError(`column ${blank + 1} of the header of ${source} has no name; every column needs one.`);
  const seen = new Set<string>();
  for (const name of header) {
    if (seen.has(name)) throw new CliInputError(`the header of ${source} names column ${quote(name)} twice; column names must be unique.`);
    seen.add(name);
  }
  if (header.every((name) => DECIMAL.test(name))) {
    throw new CliInputError(`the first row of ${source} holds only numbers (${header.slice(0, 3).map((name) => quote(name)).join(", ")}…); the first row must be a header naming the columns.`);
  }
}
