// TensorFlow.js (WASM backend) running Adam on the same mini-batches as wasm-mle: the kernels'
// xoshiro256** shuffle of the identity each epoch, per batch gather → matMul → residual →
// gradient (Xᵀr/|B| + l2·w, Σr/|B|), then TF.js's own tf.train.adam applyGradients (its Adam:
// m̂/(√v̂ + ε), the bias-corrected form of torch's). float32 only (TF.js-WASM has no f64 kernels).
import { Xoshiro256, interceptStart } from "../baselines/plain-sgd.js";
import { tfjsWasm } from "./tfjs-wasm.js";

let tfLoaded = null;

async function tf() {
  tfLoaded ??= (async () => {
    await tfjsWasm.describe(); // loads and initialises the WASM backend once
    return import("@tensorflow/tfjs-core");
  })();
  return tfLoaded;
}

export const tfjsAdam = {
  id: "tfjs-adam",
  label: "TF.js WASM Adam",
  timing: "batches",
  describe: () => tfjsWasm.describe(),
  async open(problem, cell) {
    const t = await tf();
    const { n, d } = problem;
    const X = t.tensor2d(problem.X32, [n, d], "float32");
    const Y = t.tensor2d(problem.y32, [n, 1], "float32");
    const startBias = interceptStart("gaussian", problem.y32);
    let w, b, optimizer, rng, order, cursor, round = 0;

    function reset() {
      w?.dispose();
      b?.dispose();
      optimizer?.dispose();
      round++;
      w = t.variable(t.zeros([d, 1], "float32"), true, `w${round}`);
      b = t.variable(t.tensor1d([startBias], "float32"), true, `b${round}`);
      optimizer = t.train.adam(cell.learningRate, 0.9, 0.999, 1e-8);
      rng = new Xoshiro256(cell.seed);
      order = new Int32Array(n);
      cursor = n;
    }

    function batchStep() {
      if (cursor >= n) {
        for (let i = 0; i < n; i++) order[i] = i; // as the kernel: each epoch shuffles the identity
        rng.shuffle(order);
        cursor = 0;
      }
      const batch = Math.min(cell.batchSize, n - cursor);
      const ids = order.subarray(cursor, cursor + batch);
      cursor += batch;
      t.tidy(() => {
        const idx = t.tensor1d(ids, "int32");
        const xb = t.gather(X, idx);
        const residual = t.sub(t.add(t.matMul(xb, w), b), t.gather(Y, idx));
        const gradW = t.add(t.mul(t.matMul(xb, residual, true, false), 1 / batch), t.mul(w, cell.l2));
        const gradB = t.reshape(t.mul(t.sum(residual), 1 / batch), [1]);
        optimizer.applyGradients({ [w.name]: gradW, [b.name]: gradB });
      });
    }

    reset();
    const batchesPerEpoch = Math.ceil(n / cell.batchSize);
    return {
      fit(epochs) {
        reset();
        for (let e = 0; e < epochs; e++) for (let k = 0; k < batchesPerEpoch; k++) batchStep();
        return { W: Float64Array.from(w.dataSync()), b: b.dataSync()[0] };
      },
      runBatches(count) {
        for (let k = 0; k < count; k++) batchStep();
        w.dataSync();
      },
      close() {
        w.dispose();
        b.dispose();
        optimizer.dispose();
        X.dispose();
        Y.dispose();
      },
    };
  },
};
