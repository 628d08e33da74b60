// Stryker's buildCommand (stryker.config.mjs): its sandbox holds only git-tracked files, so the
// wasm binaries, their embedding (bindings/wasm/binaries.generated.ts) and dist/ are built there
// once. dist/ is compiled from the instrumented sources: a child process runs the original code
// unless __STRYKER_ACTIVE_MUTANT__ names a mutant, which test/helpers/cli.ts sets for the CLI's
// children (and collects their coverage); in-process tests run bindings/ itself (vitest.stryker.config.ts).
// The sandbox (.stryker-tmp/sandbox-*) gets node_modules only after this step, so the enclosing
// checkout's is linked in first (Stryker keeps an existing one) for asc, tsc and the esbuild bundle
// (scripts/bundle.js: dist/wasm-mle.js and dist/cli.js, which bin/wasm-mle.js runs).
import { execFileSync } from "node:child_process";
import { existsSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

function findAsc(from) {
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    const candidate = join(dir, "node_modules", "assemblyscript", "bin", "asc.js");
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) throw new Error(`assemblyscript not found above ${from}; run npm ci`);
  }
}

const asc = findAsc(process.cwd());
if (!existsSync("node_modules")) symlinkSync(dirname(dirname(dirname(asc))), "node_modules", "dir");
const tsc = join(dirname(dirname(asc)), "..", "typescript", "bin", "tsc");
for (const target of ["simd", "scalar"]) execFileSync(process.execPath, [asc, "assembly/index.ts", "--target", target], { stdio: "inherit" });
execFileSync(process.execPath, ["scripts/embed-wasm.js"], { stdio: "inherit" });
execFileSync(process.execPath, [tsc, "-p", "tsconfig.json"], { stdio: "inherit" });
execFileSync(process.execPath, ["scripts/bundle.js"], { stdio: "inherit" });
// WorkerTrainer starts the script beside its own module (bindings/worker/port.ts: ./worker-thread.js).
// In-process tests run bindings/worker/port.ts itself, so the sandbox gets a worker-thread.js there
// that runs the compiled thread; the thread runs the original code (no mutant is switched in it).
writeFileSync("bindings/worker/worker-thread.js", 'import "../../dist/worker/worker-thread.js";\n');
