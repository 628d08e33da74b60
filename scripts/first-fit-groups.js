// `node scripts/first-fit-groups.js [options-json]` (after `npm run build`): what the bytes of one
// first fit (scripts/size.js firstFit, default the README's first example) are, by group of source
// modules, and how much of each the fit itself runs. It maps every byte of the files the first fit
// loads to the module it came from (the source maps scripts/bundle.js leaves in build/bundle-maps/),
// runs the first fit under V8's block coverage (NODE_V8_COVERAGE, scripts/first-fit-loads.js) and
// prints per group: its bytes, the part no function or block of the fit executed, and what the
// group costs the first fit in gzip -9 bytes (each file gzipped alone, as scripts/size.js does,
// with and without the group's bytes).
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { ROOT, firstFit } from "./size.js";

/** The groups, first match wins: [name, test on the module's path under dist/ (or the file's, for the kernels)]. */
const GROUPS = [
  ["kernels: the WASM binaries and their static data (chunks/*generated*)", (m) => /generated/.test(m)],
  ["fitPath, crossValidate, coordinate descent (regularization/)", (m) => m.startsWith("regularization/")],
  ["summary() statistics and formatting (inference/, special/)", (m) => /^(inference|special)\//.test(m)],
  ["separation and existence checks (diagnostics/)", (m) => m.startsWith("diagnostics/")],
  ["metrics and trainTestSplit (evaluation/)", (m) => m.startsWith("evaluation/")],
  ["error classes (errors/)", (m) => m.startsWith("errors/")],
  ["saved models and results as data (model*, fit-result*, plain-data, training/state)", (m) => /^(model|fit-result|plain-data|training\/state)/.test(m)],
  ["optimizers (optimizers/)", (m) => m.startsWith("optimizers/")],
  ["the rest: trainer, options, context, session, data checks, loaders", () => true],
];

const BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
/** Decodes a source map's mappings into [line][] = { column, source } (source -1: unmapped). */
function decodeMappings(mappings) {
  const lines = [];
  let source = 0;
  for (const line of mappings.split(";")) {
    const segments = [];
    let column = 0;
    for (const segment of line.split(",")) {
      if (segment === "") continue;
      const values = [];
      let value = 0;
      let shift = 0;
      for (const char of segment) {
        const digit = BASE64.indexOf(char);
        value += (digit & 31) << shift;
        if (digit & 32) shift += 5;
        else {
          values.push(value & 1 ? -(value >>> 1) : value >>> 1);
          value = 0;
          shift = 0;
        }
      }
      column += values[0];
      if (values.length > 1) source += values[1];
      segments.push({ column, source: values.length > 1 ? source : -1 });
    }
    lines.push(segments);
  }
  return lines;
}

/** For each character of `code`, the index in `sources` of the module it came from (-1: none, e.g. glue). */
function moduleOfEachChar(code, map) {
  const owner = new Int32Array(code.length).fill(-1);
  const lines = decodeMappings(map.mappings);
  let lineStart = 0;
  for (let l = 0; l < lines.length; l++) {
    const lineEnd = code.indexOf("\n", lineStart) === -1 ? code.length : code.indexOf("\n", lineStart);
    const segments = lines[l];
    for (let s = 0; s < segments.length; s++) {
      const from = lineStart + segments[s].column;
      const to = s + 1 < segments.length ? lineStart + segments[s + 1].column : lineEnd;
      owner.fill(segments[s].source, from, to);
    }
    lineStart = lineEnd + 1;
  }
  // glue between two mapped runs (punctuation esbuild or terser left unmapped) goes to the run before it
  for (let i = 1; i < owner.length; i++) if (owner[i] === -1) owner[i] = owner[i - 1];
  return owner;
}

/** Per character of each dist file, whether the run executed it: the innermost V8 range's count > 0. */
function executedChars(coverageDir, sources) {
  const files = [...sources.keys()];
  const executed = new Map(files.map((file) => [file, null]));
  for (const name of readdirSync(coverageDir)) {
    for (const script of JSON.parse(readFileSync(join(coverageDir, name), "utf8")).result) {
      const file = files.find((f) => script.url === `file://${join(ROOT, "dist", f)}`);
      if (!file) continue;
      const { length } = sources.get(file);
      const counts = new Int32Array(length);
      const ranges = script.functions.flatMap((fn) => fn.ranges).sort((a, b) => (b.endOffset - b.startOffset) - (a.endOffset - a.startOffset));
      for (const { startOffset, endOffset, count } of ranges) counts.fill(count, startOffset, Math.min(endOffset, length));
      executed.set(file, counts);
    }
  }
  return executed;
}

const gzip = (text) => gzipSync(Buffer.from(text), { level: 9 }).length;
const keep = (code, drop) => code.split("").filter((_, i) => !drop(i)).join("");

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const options = JSON.parse(process.argv[2] ?? '{"family":"bernoulli","optimizer":"newton"}');
  const shipped = firstFit(options);
  const sources = new Map(shipped.files.map((f) => [f, readFileSync(join(ROOT, "dist", f), "utf8")]));
  const coverage = mkdtempSync(join(tmpdir(), "wasm-mle-coverage-"));
  try {
    execFileSync(process.execPath, [join(ROOT, "scripts", "first-fit-loads.js"), JSON.stringify(options)], { cwd: ROOT, env: { ...process.env, NODE_V8_COVERAGE: coverage } });
    const executed = executedChars(coverage, sources);
    const rows = GROUPS.map(([name]) => ({ name, bytes: 0, unexecuted: 0, gzipCost: 0, unexecutedGzipCost: 0 }));
    const modules = new Map();
    let total = 0;
    let executedOnly = 0;
    for (const file of shipped.files) {
      const code = sources.get(file);
      const map = JSON.parse(readFileSync(join(ROOT, "build", "bundle-maps", `${file}.map`), "utf8"));
      const owner = /generated/.test(file) ? null : moduleOfEachChar(code, map);
      const moduleAt = (i) => (owner ? (map.sources[owner[i]] ?? "").replace(/^(\.\.\/)+(dist\/)?/, "") : file);
      const groups = Int32Array.from({ length: code.length }, (_, i) => GROUPS.findIndex(([, test]) => test(moduleAt(i))));
      const counts = executed.get(file);
      const ran = (i) => counts !== null && counts[i] > 0;
      const full = gzip(code);
      total += full;
      executedOnly += gzip(keep(code, (i) => !ran(i)));
      const names = Array.from({ length: code.length }, (_, i) => moduleAt(i));
      for (const name of new Set(names)) {
        const entry = { file, bytes: 0, unexecuted: 0, gzipCost: full - gzip(keep(code, (i) => names[i] === name)) };
        for (let i = 0; i < code.length; i++) if (names[i] === name) { entry.bytes++; if (!ran(i)) entry.unexecuted++; }
        modules.set(name, entry);
      }
      rows.forEach((row, g) => {
        let here = 0;
        for (let i = 0; i < code.length; i++) if (groups[i] === g) { here++; if (!ran(i)) row.unexecuted++; }
        row.bytes += here;
        if (here === 0) return;
        row.gzipCost += full - gzip(keep(code, (i) => groups[i] === g));
        row.unexecutedGzipCost += full - gzip(keep(code, (i) => groups[i] === g && !ran(i)));
      });
    }
    const kB = (n) => (n / 1000).toFixed(1);
    console.log(`First fit of ${JSON.stringify(options)}: ${shipped.files.length} files, ${kB(total)} kB (each file gzip -9 alone); only the characters the fit executed: ${kB(executedOnly)} kB.\n`);
    console.log("| group | minified bytes | of them not executed by the fit | gzip cost (kB): the group taken out | … its unexecuted part taken out |\n|---|---|---|---|---|");
    for (const row of rows.filter((r) => r.bytes > 0)) {
      console.log(`| ${row.name} | ${row.bytes} | ${row.unexecuted} | ${kB(row.gzipCost)} | ${kB(row.unexecutedGzipCost)} |`);
    }
    console.log("\n| module (dist/) | in file | minified bytes | not executed | gzip cost (kB) |\n|---|---|---|---|---|");
    for (const [name, m] of [...modules].sort((a, b) => b[1].unexecuted - a[1].unexecuted)) {
      console.log(`| ${name} | ${m.file} | ${m.bytes} | ${m.unexecuted} | ${kB(m.gzipCost)} |`);
    }
  } finally {
    rmSync(coverage, { recursive: true, force: true });
  }
}
