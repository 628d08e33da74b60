import { readFileSync } from "node:fs";
import { Writable } from "node:stream";
import { EncodedLayout, type ColumnEncoding, type TableEncoding } from "../encoding.js";
import { InvalidModelError } from "../errors.js";
import { Model } from "../model.js";
import { CliInputError, EXIT_OK } from "./cli-error.js";
import { looksDecimal, missingTest, otherMarkNumber, parseNumber } from "./cells.js";
import { readRecords, type CsvSyntax, type RecordSink } from "./csv-stream.js";
import { quoteHint, readHeader } from "./header.js";
import { checkWritableFile, writeAllOrNothing } from "./output-file.js";
import { MissingRows } from "./row-lines.js";
import { SHOWN_PATH_CHARACTERS, listNames, quote } from "./text.js";

export interface PredictFlags {
  output?: string;
  missing: "error" | "drop";
  kernels?: string;
}

/** Rows encoded and predicted at a time: the only part of the data held in memory. */
const BATCH_ROWS = 4096;

/**
 * `wasm-mle predict model.json data.csv`: reads a saved model (Model.fromJSON checks it), then
 * streams the CSV through its encoding (numeric columns as numbers, categorical ones as the
 * indicator columns it was fitted with; an unseen level is an UnknownLevelError) and writes one
 * line per row: `prediction` (the mean response; bernoulli P(y = 1), the positive label's
 * probability), or for multinomial `p_<label>` per class and `class`. Numbers are written as
 * String(x), the shortest text that reads back as the same double. With --missing drop, rows with
 * a missing value are left out and a `row` column gives each line's 1-based data row. --output is
 * written all or nothing (see writeAllOrNothing); on standard output, lines go out in batches as
 * they are predicted, so a late error (a bad cell far into the file) follows lines already sent,
 * and stderr says how many.
 */
export async function predictCommand(modelPath: string, file: string, flags: PredictFlags, csv: CsvSyntax): Promise<number> {
  const source = file === "-" ? "standard input" : file;
  const model = await loadModel(modelPath, flags.kernels);
  if (flags.output !== undefined) checkWritableFile(flags.output, "--output");
  const sink = new PredictionSink(model, source, flags, csv);
  if (flags.output !== undefined) {
    await writeAllOrNothing(flags.output, "--output", (output) => readRecords(file, source, csv, sink, output));
  } else {
    const stdout = new StdoutLines();
    try {
      await readRecords(file, source, csv, sink, stdout.writer);
    } catch (error) {
      // Lines already sent cannot be taken back: say so before the error, which stays the last line.
      if (stdout.lines > 0) {
        process.stderr.write(
          `wasm-mle: standard output already holds the first ${stdout.lines.toLocaleString("en-US")} line${stdout.lines === 1 ? "" : "s"} ` +
            "(the header and the predictions before the error below); it is incomplete. With --output FILE a failed predict writes no file.\n",
        );
      }
      throw error;
    }
  }
  if (sink.dropped.count > 0) {
    process.stderr.write(`wasm-mle: left out ${sink.dropped.count} data row${sink.dropped.count === 1 ? "" : "s"} with missing values (--missing drop): ${sink.dropped.describe(quote)}\n`);
  }
  return EXIT_OK;
}

async function loadModel(path: string, kernels: string | undefined): Promise<Model> {
  const shown = quote(path, SHOWN_PATH_CHARACTERS);
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliInputError(`cannot read the model ${shown}: ${code === "ENOENT" ? "no such file" : code === "EISDIR" ? "it is a directory" : (error as Error).message}.`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new CliInputError(`the model ${shown} is not JSON (${(error as Error).message}); give the file written by wasm-mle fit --save.`);
  }
  try {
    return await Model.fromJSON(data, kernels === undefined ? {} : { kernels: kernels as "auto" | "simd" | "scalar" });
  } catch (error) {
    if (error instanceof InvalidModelError) throw new CliInputError(`the model ${shown} cannot be used: ${error.message}`);
    throw error;
  }
}

/** A Writable onto standard output that waits for it to drain (stdout itself must not be ended), counting the lines it sent. */
class StdoutLines {
  lines = 0;
  readonly writer = new Writable({
    write: (chunk: Buffer, _encoding, done) => {
      for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) this.lines++;
      if (process.stdout.write(chunk)) done();
      else process.stdout.once("drain", () => done());
    },
  });
}

/** A CSV field as written: quoted (RFC 4180) when it holds a comma, quote, line break or outer space. */
function csvField(text: string): string {
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

class PredictionSink implements RecordSink {
  readonly dropped = new MissingRows();
  private readonly columns: readonly ColumnEncoding[];
  private readonly layout: EncodedLayout;
  private readonly labels: readonly string[] | null;
  private indices: number[] | null = null;
  private readonly raw: Float64Array;
  private readonly batch: Float64Array;
  private readonly batchRows: number[] = [];
  private dataRows = 0;
  private headerWritten = false;
  private readonly failed = new MissingRows();
  private readonly isMissing: (text: string) => boolean;

  constructor(private readonly model: Model, private readonly source: string, private readonly flags: PredictFlags, private readonly csv: CsvSyntax) {
    const data = model.data;
    const encoding = data.encoding as unknown as TableEncoding | undefined;
    this.columns = encoding?.columns ?? data.featureNames.map((name) => ({ name, kind: "numeric" as const }));
    this.layout = new EncodedLayout(this.columns);
    this.labels = data.family === "multinomial" ? (encoding?.target?.labels ?? Array.from({ length: data.classes }, (_, k) => String(k))) : null;
    this.isMissing = missingTest(csv);
    this.raw = new Float64Array(this.columns.length);
    this.batch = new Float64Array(BATCH_ROWS * this.layout.width);
  }

  add(record: string[], line: number, emit: (text: string) => void): void {
    if (this.indices === null) return this.readHeader(record);
    const dataRow = ++this.dataRows;
    const { columns, indices, raw } = this;
    let missing: string[] | null = null;
    for (let j = 0; j < columns.length; j++) {
      const text = record[indices[j]].trim();
      if (this.isMissing(text)) {
        (missing ??= []).push(columns[j].name);
        continue;
      }
      raw[j] = columns[j].kind === "numeric" ? this.number(text, dataRow, line, columns[j].name) : this.layout.levelIndex(j, text, dataRow - 1, `${this.source}: data row ${dataRow} (line ${line})`);
    }
    if (missing) {
      (this.flags.missing === "drop" ? this.dropped : this.failed).add(dataRow, line, missing);
      return;
    }
    if (this.failed.count > 0) return;
    const k = this.batchRows.length;
    this.layout.write(raw, 0, this.batch, k * this.layout.width);
    this.batchRows.push(dataRow);
    if (this.batchRows.length === BATCH_ROWS) this.flush(emit);
  }

  end(emit: (text: string) => void): void {
    if (this.indices === null) throw new CliInputError(`${this.source} is empty: expected a header row naming the columns, then data rows.`);
    if (this.failed.count > 0) {
      const rows = this.failed.count === 1 ? "1 data row has a missing value" : `${this.failed.count.toLocaleString("en-US")} data rows have missing values`;
      throw new CliInputError(
        `${this.source}: ${rows} (an empty cell, NA, NaN, ".", "?" …) in a column the model uses: ${this.failed.describe(quote)}. ` +
          "Give --missing drop to leave such rows out (the output then has a row column), or fill them in.",
      );
    }
    if (this.dataRows === 0) throw new CliInputError(`${this.source} has a header but no data rows.`);
    this.flush(emit);
    // Every row was left out (--missing drop): the output is the header alone.
    if (!this.headerWritten) emit(this.outputHeader());
  }

  private readHeader(record: string[]): void {
    const header = readHeader(record, this.source);
    const position = new Map(header.map((name, j) => [name, j]));
    const absent = this.columns.filter((column) => !position.has(column.name)).map((column) => column.name);
    if (absent.length > 0) {
      throw new CliInputError(
        `${this.source} lacks the column${absent.length === 1 ? "" : "s"} ${listNames(absent)} the model was fitted with; its columns are ${listNames(header)}${quoteHint(absent[0], header)}.`,
      );
    }
    this.indices = this.columns.map((column) => position.get(column.name)!);
  }

  /** The header row of the output, written with the first predictions (so a failure before them writes nothing). */
  private outputHeader(): string {
    const names = this.labels ? [...this.labels.map((label) => `p_${label}`), "class"] : ["prediction"];
    return `${[...(this.flags.missing === "drop" ? ["row"] : []), ...names].map(csvField).join(",")}\n`;
  }

  private number(text: string, dataRow: number, line: number, column: string): number {
    const value = parseNumber(text, this.csv.decimal);
    if (Number.isFinite(value)) return value;
    const why = looksDecimal(text, this.csv.decimal)
      ? "beyond the range of a double"
      : otherMarkNumber(text, this.csv.decimal)
        ? `not a number with the decimal mark "${this.csv.decimal}" (give --decimal ${this.csv.decimal === "." ? "," : "."} for numbers written like ${this.csv.decimal === "." ? "1,5" : "1.5"})`
        : "not a number";
    throw new CliInputError(`${this.source}: data row ${dataRow} (line ${line}), column ${quote(column)} is ${quote(text)}, ${why}; the model reads it as a number.`);
  }

  private flush(emit: (text: string) => void): void {
    const n = this.batchRows.length;
    if (n === 0) return;
    if (!this.headerWritten) {
      emit(this.outputHeader());
      this.headerWritten = true;
    }
    const width = this.layout.width;
    const predictions = this.model.predict({ data: this.batch.subarray(0, n * width), rows: n, cols: width });
    const withRow = this.flags.missing === "drop";
    const lines: string[] = [];
    const labels = this.labels;
    for (let i = 0; i < n; i++) {
      const row = withRow ? `${this.batchRows[i]},` : "";
      if (labels === null) {
        lines.push(`${row}${String(predictions[i])}`);
        continue;
      }
      const K = labels.length;
      let best = 0;
      const cells: string[] = [];
      for (let c = 0; c < K; c++) {
        const p = predictions[i * K + c];
        cells.push(String(p));
        // The first class of largest probability, as Model#predictClass.
        if (p > predictions[i * K + best]) best = c;
      }
      lines.push(`${row}${cells.join(",")},${csvField(labels[best])}`);
    }
    this.batchRows.length = 0;
    emit(`${lines.join("\n")}\n`);
  }
}
