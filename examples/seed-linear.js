// The example this project grew from, done right: fit y = 2x + 1 + noise on 100 points by
// mini-batch gradient descent (batch 10, learning rate 0.01).
//
// The article's version had three bugs, fixed here:
//   1. No intercept: it fitted y ≈ w·x through the origin, so the slope absorbed the "+ 1".
//      Here fitIntercept is on (the default) and the intercept is never penalised.
//   2. The gradient had the wrong sign (w += lr·grad climbs the loss). The kernel steps
//      w ← w − lr·∇f with ∇ of ½(y − η)² being (η − y)·x.
//   3. A variable named like its own function (`gradient = gradient(...)`), which breaks the
//      second call. Nothing here is shadowed.
//
// Data: the article's own numpy calls, np.random.seed(0); X = rand(100, 1);
// y = 2X + 1 + 0.1·randn(100, 1), stored in examples/data/seed-linear.csv
// (provenance: test/fixtures/seed_linear.json).
//
// Run: node examples/seed-linear.js
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parse } from "csv-parse/sync";
import { Trainer } from "wasm-mle";

export function loadSeedData() {
  const records = parse(readFileSync(new URL("./data/seed-linear.csv", import.meta.url)), { columns: true, cast: true });
  return { X: records.map((r) => [r.x]), y: records.map((r) => r.y) };
}

/** Ordinary least squares in closed form for one feature: slope = Sxy / Sxx, intercept = ȳ − slope·x̄. */
export function closedFormLeastSquares(X, y) {
  const n = y.length;
  const xMean = X.reduce((s, [x]) => s + x, 0) / n;
  const yMean = y.reduce((s, v) => s + v, 0) / n;
  let sxy = 0;
  let sxx = 0;
  X.forEach(([x], i) => {
    sxy += (x - xMean) * (y[i] - yMean);
    sxx += (x - xMean) ** 2;
  });
  const slope = sxy / sxx;
  return { slope, intercept: yMean - slope * xMean };
}

export async function fitSeedExample({ epochs = 5000, seed = 0 } = {}) {
  const { X, y } = loadSeedData();
  const trainer = await Trainer.create({
    family: "gaussian", optimizer: "sgd", batchSize: 10, learningRate: 0.01, epochs, tolerance: 0, seed,
  });
  const fit = trainer.fit(X, y);
  trainer.dispose();
  return { fit, closedForm: closedFormLeastSquares(X, y) };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { fit, closedForm } = await fitSeedExample();
  console.log(`mini-batch SGD: slope ${fit.coefficients[0].toFixed(6)}, intercept ${fit.intercept[0].toFixed(6)} (${fit.epochs} epochs)`);
  console.log(`closed form:    slope ${closedForm.slope.toFixed(6)}, intercept ${closedForm.intercept.toFixed(6)}`);
}
