// `wasm-mle fit` run in-process (bindings/cli/fit-command.ts): the lines describing the fit above
// its table, the keys --json adds, the saved encoding, the progress bar's totals, and how the
// library's errors are given the CLI's names (the flag; the data row, line and column of y, counted
// with the rows --missing drop left out).
import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { formatNumber } from "../../dist/cli/format-fit.js";
import { Trainer } from "../../dist/index.js";
import { runInProcess } from "../helpers/cli-in-process.js";
import { scratchDirectory } from "../helpers/cli.js";

const scratch = scratchDirectory("fit-in-process");
const labelled = scratch.file("labelled.csv", "x,g,y\n1,u,a\n2,v,b\n3,u,c\n4,v,a\n5,u,b\n6,v,c\nNA,u,a\n7,v,b\n,v,c\n");

describe("the report above the table", () => {
  test("classes, a categorical column without a reference level, the rows left out, standardisation, the saved file", async () => {
    const saved = scratch.path("m.json");
    const run = await runInProcess(["fit", labelled, "-t", "y", "-f", "multinomial", "--no-intercept", "--missing", "drop", "--standardize", "--save", saved, "-o", "lbfgs", "--no-summary", "-q"]);
    expect(run.code).toBe(0);
    expect(run.stdout.split("\n").slice(0, 7)).toEqual([
      `multinomial model of "y" on 3 features, 7 rows of ${labelled}`,
      'classes: 0 = "a", 1 = "b", 2 = "c"',
      'categorical "g": 2 levels, no reference level (a column per level: no intercept)',
      'left out 2 data rows with missing values (--missing drop): data row 7 (line 8, column "x"), data row 9 (line 10, column "x")',
      "fitted on standardised columns; coefficients and standard errors on the original scale",
      `model saved to ${saved}`,
      "",
    ]);
    const model = JSON.parse(readFileSync(saved, "utf8"));
    expect(model.encoding).toEqual({ columns: [{ name: "x", kind: "numeric" }, { name: "g", kind: "categorical", levels: ["u", "v"], reference: null }], target: { name: "y", labels: ["a", "b", "c"] } });
    expect(model.featureNames).toEqual(["x", "g[u]", "g[v]"]);
  });

  test("one feature, a reference level, two labels with --positive, one row left out", async () => {
    const file = scratch.file("yes-no.csv", "x,g,y\n1,m,yes\n2,f,no\n3,m,no\n4,f,yes\nNA,m,yes\n5,f,no\n6,m,yes\n");
    const run = await runInProcess(["fit", file, "-t", "y", "-f", "bernoulli", "--positive", "yes", "--features", " x ,, ", "--missing", "drop", "-q"]);
    expect(run.stdout.split("\n").slice(0, 3)).toEqual([
      `bernoulli model of "y" on 1 feature, 6 rows of ${file}`,
      'positive class (y = 1): "yes"; y = 0: "no"',
      'left out 1 data row with missing values (--missing drop): data row 5 (line 6, column "x")',
    ]);
    const categorical = await runInProcess(["fit", file, "-t", "y", "-f", "bernoulli", "--positive", "yes", "--features", "g", "--missing", "drop", "-q", "--no-summary"]);
    expect(categorical.stdout).toMatch(/\ncategorical "g": 2 levels, reference level "f"\n/);
  });

  test("--json: standardized, positive, encoding only with a categorical column, droppedRows only with --missing drop, saved", async () => {
    const file = scratch.file("json.csv", "x,g,y\n1,m,yes\n2,f,no\n3,m,no\n4,f,yes\n5,f,no\n6,m,yes\n");
    const saved = scratch.path("j.json");
    const json = JSON.parse((await runInProcess(["fit", file, "-t", "y", "-f", "bernoulli", "--positive", "yes", "--standardize", "--missing", "drop", "--save", saved, "--json"])).stdout);
    expect(json).toMatchObject({ file, target: "y", standardized: true, positive: "yes", droppedRows: { count: 0, first: [] }, saved });
    expect(json.encoding.columns[1]).toEqual({ name: "g", kind: "categorical", levels: ["f", "m"], reference: "f" });
    const plain = JSON.parse((await runInProcess(["fit", file, "-t", "y", "-f", "bernoulli", "--positive", "yes", "--features", "x", "--json"])).stdout);
    expect(plain.standardized).toBe(false);
    for (const key of ["encoding", "droppedRows", "saved"]) expect(plain, key).not.toHaveProperty(key);
  });
});

describe("the saved labels of classes --classes adds", () => {
  test("named by their index, primed when a label already is that index", async () => {
    const file = scratch.file("two-labels.csv", "x,y\n1,a\n2,2\n3,a\n4,2\n5,a\n6,2\n");
    const saved = scratch.path("primed.json");
    const run = await runInProcess(["fit", file, "-t", "y", "-f", "multinomial", "--classes", "4", "--save", saved, "-o", "lbfgs", "--no-summary", "--l2", "1", "--no-intercept", "-q"]);
    expect(run.code).toBe(0);
    expect(JSON.parse(readFileSync(saved, "utf8")).encoding.target).toEqual({ name: "y", labels: ["2", "a", "2'", "3"] });
  });
});

describe("the progress bar on a stderr that is not a terminal", () => {
  const csv = scratch.file("line.csv", "x,y\n1,2\n2,4.5\n3,5.5\n4,8\n5,9.5\n");

  test("--progress: the epochs asked for (100 by default), then the last epoch and its objective", async () => {
    const options = { optimizer: "gd", epochs: 5, tolerance: 0, learningRate: 0.01 } as const;
    const run = await runInProcess(["fit", csv, "-t", "y", "-o", "gd", "--epochs", "5", "--tolerance", "0", "--progress"]);
    const expected = (await Trainer.create(options)).fit([[1], [2], [3], [4], [5]], [2, 4.5, 5.5, 8, 9.5]);
    const lines = run.stderr.split("\n").filter((line) => line !== "");
    expect(lines[0]).toMatch(/\] 0\/5 epochs \| objective …$/);
    expect(lines.at(-1)).toMatch(new RegExp(`\\] 5/5 epochs \\| objective ${formatNumber(expected.history[expected.history.length - 1], 8).replace(".", "\\.")}$`));
    const byDefault = await runInProcess(["fit", csv, "-t", "y", "-o", "gd", "--progress"]);
    expect(byDefault.stderr.split("\n")[0]).toMatch(/\] 0\/100 epochs/);
  });

  test("--json or --quiet: no bar even with --progress", async () => {
    expect((await runInProcess(["fit", csv, "-t", "y", "--json", "--progress"])).stderr).toBe("");
    expect((await runInProcess(["fit", csv, "-t", "y", "-q", "--progress"])).stderr).toBe("");
  });
});

describe("the library's errors in the CLI's names", () => {
  const csv = scratch.file("counts.csv", "x,y\n1,0\nNA,1\n2,1\n3,-2\n");

  test("an invalid option names its flag, and a long text value is cut with its length", async () => {
    const run = await runInProcess(["fit", csv, "-t", "y", "--sampling", "x".repeat(60)]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`wasm-mle: error: Invalid option sampling: got "${"x".repeat(40)}"… (60 characters); expected one of "shuffle", "replacement", "sequential" (--sampling).\n`);
    expect((await runInProcess(["fit", csv, "-t", "y", "--epochs", "0"])).stderr).toMatch(/^wasm-mle: error: Invalid option epochs: got 0; .* \(--epochs\)\.\n$/);
  });

  test("a target the family refuses: its data row and line count the rows left out; bernoulli adds --positive advice", async () => {
    const poisson = await runInProcess(["fit", csv, "-t", "y", "-f", "poisson", "--missing", "drop"]);
    expect(poisson.code).toBe(2);
    expect(poisson.stderr).toBe('wasm-mle: error: Invalid y: y[2] = -2: poisson needs y to be a non-negative integer count (data row 4, line 5, column "y").\n');
    const bernoulli = await runInProcess(["fit", scratch.file("b.csv", "x,y\n1,0\n2,1\n3,2\n"), "-t", "y", "-f", "bernoulli"]);
    expect(bernoulli.stderr).toMatch(/bernoulli needs y to be 0 or 1 \(data row 3, line 4, column "y"\)\. For a target of two labels give --positive <label>\.\n$/);
  });

  test("--positive with another family is refused before the file is read", async () => {
    for (const [family, shown] of [[[], "gaussian"], [["-f", "poisson"], "poisson"]] as const) {
      const run = await runInProcess(["fit", scratch.path("never-read.csv"), "-t", "y", "--positive", "a", ...family]);
      expect(run.stderr).toBe(`wasm-mle: error: --positive names the positive class of --family bernoulli; it cannot be used with --family ${shown}.\n`);
    }
  });
});
