// The seed example (examples/seed-linear.js: y = 2x + 1 + noise, 100 points, batches of 10)
// trained three ways side by side, 200 epochs each, printing the loss per epoch:
//   sgd           constant step 0.1 (the article's method, with its bugs fixed)
//   adam          torch.optim.Adam's update, lr 0.1 decayed by 0.97 per epoch
//   averaged sgd  constant step 0.3, reporting the running mean of the iterates from update 200
//                 (scikit-learn's ASGD, average: 200): the step can be 3× larger, because the
//                 average cancels the noise that a large constant step leaves in the last iterate.
// Each recovers slope ≈ 2, intercept ≈ 1 (test/seed-optimizers.test.ts).
//
// Run: node examples/seed-optimizers.js
import { fileURLToPath } from "node:url";
import { Trainer } from "wasm-mle";
import { closedFormLeastSquares, loadSeedData } from "./seed-linear.js";

export const OPTIMIZERS = Object.freeze({
  sgd: { optimizer: "sgd", learningRate: 0.1 },
  adam: { optimizer: "adam", learningRate: 0.1, schedule: { kind: "exponential", gamma: 0.97 } },
  "averaged sgd": { optimizer: "sgd", learningRate: 0.3, average: 200 },
});

/** Fits the seed data with each optimizer; returns { name: fit }. */
export async function compareOptimizers({ epochs = 200, seed = 0 } = {}) {
  const { X, y } = loadSeedData();
  const fits = {};
  for (const [name, options] of Object.entries(OPTIMIZERS)) {
    const trainer = await Trainer.create({ family: "gaussian", batchSize: 10, epochs, tolerance: 0, seed, ...options });
    fits[name] = trainer.fit(X, y);
    trainer.dispose();
  }
  return fits;
}

/** The loss per epoch (each fit's history: the epoch's mean ½(y − η)² over its batches) as a text table. */
export function lossTable(fits, every = 20) {
  const names = Object.keys(fits);
  const rows = [["epoch", ...names].map((cell) => cell.padStart(14)).join("")];
  const epochs = fits[names[0]].history.length;
  for (let epoch = 1; epoch <= epochs; epoch++) {
    if (epoch !== 1 && epoch % every !== 0) continue;
    rows.push([String(epoch), ...names.map((name) => fits[name].history[epoch - 1].toFixed(6))].map((cell) => cell.padStart(14)).join(""));
  }
  return rows.join("\n");
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const fits = await compareOptimizers();
  console.log(lossTable(fits));
  console.log();
  for (const [name, fit] of Object.entries(fits)) {
    console.log(`${name.padEnd(13)} slope ${fit.coefficients[0].toFixed(4)}, intercept ${fit.intercept[0].toFixed(4)}, objective ${fit.objective.toFixed(7)}`);
  }
  const exact = closedFormLeastSquares(loadSeedData().X, loadSeedData().y);
  console.log(`${"closed form".padEnd(13)} slope ${exact.slope.toFixed(4)}, intercept ${exact.intercept.toFixed(4)}`);
}
