// The training-context accessors: ints and pointers in the low 4 bytes of slot i (byte 8·i),
// numbers as f64 over the whole slot; the RNG inline at slot 42; θ's intercepts after PENALISED.
// Then the kernels over (context, rowStart, rowEnd) that read θ in the context's one layout: the
// IRLS pass and the separation count over row ranges, against the exact objective's reading of θ.
import {
  CTX_ETA, CTX_FAMILY, CTX_FIELDS, CTX_FIT_INTERCEPT, CTX_INPUTS, CTX_L2, CTX_OUTPUTS, CTX_PARAMS, CTX_PENALISED,
  CTX_RESIDUAL, CTX_ROWS, CTX_SLOTS, CTX_THETA, CTX_WEIGHT_TOTAL, CTX_X, CTX_Y,
  ctxInt, ctxInterceptPtr, ctxNum, ctxPtr, ctxRng, ctxSlot, ruleSlots, setCtxInt, setCtxNum, setCtxPtr,
} from "../../assembly/context";
import { CHUNK, FAMILY_BERNOULLI, FAMILY_GAUSSIAN, FAMILY_MULTINOMIAL, FAMILY_POISSON, objective } from "../../assembly/trainer";
import { extremeFits, newtonPass } from "../../assembly/irls";
import { allocate, at, expectWithin, firstBitDifference, put, TestData } from "./support";

describe("context header", () => {
  test("slot i sits at byte 8·i; ints and pointers in its low 4 bytes", () => {
    const ctx = allocate<f64>(CTX_FIELDS);
    setCtxInt(ctx, CTX_OUTPUTS, -3);
    setCtxPtr(ctx, CTX_X, 0xfffffff0);
    setCtxNum(ctx, CTX_L2, 0.1);
    expect(load<i32>(ctx + 8 * 8)).toBe(-3);
    expect(load<u32>(ctx + 8 * 2)).toBe(0xfffffff0);
    expect(load<f64>(ctx + 8 * 25)).toBe(0.1);
    expect(ctxInt(ctx, CTX_OUTPUTS)).toBe(-3);
    expect(<u32>ctxPtr(ctx, CTX_X)).toBe(0xfffffff0);
    expect(ctxNum(ctx, CTX_L2)).toBe(0.1);
    expect(ctxRng(ctx)).toBe(ctx + 8 * 42);
    heap.free(ctx);
  });

  test("intercepts follow the d·K weights and slot s starts s·P values after SLOTS", () => {
    const ctx = allocate<f64>(CTX_FIELDS);
    setCtxPtr(ctx, CTX_THETA, 4096);
    setCtxInt(ctx, CTX_PENALISED, 6);
    setCtxInt(ctx, CTX_PARAMS, 8);
    setCtxPtr(ctx, CTX_SLOTS, 8192);
    expect(ctxInterceptPtr<f32>(ctx)).toBe(4096 + 24);
    expect(ctxInterceptPtr<f64>(ctx)).toBe(4096 + 48);
    expect(ctxSlot<f64>(ctx, 1)).toBe(8192 + 64);
    expect(ctxSlot<f32>(ctx, 1)).toBe(8192 + 32);
    heap.free(ctx);
  });

  test("state slots per rule: sgd 0, momentum/nesterov/adagrad/rmsprop 1, adam/adamw 2", () => {
    const expected: i32[] = [0, 1, 1, 1, 1, 2, 2];
    for (let rule = 0; rule < 7; rule++) expect(ruleSlots(rule)).toBe(expected[rule]);
  });
});

/** n rows × d features of f64 data in a context header, θ (P f64) in the one layout. */
class RangeProblem {
  ctx: usize;
  X: usize;
  y: usize;
  theta: usize;
  eta: usize;
  residual: usize;
  P: i32;
  constructor(public family: i32, public n: i32, public d: i32, public K: i32, seed: u32) {
    this.P = d * K + K;
    this.ctx = allocate<f64>(CTX_FIELDS);
    this.X = allocate<f64>(n * d);
    this.y = allocate<f64>(n);
    this.theta = allocate<f64>(this.P);
    this.eta = allocate<f64>(CHUNK * K);
    this.residual = allocate<f64>(CHUNK * K);
    const data = new TestData(seed);
    data.fill<f64>(this.X, n * d);
    for (let i = 0; i < n; i++) {
      const u = 0.5 * (data.next() + 1);
      put<f64>(this.y, i, family == FAMILY_GAUSSIAN ? 2 * u : family == FAMILY_POISSON ? Math.floor(4 * u) : Math.floor(<f64>max(K, 2) * u));
    }
    // Baseline multinomial form: class 0's weights and intercept stay 0.
    const first = family == FAMILY_MULTINOMIAL ? d : 0;
    for (let k = first; k < d * K; k++) put<f64>(this.theta, k, 0.5 * data.next());
    for (let c = family == FAMILY_MULTINOMIAL ? 1 : 0; c < K; c++) put<f64>(this.theta, d * K + c, 0.25 * data.next());
    const ctx = this.ctx;
    setCtxInt(ctx, CTX_FAMILY, family);
    setCtxPtr(ctx, CTX_X, this.X);
    setCtxPtr(ctx, CTX_Y, this.y);
    setCtxInt(ctx, CTX_ROWS, n);
    setCtxInt(ctx, CTX_INPUTS, d);
    setCtxInt(ctx, CTX_OUTPUTS, K);
    setCtxInt(ctx, CTX_PARAMS, this.P);
    setCtxInt(ctx, CTX_PENALISED, d * K);
    setCtxInt(ctx, CTX_FIT_INTERCEPT, 1);
    setCtxPtr(ctx, CTX_ETA, this.eta);
    setCtxPtr(ctx, CTX_RESIDUAL, this.residual);
    setCtxNum(ctx, CTX_WEIGHT_TOTAL, <f64>n);
  }
  /** Terms of the Newton system: (d + 1) per block, one block or K − 1 (baseline). */
  get terms(): i32 {
    return (this.d + 1) * (this.K == 1 ? 1 : this.K - 1);
  }
  /** newtonPass over the given ranges, in chunks of chunkRows, into a fresh R; returns R (caller frees) and the loss in lossOut. */
  pass(ranges: i32[], chunkRows: i32, lossOut: usize): usize {
    const stride = this.terms + 1;
    const q = max(1, this.K - 1);
    const mask = allocate<f64>(this.terms);
    for (let j = 0; j < this.terms; j++) put<f64>(mask, j, 1.0);
    const R = allocate<f64>(stride * stride);
    const A = allocate<f64>(max(chunkRows * q, this.terms) * stride);
    const work = allocate<f64>(chunkRows * max(2, q * (q + 1)));
    let loss = 0.0;
    for (let r = 0; r + 1 < ranges.length; r++) {
      loss += newtonPass<f64>(this.ctx, this.theta, ranges[r], ranges[r + 1], false, mask, R, A, work, chunkRows, false);
    }
    store<f64>(lossOut, loss);
    heap.free(mask);
    heap.free(A);
    heap.free(work);
    return R;
  }
  free(): void {
    heap.free(this.ctx);
    heap.free(this.X);
    heap.free(this.y);
    heap.free(this.theta);
    heap.free(this.eta);
    heap.free(this.residual);
  }
}

const FAMILIES: i32[] = [FAMILY_GAUSSIAN, FAMILY_BERNOULLI, FAMILY_POISSON, FAMILY_MULTINOMIAL];

describe("kernels over (context, rowStart, rowEnd)", () => {
  test("newtonPass over [0, 4) then [4, 10) folds the same R, bit for bit, as over [0, 10) (chunks of 2 rows)", () => {
    for (let q = 0; q < FAMILIES.length; q++) {
      const p = new RangeProblem(FAMILIES[q], 10, 3, FAMILIES[q] == FAMILY_MULTINOMIAL ? 3 : 1, <u32>(5 + q));
      const stride = p.terms + 1;
      const lossWhole = allocate<f64>(1);
      const lossParts = allocate<f64>(1);
      const whole = p.pass([0, 10], 2, lossWhole);
      const parts = p.pass([0, 4, 10], 2, lossParts);
      expect(firstBitDifference<f64>(parts, whole, stride * stride)).toBe(-1, "R, family " + FAMILIES[q].toString());
      expect(at<f64>(lossParts, 0)).toBe(at<f64>(lossWhole, 0), "Σ s·nll");
      heap.free(whole);
      heap.free(parts);
      heap.free(lossWhole);
      heap.free(lossParts);
      p.free();
    }
  });

  test("newtonPass reads θ as the exact objective does: its Σ s·nll is n·f(θ) at l2 = 0 (one chunk, the same sum)", () => {
    for (let q = 0; q < FAMILIES.length; q++) {
      const p = new RangeProblem(FAMILIES[q], 9, 4, FAMILIES[q] == FAMILY_MULTINOMIAL ? 4 : 1, <u32>(17 + q));
      const loss = allocate<f64>(1);
      heap.free(p.pass([0, 9], 9, loss));
      const f = objective<f64>(p.ctx, p.theta, 0, 9, 0.0);
      expectWithin(at<f64>(loss, 0) / 9.0, f, 4 * f64.EPSILON * (1 + Math.abs(f)), "family " + FAMILIES[q].toString());
      heap.free(loss);
      p.free();
    }
  });

  test("extremeFits of [0, 3) and [3, 8) add up to that of [0, 8)", () => {
    const p = new RangeProblem(FAMILY_BERNOULLI, 8, 2, 1, 41);
    for (let k = 0; k < 3; k++) put<f64>(p.theta, k, 12.0 * <f64>(k + 1)); // large |η|: some rows extreme
    const whole = extremeFits<f64>(p.ctx, p.theta, 0, 8, 1e-6);
    expect(extremeFits<f64>(p.ctx, p.theta, 0, 3, 1e-6) + extremeFits<f64>(p.ctx, p.theta, 3, 8, 1e-6)).toBe(whole);
    expect(whole > 0).toBe(true, "some rows are extreme");
    expect(extremeFits<f64>(p.ctx, p.theta, 5, 5, 1e-6)).toBe(0, "an empty range");
    p.free();
  });
});
