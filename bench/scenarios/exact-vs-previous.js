// Scenario: the exact optimizers (newton, lbfgs, cd with l1, and a fitPath) of this revision against a
// previous revision built side by side, as sgd-vs-previous does for the SGD epoch: since the core
// binary (bindings/wasm/load.ts KernelSet), these trainers and saved models run another binary than
// gd/sgd, compiled from the same sources; the fits must take no longer and give the same bits.
// The previous build's dist comes from BENCH_PREVIOUS_DIST (its dist/index.js):
//   git archive <commit> | tar -x -C /tmp/prev && (cd /tmp/prev && ln -s $PWD/node_modules . && npm run build)
//   BENCH_PREVIOUS_DIST=/tmp/prev/dist/index.js node bench/run.js --only exact-vs-previous
// Both builds' trainers fit in turn, round by round, so both see the same quiet and busy moments;
// a cell's time is the median CPU time of its fits (process.cpuUsage, see lib/timing.js).
import { Trainer } from "../../dist/index.js";
import { makeGlmProblem } from "../lib/glm-data.js";
import { cpuNow, median } from "../lib/timing.js";
import { loadPreviousBuild } from "../lib/previous-build.js";
import { ms, outcome, ratio, table } from "../lib/report.js";

/** ≤ 5 % slower per cell, sgd-vs-previous's bar. */
const MAX_SLOWDOWN = 1.05;

const FITS = [
  { name: "newton", options: { optimizer: "newton" } },
  { name: "lbfgs", options: { optimizer: "lbfgs" } },
  { name: "cd, l1 0.01", options: { optimizer: "cd", l1: 0.01 } },
  { name: "fitPath, 20 λ", options: {}, path: { nLambda: 20 } },
  // a fixed number of sgd epochs, where exp/log run once per row per epoch (bernoulli, poisson)
  { name: "sgd, 5 epochs", options: { optimizer: "sgd", epochs: 5, tolerance: 0 } },
];

function settings(quick, overrides) {
  const base = quick
    ? { rows: [20_000], features: [16], dtypes: ["float64", "float32"], families: ["gaussian", "bernoulli", "poisson"], rounds: 5 }
    : { rows: [100_000], features: [16], dtypes: ["float64", "float32"], families: ["gaussian", "bernoulli", "poisson"], rounds: 9 };
  return { ...base, ...Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined)) };
}

const bitsOf = (arrays) => arrays.map((a) => Array.from(new Uint32Array(Float64Array.from(a).buffer)).join(",")).join("|");

/** One fit (or path) with a build's Trainer: its CPU ms and the bits of what it fitted. */
async function timedFit(TrainerClass, family, fit, dtype, data) {
  const trainer = await TrainerClass.create({ family, dtype, ...fit.options });
  try {
    const X = { data: data.X, rows: data.n, cols: data.d };
    const start = cpuNow();
    const result = fit.path ? trainer.fitPath(X, data.y, fit.path) : trainer.fit(X, data.y);
    const elapsed = cpuNow() - start;
    return { elapsed, bits: fit.path ? bitsOf(result.coefficients) : bitsOf([result.coefficients, result.intercept]) };
  } finally {
    trainer.dispose();
  }
}

export default {
  id: "exact-vs-previous",
  title: "Exact fits (newton, lbfgs, cd, fitPath) and sgd epochs: this revision vs the previous one, built side by side",

  async run({ quick, overrides, log }) {
    const { previous, previousPath, skipped } = await loadPreviousBuild(this, log);
    if (skipped) return skipped;
    const config = settings(quick, overrides);
    const rows = [];
    const outcomes = [];
    const slowdowns = [];
    for (const n of config.rows) {
      for (const d of config.features) {
        for (const family of config.families) {
          const data = makeGlmProblem(family, n, d);
          for (const dtype of config.dtypes) {
            for (const fit of FITS) {
              const where = `${family} ${fit.name}, ${n}×${d}, ${dtype}`;
              log(`${where} …`);
              const times = { now: [], before: [] };
              let bits = { now: "", before: "" };
              for (let round = 0; round < config.rounds; round++) {
                // alternate which build goes first, so neither always runs on a warmer cache
                const order = round % 2 === 0 ? [["now", Trainer], ["before", previous.Trainer]] : [["before", previous.Trainer], ["now", Trainer]];
                for (const [which, TrainerClass] of order) {
                  const { elapsed, bits: fitted } = await timedFit(TrainerClass, family, fit, dtype, data);
                  // the first round of each build warms its compiled code
                  if (round > 0) times[which].push(elapsed);
                  bits[which] = fitted;
                }
              }
              const now = median(times.now);
              const before = median(times.before);
              const slowdown = now / before;
              slowdowns.push(slowdown);
              const same = bits.now === bits.before;
              rows.push([family, fit.name, dtype, ms(before), ms(now), ratio(slowdown), slowdown <= MAX_SLOWDOWN ? "✓" : "✗", same ? "✓" : "✗"]);
              outcomes.push(outcome("target", `fit ≤ ${MAX_SLOWDOWN}× the previous revision's (${where})`, slowdown <= MAX_SLOWDOWN, ratio(slowdown), `${ms(before)} → ${ms(now)} ms CPU`));
              outcomes.push(outcome("check", `same coefficient bits as the previous revision (${where})`, same, same ? "bit for bit" : "differ"));
            }
          }
        }
      }
    }
    const section = [
      `## ${this.title}`,
      "",
      `Previous build: ${previousPath}. Data: bench/lib/glm-data.js (isotropic design, seed 2025); default options but the optimizer's; ` +
        `${config.rounds} rounds, each build fitting once per round in alternating order, the first round left out; time = median CPU ms of a whole fit ` +
        `(Trainer.create outside it). **ratio** = this revision's / the previous one's: ≤ ${MAX_SLOWDOWN} is the bar.`,
      "",
      table(["family", "fit", "dtype", "previous ms", "this ms", "ratio", "≤ 1.05", "same bits"], rows),
      "",
      `Geometric mean of the ${slowdowns.length} ratios: **${ratio(Math.exp(slowdowns.reduce((s, r) => s + Math.log(r), 0) / slowdowns.length))}** ` +
        `(one cell's ratio swings with the machine's load; the mean over cells shows a systematic change).`,
    ].join("\n");
    return { sections: [section], outcomes };
  },
};
