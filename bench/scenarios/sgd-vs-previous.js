// Scenario: the SGD epoch of this revision against a previous revision built side by side (issue 9:
// the training context must not slow today's epoch by more than 5 % in any cell). The previous
// build's dist is loaded from BENCH_PREVIOUS_DIST (its dist/index.js); both builds' SIMD and scalar
// trainers are timed in the same run, round by round in turn (sgd-grid's measureCell), over
// sgd-grid's cells, and each cell reports time(this) / time(previous) per kernel build.
//   git worktree add /tmp/prev <commit> && (cd /tmp/prev && ln -s $PWD/node_modules . && npm run build)
//   BENCH_PREVIOUS_DIST=/tmp/prev/dist/index.js node bench/run.js --only sgd-vs-previous
// --optimizers momentum,adagrad times those update rules' epochs instead (same cells, same bar).
import { plainSgd } from "../baselines/plain-sgd.js";
import { loadPreviousBuild } from "../lib/previous-build.js";
import { ms, outcome, rate, ratio, table } from "../lib/report.js";
import { trainerVariant, wasmScalar, wasmSimd } from "../variants/wasm-mle.js";
import { ALGORITHM, TOLERANCE, measureCell, regressionProblem } from "./sgd-grid.js";

/** ≤ 5 % slower per cell (the bar). */
const MAX_SLOWDOWN = 1.05;

function settings(quick, overrides) {
  const base = quick
    ? { rows: [20_000], features: [32, 256], batches: [32, 256], dtypes: ["float32", "float64"], optimizers: ["sgd"], epochs: 4, rounds: 2, iterations: 1 }
    : { rows: [100_000], features: [32, 256], batches: [32, 256], dtypes: ["float32", "float64"], optimizers: ["sgd"], epochs: 4, rounds: 6, iterations: 2 };
  return { ...base, ...Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined)) };
}

export default {
  id: "sgd-vs-previous",
  title: "SGD epoch: this revision vs the previous one, built side by side",

  async run({ quick, overrides, log }) {
    const { previous, previousPath, skipped } = await loadPreviousBuild(this, log);
    if (skipped) return skipped;
    const variants = [
      wasmSimd, trainerVariant("simd", "previous SIMD", previous.Trainer, "previous-simd"),
      wasmScalar, trainerVariant("scalar", "previous scalar", previous.Trainer, "previous-scalar"),
    ];
    const config = settings(quick, overrides);
    const rows = [];
    const outcomes = [];
    for (const n of config.rows) {
      for (const d of config.features) {
        log(`data ${n}×${d} …`);
        const { problem, optimum } = regressionProblem(n, d);
        for (const batchSize of config.batches) {
          const base = { ...ALGORITHM, batchSize, epochs: config.epochs };
          const referenceFit = plainSgd({ X: problem.X64, y: problem.y64, rows: n, cols: d, family: "gaussian", dtype: "float64", batchSize, learningRate: base.learningRate, l2: base.l2, seed: base.seed, epochs: base.epochs });
          for (const [dtype, optimizer] of config.dtypes.flatMap((t) => config.optimizers.map((r) => [t, r]))) {
            const cell = { ...base, dtype, optimizer };
            const results = await measureCell(variants, problem, cell, config, { objective: referenceFit.objective, optimum }, log);
            const where = `${optimizer}, ${n}×${d}, batch ${batchSize}, ${dtype}`;
            for (const build of ["simd", "scalar"]) {
              const now = results[build];
              const before = results[`previous-${build}`];
              const slowdown = now.epochMs / before.epochMs;
              rows.push([optimizer, n, d, batchSize, dtype, build, ms(before.epochMs), ms(now.epochMs), rate(before.rowsPerSecond), rate(now.rowsPerSecond), ratio(slowdown), slowdown <= MAX_SLOWDOWN ? "✓" : "✗"]);
              outcomes.push(outcome("target", `${build} epoch ≤ ${MAX_SLOWDOWN}× the previous revision's (${where})`, slowdown <= MAX_SLOWDOWN, ratio(slowdown),
                `${ms(before.epochMs)} → ${ms(now.epochMs)} ms CPU/epoch`));
              const agreement = Math.abs(now.objective - before.objective) / Math.abs(before.objective);
              outcomes.push(outcome("check", `${build}: same final objective as the previous revision (${where})`, agreement <= TOLERANCE[dtype],
                `rel. Δf ${agreement.toExponential(1)} ≤ ${TOLERANCE[dtype].toExponential(0)}`, `${config.epochs} epochs, same seed`));
            }
          }
        }
      }
    }
    const section = [
      `## ${this.title}`,
      "",
      `Previous build: ${previousPath}. Gaussian least squares as in sgd-grid (lr ${ALGORITHM.learningRate}, l2 ${ALGORITHM.l2}, seed ${ALGORITHM.seed}, shuffled batches), ` +
        `both revisions' SIMD and scalar trainers timed in the same process, ${config.rounds} rounds × ${config.iterations} fit(s) of ${config.epochs} epochs each, taking turns round by round; ` +
        `epoch time = median CPU time between end-of-epoch callbacks (sgd-grid's method). **ratio** = this revision's epoch time / the previous one's: ≤ ${MAX_SLOWDOWN} is the bar.`,
      "",
      table(["optimizer", "n", "d", "batch", "dtype", "build", "previous ms/epoch", "this ms/epoch", "previous rows/s", "this rows/s", "ratio", "≤ 1.05"], rows),
    ].join("\n");
    return { sections: [section], outcomes };
  },
};
