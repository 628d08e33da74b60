// The CLI's help, run in-process: every command, argument and option is described, and the
// defaults the help states are the ones the trainer really uses (bindings/options.ts), so the
// help cannot drift from what a flag left out does. Usage errors point to --help; --version prints
// the package's version.
import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { validateOptions } from "../../dist/options.js";
import { runInProcess } from "../helpers/cli-in-process.js";

const version = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")).version as string;

/** The entries of one section ("Options:", "Arguments:", "Commands:") of commander's help: term → description (wrapped lines joined). */
function section(help: string, title: string): Map<string, string> {
  const lines = help.split("\n");
  const start = lines.indexOf(title);
  expect(start, `${title} in the help`).toBeGreaterThan(-1);
  const entries = new Map<string, string>();
  let last: string | null = null;
  for (const line of lines.slice(start + 1)) {
    if (line.trim() === "") break;
    const entry = /^ {2}(\S(?:\S| (?! ))*)(?: {2,}(\S.*))?$/.exec(line);
    if (entry) {
      last = entry[1];
      entries.set(last, entry[2] ?? "");
    } else if (last !== null) entries.set(last, `${entries.get(last)} ${line.trim()}`);
  }
  return entries;
}

async function help(args: string[]): Promise<string> {
  const { code, stdout, stderr } = await runInProcess(args);
  expect(code).toBe(0);
  expect(stderr).toBe("");
  return stdout;
}

describe("--help", () => {
  test("wasm-mle: both commands, described; the exit codes", async () => {
    const top = await help(["--help"]);
    expect(top).toMatch(/^Usage: wasm-mle \[options\] \[command\]\n\nFit linear models and GLMs by maximum likelihood/);
    const commands = section(top, "Commands:");
    expect(commands.get("fit [options] <file.csv>")).toMatch(/^Fit a model to a CSV file/);
    expect(commands.get("predict [options] <model.json> <file.csv>")).toMatch(/^Predict with a model saved by fit --save/);
    expect(top).toMatch(/\nExit codes:\n {2}0 {2}the command ran/);
  });

  test.each([
    ["fit", ["file.csv"], 55],
    ["predict", ["model.json", "file.csv"], 7],
  ])("%s: a description for every argument and option", async (command, argumentNames, options) => {
    const text = await help([command, "--help"]);
    expect(text.split("\n")[2]).not.toBe("");
    const args = section(text, "Arguments:");
    expect([...args.keys()]).toEqual(argumentNames);
    const flags = section(text, "Options:");
    expect(flags.size).toBeGreaterThanOrEqual(options);
    for (const [term, description] of [...args, ...flags]) expect(description, term).toMatch(/\w{3}/);
    expect(text).toMatch(/\nExit codes:\n/);
  });

  test("the defaults fit's help states are the trainer's", async () => {
    const flags = section(await help(["fit", "--help"]), "Options:");
    const stated = (term: string) => /\(default: ([^;)]+)[;)]/.exec(flags.get(term) ?? "")?.[1].replace(/^"(.*)"$/, "$1");
    const defaults = validateOptions({});
    const checks: [string, unknown][] = [
      ["-f, --family <name>", defaults.family.name],
      ["-o, --optimizer <name>", defaults.optimizer],
      ["--learning-rate <eta>", String(defaults.learningRate)],
      ["--batch-size <n>", String(defaults.batchSize)],
      ["--epochs <n>", String(defaults.epochs)],
      ["--tolerance <tol>", String(defaults.tolerance)],
      ["--l2 <lambda>", String(defaults.l2)],
      ["--l1 <lambda>", String(defaults.l1)],
      ["--seed <n>", String(defaults.seed)],
      ["--sampling <mode>", defaults.sampling],
      ["--dtype <type>", defaults.dtype],
      ["--kernels <build>", defaults.kernels],
      ["--lbfgs-memory <m>", String(defaults.lbfgsMemory)],
      ["--collinear <mode>", defaults.collinear],
    ];
    // the defaults of options that only some optimizers take
    const rule = (optimizer: string) => validateOptions({ optimizer, earlyStopping: optimizer === "sgd" || undefined });
    checks.push(
      ["--schedule <kind>", rule("sgd").schedule?.kind],
      ["--momentum <mu>", String(rule("momentum").momentum)],
      ["--beta1 <b>", String(rule("adam").beta1)],
      ["--beta2 <b>", String(rule("adam").beta2)],
      ["--epsilon <eps>", String(rule("adagrad").epsilon)],
      ["--rho <rho>", String(rule("rmsprop").rho)],
      ["--weight-decay <wd>", String(rule("adamw").weightDecay)],
      ["--validation-fraction <f>", String(rule("sgd").earlyStopping?.validationFraction)],
      ["--validation-patience <n>", String(rule("sgd").earlyStopping?.patience)],
      ["--min-delta <d>", String(rule("sgd").earlyStopping?.minDelta)],
    );
    expect(flags.get("--epsilon <eps>")).toContain(`rmsprop, adam and adamw (${rule("adam").epsilon})`);
    for (const [term, value] of checks) expect(stated(term), term).toBe(value);
    expect(stated("--staging <where>")).toBe("file");
    expect(stated("--missing <mode>")).toBe("error");
    expect(stated("--delimiter <char>")).toBe("auto");
    expect(stated("--decimal <mark>")).toBe(".");
  });
});

describe("usage errors and --version", () => {
  test("an unknown option exits 2 and points to --help", async () => {
    const run = await runInProcess(["fit", "x.csv", "-t", "y", "--bogus"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/unknown option '--bogus'\n\(run with --help for usage\)\n$/);
    expect(run.stdout).toBe("");
  });

  test("--version prints the package's version and exits 0", async () => {
    expect(await help(["--version"])).toBe(`${version}\n`);
  });
});
