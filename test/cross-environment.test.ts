// Reproducible everywhere: the same seed and options give the same bits, run after run, in Node and
// in real headless Chromium, for every family, dtype, kernel build (SIMD and scalar) and optimizer
// setting in test/browser/scenarios.js, which both sides load unchanged.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { Model, Trainer } from "../dist/index.js";
import { DTYPES, FAMILIES, FEATURES, KERNELS, OPTIMIZER_SETTINGS, runScenarios, scenarios, type ScenarioResult } from "./browser/scenarios.js";
import { bitDifferences, FLOAT_FIELDS } from "./helpers/browser-bits.js";
import { chromiumPlan, pageOutcome } from "./helpers/browser-chromium.js";

const REPO_ROOT = fileURLToPath(new URL("..", import.meta.url));
const BROWSER_BUNDLE = fileURLToPath(new URL("../dist/wasm-mle.js", import.meta.url));
const PAGE_PATH = "/test/browser/cross-environment.html";
const SCENARIO_COUNT = FAMILIES.length * DTYPES.length * KERNELS.length * OPTIMIZER_SETTINGS.length;

interface BrowserOutcome {
  runs?: ScenarioResult[][];
  simdSupported?: boolean;
  userAgent?: string;
  elapsedMs?: number;
  error?: string;
}

/** Each scenario ran, with the binary it asked for: "auto" must be SIMD on these hosts. */
function expectCompleteRun(run: readonly ScenarioResult[]): void {
  expect(run.map((result) => result.name)).toEqual(scenarios().map((scenario) => scenario.name));
  expect(run.filter((result) => result.error !== undefined)).toEqual([]);
  for (const [index, scenario] of scenarios().entries()) {
    const result = run[index];
    const classes = scenario.options.classes ?? 1;
    expect(result.kernels, result.name).toBe(scenario.options.kernels === "scalar" ? "scalar" : "simd");
    expect(result.dtype, result.name).toBe(scenario.options.dtype);
    expect(result.coefficients, result.name).toHaveLength(16 * FEATURES * classes);
    expect(result.history, result.name).toHaveLength(16 * (result.epochs ?? 0));
  }
}

describe("cross-environment determinism", () => {
  let nodeRuns: ScenarioResult[][];

  beforeAll(async () => {
    nodeRuns = [await runScenarios(Trainer, Model), await runScenarios(Trainer, Model)];
  });

  it(`covers every family × dtype × kernel build × optimizer setting (${SCENARIO_COUNT} scenarios)`, () => {
    expect(scenarios()).toHaveLength(SCENARIO_COUNT);
    expectCompleteRun(nodeRuns[0]);
  });

  it("a saved model (JSON text, Model.fromJSON) predicts the same bits as the trainer that fitted it", () => {
    for (const result of nodeRuns[0]) {
      expect(result.predictions, result.name).toMatch(/^[0-9a-f]+$/);
      expect(result.modelPredictions, result.name).toBe(result.predictions);
    }
  });

  it("a state saved halfway, restored from JSON text and resumed gives the bits of the whole gd/sgd fit and of every update rule (schedules constant, invscaling, optimal, step, exponential; averaging; L1)", () => {
    const resumable = nodeRuns[0].filter((result) => !/newton|lbfgs|standardized/.test(result.name));
    expect(resumable.length).toBeGreaterThan(0);
    for (const result of resumable) {
      // θ / the cumulative L1 penalty's two vectors (l1 > 0 only) / RNG / t / epochs
      expect(result.state, result.name).toMatch(/-l1|elastic-net/.test(result.name) ? /^[0-9a-f]+\/[0-9a-f]+,[0-9a-f]+\/[0-9a-f]{64}\/\d+\/\d+$/ : /^[0-9a-f]+\/\/[0-9a-f]{64}\/\d+\/\d+$/);
      expect(result.resumedState, result.name).toBe(result.state);
    }
  });

  it("Node: the same seed and options give the same bits run after run", () => {
    expect(bitDifferences("Node run 1", nodeRuns[0], "Node run 2", nodeRuns[1])).toEqual([]);
  });

  it("the scenarios are not degenerate: different seeds, dtypes and kernel builds change the bits", () => {
    // If every fit returned the same numbers, bit-equality across hosts would prove nothing.
    const distinct = (field: (typeof FLOAT_FIELDS)[number]) => new Set(nodeRuns[0].map((result) => result[field])).size;
    expect(distinct("coefficients")).toBeGreaterThan(SCENARIO_COUNT / 2);
    expect(distinct("history")).toBeGreaterThan(SCENARIO_COUNT / 2);
  });

  const plan = chromiumPlan();

  describe.skipIf(!plan.run)("in headless Chromium (/usr/bin/chromium via playwright-core)", () => {
    let outcome: BrowserOutcome;
    let pageProblems: string[];

    beforeAll(async () => {
      if (!existsSync(BROWSER_BUNDLE)) throw new Error(`${BROWSER_BUNDLE} is missing: run \`npm run build\` first.`);
      const started = performance.now();
      ({ outcome, problems: pageProblems } = await pageOutcome<BrowserOutcome>(REPO_ROOT, ["dist", "test/browser"], PAGE_PATH, "crossEnvironment", 90_000));
      console.info(
        `[cross-environment] ${outcome.userAgent}: ${SCENARIO_COUNT} scenarios × 2 runs in ${outcome.elapsedMs?.toFixed(0)} ms in the page, ` +
          `${(performance.now() - started).toFixed(0)} ms including server, Chromium launch and page load`,
      );
    });

    it("loads and runs the page with no page errors, console errors or failed requests", () => {
      expect(outcome.error).toBeUndefined();
      expect(pageProblems).toEqual([]);
      expect(outcome.simdSupported).toBe(true);
    });

    it("runs every scenario, SIMD for auto and scalar when forced", () => {
      expect(outcome.runs).toHaveLength(2);
      expectCompleteRun(outcome.runs![0]);
    });

    it("Chromium: a state saved halfway, restored and resumed gives the bits of the whole fit (and Node's)", () => {
      for (const result of outcome.runs![0].filter((r) => r.state !== undefined)) expect(result.resumedState, result.name).toBe(result.state);
    });

    it("Chromium: the same seed and options give the same bits run after run", () => {
      expect(bitDifferences("Chromium run 1", outcome.runs![0], "Chromium run 2", outcome.runs![1])).toEqual([]);
    });

    it("Chromium gives bit-for-bit the Node results: data, coefficients, intercept, objective, history, summary statistics, predictions", () => {
      expect(bitDifferences("Node", nodeRuns[0], "Chromium", outcome.runs![0])).toEqual([]);
    });
  });
});
