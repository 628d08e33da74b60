// A model as data: fit a Poisson regression, save it as JSON, load it back with Model.fromJSON
// (checked field by field) and predict without the trainer — the same bits as the trainer gives.
// The same JSON can be posted to a worker or stored; `wasm-mle predict model.json data.csv` reads it.
//
// Run: node examples/save-and-load.mjs
import { Model, Trainer } from "wasm-mle";

// counts whose log-mean is 0.5 + 0.8·x₀ − 0.4·x₁ (a fixed pseudo-random design, no RNG needed)
const X = Array.from({ length: 200 }, (_, i) => [Math.sin(i * 0.7), Math.cos(i * 1.3)]);
const y = X.map(([a, b], i) => Math.round(Math.exp(0.5 + 0.8 * a - 0.4 * b) * (0.75 + 0.5 * ((i * 37) % 11) / 10)));

const trainer = await Trainer.create({ family: "poisson", optimizer: "newton", featureNames: ["a", "b"] });
const fit = trainer.fit(X, y);
const json = JSON.stringify(fit.model());
const saved = JSON.parse(json);
console.log(`saved model: ${json.length} bytes of JSON, format ${saved.format} v${saved.version}`);
console.log(`coefficients: a ${saved.coefficients[0].toFixed(4)}, b ${saved.coefficients[1].toFixed(4)}, intercept ${saved.intercept[0].toFixed(4)}`);

const model = await Model.fromJSON(saved);
const fromModel = model.predict(X);
const fromTrainer = trainer.predict(X);
const identical = fromModel.every((value, i) => Object.is(value, fromTrainer[i]));
console.log(`predictions identical to the trainer's: ${identical}`);
console.log(`deviance explained (score): ${model.score(X, y).toFixed(4)}`);
trainer.dispose();
