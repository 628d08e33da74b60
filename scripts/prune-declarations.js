// Deletes the .d.ts files in dist/ that no public entry's declarations reach (the CLI's, the
// optimizers', the worker's internals …): tsc declares every module, but a user's compiler only
// follows the imports of dist/index.d.ts and dist/worker/index.d.ts. Computed on every build, so a
// declaration that becomes reachable is kept without a list to maintain (they were 21 kB of the
// gzipped tarball).
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { dirname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";

const dist = fileURLToPath(new URL("../dist/", import.meta.url));
const ENTRIES = ["index.d.ts", "worker/index.d.ts"];
// `from "./x.js"` (import, export … from) and `import("./x.js")` (inline type imports)
const SPECIFIER = /\bfrom\s+["'](\.{1,2}\/[^"']+)["']|\bimport\(\s*["'](\.{1,2}\/[^"']+)["']\s*\)/g;

const reachable = new Set();
function visit(file) {
  if (reachable.has(file) || !existsSync(file)) return;
  reachable.add(file);
  for (const match of readFileSync(file, "utf8").matchAll(SPECIFIER)) {
    visit(normalize(join(dirname(file), (match[1] ?? match[2]).replace(/\.js$/, ".d.ts"))));
  }
}
for (const entry of ENTRIES) visit(join(dist, entry));

function declarations(folder) {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    return statSync(path).isDirectory() ? declarations(path) : name.endsWith(".d.ts") ? [path] : [];
  });
}
for (const file of declarations(dist)) if (!reachable.has(file)) rmSync(file);
