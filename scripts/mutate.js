// npm run mutate: mutation testing, not part of CI (it takes an hour or more on 2 cores).
//   1. Stryker over bindings/, one run per group of scripts/mutate-groups.js (each with its own
//      incremental file and JSON report under reports/stryker/, so a stopped run keeps the groups
//      it finished and a later run re-tests only what changed);
//   2. the hand mutants of assembly/ (scripts/mutate-assembly.js);
//   3. the summary in reports/mutation-summary.md (scripts/mutate-report.js).
// Everything runs under `nice`, so the machine's other work goes first.
//   node scripts/mutate.js [group …] [--sample F [--seed S] [--lines FILE] [--files GLOB,…]] [--no-assembly] [--no-stryker]
// --files narrows the sample to the files matching the comma-separated globs (STRYKER_FILES).
// --sample F mutates a seeded fraction F of the code lines of all of bindings/ in one Stryker run
// (scripts/mutate-groups.js sampledRanges): an estimate of the score when a full run does not fit
// the time there is. --lines FILE adds the lines of FILE ("path:line" each, e.g. an earlier run's
// survivors) to the same run; the summary reports them apart.
import { spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { MUTATION_GROUPS } from "./mutate-groups.js";

const root = new URL("..", import.meta.url).pathname;
const args = process.argv.slice(2);
const option = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const sample = option("--sample");
const seed = option("--seed") ?? "1";
const lines = option("--lines");
const files = option("--files");
const groups = args.filter((a, i) => !a.startsWith("--") && !["--sample", "--seed", "--lines", "--files"].includes(args[i - 1]));
for (const group of groups) if (!(group in MUTATION_GROUPS)) throw new Error(`unknown group ${group}: expected one of ${Object.keys(MUTATION_GROUPS).join(", ")}`);

function step(label, command, commandArgs, env = {}) {
  console.log(`\n=== ${label}`);
  const started = Date.now();
  const result = spawnSync("nice", ["-n", "10", command, ...commandArgs], { cwd: root, stdio: "inherit", env: { ...process.env, ...env } });
  console.log(`=== ${label}: exit ${result.status} after ${((Date.now() - started) / 60_000).toFixed(1)} min`);
  return result.status === 0;
}

mkdirSync(`${root}reports/stryker`, { recursive: true });
let ok = true;
if (!args.includes("--no-stryker")) {
  if (sample !== undefined) {
    const env = { STRYKER_SAMPLE: sample, STRYKER_SEED: seed, ...(lines ? { STRYKER_EXTRA_LINES: lines } : {}), ...(files ? { STRYKER_FILES: files } : {}) };
    ok = step(`stryker: ${sample} of the lines (seed ${seed})${lines ? ` and the lines of ${lines}` : ""}`, "npx", ["stryker", "run"], env) && ok;
  }
  else for (const group of groups.length ? groups : Object.keys(MUTATION_GROUPS)) ok = step(`stryker: ${group}`, "npx", ["stryker", "run"], { STRYKER_GROUP: group }) && ok;
}
if (!args.includes("--no-assembly")) ok = step("assembly hand mutants", process.execPath, ["scripts/mutate-assembly.js"]) && ok;
ok = step("summary", process.execPath, ["scripts/mutate-report.js", ...(sample !== undefined ? ["--sample", sample, "--seed", seed] : []), ...(lines ? ["--lines", lines] : [])]) && ok;
process.exit(ok ? 0 : 1);
