// Passes over a training context (trainer.ts: epoch, and objective, gradient, predict over a row
// range) on matrices small enough to check by hand, the context header laid out as the host lays it out.
//
// Tolerances: the examples divide by W = Σs (and the multinomial one takes exp/log): results
// within 16ε of the hand values (a few roundings on O(1) numbers). The exact objective and gradient
// read f64 parameters and sum in f64 for both storage types (the data here are exact in f32), so
// they meet that bound under f32 too; the epoch's own sums are in T (32ε of T).
// Finite differences: central, h = 1e−5, truncation O(h²·f‴) ≈ 1e−10 and rounding ≈ ε·|f|/h ≈
// 1e−11, so |∂f/∂θ − FD| ≤ 1e−7·(1 + |∂f/∂θ|).
import { identityOrder, seedRng } from "../../assembly/kernels/sampling";
import { sigmoid } from "../../assembly/families/stable";
import {
  epoch, FAMILY_BERNOULLI, FAMILY_GAUSSIAN, FAMILY_MULTINOMIAL, FAMILY_POISSON, gradient, objective,
  predictMean, SAMPLING_REPLACEMENT, SAMPLING_SEQUENTIAL, SAMPLING_SHUFFLE,
} from "../../assembly/trainer";
import {
  CTX_BATCH_SIZE, CTX_DRAWS, CTX_ETA, CTX_FAMILY, CTX_FIELDS, CTX_FIT_INTERCEPT, CTX_GRAD, CTX_INPUTS, CTX_L2,
  CTX_LEARNING_RATE, CTX_ORDER, CTX_OUTPUTS, CTX_PARAMS, CTX_PENALISED, CTX_RESIDUAL, CTX_ROWS, CTX_SAMPLING, CTX_SW,
  CTX_THETA, CTX_WEIGHT_SCALE, CTX_WEIGHT_TOTAL, CTX_X, CTX_Y, ctxRng, setCtxInt, setCtxNum, setCtxPtr,
} from "../../assembly/context";
import { allocate, at, epsilonOf, expectRelative, expectWithin, firstBitDifference, put, putAll, TestData, typeName } from "./support";

const EPS = f64.EPSILON;
const SENTINEL: f64 = 12345.5;
/** Buffers for the 3-row trainer examples, laid out as the host lays out a training context. */
class Problem<T> {
  ctx: usize;
  X: usize;
  y: usize;
  sw: usize;
  /** θ = [W | b] and GRAD = [G | Gb] of T, in the context's one layout. */
  theta: usize;
  W: usize;
  b: usize;
  grad: usize;
  G: usize;
  Gb: usize;
  /** The exact kernels' parameters (copied from θ) and gradient, f64 whatever T. */
  exactTheta: usize;
  exactGradient: usize;
  exactG: usize;
  exactGb: usize;
  eta: usize;
  residual: usize;
  order: usize;
  draws: usize;
  rng: usize;
  constructor(public n: i32, public d: i32, public K: i32) {
    const P = d * K + K;
    this.ctx = allocate<f64>(CTX_FIELDS);
    this.X = allocate<T>(n * d);
    this.y = allocate<T>(n);
    this.sw = allocate<T>(n);
    this.theta = allocate<T>(P);
    this.W = this.theta;
    this.b = this.theta + (<usize>(d * K) << alignof<T>());
    this.grad = allocate<T>(P);
    this.G = this.grad;
    this.Gb = this.grad + (<usize>(d * K) << alignof<T>());
    this.exactTheta = allocate<f64>(P);
    this.exactGradient = allocate<f64>(P);
    this.exactG = this.exactGradient;
    this.exactGb = this.exactGradient + (<usize>(d * K) << 3);
    this.eta = allocate<f64>(n * K);
    this.residual = allocate<f64>(n * K);
    this.order = allocate<u32>(n);
    this.draws = allocate<u32>(n);
    this.rng = ctxRng(this.ctx);
    identityOrder(this.order, n);
    seedRng(this.rng, 1);
    const ctx = this.ctx;
    setCtxPtr(ctx, CTX_X, this.X);
    setCtxPtr(ctx, CTX_Y, this.y);
    setCtxInt(ctx, CTX_ROWS, n);
    setCtxInt(ctx, CTX_INPUTS, d);
    setCtxInt(ctx, CTX_OUTPUTS, K);
    setCtxPtr(ctx, CTX_THETA, this.theta);
    setCtxInt(ctx, CTX_PARAMS, P);
    setCtxInt(ctx, CTX_PENALISED, d * K);
    setCtxPtr(ctx, CTX_GRAD, this.grad);
    setCtxPtr(ctx, CTX_ETA, this.eta);
    setCtxPtr(ctx, CTX_RESIDUAL, this.residual);
    setCtxPtr(ctx, CTX_ORDER, this.order);
    setCtxPtr(ctx, CTX_DRAWS, this.draws);
  }
  private attach(family: i32, sw: usize, weightTotal: f64): void {
    setCtxInt(this.ctx, CTX_FAMILY, family);
    setCtxPtr(this.ctx, CTX_SW, sw);
    setCtxNum(this.ctx, CTX_WEIGHT_TOTAL, weightTotal);
    setCtxNum(this.ctx, CTX_WEIGHT_SCALE, <f64>this.n / weightTotal);
  }
  /** θ (T) → exactTheta (f64), as the host does before an exact evaluation. */
  private widen(): void {
    for (let k = 0; k < this.d * this.K + this.K; k++) put<f64>(this.exactTheta, k, <f64>at<T>(this.theta, k));
  }
  /** The objective over rows [rowStart, rowEnd) (rowEnd < 0: all n rows). */
  objective(family: i32, sw: usize, l2: f64, weightTotal: f64, rowStart: i32 = 0, rowEnd: i32 = -1): f64 {
    this.attach(family, sw, weightTotal);
    this.widen();
    return objective<T>(this.ctx, this.exactTheta, rowStart, rowEnd < 0 ? this.n : rowEnd, l2);
  }
  gradient(family: i32, sw: usize, l2: f64, weightTotal: f64, rowStart: i32 = 0, rowEnd: i32 = -1): f64 {
    this.attach(family, sw, weightTotal);
    this.widen();
    return gradient<T>(this.ctx, this.exactTheta, this.exactGradient, rowStart, rowEnd < 0 ? this.n : rowEnd, l2);
  }
  /** Mean responses of rows [rowStart, rowEnd) at the context's θ. */
  predict(family: i32, out: usize, rowStart: i32, rowEnd: i32): void {
    setCtxInt(this.ctx, CTX_FAMILY, family);
    predictMean<T>(this.ctx, out, rowStart, rowEnd);
  }
  epoch(family: i32, sw: usize, sampling: i32, batchSize: i32, learningRate: f64, l2: f64, fitIntercept: bool, weightTotal: f64): f64 {
    this.attach(family, sw, weightTotal);
    setCtxInt(this.ctx, CTX_SAMPLING, sampling);
    setCtxInt(this.ctx, CTX_BATCH_SIZE, batchSize);
    setCtxNum(this.ctx, CTX_LEARNING_RATE, learningRate);
    setCtxNum(this.ctx, CTX_L2, l2);
    setCtxInt(this.ctx, CTX_FIT_INTERCEPT, fitIntercept ? 1 : 0);
    return epoch<T>(this.ctx);
  }
  free(): void {
    heap.free(this.ctx);
    heap.free(this.X);
    heap.free(this.y);
    heap.free(this.sw);
    heap.free(this.theta);
    heap.free(this.grad);
    heap.free(this.exactTheta);
    heap.free(this.exactGradient);
    heap.free(this.eta);
    heap.free(this.residual);
    heap.free(this.order);
    heap.free(this.draws);
  }
}

/** The gaussian example: X = [[1, 2], [3, −1], [0, 1]], y = (1, 2, −1), s = (1, 2, 0.5), w = (0.5, −0.25), b = 0.125. */
function gaussianProblem<T>(): Problem<T> {
  const p = new Problem<T>(3, 2, 1);
  putAll<T>(p.X, [1, 2, 3, -1, 0, 1]);
  putAll<T>(p.y, [1, 2, -1]);
  putAll<T>(p.sw, [1, 2, 0.5]);
  putAll<T>(p.W, [0.5, -0.25]);
  putAll<T>(p.b, [0.125]);
  return p;
}

/** The multinomial example: K = 3, X = [[1, 0], [0, 1], [1, 1]], y = (0, 2, 1), unweighted. */
function multinomialProblem<T>(): Problem<T> {
  const p = new Problem<T>(3, 2, 3);
  putAll<T>(p.X, [1, 0, 0, 1, 1, 1]);
  putAll<T>(p.y, [0, 2, 1]);
  putAll<T>(p.W, [1, 0, 0, 1, -1, 0.5]); // class-major
  putAll<T>(p.b, [0, 0.5, -0.5]);
  return p;
}

function trainerSuite<T>(): void {
  describe("trainer.ts objective and gradient, " + typeName<T>(), () => {
    it("gaussian, 3 weighted rows, l2 = 0.25: hand-computed f, ∇w, ∇b", () => {
      const p = gaussianProblem<T>();
      // η = (0.125, 1.875, −0.125), r = η − y = (−0.875, −0.125, 0.875), s·r = (−0.875, −0.25, 0.4375)
      // Σ s·½r² = 0.3828125 + 2·0.0078125 + 0.5·0.3828125 = 0.58984375; W = 3.5;
      // penalty = ½·0.25·(0.25 + 0.0625) = 0.0390625
      const f = 0.58984375 / 3.5 + 0.0390625;
      const g0 = -1.625 / 3.5 + 0.25 * 0.5; // Σ s·r·x₀ = −0.875 − 0.75
      const g1 = -1.0625 / 3.5 + 0.25 * -0.25; // Σ s·r·x₁ = −1.75 + 0.25 + 0.4375
      const gb = -0.6875 / 3.5; // intercept unpenalised
      expectRelative(p.objective(FAMILY_GAUSSIAN, p.sw, 0.25, 3.5), f, 4 * EPS, "objective");
      put<f64>(p.exactG, 0, SENTINEL); // gradient overwrites, it does not accumulate
      expectRelative(p.gradient(FAMILY_GAUSSIAN, p.sw, 0.25, 3.5), f, 4 * EPS, "gradient's returned f");
      // The data and parameters are exact in f32 too, and the gradient is summed and stored in
      // f64 for both storage types: f64 accuracy either way.
      expectWithin(at<f64>(p.exactG, 0), g0, 16 * EPS, "∂f/∂w₀");
      expectWithin(at<f64>(p.exactG, 1), g1, 16 * EPS, "∂f/∂w₁");
      expectWithin(at<f64>(p.exactGb, 0), gb, 16 * EPS, "∂f/∂b");
      // Unweighted (sw = 0) with W = n: Σ ½r² = 0.3828125 + 0.0078125 + 0.3828125
      expectRelative(p.objective(FAMILY_GAUSSIAN, 0, 0, 3), 0.7734375 / 3, 4 * EPS, "unweighted objective");
      p.free();
    });

    it("multinomial, K = 3, 3 rows, l2 = 0.5: hand-computed η, f, ∇W, ∇b", () => {
      const p = multinomialProblem<T>();
      // η by hand (rows × classes): (1, 0.5, −1.5), (0, 1.5, 0), (1, 1.5, −1)
      const eta: f64[] = [1, 0.5, -1.5, 0, 1.5, 0, 1, 1.5, -1];
      const x: f64[] = [1, 0, 0, 1, 1, 1];
      const W: f64[] = [1, 0, 0, 1, -1, 0.5];
      const labels: i32[] = [0, 2, 1];
      // f = (1/3)·Σᵢ (log Σ_c e^ηᵢc − η_i,yᵢ) + ½·0.5·‖W‖², ‖W‖² = 1 + 1 + 1 + 0.25
      let nll = 0.0;
      const expectedG: f64[] = [0, 0, 0, 0, 0, 0];
      const expectedGb: f64[] = [0, 0, 0];
      for (let i = 0; i < 3; i++) {
        const z = Math.exp(eta[3 * i]) + Math.exp(eta[3 * i + 1]) + Math.exp(eta[3 * i + 2]);
        nll += Math.log(z) - eta[3 * i + labels[i]];
        for (let c = 0; c < 3; c++) {
          const residual = Math.exp(eta[3 * i + c]) / z - (c == labels[i] ? 1.0 : 0.0);
          expectedGb[c] += residual / 3;
          for (let j = 0; j < 2; j++) expectedG[2 * c + j] += residual * x[2 * i + j] / 3;
        }
      }
      for (let k = 0; k < 6; k++) expectedG[k] += 0.5 * W[k];
      const f = nll / 3 + 0.8125;
      expectRelative(p.objective(FAMILY_MULTINOMIAL, 0, 0.5, 3), f, 16 * EPS, "objective");
      expectRelative(p.gradient(FAMILY_MULTINOMIAL, 0, 0.5, 3), f, 16 * EPS, "gradient's returned f");
      for (let k = 0; k < 6; k++) {
        expectWithin(at<f64>(p.exactG, k), expectedG[k], 16 * EPS, "∂f/∂W[" + k.toString() + "]");
      }
      for (let c = 0; c < 3; c++) {
        expectWithin(at<f64>(p.exactGb, c), expectedGb[c], 16 * EPS, "∂f/∂b[" + c.toString() + "]");
      }
      // Pinned values (Node 20, same formulas in f64): f = 1.784766415920377
      expectRelative(f, 1.784766415920377, 16 * EPS, "hand formula agrees with the recorded value");
      p.free();
    });

    it("one full-batch epoch = one gradient step; returns f at the start; leaves G = 0", () => {
      const families: i32[] = [FAMILY_GAUSSIAN, FAMILY_MULTINOMIAL];
      for (let q = 0; q < families.length; q++) {
        const family = families[q];
        const p = family == FAMILY_GAUSSIAN ? gaussianProblem<T>() : multinomialProblem<T>();
        const sw = family == FAMILY_GAUSSIAN ? p.sw : 0;
        const total = family == FAMILY_GAUSSIAN ? 3.5 : 3.0;
        const lr = 0.5, l2 = 0.25;
        const dK = p.d * p.K;
        const f0 = p.gradient(family, sw, l2, total);
        const expectedW = allocate<f64>(dK);
        const expectedB = allocate<f64>(p.K);
        for (let k = 0; k < dK; k++) put<f64>(expectedW, k, <f64>at<T>(p.W, k) - lr * at<f64>(p.exactG, k));
        for (let c = 0; c < p.K; c++) put<f64>(expectedB, c, <f64>at<T>(p.b, c) - lr * at<f64>(p.exactGb, c));
        const returned = p.epoch(family, sw, SAMPLING_SEQUENTIAL, p.n, lr, l2, true, total);
        const context = "family " + family.toString();
        const tolerance = 16 * epsilonOf<T>();
        expectRelative(returned, f0, tolerance, "epoch returns f at the start, " + context);
        for (let k = 0; k < dK; k++) {
          expectWithin(<f64>at<T>(p.W, k), at<f64>(expectedW, k), tolerance, "W[" + k.toString() + "], " + context);
          expect<f64>(<f64>at<T>(p.G, k)).toBe(0.0, "G zero on exit, " + context);
        }
        for (let c = 0; c < p.K; c++) {
          expectWithin(<f64>at<T>(p.b, c), at<f64>(expectedB, c), tolerance, "b[" + c.toString() + "], " + context);
          expect<f64>(<f64>at<T>(p.Gb, c)).toBe(0.0, "Gb zero on exit, " + context);
        }
        heap.free(expectedW);
        heap.free(expectedB);
        p.free();
      }
    });

    it("sequential mini-batches of 2 over 3 rows match a step-by-step reference (gaussian, weighted)", () => {
      // Reference in f64: for each batch B, g = Σ_{i∈B} sᵢ(ηᵢ − yᵢ)xᵢ at the parameters before the
      // batch, then w ← (1 − lr·l2)·w − lr·n/(|B|·W)·g and b ← b − lr·n/(|B|·W)·Σ sᵢ(ηᵢ − yᵢ).
      // Returned: Σ sᵢ·½(ηᵢ − yᵢ)² over the visited rows / Σ sᵢ + ½·l2·‖w at the start‖².
      // Values are O(1), so the kernel must agree within 32ε of its storage type.
      const p = gaussianProblem<T>();
      const lr = 0.5, l2 = 0.25, total = 3.5;
      const x: f64[] = [1, 2, 3, -1, 0, 1];
      const y: f64[] = [1, 2, -1];
      const s: f64[] = [1, 2, 0.5];
      let w0 = 0.5, w1 = -0.25, b = 0.125;
      const penalty = 0.5 * l2 * (w0 * w0 + w1 * w1);
      let loss = 0.0, seen = 0.0;
      for (let start = 0; start < 3; start += 2) {
        const end = min(start + 2, 3);
        let g0 = 0.0, g1 = 0.0, gb = 0.0;
        for (let i = start; i < end; i++) {
          const residual = b + w0 * x[2 * i] + w1 * x[2 * i + 1] - y[i];
          loss += s[i] * 0.5 * residual * residual;
          seen += s[i];
          g0 += s[i] * residual * x[2 * i];
          g1 += s[i] * residual * x[2 * i + 1];
          gb += s[i] * residual;
        }
        const step = lr * 3 / (<f64>(end - start) * total);
        w0 = (1 - lr * l2) * w0 - step * g0;
        w1 = (1 - lr * l2) * w1 - step * g1;
        b -= step * gb;
      }
      const returned = p.epoch(FAMILY_GAUSSIAN, p.sw, SAMPLING_SEQUENTIAL, 2, lr, l2, true, total);
      const tolerance = 32 * epsilonOf<T>();
      expectWithin(returned, loss / seen + penalty, tolerance, "returned mean loss + penalty");
      expectWithin(<f64>at<T>(p.W, 0), w0, tolerance, "w₀");
      expectWithin(<f64>at<T>(p.W, 1), w1, tolerance, "w₁");
      expectWithin(<f64>at<T>(p.b, 0), b, tolerance, "b");
      p.free();
    });

    it("fitIntercept = false leaves b unchanged; shuffled full batch gives the same step", () => {
      const p = gaussianProblem<T>();
      const q = gaussianProblem<T>();
      p.epoch(FAMILY_GAUSSIAN, p.sw, SAMPLING_SEQUENTIAL, 3, 0.5, 0.25, false, 3.5);
      expect<f64>(<f64>at<T>(p.b, 0)).toBe(0.125, "intercept not fitted");
      seedRng(q.rng, 3);
      q.epoch(FAMILY_GAUSSIAN, q.sw, SAMPLING_SHUFFLE, 3, 0.5, 0.25, false, 3.5);
      for (let k = 0; k < 2; k++) {
        expectWithin(<f64>at<T>(q.W, k), <f64>at<T>(p.W, k), 16 * epsilonOf<T>(), "order-independent full batch, W[" + k.toString() + "]");
      }
      p.free();
      q.free();
    });

    it("with replacement, mini-batches of 2: same seed, same bits; G = 0 on exit", () => {
      const p = multinomialProblem<T>();
      const q = multinomialProblem<T>();
      seedRng(p.rng, 77);
      seedRng(q.rng, 77);
      for (let e = 0; e < 3; e++) {
        const a = p.epoch(FAMILY_MULTINOMIAL, 0, SAMPLING_REPLACEMENT, 2, 0.1, 0.01, true, 3);
        const b = q.epoch(FAMILY_MULTINOMIAL, 0, SAMPLING_REPLACEMENT, 2, 0.1, 0.01, true, 3);
        expect<u64>(reinterpret<u64>(a)).toBe(reinterpret<u64>(b), "epoch value, epoch " + e.toString());
        expect<bool>(isFinite(a)).toBe(true);
      }
      expect<i32>(firstBitDifference<T>(p.W, q.W, 6)).toBe(-1, "W bitwise equal");
      expect<i32>(firstBitDifference<T>(p.b, q.b, 3)).toBe(-1, "b bitwise equal");
      for (let k = 0; k < 6; k++) expect<f64>(<f64>at<T>(p.G, k)).toBe(0.0, "G zero on exit");
      for (let t = 0; t < 2; t++) expect<bool>(at<u32>(p.draws, t) < 3).toBe(true, "draws in [0, n)");
      p.free();
      q.free();
    });

    it("predictMean: identity, σ, exp, softmax of the same η", () => {
      const p = gaussianProblem<T>();
      const out = allocate<f64>(3);
      const etas: f64[] = [0.125, 1.875, -0.125];
      p.predict(FAMILY_GAUSSIAN, out, 0, 3);
      for (let i = 0; i < 3; i++) expect<f64>(at<f64>(out, i)).toBe(etas[i]);
      p.predict(FAMILY_BERNOULLI, out, 0, 3);
      for (let i = 0; i < 3; i++) expect<f64>(at<f64>(out, i)).toBe(sigmoid(etas[i]));
      p.predict(FAMILY_POISSON, out, 0, 3);
      for (let i = 0; i < 3; i++) expect<f64>(at<f64>(out, i)).toBe(Math.exp(etas[i]));
      heap.free(out);
      p.free();
      const m = multinomialProblem<T>();
      const probabilities = allocate<f64>(9);
      m.predict(FAMILY_MULTINOMIAL, probabilities, 0, 3);
      // row 0: η = (1, 0.5, −1.5)
      const z = Math.exp(1.0) + Math.exp(0.5) + Math.exp(-1.5);
      expectRelative(at<f64>(probabilities, 0), Math.exp(1.0) / z, 8 * EPS, "p[0][0]");
      for (let i = 0; i < 3; i++) {
        const sum = at<f64>(probabilities, 3 * i) + at<f64>(probabilities, 3 * i + 1) + at<f64>(probabilities, 3 * i + 2);
        expectWithin(sum, 1.0, 8 * EPS, "row " + i.toString() + " sums to 1");
      }
      heap.free(probabilities);
      m.free();
    });
  });
}

/** Random data for the finite-difference check, y drawn in each family's domain. */
function randomProblem(family: i32, seed: u32): Problem<f64> {
  const K = family == FAMILY_MULTINOMIAL ? 3 : 1;
  const p = new Problem<f64>(7, 3, K);
  const data = new TestData(seed);
  data.fill<f64>(p.X, 21);
  for (let k = 0; k < 3 * K; k++) put<f64>(p.W, k, 0.5 * data.next());
  for (let c = 0; c < K; c++) put<f64>(p.b, c, 0.5 * data.next());
  for (let i = 0; i < 7; i++) {
    const u = 0.5 * (data.next() + 1); // [0, 1)
    let label = 0.0;
    if (family == FAMILY_GAUSSIAN) label = 4 * u - 2;
    else if (family == FAMILY_BERNOULLI) label = u < 0.5 ? 0 : 1;
    else if (family == FAMILY_POISSON) label = Math.floor(4 * u);
    else label = Math.floor(3 * u);
    put<f64>(p.y, i, label);
    put<f64>(p.sw, i, 0.5 + 0.5 * (data.next() + 1));
  }
  return p;
}

describe("trainer.ts gradient vs central finite differences of objective, f64", () => {
  it("every family, weighted, l2 = 0.3, every coefficient and intercept", () => {
    const families: i32[] = [FAMILY_GAUSSIAN, FAMILY_BERNOULLI, FAMILY_POISSON, FAMILY_MULTINOMIAL];
    const h = 1e-5;
    for (let q = 0; q < families.length; q++) {
      const family = families[q];
      const p = randomProblem(family, <u32>(31 + q));
      let total = 0.0;
      for (let i = 0; i < 7; i++) total += at<f64>(p.sw, i);
      const f = p.gradient(family, p.sw, 0.3, total);
      expectRelative(p.objective(family, p.sw, 0.3, total), f, 4 * EPS, "gradient returns the objective, family " + family.toString());
      const parameters = 3 * p.K + p.K;
      for (let k = 0; k < parameters; k++) {
        const pointer = k < 3 * p.K ? p.W + (<usize>k << 3) : p.b + (<usize>(k - 3 * p.K) << 3);
        const analytic = k < 3 * p.K ? at<f64>(p.exactG, k) : at<f64>(p.exactGb, k - 3 * p.K);
        const original = load<f64>(pointer);
        store<f64>(pointer, original + h);
        const up = p.objective(family, p.sw, 0.3, total);
        store<f64>(pointer, original - h);
        const down = p.objective(family, p.sw, 0.3, total);
        store<f64>(pointer, original);
        const numeric = (up - down) / (2 * h);
        expectWithin(analytic, numeric, 1e-7 * (1 + Math.abs(analytic)),
          "family " + family.toString() + ", parameter " + k.toString());
      }
      p.free();
    }
  });
});

describe("trainer.ts over a row range (context, rowStart, rowEnd), f64", () => {
  // Splitting the rows regroups the sum Σ s·nll (and each gradient entry) into two partial sums
  // divided by W separately: a few roundings on O(1) numbers, so 8ε relative (+ 8ε absolute).
  it("objective and gradient of [0, 3) and [3, 7) add up to those of [0, 7); the penalty is counted once", () => {
    const families: i32[] = [FAMILY_GAUSSIAN, FAMILY_BERNOULLI, FAMILY_POISSON, FAMILY_MULTINOMIAL];
    for (let q = 0; q < families.length; q++) {
      const family = families[q];
      const p = randomProblem(family, <u32>(71 + q));
      const P = 3 * p.K + p.K;
      let total = 0.0;
      for (let i = 0; i < 7; i++) total += at<f64>(p.sw, i);
      const whole = p.objective(family, p.sw, 0, total);
      const parts = p.objective(family, p.sw, 0, total, 0, 3) + p.objective(family, p.sw, 0, total, 3, 7);
      expectWithin(parts, whole, 8 * EPS * (1 + Math.abs(whole)), "objective, family " + family.toString());
      // An empty range is (l2/2)·‖θ_W‖² alone; every range adds it once.
      const penalty = p.objective(family, p.sw, 0.3, total, 4, 4);
      expect<bool>(penalty > 0).toBe(true, "the penalty of an empty range");
      expectWithin(p.objective(family, p.sw, 0.3, total) - whole, penalty, 8 * EPS * (1 + Math.abs(whole)), "penalty once");
      expectWithin(p.objective(family, p.sw, 0.3, total, 0, 3) - p.objective(family, p.sw, 0, total, 0, 3), penalty, 8 * EPS * (1 + Math.abs(whole)), "a range's penalty");
      const full = new Array<f64>(P);
      p.gradient(family, p.sw, 0, total);
      for (let k = 0; k < P; k++) full[k] = at<f64>(p.exactGradient, k);
      const first = new Array<f64>(P);
      p.gradient(family, p.sw, 0, total, 0, 3);
      for (let k = 0; k < P; k++) first[k] = at<f64>(p.exactGradient, k);
      p.gradient(family, p.sw, 0, total, 3, 7);
      for (let k = 0; k < P; k++) {
        expectWithin(first[k] + at<f64>(p.exactGradient, k), full[k], 8 * EPS * (1 + Math.abs(full[k])),
          "gradient, family " + family.toString() + ", parameter " + k.toString());
      }
      p.free();
    }
  });

  it("predictMean of rows [2, 5) is rows 2..4 of predictMean over [0, 7), bit for bit", () => {
    const families: i32[] = [FAMILY_GAUSSIAN, FAMILY_BERNOULLI, FAMILY_POISSON, FAMILY_MULTINOMIAL];
    for (let q = 0; q < families.length; q++) {
      const family = families[q];
      const p = randomProblem(family, <u32>(91 + q));
      const all = allocate<f64>(7 * p.K);
      const some = allocate<f64>(3 * p.K);
      p.predict(family, all, 0, 7);
      p.predict(family, some, 2, 5);
      expect<i32>(firstBitDifference<f64>(some, all + (<usize>(2 * p.K) << 3), 3 * p.K)).toBe(-1, "family " + family.toString());
      heap.free(all);
      heap.free(some);
      p.free();
    }
  });
});

trainerSuite<f32>();
trainerSuite<f64>();
