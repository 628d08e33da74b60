import { closeSync, createReadStream, fstatSync, openSync } from "node:fs";
import { Transform, Writable, type Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { CsvError, Parser, type Options } from "csv-parse";
import { WasmMleError } from "../errors.js";
import { CliInputError, CliResourceError } from "./cli-error.js";
import { DatasetBuilder, type Dataset, type DatasetRequest } from "./dataset.js";
import type { DecimalMark } from "./cells.js";
import { SNIFF_BYTES, checkTextHead } from "./sniff.js";
import { detectDelimiter, readHead } from "./delimiter.js";
import { SHOWN_PATH_CHARACTERS, quote, shortenQuoted } from "./text.js";

/**
 * The longest record csv-parse will gather (bytes). A 200,000-column row is a few MB; a "record"
 * of hundreds of MB is a file without line breaks, and is refused before it exhausts memory.
 */
const MAX_RECORD_BYTES = 128 * 2 ** 20;
// Node's default for file streams; 1 MiB chunks measured ~30 MB more peak RSS on a 38 MB file, no faster.
const READ_CHUNK_BYTES = 64 * 1024;

/**
 * How the CSV is written: its field delimiter ("auto": detected from the first lines), quote
 * character (null: none), decimal mark, and the cells read as missing besides the default ones.
 */
export interface CsvSyntax {
  readonly delimiter: string;
  readonly quote: string | null;
  readonly decimal: DecimalMark;
  readonly na?: readonly string[];
}

export const DEFAULT_CSV: CsvSyntax = { delimiter: "auto", quote: '"', decimal: "." };

/**
 * Reads a CSV file ("-": standard input) as a stream, through csv-parse's stream API, into a
 * Dataset: each record goes into typed arrays as it is parsed and is then dropped, so memory holds
 * the numbers (in the fit's dtype) and never the text. The first bytes are checked to be UTF-8
 * text first. Standard input is read once, exactly like a file: the arrays grow in place (see
 * GrowableFloats), so no first pass to count the rows is needed, and categorical levels are
 * numbered as they appear and sorted at the end. An error stops the reading at once (a bad header
 * is reported before the rest of a large file, or of a pipe, is read).
 */
export async function readDataset(path: string, source: string, request: DatasetRequest, csv: CsvSyntax = DEFAULT_CSV): Promise<Dataset> {
  const builder = new DatasetBuilder({ ...request, cells: { decimal: csv.decimal, na: csv.na } }, source);
  await readRecords(path, source, csv, { add: (record, line) => builder.add(record, line) });
  return builder.finish();
}

/** Receives the records of a CSV, the header first; `emit` sends text to the output stream, if any. */
export interface RecordSink {
  add(record: string[], line: number, emit: (text: string) => void): void;
  /** Called after the last record, before the output ends. */
  end?(emit: (text: string) => void): void;
}

/**
 * Streams the records of a CSV file ("-": standard input) into `sink`, and what it emits into
 * `output` (with the stream's backpressure). The delimiter is detected from the first lines when
 * it is "auto" (see detectDelimiter), which waits only for the end of the header line.
 */
export async function readRecords(path: string, source: string, csv: CsvSyntax, sink: RecordSink, output?: Writable): Promise<void> {
  const opened = openInput(path);
  try {
    const { input, head } = await readHead(opened, csv.quote);
    const delimiter = csv.delimiter === "auto" ? detectDelimiter(head, csv) : csv.delimiter;
    const parser = new RecordParser(
      { bom: true, delimiter, quote: csv.quote ?? false, skip_empty_lines: true, max_record_size: MAX_RECORD_BYTES },
      sink,
    );
    await pipeline(input, headCheck(source), parser, output ?? discard());
  } catch (error) {
    throw readError(error, path, source);
  }
}

/**
 * csv-parse's stream Parser, handing each record to the sink as it is parsed, with the line it ends
 * on, instead of queueing it for a reader. (Its `info` and `on_record` options give the line too,
 * but build an info object per record: 21 s instead of 7.4 s for an 81 MB file here.) An error
 * thrown by the sink destroys the stream, which stops the reading and rejects the pipeline.
 */
class RecordParser extends Parser {
  private failed = false;
  private readonly emitText = (text: string) => this.pushText(text);

  constructor(options: Options, private readonly sink: RecordSink) {
    super(options);
  }

  private pushText(text: string): void {
    super.push(text);
  }

  override push(record: unknown): boolean {
    if (this.failed) return false;
    try {
      if (record === null) {
        this.sink.end?.(this.emitText);
        return super.push(null);
      }
      this.sink.add(record as string[], this.info.lines, this.emitText);
    } catch (error) {
      this.failed = true;
      this.destroy(error as Error);
      return false;
    }
    return true;
  }
}

function openInput(path: string): Readable {
  if (path === "-") return process.stdin;
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch (error) {
    throw cannotRead(path, error);
  }
  if (fstatSync(fd).isDirectory()) {
    closeSync(fd);
    throw new CliInputError(`cannot read ${quote(path, SHOWN_PATH_CHARACTERS)}: it is a directory.`);
  }
  return createReadStream("", { fd, highWaterMark: READ_CHUNK_BYTES });
}

/**
 * Runs checkTextHead on the input's first bytes, again as each chunk arrives until SNIFF_BYTES
 * have been seen, and passes every chunk on at once: a pipe may deliver its header in a few
 * bytes and then wait, and the header must be parsed (and a bad one refused) without waiting.
 */
function headCheck(source: string): Transform {
  let head = Buffer.alloc(0);
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      if (head.length < SNIFF_BYTES) {
        head = Buffer.concat([head, chunk.subarray(0, SNIFF_BYTES - head.length)]);
        try {
          checkTextHead(head, source);
        } catch (error) {
          return done(error as Error);
        }
      }
      done(null, chunk);
    },
  });
}

function discard(): Writable {
  return new Writable({ objectMode: true, write: (_record, _encoding, done) => done() });
}

/** The CLI's message for whatever stopped the reading: our own errors pass, csv-parse's are shortened. */
function readError(error: unknown, path: string, source: string): Error {
  // Ours, and the library's typed errors (an UnknownLevelError while encoding rows), pass as they are.
  if (error instanceof CliInputError || error instanceof CliResourceError || error instanceof WasmMleError) return error;
  if (error instanceof CsvError) {
    if (error.code === "CSV_MAX_RECORD_SIZE") {
      return new CliInputError(
        `${source} is not valid CSV: a record at line ${(error as CsvError & { lines?: number }).lines ?? "?"} is longer than ` +
          `${MAX_RECORD_BYTES / 2 ** 20} MiB (is it a text file with line breaks?).`,
      );
    }
    // csv-parse's messages name the line ("Invalid Record Length: expect 7, got 6 on line 5"); values in them are shortened.
    return new CliInputError(`${source} is not valid CSV: ${shortenQuoted(error.message)}.`);
  }
  // A system error reading the input (EIO, EACCES on stdin …); anything else is a bug, not the user's file, and keeps its trace.
  if (typeof (error as NodeJS.ErrnoException)?.code === "string") return cannotRead(path, error);
  return error instanceof Error ? error : new Error(String(error));
}

function cannotRead(path: string, error: unknown): CliInputError {
  const code = (error as NodeJS.ErrnoException)?.code;
  const why =
    code === "ENOENT" ? "no such file" : code === "EISDIR" ? "it is a directory" : code === "EACCES" ? "permission denied" : (error as Error)?.message ?? String(error);
  return new CliInputError(`cannot read ${quote(path, SHOWN_PATH_CHARACTERS)}: ${why}.`);
}
