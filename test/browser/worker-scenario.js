// The data of the WorkerTrainer page (test/browser/worker.html), generated the same way in Node and
// in Chromium so both can check the worker's bits against a synchronous Trainer.

/** n × d row-major design with a bernoulli and a gaussian response, from a fixed LCG seed. */
export function workerProblem(rows = 100_000, cols = 20) {
  const data = new Float64Array(rows * cols);
  const yBinary = new Float64Array(rows);
  const yReal = new Float64Array(rows);
  let state = 20261201;
  const uniform = () => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  for (let i = 0; i < rows; i++) {
    let eta = -0.3;
    for (let j = 0; j < cols; j++) {
      const x = 2 * uniform() - 1;
      data[i * cols + j] = x;
      eta += x * (((j * 7) % 11) / 11 - 0.45);
    }
    yBinary[i] = uniform() < 1 / (1 + Math.exp(-eta)) ? 1 : 0;
    yReal[i] = eta + (uniform() - 0.5);
  }
  return { X: { data, rows, cols }, yBinary, yReal };
}

export const NEWTON_OPTIONS = Object.freeze({ family: "bernoulli", optimizer: "newton" });
export const SGD_OPTIONS = Object.freeze({ family: "gaussian", optimizer: "sgd", epochs: 30, tolerance: 0, learningRate: 0.01, seed: 3 });
/** A long fit to abort: its epochs take tens of milliseconds. */
export const LONG_SGD_OPTIONS = Object.freeze({ family: "gaussian", optimizer: "sgd", epochs: 500, tolerance: 0, learningRate: 0.01 });
export const ABORT_AT_EPOCH = 3;
