import { InvalidModelError, UnknownLevelError } from "./errors.js";

/**
 * How one raw column of a table becomes columns of X: a number as it is, or a categorical column
 * as indicator (one-hot) columns. With a `reference` level the reference has no column and the
 * others are named `name[T.level]` (patsy's Treatment coding); without one (patsy's full-rank
 * coding of the first factor of a model with no intercept) every level has a column `name[level]`.
 */
export type ColumnEncoding =
  | { readonly name: string; readonly kind: "numeric" }
  | { readonly name: string; readonly kind: "categorical"; readonly levels: readonly string[]; readonly reference: string | null };

/** The target's labels: bernoulli [negative, positive] (given as `positive`), multinomial one per class. */
export interface TargetEncoding {
  readonly name: string;
  readonly labels?: readonly string[];
  readonly positive?: string;
}

/** `ModelData.encoding` as the CLI writes it: the raw feature columns in order, and the target. */
export interface TableEncoding {
  readonly columns: readonly ColumnEncoding[];
  readonly target?: TargetEncoding;
}

/** The most levels a categorical column may have (as many as classes, bindings/options.ts). */
export const MAX_LEVELS = 65535;

/**
 * Sort order of levels, as patsy sorts them (Python's sorted()): numerically when every level is a
 * number (ties by text), else by Unicode code point (JavaScript's < compares UTF-16 code units, which
 * differs for characters beyond U+FFFF).
 */
export function sortLevels(levels: readonly string[], isNumber: (text: string) => boolean, toNumber: (text: string) => number): string[] {
  if (levels.every(isNumber)) return [...levels].sort((a, b) => toNumber(a) - toNumber(b) || byCodePoint(a, b));
  return [...levels].sort(byCodePoint);
}

function byCodePoint(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  for (let k = 0; k < Math.min(x.length, y.length); k++) {
    const d = x[k].codePointAt(0)! - y[k].codePointAt(0)!;
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

/**
 * The layout of X for a list of column encodings: its width, its column names, and the writer
 * of one encoded row from one raw row (numbers, and for a categorical column the index of its level).
 */
export class EncodedLayout {
  readonly width: number;
  readonly names: readonly string[];
  private readonly offsets: Int32Array;
  private readonly indexOfLevel: (Map<string, number> | null)[];

  constructor(readonly columns: readonly ColumnEncoding[]) {
    const names: string[] = [];
    this.offsets = new Int32Array(columns.length);
    columns.forEach((column, j) => {
      this.offsets[j] = names.length;
      if (column.kind === "numeric") names.push(column.name);
      else for (const level of column.levels) if (level !== column.reference) names.push(`${column.name}[${column.reference === null ? "" : "T."}${level}]`);
    });
    this.width = names.length;
    this.names = names;
    this.indexOfLevel = columns.map((column) => (column.kind === "categorical" ? new Map(column.levels.map((level, k) => [level, k])) : null));
  }

  /** Whether any column is categorical (else X is the raw columns as they are). */
  get hasCategorical(): boolean {
    return this.columns.some((column) => column.kind === "categorical");
  }

  /** The index of `level` among column j's levels; an unseen level is an UnknownLevelError (at `row`, or `where`). */
  levelIndex(j: number, level: string, row?: number, where?: string): number {
    const k = this.indexOfLevel[j]!.get(level);
    if (k === undefined) {
      const column = this.columns[j] as Extract<ColumnEncoding, { kind: "categorical" }>;
      throw new UnknownLevelError(column.name, level, column.levels, row, where);
    }
    return k;
  }

  /** Writes the encoded row for raw[rawOffset … rawOffset + columns) into out[outOffset … outOffset + width). */
  write(raw: ArrayLike<number>, rawOffset: number, out: { [i: number]: number }, outOffset: number): void {
    const { columns, offsets } = this;
    for (let j = 0; j < columns.length; j++) {
      const column = columns[j];
      const base = outOffset + offsets[j];
      if (column.kind === "numeric") {
        out[base] = raw[rawOffset + j];
        continue;
      }
      const slots = (j + 1 < columns.length ? offsets[j + 1] : this.width) - offsets[j];
      for (let s = 0; s < slots; s++) out[base + s] = 0;
      const k = raw[rawOffset + j];
      // Level 0 is the reference, which has no column; without a reference level k has slot k.
      const slot = column.reference === null ? k : k - 1;
      if (slot >= 0) out[base + slot] = 1;
    }
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

const distinctStrings = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every((v) => typeof v === "string") && new Set(value).size === value.length;

/**
 * Checks an `encoding` document against the model it belongs to: every raw column named once,
 * categorical levels distinct with the reference among them and at least one column each, the
 * columns' encoded names equal to `featureNames` in order, and target labels that fit the family.
 * Throws InvalidModelError naming the field. (The model keeps its own JSON copy of the document.)
 */
export function checkEncoding(value: Record<string, unknown>, featureNames: readonly string[], family: string, classes: number): void {
  for (const key of Object.keys(value)) {
    if (key !== "columns" && key !== "target") throw new InvalidModelError(`encoding.${key}`, value[key], "no such field; an encoding has columns and target");
  }
  const columns = value.columns;
  if (!Array.isArray(columns) || columns.length === 0) throw new InvalidModelError("encoding.columns", columns, "an array of column encodings");
  const checked: ColumnEncoding[] = columns.map((column: unknown, j) => {
    const field = `encoding.columns[${j}]`;
    if (!isRecord(column) || typeof column.name !== "string" || column.name.length === 0) {
      throw new InvalidModelError(field, column, 'an object { name, kind: "numeric" } or { name, kind: "categorical", levels, reference }');
    }
    if (column.kind === "numeric" && Object.keys(column).length === 2) return { name: column.name, kind: "numeric" };
    if (column.kind !== "categorical") throw new InvalidModelError(`${field}.kind`, column.kind, '"numeric" (with name only) or "categorical"');
    const { levels, reference } = column;
    if (!distinctStrings(levels) || levels.length === 0 || levels.length > MAX_LEVELS) {
      throw new InvalidModelError(`${field}.levels`, levels, `1 to ${MAX_LEVELS} distinct strings`);
    }
    // levels are distinct strings, so a reference that is not a string is never levels[0]
    if (reference !== null && levels[0] !== reference) {
      throw new InvalidModelError(`${field}.reference`, reference, `null or the first level ${JSON.stringify(levels[0])}`);
    }
    return { name: column.name, kind: "categorical", levels: [...levels], reference: reference as string | null };
  });
  const rawNames = checked.map((column) => column.name);
  if (new Set(rawNames).size !== rawNames.length) throw new InvalidModelError("encoding.columns", rawNames, "each raw column named once");
  const names = new EncodedLayout(checked).names;
  if (names.length !== featureNames.length || names.some((name, k) => name !== featureNames[k])) {
    throw new InvalidModelError("encoding.columns", rawNames, `columns whose encoded names are the featureNames (${featureNames.slice(0, 5).join(", ")}${featureNames.length > 5 ? ", …" : ""})`);
  }
  if (value.target !== undefined) checkTarget(value.target, family, classes);
}

function checkTarget(target: unknown, family: string, classes: number): void {
  if (!isRecord(target) || typeof target.name !== "string" || target.name.length === 0) {
    throw new InvalidModelError("encoding.target", target, "an object { name, labels?, positive? }");
  }
  const { labels, positive } = target;
  for (const key of Object.keys(target)) {
    if (key !== "name" && key !== "labels" && key !== "positive") throw new InvalidModelError(`encoding.target.${key}`, target[key], "no such field; a target has name, labels and positive");
  }
  if (labels === undefined && positive === undefined) return;
  const count = family === "bernoulli" ? 2 : family === "multinomial" ? classes : 0;
  if (count === 0 || !distinctStrings(labels) || labels.length !== count) {
    throw new InvalidModelError("encoding.target.labels", labels, count === 0 ? `none for family "${family}"` : `${count} distinct strings, one per class`);
  }
  if (family === "bernoulli" ? positive !== labels[1] : positive !== undefined) {
    throw new InvalidModelError("encoding.target.positive", positive, family === "bernoulli" ? `the second label ${JSON.stringify(labels[1])}` : "none for multinomial");
  }
}
