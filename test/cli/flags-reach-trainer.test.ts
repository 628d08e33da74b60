// Every numeric and choice flag of `fit` reaches its trainer option: the CLI's --json fit equals,
// bit for bit, the library's fit of the same rows with that option — and differs from the fit
// without the flag, so a flag that is dropped or sent to the wrong option cannot pass.
// In-process (run()), so fast.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { Trainer, type TrainerOptions } from "../../dist/index.js";
import { syntheticData } from "../helpers/fixtures.js";
import { runInProcess } from "../helpers/cli-in-process.js";

const scratch = mkdtempSync(join(tmpdir(), "wasm-mle-cli-flags-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const n = 60;
const { X, y } = syntheticData("gaussian", n, 3, 21);
// A fourth column 2·a: collinear with the first, for --collinear.
const rows = X.map((r, i) => [y[i], ...r, 2 * r[0]]);
const csv = join(scratch, "data.csv");
writeFileSync(csv, `y,a,b,c,twice_a\n${rows.map((r) => r.join(",")).join("\n")}\n`);
const features = ["a", "b", "c"];

async function cliFit(flags: string[], columns = features): Promise<{ coefficients: number[]; intercept: number; epochs: number; optimizer: string; kernels: string; dtype: string }> {
  const { code, stdout, stderr } = await runInProcess(["fit", csv, "-t", "y", "--features", columns.join(","), ...flags, "--json", "--no-summary"]);
  expect(code, stderr).toBe(0);
  const json = JSON.parse(stdout);
  return { ...json, coefficients: json.features.map((name: string) => json.coefficients[name]) };
}

async function libraryFit(options: TrainerOptions, columns = features) {
  const t = await Trainer.create(options);
  const index = columns.map((name) => ["a", "b", "c", "twice_a"].indexOf(name));
  const fit = t.fit(rows.map((r) => index.map((j) => r[1 + j])), y);
  t.dispose();
  return fit;
}

const base = ["-o", "sgd", "--epochs", "6", "--tolerance", "0", "--learning-rate", "0.02"];
const baseOptions: TrainerOptions = { optimizer: "sgd", epochs: 6, tolerance: 0, learningRate: 0.02 };

describe("fit's flags reach the trainer", () => {
  const cases: [string, string[], TrainerOptions][] = [
    ["--batch-size", ["--batch-size", "7"], { batchSize: 7 }],
    ["--seed", ["--seed", "11"], { seed: 11 }],
    ["--sampling", ["--sampling", "replacement"], { sampling: "replacement" }],
    ["--dtype", ["--dtype", "float32"], { dtype: "float32" }],
    ["--l2", ["--l2", "0.5"], { l2: 0.5 }],
    ["--no-intercept", ["--no-intercept"], { fitIntercept: false }],
  ];
  for (const [flag, flags, options] of cases) {
    test(`${flag}: sgd`, async () => {
      const cli = await cliFit([...base, ...flags]);
      const fit = await libraryFit({ ...baseOptions, ...options });
      const without = await libraryFit(baseOptions);
      expect(cli.coefficients).toEqual(Array.from(fit.coefficients));
      expect(cli.coefficients).not.toEqual(Array.from(without.coefficients));
    });
  }

  test("--json: no intercept term under --no-intercept, and droppedRows only with --missing drop", async () => {
    const run = async (flags: string[]) => JSON.parse((await runInProcess(["fit", csv, "-t", "y", "--features", features.join(","), ...flags, "--json"])).stdout);
    const withIntercept = await run(["-o", "newton"]);
    const without = await run(["-o", "newton", "--no-intercept"]);
    expect(withIntercept.summary.terms.map((t: { term: string }) => t.term)).toEqual(["(intercept)", ...features]);
    expect(without.summary.terms.map((t: { term: string }) => t.term)).toEqual(features);
    expect(withIntercept).not.toHaveProperty("droppedRows");
    // --no-summary: the table's rows are the fit's own parameters
    const table = async (flags: string[]) => (await runInProcess(["fit", csv, "-t", "y", "--features", features.join(","), "-o", "newton", "--no-summary", ...flags])).stdout;
    expect(await table([])).toMatch(/^\(intercept\)\s/m);
    expect(await table(["--no-intercept"])).not.toMatch(/\(intercept\)/);
    expect(await run(["-o", "newton", "--missing", "drop"])).toMatchObject({ droppedRows: { count: 0 } });
  });

  test("--kernels names the build that runs", async () => {
    for (const kernels of ["scalar", "simd"] as const) {
      const cli = await cliFit([...base, "--kernels", kernels]);
      expect(cli.kernels).toBe(kernels);
      expect(cli.coefficients).toEqual(Array.from((await libraryFit({ ...baseOptions, kernels })).coefficients));
    }
  });

  test("--patience and --tolerance decide when gd stops", async () => {
    const flags = ["-o", "gd", "--learning-rate", "0.1", "--epochs", "500", "--tolerance", "1e-3"];
    const one = await cliFit(flags);
    const five = await cliFit([...flags, "--patience", "5"]);
    expect(one.epochs).toBe((await libraryFit({ optimizer: "gd", learningRate: 0.1, epochs: 500, tolerance: 1e-3 })).epochs);
    expect(five.epochs).toBe((await libraryFit({ optimizer: "gd", learningRate: 0.1, epochs: 500, tolerance: 1e-3, patience: 5 })).epochs);
    expect(five.epochs).toBeGreaterThan(one.epochs);
  });

  test("--max-iterations and --lbfgs-memory reach lbfgs", async () => {
    const cli = await cliFit(["-o", "lbfgs", "--max-iterations", "2", "--lbfgs-memory", "1"]);
    const fit = await libraryFit({ optimizer: "lbfgs", maxIterations: 2, lbfgsMemory: 1 });
    expect(cli.optimizer).toBe("lbfgs");
    expect(cli.coefficients).toEqual(Array.from(fit.coefficients));
    expect(cli.epochs).toBe(fit.epochs);
    const longer = await cliFit(["-o", "lbfgs", "--max-iterations", "3", "--lbfgs-memory", "1"]);
    expect(longer.coefficients).not.toEqual(cli.coefficients);
  });

  test("--collinear drop fits without the collinear column; by default it is refused", async () => {
    const columns = [...features, "twice_a"];
    const dropped = await cliFit(["-o", "newton", "--collinear", "drop"], columns);
    const fit = await libraryFit({ optimizer: "newton", collinear: "drop" }, columns);
    expect(dropped.coefficients).toEqual(Array.from(fit.coefficients));
    const refused = await runInProcess(["fit", csv, "-t", "y", "--features", columns.join(","), "-o", "newton"]);
    expect(refused.code).toBe(1); // the fit failed (CollinearityError), not a usage error
    expect(refused.stderr).toMatch(/collinear/i);
  });
});
