import { Readable } from "node:stream";
import type { CsvSyntax } from "./csv-stream.js";

/** The delimiters `--delimiter auto` chooses from, in order of preference on a tie. */
export const DETECTED_DELIMITERS = [",", ";", "\t", "|"] as const;
/** The most bytes read before the header line must have ended (a longer header is judged on this much). */
const HEAD_BYTES = 64 * 1024;
/** Lines after the header that detection compares it with, when the first chunk holds them. */
const COMPARED_LINES = 20;

/**
 * Reads the first bytes of `stream` until they hold the end of the header line (a line break
 * outside quotes), HEAD_BYTES, or the end, and gives them back: the stream itself with the
 * bytes put back (unshift), or a new stream of them when it has already ended. Only the header is
 * waited for, so a pipe that sends its header and then stalls is still answered at once.
 */
export function readHead(stream: Readable, quote: string | null): Promise<{ input: Readable; head: Buffer }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (ended: boolean) => {
      stream.off("readable", onReadable);
      stream.off("end", onEnd);
      stream.off("error", onError);
      const head = Buffer.concat(chunks);
      if (ended) return resolve({ input: Readable.from(head.length > 0 ? [head] : []), head });
      if (head.length > 0) stream.unshift(head);
      resolve({ input: stream, head });
    };
    const onReadable = () => {
      let chunk: Buffer | null;
      while ((chunk = stream.read() as Buffer | null) !== null) {
        chunks.push(chunk);
        size += chunk.length;
        if (size >= HEAD_BYTES || headerEnds(Buffer.concat(chunks), quote)) return finish(false);
      }
    };
    const onEnd = () => finish(true);
    const onError = (error: Error) => {
      stream.off("readable", onReadable);
      stream.off("end", onEnd);
      reject(error);
    };
    stream.on("readable", onReadable);
    stream.once("end", onEnd);
    stream.once("error", onError);
  });
}

function headerEnds(bytes: Buffer, quote: string | null): boolean {
  const quoteByte = quote === null ? -1 : quote.charCodeAt(0);
  let quoted = false;
  for (let k = 0; k < bytes.length; k++) {
    const b = bytes[k];
    if (b === quoteByte) quoted = !quoted;
    else if ((b === 0x0a || b === 0x0d) && !quoted) return true;
  }
  return false;
}

/**
 * The delimiter of a CSV from its first lines, as `--delimiter auto`: among `, ; \t |` (without ","
 * when the decimal mark is ","), the one that appears in the header line and the same number of
 * times in each following complete line of `head`, the most often; if none is that consistent, the
 * one the header holds most. When the header holds none, a single space if it splits the header and
 * every following line into the same number of fields, else "," (a single column). Occurrences
 * inside quoted fields do not count. (Python's csv.Sniffer judges consistency over the lines the same way.)
 */
export function detectDelimiter(head: Buffer, csv: Pick<CsvSyntax, "quote" | "decimal">): string {
  const text = head.toString("utf8").replace(/^\uFEFF/, "");
  const candidates = DETECTED_DELIMITERS.filter((d) => !(d === "," && csv.decimal === ","));
  const lines = splitLines(text, csv.quote, COMPARED_LINES + 1);
  const counts = candidates.map((d) => lines.map((line) => countOutsideQuotes(line, d, csv.quote)));
  let best: string | null = null;
  let bestCount = 0;
  let fallback: string | null = null;
  let fallbackCount = 0;
  candidates.forEach((d, c) => {
    const inHeader = counts[c][0] ?? 0;
    if (inHeader === 0) return;
    if (inHeader > fallbackCount) [fallback, fallbackCount] = [d, inHeader];
    const consistent = counts[c].every((n) => n === inHeader);
    if (consistent && inHeader > bestCount) [best, bestCount] = [d, inHeader];
  });
  if (best ?? fallback) return (best ?? fallback)!;
  // No , ; tab or | in the header: a space, when it splits every line alike (statsmodels' spector.csv).
  const spaces = lines.map((line) => countOutsideQuotes(line, " ", csv.quote));
  return lines.length > 1 && spaces[0] > 0 && spaces.every((n) => n === spaces[0]) ? " " : ",";
}

/** Complete lines of `text` (the last, unfinished one is left out unless it is the only one), line breaks in quotes kept inside. */
function splitLines(text: string, quote: string | null, most: number): string[] {
  const lines: string[] = [];
  let start = 0;
  let quoted = false;
  for (let k = 0; k < text.length && lines.length < most; k++) {
    const ch = text[k];
    if (quote !== null && ch === quote) quoted = !quoted;
    else if ((ch === "\n" || ch === "\r") && !quoted) {
      if (k > start) lines.push(text.slice(start, k));
      start = k + 1;
    }
  }
  if (lines.length === 0 && start < text.length) lines.push(text.slice(start));
  return lines;
}

function countOutsideQuotes(line: string, delimiter: string, quote: string | null): number {
  let count = 0;
  let quoted = false;
  for (let k = 0; k < line.length; k++) {
    if (quote !== null && line[k] === quote) quoted = !quoted;
    else if (!quoted && line[k] === delimiter) count++;
  }
  return count;
}
