// The summary of the last `npm run mutate` (reports/mutation-summary.md, committed; the JSON
// reports it reads under reports/stryker/ are not): Stryker's mutation score per group and file
// of bindings/, every surviving or uncovered mutant with its line, and the assembly hand mutants.
// Score as Stryker computes it: (killed + timed out) / (killed + timed out + survived + no coverage);
// ignored mutants (static code, error-message prose) and compile/runtime errors are left out.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { basename } from "node:path";
import { MUTATION_GROUPS, drawnLines, groupFiles } from "./mutate-groups.js";

const root = new URL("..", import.meta.url).pathname;
const args = process.argv.slice(2);
const option = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
// Sampled runs: `--sample F --seed S`, or one `--run F:S[:label]` per sample (a fresh sample for the
// score, a re-run of the sample the tests were written against, …), each reported on its own.
const sampled = args.flatMap((a, i) => (a === "--run" ? [args[i + 1]] : [])).map((spec) => {
  const [fraction, seed = "1", ...label] = spec.split(":");
  return { fraction, seed, label: label.join(":") };
});
if (option("--sample") !== undefined) sampled.push({ fraction: option("--sample"), seed: option("--seed") ?? "1", label: "" });
// --lines FILE: the run also mutated FILE's lines (scripts/mutate.js --lines); its mutants are
// reported in two sections, those on the sample's lines and those on FILE's.
const linesFile = option("--lines");
const lineSet = (ranges) => new Set(ranges.map((range) => range.replace(/-\d+$/, "")));
const extraLines = linesFile ? lineSet(readFileSync(linesFile, "utf8").split("\n").filter((l) => l.trim()).map((l) => l.trim())) : null;
const runSuffix = linesFile ? `-plus-${basename(linesFile).replace(/\.[^.]*$/, "")}` : "";
const reports = `${root}reports/stryker`;
const COUNTED = ["Killed", "Timeout", "Survived", "NoCoverage"];

function tally(mutants) {
  const count = Object.fromEntries(["Killed", "Timeout", "Survived", "NoCoverage", "Ignored", "CompileError", "RuntimeError"].map((s) => [s, 0]));
  for (const m of mutants) count[m.status] = (count[m.status] ?? 0) + 1;
  const valid = COUNTED.reduce((s, k) => s + count[k], 0);
  return { ...count, valid, score: valid ? (100 * (count.Killed + count.Timeout)) / valid : NaN };
}

const row = (name, t) => `| ${name} | ${t.valid} | ${t.Killed} | ${t.Timeout} | ${t.Survived} | ${t.NoCoverage} | ${t.Ignored} | ${t.score.toFixed(1)} % |`;
const header = "| | mutants | killed | timed out | survived | no coverage | ignored | score |\n|---|---|---|---|---|---|---|---|";

/** Wilson 95 % interval of a binomial proportion, in %. */
function wilson(detected, n) {
  const p = detected / n;
  const z = 1.96;
  const centre = (p + (z * z) / (2 * n)) / (1 + (z * z) / n);
  const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / (1 + (z * z) / n);
  return [100 * (centre - half), 100 * (centre + half)];
}

/** One report section: the runs' table, the per-file table and the survivors, from their JSON reports. */
/** keep(path, line, source): whether a mutant on that line of that source text is in the section. */
function section(runNames, keep = () => true) {
  const allMutants = [];
  const survivors = [];
  const groupRows = [];
  const fileRows = [];
  for (const group of runNames) {
    const path = `${reports}/${group}.mutation.json`;
    if (!existsSync(path)) {
      groupRows.push(`| ${group} | (not run) | | | | | | |`);
      continue;
    }
    const report = JSON.parse(readFileSync(path, "utf8"));
    const groupMutants = [];
    for (const [file, data] of Object.entries(report.files)) {
      const source = data.source.split("\n");
      const path = file.replace(/^.*?bindings\//, "bindings/");
      const mutants = data.mutants.filter((m) => keep(path, m.location.start.line, data.source));
      if (mutants.length === 0) continue;
      groupMutants.push(...mutants);
      fileRows.push(row(path, tally(mutants)));
      for (const m of mutants) {
        if (m.status !== "Survived" && m.status !== "NoCoverage") continue;
        const line = source[m.location.start.line - 1]?.trim() ?? "";
        survivors.push(`| ${file.replace(/^.*?bindings\//, "bindings/")}:${m.location.start.line} | ${m.status === "NoCoverage" ? "no coverage" : "survived"} | ${m.mutatorName} | \`${line.slice(0, 90).replace(/\|/g, "\\|").replace(/`/g, "'")}\` → \`${(m.replacement ?? "").replace(/\s+/g, " ").slice(0, 60).replace(/\|/g, "\\|").replace(/`/g, "'")}\` |`);
      }
    }
    allMutants.push(...groupMutants);
    groupRows.push(row(group, tally(groupMutants)));
  }
  return { total: tally(allMutants), survivors, groupRows, fileRows };
}

const lines = [];
const commit = spawnSync("git", ["rev-parse", "--short", "HEAD"], { cwd: root, encoding: "utf8" }).stdout.trim();
lines.push(`# Mutation testing: last result`, "");
lines.push(`Written by \`node scripts/mutate-report.js\` (the last step of \`npm run mutate\`) on ${new Date().toISOString().slice(0, 16)} UTC at commit ${commit}. How to read it and why the survivors survive: test/MUTATION.md.`, "");
const sections = sampled.length
  ? sampled.flatMap(({ fraction, seed, label }) => {
    const runs = [`all-sample${fraction}-seed${seed}${runSuffix}`];
    // the sample's lines of each file as the run saw it (the report's copy of the source), not as it is now
    const drawn = new Map();
    const isDrawn = (file, line, source) => {
      if (!drawn.has(file)) drawn.set(file, new Set(drawnLines(file, source, Number(fraction), seed)));
      return drawn.get(file).has(line);
    };
    const sample = { title: `a seeded ${fraction} of the code lines, seed ${seed}${label ? `, ${label}` : ""}`, runs, sampledRun: true, keep: isDrawn };
    if (!extraLines) return [sample];
    return [sample, { title: `the lines of ${linesFile}`, runs, sampledRun: false, keep: (file, line) => extraLines.has(`${file}:${line}`) }];
  })
  : [{ title: "", runs: Object.keys(MUTATION_GROUPS), sampledRun: false, keep: () => true }];
const survivorLists = [];
for (const { title, runs, sampledRun, keep } of sections) {
  const { total, survivors, groupRows, fileRows } = section(runs, keep);
  lines.push(`## Stryker over bindings/${title ? ` (${title})` : ""}: ${total.score.toFixed(1)} % (${total.Killed + total.Timeout} of ${total.valid} detected)`, "");
  if (sampledRun && total.valid > 0) {
    // treating sampled mutants as independent draws
    const [low, high] = wilson(total.Killed + total.Timeout, total.valid);
    lines.push(`95 % interval of the score for all of bindings/ (Wilson; lines, not mutants, were drawn, so it is a little optimistic): ${low.toFixed(1)}–${high.toFixed(1)} %.`, "");
  }
  lines.push(header, ...groupRows, row("**all**", total), "");
  lines.push("### Per file", "", header, ...fileRows, "");
  survivorLists.push({ title, survivors });
}
const assemblyPath = `${root}reports/assembly-mutants.json`;
if (existsSync(assemblyPath)) {
  const assembly = JSON.parse(readFileSync(assemblyPath, "utf8"));
  const commits = [...new Set(assembly.results.map((r) => r.commit ?? assembly.commit))];
  lines.push(`## Hand mutants of assembly/: ${assembly.killed} of ${assembly.total} killed (commit${commits.length > 1 ? "s" : ""} ${commits.join(", ")}, last run ${assembly.date.slice(0, 16)} UTC)`, "");
  lines.push("| mutant | what | file | result | first failing test | commit |", "|---|---|---|---|---|---|");
  for (const r of assembly.results) lines.push(`| ${r.id} | ${r.what} | ${r.file} | ${r.status}${r.by ? ` (${r.by})` : ""} | ${(r.detail ?? "").replace(/\|/g, "\\|")} | ${r.commit ?? assembly.commit} |`);
  lines.push("");
}
// Mutants marked equivalent in the code (`// Stryker disable next-line Mutator: reason`): Stryker
// reports them as ignored, so they leave the score's denominator; each is listed with its reason,
// for a reviewer to check that no input could tell the mutant from the original.
const disabled = [];
for (const file of Object.keys(MUTATION_GROUPS).flatMap((g) => groupFiles(root, g))) {
  readFileSync(`${root}${file}`, "utf8").split("\n").forEach((text, i) => {
    const found = /\/\/\s*Stryker disable(?:-next-line| next-line)?\s+([\w,]+)\s*:?\s*(.*)$/.exec(text);
    if (found) disabled.push(`| ${file}:${i + 2} | ${found[1]} | ${found[2].replace(/\|/g, "\\|")} |`);
  });
}
lines.push(`## Marked equivalent in the code: ${disabled.length}`, "", "The line after each comment; a mutant of that line by the named mutator is reported as ignored.", "", "| where | mutator | why no input tells it from the original |", "|---|---|---|", ...disabled, "");
for (const { title, survivors } of survivorLists) {
  lines.push(`## Surviving and uncovered mutants${title ? ` (${title})` : ""}: ${survivors.length}`, "", "| where | status | mutator | code → mutant |", "|---|---|---|---|", ...survivors, "");
}
writeFileSync(`${root}reports/mutation-summary.md`, `${lines.join("\n")}\n`);
console.log(`written to reports/mutation-summary.md: ${survivorLists.map(({ title, survivors }) => `${title || "bindings/"}: ${survivors.length} survived or uncovered`).join("; ")}`);
