// The plain JavaScript loop of the same algorithm (bench/baselines/plain-sgd.js), on typed arrays
// of the cell's dtype.
//
// Each dtype gets its own instance of the module (a distinct import URL), so V8 keeps separate type
// feedback for the Float32Array and the Float64Array runs: a program written for one dtype is
// monomorphic, and sharing one instance would make the baseline slower than plain code really is.
import { dataFor } from "../lib/data.js";

const instances = new Map();

function baselineFor(dtype) {
  if (!instances.has(dtype)) instances.set(dtype, import(new URL(`../baselines/plain-sgd.js?dtype=${dtype}`, import.meta.url).href));
  return instances.get(dtype);
}

export const plainJs = {
  id: "plain",
  label: "plain JS loop",
  timing: "epochs",
  supports: () => true,
  async open(problem, cell) {
    const { plainSgd } = await baselineFor(cell.dtype);
    const { X, y } = dataFor(problem, cell.dtype);
    return {
      fit(epochs, onEpoch) {
        const fit = plainSgd({
          X, y, rows: problem.n, cols: problem.d, family: "gaussian", dtype: cell.dtype,
          batchSize: cell.batchSize, learningRate: cell.learningRate, l2: cell.l2, seed: cell.seed, epochs,
          onEpoch,
        });
        return { W: fit.W, b: fit.b };
      },
      close() {},
    };
  },
};
