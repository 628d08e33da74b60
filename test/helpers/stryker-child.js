// Preloaded (node --import) into the CLI child processes of test/helpers/cli.ts when the tests run
// under Stryker (npm run mutate; test/MUTATION.md). The child runs dist/ as built in Stryker's
// sandbox from the instrumented sources, where a mutant is switched on by the environment
// variable __STRYKER_ACTIVE_MUTANT__ (the instrumenter's own fallback when no test runner sets
// it); this file adds the two things a child lacks:
//   - its coverage: the mutants it reached are written at exit to WASM_MLE_STRYKER_COVERAGE, for
//     the parent to credit to the test that spawned it (Stryker then runs that test for them);
//   - a watchdog: a mutant that loops forever blocks the child's event loop, and once Stryker has
//     killed the timed-out test process nothing would stop it; a worker thread, which the loop does
//     not block, kills the child after WASM_MLE_STRYKER_DEADLINE_MS.
import { writeFileSync } from "node:fs";
import { Worker } from "node:worker_threads";

const coverageFile = process.env.WASM_MLE_STRYKER_COVERAGE;
if (coverageFile) {
  process.on("exit", () => {
    const coverage = globalThis.__stryker__?.mutantCoverage?.static ?? {};
    writeFileSync(coverageFile, JSON.stringify(coverage));
  });
}
const deadline = Number(process.env.WASM_MLE_STRYKER_DEADLINE_MS);
if (deadline > 0) {
  const watchdog = new Worker(
    "const { workerData } = require('node:worker_threads');" +
      "Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, workerData.deadline);" +
      "process.kill(workerData.pid, 'SIGKILL');",
    { eval: true, workerData: { deadline, pid: process.pid } },
  );
  watchdog.unref();
}
