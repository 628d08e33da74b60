import { CliInputError } from "./cli-error.js";
import { DECIMAL, SHOWN_CHARACTERS, quote } from "./text.js";

/**
 * A parser for a numeric flag: the value must be a plain decimal number, as the cells of the CSV
 * must be (so `--epochs 0x10`, `1e`, "" and " 5" are refused rather than read as 16, NaN, 0 and
 * 5). The trainer then checks the range (integer, > 0, …) and the CLI names the flag in its message.
 * Thrown as a CliInputError, not commander's InvalidArgumentError, because commander would echo
 * the whole value into its message.
 */
export function decimalFlag(flag: string): (value: string) => number {
  return (value) => {
    const parsed = DECIMAL.test(value) ? Number(value) : Number.NaN;
    if (!Number.isFinite(parsed)) {
      if (DECIMAL.test(value)) throw new CliInputError(`${flag} ${quote(value)} is beyond the range of a double.`);
      throw new CliInputError(`${flag} needs a decimal number such as 100, 0.5 or 1e-4, got ${quote(value)}; hex, spaces, underscores and Infinity are not numbers here.`);
    }
    return parsed;
  };
}

/**
 * A parser for a flag with a fixed set of values; its message has commander's wording, with the
 * value shortened.
 */
export function choiceFlag(flags: string, choices: readonly string[]): (value: string) => string {
  return (value) => {
    if (!choices.includes(value)) {
      const shown = value.length <= SHOWN_CHARACTERS ? `'${value}'` : quote(value);
      throw new CliInputError(`option '${flags}' argument ${shown} is invalid. Allowed choices are ${choices.join(", ")}.`);
    }
    return value;
  };
}

/**
 * --delimiter: "auto" (detect , ; tab or |), or one to four characters that cannot be confused with a
 * line end; the two characters \t (as typed in --delimiter '\t') mean a tab.
 */
export function delimiterFlag(value: string): string {
  if (value === "auto") return value;
  const delimiter = value === "\\t" ? "\t" : value;
  if (delimiter.length === 0 || delimiter.length > 4 || /["\r\n]/.test(delimiter)) {
    throw new CliInputError(`--delimiter ${quote(value)} is not usable; give auto, or 1 to 4 characters other than a double quote or a line break (for example "," ";" "|" or '\\t' for a tab).`);
  }
  return delimiter;
}

/** --quote: the one character that quotes fields (default "), or none. */
export function quoteFlag(value: string): string | null {
  if (value === "none") return null;
  if (value.length !== 1 || value.charCodeAt(0) > 0x7e || /[\r\n\t ,;|]/.test(value)) {
    throw new CliInputError(`--quote ${quote(value)} is not usable; give one printable ASCII character such as " or ', or none (no quoting).`);
  }
  return value;
}

/** --categorical a --categorical b,c: the names, gathered over repeated flags. */
export function namesFlag(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), ...value.split(",").map((name) => name.trim()).filter((name) => name.length > 0)];
}

/** The CSV flags together: the delimiter cannot be the decimal mark or hold the quote character. */
export function checkCsvFlags(flags: { delimiter: string; quote: string | null; decimal: string }): void {
  if (flags.decimal === "," && flags.delimiter.includes(",")) {
    throw new CliInputError('--decimal , cannot be used with the delimiter ","; numbers like 1,5 need another delimiter: give --delimiter ";" (or \'\\t\', |), or leave --delimiter to auto.');
  }
  if (flags.quote !== null && flags.delimiter !== "auto" && flags.delimiter.includes(flags.quote)) {
    throw new CliInputError(`--delimiter ${quote(flags.delimiter)} holds the quote character ${quote(flags.quote)}; give another --quote (or --quote none).`);
  }
}
