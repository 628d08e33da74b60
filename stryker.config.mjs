// Mutation testing of bindings/ (npm run mutate; not part of CI). See test/MUTATION.md for how to
// read the result, scripts/mutate.js for the order of the runs and scripts/mutate-assembly.js for
// the hand mutants of assembly/.
// Sized for a shared 2-core machine: the vitest runner with per-test coverage runs only the tests
// that reach each mutant and stops at the first failing one; two runners; static mutants (module
// top-level code, which would need every test re-run from a fresh process) are left out; a mutant
// that loops forever is stopped after 1.5× its tests' own time plus 10 s; incremental mode reuses
// the results of unchanged mutants and tests. STRYKER_GROUP (scripts/mutate-groups.js) picks one
// group of files; without it every file of bindings/ is mutated in one run. STRYKER_SAMPLE=0.3
// mutates a seeded 30 % of the code lines instead (STRYKER_SEED, default 1; scripts/mutate-groups.js).
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { MUTATION_GROUPS, globToRegExp, groupFiles, sampledRanges } from "./scripts/mutate-groups.js";

const root = new URL(".", import.meta.url).pathname;
const group = process.env.STRYKER_GROUP;
if (group !== undefined && !(group in MUTATION_GROUPS)) throw new Error(`STRYKER_GROUP=${group}: expected one of ${Object.keys(MUTATION_GROUPS).join(", ")}`);
const sample = process.env.STRYKER_SAMPLE === undefined ? null : Number(process.env.STRYKER_SAMPLE);
if (sample !== null && !(sample > 0 && sample <= 1)) throw new Error(`STRYKER_SAMPLE=${process.env.STRYKER_SAMPLE}: expected a fraction of lines in (0, 1]`);
const seed = process.env.STRYKER_SEED ?? "1";
const allFiles = group ? groupFiles(root, group) : Object.keys(MUTATION_GROUPS).flatMap((g) => groupFiles(root, g));
// STRYKER_FILES: comma-separated globs ("bindings/cli/**/*.ts,bindings/worker/*.ts") narrowing the
// files to mutate, e.g. to one part of bindings/ while its tests are written; with STRYKER_SAMPLE the
// sample is drawn from those files only.
const fileGlobs = process.env.STRYKER_FILES ? process.env.STRYKER_FILES.split(",").map((g) => g.trim()).filter(Boolean) : null;
const files = fileGlobs ? allFiles.filter((file) => fileGlobs.some((glob) => globToRegExp(glob).test(file))) : allFiles;
if (fileGlobs && files.length === 0) throw new Error(`STRYKER_FILES=${process.env.STRYKER_FILES}: matches no file of bindings/`);
// STRYKER_EXTRA_LINES: a file of "path:line" lines mutated besides the sample (e.g. the lines of
// an earlier run's survivors), so that one run, with one initial test run, measures both;
// scripts/mutate-report.js --lines reports them apart.
const extraFile = process.env.STRYKER_EXTRA_LINES;
const extra = extraFile ? extraLines(extraFile) : [];
const mutate = sample === null ? files : [...new Set([...sampledRanges(root, files, sample, seed), ...extra])];
const filesTag = fileGlobs ? `-files-${fileGlobs.join("+").replace(/[^\w+.-]+/g, "_")}` : "";
const name = `${group ?? "all"}${filesTag}${sample === null ? "" : `-sample${sample}-seed${seed}`}${extraFile ? `-plus-${basename(extraFile).replace(/\.[^.]*$/, "")}` : ""}`;

function extraLines(file) {
  return readFileSync(file, "utf8").split("\n").filter((line) => line.trim() !== "").map((line) => {
    const [, path, number] = /^(.+):(\d+)$/.exec(line.trim()) ?? [];
    if (!path) throw new Error(`${file}: "${line}" is not path:line`);
    return `${path}:${number}-${number}`;
  });
}

/** @type {import("@stryker-mutator/api/core").PartialStrykerOptions} */
export default {
  testRunner: "vitest",
  vitest: { configFile: "vitest.stryker.config.ts", related: false },
  coverageAnalysis: "perTest",
  plugins: ["@stryker-mutator/vitest-runner", "./scripts/stryker-ignore-messages.js"],
  ignorers: ["error-message-prose"],
  ignoreStatic: true,
  mutate,
  // The sandbox holds the git-tracked files only: build the wasm, embed it and compile dist/
  // there once (see the script); the in-process tests run the mutated sources themselves.
  buildCommand: "node scripts/mutate-sandbox-build.js",
  disableTypeChecks: "bindings/**/*.ts",
  ignorePatterns: ["dist", "bench/results", "reports"],
  // a group may match no file (e.g. "other", for files added later)
  allowEmpty: true,
  concurrency: 2,
  // the first run of the whole suite, with coverage counters, on a busy machine
  dryRunTimeoutMinutes: 30,
  timeoutMS: 10_000,
  timeoutFactor: 1.5,
  incremental: true,
  incrementalFile: `reports/stryker/${name}.incremental.json`,
  reporters: ["clear-text", "progress", "json"],
  jsonReporter: { fileName: `reports/stryker/${name}.mutation.json` },
  clearTextReporter: { allowColor: false, logTests: false, maxTestsToLog: 0 },
  thresholds: { high: 90, low: 85, break: null },
  tempDirName: ".stryker-tmp",
  cleanTempDir: "always",
};
