// `wasm-mle fit … --save model.json` then `wasm-mle predict model.json data.csv`: the saved file is
// a model Model.fromJSON reads, with the categorical levels in `encoding`, and predict writes the
// same bits as Model.fromJSON(...).predict on X encoded here by hand from the CSV. Real CSVs from
// test/fixtures/csv/ (sources in its README). Needs `npm run build`.
import { readFileSync, writeFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { Model, UnknownLevelError } from "../../dist/index.js";
import { REPO_ROOT, expectFailure, scratchDirectory, wasmMle } from "../helpers/cli.js";

const dir = join(REPO_ROOT, "test", "fixtures", "csv");
const csv = (name: string) => join(dir, name);
const inScratch = scratchDirectory("predict").path;

/** A simple CSV read (no quoted delimiters in these files): header and rows of trimmed cells. */
function readTable(path: string, delimiter = ","): { header: string[]; rows: string[][] } {
  const [header, ...rows] = readFileSync(path, "utf8").trim().split("\n").map((line) => line.split(delimiter).map((cell) => cell.trim().replace(/^"(.*)"$/, "$1")));
  return { header, rows };
}

function fitAndSave(args: string[], name: string): { path: string; data: Record<string, any> } {
  const path = inScratch(name);
  const run = wasmMle(["fit", ...args, "--save", path, "--json"]);
  expect(run.stderr).toBe("");
  expect(run.code).toBe(0);
  expect(JSON.parse(run.stdout).saved).toBe(path);
  return { path, data: JSON.parse(readFileSync(path, "utf8")) };
}

function bits(values: ArrayLike<number>): string[] {
  return Array.from(values, (v) => Buffer.from(Float64Array.of(v).buffer).toString("hex"));
}

describe("fit --save writes a model that Model.fromJSON reads, with its encoding", () => {
  test("statsmodels grunfeld: the file holds the levels of firm, its reference level, and the features' encoded names", async () => {
    const { data } = fitAndSave([csv("grunfeld.csv"), "-t", "invest", "--features", "value,capital,firm", "-o", "newton"], "grunfeld.json");
    const levels = [...new Set(readTable(csv("grunfeld.csv")).rows.map((row) => row[3]))].sort();
    expect(data.format).toBe("wasm-mle-model");
    expect(data.encoding).toEqual({
      columns: [{ name: "value", kind: "numeric" }, { name: "capital", kind: "numeric" }, { name: "firm", kind: "categorical", levels, reference: levels[0] }],
      target: { name: "invest" },
    });
    expect(data.featureNames).toEqual(["value", "capital", ...levels.slice(1).map((level) => `firm[T.${level}]`)]);
    const model = await Model.fromJSON(data);
    expect(model.features).toBe(12);
  });

  test("round trip: predict's output equals Model.fromJSON(saved).predict on X one-hot encoded by hand, bit for bit", async () => {
    const { path, data } = fitAndSave([csv("grunfeld.csv"), "-t", "invest", "--features", "value,capital,firm", "-o", "newton"], "grunfeld-rt.json");
    const output = inScratch("grunfeld-predictions.csv");
    const run = wasmMle(["predict", path, csv("grunfeld.csv"), "--output", output]);
    expect(run.stderr).toBe("");
    expect(run.stdout).toBe("");
    expect(run.code).toBe(0);
    const { header, rows } = readTable(output);
    expect(header).toEqual(["prediction"]);
    const table = readTable(csv("grunfeld.csv"));
    const levels: string[] = data.encoding.columns[2].levels;
    const X = table.rows.map((row) => [Number(row[1]), Number(row[2]), ...levels.slice(1).map((level) => (row[3] === level ? 1 : 0))]);
    const expected = (await Model.fromJSON(data)).predict(X);
    expect(rows.length).toBe(X.length);
    expect(bits(rows.map((row) => Number(row[0])))).toEqual(bits(expected));
    // Written as String(x): the shortest text that reads back as the same double.
    expect(rows.map((row) => row[0])).toEqual(Array.from(expected, String));
  });

  test("--standardize saves the coefficients mapped back to the original columns", () => {
    const args = [csv("grunfeld.csv"), "-t", "invest", "--features", "value,capital,firm", "-o", "newton"];
    const plain = fitAndSave(args, "grunfeld-plain.json");
    const standardized = fitAndSave([...args, "--standardize"], "grunfeld-std.json");
    expect(standardized.data.options.standardize).toBe(true);
    standardized.data.coefficients.forEach((w: number, j: number) => expect(w).toBeCloseTo(plain.data.coefficients[j], 8));
    const a = wasmMle(["predict", plain.path, csv("grunfeld.csv")]).stdout.trim().split("\n").slice(1).map(Number);
    const b = wasmMle(["predict", standardized.path, csv("grunfeld.csv")]).stdout.trim().split("\n").slice(1).map(Number);
    a.forEach((value, i) => expect(Math.abs(b[i] - value)).toBeLessThan(1e-9 * Math.max(1, Math.abs(value))));
  });

  test("without --output the predictions go to stdout, the same text", () => {
    const { path } = fitAndSave([csv("grunfeld.csv"), "-t", "invest", "--features", "value,capital,firm", "-o", "newton"], "grunfeld-stdout.json");
    const output = inScratch("grunfeld-stdout.csv");
    wasmMle(["predict", path, csv("grunfeld.csv"), "--output", output]);
    const run = wasmMle(["predict", path, csv("grunfeld.csv")]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(readFileSync(output, "utf8"));
  });

  test("bernoulli with --positive: prediction is P(positive), the same bits as the model; the labels are saved", async () => {
    const { path, data } = fitAndSave([csv("pima-tr.csv"), "-t", "type", "-f", "bernoulli", "--positive", "Yes", "-o", "newton"], "pima.json");
    expect(data.encoding.target).toEqual({ name: "type", labels: ["No", "Yes"], positive: "Yes" });
    const run = wasmMle(["predict", path, csv("pima-tr.csv")]);
    expect(run.code).toBe(0);
    const [head, ...lines] = run.stdout.trim().split("\n");
    expect(head).toBe("prediction");
    const table = readTable(csv("pima-tr.csv"));
    const X = table.rows.map((row) => row.slice(0, 7).map(Number));
    expect(lines).toEqual(Array.from((await Model.fromJSON(data)).predict(X), String));
  });

  test("multinomial: one p_<label> column per class and the most probable label (anes96's party identification PID, 0..6)", async () => {
    const features = ["age", "educ", "income", "selfLR"];
    const { path, data } = fitAndSave([csv("anes96.csv"), "--quote", "'", "-t", "PID", "-f", "multinomial", "--features", features.join(","), "-o", "newton"], "pid.json");
    const labels = ["0", "1", "2", "3", "4", "5", "6"];
    expect(data.encoding.target).toEqual({ name: "PID", labels });
    const run = wasmMle(["predict", path, csv("anes96.csv"), "--quote", "'"]);
    expect(run.code).toBe(0);
    const [head, ...lines] = run.stdout.trim().split("\n");
    expect(head).toBe(`${labels.map((label) => `p_${label}`).join(",")},class`);
    const table = readTable(csv("anes96.csv"), "\t");
    const columns = features.map((name) => table.header.indexOf(`'${name}'`));
    const X = table.rows.map((row) => columns.map((j) => Number(row[j])));
    const model = await Model.fromJSON(data);
    const p = model.predict(X);
    const classes = model.predictClass(X);
    expect(lines.length).toBe(X.length);
    lines.forEach((line, i) => {
      const cells = line.split(",");
      expect(cells.slice(0, 7)).toEqual(Array.from(p.subarray(i * 7, i * 7 + 7), String));
      expect(cells[7]).toBe(String(classes[i]));
    });
  });

  test("text class labels are written as CSV fields (quoted when they hold a comma)", () => {
    const data = inScratch("labels.csv");
    writeFileSync(data, "x,kind\n0,\"a,b\"\n1,c\n2,\"a,b\"\n3,c\n4,c\n5,\"a,b\"\n");
    const { path } = fitAndSave([data, "-t", "kind", "-f", "multinomial", "-o", "newton", "--no-summary"], "labels.json");
    const run = wasmMle(["predict", path, data]);
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split("\n");
    expect(lines[0]).toBe('"p_a,b",p_c,class');
    expect(lines[1]).toMatch(/^[\d.e-]+,[\d.e-]+,"a,b"$/);
    expect(lines[5]).toMatch(/^[\d.e-]+,[\d.e-]+,c$/);
  });

  test("--classes above the labels seen: the classes without a label are named by their index", () => {
    const data = inScratch("two-of-three.csv");
    writeFileSync(data, "x,kind\n0,a\n1,b\n2,a\n3,b\n4,b\n5,a\n");
    const { path, data: model } = fitAndSave([data, "-t", "kind", "-f", "multinomial", "--classes", "3", "--no-intercept", "--l2", "0.1", "-o", "lbfgs", "--no-summary"], "three.json");
    expect(model.encoding.target.labels).toEqual(["a", "b", "2"]);
    expect(wasmMle(["predict", path, data]).stdout.split("\n")[0]).toBe("p_a,p_b,p_2,class");
  });

  test("a model from --missing drop predicts a file with NA: error by default (naming rows), or skipped and reported, with a row column", async () => {
    const { path, data } = fitAndSave([csv("biopsy.csv"), "-t", "class", "-f", "bernoulli", "--positive", "malignant", "--features", "V1,V6", "-o", "newton", "--missing", "drop"], "biopsy.json");
    expectFailure(wasmMle(["predict", path, csv("biopsy.csv")]), 2, /16 data rows have missing values .*: data row 24 \(line 25, column "V6"\), .* and 11 more\. Give --missing drop/);
    const run = wasmMle(["predict", path, csv("biopsy.csv"), "--missing", "drop"]);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/^wasm-mle: left out 16 data rows with missing values \(--missing drop\): data row 24 \(line 25, column "V6"\)/);
    const [head, ...lines] = run.stdout.trim().split("\n");
    expect(head).toBe("row,prediction");
    expect(lines.length).toBe(699 - 16);
    const table = readTable(csv("biopsy.csv"));
    const kept = table.rows.map((row, i) => ({ row, i })).filter(({ row }) => row[6] !== "NA");
    expect(lines.map((line) => Number(line.split(",")[0]))).toEqual(kept.map(({ i }) => i + 1));
    const expected = (await Model.fromJSON(data)).predict(kept.map(({ row }) => [Number(row[1]), Number(row[6])]));
    expect(lines.map((line) => line.split(",")[1])).toEqual(Array.from(expected, String));
  });
});

describe("predict streams", () => {
  test("a 600,000-row CSV with a text column is predicted in a 24 MB JavaScript heap, the same as in memory", async () => {
    let seed = 11;
    const cell = () => ((seed = (seed * 48271) % 2147483647) / 2147483647).toFixed(6);
    const levels = ["north", "south", "west"];
    const row = (i: number) => `${cell()},${levels[i % 3]},${cell()}`;
    const small = inScratch("stream-train.csv");
    writeFileSync(small, `a,g,y\n${Array.from({ length: 300 }, (_, i) => row(i)).join("\n")}\n`);
    const { path, data } = fitAndSave([small, "-t", "y", "-o", "newton"], "stream.json");
    const block = Array.from({ length: 1000 }, (_, i) => row(i)).join("\n");
    const large = inScratch("stream-large.csv");
    writeFileSync(large, `a,g,y\n${Array.from({ length: 600 }, () => block).join("\n")}\n`);
    const output = inScratch("stream-predictions.csv");
    const run = wasmMle(["predict", path, large, "--output", output], { nodeFlags: ["--max-old-space-size=24"] });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const lines = readFileSync(output, "utf8").trim().split("\n");
    expect(lines.length).toBe(600_001);
    // The first block again by the library: the same text.
    const X = block.split("\n").map((line) => {
      const [a, g] = line.split(",");
      return [Number(a), g === "south" ? 1 : 0, g === "west" ? 1 : 0];
    });
    const expected = Array.from((await Model.fromJSON(data)).predict(X), String);
    expect(lines.slice(1, 1001)).toEqual(expected);
    expect(lines.slice(599_001)).toEqual(expected);
    // Fitting the same file also streams (indicators made as the trainer reads each staged row),
    // and staging X in memory (indicators made after the read) gives the same bits.
    const staged = wasmMle(["fit", large, "-t", "y", "-o", "newton", "--json"], { nodeFlags: ["--max-old-space-size=24"] });
    expect(staged.stderr).toBe("");
    expect(staged.code).toBe(0);
    const inMemory = wasmMle(["fit", large, "-t", "y", "-o", "newton", "--json", "--staging", "memory"]);
    expect(JSON.parse(staged.stdout).features).toEqual(["a", "g[T.south]", "g[T.west]"]);
    expect(JSON.parse(inMemory.stdout).coefficients).toEqual(JSON.parse(staged.stdout).coefficients);
  });

  test("a model without an encoding (the library's fit.model()) predicts the columns its featureNames name; standard input works", async () => {
    const { Trainer } = await import("../../dist/index.js");
    const trainer = await Trainer.create({ family: "poisson", optimizer: "newton", featureNames: ["dose", "age"] });
    const X = [[1, 30], [2, 41], [3, 25], [4, 60], [5, 33], [6, 47]];
    const fit = trainer.fit(X, [0, 1, 1, 3, 2, 5]);
    const path = inScratch("library-model.json");
    writeFileSync(path, JSON.stringify(fit.model()));
    const expected = Array.from(trainer.predict(X), String);
    trainer.dispose();
    const input = `age,id,dose\n${X.map(([dose, age], i) => `${age},${i},${dose}`).join("\n")}\n`;
    const run = wasmMle(["predict", path, "-"], { input });
    expect(run.code).toBe(0);
    expect(run.stdout.trim().split("\n")).toEqual(["prediction", ...expected]);
  });
});

describe("predict refuses what it cannot encode", () => {
  test("an unseen level is an UnknownLevelError naming the row, column, level and known levels (exit 2)", () => {
    const { path } = fitAndSave([csv("grunfeld.csv"), "-t", "invest", "--features", "value,capital,firm", "-o", "newton"], "grunfeld-unseen.json");
    const data = inScratch("new-firms.csv");
    writeFileSync(data, "invest,value,capital,firm,year\n1,2,3,IBM,1950\n1,2,3,Ford,1950\n");
    const output = inScratch("unseen.csv");
    const run = wasmMle(["predict", path, data, "--output", output]);
    expectFailure(run, 2, /^wasm-mle: error: .*new-firms\.csv: data row 2 \(line 3\): column "firm" has the level "Ford", which the model was not fitted with; its known levels are "American Steel", "Atlantic Refining", .*"Westinghouse"\.$/m);
    // A failed predict leaves no partial output file.
    expect(existsSync(output)).toBe(false);
  });

  test("the UnknownLevelError class is exported with its code", () => {
    const error = new UnknownLevelError("firm", "Ford", ["GM", "IBM"], 1);
    expect(error.code).toBe("UNKNOWN_LEVEL");
    expect(error.message).toMatch(/Row 2: column "firm" has the level "Ford"/);
  });

  test("a column the model needs, a file that is not a model, a tampered encoding, and a non-numeric cell (exit 2)", () => {
    const { path, data } = fitAndSave([csv("grunfeld.csv"), "-t", "invest", "--features", "value,capital,firm", "-o", "newton"], "grunfeld-bad.json");
    const noFirm = inScratch("no-firm.csv");
    writeFileSync(noFirm, "value,capital\n1,2\n");
    expectFailure(wasmMle(["predict", path, noFirm]), 2, /no-firm\.csv lacks the column "firm" the model was fitted with; its columns are "value", "capital"/);
    expectFailure(wasmMle(["predict", csv("grunfeld.csv"), csv("grunfeld.csv")]), 2, /the model .*grunfeld\.csv" is not JSON/);
    const tampered = inScratch("tampered.json");
    writeFileSync(tampered, JSON.stringify({ ...data, encoding: { ...data.encoding, columns: data.encoding.columns.slice(0, 2) } }));
    expectFailure(wasmMle(["predict", tampered, csv("grunfeld.csv")]), 2, /cannot be used: Invalid model encoding\.columns: .*expected columns whose encoded names are the featureNames/);
    const text = inScratch("text-value.csv");
    writeFileSync(text, "value,capital,firm\nlots,2,IBM\n");
    expectFailure(wasmMle(["predict", path, text]), 2, /data row 1 \(line 2\), column "value" is "lots", not a number/);
    const commas = inScratch("comma-value.csv");
    writeFileSync(commas, "value;capital;firm\n1,5;2;IBM\n");
    expectFailure(wasmMle(["predict", path, commas]), 2, /column "value" is "1,5", not a number with the decimal mark "\." \(give --decimal , for numbers written like 1,5\)/);
    expect(wasmMle(["predict", path, commas, "--decimal", ","]).code).toBe(0);
  });

  test("fit --save into a directory that does not exist is refused before the file is read", () => {
    expectFailure(
      wasmMle(["fit", csv("grunfeld.csv"), "-t", "invest", "--features", "value,capital", "--save", inScratch("nowhere/model.json")]), 2,
      /--save ".*nowhere\/model\.json": its directory ".*nowhere" does not exist/,
    );
  });
});
