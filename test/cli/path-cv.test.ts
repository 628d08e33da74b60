// The CLI's --path and --cv: the printed tables hold the path's and the cross-validation's own
// figures (glmnet's print(): Df, %Dev to 2 decimals, Lambda to 4 significant digits; cv.glmnet's:
// Lambda, Index, Measure, SE, Nonzero at lambda.min and lambda.1se), and --json carries the
// library's fitPath/crossValidate with --alpha and --seed passed on. In-process (run()).
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { Trainer } from "../../dist/index.js";
import { formatCvTable, formatPathTable } from "../../dist/cli/path-table.js";
import { syntheticData } from "../helpers/fixtures.js";
import { runInProcess } from "../helpers/cli-in-process.js";

const scratch = mkdtempSync(join(tmpdir(), "wasm-mle-cli-path-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const { X, y } = syntheticData("bernoulli", 90, 4, 31);
const csv = join(scratch, "data.csv");
writeFileSync(csv, `y,a,b,c,d\n${X.map((r, i) => [y[i], ...r].join(",")).join("\n")}\n`);
const signif = (v: number, digits: number) => String(Number(v.toPrecision(digits)));

describe("--path", () => {
  test("--json is the library's path with --alpha; the table shows each λ's Df, %Dev and Lambda", async () => {
    const t = await Trainer.create({ family: "bernoulli" });
    const path = t.fitPath(X, y, { alpha: 0.4 });
    const { code, stdout } = await runInProcess(["fit", csv, "-t", "y", "-f", "bernoulli", "--path", "--alpha", "0.4", "--json"]);
    expect(code).toBe(0);
    const json = JSON.parse(stdout);
    expect(json.alpha).toBe(0.4);
    expect(json.lambdas).toEqual(Array.from(path.lambdas));
    expect(json.df).toEqual(Array.from(path.df));
    expect(json.coefficients).toEqual(path.coefficients.map((c) => Array.from(c)));
    expect(json.intercepts).toEqual(path.intercepts.map((b) => Array.from(b)));
    expect(json.devianceRatio).toEqual(Array.from(path.devianceRatio));
    const table = formatPathTable(path).split("\n");
    expect(table[0]).toBe("alpha = 0.4; l1 = λα, l2 = λ(1 − α)");
    expect(table[2].trim().split(/\s+/)).toEqual(["Df", "%Dev", "Lambda"]);
    path.lambdas.forEach((lambda, i) => {
      expect(table[3 + i].trim().split(/\s+/), `row ${i + 1}`).toEqual([String(i + 1), String(path.df[i]), (100 * path.devianceRatio[i]).toFixed(2), signif(lambda, 4)]);
    });
    const printed = await runInProcess(["fit", csv, "-t", "y", "-f", "bernoulli", "--path", "--alpha", "0.4"]);
    expect(printed.stdout).toBe(formatPathTable(path));
    t.dispose();
  });

  test("gaussian's ridge part is scaled by σ_y, and the header says so", async () => {
    const g = syntheticData("gaussian", 50, 3, 32);
    const t = await Trainer.create({});
    const header = (alpha: number) => formatPathTable(t.fitPath(g.X, g.y.map((v) => 5 * v), { alpha, nLambda: 5 })).split("\n")[0];
    expect(header(0.5)).toBe("alpha = 0.5; l1 = λα, l2 = λ(1 − α)/σ_y");
    expect(header(1)).toBe("alpha = 1; l1 = λα, l2 = λ(1 − α)");
    t.dispose();
  });

  test("--standardize with --path gives the path the paths fit anyway (glmnet standardises by default)", async () => {
    const json = async (flags: string[]) => JSON.parse((await runInProcess(["fit", csv, "-t", "y", "-f", "bernoulli", "--path", ...flags, "--json"])).stdout);
    const standardized = await json(["--standardize"]);
    const plain = await json([]);
    expect(standardized.lambdas).toEqual(plain.lambdas);
    expect(standardized.df).toEqual(plain.df);
  });
});

describe("--cv", () => {
  test("--json is the library's crossValidate with --seed; the table shows lambda.min and lambda.1se", async () => {
    const t = await Trainer.create({ family: "bernoulli" });
    const cv = t.crossValidate(X, y, { seed: 4, alpha: 0.7 });
    const { code, stdout } = await runInProcess(["fit", csv, "-t", "y", "-f", "bernoulli", "--cv", "--seed", "4", "--alpha", "0.7", "--json"]);
    expect(code).toBe(0);
    const json = JSON.parse(stdout);
    expect(json).toEqual({
      measure: "deviance", lambdaMin: cv.lambdaMin, lambda1se: cv.lambda1se, lambdas: Array.from(cv.lambdas), mean: Array.from(cv.mean), standardError: Array.from(cv.standardError),
      warnings: [],
    });
    const other = JSON.parse((await runInProcess(["fit", csv, "-t", "y", "-f", "bernoulli", "--cv", "--seed", "5", "--alpha", "0.7", "--json"])).stdout);
    expect(other.mean).not.toEqual(json.mean); // the seed picks the folds
    const table = formatCvTable(cv).split("\n");
    expect(table[0]).toBe("Measure: Deviance");
    expect(table[2].trim().split(/\s+/)).toEqual(["Lambda", "Index", "Measure", "SE", "Nonzero"]);
    for (const [k, name, i] of [[3, "min", cv.indexMin], [4, "1se", cv.index1se]] as const) {
      expect(table[k].trim().split(/\s+/)).toEqual([name, signif(cv.lambdas[i], 4), String(i + 1), signif(cv.mean[i], 4), signif(cv.standardError[i], 4), String(cv.path.df[i])]);
    }
    expect((await runInProcess(["fit", csv, "-t", "y", "-f", "bernoulli", "--cv", "--seed", "4", "--alpha", "0.7"])).stdout).toBe(formatCvTable(cv));
    t.dispose();
  });

  test("each measure is named as cv.glmnet names it", async () => {
    const t = await Trainer.create({ family: "bernoulli" });
    const names = { deviance: "Deviance", mse: "Mean-Squared Error", class: "Misclassification Error", auc: "AUC" } as const;
    for (const [measure, name] of Object.entries(names)) {
      const cv = t.crossValidate(X, y, { measure: measure as keyof typeof names, folds: 3, nLambda: 5 });
      expect(formatCvTable(cv).split("\n")[0]).toBe(`Measure: ${name}`);
    }
    t.dispose();
  });
});
