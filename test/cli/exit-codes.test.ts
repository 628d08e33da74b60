// The CLI's exit codes are the README's table, and a failed predict leaves no partial --output
// file (an existing one keeps its content) while on stdout it says how many lines were already
// sent before the error.
import { existsSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import * as wasmMleExports from "../../dist/index.js";
import { CliInputError, CliResourceError, exitCodeFor } from "../../dist/cli/cli-error.js";
import { REPO_ROOT, expectFailure, scratchDirectory, wasmMle } from "../helpers/cli.js";

const scratch = scratchDirectory("exit-codes");

/** The README's CLI exit-code table: per code, the error classes its "raised by" column names. */
function readmeExitCodes(): Map<number, string> {
  const readme = readFileSync(`${REPO_ROOT}/README.md`, "utf8");
  const start = readme.indexOf("| exit code | meaning | raised by |");
  expect(start, "the README's exit-code table").toBeGreaterThanOrEqual(0);
  const lines = readme.slice(start).split("\n").slice(2);
  const rows = lines.slice(0, lines.findIndex((line) => !line.startsWith("|")));
  return new Map(rows.map((row) => {
    const [, code, , raisedBy] = row.split("|").map((cell) => cell.trim());
    return [Number(code), raisedBy] as const;
  }));
}

describe("exit codes: the code and the README's table agree", () => {
  const table = readmeExitCodes();
  const classes = wasmMleExports as unknown as Record<string, new (...args: never[]) => Error>;
  const errorClasses = Object.keys(classes).filter((name) => /^[A-Z]\w*Error$/.test(name) && name !== "WasmMleError");
  /** An instance of the class without running its constructor (exitCodeFor reads only its class and detectedBy). */
  const instance = (name: string, fields: object = {}) => Object.assign(Object.create(classes[name].prototype), fields);

  test("the table has rows 0, 1 and 2", () => {
    expect([...table.keys()]).toEqual([0, 1, 2]);
  });

  test.each([1, 2])("every error class row %i names exits with %i", (code) => {
    const named = [...table.get(code)!.matchAll(/`([A-Z]\w*Error)`/g)].map((m) => m[1]);
    expect(named.length).toBeGreaterThan(0);
    for (const name of named) {
      expect(errorClasses, `${name} is an exported error class`).toContain(name);
      // SeparationError is in both rows: "seen while fitting" (1), or shown by the target alone (2)
      const fields = name === "SeparationError" ? { detectedBy: code === 2 ? "data" : "iterations" } : {};
      expect(exitCodeFor(instance(name, fields)), name).toBe(code);
    }
  });

  test("an error class the table does not name in row 2 exits with 1, as do internal errors; the CLI's own input errors with 2", () => {
    const row2 = new Set([...table.get(2)!.matchAll(/`([A-Z]\w*Error)`/g)].map((m) => m[1]));
    for (const name of errorClasses.filter((n) => !row2.has(n))) expect(exitCodeFor(instance(name)), name).toBe(1);
    expect(exitCodeFor(new TypeError("a bug"))).toBe(1);
    expect(exitCodeFor(new CliInputError("bad flag"))).toBe(2);
    expect(exitCodeFor(new CliResourceError("too large"))).toBe(1);
  });

  test("a target with one value, or a class --classes names that never occurs, is bad input (2); separation seen while fitting is a failed fit (1)", () => {
    const constant = scratch.file("constant.csv", "x,y\n1,1\n2,1\n3,1\n");
    expectFailure(wasmMle(["fit", constant, "-t", "y", "-f", "bernoulli", "-q"]), 2, /every y is 1/);
    const absent = scratch.file("absent.csv", "x,y\n1,0\n2,1\n3,1\n4,2\n");
    expectFailure(wasmMle(["fit", absent, "-t", "y", "-f", "multinomial", "--classes", "4", "-q"]), 2, /class 3 never occurs in y/);
    const separated = scratch.file("separated.csv", "x,y\n1,0\n2,0\n3,1\n4,1\n");
    expectFailure(wasmMle(["fit", separated, "-t", "y", "-f", "bernoulli", "-o", "newton", "-q"]), 1, /completely separated/);
  });
});

describe("a predict that fails late", () => {
  const train = scratch.file("train.csv", `x,y\n${Array.from({ length: 50 }, (_, i) => `${i / 10},${(i % 7) / 3 + i / 20}`).join("\n")}\n`);
  const model = scratch.path("model.json");
  // 10,000 rows, the 9,001st not a number: the first 4096-row batches are predicted before it is read
  const rows = Array.from({ length: 10_000 }, (_, i) => (i === 9000 ? "oops" : String((i % 97) / 10)));
  const late = scratch.file("late.csv", `x\n${rows.join("\n")}\n`);
  const good = scratch.file("good.csv", `x\n${rows.slice(0, 9000).join("\n")}\n`);
  const lateError = /late\.csv: data row 9001 \(line 9002\), column "x" is "oops", not a number/;

  test("the model is fitted", () => {
    expect(wasmMle(["fit", train, "-t", "y", "-q", "--save", model]).code).toBe(0);
  });

  test("on stdout: the lines already sent stay, stderr says how many before the error (the last line), exit 2", () => {
    const run = wasmMle(["predict", model, late]);
    expect(run.code).toBe(2);
    const sent = run.stdout.split("\n").length - 1;
    expect(sent).toBe(1 + 2 * 4096); // the header and two whole batches
    const messages = run.stderr.trimEnd().split("\n");
    expect(messages).toHaveLength(2);
    expect(messages[0]).toBe(
      `wasm-mle: standard output already holds the first ${sent.toLocaleString("en-US")} lines (the header and the predictions before the error below); ` +
        "it is incomplete. With --output FILE a failed predict writes no file.",
    );
    expect(messages[1]).toMatch(lateError);
  });

  test("--output: no file is left, and no temporary file beside it", () => {
    const output = scratch.path("new-predictions.csv");
    expectFailure(wasmMle(["predict", model, late, "--output", output]), 2, lateError);
    expect(existsSync(output)).toBe(false);
    expect(readdirSync(scratch.dir).filter((name) => name.includes("partial"))).toEqual([]);
  });

  test("--output over an existing file: a failure leaves it as it was, a success replaces it (through a link, the file it points to)", () => {
    const output = scratch.file("predictions.csv", "earlier,content\n");
    expectFailure(wasmMle(["predict", model, late, "--output", output]), 2, lateError);
    expect(readFileSync(output, "utf8")).toBe("earlier,content\n");
    const link = scratch.path("link.csv");
    symlinkSync(output, link);
    const run = wasmMle(["predict", model, good, "--output", link]);
    expect(run.code).toBe(0);
    expect(readFileSync(output, "utf8").split("\n")).toHaveLength(9000 + 2);
    expect(readFileSync(output, "utf8")).toBe(wasmMle(["predict", model, good]).stdout);
    expect(readFileSync(link, "utf8")).toBe(readFileSync(output, "utf8"));
    expect(readdirSync(scratch.dir).filter((name) => name.includes("partial"))).toEqual([]);
  });

  test.skipIf(!existsSync("/dev/full"))("a device is written in place, and a failed write names --output (exit 2), not the input", () => {
    expectFailure(wasmMle(["predict", model, good, "--output", "/dev/full"]), 2, /cannot write --output "\/dev\/full": ENOSPC/);
    expect(existsSync("/dev/full")).toBe(true);
    expect(wasmMle(["predict", model, good, "--output", "/dev/null"]).code).toBe(0);
    expect(statSync("/dev/null").isCharacterDevice()).toBe(true);
  });

  test.skipIf(!existsSync("/dev/full"))("fit --save is written the same way: a failed write names --save (exit 2), an earlier model is kept", () => {
    expectFailure(wasmMle(["fit", train, "-t", "y", "-q", "--save", "/dev/full"]), 2, /cannot write --save "\/dev\/full": ENOSPC/);
    const saved = readFileSync(model, "utf8");
    expect(wasmMle(["fit", train, "-t", "y", "-q", "--save", model]).code).toBe(0);
    expect(readFileSync(model, "utf8")).toBe(saved);
    expect(readdirSync(scratch.dir).filter((name) => name.includes("partial"))).toEqual([]);
  });

  test("a directory that cannot take the temporary file is refused before any row is read", () => {
    writeFileSync(scratch.path("plain"), "not a directory");
    expectFailure(wasmMle(["predict", model, good, "--output", scratch.path("plain/out.csv")]), 2, /--output .*plain\/out\.csv/);
  });
});
