import { DECIMAL } from "./text.js";

/**
 * The cells read as a missing value (after trimming spaces): pandas' default `na_values`
 * (pandas/_libs/parsers.pyx, STR_NA_VALUES, pandas 1.5) plus "." (Stata, SAS and SPSS exports) and
 * "?" (the UCI repository's files). Case matters, as in pandas: "na" and "Null" are not missing.
 */
export const MISSING_CELLS: readonly string[] = [
  "", "NA", "N/A", "n/a", "NaN", "-NaN", "nan", "-nan", "NULL", "null", "None", "<NA>", "#N/A", "#N/A N/A", "#NA",
  "-1.#IND", "1.#IND", "-1.#QNAN", "1.#QNAN", ".", "?",
];
const MISSING = new Set(MISSING_CELLS);

/** The decimal mark of numbers in the cells: "." (default) or "," (then 1,5 is one and a half). */
export type DecimalMark = "." | ",";

/** How cells are read: which are missing, and how a number is written. */
export interface CellSyntax {
  readonly decimal: DecimalMark;
  /** Cells read as missing besides MISSING_CELLS (--na, e.g. -99 or "missing"). */
  readonly na?: readonly string[];
}

/** The test for a missing (trimmed) cell: MISSING_CELLS and the syntax's own `na` cells. */
export function missingTest(syntax: CellSyntax): (text: string) => boolean {
  if (!syntax.na || syntax.na.length === 0) return (text) => MISSING.has(text);
  const extra = new Set(syntax.na);
  return (text) => MISSING.has(text) || extra.has(text);
}

/** The number a (trimmed) cell holds in plain decimal notation with the given mark, or NaN. */
export function parseNumber(text: string, decimal: DecimalMark): number {
  if (decimal === ".") return DECIMAL.test(text) ? Number(text) : Number.NaN;
  if (text.includes(".")) return Number.NaN;
  const dotted = text.replace(",", ".");
  return DECIMAL.test(dotted) ? Number(dotted) : Number.NaN;
}

/** Whether a cell that is not a number with `decimal` would be one with the other mark (a likely --decimal mistake). */
export function otherMarkNumber(text: string, decimal: DecimalMark): boolean {
  return Number.isFinite(parseNumber(text, decimal === "." ? "," : ".")) && /[.,]/.test(text);
}

/** Whether a cell is written as a decimal number with `decimal` (possibly beyond the range of a double). */
export function looksDecimal(text: string, decimal: DecimalMark): boolean {
  return DECIMAL.test(decimal === "." ? text : text.includes(".") ? "x" : text.replace(",", "."));
}
