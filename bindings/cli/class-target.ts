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
          `line ${line}); --family multinomial needs a class label per row. For a numeric response use --family gaussian or poisson.`,
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
}
