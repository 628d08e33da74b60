// Timing through tinybench, on two clocks: the process's CPU time (user + system, from
// process.cpuUsage) and wall-clock time. On a machine whose cores are shared with other processes,
// wall time includes the moments the scheduler gives our core away, and those hurt long
// measurements more than short ones; CPU time does not include them, so ratios between variants
// are taken on CPU time. (Our code is single-threaded; V8's GC and compiler threads are counted.)
//
// Two shapes of measurement:
//  - epochs: each sample is one whole fit of E ≥ 2 epochs; its value is the median gap between
//    consecutive end-of-epoch callbacks (steady-state epoch time: it leaves out the fit's set-up,
//    e.g. copying X into WASM memory, and its final objective pass, and the median drops an epoch
//    hit by a JIT tier-up). The whole fit's wall time is kept too, so set-up costs stay visible.
//  - batches: each sample runs a fixed number of mini-batches (for variants too slow to time whole
//    epochs); the epoch time is extrapolated from the time per batch.
// Scenarios call these in rounds, one variant after another, so every variant sees the same mix of
// quiet and busy moments; `summarize` then pools a variant's samples.
import { Bench } from "tinybench";

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : 0.5 * (sorted[mid - 1] + sorted[mid]);
}

/** Milliseconds of CPU time this process has used (all threads, user + system). */
export function cpuNow() {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

const gapsOf = (marks) => marks.slice(1).map((mark, k) => mark - marks[k]);

async function run(name, fn, { iterations, warmupIterations }) {
  // An async task function spares tinybench its extra "is it async?" probe call.
  const bench = new Bench({
    iterations, time: 0, warmup: warmupIterations > 0, warmupIterations, warmupTime: 0, throws: true, retainSamples: true,
  });
  bench.add(name, async () => fn());
  await bench.run();
  const result = bench.tasks[0].result;
  if (result.state !== "completed") throw new Error(`benchmark task ${name} ended in state ${result.state}`);
  return result.latency.samples;
}

/**
 * Runs `fit(epochs, onEpoch)` (which must call onEpoch after every epoch) `iterations` times
 * (after `warmupIterations` unrecorded ones).
 * @returns {Promise<{ epochCpuMs: number[], epochWallMs: number[], fitWallMs: number[] }>} per fit:
 *   its median CPU and wall gaps between epochs, and its whole wall time.
 */
export async function sampleEpochs(name, fit, { epochs, iterations, warmupIterations = 0 }) {
  if (epochs < 2) throw new RangeError("sampleEpochs needs at least 2 epochs to time the gaps between them");
  const epochWallMs = [];
  const fitWallMs = [];
  const epochCpuMs = await run(name, () => {
    const wall = [];
    const cpu = [];
    const start = performance.now();
    fit(epochs, () => {
      wall.push(performance.now());
      cpu.push(cpuNow());
    });
    fitWallMs.push(performance.now() - start);
    if (wall.length !== epochs) throw new Error(`${name}: expected ${epochs} epoch callbacks, got ${wall.length}`);
    epochWallMs.push(median(gapsOf(wall)));
    return { overriddenDuration: median(gapsOf(cpu)) };
  }, { iterations, warmupIterations });
  const recorded = (values) => values.slice(values.length - iterations);
  return { epochCpuMs, epochWallMs: recorded(epochWallMs), fitWallMs: recorded(fitWallMs) };
}

/**
 * Runs `runBatches(batches)` `iterations` times (after `warmupIterations` unrecorded ones).
 * @returns {Promise<{ batchCpuMs: number[], batchWallMs: number[] }>} per sample, its time per batch.
 */
export async function sampleBatches(name, runBatches, { batches, iterations, warmupIterations = 0 }) {
  const batchWallMs = [];
  const batchCpuMs = await run(name, () => {
    const wall = performance.now();
    const cpu = cpuNow();
    runBatches(batches);
    batchWallMs.push((performance.now() - wall) / batches);
    return { overriddenDuration: (cpuNow() - cpu) / batches };
  }, { iterations, warmupIterations });
  return { batchCpuMs, batchWallMs: batchWallMs.slice(batchWallMs.length - iterations) };
}

/** Pools samples: their median, and their minimum (the least-disturbed one). */
export function summarize(samples) {
  return { median: median(samples), best: Math.min(...samples), count: samples.length };
}
