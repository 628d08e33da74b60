// Vitest under Stryker (npm run mutate; see stryker.config.mjs and test/MUTATION.md). The tests
// import the compiled package from dist/; here those imports resolve to the TypeScript sources in
// bindings/ instead, so the mutants Stryker writes into bindings/ are the code the tests run
// (Vite resolves the sources' own ".js" specifiers to their ".ts" files).
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const bindings = fileURLToPath(new URL("./bindings/", import.meta.url));

export default defineConfig({
  resolve: {
    alias: [{ find: /^(?:\.\.\/)+dist\/(.*)\.js$/, replacement: `${bindings}$1.ts` }],
  },
  test: {
    include: ["test/**/*.test.ts"],
    exclude: [
      "test/assembly/**",
      "node_modules/**",
      // Runs the browser bundle built from dist/ in Chromium: no mutant of bindings/ reaches it.
      "test/cross-environment.test.ts",
      // The same for the worker entry: Chromium runs the bundle, and a Node process the packed bundle.
      "test/worker/worker-chromium.test.ts",
      "test/worker/worker-package.test.ts",
      // The browser demo in Chromium (13 s): its Node-side fit is one newton fit that the other
      // tests run too.
      "test/demo/demo.test.ts",
      // 1,000 create/fit/dispose cycles: 10 s from dist/, 90 s from the sources under vite, and
      // longer than the timeout with Stryker's coverage counters; the lifetime it checks is also
      // checked by test/reliability/memory-flat.test.ts (2,000 rounds in ~2 s), which stays in.
      "test/memory.test.ts",
      // Seconds each and run for every surviving mutant they cover (nearly all of trainer, session
      // and the optimizers): 400 seeded lbfgs problems, 2,000 fit/predict/summary rounds. Leaving
      // them out can only hide kills, so the score Stryker reports is a lower bound.
      "test/reliability/lbfgs-stress.test.ts",
      "test/reliability/memory-flat.test.ts",
      // npm pack and an install into a fresh app: packaging, run from the tarball, no mutant in it.
      "test/package.test.ts",
      // The bytes of the bundle a first fit downloads: under Stryker dist/ is built from the
      // instrumented sources (every mutant in them), so its size says nothing about the package.
      "test/first-fit-size.test.ts",
      "test/first-fit-browser.test.ts",
    ],
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
