// Logistic regression with statsmodels-style inference: Fair's affairs data (examples/data,
// 1061 rows), newton, and the summary table with standard errors, z, p-values and 95 % intervals.
// statsmodels' Logit on the same rows gives the same numbers (test/known-answers.test.ts).
//
// Run: node examples/logistic-regression.mjs
import { readFileSync } from "node:fs";
import { parse } from "csv-parse/sync";
import { Trainer } from "wasm-mle";

const rows = parse(readFileSync(new URL("./data/fair-affairs.csv", import.meta.url)), { columns: true, cast: true });
const featureNames = ["rate_marriage", "age", "yrs_married", "children", "religious", "educ"];
const X = rows.map((row) => featureNames.map((name) => row[name]));
const y = rows.map((row) => row.affair);

const trainer = await Trainer.create({ family: "bernoulli", optimizer: "newton", featureNames });
const fit = trainer.fit(X, y);
const summary = fit.summary();
console.log(summary.text);
console.log(`converged: ${fit.converged} after ${fit.epochs} iterations; pseudo-R² ${summary.pseudoRSquared.toFixed(4)}`);
// The probability of an affair for the first three women in the data
console.log(`P(affair) for rows 1-3: ${Array.from(trainer.predict(X.slice(0, 3)), (p) => p.toFixed(3)).join(", ")}`);
trainer.dispose();
