import { CliInputError, CliResourceError } from "./cli-error.js";
import { tmpdir } from "node:os";
import type { Matrix } from "../data.js";
import type { TableEncoding } from "../encoding.js";
import { WASM_MAX_BYTES } from "../wasm/abi.js";
import { floatArray } from "../wasm/arena.js";
import { GrowableFloats, type FloatDtype } from "./growable.js";
import { SpilledRows } from "./spill.js";
import { ClassTarget } from "./class-target.js";
import { looksDecimal, missingTest, parseNumber, type CellSyntax } from "./cells.js";
import { FeatureColumns } from "./columns.js";
import { quoteHint, readHeader } from "./header.js";
import { MissingRows, RowOrigins } from "./row-lines.js";
import { listNames, quote } from "./text.js";

/** A table read from CSV: features encoded row-major in the fit's dtype, ready for Trainer.fit. */
export interface Dataset {
  /** The columns of X: numeric columns by name, categorical ones as indicators `name[T.level]`. */
  readonly featureNames: readonly string[];
  readonly target: string;
  /** X for Trainer.fit: flat rows × cols in memory, or rows read back from a temporary file (see SpilledRows). */
  readonly X: Matrix;
  readonly rows: number;
  readonly cols: number;
  /** X row-major in memory (Float32Array under --dtype float32), or null when it is staged in a file. */
  readonly flatX: Float32Array | Float64Array | null;
  readonly y: Float64Array;
  /** The --weights column (sample weights ≥ 0), or null. */
  readonly weights: Float64Array | null;
  /**
   * Multinomial targets whose labels are not already class indices: the label of class k is
   * classLabels[k]. null when y holds the numbers written in the file.
   */
  readonly classLabels: readonly string[] | null;
  /** Bernoulli targets given as two labels (--positive): [negative, positive]; else null. */
  readonly binaryLabels: readonly string[] | null;
  /** How the raw columns became X (saved with the model, applied by `predict`). */
  readonly encoding: TableEncoding;
  /** Rows left out for a missing value (--missing drop); count 0 when none were. */
  readonly dropped: MissingRows;
  /** The 1-based data row of the file that row `row` (0-based, of the rows kept) is, for error messages. */
  dataRowOf(row: number): number;
  /** The CSV line on which kept row `row` (0-based) ends, for error messages. */
  lineOf(row: number): number;
  /** Frees the temporary file, if any. */
  release(): void;
}

export interface DatasetRequest {
  readonly target: string;
  /** A column of sample weights (--weights), read as numbers ≥ 0; not a feature. */
  readonly weights?: string;
  /** Feature columns in order; default every column except the target (and the weights). */
  readonly features?: readonly string[];
  /** Columns to encode as categories even when their cells are numbers (--categorical). */
  readonly categorical?: readonly string[];
  /** "numbers": the target must be numeric; "binary": bernoulli, 0/1 or two labels; "classes": class labels, see ClassTarget. */
  readonly targetKind: "numbers" | "binary" | "classes";
  /** With "classes": whether the number of classes was given (then integer labels are kept as indices). */
  readonly classesGiven?: boolean;
  /** With "binary": the label of the positive class (--positive). */
  readonly positive?: string;
  /** Rows with a missing value in a used column: "error" (default, listing them) or "drop". */
  readonly missing?: "error" | "drop";
  /** How numbers are written in the cells (default: decimal point). */
  readonly cells?: CellSyntax;
  /** Whether the model has an intercept: decides the coding of the first categorical column (default true). */
  readonly fitIntercept?: boolean;
  /** The dtype X is stored in (default float64); under float32 a cell beyond its range is refused. */
  readonly dtype?: FloatDtype;
  /** Called once the header has named the features, before any data row is read (to refuse early; categorical columns count once). */
  readonly onHeader?: (featureNames: readonly string[]) => void;
  /**
   * "file" (default): X goes to a temporary file and is read back by the trainer (peak memory ≈
   * one copy of X); "memory": a typed array, falling back from "file"
   * when TMPDIR cannot hold a file.
   */
  readonly staging?: "file" | "memory";
}

const FLOAT32_MAX = 3.4028234663852886e38;

/**
 * Builds a Dataset from CSV records fed one at a time (the header first), so the file is never
 * held whole: X and y go straight into typed arrays, categorical cells as level numbers that
 * finish() turns into indicator columns. Errors name the data row, its CSV line and the column,
 * and show at most 40 characters of a cell.
 */
export class DatasetBuilder {
  private header: string[] | null = null;
  private rawNames: string[] = [];
  private featureIndices: number[] = [];
  private targetIndex = -1;
  private weightsIndex = -1;
  private rows = 0;
  private dataRows = 0;
  private X: GrowableFloats | SpilledRows | null = null;
  private columns: FeatureColumns | null = null;
  private maxRows = 0;
  private readonly y: GrowableFloats;
  private readonly weights: GrowableFloats | null;
  private readonly classes: ClassTarget | null;
  private readonly float32: boolean;
  private readonly cells: CellSyntax;
  private readonly isMissing: (text: string) => boolean;
  private readonly origins = new RowOrigins();
  private readonly missing = new MissingRows();

  constructor(private readonly request: DatasetRequest, private readonly source: string) {
    this.float32 = request.dtype === "float32";
    this.cells = request.cells ?? { decimal: "." };
    this.isMissing = missingTest(this.cells);
    this.y = new GrowableFloats("float64", (bytes) => this.tooLarge(bytes, "the target column"));
    this.weights = request.weights === undefined ? null : new GrowableFloats("float64", (bytes) => this.tooLarge(bytes, "the weights column"));
    this.classes = request.targetKind === "numbers" ? null : new ClassTarget(request.classesGiven === true, request.target, source);
  }

  /** Takes one CSV record (its fields) that ends on `line`. */
  add(record: string[], line: number): void {
    if (this.header === null) this.readHeader(record);
    else this.readRow(record, line);
  }

  private readHeader(record: string[]): void {
    const { request, source } = this;
    const header = readHeader(record, source);
    const targetIndex = header.indexOf(request.target);
    if (targetIndex < 0) {
      throw new CliInputError(`target column ${quote(request.target)} is not in ${source}; its columns are ${listNames(header)}${quoteHint(request.target, header)}.`);
    }
    const weightsIndex = request.weights === undefined ? -1 : header.indexOf(request.weights);
    if (request.weights !== undefined) {
      if (weightsIndex < 0) throw new CliInputError(`--weights column ${quote(request.weights)} is not in ${source}; its columns are ${listNames(header)}${quoteHint(request.weights, header)}.`);
      if (weightsIndex === targetIndex) throw new CliInputError(`--weights ${quote(request.weights)} is the target; weights need a column of their own.`);
      if (request.features?.includes(request.weights)) throw new CliInputError(`--weights ${quote(request.weights)} is also in --features; a column is either weights or a feature.`);
    }
    const rawNames = request.features ? [...request.features] : header.filter((_, j) => j !== targetIndex && j !== weightsIndex);
    const position = new Map(header.map((name, j) => [name, j]));
    const featureIndices = rawNames.map((name) => {
      const j = position.get(name);
      if (j === undefined) throw new CliInputError(`feature column ${quote(name)} (from --features) is not in ${source}; its columns are ${listNames(header)}${quoteHint(name, header)}.`);
      if (j === targetIndex) throw new CliInputError(`column ${quote(name)} is the target; it cannot also be a feature.`);
      return j;
    });
    if (featureIndices.length === 0) throw new CliInputError(`${source} has no feature columns besides the target ${quote(request.target)}.`);
    if (new Set(rawNames).size !== rawNames.length) {
      const twice = rawNames.find((name, k) => rawNames.indexOf(name) !== k)!;
      throw new CliInputError(`--features names column ${quote(twice)} twice; name each column once.`);
    }
    const categorical = new Set(request.categorical ?? []);
    for (const name of categorical) {
      if (name === request.target) throw new CliInputError(`--categorical ${quote(name)} is the target; the target's kind follows --family.`);
      if (!rawNames.includes(name)) {
        throw new CliInputError(`--categorical ${quote(name)} is not a feature column of ${source}; its features are ${listNames(rawNames)}.`);
      }
    }
    request.onHeader?.(rawNames);
    this.header = header;
    this.rawNames = rawNames;
    this.featureIndices = featureIndices;
    this.targetIndex = targetIndex;
    this.weightsIndex = weightsIndex;
    this.columns = new FeatureColumns(rawNames, categorical, this.cells, (dataRow, line, column) => this.where(dataRow, line, column));
    const dtype = this.float32 ? "float32" : "float64";
    this.X = request.staging === "memory" ? null : openSpill(dtype, rawNames.length, source);
    this.X ??= new GrowableFloats(dtype, (bytes) => this.tooLarge(bytes, "the feature matrix X"));
    // A 32-bit WebAssembly memory holds at most 4 GiB: more rows could never be fitted.
    this.maxRows = Math.floor(WASM_MAX_BYTES / (rawNames.length * (this.float32 ? 4 : 8)));
  }

  private readRow(record: string[], line: number): void {
    const dataRow = ++this.dataRows;
    const indices = this.featureIndices;
    const header = this.header!;
    let missingColumns: string[] | null = null;
    for (let j = 0; j < indices.length; j++) {
      if (this.isMissing(record[indices[j]].trim())) (missingColumns ??= []).push(header[indices[j]]);
    }
    const target = record[this.targetIndex].trim();
    if (this.isMissing(target)) (missingColumns ??= []).push(this.request.target);
    const weight = this.weightsIndex < 0 ? "" : record[this.weightsIndex].trim();
    if (this.weightsIndex >= 0 && this.isMissing(weight)) (missingColumns ??= []).push(header[this.weightsIndex]);
    if (missingColumns) {
      this.missing.add(dataRow, line, missingColumns);
      return;
    }
    // Under --missing error the rows after the first missing value are only checked for more.
    if (this.missing.count > 0 && this.request.missing !== "drop") return;

    const row = this.rows;
    if (row >= this.maxRows) this.tooLarge((row + 1) * this.rawNames.length * (this.float32 ? 4 : 8), "the feature matrix X");
    this.origins.add(dataRow, line);
    const X = this.X!;
    const columns = this.columns!;
    for (let j = 0; j < indices.length; j++) {
      const value = columns.value(j, record[indices[j]].trim(), dataRow, line);
      if (this.float32 && Math.abs(value) > FLOAT32_MAX) {
        throw new CliInputError(`${this.where(dataRow, line, header[indices[j]])} is ${quote(record[indices[j]].trim())}, beyond the float32 range (±3.4e38) of --dtype float32; use --dtype float64.`);
      }
      X.push(value);
    }
    this.y.push(this.classes ? this.classes.label(target, dataRow - 1, line) : this.numericTarget(target, dataRow, line));
    this.weights?.push(this.weightOf(weight, dataRow, line));
    this.rows = row + 1;
  }

  /** The finished table; the typed arrays are trimmed to the rows read. */
  finish(): Dataset {
    const { source, request, missing } = this;
    if (this.header === null) throw new CliInputError(`${source} is empty: expected a header row naming the columns, then data rows.`);
    if (missing.count > 0 && request.missing !== "drop") {
      const rows = missing.count === 1 ? "1 data row has a missing value" : `${missing.count.toLocaleString("en-US")} data rows have missing values`;
      throw new CliInputError(
        `${source}: ${rows} (an empty cell, NA, NaN, ".", "?" …) in ${this.usedColumns()}: ${missing.describe(quote)}. ` +
          `Give --missing drop to leave such rows out, or fill them in.`,
      );
    }
    if (this.rows === 0) {
      if (missing.count > 0) throw new CliInputError(`every data row of ${source} (${missing.count}) has a missing value in ${this.usedColumns()}; no row is left to fit.`);
      throw new CliInputError(`${source} has a header but no data rows.`);
    }
    let classLabels: readonly string[] | null = null;
    let binaryLabels: readonly string[] | null = null;
    if (this.classes) {
      const numbering = request.targetKind === "binary" ? this.classes.binary(request.positive) : this.classes.numbering();
      if (request.targetKind === "binary") binaryLabels = numbering.labels;
      else classLabels = numbering.labels;
      this.y.mapInPlace((provisional) => numbering.values[provisional]);
    }
    const { columns, layout, writeRow } = this.columns!.finish(request.fitIntercept !== false, this.rows);
    const rows = this.rows;
    const rawCols = this.rawNames.length;
    const cols = layout.width;
    const staged = this.X!;
    let flatX: Float32Array | Float64Array | null = null;
    if (staged instanceof GrowableFloats) {
      const raw = staged.finish();
      flatX = raw;
      if (layout.hasCategorical) {
        flatX = floatArray(this.float32 ? "float32" : "float64", rows * cols);
        for (let i = 0; i < rows; i++) writeRow(raw, i * rawCols, flatX, i * cols);
      }
    }
    const origins = this.origins;
    const target = { name: request.target, ...(binaryLabels ? { labels: binaryLabels, positive: binaryLabels[1] } : {}) };
    return {
      featureNames: layout.names,
      target: request.target,
      X: flatX ? { data: flatX, rows, cols } : (staged as SpilledRows).rows(layout.hasCategorical ? { width: cols, write: writeRow } : undefined),
      rows,
      cols,
      flatX,
      release: () => {
        if (staged instanceof SpilledRows) staged.close();
      },
      y: this.y.finish() as Float64Array,
      weights: this.weights && (this.weights.finish() as Float64Array),
      classLabels,
      binaryLabels,
      encoding: { columns, target },
      dropped: missing,
      dataRowOf: (row) => origins.dataRowOf(row),
      lineOf: (row) => origins.lineOf(row),
    };
  }

  /** "data.csv: data row 3 (line 4), column "x"" (data rows are 1-based and count rows left out). */
  private where(dataRow: number, line: number, column: string): string {
    return `${this.source}: data row ${dataRow} (line ${line}), column ${quote(column)}`;
  }

  private numericTarget(text: string, dataRow: number, line: number): number {
    const value = parseNumber(text, this.cells.decimal);
    if (Number.isFinite(value)) return value;
    const why = looksDecimal(text, this.cells.decimal) ? "beyond the range of a double" : "not a number";
    throw new CliInputError(`${this.where(dataRow, line, this.request.target)} is ${quote(text)}, ${why}; a gaussian or poisson target must be a number.`);
  }

  private usedColumns(): string {
    return this.weights ? "the target, the weights or a feature column" : "the target or a feature column";
  }

  private weightOf(text: string, dataRow: number, line: number): number {
    const value = parseNumber(text, this.cells.decimal);
    if (Number.isFinite(value) && value >= 0) return value;
    const why = Number.isFinite(value) ? "negative" : looksDecimal(text, this.cells.decimal) ? "beyond the range of a double" : "not a number";
    throw new CliInputError(`${this.where(dataRow, line, this.request.weights!)} is ${quote(text)}, ${why}; a --weights column must hold numbers >= 0.`);
  }

  private tooLarge(bytes: number, what: string): never {
    const dtypeAdvice = this.float32 ? "" : "--dtype float32 halves it; ";
    throw new CliResourceError(
      `${this.source} holds more data than a 32-bit WebAssembly memory (4 GiB) can fit: ${what} reached ${(bytes / 2 ** 30).toFixed(2)} GiB ` +
        `at data row ${this.dataRows} (${this.rawNames.length} feature columns in ${this.float32 ? "float32" : "float64"}). ` +
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
