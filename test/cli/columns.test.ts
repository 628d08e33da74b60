// The CLI's feature columns as a unit (bindings/cli/columns.ts): how a column becomes numeric or
// categorical from its cells, the refusals (mixed kinds, beyond a double, the other decimal mark, too
// many levels, a constant or identifier column, clashing names), and the encoding finish() gives:
// levels sorted as patsy sorts them, the full-rank rule without an intercept, the rows it writes.
import { describe, expect, test } from "vitest";
import { FeatureColumns } from "../../dist/cli/columns.js";
import { cliRefusal } from "../helpers/cli-refusal.js";
import { MAX_LEVELS } from "../../dist/encoding.js";

const place = (dataRow: number, line: number, column: string) => `data row ${dataRow} (line ${line}), column ${column}`;
const columns = (names: string[], categorical: string[] = [], decimal: "." | "," = ".") => new FeatureColumns(names, new Set(categorical), { decimal }, place);


describe("FeatureColumns.value: numbers, levels and refusals", () => {
  test("a numeric column keeps the numbers; a text column numbers its levels by first appearance", () => {
    const c = columns(["x", "g"]);
    expect([c.value(0, "1.5", 1, 2), c.value(0, "-2e3", 2, 3)]).toEqual([1.5, -2000]);
    expect(["b", "a", "b", "c"].map((cell, k) => c.value(1, cell, k + 1, k + 2))).toEqual([0, 1, 0, 2]);
  });

  test("a number after text, or text after a number, is a mixed column, naming both cells", () => {
    const textFirst = columns(["g"]);
    textFirst.value(0, "a", 1, 2);
    expect(cliRefusal(() => textFirst.value(0, "3", 4, 6))).toBe(
      'data row 4 (line 6), column g is "3", a number, but its data row 1 is "a": the column mixes numbers and text. ' +
        'If its values are categories, give --categorical "g"; if the text marks missing values, write them as empty cells or NA.',
    );
    const numberFirst = columns(["x"]);
    numberFirst.value(0, "7", 2, 3);
    expect(cliRefusal(() => numberFirst.value(0, "seven", 5, 9))).toMatch(/^data row 5 \(line 9\), column x is "seven", not a number, but its data row 2 is "7"/);
    // a level already seen is not checked again, and a --categorical column takes numbers as levels
    expect(textFirst.value(0, "a", 7, 8)).toBe(0);
    const forced = columns(["g"], ["g"]);
    expect(["3", "x", "3", "1.5"].map((cell, k) => forced.value(0, cell, k + 1, k + 2))).toEqual([0, 1, 0, 2]);
  });

  test("a decimal number beyond a double, and a number with the other decimal mark, are refused with advice", () => {
    expect(cliRefusal(() => columns(["x"]).value(0, "1e999", 3, 4))).toBe('data row 3 (line 4), column x is "1e999", beyond the range of a double.');
    expect(cliRefusal(() => columns(["x"]).value(0, "1,5", 3, 4))).toMatch(/is "1,5": a decimal comma\? Give --decimal , for numbers/);
    expect(cliRefusal(() => columns(["x"], [], ",").value(0, "1.5", 3, 4))).toMatch(/is "1\.5": with --decimal , numbers are written like 1,5/);
    expect(columns(["x"], [], ",").value(0, "1,5", 3, 4)).toBe(1.5);
  });

  test(`at most ${MAX_LEVELS} levels`, () => {
    const c = columns(["id"]);
    for (let k = 0; k < MAX_LEVELS; k++) c.value(0, `L${k}`, k + 1, k + 2);
    expect(c.value(0, "L0", MAX_LEVELS + 1, 0)).toBe(0);
    expect(cliRefusal(() => c.value(0, "new", 70000, 70001))).toMatch(new RegExp(`^data row 70000 \\(line 70001\\), column id is level number ${MAX_LEVELS + 1} of a categorical column; at most ${MAX_LEVELS}`));
  });
});

describe("FeatureColumns.finish: the encoding", () => {
  test("levels sorted (numerically when all are numbers); the first is the reference; rows written as indicators", () => {
    const c = columns(["x", "g", "n"], ["n"]);
    const cells = [["1", "b", "10"], ["2", "a", "9"], ["3", "c", "10"], ["4", "a", "2"]];
    const raw = cells.flatMap((row, i) => row.map((cell, j) => c.value(j, cell, i + 1, i + 2)));
    const { columns: encoding, layout, writeRow } = c.finish(true, 4);
    expect(encoding).toEqual([
      { name: "x", kind: "numeric" },
      { name: "g", kind: "categorical", levels: ["a", "b", "c"], reference: "a" },
      { name: "n", kind: "categorical", levels: ["2", "9", "10"], reference: "2" },
    ]);
    expect(layout.names).toEqual(["x", "g[T.b]", "g[T.c]", "n[T.9]", "n[T.10]"]);
    const out = new Array(2 + 4 * 5).fill(-1);
    for (let i = 0; i < 4; i++) writeRow(raw, 3 * i, out, 2 + 5 * i);
    expect(out).toEqual([-1, -1, 1, 1, 0, 0, 1, 2, 0, 0, 1, 0, 3, 0, 1, 0, 1, 4, 0, 0, 0, 0]);
  });

  test("without an intercept the first categorical column has a column per level, the others a reference", () => {
    const c = columns(["g", "h"]);
    for (const [i, [g, h]] of [["b", "u"], ["a", "v"], ["b", "v"]].entries()) {
      c.value(0, g, i + 1, i + 2);
      c.value(1, h, i + 1, i + 2);
    }
    const { columns: encoding, layout } = c.finish(false, 3);
    expect(encoding.map((e) => (e.kind === "categorical" ? e.reference : undefined))).toEqual([null, "u"]);
    expect(layout.names).toEqual(["g[a]", "g[b]", "h[T.v]"]);
  });

  test("a constant categorical column and an identifier column are refused; two rows with two levels are not an identifier", () => {
    const single = columns(["g"]);
    single.value(0, "a", 1, 2);
    single.value(0, "a", 2, 3);
    expect(cliRefusal(() => single.finish(true, 2))).toBe('categorical column "g" has the single level "a" in the rows used, so it is constant; leave it out (--features).');
    expect(cliRefusal(() => columns(["g"], ["g"]).finish(true, 0))).toMatch(/^categorical column "g" has no levels in the rows used/);
    const id = columns(["name"]);
    ["ann", "bob", "cy"].forEach((cell, k) => id.value(0, cell, k + 1, k + 2));
    expect(cliRefusal(() => id.finish(true, 3))).toMatch(/^column "name" holds a different text in each of its 3 rows \(an identifier, not a category\)/);
    const forced = columns(["name"], ["name"]);
    ["ann", "bob", "cy"].forEach((cell, k) => forced.value(0, cell, k + 1, k + 2));
    expect(forced.finish(true, 3).layout.names).toEqual(["name[T.bob]", "name[T.cy]"]);
    const two = columns(["g"]);
    ["a", "b"].forEach((cell, k) => two.value(0, cell, k + 1, k + 2));
    expect(two.finish(true, 2).layout.names).toEqual(["g[T.b]"]);
    const repeated = columns(["g"]);
    ["a", "b", "a", "c"].forEach((cell, k) => repeated.value(0, cell, k + 1, k + 2));
    expect(repeated.finish(true, 4).layout.names).toEqual(["g[T.b]", "g[T.c]"]);
  });

  test("a column named like another's indicator is refused", () => {
    const c = columns(["g[T.b]", "g"]);
    c.value(0, "1", 1, 2);
    ["a", "b", "a"].forEach((cell, k) => c.value(1, cell, k + 1, k + 2));
    expect(cliRefusal(() => c.finish(true, 3))).toBe('two columns of X would both be named "g[T.b]" (a column\'s name equals an indicator\'s); rename one.');
  });
});
