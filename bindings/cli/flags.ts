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

/** --delimiter: one or a few characters that cannot be confused with quoting or line ends. */
export function delimiterFlag(value: string): string {
  if (value.length === 0 || value.length > 4 || /["\r\n]/.test(value)) {
    throw new CliInputError(`--delimiter ${quote(value)} is not usable; give 1 to 4 characters other than a double quote or a line break (for example "," ";" or "\\t" written as $'\\t').`);
  }
  return value;
}
