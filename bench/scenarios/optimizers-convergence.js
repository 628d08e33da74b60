// Scenario: epochs to a 1e-4 relative objective gap (issue 9 item 7) for SGD, Adam and averaged
// SGD, each with the best of a small grid of learning rates × {constant, exponential decay 0.95
// per epoch} (averaged SGD: constant only, as its theory has it), on a well-conditioned
// least-squares problem (standard normal features) and an ill-conditioned one (the same features
// with column j scaled by 10^(−1.5j/(d − 1)): κ(XᵀX) ≈ 10³). The gap is measured after every epoch
// at the parameters the fit would return (θ, or θ̄ for averaged SGD: read with saveState() inside
// onEpoch) against the exact optimum (normal equations).
import { makeRegression } from "../lib/data.js";
import { leastSquares } from "../lib/least-squares.js";
import { objective } from "../baselines/plain-sgd.js";
import { outcome, table } from "../lib/report.js";
import { Trainer } from "../../dist/index.js";

const GAP = 1e-4;
const L2 = 1e-4;
const DECAY = { kind: "exponential", gamma: 0.95 };
const OPTIMIZERS = [
  { id: "sgd", options: { optimizer: "sgd" }, schedules: ["constant", DECAY] },
  { id: "adam", options: { optimizer: "adam" }, schedules: ["constant", DECAY] },
  { id: "averaged sgd", options: { optimizer: "sgd", average: true }, schedules: ["constant"] },
];
const label = (schedule) => (schedule === "constant" ? "constant" : `×${schedule.gamma}/epoch`);

function settings(quick) {
  return quick
    ? { rows: 5000, features: 16, batchSize: 32, maxEpochs: 60, rates: [0.003, 0.01, 0.03, 0.1] }
    : { rows: 20000, features: 16, batchSize: 32, maxEpochs: 200, rates: [0.001, 0.003, 0.01, 0.03, 0.1] };
}

function illConditioned(problem) {
  const { n, d } = problem;
  const X64 = Float64Array.from(problem.X64);
  for (let j = 0; j < d; j++) {
    const scale = Math.fround(10 ** ((-1.5 * j) / (d - 1)));
    for (let i = 0; i < n; i++) X64[i * d + j] = Math.fround(X64[i * d + j] * scale);
  }
  return { ...problem, X64 };
}

function decodeFloat64(hex) {
  const bytes = Uint8Array.from(hex.match(/../g), (h) => parseInt(h, 16));
  return new Float64Array(bytes.buffer);
}

/** Epochs until the returned parameters are within GAP (relative) of the optimum, or null. */
async function epochsToGap(problem, optimum, options, learningRate, maxEpochs, batchSize) {
  const { n, d } = problem;
  const trainer = await Trainer.create({ family: "gaussian", batchSize, epochs: maxEpochs, tolerance: 0, l2: L2, learningRate, seed: 3, ...options });
  let reached = null;
  try {
    trainer.fit({ data: problem.X64, rows: n, cols: d }, problem.y64, {
      onEpoch: ({ epoch }) => {
        const state = trainer.saveState();
        const theta = decodeFloat64(state.average ?? state.theta);
        const value = objective({ X: problem.X64, y: problem.y64, rows: n, cols: d, family: "gaussian", W: theta.subarray(0, d), b: theta[d], l2: L2 });
        if ((value - optimum) / optimum <= GAP) {
          reached = epoch;
          return false;
        }
        return undefined;
      },
    });
  } catch {
    reached = null; // a rate that diverges has not reached the gap
  } finally {
    trainer.dispose();
  }
  return reached;
}

export default {
  id: "optimizers-convergence",
  title: "Epochs to a 1e-4 objective gap: SGD vs Adam vs averaged SGD",

  async run({ quick, log }) {
    const config = settings(quick);
    const base = makeRegression(config.rows, config.features, 99);
    const problems = [["well-conditioned", base], ["ill-conditioned (κ ≈ 1e3)", illConditioned(base)]];
    const rows = [];
    const outcomes = [];
    for (const [name, problem] of problems) {
      const fit = leastSquares(problem.X64, problem.y64, problem.n, problem.d, L2);
      const optimum = objective({ X: problem.X64, y: problem.y64, rows: problem.n, cols: problem.d, family: "gaussian", W: fit.W, b: fit.b, l2: L2 });
      const cells = [];
      for (const { id, options, schedules } of OPTIMIZERS) {
        let best = null;
        for (const schedule of schedules) {
          for (const rate of config.rates) {
            const epochs = await epochsToGap(problem, optimum, { ...options, schedule }, rate, config.maxEpochs, config.batchSize);
            log(`  ${name} ${id} lr ${rate} ${label(schedule)}: ${epochs ?? `> ${config.maxEpochs}`} epochs`);
            if (epochs !== null && (best === null || epochs < best.epochs)) best = { epochs, rate, schedule };
          }
        }
        cells.push(best ? `${best.epochs} (lr ${best.rate}, ${label(best.schedule)})` : `> ${config.maxEpochs}`);
        outcomes.push(outcome("target", `${id} reaches a ${GAP} gap on the ${name} problem within ${config.maxEpochs} epochs`, best !== null, best ? `${best.epochs} epochs` : `> ${config.maxEpochs}`));
      }
      rows.push([name, ...cells]);
    }
    const sections = [
      `## ${this.title}`,
      "",
      `${config.rows} rows × ${config.features} features, batches of ${config.batchSize}, l2 ${L2}; each cell: the fewest epochs over ` +
        `learning rates ${config.rates.join(", ")} and schedules (the best in brackets) until f − f* ≤ ${GAP}·f*, at most ${config.maxEpochs}.`,
      "",
      table(["problem", ...OPTIMIZERS.map((o) => o.id)], rows),
    ];
    return { sections, outcomes };
  },
};
