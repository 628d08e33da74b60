// The CLI's --json output of a multinomial fit with several features (issue 8, item 13): each
// feature's coefficients are listed per class as the library's feature-major layout says
// (feature j, class c at j·K + c). With one feature, as in test/cli.test.ts, a class-major read
// (c·d + j) gives the same numbers, so that bug survived; three features tell the layouts apart.
// The CLI runs both in a child process (as a user runs it) and in-process through run(), which
// lets mutation testing see which lines the checks reach.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { Trainer } from "../../dist/index.js";
import { runInProcess } from "../helpers/cli-in-process.js";
import { syntheticData } from "../helpers/fixtures.js";

const root = new URL("../..", import.meta.url).pathname;
const scratch = mkdtempSync(join(tmpdir(), "wasm-mle-cli-json-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const K = 3;
const names = ["age", "income", "score"];
const { X, y } = syntheticData("multinomial", 150, names.length, 8, K);
// String(x) round-trips every double, so the CLI fits exactly the numbers the library fits here.
const csv = join(scratch, "three-features.csv");
writeFileSync(csv, [[...names, "choice"].join(","), ...X.map((row, i) => [...row.map(String), y[i]].join(","))].join("\n") + "\n");

const cases = [
  { label: "newton with l2 (symmetric form: every class non-zero)", flags: ["-o", "newton", "--l2", "0.01"], options: { optimizer: "newton" as const, l2: 0.01 } },
  { label: "gd without a penalty", flags: ["-o", "gd", "--learning-rate", "0.5", "--epochs", "300"], options: { optimizer: "gd" as const, learningRate: 0.5, epochs: 300 } },
];

async function libraryFit(options: (typeof cases)[number]["options"]) {
  const trainer = await Trainer.create({ family: "multinomial", classes: K, ...options });
  const fit = trainer.fit(X, y);
  const summary = fit.summary();
  trainer.dispose();
  return { fit, summary };
}

function cliArgs(flags: string[]): string[] {
  return ["fit", csv, "-t", "choice", "-f", "multinomial", "--classes", String(K), ...flags, "--json"];
}

function expectSameFit(json: Record<string, any>, fit: Awaited<ReturnType<typeof libraryFit>>["fit"], summary: Awaited<ReturnType<typeof libraryFit>>["summary"]) {
  expect(json.features).toEqual(names);
  expect(json.classes).toBe(K);
  expect(json.intercept).toEqual(Array.from(fit.intercept));
  names.forEach((name, j) => {
    expect(json.coefficients[name], name).toEqual(Array.from({ length: K }, (_, c) => fit.coefficients[j * K + c]));
  });
  // The layouts really differ on these numbers (a class-major read would not match).
  const classMajor = names.map((_, j) => Array.from({ length: K }, (_, c) => fit.coefficients[c * names.length + j]));
  expect(names.map((name) => json.coefficients[name])).not.toEqual(classMajor);
  // The summary block carries the library summary's terms in order, each with its class.
  expect(json.summary.terms.map((t: { classIndex: number }) => t.classIndex)).toEqual(summary.terms.map((t) => t.output));
  json.summary.terms.forEach((t: Record<string, number>, i: number) => {
    expect(t.estimate).toBe(summary.terms[i].estimate);
    expect(t.stdError).toBe(summary.terms[i].stdError);
  });
}

describe("wasm-mle fit --json, multinomial with three features", () => {
  for (const { label, flags, options } of cases) {
    test(`${label}: child process`, async () => {
      const child = spawnSync(process.execPath, [join(root, "bin", "wasm-mle.js"), ...cliArgs(flags)], { cwd: root, encoding: "utf8", timeout: 60_000 });
      expect(child.stderr).toBe("");
      expect(child.status).toBe(0);
      const { fit, summary } = await libraryFit(options);
      expectSameFit(JSON.parse(child.stdout), fit, summary);
    });

    test(`${label}: in-process run()`, async () => {
      const { code, stdout } = await runInProcess(cliArgs(flags));
      expect(code).toBe(0);
      const { fit, summary } = await libraryFit(options);
      expectSameFit(JSON.parse(stdout), fit, summary);
    });
  }
});

describe("the CLI in-process: the table's figures, standardisation and input errors", () => {
  test("the table reports the fit's objective and the summary's AIC and BIC", async () => {
    const { code, stdout } = await runInProcess(["fit", csv, "-t", "choice", "-f", "multinomial", "--classes", String(K), "-o", "newton", "--l2", "0.01"]);
    expect(code).toBe(0);
    const { fit, summary } = await libraryFit({ optimizer: "newton", l2: 0.01 });
    const figure = (name: string) => Number(stdout.match(new RegExp(`^${name}\\s+(\\S+)`, "m"))?.[1]);
    expect(Math.abs(figure("objective") - fit.objective) / fit.objective).toBeLessThan(1e-9);
    expect(Math.abs(figure("AIC") - summary.aic) / summary.aic).toBeLessThan(1e-7);
    expect(Math.abs(figure("BIC") - summary.bic) / summary.bic).toBeLessThan(1e-7);
  });

  test("--standardize maps the coefficients back: an exact linear relation is recovered on the original scale", async () => {
    const exact = join(scratch, "exact.csv");
    const rows = Array.from({ length: 40 }, (_, i) => [i / 4, Math.sin(i) * 50 + 100]);
    writeFileSync(exact, ["a,b,y", ...rows.map(([a, b]) => `${a},${b},${1 + 2 * a - 0.03 * b}`)].join("\n") + "\n");
    const { code, stdout } = await runInProcess(["fit", exact, "-t", "y", "-o", "gd", "--standardize", "--learning-rate", "0.5", "--epochs", "20000", "--tolerance", "0", "--json"]);
    expect(code).toBe(0);
    const json = JSON.parse(stdout);
    expect(Math.abs(json.intercept - 1)).toBeLessThan(1e-9);
    expect(Math.abs(json.coefficients.a - 2)).toBeLessThan(1e-9);
    expect(Math.abs(json.coefficients.b + 0.03)).toBeLessThan(1e-9);
  });

  test("--standardize reaches every optimizer as the trainer's standardize: true, standard errors included; --path takes it", async () => {
    const runs = [
      { flags: ["-o", "newton"], options: { optimizer: "newton" as const } },
      { flags: ["-o", "lbfgs", "--l2", "0.01"], options: { optimizer: "lbfgs" as const, l2: 0.01 } },
      { flags: ["-o", "sgd", "--epochs", "5", "--seed", "3"], options: { optimizer: "sgd" as const, epochs: 5, seed: 3 } },
      { flags: ["-o", "adam", "--epochs", "5", "--l2", "0.01"], options: { optimizer: "adam" as const, epochs: 5, l2: 0.01 } },
      { flags: ["-o", "cd", "--l1", "0.01"], options: { optimizer: "cd" as const, l1: 0.01 } },
    ];
    for (const { flags, options } of runs) {
      const { code, stdout, stderr } = await runInProcess(cliArgs([...flags, "--standardize"]));
      expect(code, stderr).toBe(0);
      const json = JSON.parse(stdout);
      const { fit, summary } = await libraryFit({ ...options, standardize: true } as (typeof cases)[number]["options"]);
      names.forEach((name, j) => json.coefficients[name].forEach((w: number, c: number) => expect(w).toBe(fit.coefficients[j * K + c])));
      expect(json.objective).toBe(fit.objective);
      if (options.optimizer !== "cd") {
        expect(json.summary.terms.map((t: { stdError: number }) => t.stdError)).toEqual(summary.terms.map((t) => t.stdError));
      }
    }
    const path = await runInProcess(cliArgs(["--path", "--standardize"]));
    expect(path.code, path.stderr).toBe(0);
    expect(path.stdout).toBe((await runInProcess(cliArgs(["--path"]))).stdout);
  });

  test("a value the family refuses names its data row, CSV line and column; a missing target lists the columns (exit 2)", async () => {
    const counts = join(scratch, "counts.csv");
    writeFileSync(counts, "x,z,y\n1,5,0\n2,6,1\n3,7,2\n");
    const refused = await runInProcess(["fit", counts, "-t", "y", "-f", "bernoulli", "-o", "gd"]);
    expect(refused.code).toBe(2);
    expect(refused.stdout).toBe("");
    expect(refused.stderr).toMatch(/y\[2\] = 2: bernoulli needs y to be 0 or 1 \(data row 3, line 4, column "y"\)/);
    const missing = await runInProcess(["fit", counts, "-t", "w", "-o", "gd"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/target column "w" is not in .*; its columns are "x", "z", "y"/);
  });
});
