// WorkerTrainer in real headless Chromium, loaded by a plain <script type="module"> page through an
// import map (test/browser/worker.html): a 100k×20 newton fit and a 30-epoch sgd fit in a Web
// Worker leave the main thread free (no long task > 50 ms from create() to the last result, by
// the Long Tasks API), give the bits of a synchronous Trainer, and a signal aborts within one epoch
// in the worker and in the synchronous fit.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { chromiumPlan, pageOutcome } from "../helpers/browser-chromium.js";
import { ABORT_AT_EPOCH, SGD_OPTIONS } from "../browser/worker-scenario.js";

const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url));

interface Fit {
  coefficients: string;
  intercept?: string;
  history?: string;
  epochs?: number;
  stopReason?: string;
  kernels?: string;
  progress?: number[];
}

interface WorkerOutcome {
  error?: string;
  windowMs: number;
  longTasks: { startTime: number; duration: number }[];
  controlLongTasks: number[];
  controlMs: number;
  largestTimerGapMs: number;
  fitCallMs: number;
  newton: Fit;
  newtonSummaryText: string;
  syncNewton: Fit & { summaryText: string };
  sgd: Fit;
  syncSgd: Fit & { predictions: string };
  predictions: string;
  abort: { error: { isAbortError: boolean; name: string; code: string } | null; seen: number[]; abortLatencyMs: number; progressTimes: number[]; usableAfter: number };
  syncAbort: { stopReason: string; epochs: number; epochMs: number };
}

const plan = chromiumPlan();

describe.skipIf(!plan.run)("WorkerTrainer in headless Chromium (/usr/bin/chromium via playwright-core)", () => {
  let outcome: WorkerOutcome;
  let problems: string[];

  beforeAll(async () => {
    for (const file of ["dist/worker.js", "dist/worker-thread.js", "dist/wasm-mle.js"]) {
      if (!existsSync(new URL(`../../${file}`, import.meta.url))) throw new Error(`${file} is missing: run \`npm run build\` first.`);
    }
    ({ outcome, problems } = await pageOutcome<WorkerOutcome>(REPO_ROOT, ["dist", "test/browser"], "/test/browser/worker.html", "workerOutcome", 240_000));
    console.info(
      `[worker-chromium] create() → last result ${outcome.windowMs?.toFixed(0)} ms, long tasks ${JSON.stringify(outcome.longTasks)}, ` +
        `largest gap of a 5 ms timer ${outcome.largestTimerGapMs?.toFixed(1)} ms, fit() call (packing, posting) ${outcome.fitCallMs?.toFixed(1)} ms ` +
        `(the same newton fit in the page: ${outcome.controlMs?.toFixed(0)} ms, long tasks ${JSON.stringify(outcome.controlLongTasks?.map(Math.round))} ms); ` +
        `abort → rejection ${outcome.abort?.abortLatencyMs.toFixed(2)} ms, one sgd epoch ${outcome.syncAbort?.epochMs.toFixed(1)} ms`,
    );
  }, 300_000);

  it("runs the page with no page errors, console errors or failed requests", () => {
    expect(outcome.error).toBeUndefined();
    expect(problems).toEqual([]);
  });

  it("no main-thread task over 50 ms from create() to the last result of a 100k×20 newton and a 30-epoch sgd fit", () => {
    expect(outcome.newton.epochs).toBeGreaterThan(2);
    expect(outcome.newton.stopReason).toBe("converged");
    expect(outcome.sgd.epochs).toBe(SGD_OPTIONS.epochs);
    expect(outcome.longTasks).toEqual([]);
    // The observer works here: the same newton fit run synchronously in the page is a long task.
    expect(Math.max(0, ...outcome.controlLongTasks)).toBeGreaterThan(50);
  });

  it("the worker's fits, summary, progress and predictions have the bits of a Trainer in the page", () => {
    expect(outcome.newton.kernels).toBe("simd");
    expect(outcome.newton.coefficients).toBe(outcome.syncNewton.coefficients);
    expect(outcome.newton.intercept).toBe(outcome.syncNewton.intercept);
    expect(outcome.newtonSummaryText).toBe(outcome.syncNewton.summaryText);
    expect(outcome.sgd.coefficients).toBe(outcome.syncSgd.coefficients);
    expect(outcome.sgd.history).toBe(outcome.syncSgd.history);
    expect(outcome.sgd.progress).toEqual(Array.from({ length: SGD_OPTIONS.epochs }, (_, i) => i + 1));
    expect(outcome.predictions).toBe(outcome.syncSgd.predictions);
  });

  it("a signal aborts the worker fit within one epoch (an AbortError, no progress after it), and the WorkerTrainer fits again", () => {
    expect(outcome.abort.error).toEqual({ isAbortError: true, name: "AbortError", code: "ABORTED" });
    expect(outcome.abort.seen.at(-1)).toBe(ABORT_AT_EPOCH);
    expect(outcome.abort.abortLatencyMs).toBeLessThan(outcome.syncAbort.epochMs);
    expect(outcome.abort.usableAfter).toBeGreaterThan(0);
  });

  it("a signal aborts the synchronous fit at the epoch it was aborted in, with stopReason \"aborted\"", () => {
    expect(outcome.syncAbort).toMatchObject({ stopReason: "aborted", epochs: ABORT_AT_EPOCH });
  });
});
