import { CliInputError } from "./cli-error.js";

/** How many leading bytes are looked at to tell a text CSV from anything else. */
export const SNIFF_BYTES = 4096;

/** Signatures of files that are often mistaken for CSV, by their first bytes. */
const SIGNATURES: readonly { bytes: readonly number[]; what: string }[] = [
  { bytes: [0x1f, 0x8b], what: "a gzip-compressed file; decompress it first (gunzip -c file.gz | wasm-mle fit - …)" },
  { bytes: [0x50, 0x4b, 0x03, 0x04], what: "a ZIP archive (an Excel .xlsx workbook is one); export the sheet as CSV (UTF-8)" },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0], what: "an old Excel/Office (.xls) file; export the sheet as CSV (UTF-8)" },
  { bytes: [0x50, 0x41, 0x52, 0x31], what: "a Parquet file; convert it to CSV" },
  { bytes: [0x25, 0x50, 0x44, 0x46], what: "a PDF document" },
];

const startsWith = (head: Uint8Array, bytes: readonly number[]) => head.length >= bytes.length && bytes.every((b, k) => head[k] === b);

/**
 * Refuses, from its first bytes, input that is not UTF-8 (or ASCII) text: UTF-16 and UTF-32 with
 * or without a byte-order mark, known binary formats, and anything else holding NUL bytes or
 * mostly control characters. csv-parse would otherwise read UTF-16 as one-character fields with
 * NULs between them and report "Invalid Record Length" somewhere down the file.
 */
export function checkTextHead(head: Uint8Array, source: string): void {
  if (startsWith(head, [0xff, 0xfe, 0x00, 0x00]) || startsWith(head, [0x00, 0x00, 0xfe, 0xff])) {
    throw new CliInputError(`${source} looks like UTF-32 (it starts with a UTF-32 byte-order mark); save it as UTF-8.`);
  }
  if (startsWith(head, [0xff, 0xfe]) || startsWith(head, [0xfe, 0xff])) {
    const order = head[0] === 0xff ? "little-endian" : "big-endian";
    throw new CliInputError(`${source} looks like UTF-16 (${order}, with a byte-order mark); save it as UTF-8.`);
  }
  for (const { bytes, what } of SIGNATURES) {
    if (startsWith(head, bytes)) throw new CliInputError(`${source} is not a text CSV file: it is ${what}.`);
  }
  const utf16 = utf16WithoutMark(head);
  if (utf16) throw new CliInputError(`${source} looks like UTF-16 (${utf16}, no byte-order mark: every other byte is 0); save it as UTF-8.`);
  let nul = -1;
  let control = 0;
  for (let k = 0; k < head.length; k++) {
    const b = head[k];
    if (b === 0 && nul < 0) nul = k;
    // Tab, line feed, form feed and carriage return are text; other C0 controls and DEL are not.
    if ((b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0c && b !== 0x0d) || b === 0x7f) control++;
  }
  if (nul >= 0) throw new CliInputError(`${source} is not a text CSV file: byte ${nul} is a NUL (0x00), which text never holds.`);
  if (head.length > 0 && control / head.length > 0.1) {
    throw new CliInputError(`${source} is not a text CSV file: ${control} of its first ${head.length} bytes are control characters.`);
  }
  const invalid = firstInvalidUtf8(head);
  if (invalid >= 0) {
    throw new CliInputError(
      `${source} is not UTF-8 text: byte ${invalid} (0x${head[invalid].toString(16).toUpperCase().padStart(2, "0")}) does not begin a valid UTF-8 ` +
        "character (Latin-1 or Windows-1252 text looks like this); save it as UTF-8.",
    );
  }
}

/**
 * "little-endian"/"big-endian" when the bytes read as UTF-16 text of mostly ASCII characters: in at
 * least 90% of the byte pairs one parity is 0, and the other is 0 in almost none (ASCII text in
 * UTF-16LE is "x\0,\0…").
 */
function utf16WithoutMark(head: Uint8Array): string | null {
  const pairs = Math.floor(head.length / 2);
  if (pairs < 2) return null;
  let evenZero = 0;
  let oddZero = 0;
  for (let k = 0; k + 1 < head.length; k += 2) {
    if (head[k] === 0) evenZero++;
    if (head[k + 1] === 0) oddZero++;
  }
  if (oddZero >= 0.9 * pairs && evenZero <= 0.05 * pairs) return "little-endian";
  if (evenZero >= 0.9 * pairs && oddZero <= 0.05 * pairs) return "big-endian";
  return null;
}

/** Index of the first byte that breaks UTF-8 (RFC 3629), or −1; a sequence cut off by the end of `head` is fine. */
function firstInvalidUtf8(head: Uint8Array): number {
  let k = 0;
  while (k < head.length) {
    const b = head[k];
    const extra = b < 0x80 ? 0 : b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
    if (extra < 0) return k;
    for (let c = 1; c <= extra; c++) {
      if (k + c >= head.length) return -1;
      if ((head[k + c] & 0xc0) !== 0x80) return k;
    }
    k += extra + 1;
  }
  return -1;
}
