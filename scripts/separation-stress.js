// Offline stress run of the existence checks (issue 8, item 7): seeded separation problems
// (test/reliability/stress-problems.js separationProblem), each labelled by the exact LP test of
// scripts/separation-lp.py in float64 and float32, fitted by every optimizer with its defaults in
// both dtypes. A miss: the LP finds no finite MLE and the fit does not throw SeparationError; a
// false alarm: the LP finds one and the fit throws it. Not part of CI (minutes on 2 cores).
//   node scripts/separation-stress.js [--count N] [--seed S] [--relabel] [--only i,j,…] [--suite separation|lbfgs]
// --suite lbfgs takes instead the non-gaussian problems of the L-BFGS stress suite (stressProblem,
// 400 by default, seed 20261201) with their penalty dropped (the check runs only without one):
// the problems the previous offline run used; labels in reports/, report reports/separation-stress-lbfgs.md.
// Needs `npm run build` (it fits through dist/). The LP labels are cached in
// test/fixtures/separation_stress_lp.json (the reproductions' test reads them); --relabel, or a
// count or seed they do not cover, reruns /usr/bin/python3 scripts/separation-lp.py.
// Writes reports/separation-stress.md (unless --only).
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { SeparationError, Trainer } from "../dist/index.js";
import { separationProblem, stressProblem } from "../test/reliability/stress-problems.js";

const root = new URL("..", import.meta.url).pathname;
const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const suite = option("--suite", "separation");
if (!["separation", "lbfgs"].includes(suite)) throw new Error(`--suite ${suite}: expected separation or lbfgs`);
const count = Number(option("--count", suite === "lbfgs" ? "400" : "600"));
const seed = Number(option("--seed", suite === "lbfgs" ? "20261201" : "20261202"));
const only = option("--only", null)?.split(",").map(Number) ?? null;
const OPTIMIZERS = ["newton", "lbfgs", "gd", "sgd"];
const DTYPES = ["float64", "float32"];
const labelsFile = join(root, suite === "lbfgs" ? "reports/separation-stress-lbfgs-labels.json" : "test/fixtures/separation_stress_lp.json");
const reportFile = join(root, suite === "lbfgs" ? "reports/separation-stress-lbfgs.md" : "reports/separation-stress.md");

const problems = Array.from({ length: count }, (_, index) => {
  if (suite === "separation") return separationProblem(index, seed);
  const problem = stressProblem(index, seed);
  return problem.family === "gaussian" ? null : { ...problem, l2: 0, describe: `${problem.describe.replace(/, l2 [^,]+/, "")} (l2 dropped)` };
});

function lpLabels() {
  if (!args.includes("--relabel") && existsSync(labelsFile)) {
    const cached = JSON.parse(readFileSync(labelsFile, "utf8"));
    if (cached.seed === seed && cached.labels.length >= count) return cached;
  }
  const scratch = mkdtempSync(join(tmpdir(), "separation-lp-"));
  try {
    const input = join(scratch, "problems.json");
    const output = join(scratch, "labels.json");
    writeFileSync(input, JSON.stringify(problems.filter(Boolean).map((p) => ({ id: p.id, family: p.family, classes: p.classes, n: p.n, d: p.d, X: Array.from(p.X), y: Array.from(p.y), fitIntercept: p.fitIntercept }))));
    execFileSync("/usr/bin/python3", [join(root, "scripts/separation-lp.py"), input, output], { stdio: "inherit" });
    const labelled = JSON.parse(readFileSync(output, "utf8"));
    // One label per index (null where the suite has no problem), as the tests index them.
    const byId = new Map(labelled.labels.map((label) => [label.id, label]));
    labelled.labels = problems.map((p) => (p ? byId.get(p.id) : null));
    const fixture = {
      name: "separation_stress_lp",
      description: `Exact LP separation verdicts of test/reliability/stress-problems.js ${suite === "lbfgs" ? "stressProblem (non-gaussian, l2 dropped)" : "separationProblem"}(index, seed), float64 and float32`,
      source: { tool: labelled.tool, script: "scripts/separation-lp.py", driver: "scripts/separation-stress.js --relabel" },
      versions: labelled.versions,
      seed,
      labels: labelled.labels,
    };
    writeFileSync(labelsFile, JSON.stringify(fixture) + "\n");
    return fixture;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

async function outcomeOf(problem, optimizer, dtype) {
  const trainer = await Trainer.create({ family: problem.family, classes: problem.classes, optimizer, dtype, fitIntercept: problem.fitIntercept });
  try {
    trainer.fit({ data: problem.X, rows: problem.n, cols: problem.d }, problem.y, problem.weights ? { sampleWeight: problem.weights } : {});
    return "fitted";
  } catch (error) {
    if (error instanceof SeparationError) return `separation (${error.detectedBy})`;
    return error?.name ?? String(error);
  } finally {
    trainer.dispose();
  }
}

const labels = lpLabels().labels;
const indices = only ?? problems.flatMap((p, i) => (p ? [i] : []));
const tally = {};
const misses = [];
const started = Date.now();
for (const i of indices) {
  const problem = problems[i];
  for (const dtype of DTYPES) {
    const verdict = labels[i][dtype].verdict;
    if (verdict === "unsure") continue;
    for (const optimizer of OPTIMIZERS) {
      const outcome = await outcomeOf(problem, optimizer, dtype);
      const refused = outcome.startsWith("separation");
      const key = `${dtype} ${optimizer}`;
      const row = (tally[key] ??= { separated: 0, missed: 0, missedLoudly: 0, overlapping: 0, falseAlarms: 0 });
      if (verdict === "separated") {
        row.separated++;
        if (!refused) {
          if (outcome === "fitted") row.missed++;
          else row.missedLoudly++;
          misses.push(`${key}: ${problem.describe} (LP ${labels[i][dtype].lp.toExponential(2)}): ${outcome}`);
        }
      } else {
        row.overlapping++;
        if (refused) {
          row.falseAlarms++;
          misses.push(`${key}: FALSE ALARM ${problem.describe} (LP ${labels[i][dtype].lp.toExponential(2)}): ${outcome}`);
        }
      }
    }
  }
}
const seconds = ((Date.now() - started) / 1000).toFixed(0);
const table = [
  "| dtype, optimizer | separated (LP) | missed: fitted | missed: other error | not separated (LP) | false alarms |",
  "|---|---|---|---|---|---|",
  ...Object.entries(tally).map(([key, r]) => `| ${key} | ${r.separated} | ${r.missed} | ${r.missedLoudly} | ${r.overlapping} | ${r.falseAlarms} |`),
].join("\n");
console.log(table);
for (const line of misses) console.log(line);
console.log(`${indices.length} problems in ${seconds} s`);
if (!only) {
  let commit = "unknown";
  try {
    commit = execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: root, encoding: "utf8" }).trim();
  } catch {}
  writeFileSync(
    reportFile,
    `# Existence checks: offline separation stress run${suite === "lbfgs" ? " on the L-BFGS stress suite's problems" : ""}\n\n` +
      `Written by \`node scripts/separation-stress.js --suite ${suite} --count ${count} --seed ${seed}\` on ${new Date().toISOString().slice(0, 16)} UTC at commit ${commit} ` +
      `(${seconds} s). Problems: \`${suite === "lbfgs" ? "stressProblem (non-gaussian, penalty dropped)" : "separationProblem"}\` in test/reliability/stress-problems.js; reference: the exact LP test of ` +
      `scripts/separation-lp.py (scipy HiGHS; labels in ${relative(root, labelsFile)}). Every optimizer with its defaults ` +
      `(gd/sgd: learning rate 0.1, 100 epochs), no penalty.\n\n${table}\n\n` +
      `## Misses and false alarms\n\n${misses.length ? misses.map((m) => `- ${m}`).join("\n") : "None."}\n`,
  );
}
