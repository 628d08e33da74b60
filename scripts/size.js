// `npm run size`: what a user downloads and installs, against the targets of the lean-package
// issue (kB = 1000 bytes, gzip level 9): the tarball ≤ 250 kB, the browser bundle ≤ 60 kB gzipped,
// and installing wasm-mle adds ≤ 5 MB to an app's node_modules (wasm-mle itself not counted).
// Also imported by test/package.test.ts, which checks the same facts on every run.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, posix } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

export const ROOT = fileURLToPath(new URL("..", import.meta.url));

/**
 * The npm that came with this Node, run through node: under `npm test` the PATH starts with
 * node_modules/.bin, where as-pect's dependencies install an npm 6 that lacks `pack --json` as used here.
 */
export function npm(args, options) {
  const cli = join(dirname(process.execPath), "..", "lib", "node_modules", "npm", "bin", "npm-cli.js");
  return execFileSync(process.execPath, [existsSync(cli) ? cli : process.env.npm_execpath, ...args], options);
}
export const TARGETS = { tarballBytes: 250_000, bundleGzipBytes: 60_000, installBytes: 5_000_000 };

/** Packs the package into `into` (npm pack, no scripts rerun): the tarball's path, size and file list. */
export function pack(into) {
  const [info] = JSON.parse(npm(["pack", ROOT, "--json", "--ignore-scripts", "--pack-destination", into], { cwd: ROOT, encoding: "utf8" }));
  return { path: join(into, info.filename), bytes: info.size, files: info.files.map((f) => f.path) };
}

/**
 * What a browser loads for the library: dist/wasm-mle.js and the chunks it imports statically
 * (followed transitively), gzipped as one; and, apart, each chunk only a dynamic import() reaches
 * (the engine, the kernels, the inflater, FitResult.fromJSON's checks) with the chunks it imports
 * statically that the eager bundle does not hold, gzipped as one group. `firstFit` is what
 * `await Trainer.create()` then a fit download in all: the eager bundle, the engine's group and the
 * SIMD kernels' group, each file counted once; `savedModel` the same for `await Model.fromJSON()`
 * then predict (the model engine instead of the trainer's).
 */
export function browserBundle(entry = "wasm-mle.js") {
  const read = (name) => readFileSync(join(ROOT, "dist", name), "utf8");
  /** The files `name` loads before it runs (itself first) and the dynamic imports they make. */
  const staticClosure = (name) => {
    const files = [];
    const dynamic = new Set();
    const pending = [name];
    while (pending.length > 0) {
      const next = pending.pop();
      if (files.includes(next)) continue;
      files.push(next);
      const code = read(next);
      const resolve = (specifier) => posix.join(posix.dirname(next), specifier);
      for (const [, specifier] of code.matchAll(/(?:from|import)\s*"(\.\.?\/[\w./-]+\.js)"/g)) pending.push(resolve(specifier));
      for (const [, specifier] of code.matchAll(/import\(\s*"(\.\.?\/[\w./-]+\.js)"\s*\)/g)) dynamic.add(resolve(specifier));
    }
    return { files, dynamic };
  };
  const gzip = (names) => gzipSync(Buffer.concat(names.map((name) => Buffer.from(read(name)))), { level: 9 }).length;
  const eager = staticClosure(entry);
  const lazyFiles = [];
  const pending = [...eager.dynamic];
  while (pending.length > 0) {
    const name = pending.shift();
    if (eager.files.includes(name) || lazyFiles.some((lazy) => lazy.name === name)) continue;
    const closure = staticClosure(name);
    const files = closure.files.filter((file) => !eager.files.includes(file));
    lazyFiles.push({ name, files, gzipBytes: gzip(files) });
    pending.push(...closure.dynamic);
  }
  const group = (pattern) => lazyFiles.find(({ name }) => pattern.test(name))?.files ?? [];
  const withKernels = (engine) => {
    const files = [...new Set([...eager.files, ...group(engine), ...group(/simd-binary/)])];
    return { files, gzipBytes: gzip(files) };
  };
  return { files: eager.files, gzipBytes: gzip(eager.files), lazyFiles, firstFit: withKernels(/\/engine-/), savedModel: withKernels(/\/model-engine-/) };
}

/** Bytes on disk under a folder (file sizes, symlinks not followed). */
export function folderBytes(folder) {
  let total = 0;
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) total += folderBytes(path);
    else if (entry.isFile()) total += statSync(path).size;
  }
  return total;
}

/** Installs the tarball into a fresh app; returns the app folder and what wasm-mle's dependencies add. */
export function installInApp(tarball, into) {
  const app = join(into, "app");
  mkdirSync(app);
  writeFileSync(join(app, "package.json"), JSON.stringify({ name: "size-check-app", version: "1.0.0", private: true, type: "module" }));
  npm(["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel", "error", tarball], { cwd: app, stdio: "pipe" });
  const modules = join(app, "node_modules");
  const added = folderBytes(modules) - folderBytes(join(modules, "wasm-mle"));
  const packages = readdirSync(modules).filter((name) => !name.startsWith(".")).flatMap((name) => (name.startsWith("@") ? readdirSync(join(modules, name)) : [name])).length;
  return { app, addedBytes: added, packages };
}

/** When a lazily imported chunk is loaded, for the report. */
function LAZY_WHEN(name) {
  if (/\/engine-/.test(name)) return "the first Trainer.create or Trainer.restore: what trainers run";
  if (/\/model-engine-/.test(name)) return "the first Model.fromJSON: what a saved model runs";
  if (name.includes("simd-binary")) return "the first Trainer.create, Trainer.restore or Model.fromJSON";
  if (name.includes("scalar-binary")) return "instead of the SIMD kernels, without WebAssembly SIMD";
  if (name.includes("inflate")) return "only without DecompressionStream";
  if (name.includes("fit-result-data")) return "the first FitResult.fromJSON";
  return "on demand";
}

function row(name, value, target, unit) {
  const ok = value <= target;
  return `| ${name} | ${(value / 1000).toFixed(1)} ${unit} | ≤ ${(target / 1000).toFixed(0)} ${unit} | ${ok ? "✓" : "✗ missed"} |`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const scratch = mkdtempSync(join(tmpdir(), "wasm-mle-size-"));
  try {
    const tarball = pack(scratch);
    const install = installInApp(tarball.path, scratch);
    console.log("| what | size | target | |\n|---|---|---|---|");
    console.log(row("tarball (npm pack)", tarball.bytes, TARGETS.tarballBytes, "kB"));
    const bundle = browserBundle();
    console.log(row(`browser bundle: dist/wasm-mle.js and the ${bundle.files.length - 1} chunk(s) it imports, gzip -9`, bundle.gzipBytes, TARGETS.bundleGzipBytes, "kB"));
    for (const { name, files, gzipBytes } of bundle.lazyFiles) {
      const beside = files.length > 1 ? ` and the ${files.length - 1} chunk(s) it imports` : "";
      console.log(`| … and, loaded by a dynamic import when needed (${LAZY_WHEN(name)}), ${name}${beside} | ${(gzipBytes / 1000).toFixed(1)} kB | | |`);
    }
    console.log(row("what a first fit downloads in all: the bundle, the engine and the SIMD kernels (`await Trainer.create()`, then `fit`)", bundle.firstFit.gzipBytes, TARGETS.bundleGzipBytes, "kB"));
    console.log(row("what predicting with a saved model downloads in all: the bundle, the model engine and the SIMD kernels (`await Model.fromJSON()`, then `predict`)", bundle.savedModel.gzipBytes, TARGETS.bundleGzipBytes, "kB"));
    console.log(row(`node_modules added by installing it (${install.packages - 1} packages besides wasm-mle)`, install.addedBytes, TARGETS.installBytes, "kB"));
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
