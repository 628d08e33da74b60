// npm run mutate: mutation testing, not part of CI (it takes an hour or more on 2 cores).
//   1. Stryker over bindings/, one run per group of scripts/mutate-groups.js (each with its own
//      incremental file and JSON report under reports/stryker/, so a stopped run keeps the groups
//      it finished and a later run re-tests only what changed);
//   2. the hand mutants of assembly/ (scripts/mutate-assembly.js);
//   3. the summary in reports/mutation-summary.md (scripts/mutate-report.js).
// Everything runs under `nice`, so the machine's other work goes first.
//   node scripts/mutate.js [group …] [--no-assembly] [--no-stryker]
import { spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { MUTATION_GROUPS } from "./mutate-groups.js";

const root = new URL("..", import.meta.url).pathname;
const args = process.argv.slice(2);
const groups = args.filter((a) => !a.startsWith("--"));
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
  for (const group of groups.length ? groups : Object.keys(MUTATION_GROUPS)) {
    ok = step(`stryker: ${group}`, "npx", ["stryker", "run"], { STRYKER_GROUP: group }) && ok;
  }
}
if (!args.includes("--no-assembly")) ok = step("assembly hand mutants", process.execPath, ["scripts/mutate-assembly.js"]) && ok;
ok = step("summary", process.execPath, ["scripts/mutate-report.js"]) && ok;
process.exit(ok ? 0 : 1);
