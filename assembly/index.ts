// The module's exports: the ABI that bindings/wasm/abi.ts types, but for the epoch loop of gd, sgd
// and the adaptive rules (assembly/epochs.ts, a module of its own that only trainers of those
// optimizers load, instantiated over the same memory). Built twice from this one file: target "simd"
// (f32x4/f64x2 kernels) and target "scalar" (their scalar twins); ASC_FEATURE_SIMD decides at compile
// time. Every pointer is owned by the host; nothing here allocates.
import { gradient, objective, predictMean } from "./trainer";
import { identityOrder, seedRng, shuffle, nextU64 } from "./kernels/sampling";
import { firstNonFinite } from "./kernels/validate";
import { CTX_FIELDS, CTX_LAYOUT_VERSION, ruleSlots } from "./context";
import { FAMILY_BERNOULLI, FAMILY_GAUSSIAN, FAMILY_MULTINOMIAL, FAMILY_POISSON } from "./families/index";

export { identityOrder, seedRng, shuffle };

/** Bytes of the training context's header (assembly/context.ts); the host checks it at load. */
export function contextHeaderBytes(): i32 {
  return CTX_FIELDS << 3;
}

/** The header's layout version (assembly/context.ts); the host refuses a binary that differs. */
export function contextLayoutVersion(): i32 {
  return CTX_LAYOUT_VERSION;
}

/** Optimizer state vectors (of P values each) that update rule `rule` keeps in SLOTS. */
export function contextRuleSlots(rule: i32): i32 {
  return ruleSlots(rule);
}

// The family ids the kernels switch on, so the host checks its table against them at load.
export function familyIdGaussian(): i32 {
  return FAMILY_GAUSSIAN;
}

export function familyIdBernoulli(): i32 {
  return FAMILY_BERNOULLI;
}

export function familyIdPoisson(): i32 {
  return FAMILY_POISSON;
}

export function familyIdMultinomial(): i32 {
  return FAMILY_MULTINOMIAL;
}

/** First byte the host may use: everything below is the module's static data. */
export function heapBase(): usize {
  return __heap_base;
}

export function simdEnabled(): bool {
  return ASC_FEATURE_SIMD;
}

/** The next 32 random bits as a non-negative f64 (for tests of the stream). */
export function nextRandomU32(rng: usize): f64 {
  return <f64>(<u32>(nextU64(rng) >> 32));
}

// The exact kernels over a row range of the context's data (context, rowStart, rowEnd): θ is P
// f64 values in the context's layout (assembly/trainer.ts objective, gradient; assembly/irls.ts).

/** (1/W)·Σ s·nll over rows [rowStart, rowEnd) + (l2/2)·‖θ_W‖²: over [0, n), f(θ). */
export function objectiveF32(ctx: usize, theta: usize, rowStart: i32, rowEnd: i32, l2: f64): f64 {
  return objective<f32>(ctx, theta, rowStart, rowEnd, l2);
}

export function objectiveF64(ctx: usize, theta: usize, rowStart: i32, rowEnd: i32, l2: f64): f64 {
  return objective<f64>(ctx, theta, rowStart, rowEnd, l2);
}

/** The objective over rows [rowStart, rowEnd) and its exact gradient into grad (P f64 values). */
export function gradientF32(ctx: usize, theta: usize, grad: usize, rowStart: i32, rowEnd: i32, l2: f64): f64 {
  return gradient<f32>(ctx, theta, grad, rowStart, rowEnd, l2);
}

export function gradientF64(ctx: usize, theta: usize, grad: usize, rowStart: i32, rowEnd: i32, l2: f64): f64 {
  return gradient<f64>(ctx, theta, grad, rowStart, rowEnd, l2);
}

/** Mean responses of rows [rowStart, rowEnd) at the context's own θ (THETA) into out (f64). */
export function predictF32(ctx: usize, out: usize, rowStart: i32, rowEnd: i32): void {
  predictMean<f32>(ctx, out, rowStart, rowEnd);
}

export function predictF64(ctx: usize, out: usize, rowStart: i32, rowEnd: i32): void {
  predictMean<f64>(ctx, out, rowStart, rowEnd);
}

// Newton/IRLS (issue 4): Fisher-scoring passes and the f64 Householder QR they feed.
import { extremeFits, newtonPass } from "./irls";
import { solveUpper, stackRows } from "./linalg/householder";

export { solveUpper, stackRows };

export function newtonPassF32(
  ctx: usize, theta: usize, rowStart: i32, rowEnd: i32, symmetric: bool, mask: usize, R: usize, A: usize, work: usize,
  chunkRows: i32, supportOnly: bool,
): f64 {
  return newtonPass<f32>(ctx, theta, rowStart, rowEnd, symmetric, mask, R, A, work, chunkRows, supportOnly);
}

export function newtonPassF64(
  ctx: usize, theta: usize, rowStart: i32, rowEnd: i32, symmetric: bool, mask: usize, R: usize, A: usize, work: usize,
  chunkRows: i32, supportOnly: bool,
): f64 {
  return newtonPass<f64>(ctx, theta, rowStart, rowEnd, symmetric, mask, R, A, work, chunkRows, supportOnly);
}

export function extremeFitsF32(ctx: usize, theta: usize, rowStart: i32, rowEnd: i32, threshold: f64): i32 {
  return extremeFits<f32>(ctx, theta, rowStart, rowEnd, threshold);
}

export function extremeFitsF64(ctx: usize, theta: usize, rowStart: i32, rowEnd: i32, threshold: f64): i32 {
  return extremeFits<f64>(ctx, theta, rowStart, rowEnd, threshold);
}

/** Index of the first non-finite value among n f32 values at x, or −1. */
export function firstNonFiniteF32(x: usize, n: i32): i32 {
  return firstNonFinite<f32>(x, n);
}

/** Index of the first non-finite value among n f64 values at x, or −1. */
export function firstNonFiniteF64(x: usize, n: i32): i32 {
  return firstNonFinite<f64>(x, n);
}

// Coordinate descent (issue 10): linear predictors and IRLS working rows, centred column copies,
// their gradients and Gram columns, the CD passes (covariance and naive).
import { linearPredictors, workingRows } from "./cd/working";
import { gramColumns } from "./cd/gram";
import { descend, descendNaive } from "./cd/descent";
import { centreColumns, columnGradients, movePredictor, predictorStep } from "./cd/naive";

export { columnGradients, descend, descendNaive, gramColumns, movePredictor, predictorStep };

export function cdPredictorsF32(X: usize, n: i32, d: i32, K: i32, W: usize, b: usize, eta: usize): void {
  linearPredictors<f32>(X, n, d, K, W, b, eta);
}

export function cdPredictorsF64(X: usize, n: i32, d: i32, K: i32, W: usize, b: usize, eta: usize): void {
  linearPredictors<f64>(X, n, d, K, W, b, eta);
}

export function cdWorkingF32(family: i32, y: usize, sw: usize, n: i32, K: i32, c: i32, eta: usize, row: usize, v: usize, r: usize): f64 {
  return workingRows<f32>(family, y, sw, n, K, c, eta, row, v, r);
}

export function cdWorkingF64(family: i32, y: usize, sw: usize, n: i32, K: i32, c: i32, eta: usize, row: usize, v: usize, r: usize): f64 {
  return workingRows<f64>(family, y, sw, n, K, c, eta, row, v, r);
}

export function cdColumnsF32(X: usize, n: i32, d: i32, centre: usize, cols: usize, m: i32, Xt: usize): void {
  centreColumns<f32>(X, n, d, centre, cols, m, Xt);
}

export function cdColumnsF64(X: usize, n: i32, d: i32, centre: usize, cols: usize, m: i32, Xt: usize): void {
  centreColumns<f64>(X, n, d, centre, cols, m, Xt);
}
