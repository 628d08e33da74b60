// `wasm-mle predict` run in-process (bindings/cli/predict-command.ts) on hand-written models whose
// predictions are known: rows predicted in batches of 4096 with nothing lost at the seams, a late
// error on standard output preceded by how many lines already went out, --missing drop's row column
// and report, class labels written as CSV fields, ties going to the first class, and the refusals of
// a model file and of cells.
import { describe, expect, test } from "vitest";
import { runInProcess } from "../helpers/cli-in-process.js";
import { scratchDirectory } from "../helpers/cli.js";

const scratch = scratchDirectory("predict-in-process");
const MODEL = { format: "wasm-mle-model", version: 1, dtype: "float64", fitIntercept: true, options: {} };
/** prediction = 1 + 2x */
const line = scratch.file("line.json", JSON.stringify({ ...MODEL, family: "gaussian", classes: 1, featureNames: ["x"], coefficients: [2], intercept: [1] }));
const rowsOf = (n: number, cell: (i: number) => string = String) => `x,other\n${Array.from({ length: n }, (_, i) => `${cell(i)},z`).join("\n")}\n`;

describe("predict in batches", () => {
  test("4097 rows: every prediction, in order, across the batch boundary", async () => {
    const run = await runInProcess(["predict", line, scratch.file("many.csv", rowsOf(4097))]);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe("");
    const lines = run.stdout.split("\n");
    expect(lines[0]).toBe("prediction");
    expect(lines.slice(1, -1).map(Number)).toEqual(Array.from({ length: 4097 }, (_, i) => 1 + 2 * i));
    expect(lines.at(-1)).toBe("");
  });

  test("exactly 4096 rows: one batch, no empty line after it; a missing value in the first row stops every prediction, even past a batch", async () => {
    const run = await runInProcess(["predict", line, scratch.file("exact.csv", rowsOf(4096))]);
    expect(run.stdout.split("\n")).toHaveLength(4098);
    expect(run.stdout.endsWith("8191\n")).toBe(true);
    const gap = await runInProcess(["predict", line, scratch.file("gap-first.csv", rowsOf(4200, (i) => (i === 0 ? "NA" : String(i))))]);
    expect(gap.code).toBe(2);
    expect(gap.stdout).toBe("");
    expect(gap.stderr).toMatch(/^wasm-mle: error: .*: 1 data row has a missing value .*data row 1 \(line 2, column "x"\)\. Give --missing drop/);
  });

  test("--output: the file gets the lines, stdout nothing; an output directory that does not exist is refused before the data is read", async () => {
    const output = scratch.path("out.csv");
    const run = await runInProcess(["predict", line, scratch.file("three.csv", rowsOf(3)), "--output", output]);
    expect([run.code, run.stdout, run.stderr]).toEqual([0, "", ""]);
    expect((await import("node:fs")).readFileSync(output, "utf8")).toBe("prediction\n1\n3\n5\n");
    const missing = scratch.path("no-dir/out.csv");
    const refused = await runInProcess(["predict", line, scratch.path("never-read.csv"), "--output", missing]);
    expect(refused.stderr).toBe(`wasm-mle: error: --output ${JSON.stringify(missing)}: its directory ${JSON.stringify(scratch.path("no-dir"))} does not exist.\n`);
  });

  test("a bad cell after the first batch: stdout keeps the lines sent, stderr says how many, then the error", async () => {
    const run = await runInProcess(["predict", line, scratch.file("late.csv", rowsOf(5000, (i) => (i === 4500 ? "oops" : String(i))))]);
    expect(run.code).toBe(2);
    expect(run.stdout.split("\n")).toHaveLength(4098);
    expect(run.stderr).toBe(
      "wasm-mle: standard output already holds the first 4,097 lines (the header and the predictions before the error below); it is incomplete. " +
        "With --output FILE a failed predict writes no file.\n" +
        `wasm-mle: error: ${scratch.path("late.csv")}: data row 4501 (line 4502), column "x" is "oops", not a number; the model reads it as a number.\n`,
    );
    const early = await runInProcess(["predict", line, scratch.file("early.csv", rowsOf(10, (i) => (i === 3 ? "oops" : String(i))))]);
    expect(early.stdout).toBe("");
    expect(early.stderr).toMatch(/^wasm-mle: error: .*data row 4 \(line 5\), column "x" is "oops", not a number/);
  });
});

describe("predict's rows and labels", () => {
  test("--missing drop: a row column, the rows left out reported; every row left out gives the header alone", async () => {
    const file = scratch.file("gaps.csv", "x,other\n1,a\nNA,b\n3,c\n,d\n");
    const run = await runInProcess(["predict", line, file, "--missing", "drop"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe("row,prediction\n1,3\n3,7\n");
    expect(run.stderr).toBe('wasm-mle: left out 2 data rows with missing values (--missing drop): data row 2 (line 3, column "x"), data row 4 (line 5, column "x")\n');
    const none = await runInProcess(["predict", line, scratch.file("none.csv", "x\nNA\n"), "--missing", "drop"]);
    expect(none.stdout).toBe("row,prediction\n");
    expect(none.stderr).toMatch(/^wasm-mle: left out 1 data row with missing values/);
    const refused = await runInProcess(["predict", line, file]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/: 2 data rows have missing values \(an empty cell, NA, NaN, "\.", "\?" …\) in a column the model uses: data row 2 \(line 3, column "x"\), data row 4/);
    expect((await runInProcess(["predict", line, scratch.file("one-gap.csv", "x\n1\nNA\n")])).stderr).toMatch(/: 1 data row has a missing value \(/);
  });

  test("multinomial: p_<label> columns and the class as CSV fields; equal probabilities choose the first class", async () => {
    const labels = ["a,b", 'say "hi"', " c"];
    const model = scratch.file("ties.json", JSON.stringify({
      ...MODEL, family: "multinomial", classes: 3, featureNames: ["x"], coefficients: [0, 0, 0], intercept: [0, 0, 0],
      encoding: { columns: [{ name: "x", kind: "numeric" }], target: { name: "y", labels } },
    }));
    const run = await runInProcess(["predict", model, scratch.file("two.csv", "x\n1\n2\n")]);
    expect(run.stdout.split("\n")[0]).toBe('"p_a,b","p_say ""hi""",p_ c,class');
    expect(run.stdout.split("\n")[1]).toBe(`${[1, 2, 3].map(() => String(1 / 3)).join(",")},"a,b"`);
    // the second and third classes gain alike with x: above 0 the second wins their tie, at 0 the first wins the three-way tie
    const rising = scratch.file("rising.json", JSON.stringify({
      ...MODEL, family: "multinomial", classes: 3, featureNames: ["x"], coefficients: [0, 1, 1], intercept: [0, 0, 0],
      encoding: { columns: [{ name: "x", kind: "numeric" }], target: { name: "y", labels } },
    }));
    const lines = (await runInProcess(["predict", rising, scratch.file("xs.csv", "x\n0\n1\n-1\n")])).stdout.trim().split("\n").slice(1);
    expect(lines.map((l) => [',"a,b"', ',"say ""hi"""', ',"' + ' c"'].findIndex((end) => l.endsWith(end)))).toEqual([0, 1, 0]);
  });

  test("a multinomial model without an encoding names its classes by index", async () => {
    const model = scratch.file("bare.json", JSON.stringify({ ...MODEL, family: "multinomial", classes: 2, featureNames: ["x"], coefficients: [0, 1], intercept: [0, 0] }));
    const run = await runInProcess(["predict", model, scratch.file("bare.csv", "x\n5\n-5\n")]);
    const [head, first, second] = run.stdout.split("\n");
    expect(head).toBe("p_0,p_1,class");
    expect(first.endsWith(",1")).toBe(true);
    expect(second.endsWith(",0")).toBe(true);
  });

  test("cells: beyond a double, the other decimal mark (either way), not a number", async () => {
    const message = async (cell: string, flags: string[] = []) =>
      (await runInProcess(["predict", line, scratch.file(`c${cell.length}${flags.length}.csv`, `x;other\n${cell};1\n`), ...flags])).stderr;
    expect(await message("1e999")).toMatch(/column "x" is "1e999", beyond the range of a double; the model reads it as a number\.\n$/);
    expect(await message("1,5")).toMatch(/is "1,5", not a number with the decimal mark "\." \(give --decimal , for numbers written like 1,5\)/);
    expect(await message("1.5", ["--decimal", ","])).toMatch(/is "1\.5", not a number with the decimal mark "," \(give --decimal \. for numbers written like 1\.5\)/);
    expect(await message("abc")).toMatch(/is "abc", not a number; the model/);
  });

  test("the model file: missing, a directory, not JSON, not a model; the columns it needs", async () => {
    const data = scratch.file("d.csv", "x\n1\n");
    const error = async (model: string, file = data) => (await runInProcess(["predict", model, file])).stderr;
    expect(await error(scratch.path("absent.json"))).toBe(`wasm-mle: error: cannot read the model ${JSON.stringify(scratch.path("absent.json"))}: no such file.\n`);
    expect(await error(scratch.dir)).toBe(`wasm-mle: error: cannot read the model ${JSON.stringify(scratch.dir)}: it is a directory.\n`);
    expect(await error(scratch.file("text.json", "{ not json"))).toMatch(/^wasm-mle: error: the model ".*text\.json" is not JSON \(.+\); give the file written by wasm-mle fit --save\.\n$/);
    expect(await error(scratch.file("other.json", '{"format":"x"}'))).toMatch(/^wasm-mle: error: the model ".*other\.json" cannot be used: /);
    const two = scratch.file("two.json", JSON.stringify({ ...MODEL, family: "gaussian", classes: 1, featureNames: ["x", "w"], coefficients: [1, 1], intercept: [0] }));
    expect(await error(two, scratch.file("neither.csv", "a,b\n1,2\n"))).toMatch(/lacks the columns "x", "w" the model was fitted with; its columns are "a", "b"\.\n$/);
    expect(await error(two, scratch.file("no-w.csv", "x,b\n1,2\n"))).toMatch(/lacks the column "w" the model/);
    expect(await error(line, scratch.file("header-only.csv", "x\n"))).toMatch(/has a header but no data rows\.\n$/);
  });
});
