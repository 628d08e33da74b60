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
/**
 * What a first fit of any option set of FIRST_FIT_OPTION_SETS may download while it misses the
 * 60 kB target (the README's size section says by how much and why): a ceiling so that code added
 * to the engine shows up, not a target; a ratchet, lowered with each saving to the new measurement
 * and about 0.5 kB. Measured at most 77.1 kB (sgd, adam) when it was set; raised to 78.6 + 0.3 kB
 * for three correctness fixes every trainer loads (sgd first fit: Student-t tails for ν > 1e4 +0.3,
 * typed errors for unreadable inputs +0.5, refusing overflowed predictions and overflow-safe
 * metrics +0.3 kB).
 */
export const FIRST_FIT_CEILING_BYTES = 78_900;

/** Packs the package into `into` (npm pack, no scripts rerun): the tarball's path, size and file list. */
export function pack(into) {
  const [info] = JSON.parse(npm(["pack", ROOT, "--json", "--ignore-scripts", "--pack-destination", into], { cwd: ROOT, encoding: "utf8" }));
  return { path: join(into, info.filename), bytes: info.size, files: info.files.map((f) => f.path) };
}

/**
 * What a browser loads for the library: dist/wasm-mle.js and the chunks it imports statically
 * (followed transitively), gzipped as one; and, apart, each chunk only a dynamic import() reaches
 * (the engine, the kernels, the inflater, FitResult.fromJSON's checks) with the chunks it imports
 * statically that the eager bundle does not hold, gzipped as one group. `savedModel` is what
 * `await Model.fromJSON()` then predict download in all: the eager bundle, the model engine's group
 * and the SIMD kernels' groups (their module and the static data), each file counted once. What a
 * first fit downloads depends on the options (bindings/engine-parts.ts): firstFit() measures it.
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
  // the SIMD kernels a model loads (bindings/wasm/load.ts): the kernels' module and the static data
  const withKernels = (engine) => {
    const kernels = [...group(/simd-binary/), ...group(/simd-data/)];
    const files = [...new Set([...eager.files, ...group(engine), ...kernels])];
    return { files, gzipBytes: gzip(files) };
  };
  return { files: eager.files, gzipBytes: gzip(eager.files), lazyFiles, savedModel: withKernels(/\/model-engine-/) };
}

/**
 * The option sets whose first fit `npm run size` measures: the README's first example, gaussian and
 * bernoulli with lbfgs and newton, with and without l2, sgd, adam and the defaults ("auto").
 */
export const FIRST_FIT_OPTION_SETS = Object.freeze({
  "README first example (bernoulli, newton)": { family: "bernoulli", optimizer: "newton" },
  "bernoulli, newton, l2": { family: "bernoulli", optimizer: "newton", l2: 1e-3 },
  "bernoulli, lbfgs": { family: "bernoulli", optimizer: "lbfgs" },
  "bernoulli, lbfgs, l2": { family: "bernoulli", optimizer: "lbfgs", l2: 1e-3 },
  "gaussian, newton": { family: "gaussian", optimizer: "newton" },
  "gaussian, newton, l2": { family: "gaussian", optimizer: "newton", l2: 1e-3 },
  "gaussian, lbfgs": { family: "gaussian", optimizer: "lbfgs" },
  "gaussian, lbfgs, l2": { family: "gaussian", optimizer: "lbfgs", l2: 1e-3 },
  "sgd": { optimizer: "sgd" },
  "adam": { optimizer: "adam" },
  "the defaults (auto)": {},
});

/**
 * What a first fit with these options downloads: the files of dist/ that Node really loads for
 * `await Trainer.create(options)` then `fit` (scripts/first-fit-loads.js, in a fresh process), each
 * gzipped on its own (-9) as a server sends it, split into the eager bundle (what `import` loads),
 * the kernels' chunk, and the engine with its parts and shared chunks (the rest).
 */
export function firstFit(options) {
  const loaded = JSON.parse(execFileSync(process.execPath, [join(ROOT, "scripts", "first-fit-loads.js"), JSON.stringify(options)], { cwd: ROOT, encoding: "utf8" }));
  const eager = new Set(browserBundle().files);
  const bytes = (files) => files.reduce((sum, name) => sum + gzipSync(readFileSync(join(ROOT, "dist", name)), { level: 9 }).length, 0);
  // the kernels: every chunk of scripts/embed-wasm.js (binaries, their data), SIMD or scalar
  const kernels = loaded.filter((name) => /^chunks\/(simd|scalar)-[\w.-]*generated-/.test(name));
  const engine = loaded.filter((name) => !eager.has(name) && !kernels.includes(name));
  const eagerFiles = loaded.filter((name) => eager.has(name));
  return {
    files: loaded,
    engineFiles: engine,
    eagerBytes: bytes(eagerFiles),
    engineBytes: bytes(engine),
    kernelBytes: bytes(kernels),
    gzipBytes: bytes(loaded),
  };
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
  if (name.includes("simd-epochs-binary")) return "the first Trainer.create or Trainer.restore of gd, sgd or an adaptive rule: the epoch loop";
  if (name.includes("simd-binary")) return "the first Trainer.create, Trainer.restore or Model.fromJSON";
  if (name.includes("simd-data")) return "with the SIMD kernels: their exp/log tables";
  if (name.includes("scalar-epochs-binary")) return "instead of the SIMD epoch loop, without WebAssembly SIMD";
  if (name.includes("scalar-binary")) return "instead of the SIMD kernels, without WebAssembly SIMD";
  if (name.includes("inflate")) return "only without DecompressionStream";
  if (name.includes("fit-result-data")) return "the first FitResult.fromJSON";
  if (/\/newton-/.test(name)) return "Trainer.create or restore, when the options can resolve to newton";
  if (/\/lbfgs-/.test(name)) return "Trainer.create or restore, when the options can resolve to lbfgs";
  if (/\/epochs-/.test(name)) return "Trainer.create or restore, with gd, sgd or an adaptive optimizer";
  if (/\/separation-/.test(name)) return "Trainer.create or restore, for bernoulli, poisson and multinomial";
  if (/\/state-decode-/.test(name)) return "the first Trainer.restore";
  return "on demand";
}

function row(name, value, target, unit) {
  const ok = value <= target;
  return `| ${name} | ${(value / 1000).toFixed(1)} ${unit} | ≤ ${(target / 1000).toFixed(0)} ${unit} | ${ok ? "✓" : `✗ over by ${((value - target) / 1000).toFixed(1)} ${unit}`} |`;
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
    for (const [name, options] of Object.entries(FIRST_FIT_OPTION_SETS)) {
      const fit = firstFit(options);
      const kB = (bytes) => (bytes / 1000).toFixed(1);
      console.log(row(`a first fit, ${name} \`${JSON.stringify(options)}\`: bundle ${kB(fit.eagerBytes)} + engine and parts ${kB(fit.engineBytes)} (${fit.engineFiles.length} files) + kernels ${kB(fit.kernelBytes)}, each file gzipped alone`, fit.gzipBytes, TARGETS.bundleGzipBytes, "kB"));
    }
    console.log(row("what predicting with a saved model downloads in all: the bundle, the model engine and the SIMD kernels (`await Model.fromJSON()`, then `predict`)", bundle.savedModel.gzipBytes, TARGETS.bundleGzipBytes, "kB"));
    console.log(row(`node_modules added by installing it (${install.packages - 1} packages besides wasm-mle)`, install.addedBytes, TARGETS.installBytes, "kB"));
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
