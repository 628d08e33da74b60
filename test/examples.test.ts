// Every example in examples/ (*.js, *.mjs) runs as a user runs it — `node examples/<file>`, importing
// "wasm-mle" (the package's own name, so the built dist/) — and its output is checked for what it
// claims, not only for exit code 0. A new example needs a check here: the first test says which lack one.
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const REPO = fileURLToPath(new URL("..", import.meta.url));
const EXAMPLES = readdirSync(new URL("../examples", import.meta.url)).filter((name) => /\.(m?js)$/.test(name)).sort();
const fair = JSON.parse(readFileSync(new URL("./fixtures/sm_fair_logit.json", import.meta.url), "utf8"));

function run(name: string): string {
  return execFileSync(process.execPath, [`examples/${name}`], { cwd: REPO, encoding: "utf8", timeout: 120_000 });
}

/** The number after `label` in the output (first match). */
function numberAfter(output: string, label: string): number {
  const escaped = label.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const match = new RegExp(`${escaped}\\s*(-?[\\d.]+(?:e-?\\d+)?)`).exec(output);
  if (!match) throw new Error(`no "${label}" followed by a number in:\n${output}`);
  return Number(match[1]);
}

const CHECKS: Record<string, (output: string) => void> = {
  "seed-linear.js": (output) => {
    // the line y = 2x + 1 + noise, found by sgd and by the closed form
    const [, slope, intercept] = /mini-batch SGD: slope (\S+), intercept (\S+)/.exec(output)!.map(Number);
    const [, exactSlope, exactIntercept] = /closed form: +slope (\S+), intercept (\S+)/.exec(output)!.map(Number);
    expect(Math.abs(slope - 2)).toBeLessThan(0.05);
    expect(Math.abs(intercept - 1)).toBeLessThan(0.05);
    expect(Math.abs(slope - exactSlope)).toBeLessThan(1e-3);
    expect(Math.abs(intercept - exactIntercept)).toBeLessThan(1e-3);
  },
  "seed-optimizers.js": (output) => {
    // the loss table (header, epoch 1, every 20th of 200), then each optimizer's line y = 2x + 1
    expect(output).toMatch(/epoch\s+sgd\s+adam\s+averaged sgd/);
    const rows = output.split("\n").filter((line) => /^\s+\d+\s+[\d.]+\s+[\d.]+\s+[\d.]+$/.test(line));
    expect(rows.map((line) => Number(line.trim().split(/\s+/)[0]))).toEqual([1, 20, 40, 60, 80, 100, 120, 140, 160, 180, 200]);
    for (const name of ["sgd", "adam", "averaged sgd"]) {
      const [, slope, intercept] = new RegExp(`^${name} +slope (\\S+), intercept (\\S+),`, "m").exec(output)!.map(Number);
      expect(Math.abs(slope - 2), name).toBeLessThan(0.05);
      expect(Math.abs(intercept - 1), name).toBeLessThan(0.05);
    }
  },
  "logistic-regression.mjs": (output) => {
    // statsmodels' Logit coefficients and standard errors, as the table prints them (4 decimals)
    const names = ["intercept", ...fair.feature_names];
    const estimates = [fair.reference.intercept, ...fair.reference.coef];
    const errors = [fair.reference.intercept_bse, ...fair.reference.coef_bse];
    names.forEach((name: string, i: number) => {
      const row = new RegExp(`^${name}\\s+(-?[\\d.]+)\\s+([\\d.]+)`, "m").exec(output);
      expect(row, name).not.toBeNull();
      expect(Number(row![1])).toBeCloseTo(estimates[i], 4);
      expect(Number(row![2])).toBeCloseTo(errors[i], 4);
    });
    expect(numberAfter(output, "pseudo-R²")).toBeCloseTo(fair.reference.prsquared, 4);
    const probabilities = /P\(affair\) for rows 1-3: (.*)$/m.exec(output)![1].split(", ").map(Number);
    expect(probabilities).toHaveLength(3);
    for (const p of probabilities) expect(p > 0 && p < 1).toBe(true);
  },
  "save-and-load.mjs": (output) => {
    expect(output).toMatch(/format wasm-mle-model v1/);
    expect(output).toMatch(/predictions identical to the trainer's: true/);
    // the counts were made from log μ = 0.5 + 0.8a − 0.4b (times a bounded factor)
    expect(Math.abs(numberAfter(output, "coefficients: a") - 0.8)).toBeLessThan(0.15);
    expect(Math.abs(numberAfter(output, ", b") + 0.4)).toBeLessThan(0.15);
    const score = numberAfter(output, "deviance explained (score):");
    expect(score > 0 && score < 1).toBe(true);
  },
  "evaluate.mjs": (output) => {
    // ⌈0.25 · 1061⌉ = 266 test rows
    expect(numberAfter(output, "train")).toBe(795);
    expect(numberAfter(output, "test")).toBe(266);
    const matrix: number[][] = JSON.parse(/confusion matrix \(rows = true 0, 1\): (.*)$/m.exec(output)![1]);
    const total = matrix.flat().reduce((a, b) => a + b, 0);
    expect(total).toBe(266);
    // stratified: the test part keeps the data's share of affairs (343 of 1061)
    expect(matrix[1][0] + matrix[1][1]).toBe(Math.round((266 * 343) / 1061));
    expect(numberAfter(output, "accuracy")).toBeCloseTo((matrix[0][0] + matrix[1][1]) / total, 4);
    const auc = numberAfter(output, "ROC AUC");
    expect(auc > 0.6 && auc < 1).toBe(true);
    const logLoss = numberAfter(output, "log-loss");
    expect(logLoss > 0 && logLoss < Math.log(2)).toBe(true);
  },
};

describe("examples/", () => {
  it("has a check for every example", () => {
    expect(EXAMPLES.filter((name) => !(name in CHECKS))).toEqual([]);
    expect(Object.keys(CHECKS).filter((name) => !EXAMPLES.includes(name))).toEqual([]);
  });

  for (const name of EXAMPLES) {
    it.runIf(name in CHECKS)(`node examples/${name} prints what it claims`, () => {
      CHECKS[name](run(name));
    });
  }
});
