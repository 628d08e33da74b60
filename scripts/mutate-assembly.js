// Hand mutants of assembly/ (npm run mutate, after Stryker; not part of CI): plants each patch of
// scripts/assembly-mutants.js in turn, type-checks it for both targets, runs the as-pect specs (which
// compile the kernels themselves) and, only if they all pass, rebuilds everything vitest loads (both
// wasm targets, the embedded binaries, dist/ and the browser bundle) and runs vitest (stopping at the
// first failing test); then restores the file, whatever happens. A mutant is killed when a
// suite fails or hangs past the time limit. Writes reports/assembly-mutants.json; exits 1 if any
// mutant survived, did not apply (the code it patches changed) or did not compile.
//   node scripts/mutate-assembly.js [id …]    (default: every mutant; named ones update their
//                                              entries of the report and keep the others')
//   node scripts/mutate-assembly.js --check   (only whether each patch still applies: no build, no tests)
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { ASSEMBLY_MUTANTS } from "./assembly-mutants.js";

const root = new URL("..", import.meta.url).pathname;
const SUITE_TIMEOUT_MS = 15 * 60_000;
const checkOnly = process.argv.includes("--check");
const wanted = process.argv.slice(2).filter((a) => a !== "--check");
const unknown = wanted.filter((id) => !ASSEMBLY_MUTANTS.some((m) => m.id === id));
if (unknown.length) throw new Error(`unknown mutant ${unknown.join(", ")}: expected ids of scripts/assembly-mutants.js`);
const mutants = wanted.length ? ASSEMBLY_MUTANTS.filter((m) => wanted.includes(m.id)) : ASSEMBLY_MUTANTS;

if (checkOnly) {
  const stale = mutants.filter((m) => readFileSync(`${root}${m.file}`, "utf8").split(m.find).length - 1 !== 1);
  for (const m of stale) console.log(`STALE ${m.id}: its text does not occur exactly once in ${m.file}`);
  console.log(`${mutants.length - stale.length} of ${mutants.length} hand mutants apply`);
  process.exit(stale.length ? 1 : 0);
}

let planted = null; // { file, original } while a mutant is in the tree
function restore() {
  if (planted) writeFileSync(planted.file, planted.original);
  planted = null;
}
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
  process.on(signal, () => {
    if (current) killGroup(current);
    restore();
    console.error(`\n${signal}: mutant reverted; run \`npm run build\` before testing`);
    process.exit(130);
  });
}

// Asynchronous, so that a SIGINT/SIGTERM reaches the handler above (a blocking spawnSync would
// hold it until the loop ends, with the mutant still planted): the running suite is killed, the
// file restored, then the process exits.
let current = null;
function run(command, args, timeout = SUITE_TIMEOUT_MS) {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, detached: true, env: { ...process.env, FORCE_COLOR: "0", NO_COLOR: "1" } });
    current = child;
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child);
    }, timeout);
    child.on("close", (code) => {
      clearTimeout(timer);
      current = null;
      resolve({ ok: code === 0 && !timedOut, timedOut, output, seconds: (Date.now() - started) / 1000 });
    });
  });
}

/** The suite and everything it started (its own process group). */
function killGroup(child) {
  try {
    process.kill(-child.pid, "SIGKILL");
  } catch {
    // already gone
  }
}

const build = () => run("npm", ["run", "--silent", "build"], 10 * 60_000);

/** The first failing test's name, from vitest's ("×", "FAIL") or as-pect's ("❌", "Failed:") output. */
function firstFailure(output) {
  const plain = output.replace(/\x1b\[[0-9;]*m/g, "");
  const lines = plain.split("\n");
  const at = lines.findIndex((l) => /^\s*(×|FAIL\b|❌\s+\S.*\s-\s|Failed:)/.test(l));
  if (at < 0) return "(no failing test named in the output)";
  return lines.slice(at, at + 2).map((l) => l.trim()).join(" / ").replace(/\s+\d+(\.\d+)?m?s\b/g, "").slice(0, 200);
}

const results = [];
for (const mutant of mutants) {
  const file = `${root}${mutant.file}`;
  const original = readFileSync(file, "utf8");
  const occurrences = original.split(mutant.find).length - 1;
  if (occurrences !== 1) {
    results.push({ ...mutant, status: "stale", detail: `the patch's text occurs ${occurrences} times in ${mutant.file}` });
    console.log(`STALE     ${mutant.id}: found ${occurrences}×`);
    continue;
  }
  planted = { file, original };
  writeFileSync(file, original.replace(mutant.find, mutant.replace));
  let entry;
  try {
    // A mutant must compile (type-checked only: as-pect compiles the specs itself, and only a mutant
    // the specs miss needs the full build that vitest loads). The SIMD target compiles every kernel
    // the specs can reach (they build with SIMD on); code only the scalar target compiles is checked
    // by the full build, which reports a failure as "invalid", never as killed.
    // (both modules of the build: the epoch loop is a module of its own, assembly/epochs.ts)
    const checked = [
      await run("npx", ["asc", "assembly/index.ts", "--target", "simd", "--noEmit"], 10 * 60_000),
      await run("npx", ["asc", "assembly/epochs.ts", "--target", "simd-epochs", "--noEmit"], 10 * 60_000),
    ];
    const invalid = checked.find((c) => !c.ok);
    const checkSeconds = checked.reduce((total, c) => total + c.seconds, 0);
    if (invalid) {
      entry = { status: "invalid", detail: `does not compile: ${invalid.output.split("\n").find((l) => /ERROR|error/.test(l)) ?? ""}`.slice(0, 300) };
    } else {
      const spec = await run("npx", ["asp", "--config", "as-pect.config.js", "--no-logo"]);
      if (!spec.ok) {
        entry = { status: "killed", by: "as-pect", detail: spec.timedOut ? "timed out" : firstFailure(spec.output), seconds: checkSeconds + spec.seconds };
      } else {
        const built = await build();
        if (!built.ok) {
          entry = { status: "invalid", detail: `does not build: ${built.output.split("\n").find((l) => /ERROR|error/.test(l)) ?? ""}`.slice(0, 300) };
        } else {
          const vitest = await run("npx", ["vitest", "run", "--bail=1"]);
          const seconds = checkSeconds + spec.seconds + built.seconds + vitest.seconds;
          entry = vitest.ok
            ? { status: "survived", detail: "as-pect and every vitest test passed", seconds }
            : { status: "killed", by: "vitest", detail: vitest.timedOut ? "timed out" : firstFailure(vitest.output), seconds };
        }
      }
    }
  } finally {
    restore();
  }
  results.push({ ...mutant, ...entry });
  console.log(`${entry.status.toUpperCase().padEnd(9)} ${mutant.id}${entry.by ? ` (${entry.by})` : ""}: ${entry.detail}`);
}

const rebuilt = await build();
if (!rebuilt.ok) console.error("the final clean rebuild failed:\n" + rebuilt.output);
const commit = spawnSync("git", ["rev-parse", "--short", "HEAD"], { cwd: root, encoding: "utf8" }).stdout.trim();
const date = new Date().toISOString();
const fresh = results.map(({ find, replace, ...rest }) => ({ ...rest, commit, date }));
// A run of named mutants updates their entries and keeps the others' (each entry names the commit
// and time it ran at); a run of every mutant replaces the report.
const reportFile = `${root}reports/assembly-mutants.json`;
let kept = [];
if (wanted.length) {
  try {
    const previous = JSON.parse(readFileSync(reportFile, "utf8"));
    kept = previous.results
      .filter((r) => !wanted.includes(r.id) && ASSEMBLY_MUTANTS.some((m) => m.id === r.id))
      .map((r) => ({ commit: previous.commit, date: previous.date, ...r }));
  } catch {
    kept = [];
  }
}
const order = (r) => ASSEMBLY_MUTANTS.findIndex((m) => m.id === r.id);
const all = [...kept, ...fresh].sort((a, b) => order(a) - order(b));
const killed = all.filter((r) => r.status === "killed").length;
const summary = { commit, date, total: all.length, killed, results: all };
mkdirSync(`${root}reports`, { recursive: true });
writeFileSync(reportFile, `${JSON.stringify(summary, null, 2)}\n`);
const killedNow = fresh.filter((r) => r.status === "killed").length;
console.log(`\nassembly hand mutants: ${killedNow} of ${fresh.length} run now killed; ${killed} of ${all.length} in reports/assembly-mutants.json`);
process.exit(killedNow === fresh.length && rebuilt.ok ? 0 : 1);
