// The source groups of `npm run mutate` (stryker.config.mjs reads STRYKER_GROUP; scripts/mutate.js
// runs them in turn), and the seeded line sample it can mutate instead of every line
// (STRYKER_SAMPLE = fraction of lines, STRYKER_SEED).
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";

export const MUTATION_GROUPS = {
  inference: ["bindings/inference/**/*.ts"],
  newton: ["bindings/optimizers/newton.ts", "bindings/optimizers/fisher-scoring.ts"],
  lbfgs: ["bindings/optimizers/lbfgs*.ts", "bindings/optimizers/line-search.ts"],
  cli: ["bindings/cli/**/*.ts"],
  core: ["bindings/*.ts", "bindings/families/**/*.ts", "bindings/wasm/**/*.ts", "bindings/optimizers/gradient-descent.ts", "bindings/optimizers/optimizer.ts"],
  // files added under bindings/ outside the groups above (bindings/diagnostics/, new optimizers …)
  other: ["bindings/**/*.ts"],
};

/** Never mutated: re-exports only, and the wasm bytes as base64 (scripts/embed-wasm.js). */
export const NOT_MUTATED = ["bindings/index.ts", "bindings/wasm/binaries.generated.ts", "bindings/wasm/scalar-binary.generated.ts", "bindings/wasm/simd-binary.generated.ts", "bindings/wasm/simd-epochs-binary.generated.ts", "bindings/wasm/scalar-epochs-binary.generated.ts", "bindings/wasm/simd-data.generated.ts"];

export function globToRegExp(glob) {
  const body = glob.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*\*\//g, "\u0000").replace(/\*/g, "[^/]*").replace(/\u0000/g, "(?:.*/)?");
  return new RegExp(`^${body}$`);
}

function listFiles(root, dir = "bindings") {
  const out = [];
  for (const name of readdirSync(join(root, dir))) {
    const path = join(dir, name);
    if (statSync(join(root, path)).isDirectory()) out.push(...listFiles(root, path));
    else if (path.endsWith(".ts") && !path.endsWith(".d.ts")) out.push(path);
  }
  return out.sort();
}

/** Every file belongs to the first group whose patterns match it; `other` takes the rest. */
export function groupFiles(root, group) {
  const groups = Object.entries(MUTATION_GROUPS).map(([name, globs]) => [name, globs.map(globToRegExp)]);
  return listFiles(root).filter((file) => {
    if (NOT_MUTATED.includes(file)) return false;
    const owner = groups.find(([, patterns]) => patterns.some((p) => p.test(file)))?.[0];
    return owner === group;
  });
}

/** FNV-1a of a string, as a uniform number in [0, 1). */
function uniform(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h / 2 ** 32;
}

/**
 * Stryker `mutate` entries for a seeded sample of each file's code lines ("file:L-L"): a line is
 * in with probability `fraction`, decided by a hash of file, line and seed, so the same lines are
 * drawn every run (and incremental results carry over). Stryker takes the mutants that start and
 * end on a drawn line; mutants spanning lines (a removed block, a multi-line condition) are not
 * sampled, which leaves out some of the easiest to kill.
 */
export function sampledRanges(root, files, fraction, seed) {
  return files.flatMap((file) => drawnLines(file, readFileSync(join(root, file), "utf8"), fraction, seed).map((line) => `${file}:${line}-${line}`));
}

/** The line numbers of `source` (the text of `file`, a path relative to the root) the sample draws. */
export function drawnLines(file, source, fraction, seed) {
  const drawn = [];
  source.split("\n").forEach((text, i) => {
    const code = text.trim();
    if (!code || code.startsWith("//") || code.startsWith("*") || code.startsWith("/*")) return;
    if (uniform(`${relative(".", file)}:${i + 1}:${seed}`) < fraction) drawn.push(i + 1);
  });
  return drawn;
}
