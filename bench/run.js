// Entry point of `npm run bench`: runs the scenarios, prints a markdown report stamped with the
// machine, and writes it to bench/results/. Usage:
//   node bench/run.js [--quick] [--only sgd-grid,memory] [--rows 100000] [--features 32,256]
//                     [--batches 32,256] [--dtypes float32,float64] [--memory-rows 1000000] [--out path.md]
//                     [--optimizers momentum,adagrad]  (sgd-vs-previous: the update rules to time; default sgd)
// BENCH_QUICK=1 is the same as --quick (small n, for development and CI smoke runs).
// Exit code 1 when a correctness check fails; speed targets only print ✓/✗ unless BENCH_STRICT=1.
// A new scenario is a module in bench/scenarios/ exporting { id, title, run(context) } that
// returns { sections: markdown[], outcomes: outcome[] }; add it to SCENARIOS.
import os from "node:os";
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import { machineStamp } from "./lib/machine.js";
import { outcomesTable, renderReport, writeReport } from "./lib/report.js";
import sgdGrid from "./scenarios/sgd-grid.js";
import memory from "./scenarios/memory.js";
import exactFits from "./scenarios/exact-fits.js";
import cliStream from "./scenarios/cli-stream.js";
import lbfgsStress from "./scenarios/lbfgs-stress.js";
import stream from "./scenarios/stream.js";
import sgdVsPrevious from "./scenarios/sgd-vs-previous.js";
import exactVsPrevious from "./scenarios/exact-vs-previous.js";
import path from "./scenarios/path.js";
import optimizers from "./scenarios/optimizers.js";
import optimizersConvergence from "./scenarios/optimizers-convergence.js";

/** The optimizers --optimizers takes (sgd-vs-previous times each; the default is sgd alone). */
const EPOCH_RULES = ["sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "adamw"];
const SCENARIOS = [sgdGrid, memory, exactFits, lbfgsStress, cliStream, stream, sgdVsPrevious, exactVsPrevious, path, optimizers, optimizersConvergence];

/** Bad command-line input: say what was wrong and stop, without a stack trace. */
function usageError(message) {
  console.error(`bench: ${message}`);
  process.exit(2);
}

const OPTIONS = {
  quick: { type: "boolean", default: false },
  only: { type: "string" },
  rows: { type: "string" },
  features: { type: "string" },
  batches: { type: "string" },
  dtypes: { type: "string" },
  optimizers: { type: "string" },
  "memory-rows": { type: "string" },
  out: { type: "string" },
};

let parsed;
try {
  parsed = parseArgs({ options: OPTIONS });
} catch (error) {
  usageError(error.message);
}
const { values } = parsed;

function list(option, parse) {
  const raw = values[option];
  if (raw === undefined) return undefined;
  const items = raw.split(",").map((s) => s.trim()).filter(Boolean).map(parse);
  if (items.length === 0) usageError(`--${option} needs a comma-separated list`);
  return items;
}

function positiveInteger(option) {
  return (s) => {
    const v = Number(s);
    if (!Number.isInteger(v) || v < 1) usageError(`--${option}: ${JSON.stringify(s)} is not an integer ≥ 1`);
    return v;
  };
}

const quick = values.quick || ["1", "true"].includes(process.env.BENCH_QUICK ?? "");
const strict = ["1", "true"].includes(process.env.BENCH_STRICT ?? "");
const overrides = {
  rows: list("rows", positiveInteger("rows")),
  features: list("features", positiveInteger("features")),
  batches: list("batches", positiveInteger("batches")),
  dtypes: list("dtypes", (s) => {
    if (s !== "float32" && s !== "float64") usageError(`--dtypes: ${JSON.stringify(s)} is not float32 or float64`);
    return s;
  }),
  memoryRows: list("memory-rows", positiveInteger("memory-rows"))?.[0],
  optimizers: list("optimizers", (s) => {
    if (!EPOCH_RULES.includes(s)) usageError(`--optimizers: ${JSON.stringify(s)} is not one of ${EPOCH_RULES.join(", ")}`);
    return s;
  }),
};
const only = list("only", (s) => {
  if (!SCENARIOS.some((scenario) => scenario.id === s)) usageError(`--only: unknown scenario ${s} (known: ${SCENARIOS.map((x) => x.id).join(", ")})`);
  return s;
});
const selected = SCENARIOS.filter((scenario) => !only || only.includes(scenario.id));
const customised = only !== undefined || Object.values(overrides).some((v) => v !== undefined);

const packageRoot = new URL("../", import.meta.url);
const stamp = machineStamp(packageRoot);
const mode = quick ? "quick (BENCH_QUICK / --quick: small n, fewer samples)" : customised ? "custom (see command line)" : "full";
const defaultOut = quick ? "results/quick.md" : customised ? "results/custom.md" : "results/latest.md";
const outPath = values.out ?? fileURLToPath(new URL(defaultOut, import.meta.url));
const log = (line) => console.error(line);

const sections = [];
const outcomes = [];
for (const scenario of selected) {
  log(`# ${scenario.title}`);
  const started = performance.now();
  const result = await scenario.run({ quick, overrides, log });
  log(`# ${scenario.title}: ${((performance.now() - started) / 1000).toFixed(1)} s`);
  sections.push(...result.sections);
  outcomes.push(...result.outcomes);
}

stamp.loadAverageEnd = os.loadavg().map((v) => v.toFixed(2)).join(" / ");
const markdown = renderReport({ stamp, mode, sections, outcomes });
console.log(markdown);
writeReport(outPath, markdown);
log(`wrote ${outPath}`);

const failedChecks = outcomes.filter((o) => o.kind === "check" && !o.pass);
const missedTargets = outcomes.filter((o) => o.kind === "target" && !o.pass);
if (failedChecks.length || missedTargets.length) {
  log(`\n${failedChecks.length} check(s) failed, ${missedTargets.length} target(s) missed:\n${outcomesTable([...failedChecks, ...missedTargets])}`);
}
if (failedChecks.length || (strict && missedTargets.length)) process.exitCode = 1;
