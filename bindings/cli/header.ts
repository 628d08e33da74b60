import { CliInputError } from "./cli-error.js";
import { DECIMAL, quote } from "./text.js";

/** The header row, trimmed and checked: every column named, no name twice, not a row of numbers. */
export function readHeader(record: readonly string[], source: string): string[] {
  const header = record.map((name) => name.trim());
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
  return header;
}

/**
 * Advice when a column is not found but the header holds it in quotes csv-parse did not remove
 * (files quoted with ' such as statsmodels' anes96.csv): the --quote flag that reads them.
 */
export function quoteHint(name: string, header: readonly string[]): string {
  for (const mark of ["'", "`"]) {
    if (header.includes(`${mark}${name}${mark}`)) return ` (its names are in ${mark === "'" ? "single quotes" : "backquotes"}: give --quote "${mark}")`;
  }
  return "";
}
