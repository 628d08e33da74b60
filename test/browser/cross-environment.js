// Runs the shared scenario list twice with the browser bundle and leaves the results on
// window.crossEnvironment for test/cross-environment.test.ts to collect. Imports are dynamic so a
// bundle that fails to load is reported as a result instead of leaving the test waiting.
const status = document.getElementById("status");
try {
  const { Trainer, Model, simdSupported } = await import("../../dist/wasm-mle.js");
  const { runScenarios } = await import("./scenarios.js");
  const started = performance.now();
  const runs = [await runScenarios(Trainer, Model), await runScenarios(Trainer, Model)];
  window.crossEnvironment = {
    runs,
    simdSupported: simdSupported(),
    userAgent: navigator.userAgent,
    elapsedMs: performance.now() - started,
  };
  status.textContent = `done: ${runs[0].length} scenarios, twice`;
} catch (error) {
  window.crossEnvironment = { error: String(error?.stack ?? error) };
  status.textContent = `failed: ${error}`;
}
