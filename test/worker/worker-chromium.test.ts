// WorkerTrainer in real headless Chromium, loaded by a plain <script type="module"> page through an
// import map (test/browser/worker.html): a 100k×20 newton fit and a 30-epoch sgd fit in a Web
// Worker leave the main thread free (no long task > 50 ms from create() to the last result, by
// the Long Tasks API), give the bits of a synchronous Trainer, and a signal aborts within one epoch
// in the worker and in the synchronous fit.
//
// The long-task claim is a timed claim on a shared machine: the page's own main-thread work in
// that window is small (message handlers and a 5 ms heartbeat; the heartbeat's largest gap is
// 7–13 ms even beside 16 busy loops on 2 cores), but when the renderer's main thread is descheduled
// in the middle of one of those tasks, the task's wall time counts, and at a load of ~20 one 72 ms
// task was seen once (it passed alone). So the window is watched in up to MAX_ATTEMPTS fresh browsers
// and one attempt with no long task passes; every attempt must also see the control (the same fit
// run in the page) as a long task through the same observer, so a blind observer cannot pass.
// What the page does on its main thread is deterministic, so a task of ours over 50 ms would show
// up in every attempt and still fail; the failure lists each attempt's long frames with the
// scripts that ran in them (Long Animation Frames API).
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
  marks: Record<string, number>;
  longTasks: { startTime: number; duration: number }[];
  longFrames: { startTime: number; duration: number; scripts: { invoker: string; source: string; duration: number }[] }[];
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
const MAX_ATTEMPTS = 3;
const PAGE_TIMEOUT_MS = 240_000;

function openWorkerPage(): Promise<{ outcome: WorkerOutcome; problems: string[] }> {
  return pageOutcome<WorkerOutcome>(REPO_ROOT, ["dist", "test/browser"], "/test/browser/worker.html", "workerOutcome", PAGE_TIMEOUT_MS);
}

/** One attempt's long-task evidence, for the log and for a failure message. */
function watched(attempt: WorkerOutcome): string {
  return `window ${attempt.windowMs?.toFixed(0)} ms (steps end at ${JSON.stringify(attempt.marks)} ms), long tasks ${JSON.stringify(attempt.longTasks)}, ` +
    `long frames ${JSON.stringify(attempt.longFrames)}, control long tasks ${JSON.stringify(attempt.controlLongTasks?.map(Math.round))} ms`;
}

describe.skipIf(!plan.run)("WorkerTrainer in headless Chromium (/usr/bin/chromium via playwright-core)", () => {
  let outcome: WorkerOutcome;
  let problems: string[];

  beforeAll(async () => {
    for (const file of ["dist/worker.js", "dist/worker-thread.js", "dist/wasm-mle.js"]) {
      if (!existsSync(new URL(`../../${file}`, import.meta.url))) throw new Error(`${file} is missing: run \`npm run build\` first.`);
    }
    ({ outcome, problems } = await openWorkerPage());
    console.info(
      `[worker-chromium] create() → last result: ${watched(outcome)}, ` +
        `largest gap of a 5 ms timer ${outcome.largestTimerGapMs?.toFixed(1)} ms, fit() call (packing, posting) ${outcome.fitCallMs?.toFixed(1)} ms ` +
        `(the same newton fit in the page: ${outcome.controlMs?.toFixed(0)} ms); ` +
        `abort → rejection ${outcome.abort?.abortLatencyMs.toFixed(2)} ms, one sgd epoch ${outcome.syncAbort?.epochMs.toFixed(1)} ms`,
    );
  }, 300_000);

  it("runs the page with no page errors, console errors or failed requests", () => {
    expect(outcome.error).toBeUndefined();
    expect(problems).toEqual([]);
  });

  it(`no main-thread task over 50 ms from create() to the last result of a 100k×20 newton and a 30-epoch sgd fit (in one of up to ${MAX_ATTEMPTS} fresh browsers)`, async () => {
    expect(outcome.newton.epochs).toBeGreaterThan(2);
    expect(outcome.newton.stopReason).toBe("converged");
    expect(outcome.sgd.epochs).toBe(SGD_OPTIONS.epochs);
    const attempts = [outcome];
    while (attempts.at(-1)!.longTasks.length > 0 && attempts.length < MAX_ATTEMPTS) {
      const next = await openWorkerPage();
      expect(next.outcome.error).toBeUndefined();
      console.info(`[worker-chromium] attempt ${attempts.length + 1}: ${watched(next.outcome)}`);
      attempts.push(next.outcome);
    }
    // The observer works in every attempt: the same newton fit run synchronously in the page is a long task.
    for (const attempt of attempts) expect(Math.max(0, ...attempt.controlLongTasks)).toBeGreaterThan(50);
    const clean = attempts.filter((attempt) => attempt.longTasks.length === 0);
    expect(clean.length, `every attempt had a long task: ${attempts.map((attempt, i) => `#${i + 1}: ${watched(attempt)}`).join("; ")}`).toBeGreaterThan(0);
  }, MAX_ATTEMPTS * PAGE_TIMEOUT_MS);

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
