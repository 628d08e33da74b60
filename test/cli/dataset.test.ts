// The CLI's table builder as a unit (bindings/cli/dataset.ts with spill.ts): CSV records in, the
// Dataset the trainer gets out — the same X whether staged in memory or in the temporary file, with
// categorical columns encoded; the header's refusals; missing values under error and drop; the
// target's checks; where each kept row came from.
import { describe, expect, test } from "vitest";
import { cliRefusal } from "../helpers/cli-refusal.js";
import { DatasetBuilder, type DatasetRequest } from "../../dist/cli/dataset.js";
import { SpilledRows } from "../../dist/cli/spill.js";

/** The Dataset of `lines` (a header, then data rows; fields split on ","), record k ending on line k + 1. */
function build(lines: string[], request: Partial<DatasetRequest> = {}) {
  const builder = new DatasetBuilder({ target: "y", targetKind: "numbers", ...request }, "data.csv");
  lines.forEach((line, k) => builder.add(line.split(","), k + 1));
  return builder.finish();
}
/** X's rows as plain arrays, read through whatever the Dataset holds. */
const rowsOf = (X: unknown, rows: number, cols: number): number[][] => {
  const m = X as { data?: ArrayLike<number> } & ArrayLike<ArrayLike<number>>;
  return Array.from({ length: rows }, (_, i) => Array.from(m.data ? Array.from(m.data).slice(i * cols, (i + 1) * cols) : m[i]));
};

const table = ["x,g,y", "1.5,b,3", "2,a,4", " 3 ,c,5", "4,a,6"];

describe("DatasetBuilder: the table the trainer gets", () => {
  test("in memory and in the temporary file: the same X (indicators written), y, names and encoding", () => {
    const memory = build(table, { staging: "memory" });
    const file = build(table, { staging: "file" });
    expect(memory.flatX).toBeInstanceOf(Float64Array);
    expect(file.flatX).toBeNull();
    const expected = [[1.5, 1, 0], [2, 0, 0], [3, 0, 1], [4, 0, 0]];
    for (const d of [memory, file]) {
      expect(d.featureNames).toEqual(["x", "g[T.b]", "g[T.c]"]);
      expect([d.rows, d.cols, d.target]).toEqual([4, 3, "y"]);
      expect(rowsOf(d.X, 4, 3)).toEqual(expected);
      expect(Array.from(d.y)).toEqual([3, 4, 5, 6]);
      expect(d.encoding).toEqual({
        columns: [{ name: "x", kind: "numeric" }, { name: "g", kind: "categorical", levels: ["a", "b", "c"], reference: "a" }],
        target: { name: "y" },
      });
      expect([d.classLabels, d.binaryLabels, d.dropped.count]).toEqual([null, null, 0]);
      d.release();
    }
    const numeric = build(["x,z,y", "1,2,3", "4,5,6"], { staging: "file" });
    expect(rowsOf(numeric.X, 2, 2)).toEqual([[1, 2], [4, 5]]);
    expect(Array.from(build(["x,z,y", "1,2,3", "4,5,6"], { staging: "memory" }).flatX!)).toEqual([1, 2, 4, 5]);
  });

  test("file staging falls back to memory when TMPDIR cannot hold a file", () => {
    const saved = process.env.TMPDIR;
    process.env.TMPDIR = "/nonexistent/wasm-mle-tmp";
    try {
      const d = build(table, { staging: "file" });
      expect(d.flatX).not.toBeNull();
      expect(rowsOf(d.X, 4, 3)).toEqual([[1.5, 1, 0], [2, 0, 0], [3, 0, 1], [4, 0, 0]]);
    } finally {
      if (saved === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = saved;
    }
  });

  test("--features picks and orders the columns; float32 stores float32; no intercept codes the first categorical column in full", () => {
    const d = build(["a,y,b,c", "1,0,x,7", "2,1,z,8", "3,0,x,9"], { features: ["c", "b"], fitIntercept: false, dtype: "float32", staging: "memory" });
    expect(d.featureNames).toEqual(["c", "b[x]", "b[z]"]);
    expect(d.flatX).toBeInstanceOf(Float32Array);
    expect(Array.from(d.flatX!)).toEqual([7, 1, 0, 8, 0, 1, 9, 1, 0]);
    const seen: (readonly string[])[] = [];
    build(["a,y,b", "1,2,3"], { onHeader: (names) => void seen.push(names) });
    expect(seen).toEqual([["a", "b"]]);
  });

  test("class targets: multinomial labels numbered and listed; bernoulli labels with --positive", () => {
    const classes = build(["x,y", "1,cat", "2,dog", "3,ant", "4,cat"], { targetKind: "classes", staging: "memory" });
    expect(Array.from(classes.y)).toEqual([1, 2, 0, 1]);
    expect(classes.classLabels).toEqual(["ant", "cat", "dog"]);
    const binary = build(["x,y", "1,yes", "2,no", "3,yes"], { targetKind: "binary", positive: "yes", staging: "memory" });
    expect(Array.from(binary.y)).toEqual([1, 0, 1]);
    expect([binary.binaryLabels, binary.classLabels]).toEqual([["no", "yes"], null]);
    expect(binary.encoding.target).toEqual({ name: "y", labels: ["no", "yes"], positive: "yes" });
  });

  test("integer class labels: used as written when they are 0..K-1 (multi-digit too) or --classes is given, else sorted numerically", () => {
    const twelve = build(["x,y", ...Array.from({ length: 12 }, (_, k) => `${k},${11 - k}`)], { targetKind: "classes", staging: "memory" });
    expect(twelve.classLabels).toBeNull();
    expect(Array.from(twelve.y)).toEqual(Array.from({ length: 12 }, (_, k) => 11 - k));
    const gappy = ["x,y", "1,10", "2,2", "3,0"];
    const given = build(gappy, { targetKind: "classes", classesGiven: true, staging: "memory" });
    expect(given.classLabels).toBeNull();
    expect(Array.from(given.y)).toEqual([10, 2, 0]);
    const sorted = build(gappy, { targetKind: "classes", staging: "memory" });
    expect(sorted.classLabels).toEqual(["0", "2", "10"]);
    expect(Array.from(sorted.y)).toEqual([2, 1, 0]);
  });
});

describe("DatasetBuilder: the header's refusals", () => {
  test.each([
    [{ target: "z" }, 'target column "z" is not in data.csv; its columns are "x", "g", "y".'],
    [{ features: ["x", "w"] }, 'feature column "w" (from --features) is not in data.csv; its columns are "x", "g", "y".'],
    [{ features: ["x", "y"] }, 'column "y" is the target; it cannot also be a feature.'],
    [{ features: [] }, 'data.csv has no feature columns besides the target "y".'],
    [{ features: ["x", "g", "x"] }, '--features names column "x" twice; name each column once.'],
    [{ categorical: ["y"] }, "--categorical \"y\" is the target; the target's kind follows --family."],
    [{ features: ["x"], categorical: ["g"] }, '--categorical "g" is not a feature column of data.csv; its features are "x".'],
  ] as [Partial<DatasetRequest>, string][])("%j", (request, message) => {
    expect(cliRefusal(() => build(table, request))).toBe(message);
  });

  test("a column named in quotes the parser kept gets the --quote advice; no rows, no header", () => {
    expect(cliRefusal(() => build(["'x','y'", "1,2"], { target: "y" }))).toMatch(/its columns are "'x'", "'y'" \(its names are in single quotes: give --quote "'"\)\.$/);
    expect(cliRefusal(() => build(["x,y"]))).toBe("data.csv has a header but no data rows.");
    expect(cliRefusal(() => build([]))).toBe("data.csv is empty: expected a header row naming the columns, then data rows.");
  });
});

describe("DatasetBuilder: missing values, the target, float32", () => {
  const gaps = ["x,z,y", "1,2,3", ",5,6", "7,8,9", "NA,?,", "10,11,12"];

  test("--missing error lists the rows and their columns; a later bad cell is not what is reported", () => {
    expect(cliRefusal(() => build(gaps))).toBe(
      'data.csv: 2 data rows have missing values (an empty cell, NA, NaN, ".", "?" …) in the target or a feature column: ' +
        'data row 2 (line 3, column "x"), data row 4 (line 5, columns "x", "z", "y"). Give --missing drop to leave such rows out, or fill them in.',
    );
    expect(cliRefusal(() => build(["x,y", "1,2", "NA,3", "oops,4"]))).toMatch(/^data\.csv: 1 data row has a missing value \(/);
  });

  test("--missing drop leaves them out and keeps where the others came from", () => {
    const d = build(gaps, { missing: "drop", staging: "memory" });
    expect(Array.from(d.flatX!)).toEqual([1, 2, 7, 8, 10, 11]);
    expect(Array.from(d.y)).toEqual([3, 9, 12]);
    expect(d.dropped.count).toBe(2);
    expect(d.dropped.firstRows).toEqual([2, 4]);
    expect([0, 1, 2].map((row) => [d.dataRowOf(row), d.lineOf(row)])).toEqual([[1, 2], [3, 4], [5, 6]]);
    expect(cliRefusal(() => build(["x,y", "NA,1", "2,"], { missing: "drop" }))).toBe(
      "every data row of data.csv (2) has a missing value in the target or a feature column; no row is left to fit.",
    );
    // --na adds missing cells
    expect(build(["x,y", "-99,1", "2,3"], { missing: "drop", cells: { decimal: ".", na: ["-99"] } }).rows).toBe(1);
  });

  test("a numeric target that is not a number, or beyond a double; a float32 cell beyond float32", () => {
    expect(cliRefusal(() => build(["x,y", "1,2", "2,abc"]))).toBe('data.csv: data row 2 (line 3), column "y" is "abc", not a number; a gaussian or poisson target must be a number.');
    expect(cliRefusal(() => build(["x,y", "1,1e400"]))).toMatch(/column "y" is "1e400", beyond the range of a double; a gaussian/);
    expect(cliRefusal(() => build(["x,y", "1,2", "-1e39,3"], { dtype: "float32" }))).toBe(
      'data.csv: data row 2 (line 3), column "x" is "-1e39", beyond the float32 range (±3.4e38) of --dtype float32; use --dtype float64.',
    );
    expect(Array.from(build(["x,y", "3.4e38,1"], { dtype: "float32", staging: "memory" }).flatX!)).toEqual([Math.fround(3.4e38)]);
    expect(build(["x,y", "-1e39,3"], { staging: "memory" }).flatX![0]).toBe(-1e39);
  });
});

describe("SpilledRows: X read back from the temporary file", () => {
  test("rows in any order across read blocks, as copies; length, has and no writes", () => {
    const cols = 3;
    const rows = 200_000; // 4.8 MB of float64: more than one read block of 4 MiB
    const spill = new SpilledRows("float64", cols, (error) => {
      throw error;
    });
    for (let k = 0; k < rows * cols; k++) spill.push(k);
    const X = spill.rows();
    expect(X.length).toBe(rows);
    for (const i of [rows - 1, 0, 174_762, 174_763, 1, rows - 2]) expect(Array.from(X[i])).toEqual([3 * i, 3 * i + 1, 3 * i + 2]);
    const copy = X[5] as Float64Array;
    copy[0] = -1;
    expect(X[5][0]).toBe(15);
    expect(0 in X).toBe(true);
    expect(rows - 1 in X).toBe(true);
    expect(rows in X).toBe(false);
    expect("1.0" in X).toBe(false);
    expect((X as unknown as Record<string, unknown>)["-1"]).toBeUndefined();
    expect(Reflect.set(X, 0, [1])).toBe(false);
    spill.close();
  });

  test("an encoder turns each raw row into its row of X, in the spill's dtype", () => {
    const spill = new SpilledRows("float32", 2, (error) => {
      throw error;
    });
    [0.5, 1, 2.5, 0].forEach((v) => spill.push(v));
    const X = spill.rows({ width: 3, write: (raw, offset, out, at) => ([out[at], out[at + 1], out[at + 2]] = [raw[offset], raw[offset + 1] === 1 ? 1 : 0, 9]) });
    expect(X[1]).toBeInstanceOf(Float32Array);
    expect([Array.from(X[0]), Array.from(X[1])]).toEqual([[0.5, 1, 9], [2.5, 0, 9]]);
    spill.close();
  });
});
