// The training contexts the trainer.ts specs run on (trainer.spec.ts, trainer-range.spec.ts): small
// problems laid out as the host lays out a training context, and seeded random ones.
import { identityOrder, seedRng } from "../../assembly/kernels/sampling";
import {
  epoch, FAMILY_BERNOULLI, FAMILY_GAUSSIAN, FAMILY_MULTINOMIAL, FAMILY_POISSON, gradient, objective, predictMean,
} from "../../assembly/trainer";
import {
  CTX_BATCH_SIZE, CTX_DRAWS, CTX_ETA, CTX_FAMILY, CTX_FIELDS, CTX_FIT_INTERCEPT, CTX_GRAD, CTX_INPUTS, CTX_L2,
  CTX_LEARNING_RATE, CTX_ORDER, CTX_OUTPUTS, CTX_PARAMS, CTX_PENALISED, CTX_RESIDUAL, CTX_ROWS, CTX_SAMPLING, CTX_SW,
  CTX_THETA, CTX_WEIGHT_SCALE, CTX_WEIGHT_TOTAL, CTX_X, CTX_Y, ctxRng, setCtxInt, setCtxNum, setCtxPtr,
} from "../../assembly/context";
import { allocate, at, put, putAll, TestData } from "./support";

/** Buffers for the 3-row trainer examples, laid out as the host lays out a training context. */
export class Problem<T> {
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
export function gaussianProblem<T>(): Problem<T> {
  const p = new Problem<T>(3, 2, 1);
  putAll<T>(p.X, [1, 2, 3, -1, 0, 1]);
  putAll<T>(p.y, [1, 2, -1]);
  putAll<T>(p.sw, [1, 2, 0.5]);
  putAll<T>(p.W, [0.5, -0.25]);
  putAll<T>(p.b, [0.125]);
  return p;
}

/** The multinomial example: K = 3, X = [[1, 0], [0, 1], [1, 1]], y = (0, 2, 1), unweighted. */
export function multinomialProblem<T>(): Problem<T> {
  const p = new Problem<T>(3, 2, 3);
  putAll<T>(p.X, [1, 0, 0, 1, 1, 1]);
  putAll<T>(p.y, [0, 2, 1]);
  putAll<T>(p.W, [1, 0, 0, 1, -1, 0.5]); // class-major
  putAll<T>(p.b, [0, 0.5, -0.5]);
  return p;
}

/** Random data for the finite-difference check, y drawn in each family's domain. */
export function randomProblem(family: i32, seed: u32): Problem<f64> {
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
