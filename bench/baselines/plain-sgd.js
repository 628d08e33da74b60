// A plain JavaScript twin of the WASM trainer's gradient descent (assembly/trainer.ts `epoch` and
// `objective`, assembly/kernels/sampling.ts): the baseline the benchmark measures against, and a
// reference implementation tests can compare with.
//
// It follows the kernels step for step: the same xoshiro256** stream seeded by splitmix64, the
// same Fisher–Yates shuffle with Lemire's bounded integers, batches taken in order, chunks of 256
// rows for the loss sums, sequential dot products, and the same update
//   w ← (1 − lr·l2)·w − lr·n/(|B|·W)·Σ_{i∈B} sᵢ·∂nllᵢ/∂η·xᵢ,   b ← b − lr·n/(|B|·W)·Σ_{i∈B} sᵢ·∂nllᵢ/∂η.
// With dtype "float64" every operation is the one the scalar WASM build performs, in the same
// order: gaussian fits match that build bit for bit; bernoulli and poisson agree to a few ulps,
// since V8's Math.exp/log1p and AssemblyScript's libm may round the last bit differently (checked:
// coefficients within 2e-14 relative after 5 epochs). With dtype "float32" data and parameters are
// stored in Float32Array (rounded on every store) but arithmetic runs in JS doubles, as plain
// TypeScript would; it then agrees with the WASM f32 builds to rounding, not bit for bit.
//
// Families: gaussian, bernoulli and poisson (one output, K = 1). Multinomial is not mirrored.

/** Rows per chunk of the kernels' loss sums (assembly/trainer.ts CHUNK). */
export const CHUNK_ROWS = 256;

const TWO_POW_32 = 4294967296;
const MASK_64 = (1n << 64n) - 1n;

// see: https://prng.di.unimi.it/splitmix64.c
function splitmix64Mix(z) {
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK_64;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK_64;
  return z ^ (z >> 31n);
}

/**
 * xoshiro256** 1.0 with its four 64-bit words held as (hi, lo) pairs of u32, so the hot path is
 * plain Number arithmetic; BigInt appears only while seeding.
 * see: https://prng.di.unimi.it/xoshiro256starstar.c (Blackman & Vigna, 2018)
 */
export class Xoshiro256 {
  /** Seeds like assembly/kernels/sampling.ts seedRng: splitmix64 expansion of an integer seed in [0, 2^53). */
  constructor(seed) {
    if (!Number.isSafeInteger(seed) || seed < 0) throw new RangeError(`seed must be an integer in [0, 2^53), got ${seed}`);
    const words = new Uint32Array(8);
    let x = BigInt(seed);
    for (let k = 0; k < 4; k++) {
      x = (x + 0x9e3779b97f4a7c15n) & MASK_64; // splitmix64's golden-ratio increment
      const word = splitmix64Mix(x);
      words[2 * k] = Number(word >> 32n);
      words[2 * k + 1] = Number(word & 0xffffffffn);
    }
    this.s = words;
  }

  /** The high 32 bits of the next 64-bit output (what the kernels use), as a non-negative Number. */
  nextU32() {
    const s = this.s;
    const s0h = s[0], s0l = s[1], s1h = s[2], s1l = s[3], s2h = s[4], s2l = s[5], s3h = s[6], s3l = s[7];
    // result = rotl(s1·5, 7)·9; only its high word is returned, but the low word carries into it.
    let p = s1l * 5;
    let lo = p >>> 0;
    let hi = (Math.imul(s1h, 5) + (p - lo) / TWO_POW_32) >>> 0;
    const rh = ((hi << 7) | (lo >>> 25)) >>> 0;
    const rl = ((lo << 7) | (hi >>> 25)) >>> 0;
    p = rl * 9;
    lo = p >>> 0;
    const result = (Math.imul(rh, 9) + (p - lo) / TWO_POW_32) >>> 0;
    // t = s1 << 17; s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= t; s3 = rotl(s3, 45).
    const th = ((s1h << 17) | (s1l >>> 15)) >>> 0;
    const tl = (s1l << 17) >>> 0;
    const n2h = s2h ^ s0h, n2l = s2l ^ s0l;
    const n3h = s3h ^ s1h, n3l = s3l ^ s1l;
    s[0] = s0h ^ n3h;
    s[1] = s0l ^ n3l;
    s[2] = s1h ^ n2h;
    s[3] = s1l ^ n2l;
    s[4] = n2h ^ th;
    s[5] = n2l ^ tl;
    // rotl by 45 = swap the words (rotl 32), then rotl 13.
    s[6] = ((n3l << 13) | (n3h >>> 19)) >>> 0;
    s[7] = ((n3h << 13) | (n3l >>> 19)) >>> 0;
    return result;
  }

  /**
   * Uniform integer in [0, range), 1 ≤ range ≤ 2^32, by Lemire's multiply-shift with rejection.
   * see: D. Lemire, "Fast Random Integer Generation in an Interval", ACM TOMACS 29(1), 2019.
   */
  bounded(range) {
    let x = this.nextU32();
    let low = Math.imul(x, range) >>> 0;
    if (low < range) {
      const threshold = (TWO_POW_32 - range) % range;
      while (low < threshold) {
        x = this.nextU32();
        low = Math.imul(x, range) >>> 0;
      }
    }
    // ⌊x·range / 2^32⌋ without a 64-bit product: split x into 16-bit halves (all terms < 2^53).
    const upper = (x >>> 16) * range;
    const lower = (x & 0xffff) * range;
    return Math.floor((upper + Math.floor(lower / 65536)) / 65536);
  }

  /** In-place Fisher–Yates (Durstenfeld) shuffle, the same draws as the kernels' `shuffle`. */
  shuffle(order) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = this.bounded(i + 1);
      const tmp = order[i];
      order[i] = order[j];
      order[j] = tmp;
    }
  }
}

const FAMILIES = ["gaussian", "bernoulli", "poisson"];

// see: M. Mächler, "Accurately Computing log(1 − exp(−|a|))", Rmpfr vignette (2012), eq. (10),
// with the cutoffs of assembly/families/stable.ts.
function log1pexp(x) {
  if (x <= -37) return Math.exp(x);
  if (x <= 18) return Math.log1p(Math.exp(x));
  if (x <= 33.3) return x + Math.exp(-x);
  return x;
}

function sigmoid(x) {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/** The intercept-only maximum-likelihood start the Trainer uses (bindings/families/*.ts interceptStart). */
export function interceptStart(family, y, sampleWeight) {
  let sum = 0;
  let total = 0;
  for (let i = 0; i < y.length; i++) {
    const s = sampleWeight ? sampleWeight[i] : 1;
    sum += s * y[i];
    total += s;
  }
  const mean = sum / total;
  if (family === "gaussian") return mean;
  if (family === "bernoulli") {
    const p = Math.min(1 - 1e-6, Math.max(1e-6, mean));
    return Math.log(p / (1 - p));
  }
  return Math.log(Math.max(1e-6, mean));
}

function checkProblem(p) {
  const { X, y, rows, cols, family } = p;
  if (!FAMILIES.includes(family)) throw new RangeError(`family must be one of ${FAMILIES.join(", ")}, got ${family}`);
  if (!Number.isInteger(rows) || rows < 1 || !Number.isInteger(cols) || cols < 1) {
    throw new RangeError(`rows and cols must be integers ≥ 1, got ${rows} × ${cols}`);
  }
  if (!X || X.length !== rows * cols) throw new RangeError(`X must hold rows × cols = ${rows * cols} values, got ${X?.length}`);
  if (!y || y.length !== rows) throw new RangeError(`y must hold ${rows} values, got ${y?.length}`);
  if (p.sampleWeight && p.sampleWeight.length !== rows) throw new RangeError(`sampleWeight must hold ${rows} values, got ${p.sampleWeight.length}`);
}

/**
 * Σ s·nll over rows [start, start + count) (or the rows named by order[start ..]) at (W, b).
 * Sequential dot product, accumulated like the kernels' chunk pass.
 */
function chunkLoss(family, X, y, sampleWeight, cols, W, b, order, start, count) {
  let loss = 0;
  for (let t = 0; t < count; t++) {
    const i = order ? order[start + t] : start + t;
    const base = i * cols;
    let dot = 0;
    for (let j = 0; j < cols; j++) dot += X[base + j] * W[j];
    const eta = b + dot;
    const yi = y[i];
    const s = sampleWeight ? sampleWeight[i] : 1;
    if (family === "gaussian") {
      const r = yi - eta;
      loss += s * (0.5 * r * r);
    } else if (family === "bernoulli") {
      loss += s * (log1pexp(eta) - yi * eta);
    } else {
      loss += s * (Math.exp(eta) - yi * eta);
    }
  }
  return loss;
}

/**
 * The objective f(b, w) = (1/W)·Σ sᵢ·nllᵢ + (l2/2)·‖w‖² (intercept unpenalised), W = Σ sᵢ, summed in
 * chunks of 256 rows like assembly/trainer.ts `objective`.
 * @param {{ X: ArrayLike<number>, y: ArrayLike<number>, rows: number, cols: number,
 *   family: "gaussian"|"bernoulli"|"poisson", W: ArrayLike<number>, b: number, l2?: number,
 *   sampleWeight?: ArrayLike<number> }} p
 * @returns {number}
 * @example
 * objective({ X: [1, 2], y: [1, 2], rows: 2, cols: 1, family: "gaussian", W: [1], b: 0 }); // 0
 */
export function objective(p) {
  checkProblem(p);
  const { X, y, rows, cols, family, W, b, l2 = 0, sampleWeight } = p;
  let loss = 0;
  for (let start = 0; start < rows; start += CHUNK_ROWS) {
    loss += chunkLoss(family, X, y, sampleWeight, cols, W, b, null, start, Math.min(CHUNK_ROWS, rows - start));
  }
  let weightTotal = rows;
  if (sampleWeight) {
    weightTotal = 0;
    for (let i = 0; i < rows; i++) weightTotal += sampleWeight[i];
  }
  let squares = 0;
  for (let j = 0; j < cols; j++) squares += W[j] * W[j];
  return loss / weightTotal + 0.5 * l2 * squares;
}

/**
 * Mini-batch gradient descent on f(b, w) = (1/W)·Σ sᵢ·nllᵢ + (l2/2)·‖w‖², the algorithm of
 * assembly/trainer.ts `epoch`, for a fixed number of epochs (no early stopping).
 *
 * Per epoch: the row order is a fresh shuffle of 0..n−1 (sampling "shuffle"), kept 0..n−1 ("sequential", which with
 * batchSize = rows is full-batch gd) or each batch is drawn with replacement ("replacement"); then
 * for each batch B in turn, G = Σ_{i∈B} sᵢ·∂nllᵢ/∂η·xᵢ and
 *   w ← (1 − lr·l2)·w − lr·n/(|B|·W)·G,  b ← b − lr·n/(|B|·W)·Σ_{i∈B} sᵢ·∂nllᵢ/∂η.
 * Cost O(epochs·n·d) time, O(n + d) extra memory (the order array and the gradient).
 *
 * @param {{ X: Float32Array|Float64Array|ArrayLike<number>, y: ArrayLike<number>, rows: number, cols: number,
 *   family?: "gaussian"|"bernoulli"|"poisson", learningRate?: number, batchSize?: number, epochs?: number,
 *   l2?: number, seed?: number, sampling?: "shuffle"|"sequential"|"replacement", fitIntercept?: boolean,
 *   dtype?: "float32"|"float64", sampleWeight?: ArrayLike<number>, start?: { W?: ArrayLike<number>, b?: number },
 *   onEpoch?: (epoch: number, epochObjective: number) => void }} p
 *   Defaults match the Trainer's: gaussian, lr 0.01, batch 32, 100 epochs, l2 0, seed 0, shuffle,
 *   intercept fitted and started at the intercept-only MLE, W started at 0, dtype float64.
 * @returns {{ W: Float64Array, b: number, history: Float64Array, objective: number }}
 *   history[e] is epoch e's mean loss over the visited rows (each at the parameters before its
 *   batch's update) plus the penalty at the epoch's start, as the kernels report it; `objective`
 *   is f at the final parameters.
 * @example
 * const X = Float64Array.from([0, 1, 2, 3]), y = Float64Array.from([1, 3, 5, 7]);
 * const fit = plainSgd({ X, y, rows: 4, cols: 1, learningRate: 0.1, batchSize: 2, epochs: 500 });
 * fit.W[0]; // ≈ 2, fit.b ≈ 1
 */
export function plainSgd(p) {
  checkProblem({ family: "gaussian", ...p });
  const {
    X, y, rows: n, cols: d, family = "gaussian", learningRate = 0.01, batchSize = 32, epochs = 100,
    l2 = 0, seed = 0, sampling = "shuffle", fitIntercept = true, dtype = "float64", sampleWeight, start = {}, onEpoch,
  } = p;
  if (!(learningRate > 0)) throw new RangeError(`learningRate must be > 0, got ${learningRate}`);
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`batchSize must be an integer ≥ 1, got ${batchSize}`);
  if (!Number.isInteger(epochs) || epochs < 0) throw new RangeError(`epochs must be an integer ≥ 0, got ${epochs}`);
  if (!["shuffle", "sequential", "replacement"].includes(sampling)) throw new RangeError(`unknown sampling ${sampling}`);
  const Float = dtype === "float32" ? Float32Array : Float64Array;
  const round = dtype === "float32" ? Math.fround : (v) => v;

  let weightTotal = n;
  if (sampleWeight) {
    weightTotal = 0;
    for (let i = 0; i < n; i++) weightTotal += sampleWeight[i];
  }
  const W = new Float(d);
  if (start.W) W.set(start.W);
  const bias = new Float(1);
  bias[0] = start.b ?? (fitIntercept ? interceptStart(family, y, sampleWeight) : 0);
  const G = new Float(d);
  const gradBias = new Float(1);
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const draws = sampling === "replacement" ? new Uint32Array(Math.min(batchSize, n)) : null;
  const rng = new Xoshiro256(seed);
  const history = new Float64Array(epochs);
  const decay = round(1 - learningRate * l2);
  const isGaussian = family === "gaussian";
  const isBernoulli = family === "bernoulli";

  for (let e = 0; e < epochs; e++) {
    let squares = 0;
    for (let j = 0; j < d; j++) squares += W[j] * W[j];
    const penalty = 0.5 * l2 * squares;
    if (sampling === "shuffle") {
      // as the kernel: each epoch shuffles the identity, so its order depends on the RNG state only
      for (let i = 0; i < n; i++) order[i] = i;
      rng.shuffle(order);
    }
    let lossSum = 0;
    let weightSeen = 0;
    for (let batchStart = 0; batchStart < n; batchStart += batchSize) {
      const batch = Math.min(batchSize, n - batchStart);
      let rowIds = order;
      let offset = batchStart;
      if (draws) {
        for (let t = 0; t < batch; t++) draws[t] = rng.bounded(n);
        rowIds = draws;
        offset = 0;
      }
      const b = bias[0];
      let chunkLossSum = 0;
      let chunkWeight = 0;
      for (let t = 0; t < batch; t++) {
        const i = rowIds[offset + t];
        const base = i * d;
        let dot = 0;
        for (let j = 0; j < d; j++) dot += X[base + j] * W[j];
        const eta = b + dot;
        const yi = y[i];
        const s = sampleWeight ? sampleWeight[i] : 1;
        let loss, gradient;
        if (isGaussian) {
          const diff = yi - eta;
          loss = 0.5 * diff * diff;
          gradient = eta - yi;
        } else if (isBernoulli) {
          loss = log1pexp(eta) - yi * eta;
          gradient = sigmoid(eta) - yi;
        } else {
          const mu = Math.exp(eta);
          loss = mu - yi * eta;
          gradient = mu - yi;
        }
        chunkLossSum += s * loss;
        chunkWeight += s;
        const r = round(s * gradient);
        for (let j = 0; j < d; j++) G[j] += r * X[base + j];
        gradBias[0] += r;
        // The kernels sum loss and weight per chunk of 256 rows, then add the chunk sums.
        if ((t + 1) % CHUNK_ROWS === 0 || t + 1 === batch) {
          lossSum += chunkLossSum;
          weightSeen += chunkWeight;
          chunkLossSum = 0;
          chunkWeight = 0;
        }
      }
      const step = round(learningRate * (n / weightTotal / batch));
      for (let j = 0; j < d; j++) {
        W[j] = decay * W[j] - step * G[j];
        G[j] = 0;
      }
      bias[0] = 1 * bias[0] - (fitIntercept ? step : 0) * gradBias[0];
      gradBias[0] = 0;
    }
    // Draws with replacement can, rarely, visit only zero-weight rows: no loss observed then.
    history[e] = (weightSeen > 0 ? lossSum / weightSeen : 0) + penalty;
    if (onEpoch) onEpoch(e + 1, history[e]);
  }
  const Wout = Float64Array.from(W);
  const b = bias[0];
  return { W: Wout, b, history, objective: objective({ X, y, rows: n, cols: d, family, W: Wout, b, l2, sampleWeight }) };
}
