// TensorFlow.js with its WASM backend (SIMD, one thread in Node) running the same mini-batch SGD by
// hand: the same xoshiro256** shuffle as the kernels (so it visits rows in the same order), then
// per batch gather → matMul → residual → matMul(Xᵀ, r) → update, inside tf.tidy. It computes no
// per-epoch loss (the other variants do), which only flatters it. TF.js-WASM has no float64 kernels,
// so it runs float32 cells only.
import { Xoshiro256, interceptStart } from "../baselines/plain-sgd.js";

let loading = null;

/** Loads tfjs-core + the WASM backend once; the backend reads its .wasm files from node_modules. */
async function loadTf() {
  loading ??= (async () => {
    const tf = await import("@tensorflow/tfjs-core");
    const wasm = await import("@tensorflow/tfjs-backend-wasm");
    const distDirectory = new URL("../../node_modules/@tensorflow/tfjs-backend-wasm/dist/", import.meta.url);
    wasm.setWasmPaths(decodeURIComponent(distDirectory.pathname));
    if (!(await tf.setBackend("wasm"))) throw new Error("tf.setBackend('wasm') returned false");
    await tf.ready();
    const flags = tf.env().getFlags();
    const build = `${flags.WASM_HAS_SIMD_SUPPORT ? "SIMD" : "no SIMD"}, ${wasm.getThreadsCount()} thread(s)`;
    return { tf, version: tf.version_core, build };
  })();
  return loading;
}

export const tfjsWasm = {
  id: "tfjs",
  label: "TF.js WASM",
  timing: "batches",
  supports: (cell) => cell.dtype === "float32",
  async describe() {
    const { version, build } = await loadTf();
    return `@tensorflow/tfjs-core ${version} + tfjs-backend-wasm (${build})`;
  },
  async open(problem, cell) {
    const { tf } = await loadTf();
    const { n, d } = problem;
    const X = tf.tensor2d(problem.X32, [n, d], "float32");
    const Y = tf.tensor2d(problem.y32, [n, 1], "float32");
    const decay = 1 - cell.learningRate * cell.l2;
    const startBias = interceptStart("gaussian", problem.y32);
    let w, b, rng, order, cursor;

    function reset() {
      w?.dispose();
      b?.dispose();
      w = tf.zeros([d, 1], "float32");
      b = tf.tensor1d([startBias], "float32");
      rng = new Xoshiro256(cell.seed);
      order = new Int32Array(n);
      for (let i = 0; i < n; i++) order[i] = i;
      cursor = n; // forces a shuffle before the first batch
    }

    /** One batch starting at the cursor; reshuffles at the start of every epoch. */
    function batchStep() {
      if (cursor >= n) {
        rng.shuffle(order);
        cursor = 0;
      }
      const batch = Math.min(cell.batchSize, n - cursor);
      const ids = order.subarray(cursor, cursor + batch);
      cursor += batch;
      const step = cell.learningRate / batch; // lr·n/(|B|·W) with unit weights, W = n
      const [nextW, nextB] = tf.tidy(() => {
        const idx = tf.tensor1d(ids, "int32");
        const xb = tf.gather(X, idx);
        const residual = tf.sub(tf.add(tf.matMul(xb, w), b), tf.gather(Y, idx));
        const gradient = tf.matMul(xb, residual, true, false);
        return [tf.sub(tf.mul(w, decay), tf.mul(gradient, step)), tf.sub(b, tf.mul(tf.sum(residual), step))];
      });
      w.dispose();
      b.dispose();
      w = nextW;
      b = nextB;
    }

    reset();
    const batchesPerEpoch = Math.ceil(n / cell.batchSize);
    return {
      fit(epochs, onEpoch) {
        reset();
        for (let e = 0; e < epochs; e++) {
          for (let k = 0; k < batchesPerEpoch; k++) batchStep();
          onEpoch?.();
        }
        return { W: Float64Array.from(w.dataSync()), b: b.dataSync()[0] };
      },
      runBatches(count) {
        for (let k = 0; k < count; k++) batchStep();
        w.dataSync(); // make sure all work is done (the WASM backend is synchronous; this is cheap)
      },
      close() {
        w.dispose();
        b.dispose();
        X.dispose();
        Y.dispose();
      },
    };
  },
};
