// `node scripts/kernel-bits.js OTHER_DIST`: fits one grid (4 families × every optimizer × both
// dtypes × both builds, and a saved model's predictions, standard errors and an L1 path) with this
// checkout's dist/ and with another build's dist/ (e.g. main's), and compares every coefficient,
// intercept, loss, prediction and standard error bit for bit. Prints the differences and exits 1 on
// any; a change to how the kernels are built or loaded must leave every one of these bits as it was.
// test/kernel-sets.test.ts runs the same grid through instances with and without the epochs' module.
import { pathToFileURL } from "node:url";
import { resolve } from "node:path";

export const FAMILIES = ["gaussian", "bernoulli", "poisson", "multinomial"];
export const OPTIMIZERS = ["auto", "newton", "lbfgs", "cd", "gd", "sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "adamw"];
export const DTYPES = ["float64", "float32"];

/** A seeded problem: n rows, d features, a response of the family (multinomial: 3 classes). */
export function problem(family, n = 240, d = 4, seed = 12345) {
  let state = seed >>> 0;
  const uniform = () => {
    // mulberry32: a fixed stream, the same in every run and host
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const X = Array.from({ length: n }, () => Array.from({ length: d }, () => 2 * uniform() - 1));
  const eta = X.map((row) => row.reduce((s, x, j) => s + x * (0.6 - 0.3 * j), 0.2));
  const y = eta.map((e, i) => {
    const u = uniform();
    if (family === "gaussian") return e + (u - 0.5);
    if (family === "bernoulli") return u < 1 / (1 + Math.exp(-e)) ? 1 : 0;
    if (family === "poisson") return Math.floor(-Math.log(1 - u) * Math.exp(e));
    return (i + (e > 0 ? 1 : 0) + (u < 0.3 ? 1 : 0)) % 3;
  });
  return { X, y };
}

/** Options of one grid cell. */
export function cellOptions(family, optimizer, dtype, kernels) {
  return {
    family, optimizer, dtype, kernels, seed: 3,
    ...(family === "multinomial" ? { classes: 3 } : {}),
    ...(optimizer === "cd" ? { l1: 0.01 } : { l2: 1e-3 }),
    ...(["gd", "sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "adamw"].includes(optimizer) ? { epochs: 8, learningRate: 0.05 } : {}),
  };
}

const hex = (values) => Array.from(new Float64Array(Float64Array.from(values).buffer), (v) => {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, v);
  return view.getBigUint64(0).toString(16).padStart(16, "0");
}).join(" ");

/** Every number of one fit as hex of its f64 bits, by name. */
export function fitBits(fit) {
  return {
    coefficients: hex(fit.coefficients), intercept: hex(fit.intercept), objective: hex([fit.objective, fit.logLikelihood]),
    history: hex(fit.history), epochs: String(fit.epochs), stopReason: fit.stopReason,
  };
}

/** The grid's bits with one dist/ (its wasm-mle.js), keyed "family optimizer dtype kernels: what". */
export async function gridBits(dist) {
  const { Trainer, Model } = await import(pathToFileURL(resolve(dist, "wasm-mle.js")).href);
  const out = {};
  for (const kernels of ["simd", "scalar"]) {
    for (const dtype of DTYPES) {
      for (const family of FAMILIES) {
        const { X, y } = problem(family);
        for (const optimizer of OPTIMIZERS) {
          const key = `${family} ${optimizer} ${dtype} ${kernels}`;
          const trainer = await Trainer.create(cellOptions(family, optimizer, dtype, kernels));
          try {
            const fit = trainer.fit(X, y);
            for (const [what, value] of Object.entries(fitBits(fit))) out[`${key}: ${what}`] = value;
            out[`${key}: trainer.predict`] = hex(trainer.predict(X.slice(0, 16)));
            const model = await Model.fromJSON(JSON.parse(JSON.stringify(fit.model())), { kernels });
            out[`${key}: model.predict`] = hex(model.predict(X.slice(0, 16)));
            model.dispose?.();
            if (["auto", "newton", "lbfgs"].includes(optimizer)) out[`${key}: stdErrors`] = hex([...fit.summary().terms.map((t) => t.stdError), ...fit.summary().covarianceMatrix]);
          } catch (error) {
            out[`${key}: error`] = `${error.name}: ${error.message}`;
          } finally {
            trainer.dispose();
          }
        }
        const pathTrainer = await Trainer.create(cellOptions(family, "auto", dtype, kernels));
        const path = pathTrainer.fitPath(X, y, { nLambda: 8 });
        out[`${family} fitPath ${dtype} ${kernels}: coefficients`] = path.coefficients.map((c) => hex(c)).join(" | ");
        pathTrainer.dispose();
      }
    }
  }
  return out;
}

if (process.argv[1] === new URL(import.meta.url).pathname) {
  const other = process.argv[2];
  if (!other) throw new Error("usage: node scripts/kernel-bits.js OTHER_DIST (a dist/ folder of another build)");
  const mine = await gridBits(new URL("../dist", import.meta.url).pathname);
  const theirs = await gridBits(other);
  const keys = [...new Set([...Object.keys(mine), ...Object.keys(theirs)])];
  const differ = keys.filter((key) => mine[key] !== theirs[key]);
  for (const key of differ) console.log(`${key}\n  this:  ${mine[key]}\n  other: ${theirs[key]}`);
  const errors = keys.filter((key) => key.endsWith(": error"));
  console.log(`${keys.length} values compared (${errors.length} fits that throw, compared by message), ${differ.length} differ`);
  process.exitCode = differ.length === 0 ? 0 : 1;
}
