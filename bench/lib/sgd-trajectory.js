// The exact objective after every epoch of the Trainer's mini-batch SGD, for finding how many
// epochs SGD needs to reach a given gap. The Trainer reports no per-epoch parameters, so this
// drives the package's own DataSession (dist/session.js) the way Trainer.fit with optimizer "sgd"
// does (bindings/trainer.ts fit + bindings/optimizers/gradient-descent.ts): same start (W = 0, b =
// the intercept-only MLE), same session.epoch() calls, same seed, so epoch e here is epoch e of
// Trainer.fit({ epochs: e }). Scenarios confirm that with a real Trainer.fit at the epoch found.
// After each epoch it evaluates f exactly (session.objective, one WASM pass); that pass is left out
// of the recorded epoch times.
import { DataSession } from "../../dist/session.js";
import { validateOptions } from "../../dist/options.js";
import { instantiateKernels, resolveBuild } from "../../dist/wasm/load.js";

/**
 * Runs SGD epoch by epoch until `stop` says so.
 * @param {{ X: Float64Array, y: Float64Array, rows: number, cols: number, options: object,
 *   stop: (state: { epoch: number, objective: number, epochMs: number }) => boolean }} p
 *   options: Trainer options (optimizer "sgd", l2 must be 0: the objective is taken unpenalised);
 *   stop is called after every epoch with the exact objective and the summed epoch time so far.
 * @returns {Promise<{ objectives: number[], epochMs: number[], kernels: string }>} objectives[e − 1]
 *   is f after epoch e; epochMs[e − 1] the wall time of epoch e alone.
 */
export async function sgdTrajectory({ X, y, rows, cols, options, stop }) {
  const o = validateOptions({ ...options, optimizer: "sgd", tolerance: 0 });
  if (o.l2 !== 0) throw new RangeError("sgdTrajectory evaluates the unpenalised objective; use l2 = 0");
  if (o.classes !== 1) throw new RangeError("sgdTrajectory handles single-output families only");
  const kernels = await instantiateKernels(resolveBuild(o.kernels));
  const session = new DataSession(kernels, o, { data: X, rows, cols }, { rows, cols }, y, undefined, rows);
  session.writeParameters({ W: new Float64Array(cols), b: o.fitIntercept ? o.family.interceptStart(y, undefined, 1) : new Float64Array(1) });
  const objectives = [];
  const epochMs = [];
  let total = 0;
  for (let epoch = 1; epoch <= o.epochs; epoch++) {
    const start = performance.now();
    session.epoch();
    const elapsed = performance.now() - start;
    total += elapsed;
    epochMs.push(elapsed);
    const objective = session.objective(0);
    objectives.push(objective);
    if (!Number.isFinite(objective) || stop({ epoch, objective, epochMs: total })) break;
  }
  return { objectives, epochMs, kernels: kernels.build };
}
