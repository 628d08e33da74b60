/**
 * The one place that types the WASM ABI (assembly/index.ts, and assembly/epochs.ts for the epoch loop). Pointers are byte offsets into the
 * trainer's own memory; every function is pure with respect to memory it is not handed.
 */
export type Pointer = number;

/** One epoch over the training context at ctx (assembly/trainer.ts epoch). */
type EpochFn = (ctx: Pointer) => number;

// The exact kernels run over a row range [rowStart, rowEnd) of the data attached to the context at
// ctx, at θ given as P f64 values in the context's one layout [W class-major | b].

/** (1/W)·Σ s·nll over the rows + (l2/2)·‖θ_W‖² (over [0, n): f at θ). */
type ObjectiveFn = (ctx: Pointer, theta: Pointer, rowStart: number, rowEnd: number, l2: number) => number;

/** The objective over the rows, and its gradient into grad (P f64 values, overwritten). */
type GradientFn = (ctx: Pointer, theta: Pointer, grad: Pointer, rowStart: number, rowEnd: number, l2: number) => number;

/**
 * Newton/IRLS pass (assembly/irls.ts newtonPass): folds the working rows of [rowStart, rowEnd) at
 * θ into R (zeroed by the caller), columns in term order times mask; returns Σ s·nll.
 */
type NewtonPassFn = (
  ctx: Pointer, theta: Pointer, rowStart: number, rowEnd: number, symmetric: number, mask: Pointer,
  R: Pointer, A: Pointer, work: Pointer, chunkRows: number, supportOnly: number,
) => number;

/** Rows of [rowStart, rowEnd) (s > 0) with a fitted probability within threshold of 0 or 1 at θ. */
type ExtremeFitsFn = (ctx: Pointer, theta: Pointer, rowStart: number, rowEnd: number, threshold: number) => number;

// Coordinate descent (assembly/cd/): predictors, working rows, centred column copies.
/** v, r (n f64) of output c at the predictors eta (n·K f64, class-major); returns Σ s·nll. row: K f64 of scratch. */
type CdWorkingFn = (family: number, y: Pointer, sw: Pointer, n: number, K: number, c: number, eta: Pointer, row: Pointer, v: Pointer, r: Pointer) => number;
/** eta[c·n + i] = b[c] + xᵢ·W[c·d ..] (W class-major f64). */
type CdPredictorsFn = (X: Pointer, n: number, d: number, K: number, W: Pointer, b: Pointer, eta: Pointer) => void;
/** Centred f64 copies of the m columns cols[q] (d: ones) into Xt + k·n·8. */
type CdColumnsFn = (X: Pointer, n: number, d: number, centre: Pointer, cols: Pointer, m: number, Xt: Pointer) => void;

/** out ((rowEnd − rowStart)·K f64) = mean responses of the rows at the context's own θ (THETA, storage type). */
type PredictFn = (ctx: Pointer, out: Pointer, rowStart: number, rowEnd: number) => void;

export interface KernelExports {
  heapBase(): number;
  /** Training-context header size and layout version (assembly/context.ts); checked at load. */
  contextHeaderBytes(): number;
  contextLayoutVersion(): number;
  contextRuleSlots(rule: number): number;
  /** The family ids the kernels switch on; checked against bindings/families at load. */
  familyIdGaussian(): number;
  familyIdBernoulli(): number;
  familyIdPoisson(): number;
  familyIdMultinomial(): number;
  simdEnabled(): number;
  seedRng(rng: Pointer, seed: number): void;
  nextRandomU32(rng: Pointer): number;
  identityOrder(order: Pointer, n: number): void;
  shuffle(order: Pointer, n: number, rng: Pointer): void;
  /** Index of the first non-finite value among n values at x, or −1. */
  firstNonFiniteF32(x: Pointer, n: number): number;
  firstNonFiniteF64(x: Pointer, n: number): number;
  /** Only in instances of kernel set "all" (bindings/wasm/load.ts KernelSet): from the epochs' module. */
  epochF32?: EpochFn;
  epochF64?: EpochFn;
  objectiveF32: ObjectiveFn;
  objectiveF64: ObjectiveFn;
  gradientF32: GradientFn;
  gradientF64: GradientFn;
  predictF32: PredictFn;
  predictF64: PredictFn;
  newtonPassF32: NewtonPassFn;
  newtonPassF64: NewtonPassFn;
  extremeFitsF32: ExtremeFitsFn;
  extremeFitsF64: ExtremeFitsFn;
  /** Stacks m rows (column-major, f64) under the upper triangle R (row-major, stride) and re-triangularises (assembly/linalg/householder.ts). */
  stackRows(R: Pointer, stride: number, A: Pointer, m: number, cols: number): void;
  cdPredictorsF32: CdPredictorsFn;
  cdPredictorsF64: CdPredictorsFn;
  cdColumnsF32: CdColumnsFn;
  cdColumnsF64: CdColumnsFn;
  cdWorkingF32: CdWorkingFn;
  cdWorkingF64: CdWorkingFn;
  /** Gram columns H[rows, cols] of the centred columns Xt weighted by v (assembly/cd/gram.ts); scratch m·256 f64. */
  gramColumns(Xt: Pointer, n: number, v: Pointer, cols: Pointer, m: number, rows: Pointer, r: number, dim: number, out: Pointer, scratch: Pointer): void;
  /** CD passes over a penalised quadratic (assembly/cd/descent.ts); the passes made, negative when maxPasses ran out. */
  descend(
    H: Pointer, slot: Pointer, coords: Pointer, m: number, dim: number, g: Pointer, beta: Pointer, l1: Pointer, l2: Pointer,
    thresh: number, maxPasses: number, active: Pointer,
  ): number;
  /** Naive CD passes (assembly/cd/naive.ts) on the working residual r over centred columns Xt; fills xv; returns as descend. */
  descendNaive(
    Xt: Pointer, n: number, coords: Pointer, m: number, v: Pointer, r: Pointer, xv: Pointer, beta: Pointer, l1: Pointer, l2: Pointer,
    thresh: number, maxPasses: number, active: Pointer,
  ): number;
  /** g[k] = Σ r·(Xt column k) for the m coords. */
  columnGradients(Xt: Pointer, n: number, coords: Pointer, m: number, r: Pointer, g: Pointer): void;
  /** out (n f64) = Σ delta[k]·Xt column k over the m coords. */
  predictorStep(Xt: Pointer, n: number, coords: Pointer, m: number, delta: Pointer, out: Pointer): void;
  /** eta = start + scale·step (n f64). */
  movePredictor(eta: Pointer, start: Pointer, step: Pointer, scale: number, n: number): void;
  /** Back-substitution R[0:p,0:p]·x = R[0:p,p]; skipped or zero-diagonal coordinates get 0. Returns the count solved. */
  solveUpper(R: Pointer, stride: number, p: number, skip: Pointer, x: Pointer): number;
}

/** Rows per chunk in the kernels' scratch (assembly/trainer.ts CHUNK): ETA and RESIDUAL hold CHUNK·K f64. */
export const CHUNK_ROWS = 256;

/** Sampling modes (assembly/trainer.ts SAMPLING_*). */
export const SAMPLING_ABI = Object.freeze({ sequential: 0, shuffle: 1, replacement: 2 } as const);

/** A 32-bit WebAssembly memory addresses at most 65,536 pages of 64 KiB. */
export const WASM_PAGE_BYTES = 65536;
export const WASM_MAX_BYTES = 65536 * WASM_PAGE_BYTES;
