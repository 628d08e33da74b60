// Scenario: epochs of the stateful optimizers (issue 9 item 7): Adam, momentum and averaged SGD
// against plain SGD in the same run (target ≤ 1.3× the SGD epoch) at n × {32, 256} features, and
// wasm-mle's Adam against TensorFlow.js-WASM's Adam on the same batches (float32; target ≥ 50×).
// Correctness outside the timing: after E epochs TF.js's Adam and ours reach the same objective
// (same sample path, f32 rounding apart), and every variant lowers the objective.
import { objective } from "../baselines/plain-sgd.js";
import { dataFor, makeRegression } from "../lib/data.js";
import { ms, outcome, rate, ratio, table } from "../lib/report.js";
import { sampleBatches, sampleEpochs, summarize } from "../lib/timing.js";
import { tfjsAdam } from "../variants/tfjs-adam.js";
import { Trainer } from "../../dist/index.js";

const ALGORITHM = { learningRate: 0.001, l2: 1e-4, seed: 7 };
const RULES = [
  { id: "sgd", options: { optimizer: "sgd" } },
  { id: "adam", options: { optimizer: "adam" } },
  { id: "momentum", options: { optimizer: "momentum" } },
  { id: "averaged sgd", options: { optimizer: "sgd", average: 1 } },
];
const TARGETS = { versusSgd: 1.3, versusTfjs: 50 };
/** f32: TF.js's Adam and ours differ in operation order (its √ of the bias-corrected v, fused ops). */
const TFJS_AGREEMENT = 1e-4;

function settings(quick, overrides) {
  const base = quick
    ? { rows: [20_000], features: [32, 256], batches: [32], dtypes: ["float32", "float64"], epochs: 3, rounds: 2, iterations: 1, tfRows: 2048 }
    : { rows: [100_000], features: [32, 256], batches: [32], dtypes: ["float32", "float64"], epochs: 4, rounds: 3, iterations: 2, tfRows: 4096 };
  return { ...base, ...Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined)) };
}

async function openRule(rule, problem, cell) {
  const { X, y } = dataFor(problem, cell.dtype);
  const trainer = await Trainer.create({
    family: "gaussian", kernels: "simd", dtype: cell.dtype, batchSize: cell.batchSize, epochs: cell.epochs, tolerance: 0,
    learningRate: ALGORITHM.learningRate, l2: ALGORITHM.l2, seed: ALGORITHM.seed, ...rule.options,
  });
  const matrix = { data: X, rows: problem.n, cols: problem.d };
  return {
    fit(epochs, onEpoch) {
      const fit = trainer.fit(matrix, y, onEpoch ? { onEpoch: () => void onEpoch() } : {});
      return { W: fit.coefficients, b: fit.intercept[0] };
    },
    close: () => trainer.dispose(),
  };
}

export default {
  id: "optimizers",
  title: "Stateful optimizers: epochs vs plain SGD and vs TF.js-WASM Adam",

  async run({ quick, overrides, log }) {
    const config = settings(quick, overrides);
    const outcomes = [];
    const rows = [];
    let tfDescription;
    try {
      tfDescription = await tfjsAdam.describe();
    } catch (error) {
      tfDescription = `unavailable (${error.message})`;
    }
    for (const n of config.rows) {
      for (const d of config.features) {
        const problem = makeRegression(n, d);
        for (const batchSize of config.batches) {
          for (const dtype of config.dtypes) {
            const cell = { dtype, batchSize, epochs: config.epochs, ...ALGORITHM };
            const where = `${n}×${d} B=${batchSize} ${dtype}`;
            log(`optimizers ${where} …`);
            const open = [];
            for (const rule of RULES) open.push({ rule, handle: await openRule(rule, problem, cell), cpu: [] });
            const start = objective({ X: problem.X64, y: problem.y64, rows: n, cols: d, family: "gaussian", W: new Float64Array(d), b: problem.y64.reduce((s, v) => s + v, 0) / n, l2: ALGORITHM.l2 });
            const finals = {};
            for (const entry of open) {
              const fit = entry.handle.fit(cell.epochs);
              finals[entry.rule.id] = objective({ X: problem.X64, y: problem.y64, rows: n, cols: d, family: "gaussian", W: fit.W, b: fit.b, l2: ALGORITHM.l2 });
              outcomes.push(outcome("check", `${entry.rule.id} lowers the objective (${where})`, finals[entry.rule.id] < start, finals[entry.rule.id].toPrecision(6), `start ${start.toPrecision(6)}`));
            }
            let tf = null;
            if (dtype === "float32" && !tfDescription.startsWith("unavailable")) {
              tf = { handle: await tfjsAdam.open(problem, cell), cpu: [] };
              const fit = tf.handle.fit(cell.epochs);
              const value = objective({ X: problem.X64, y: problem.y64, rows: n, cols: d, family: "gaussian", W: fit.W, b: fit.b, l2: ALGORITHM.l2 });
              const diff = Math.abs(value - finals.adam) / Math.abs(finals.adam);
              outcomes.push(outcome("check", `TF.js Adam = wasm-mle Adam after ${cell.epochs} epochs (${where})`, diff <= TFJS_AGREEMENT, diff.toExponential(1), `relative objective difference, tolerance ${TFJS_AGREEMENT}`));
            }
            const tfBatches = Math.max(10, Math.ceil(config.tfRows / batchSize));
            const batchesPerEpoch = Math.ceil(n / batchSize);
            for (let round = 0; round < config.rounds; round++) {
              for (const entry of open) {
                const t = await sampleEpochs(`${entry.rule.id} ${where}`, (epochs, onEpoch) => entry.handle.fit(epochs, onEpoch), { epochs: cell.epochs, iterations: config.iterations, warmupIterations: round === 0 ? 1 : 0 });
                entry.cpu.push(...t.epochCpuMs);
              }
              if (tf) {
                const t = await sampleBatches(`tfjs adam ${where}`, (count) => tf.handle.runBatches(count), { batches: tfBatches, iterations: 1, warmupIterations: round === 0 ? 1 : 0 });
                tf.cpu.push(...t.batchCpuMs.map((v) => v * batchesPerEpoch));
              }
            }
            const epochMs = Object.fromEntries(open.map((entry) => [entry.rule.id, summarize(entry.cpu).median]));
            const tfMs = tf ? summarize(tf.cpu).median : Number.NaN;
            for (const entry of open) entry.handle.close();
            tf?.handle.close();
            for (const id of ["adam", "momentum", "averaged sgd"]) {
              const value = epochMs[id] / epochMs.sgd;
              outcomes.push(outcome("target", `${id} epoch ≤ ${TARGETS.versusSgd}× sgd (${where})`, value <= TARGETS.versusSgd, ratio(value)));
            }
            if (tf) outcomes.push(outcome("target", `wasm-mle Adam ≥ ${TARGETS.versusTfjs}× TF.js-WASM Adam (${where})`, tfMs / epochMs.adam >= TARGETS.versusTfjs, ratio(tfMs / epochMs.adam)));
            rows.push([
              where, ...RULES.map((r) => `${ms(epochMs[r.id])} (${ratio(epochMs[r.id] / epochMs.sgd)})`),
              tf ? `${ms(tfMs)} (${ratio(tfMs / epochMs.adam)} slower)` : "–", rate((n * 1000) / epochMs.adam),
            ]);
            log(`  ${where}: ${RULES.map((r) => `${r.id} ${ms(epochMs[r.id])} ms`).join(", ")}${tf ? `, tfjs adam ${ms(tfMs)} ms` : ""}`);
          }
        }
      }
    }
    const sections = [
      `## ${this.title}`,
      "",
      `CPU ms per epoch (median; SIMD build, learning rate ${ALGORITHM.learningRate}, l2 ${ALGORITHM.l2}) and the ratio to plain SGD's epoch in the same run. ` +
        `TF.js: ${tfDescription}; its epoch is extrapolated from ${config.tfRows} rows of batches, and the ratio is to wasm-mle's Adam epoch.`,
      "",
      table(["cell", ...RULES.map((r) => r.id), "TF.js-WASM Adam", "Adam rows/s"], rows),
    ];
    return { sections, outcomes };
  },
};
