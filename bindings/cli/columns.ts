import { EncodedLayout, MAX_LEVELS, sortLevels, type ColumnEncoding } from "../encoding.js";
import { CliInputError } from "./cli-error.js";
import { looksDecimal, otherMarkNumber, parseNumber, type CellSyntax } from "./cells.js";
import { quote } from "./text.js";

/** Where a cell is, for messages: "data.csv: data row 3 (line 4), column "x"". */
export type CellPlace = (dataRow: number, line: number, column: string) => string;

interface ColumnState {
  readonly name: string;
  /** "numeric" or "categorical" once decided (forced by --categorical, else by the first non-missing cell). */
  kind: "numeric" | "categorical" | null;
  readonly forced: boolean;
  /** Categorical: level → provisional number (order of first appearance). */
  readonly provisional: Map<string, number>;
  readonly levels: string[];
  /** The first cell that decided the kind, for messages. */
  first: { text: string; dataRow: number } | null;
}

/**
 * The feature columns of a fit, read one cell at a time in a single pass. A column is numeric or
 * categorical: categorical when named by --categorical, or when its first non-missing cell is not
 * a number (a text column, as pandas reads it); a column mixing numbers and text is refused, since
 * a typo in a numeric column must not turn it into hundreds of indicator columns. A categorical
 * cell is stored as a provisional number (its level's order of first appearance); `finish()` sorts
 * the levels, as patsy does, and gives the encoding and the row writer that turns a raw row into
 * indicator columns.
 */
export class FeatureColumns {
  private readonly states: ColumnState[];

  constructor(names: readonly string[], categorical: ReadonlySet<string>, private readonly syntax: CellSyntax, private readonly place: CellPlace) {
    this.states = names.map((name) => ({
      name, kind: categorical.has(name) ? "categorical" : null, forced: categorical.has(name), provisional: new Map(), levels: [], first: null,
    }));
  }

  /** The raw value stored for column j's (trimmed, non-missing) cell of data row `row` (1-based): its number, or its level's provisional number. */
  value(j: number, text: string, row: number, line: number): number {
    const state = this.states[j];
    if (state.kind === "categorical") {
      const known = state.provisional.get(text);
      if (known !== undefined) return known;
      if (!state.forced && looksDecimal(text, this.syntax.decimal)) this.mixed(state, text, row, line);
      return this.newLevel(state, text, row, line);
    }
    const number = parseNumber(text, this.syntax.decimal);
    if (Number.isFinite(number)) {
      if (state.kind === null) {
        state.kind = "numeric";
        state.first = { text, dataRow: row };
      }
      return number;
    }
    const where = this.place(row, line, state.name);
    if (looksDecimal(text, this.syntax.decimal)) throw new CliInputError(`${where} is ${quote(text)}, beyond the range of a double.`);
    if (otherMarkNumber(text, this.syntax.decimal)) {
      throw new CliInputError(
        this.syntax.decimal === "."
          ? `${where} is ${quote(text)}: a decimal comma? Give --decimal , for numbers written like 1,5.`
          : `${where} is ${quote(text)}: with --decimal , numbers are written like 1,5 (a "." is not a decimal mark then).`,
      );
    }
    if (state.kind === "numeric") this.mixed(state, text, row, line);
    state.kind = "categorical";
    state.first = { text, dataRow: row };
    return this.newLevel(state, text, row, line);
  }

  private newLevel(state: ColumnState, text: string, row: number, line: number): number {
    if (state.levels.length === MAX_LEVELS) {
      throw new CliInputError(`${this.place(row, line, state.name)} is level number ${MAX_LEVELS + 1} of a categorical column; at most ${MAX_LEVELS} levels are supported (is it an identifier? leave it out with --features).`);
    }
    const number = state.levels.length;
    state.provisional.set(text, number);
    state.levels.push(text);
    return number;
  }

  private mixed(state: ColumnState, text: string, row: number, line: number): never {
    const first = state.first!;
    throw new CliInputError(
      `${this.place(row, line, state.name)} is ${quote(text)}, ${state.kind === "numeric" ? "not a number" : "a number"}, but its data row ${first.dataRow} is ` +
        `${quote(first.text)}: the column mixes numbers and text. If its values are categories, give --categorical ${quote(state.name)}; ` +
        `if the text marks missing values, write them as empty cells or NA.`,
    );
  }

  /**
   * The encoding of each column, and a writer from a raw row (numbers and provisional level numbers)
   * to X's row. Levels are sorted; the first is the reference (no column), except for the first
   * categorical column of a model without an intercept, which gets a column per level (patsy's rule,
   * which keeps the columns a full-rank basis). A column with a single level is refused: it is constant.
   */
  finish(fitIntercept: boolean, rows: number): { columns: ColumnEncoding[]; layout: EncodedLayout; writeRow: (raw: ArrayLike<number>, rawOffset: number, out: { [i: number]: number }, outOffset: number) => void } {
    let fullRankLeft = !fitIntercept;
    const ranks: (Int32Array | null)[] = [];
    const columns: ColumnEncoding[] = this.states.map((state) => {
      if (state.kind !== "categorical") {
        ranks.push(null);
        return { name: state.name, kind: "numeric" };
      }
      if (state.levels.length < 2) {
        throw new CliInputError(
          `categorical column ${quote(state.name)} has ${state.levels.length === 1 ? `the single level ${quote(state.levels[0])}` : "no levels"} in the rows used, so it is constant; leave it out (--features).`,
        );
      }
      // A text column with a different value in every row is an identifier (names, codes): as
      // indicators it would fit each row exactly, so it is refused unless asked for by name.
      if (!state.forced && rows >= 3 && state.levels.length === rows) {
        throw new CliInputError(
          `column ${quote(state.name)} holds a different text in each of its ${rows} rows (an identifier, not a category): leave it out ` +
            `with --features, or give --categorical ${quote(state.name)} to encode it anyway.`,
        );
      }
      const levels = sortLevels(state.levels, (t) => Number.isFinite(parseNumber(t, this.syntax.decimal)), (t) => parseNumber(t, this.syntax.decimal));
      const rankOf = new Map(levels.map((level, k) => [level, k]));
      ranks.push(Int32Array.from(state.levels, (level) => rankOf.get(level)!));
      const reference = fullRankLeft ? null : levels[0];
      fullRankLeft = false;
      return { name: state.name, kind: "categorical", levels, reference };
    });
    const layout = new EncodedLayout(columns);
    const names = new Set<string>();
    for (const name of layout.names) {
      if (names.has(name)) throw new CliInputError(`two columns of X would both be named ${quote(name)} (a column's name equals an indicator's); rename one.`);
      names.add(name);
    }
    const scratch = new Float64Array(columns.length);
    const writeRow = (raw: ArrayLike<number>, rawOffset: number, out: { [i: number]: number }, outOffset: number) => {
      for (let j = 0; j < columns.length; j++) {
        const rank = ranks[j];
        scratch[j] = rank === null ? raw[rawOffset + j] : rank[raw[rawOffset + j]];
      }
      layout.write(scratch, 0, out, outOffset);
    };
    return { columns, layout, writeRow };
  }
}
