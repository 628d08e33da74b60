// The CLI's --l1, --path, --alpha and --cv. --l1: a coordinate-descent fit whose table shows the coefficients (zeros included) and
// no standard-error columns, with the summary's note on the selected terms; with --optimizer sgd or
// an adaptive one the same table; --l1 with an optimizer that has no L1 is refused naming the flag.
import { describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll } from "vitest";
import { expectFailure, wasmMle } from "../helpers/cli.js";

const skl = JSON.parse(readFileSync(new URL("../fixtures/skl_enet.json", import.meta.url), "utf8")) as { X: number[][]; y: number[] };
const dir = mkdtempSync(join(tmpdir(), "wasm-mle-l1-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const csv = join(dir, "enet.csv");
writeFileSync(csv, [["y", ...skl.X[0].map((_, j) => `x${j}`)].join(","), ...skl.X.map((row, i) => [skl.y[i], ...row].join(","))].join("\n"));

describe("wasm-mle fit --l1", () => {
  it("fits by coordinate descent and prints the zeros without standard errors", () => {
    const run = wasmMle(["fit", csv, "--target", "y", "--l1", "0.3"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/optimizer\s+cd/);
    expect(run.stdout).not.toMatch(/std err/);
    expect(run.stdout).toMatch(/^x0\s+0$/m);
    expect(run.stdout).toMatch(/set to 0: x0/);
  });

  it("--path prints glmnet's table (Df, %Dev, Lambda) and --json the path; --cv the λ choices", () => {
    const printed = wasmMle(["fit", csv, "--target", "y", "--path", "--alpha", "0.5"]);
    expect(printed.code).toBe(0);
    expect(printed.stdout).toMatch(/Df\s+%Dev\s+Lambda/);
    expect(printed.stdout).toMatch(/^1\s+0\s+0\.00\s/m);
    const json = JSON.parse(wasmMle(["fit", csv, "--target", "y", "--path", "--json"]).stdout);
    expect(json.lambdas.length).toBe(json.df.length);
    expect(json.df[0]).toBe(0);
    const cv = wasmMle(["fit", csv, "--target", "y", "--cv", "--seed", "2"]);
    expect(cv.code).toBe(0);
    expect(cv.stdout).toMatch(/Measure: Deviance/);
    expect(cv.stdout).toMatch(/^min\s/m);
    expect(cv.stdout).toMatch(/^1se\s/m);
  });

  it("with --optimizer sgd or an adaptive one: the cumulative-penalty truncation, exact zeros in the table", () => {
    for (const optimizer of ["sgd", "adam"]) {
      const run = wasmMle(["fit", csv, "--target", "y", "--l1", "0.3", "--optimizer", optimizer, "--epochs", "200", "--batch-size", "8", "--learning-rate", "0.02", "--seed", "1"]);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toMatch(new RegExp(`optimizer\\s+${optimizer}`));
      expect(run.stdout).not.toMatch(/std err/);
      expect(run.stdout).toMatch(/^x0\s+0$/m);
      expect(run.stdout).toMatch(/L1 penalty l1 = 0\.3/);
    }
  });

  it("is refused with an optimizer that has no L1", () => {
    expectFailure(wasmMle(["fit", csv, "--target", "y", "--l1", "0.3", "--optimizer", "newton"]), 2, /--l1/);
  });
});
