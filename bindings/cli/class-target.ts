import { CliInputError } from "./cli-error.js";
import { DECIMAL, quote } from "./text.js";

/** The trainer's limit on the number of classes (bindings/options.ts). */
const MAX_CLASSES = 65535;

/**
 * A multinomial target read row by row. Each row gets a provisional number (its label's order of
 * first appearance); `numbering()` then says what each provisional number stands for. Labels that
 * are all non-negative integers are kept as class indices when they are exactly 0..K−1, or when
 * the number of classes was given; any other labels (text, 1-based codes, …) are sorted
 * (numerically if all are numbers, else by UTF-16 code units) and numbered 0..K−1.
 */
export class ClassTarget {
  private readonly provisional = new Map<string, number>();
  private readonly labels: string[] = [];
  private allIntegers = true;

  constructor(private readonly classesGiven: boolean, private readonly column: string, private readonly source: string) {}

  /** The provisional number of a (trimmed) label. */
  label(cell: string, row: number, line: number): number {
    const known = this.provisional.get(cell);
    if (known !== undefined) return known;
    if (cell.length === 0) {
      throw new CliInputError(`${this.source}: data row ${row + 1} (line ${line}), column ${quote(this.column)} is empty; every row needs a class label.`);
    }
    if (this.labels.length === MAX_CLASSES) {
      throw new CliInputError(
        `column ${quote(this.column)} of ${this.source} has more than ${MAX_CLASSES} distinct labels (the next is ${quote(cell)} at data row ${row + 1}, ` +
          `line ${line}); a classifier needs a class label per row. For a numeric response use --family gaussian or poisson.`,
      );
    }
    const number = this.labels.length;
    this.provisional.set(cell, number);
    this.labels.push(cell);
    if (this.allIntegers && !/^\d+$/.test(cell)) this.allIntegers = false;
    return number;
  }

  /**
   * `values[p]`: the class index of provisional number p; `labels`: the label of each class index,
   * or null when the labels are the indices themselves.
   */
  numbering(): { values: Float64Array; labels: readonly string[] | null } {
    const { labels } = this;
    if (this.allIntegers) {
      const values = Float64Array.from(labels, Number);
      const distinct = new Set(values).size;
      if (this.classesGiven || values.every((value) => value < distinct)) return { values, labels: null };
    }
    const numeric = labels.every((label) => DECIMAL.test(label));
    const sorted = [...labels].sort(numeric ? (a, b) => Number(a) - Number(b) : (a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const index = new Map(sorted.map((label, k) => [label, k]));
    return { values: Float64Array.from(labels, (label) => index.get(label)!), labels: sorted };
  }

  /**
   * The numbering of a bernoulli target: with `positive`, 1 for that label and 0 for the other
   * (there must be at most two, the positive among them); without it, labels that are all numbers
   * are used as written (the trainer checks they are 0 or 1), and text labels are refused with the
   * labels listed and the flag to give. `labels` is [negative, positive] when a label was named.
   */
  binary(positive: string | undefined): { values: Float64Array; labels: readonly string[] | null } {
    const { labels, column, source } = this;
    const listed = () => [...labels].sort().map((label) => quote(label)).join(", ");
    if (positive !== undefined) {
      if (!labels.includes(positive)) throw new CliInputError(`--positive ${quote(positive)} is not a label of column ${quote(column)} in ${source}; its labels are ${listed()}.`);
      if (labels.length > 2) {
        throw new CliInputError(`column ${quote(column)} of ${source} has ${labels.length} labels (${listed()}); --family bernoulli needs two. For more classes use --family multinomial.`);
      }
      const negative = labels.find((label) => label !== positive) ?? "";
      return { values: Float64Array.from(labels, (label) => (label === positive ? 1 : 0)), labels: [negative, positive] };
    }
    if (labels.every((label) => DECIMAL.test(label))) return { values: Float64Array.from(labels, Number), labels: null };
    const count = labels.length === 2 ? "the two labels" : `${labels.length} label${labels.length === 1 ? "" : "s"}`;
    const advice = labels.length <= 2
      ? `name the positive class with --positive <label> (for example --positive ${shellWord([...labels].sort()[labels.length - 1])})`
      : "--family bernoulli needs two (then --positive <label>); for more classes use --family multinomial";
    throw new CliInputError(`column ${quote(column)} of ${source} holds ${count} ${listed()}, not 0/1: ${advice}.`);
  }
}

/** A label as a shell word: quoted when it holds anything but letters, digits and ._-. */
function shellWord(text: string): string {
  return /^[\w.-]+$/.test(text) ? text : `'${text.replace(/'/g, "'\\''")}'`;
}
