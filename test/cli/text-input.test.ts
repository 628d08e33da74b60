// What the CLI decides from the first bytes of its input, as units: text or not (sniff.ts: byte-order
// marks, binary signatures, UTF-16 without a mark, NULs, control characters, invalid UTF-8, each at
// its boundary), the head read up to the header's end (delimiter.ts readHead), the detected
// delimiter's tie and fallback rules, and where each kept row came from (row-lines.ts).
import { PassThrough, Readable } from "node:stream";
import { describe, expect, test } from "vitest";
import { looksDecimal, otherMarkNumber } from "../../dist/cli/cells.js";
import { cliRefusal } from "../helpers/cli-refusal.js";
import { thrownBy } from "../helpers/thrown.js";
import { detectDelimiter, readHead } from "../../dist/cli/delimiter.js";
import { MissingRows, RowOrigins } from "../../dist/cli/row-lines.js";
import { checkTextHead } from "../../dist/cli/sniff.js";

/** The message of checkTextHead's CliInputError for these bytes, or null when they pass as text. */
function refusal(bytes: number[] | Uint8Array): string | null {
  const check = () => checkTextHead(Uint8Array.from(bytes), "data.csv");
  return thrownBy(check) === undefined ? null : cliRefusal(check);
}
const ascii = (text: string) => [...Buffer.from(text, "latin1")];

describe("checkTextHead: text CSV or not, from the first bytes", () => {
  test("UTF-32 and UTF-16 byte-order marks, each byte order", () => {
    expect(refusal([0xff, 0xfe, 0x00, 0x00, 0x61, 0, 0, 0])).toMatch(/^data\.csv looks like UTF-32 \(it starts with a UTF-32 byte-order mark\)/);
    expect(refusal([0x00, 0x00, 0xfe, 0xff, 0, 0, 0, 0x61])).toMatch(/UTF-32/);
    expect(refusal([0xff, 0xfe, 0x61, 0x00])).toMatch(/^data\.csv looks like UTF-16 \(little-endian, with a byte-order mark\)/);
    expect(refusal([0xfe, 0xff, 0x00, 0x61])).toMatch(/^data\.csv looks like UTF-16 \(big-endian, with a byte-order mark\)/);
    expect(refusal([0xfe, 0xff])).toMatch(/big-endian, with a byte-order mark/);
  });

  test.each([
    [[0x1f, 0x8b], /gzip-compressed/],
    [[0x50, 0x4b, 0x03, 0x04], /ZIP archive/],
    [[0xd0, 0xcf, 0x11, 0xe0], /\(\.xls\) file/],
    [[0x50, 0x41, 0x52, 0x31], /Parquet file/],
    [[0x25, 0x50, 0x44, 0x46], /PDF document/],
  ])("the signature %j, exactly that long, names its format", (bytes, what) => {
    expect(refusal(bytes)).toMatch(new RegExp(`^data\\.csv is not a text CSV file: it is an? (.* )?${what.source}`));
    expect(refusal([...bytes, ...ascii(",b\n")])).toMatch(what);
  });

  test("a signature's first bytes alone, or the same bytes later in the file, are not that format", () => {
    expect(refusal(ascii("PK,x\n1,2\n"))).toBeNull();
    expect(refusal(ascii("%PDF"))).not.toBeNull();
    expect(refusal(ascii("a,%PDF\n"))).toBeNull();
    expect(refusal(ascii("PAR"))).toBeNull();
  });

  test("UTF-16 without a mark: one parity of the byte pairs zero in ≥ 90 %, the other in ≤ 5 %, from two pairs on", () => {
    expect(refusal([...Buffer.from("x,y\n1,2\n", "utf16le")])).toMatch(/^data\.csv looks like UTF-16 \(little-endian, no byte-order mark/);
    expect(refusal([...Buffer.from("x,y\n1,2\n", "utf16le").swap16()])).toMatch(/UTF-16 \(big-endian, no byte-order mark/);
    expect(refusal([0x61, 0, 0x62, 0])).toMatch(/little-endian, no byte-order mark/);
    expect(refusal([0, 0x61, 0, 0x62])).toMatch(/big-endian, no byte-order mark/);
    // one pair is too few to judge: its NUL is reported instead
    expect(refusal([0x61, 0])).toMatch(/byte 1 is a NUL/);
    // 20 pairs: 18 with a zero odd byte (90 %) and 1 with a zero even byte (5 %) still read as UTF-16
    const pairs = (oddZeros: number, evenZeros: number) =>
      Array.from({ length: 20 }, (_, k) => [k < evenZeros ? 0 : 0x61, k >= 20 - oddZeros ? 0 : 0x62]).flat();
    expect(refusal(pairs(18, 1))).toMatch(/little-endian, no byte-order mark/);
    expect(refusal(pairs(17, 1))).toMatch(/byte 1 is a NUL|byte \d+ is a NUL/);
    expect(refusal(pairs(18, 2))).toMatch(/is a NUL/);
    const swapped = (bytes: number[]) => bytes.map((_, k) => bytes[k ^ 1]);
    expect(refusal(swapped(pairs(18, 1)))).toMatch(/big-endian, no byte-order mark/);
    expect(refusal(swapped(pairs(17, 1)))).toMatch(/is a NUL/);
    expect(refusal(swapped(pairs(18, 2)))).toMatch(/is a NUL/);
  });

  test("the first NUL byte is named", () => {
    expect(refusal(ascii("a,b\n1,\u0000\n2,\u0000\n"))).toBe("data.csv is not a text CSV file: byte 6 is a NUL (0x00), which text never holds.");
  });

  test("control characters: refused above one byte in ten; tab, line feed, form feed and carriage return are text", () => {
    expect(refusal(ascii("\t\n\f\r\t\n\f\r"))).toBeNull();
    expect(refusal(ascii("abcdefghi\u0001"))).toBeNull();
    expect(refusal(ascii("abcdefgh\u0001\u001f"))).toMatch(/^data\.csv is not a text CSV file: 2 of its first 10 bytes are control characters\.$/);
    expect(refusal(ascii("abcdefgh\u007f\u0008"))).toMatch(/2 of its first 10 bytes/);
    expect(refusal(ascii("abcdefgh \u007e"))).toBeNull();
    expect(refusal(ascii("abcdefgh\u000b\u000e"))).toMatch(/control characters/);
    expect(refusal([])).toBeNull();
  });

  test("invalid UTF-8: the first byte that breaks it, in hex; well-formed sequences of every length and one cut off by the end pass", () => {
    expect(refusal(ascii("caf\u00e9,1\n"))).toBe(
      "data.csv is not UTF-8 text: byte 3 (0xE9) does not begin a valid UTF-8 character (Latin-1 or Windows-1252 text looks like this); save it as UTF-8.",
    );
    expect(refusal([...Buffer.from("é€😀,x\n", "utf8")])).toBeNull();
    expect(refusal([0x61, 0xc2, 0x80, 0xdf, 0xbf, 0xe0, 0xa0, 0x80, 0xef, 0xbf, 0xbf, 0xf0, 0x90, 0x80, 0x80, 0xf4, 0x8f, 0xbf, 0xbf])).toBeNull();
    for (const lead of [0x80, 0xbf, 0xc0, 0xc1, 0xf5, 0xff]) expect(refusal([0x61, lead, 0x80, 0x80, 0x80])).toMatch(new RegExp(`byte 1 \\(0x${lead.toString(16).toUpperCase()}\\)`));
    expect(refusal([0x61, 0xe2, 0x82, 0x41])).toMatch(/byte 1 \(0xE2\)/);
    expect(refusal([0x61, 0xf0, 0x9f, 0x98, 0xc0])).toMatch(/byte 1 \(0xF0\)/);
    expect(refusal([0x61, 0x62, 0xe2, 0x82])).toBeNull();
    expect(refusal([0x61, 0xf0])).toBeNull();
    expect(refusal([0xc3, 0xa9, 0xc3])).toBeNull();
    expect(refusal([0xc3, 0xa9, 0xe9, 0x2c])).toMatch(/byte 2 \(0xE9\)/);
  });
});

async function text(stream: Readable): Promise<string> {
  let all = "";
  for await (const chunk of stream) all += chunk.toString();
  return all;
}
const tick = () => new Promise((resolve) => setImmediate(resolve));

describe("readHead: the first bytes up to the header's end, given back", () => {
  test("waits past a line break inside quotes; the stream keeps every byte", async () => {
    const stream = new PassThrough();
    const reading = readHead(stream, '"');
    stream.write('"a\nb",c');
    await tick();
    stream.write("\r\n1,2\n");
    const { input, head } = await reading;
    expect(input).toBe(stream);
    expect(head.toString()).toBe('"a\nb",c\r\n1,2\n');
    stream.end("3,4\n");
    expect(await text(input)).toBe('"a\nb",c\r\n1,2\n3,4\n');
  });

  test("without a quote character a quote is an ordinary byte", async () => {
    const stream = new PassThrough();
    const reading = readHead(stream, null);
    stream.write('"a\nb",c');
    await tick();
    stream.end("\n1,2\n");
    expect((await reading).head.toString()).toBe('"a\nb",c');
  });

  test("a stream that ends first: a new stream of what it sent; nothing at all gives nothing", async () => {
    const ended = await readHead(Readable.from([Buffer.from("a,b")]), '"');
    expect(ended.head.toString()).toBe("a,b");
    expect(await text(ended.input)).toBe("a,b");
    const empty = await readHead(Readable.from([]), '"');
    expect(empty.head.length).toBe(0);
    expect(await text(empty.input)).toBe("");
  });

  test("a header longer than 64 KiB is judged on its first 64 KiB; a stream error rejects", async () => {
    const stream = new PassThrough();
    const reading = readHead(stream, '"');
    stream.write(Buffer.alloc(40 * 1024, 0x61));
    await tick();
    stream.write(Buffer.alloc(30 * 1024, 0x62));
    const { input, head } = await reading;
    expect(input).toBe(stream);
    expect(head.length).toBe(70 * 1024);
    const failing = new PassThrough();
    const failed = readHead(failing, '"');
    failing.destroy(new Error("EIO"));
    await expect(failed).rejects.toThrow("EIO");
  });
});

const detect = (text: string, quote: string | null = '"') => detectDelimiter(Buffer.from(text), { quote, decimal: "." });

describe("detectDelimiter: ties, fallbacks and what is compared", () => {
  test.each([
    // ties go to the earlier of , ; tab |
    ["a;b|c\n1;2|3\n", ";"],
    ["a|b\tc\n1|2\t3\n", "\t"],
    // consistent beats more frequent
    ["a;b;c|d\n1;2;3;4|5\n", "|"],
    // none consistent: the one the header holds most
    ["a;b;c|d\n1;2\n3|4|5\n", ";"],
    ["a|b|c;d\n1;2\n3;4;5\n", "|"],
    // delimiters in quotes do not count, in the header or the lines
    ['"a|b|c";d\n"1|2|3";4\n', ";"],
    // the last, unfinished line is not compared; blank lines are skipped
    ["a;b|c\n1;2|3\n4|5", ";"],
    ["a;b|c\n\n\n1;2|3\n\r\n4;5|6\n", ";"],
    // a byte-order mark is not part of the header
    ["\uFEFFa b\n1 2\n", " "],
    // a space only when it splits the header and every line alike, and there is a line to compare
    ["a b c\n1 2 3\n4 5 6\n", " "],
    ["a b c\n1 2\n", ","],
    ["a b c\n", ","],
    ["ab\n1\n", ","],
    ["", ","],
  ])("%j → %j", (head, expected) => {
    expect(detect(head)).toBe(expected);
  });

  test("only the header and the 20 lines after it are compared", () => {
    const lines = Array.from({ length: 20 }, (_, k) => `${k};${k}|${k}`);
    expect(detect(`a;b|c\n${lines.join("\n")}\n1;2;3|4\n`)).toBe(";");
    expect(detect(`a;b|c\n${lines.slice(0, 19).join("\n")}\n1;2;3|4\n`)).toBe("|");
  });

  test("with no quote character, quotes are ordinary characters", () => {
    expect(detect('"a;b"|c\n"1;2"|3\n', null)).toBe(";");
    expect(detect('"a;b"|c\n"1;2"|3\n', '"')).toBe("|");
  });
});

describe("where kept rows came from", () => {
  test("RowOrigins: runs split wherever the data row or the line jumps", () => {
    const origins = new RowOrigins();
    const rows: [number, number][] = [[1, 2], [2, 3], [3, 4], [5, 6], [6, 8], [7, 9], [9, 11]];
    for (const [dataRow, line] of rows) origins.add(dataRow, line);
    rows.forEach(([dataRow, line], kept) => {
      expect(origins.dataRowOf(kept)).toBe(dataRow);
      expect(origins.lineOf(kept)).toBe(line);
    });
    const single = new RowOrigins();
    single.add(4, 9);
    expect([single.dataRowOf(0), single.lineOf(0)]).toEqual([4, 9]);
  });

  test("MissingRows: counts all, lists five with their columns (three at most), says how many more", () => {
    const missing = new MissingRows();
    const q = (name: string) => `<${name}>`;
    missing.add(3, 4, ["x"]);
    expect(missing.describe(q)).toBe("data row 3 (line 4, column <x>)");
    missing.add(9, 10, ["x", "y"]);
    missing.add(11, 12, ["a", "b", "c", "d"]);
    missing.add(12, 13, ["a", "b", "c"]);
    missing.add(13, 15, ["z"]);
    expect(missing.describe(q)).toBe(
      "data row 3 (line 4, column <x>), data row 9 (line 10, columns <x>, <y>), data row 11 (line 12, columns <a>, <b>, <c>, …), " +
        "data row 12 (line 13, columns <a>, <b>, <c>), data row 13 (line 15, column <z>)",
    );
    for (let k = 0; k < 1500; k++) missing.add(20 + k, 22 + k, ["x"]);
    expect(missing.count).toBe(1505);
    expect(missing.firstRows).toEqual([3, 9, 11, 12, 13]);
    expect(missing.describe(q)).toMatch(/data row 13 \(line 15, column <z>\), … and 1,500 more$/);
  });
});

describe("a number written with the other decimal mark", () => {
  test.each([
    ["1,5", ".", true], ["1.5", ",", true], ["15", ".", false], ["15", ",", false], ["a,b", ".", false], ["1,5", ",", false], ["1.5", ".", false],
  ] as const)("otherMarkNumber(%j, %j) = %j", (cell, decimal, expected) => {
    expect(otherMarkNumber(cell, decimal)).toBe(expected);
  });

  test.each([
    ["1e999", ".", true], ["1,5e999", ",", true], ["1.5", ",", false], ["1,5", ".", false], ["15", ",", true], ["1,5,6", ",", false],
  ] as const)("looksDecimal(%j, %j) = %j", (cell, decimal, expected) => {
    expect(looksDecimal(cell, decimal)).toBe(expected);
  });
});
