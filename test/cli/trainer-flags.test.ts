// The flags bindings/cli/trainer-flags.ts adds (--schedule, the mini-batch rules' parameters,
// --average, --early-stopping and its parameters, --penalty-factor, --weights, the path's λ
// sequence and --cv's folds and measure): each reaches the library (the --json fit equals, bit for
// bit, the library's fit with that option, and differs from the fit without it), and each misuse
// is an error in CLI syntax. In-process (run()).
import { describe, expect, test } from "vitest";
import { Trainer, type TrainerOptions } from "../../dist/index.js";
import { syntheticData } from "../helpers/fixtures.js";
import { runInProcess } from "../helpers/cli-in-process.js";
import { scratchDirectory } from "../helpers/cli.js";

const scratch = scratchDirectory("trainer-flags");
const { X, y } = syntheticData("gaussian", 80, 3, 5);
const weights = X.map((_, i) => (i % 4) + 0.5);
const csv = scratch.file("data.csv", `y,a,b,c,w\n${X.map((r, i) => [y[i], ...r, weights[i]].join(",")).join("\n")}\n`);
const features = ["a", "b", "c"];

async function cliJson(flags: string[]) {
  const { code, stdout, stderr } = await runInProcess(["fit", csv, "-t", "y", "--features", features.join(","), ...flags, "--json", "--no-summary"]);
  expect(code, stderr).toBe(0);
  return JSON.parse(stdout);
}
const coefficientsOf = (json: { coefficients: Record<string, number> }) => features.map((name) => json.coefficients[name]);

async function library<T>(options: TrainerOptions, run: (t: Trainer) => T): Promise<T> {
  const t = await Trainer.create(options);
  try {
    return run(t);
  } finally {
    t.dispose();
  }
}
const libraryFit = (options: TrainerOptions, sampleWeight?: number[]) => library(options, (t) => Array.from(t.fit(X, y, { sampleWeight }).coefficients));

async function refusal(flags: string[]): Promise<string> {
  const run = await runInProcess(["fit", csv, "-t", "y", "--features", features.join(","), "-q", ...flags]);
  expect(run.code, run.stdout).toBe(2);
  return run.stderr;
}

const sgd = ["--epochs", "8", "--tolerance", "0", "--learning-rate", "0.05"];
const sgdOptions: TrainerOptions = { epochs: 8, tolerance: 0, learningRate: 0.05 };

describe("the flags reach the trainer", () => {
  const cases: [string, string[], TrainerOptions][] = [
    ["--schedule invscaling:power=0.5", ["-o", "sgd", "--schedule", "invscaling:power=0.5"], { optimizer: "sgd", schedule: { kind: "invscaling", power: 0.5 } }],
    ["--schedule step:every=2,factor=0.5", ["-o", "sgd", "--schedule", "step:every=2,factor=0.5"], { optimizer: "sgd", schedule: { kind: "step", every: 2, factor: 0.5 } }],
    ["--schedule cosine:warmup-steps=3,min-learning-rate=0.001", ["-o", "adam", "--schedule", "cosine:warmup-steps=3,min-learning-rate=0.001"], { optimizer: "adam", schedule: { kind: "cosine", warmupSteps: 3, minLearningRate: 0.001 } }],
    ["--momentum", ["-o", "momentum", "--momentum", "0.5"], { optimizer: "momentum", momentum: 0.5 }],
    ["--beta1 --beta2", ["-o", "adam", "--beta1", "0.8", "--beta2", "0.99"], { optimizer: "adam", beta1: 0.8, beta2: 0.99 }],
    ["--epsilon", ["-o", "adagrad", "--epsilon", "0.5"], { optimizer: "adagrad", epsilon: 0.5 }],
    ["--rho", ["-o", "rmsprop", "--rho", "0.5"], { optimizer: "rmsprop", rho: 0.5 }],
    ["--weight-decay", ["-o", "adamw", "--weight-decay", "2"], { optimizer: "adamw", weightDecay: 2 }],
    ["--average", ["-o", "sgd", "--average"], { optimizer: "sgd", average: true }],
    ["--average 20", ["-o", "sgd", "--average", "20"], { optimizer: "sgd", average: 20 }],
    ["--early-stopping", ["-o", "sgd", "--early-stopping", "--validation-fraction", "0.25", "--validation-patience", "2", "--min-delta", "0.01", "--no-restore-best"],
      { optimizer: "sgd", earlyStopping: { validationFraction: 0.25, patience: 2, minDelta: 0.01, restoreBest: false } }],
    ["--penalty-factor", ["-o", "sgd", "--l1", "0.05", "--penalty-factor", "a=0,c=2"], { optimizer: "sgd", l1: 0.05, penaltyFactor: [0, 1, 2] }],
    ["--penalty-factor with newton's ridge", ["-o", "newton", "--l2", "0.5", "--penalty-factor", "a=0"], { optimizer: "newton", l2: 0.5, penaltyFactor: [0, 1, 1] }],
  ];
  for (const [name, flags, options] of cases) {
    test(name, async () => {
      const cli = coefficientsOf(await cliJson([...sgd, ...flags]));
      expect(cli).toEqual(await libraryFit({ ...sgdOptions, ...options }));
      const without = { ...sgdOptions, optimizer: options.optimizer, l1: options.l1, l2: options.l2 };
      expect(cli).not.toEqual(await libraryFit(without));
    });
  }

  test("--weights: the column weights the rows and is not a feature", async () => {
    const json = await cliJson(["-o", "newton", "--weights", "w"]);
    expect(json.features).toEqual(features);
    expect(coefficientsOf(json)).toEqual(await libraryFit({ optimizer: "newton" }, weights));
    expect(coefficientsOf(json)).not.toEqual(await libraryFit({ optimizer: "newton" }));
    const all = JSON.parse((await runInProcess(["fit", csv, "-t", "y", "-o", "newton", "--weights", "w", "--json"])).stdout);
    expect(all.features).toEqual(features);
  });

  test("--path with --n-lambda, --lambda-min-ratio and --weights; --cv with --folds and --measure", async () => {
    const path = await cliJson(["--path", "--n-lambda", "6", "--lambda-min-ratio", "0.05", "--weights", "w"]);
    const expected = await library({}, (t) => t.fitPath(X, y, { nLambda: 6, lambdaMinRatio: 0.05, sampleWeight: weights }));
    expect(path.lambdas).toEqual(Array.from(expected.lambdas));
    expect(path.lambdas).toHaveLength(6);
    const cv = await cliJson(["--cv", "--folds", "4", "--measure", "mse", "--seed", "3"]);
    const cvExpected = await library({}, (t) => t.crossValidate(X, y, { folds: 4, measure: "mse", seed: 3 }));
    expect(cv).toMatchObject({ measure: "mse", lambdaMin: cvExpected.lambdaMin, mean: Array.from(cvExpected.mean) });
  });

  test("--level: the summary's intervals at that level, as the library's summary({ level })", async () => {
    const run = await runInProcess(["fit", csv, "-t", "y", "--features", features.join(","), "-o", "newton", "--level", "0.9", "--json"]);
    const json = JSON.parse(run.stdout);
    const expected = await library({ optimizer: "newton" }, (t) => t.fit(X, y).summary({ level: 0.9 }));
    expect(json.summary.level).toBe(0.9);
    expect(json.summary.terms.map((term: { ciLower: number }) => term.ciLower)).toEqual(expected.terms.map((term) => term.ciLower));
    const table = (await runInProcess(["fit", csv, "-t", "y", "--features", features.join(","), "-o", "newton", "--level", "0.9", "-q"])).stdout;
    expect(table).toMatch(/\[0\.05 +0\.95\]/);
  });
});

describe("misuse, in CLI syntax", () => {
  test.each([
    [["--schedule", "bogus"], /^wasm-mle: error: --schedule "bogus" is not a schedule; give constant, invscaling, optimal, step:every=<epochs>/],
    [["-o", "sgd", "--schedule", "step:evry=2"], /--schedule step takes every=<number>, factor=<number>; "evry=2" is not one of them\.\n$/],
    [["-o", "sgd", "--schedule", "constant:power=2"], /--schedule constant takes no parameters; "power=2" is not one of them/],
    [["-o", "sgd", "--schedule", "invscaling:power=0x1"], /--schedule invscaling:power= needs a decimal number such as 10, 0\.5 or 1e-4, got "0x1"/],
    [["-o", "sgd", "--schedule", "step:every=2,every=3"], /--schedule step gives every= twice/],
    [["-o", "sgd", "--schedule", "step"], /^wasm-mle: error: Invalid --schedule parameter every=: got undefined; expected an integer ≥ 1: epochs between reductions \(required by --schedule step\)\.\n$/],
    [["-o", "sgd", "--schedule", "optimal"], /: --schedule optimal is 1\/\(l2·\(t \+ t0\)\) and needs a penalty \(--l2\)\.\n$/],
    [["-o", "newton", "--schedule", "invscaling"], /\(--schedule\)\.\n$/],
    [["-o", "adam", "--momentum", "0.5"], /momentum is used only by optimizer "momentum", "nesterov", not by "adam" \(--momentum\)\.\n$/],
    [["-o", "sgd", "--average", "0.5"], /Invalid option average: got 0\.5; .* \(--average\)\.\n$/],
    [["-o", "sgd", "--validation-fraction", "0.2"], /^wasm-mle: error: --validation-fraction sets how --early-stopping stops; give --early-stopping too\.\n$/],
    [["-o", "sgd", "--no-restore-best"], /--no-restore-best sets how --early-stopping stops/],
    [["--early-stopping"], /--optimizer auto runs exact steps .* \(use --l2 to regularise it instead\) \(--early-stopping\)\.\n$/],
    [["-o", "sgd", "--early-stopping", "--validation-fraction", "1"], /Invalid option earlyStopping\.validationFraction: got 1; .* \(--validation-fraction\)\.\n$/],
    [["--alpha", "0.5"], /^wasm-mle: error: --alpha sets the λ sequence of --path and --cv; give one of them \(for one fit, give --l1 and --l2\)\.\n$/],
    [["--n-lambda", "5"], /--n-lambda sets the λ sequence of --path and --cv/],
    [["--path", "--folds", "3"], /^wasm-mle: error: --folds sets --cv's cross-validation; give --cv too\.\n$/],
    [["--path", "--save", "m.json"], /--save applies to one fit; --path fits a whole path of λ/],
    [["--cv", "-o", "sgd", "--early-stopping"], /--early-stopping applies to one fit; --cv fits a whole path of λ/],
    [["--cv", "--measure", "auc"], /Invalid option measure: got "auc"; .* \(--measure\)\.\n$/],
    [["-o", "cd", "--l1", "0.1", "--penalty-factor", "q=0"], /--penalty-factor "q" is not a feature; the features are "a", "b", "c"\.\n$/],
    [["-o", "cd", "--l1", "0.1", "--penalty-factor", "a"], /--penalty-factor takes name=factor pairs \(--penalty-factor x1=0,x2=2\), got "a"/],
    [["-o", "cd", "--l1", "0.1", "--penalty-factor", "a=1", "--penalty-factor", "a=0"], /--penalty-factor names "a" twice/],
    [["-o", "cd", "--l1", "0.1", "--penalty-factor", "a=0,b=0,c=0"], /Invalid option penaltyFactor: .* \(--penalty-factor\)\.\n$/],
    [["--weights", "y"], /--weights "y" is the target/],
    [["--weights", "a"], /--weights "a" is also in --features/],
    [["--weights", "v"], /--weights column "v" is not in .*; its columns are "y", "a", "b", "c", "w"/],
    [["--level", "1"], /^wasm-mle: error: --level 1 is not a confidence level; give a number between 0 and 1, such as 0\.9 or 0\.99\.\n$/],
    [["--level", "0.9", "--no-summary"], /--level sets the summary's confidence intervals; --no-summary leaves them out/],
    [["--path", "--level", "0.9"], /--level applies to one fit; --path fits a whole path of λ/],
  ])("%j", async (flags, message) => {
    expect(await refusal(flags)).toMatch(message);
  });

  test("--penalty-factor by a categorical column's name sets all its indicators", async () => {
    const file = scratch.file("levels.csv", `y,x,g\n${X.map((r, i) => `${y[i]},${r[0]},${"uvw"[i % 3]}`).join("\n")}\n`);
    const run = await runInProcess(["fit", file, "-t", "y", "-o", "cd", "--l1", "0.05", "--penalty-factor", "g=0", "--json"]);
    const json = JSON.parse(run.stdout);
    const encoded = X.map((r, i) => [r[0], i % 3 === 1 ? 1 : 0, i % 3 === 2 ? 1 : 0]);
    const expected = await library({ optimizer: "cd", l1: 0.05, penaltyFactor: [1, 0, 0] }, (t) => Array.from(t.fit(encoded, y).coefficients));
    expect(json.features).toEqual(["x", "g[T.v]", "g[T.w]"]);
    expect(json.features.map((name: string) => json.coefficients[name])).toEqual(expected);
  });

  test("--weights: a negative or unreadable weight names its row; a missing one is a missing value", async () => {
    const bad = scratch.file("bad-weights.csv", "y,x,w\n1,1,1\n2,2,-1\n3,3,2\n");
    expect((await runInProcess(["fit", bad, "-t", "y", "--weights", "w", "-q"])).stderr).toMatch(/data row 2 \(line 3\), column "w" is "-1", negative; a --weights column must hold numbers >= 0\.\n$/);
    const missing = scratch.file("missing-weights.csv", "y,x,w\n1,1,1\n2,2.5,NA\n3,3,2\n4,3.5,1\n");
    expect((await runInProcess(["fit", missing, "-t", "y", "--weights", "w", "-q"])).stderr).toMatch(/1 data row has a missing value .* in the target, the weights or a feature column: data row 2 \(line 3, column "w"\)/);
    const dropped = await runInProcess(["fit", missing, "-t", "y", "--weights", "w", "--missing", "drop", "--json"]);
    expect(JSON.parse(dropped.stdout)).toMatchObject({ n: 3, droppedRows: { count: 1 } });
  });
});

describe("flags the optimizer that ran does not use: a warning in CLI syntax", () => {
  test("the table and --json name the flags and -o", async () => {
    const run = await runInProcess(["fit", csv, "-t", "y", "-o", "newton", "--epochs", "5", "--batch-size", "8", "-q"]);
    expect(run.code).toBe(0);
    const warnings = run.stdout.split("\n").filter((line) => line.startsWith("warning: "));
    expect(warnings).toEqual([
      "warning: --epochs is not used by -o newton: it stops by --max-iterations and --tolerance.",
      "warning: --batch-size is not used by -o newton: it uses all rows in every iteration.",
    ]);
    const json = JSON.parse((await runInProcess(["fit", csv, "-t", "y", "--learning-rate", "0.1", "--json"])).stdout);
    const expected = ["--learning-rate is not used by -o newton (what -o auto chose): it takes Newton steps, halved until the objective falls."];
    expect(json.warnings).toEqual(expected);
    expect(json.summary.warnings).toEqual(expected);
    const noSummary = await cliJson(["-o", "sgd", "--max-iterations", "3", "--lbfgs-memory", "2"]);
    expect(noSummary.warnings).toEqual([
      "--max-iterations is not used by -o sgd: it stops by --epochs, --tolerance and --patience.",
      "--lbfgs-memory is not used by -o sgd: only lbfgs keeps correction pairs.",
    ]);
  });

  test("--path and --cv fit by coordinate descent: -o and the epoch flags are warned about; --cv uses --seed", async () => {
    const path = await runInProcess(["fit", csv, "-t", "y", "--path", "--n-lambda", "3", "-o", "sgd", "--epochs", "3", "--seed", "2"]);
    expect(path.stdout.split("\n").filter((line) => line.startsWith("warning: "))).toEqual([
      "warning: -o sgd is not used by --path (coordinate descent).",
      "warning: --epochs is not used by --path (coordinate descent): it stops by --max-iterations and --tolerance.",
      "warning: --seed is not used by --path (coordinate descent): it draws nothing at random (seed draws shuffled or resampled mini-batches and the --early-stopping split).",
    ]);
    const cv = await cliJson(["--cv", "--folds", "3", "--seed", "2", "--learning-rate", "0.1"]);
    expect(cv.warnings).toEqual(["--learning-rate is not used by --cv (coordinate descent): it minimises over one coefficient at a time exactly."]);
    expect((await cliJson(["--path", "--n-lambda", "3"])).warnings).toEqual([]);
  });

  test("flags the optimizer uses, and defaults, give no such warning", async () => {
    for (const flags of [["-o", "sgd", "--epochs", "5", "--batch-size", "8", "--seed", "2"], ["-o", "newton", "--max-iterations", "20"], []]) {
      expect((await cliJson(flags)).warnings.filter((w: string) => / is not used by /.test(w)), flags.join(" ")).toEqual([]);
    }
  });
});
