// Stryker's buildCommand (stryker.config.mjs): its sandbox holds only git-tracked files, so the
// wasm binaries, their embedding (bindings/wasm/binaries.generated.ts) and dist/ are built there
// once. dist/ is compiled from the instrumented sources: a child process runs the original code
// unless __STRYKER_ACTIVE_MUTANT__ names a mutant, which test/helpers/cli.ts sets for the CLI's
// children (and collects their coverage); in-process tests run bindings/ itself (vitest.stryker.config.ts).
// The sandbox (.stryker-tmp/sandbox-*) gets node_modules only after this step, so the enclosing
// checkout's is linked in first (Stryker keeps an existing one) for asc, tsc and the esbuild bundle
// (scripts/bundle.js: dist/wasm-mle.js and dist/cli.js, which bin/wasm-mle.js runs).
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

function findAsc(from) {
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    const candidate = join(dir, "node_modules", "assemblyscript", "bin", "asc.js");
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) throw new Error(`assemblyscript not found above ${from}; run npm ci`);
  }
}

/** The same path in the checkout that holds this sandbox (.stryker-tmp/sandbox-* inside it). */
function originalOf(file) {
  for (let dir = dirname(resolve(".")); ; dir = dirname(dir)) {
    if (existsSync(join(dir, "stryker.config.mjs")) && existsSync(join(dir, file))) return join(dir, file);
    if (dirname(dir) === dir) throw new Error(`no checkout above ${process.cwd()} holds ${file}`);
  }
}

const asc = findAsc(process.cwd());
if (!existsSync("node_modules")) symlinkSync(dirname(dirname(dirname(asc))), "node_modules", "dir");
const tsc = join(dirname(dirname(asc)), "..", "typescript", "bin", "tsc");
// assembly/ compiles bindings/optimizers/schedule-math.ts into the binary (one source for the
// rates on both sides); Stryker's instrumented copy of it is not AssemblyScript, so asc gets the
// enclosing checkout's original for the build and the sandbox keeps the instrumented one for vitest
// (its mutants are therefore tested through the TypeScript side only).
const compiledIntoWasm = ["bindings/optimizers/schedule-math.ts"];
const instrumented = new Map(compiledIntoWasm.map((file) => [file, readFileSync(file, "utf8")]));
try {
  for (const file of compiledIntoWasm) writeFileSync(file, readFileSync(originalOf(file), "utf8"));
  // the modules scripts/embed-wasm.js embeds (KERNEL_FILES), as package.json's build:wasm builds them
  for (const [entry, target] of [["index", "simd"], ["epochs", "simd-epochs"], ["index", "scalar"], ["epochs", "scalar-epochs"]]) {
    execFileSync(process.execPath, [asc, `assembly/${entry}.ts`, "--target", target], { stdio: "inherit" });
  }
} finally {
  for (const [file, text] of instrumented) writeFileSync(file, text);
}
execFileSync(process.execPath, ["scripts/embed-wasm.js"], { stdio: "inherit" });
execFileSync(process.execPath, [tsc, "-p", "tsconfig.json"], { stdio: "inherit" });
execFileSync(process.execPath, ["scripts/bundle.js"], { stdio: "inherit" });
// WorkerTrainer starts the script beside its own module (bindings/worker/port.ts: ./worker-thread.js).
// In-process tests run bindings/worker/port.ts itself, so the sandbox gets a worker-thread.js there
// that runs the compiled thread; the thread runs the original code (no mutant is switched in it).
writeFileSync("bindings/worker/worker-thread.js", 'import "../../dist/worker/worker-thread.js";\n');
