// Held-out evaluation: a stratified, seeded train/test split of Fair's affairs data, a logistic
// regression fitted on the training part, and scikit-learn's metrics on the test part.
//
// Run: node examples/evaluate.mjs
import { readFileSync } from "node:fs";
import { parse } from "csv-parse/sync";
import { Trainer, metrics, trainTestSplit } from "wasm-mle";

const rows = parse(readFileSync(new URL("./data/fair-affairs.csv", import.meta.url)), { columns: true, cast: true });
const featureNames = ["rate_marriage", "age", "yrs_married", "children", "religious", "educ"];
const X = rows.map((row) => featureNames.map((name) => row[name]));
const y = rows.map((row) => row.affair);

const { XTrain, XTest, yTrain, yTest } = trainTestSplit(X, y, { testSize: 0.25, seed: 0, stratify: true });
const trainer = await Trainer.create({ family: "bernoulli", optimizer: "lbfgs", featureNames });
trainer.fit(XTrain, yTrain);
const probabilities = trainer.predict(XTest);
const predicted = Array.from(probabilities, (p) => (p > 0.5 ? 1 : 0));

console.log(`train ${yTrain.length} rows, test ${yTest.length} rows`);
console.log(`accuracy ${metrics.accuracy(yTest, predicted).toFixed(4)}`);
console.log(`ROC AUC ${metrics.rocAuc(yTest, probabilities).toFixed(4)}`);
console.log(`log-loss ${metrics.logLoss(yTest, probabilities).toFixed(4)}`);
console.log(`confusion matrix (rows = true 0, 1): ${JSON.stringify(metrics.confusionMatrix(yTest, predicted))}`);
trainer.dispose();
