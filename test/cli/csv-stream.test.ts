// Reading a CSV file as the CLI does, in-process (bindings/cli/csv-stream.ts): the records and the
// line each ends on, the syntax options passed to csv-parse (delimiter, quote or none, byte-order
// mark, blank lines), what a sink emits reaching the output, and the messages for a file that
// cannot be read or is not CSV.
import { PassThrough, Writable } from "node:stream";
import { describe, expect, test, vi } from "vitest";
import { CliInputError } from "../../dist/cli/cli-error.js";
import { DEFAULT_CSV, readDataset, readRecords, type CsvSyntax } from "../../dist/cli/csv-stream.js";
import { scratchDirectory } from "../helpers/cli.js";

const scratch = scratchDirectory("csv-stream");

async function records(content: string | Uint8Array, csv: Partial<CsvSyntax> = {}): Promise<[string[], number][]> {
  const path = scratch.file(`r${Math.random().toString(36).slice(2)}.csv`, content);
  const seen: [string[], number][] = [];
  await readRecords(path, "data.csv", { ...DEFAULT_CSV, ...csv }, { add: (record, line) => void seen.push([record, line]) });
  return seen;
}

async function failure(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(CliInputError);
  return (error as Error).message;
}

describe("readRecords", () => {
  test("records with the line each ends on: blank lines skipped, a quoted line break kept, a byte-order mark dropped", async () => {
    expect(await records('\uFEFFx,y\n1,2\n\n"a\nb",3\n4,5')).toEqual([[["x", "y"], 1], [["1", "2"], 2], [["a\nb", "3"], 5], [["4", "5"], 6]]);
  });

  test("the delimiter: detected, or as given; the quote character, or none", async () => {
    expect(await records("x;y\n1,5;2\n")).toEqual([[["x", "y"], 1], [["1,5", "2"], 2]]);
    expect(await records("x|y\n1|2\n", { delimiter: "|" })).toEqual([[["x", "y"], 1], [["1", "2"], 2]]);
    expect(await records("x,y\n'a,b',2\n", { quote: "'" })).toEqual([[["x", "y"], 1], [["a,b", "2"], 2]]);
    expect(await records('x,y\n"a",2\n', { quote: null })).toEqual([[["x", "y"], 1], [['"a"', "2"], 2]]);
  });

  test("what the sink emits goes to the output, after every record and the sink's end", async () => {
    const path = scratch.file("emit.csv", "x\n1\n2\n");
    const written: string[] = [];
    const output = new Writable({ write: (chunk, _encoding, done) => (written.push(String(chunk)), done()) });
    await readRecords(path, "emit.csv", DEFAULT_CSV, { add: (record, _line, emit) => emit(`${record[0]};`), end: (emit) => emit("end") }, output);
    expect(written.join("")).toBe("x;1;2;end");
  });

  test("an error of the sink stops the reading and passes as it is; the records after it are never read", async () => {
    const path = scratch.file("stop.csv", `x\n${Array.from({ length: 50_000 }, (_, k) => k).join("\n")}\n`);
    const stop = new CliInputError("stop at 3");
    let seen = 0;
    const error = await readRecords(path, "stop.csv", DEFAULT_CSV, {
      add: () => {
        if (++seen === 3) throw stop;
      },
    }).then(() => null, (e: unknown) => e);
    expect(error).toBe(stop);
    expect(seen).toBe(3);
  });

  test("a missing file, a directory, a binary file and malformed CSV: a CliInputError naming it", async () => {
    const missing = scratch.path("absent.csv");
    expect(await failure(readRecords(missing, "absent.csv", DEFAULT_CSV, { add: () => {} }))).toBe(`cannot read ${JSON.stringify(missing)}: no such file.`);
    expect(await failure(readRecords(scratch.dir, "dir", DEFAULT_CSV, { add: () => {} }))).toBe(`cannot read ${JSON.stringify(scratch.dir)}: it is a directory.`);
    expect(await failure(records(Uint8Array.of(0x1f, 0x8b, 8, 0, 0, 0)))).toMatch(/^data\.csv is not a text CSV file: it is a gzip-compressed file/);
    expect(await failure(records("x,y\n1,2\n3,4,5\n"))).toMatch(/^data\.csv is not valid CSV: Invalid Record Length: .*line 3\.$/);
    expect(await failure(records(`x,y\n"${"v".repeat(100)}\n`))).toMatch(/^data\.csv is not valid CSV: /);
  });
});

describe("readDataset", () => {
  test("the decimal mark and --na cells reach the table", async () => {
    const path = scratch.file("decimal.csv", "x;y\n1,5;2\n-99;3\n2,5;4\n");
    const dataset = await readDataset(path, "decimal.csv", { target: "y", targetKind: "numbers", missing: "drop", staging: "memory" }, { ...DEFAULT_CSV, decimal: ",", na: ["-99"] });
    expect(Array.from(dataset.flatX!)).toEqual([1.5, 2.5]);
    expect(Array.from(dataset.y)).toEqual([2, 4]);
    expect(dataset.dropped.firstRows).toEqual([2]);
  });
});

describe("standard input", () => {
  /** Reads "-" from a stdin that sends `chunks` one at a time. */
  async function fromStdin(chunks: string[]): Promise<unknown> {
    const stdin = new PassThrough();
    const spy = vi.spyOn(process, "stdin", "get").mockReturnValue(stdin as never);
    try {
      const seen: string[][] = [];
      const reading = readRecords("-", "standard input", DEFAULT_CSV, { add: (record) => void seen.push(record) }).then(() => seen, (error: unknown) => error);
      for (const chunk of chunks) {
        stdin.write(chunk);
        await new Promise((resolve) => setImmediate(resolve));
      }
      stdin.end();
      return await reading;
    } finally {
      spy.mockRestore();
    }
  }
  const rows = (count: number) => "1,2\n".repeat(count);

  test("the first 4096 bytes are checked as they arrive, over several chunks; later bytes are the parser's", async () => {
    const head = `x,y\n${rows(999)}`; // 4000 bytes
    expect(head.length).toBe(4000);
    const early = await fromStdin([head, `${rows(12)}1,\u00002\n`]);
    expect(early).toBeInstanceOf(CliInputError);
    expect((early as Error).message).toBe("standard input is not a text CSV file: byte 4050 is a NUL (0x00), which text never holds.");
    const late = await fromStdin([head, `${rows(40)}1,\u00002\n`]);
    expect(late).toEqual([["x", "y"], ...Array.from({ length: 1039 }, () => ["1", "2"]), ["1", "\u00002"]]);
  });
});
