import type { ValidatedOptions } from "./options.js";
import type { KernelExports, Pointer } from "./wasm/abi.js";
import { CHUNK_ROWS, SAMPLING_ABI } from "./wasm/abi.js";
import type { KernelInstance } from "./wasm/load.js";
import { bytesPerElement, floatView, planLayout } from "./wasm/arena.js";
import { copyMatrix, type Matrix, type MatrixShape } from "./data.js";

const RNG_STATE_BYTES = 32;

/** Parameters as the host keeps them: f64, class-major W[c·d + j] (the kernels' layout), b[c]. */
export interface Parameters {
  W: Float64Array;
  b: Float64Array;
}

/** The regions of a DataSession, in bytes: X | y | sampleWeight? | order | draws | W | b | G | Gb | exactTheta | exactGradient | eta | residual | rng | extra. */
export function sessionRegions(
  shape: MatrixShape,
  options: ValidatedOptions,
  weighted: boolean,
  extraRegions: Record<string, number> = {},
): Record<string, number> {
  const { rows: n, cols: d } = shape;
  const K = options.classes;
  const bytes = bytesPerElement(options.dtype);
  return {
    X: n * d * bytes,
    y: n * bytes,
    sampleWeight: weighted ? n * bytes : 0,
    order: n * 4,
    draws: Math.min(options.batchSize, n) * 4,
    W: d * K * bytes,
    b: K * bytes,
    G: d * K * bytes,
    Gb: K * bytes,
    /** The exact objective's and gradient's parameters and output: d·K + K values in f64 whatever the dtype (assembly/trainer.ts). */
    exactTheta: (d * K + K) * 8,
    exactGradient: (d * K + K) * 8,
    eta: CHUNK_ROWS * K * 8,
    residual: CHUNK_ROWS * K * 8,
    rng: RNG_STATE_BYTES,
    ...extraRegions,
  };
}

/**
 * One fit's data inside WASM memory, copied in once from `base` on, with typed wrappers around the
 * kernels that read it (layout: {@link sessionRegions}). y and the weights arrive as checked
 * host copies; X is copied and checked here, so a constructor that throws has written nothing
 * outside its own regions. Views are made fresh on every access, since growing memory detaches
 * the old ones.
 */
export class DataSession {
  readonly n: number;
  readonly d: number;
  readonly K: number;
  readonly weightTotal: number;
  readonly weighted: boolean;
  /** First and one-past-last byte of this session's regions. */
  readonly start: number;
  readonly end: number;
  private readonly ptr: Record<string, Pointer>;
  private readonly abi: KernelExports;
  private readonly float32: boolean;
  private readonly familyId: number;
  /** Whether exactTheta holds the parameters in W and b (false after an epoch moved them). */
  private exactThetaCurrent = false;

  constructor(
    private readonly kernels: KernelInstance,
    private readonly options: ValidatedOptions,
    X: Matrix,
    shape: MatrixShape,
    /** Checked copies (copyResponse / copyWeights): the session copies them in as they are. */
    y: ArrayLike<number>,
    sampleWeight: ArrayLike<number> | undefined,
    weightTotal: number,
    /** Further regions an optimizer needs (bytes), laid out after the fixed ones. */
    extraRegions: Record<string, number> = {},
    /** Where the layout starts (the trainer's MemoryPlan picks it); default the module's heap base. */
    base: number = kernels.heapBase,
  ) {
    const { rows: n, cols: d } = shape;
    const K = options.classes;
    const layout = planLayout(kernels.memory, base, sessionRegions(shape, options, sampleWeight !== undefined, extraRegions),
      `A fit of ${n} rows × ${d} features in ${options.dtype}`);
    this.ptr = layout.pointers;
    this.start = layout.start;
    this.end = layout.end;
    this.n = n;
    this.d = d;
    this.K = K;
    this.weightTotal = weightTotal;
    this.weighted = sampleWeight !== undefined;
    this.abi = kernels.exports;
    this.float32 = options.dtype === "float32";
    this.familyId = options.family.abiId;

    copyMatrix(X, shape, this.view("X", n * d), () => nonFiniteIndex(kernels, options.dtype, this.ptr.X, n * d));
    this.view("y", n).set(y);
    if (sampleWeight) this.view("sampleWeight", n).set(sampleWeight);
    this.view("G", d * K).fill(0);
    this.view("Gb", K).fill(0);
    this.abi.identityOrder(this.ptr.order, n);
    this.abi.seedRng(this.ptr.rng, options.seed);
  }

  /** The pointer of a region (for optimizers that call their own kernels on this data). */
  pointer(region: string): Pointer {
    const pointer = this.ptr[region];
    if (pointer === undefined) throw new Error(`no region ${region} in this session's layout`);
    return pointer;
  }

  get exports(): KernelExports {
    return this.abi;
  }

  get memory(): WebAssembly.Memory {
    return this.kernels.memory;
  }

  get family(): ValidatedOptions["family"] {
    return this.options.family;
  }

  /** A fresh f64 view of a region (for optimizer scratch laid out as f64). */
  float64(region: string, length: number): Float64Array {
    return new Float64Array(this.kernels.memory.buffer, this.pointer(region), length);
  }

  private view(region: string, length: number) {
    return floatView(this.kernels.memory, this.options.dtype, this.ptr[region], length);
  }

  writeParameters({ W, b }: Parameters): void {
    this.view("W", this.d * this.K).set(W);
    this.view("b", this.K).set(b);
    // the exact kernels see the parameters unrounded (f64), whatever the storage dtype
    const exact = this.float64("exactTheta", this.d * this.K + this.K);
    exact.set(W);
    exact.set(b, this.d * this.K);
    this.exactThetaCurrent = true;
  }

  /** After an epoch has moved the stored parameters, the exact kernels' f64 copy follows them. */
  private currentExactTheta(): Pointer {
    if (!this.exactThetaCurrent) {
      const exact = this.float64("exactTheta", this.d * this.K + this.K);
      exact.set(this.view("W", this.d * this.K));
      exact.set(this.view("b", this.K), this.d * this.K);
      this.exactThetaCurrent = true;
    }
    return this.ptr.exactTheta;
  }

  readParameters(): Parameters {
    return { W: Float64Array.from(this.view("W", this.d * this.K)), b: Float64Array.from(this.view("b", this.K)) };
  }

  /** One epoch of mini-batch gradient descent in WASM; returns the epoch's mean loss + penalty. */
  epoch(): number {
    const o = this.options;
    const fullBatch = o.optimizer === "gd";
    const run = this.float32 ? this.abi.epochF32 : this.abi.epochF64;
    const p = this.ptr;
    this.exactThetaCurrent = false;
    return run(
      this.familyId, p.X, p.y, this.weighted ? p.sampleWeight : 0, this.n, this.d, this.K,
      p.W, p.b, p.G, p.Gb, p.eta, p.residual, p.order, p.draws, p.rng,
      fullBatch ? SAMPLING_ABI.sequential : SAMPLING_ABI[o.sampling],
      fullBatch ? this.n : o.batchSize,
      o.learningRate, o.l2, o.fitIntercept ? 1 : 0, this.weightTotal,
    );
  }

  /** (1/W)·Σ sᵢ·nllᵢ + (l2/2)·‖W‖² at the parameters in memory. */
  objective(l2 = this.options.l2): number {
    const run = this.float32 ? this.abi.objectiveF32 : this.abi.objectiveF64;
    const p = this.ptr;
    const theta = this.currentExactTheta();
    return run(this.familyId, p.X, p.y, this.weighted ? p.sampleWeight : 0, this.n, this.d, this.K, theta, theta + this.d * this.K * 8, p.eta, p.residual, l2, this.weightTotal);
  }

  /** The objective and its exact gradient at the parameters in memory (gradient class-major). */
  gradient(l2 = this.options.l2): { objective: number; W: Float64Array; b: Float64Array } {
    const run = this.float32 ? this.abi.gradientF32 : this.abi.gradientF64;
    const p = this.ptr;
    const weightCount = this.d * this.K;
    const theta = this.currentExactTheta();
    const objective = run(
      this.familyId, p.X, p.y, this.weighted ? p.sampleWeight : 0, this.n, this.d, this.K,
      theta, theta + weightCount * 8, p.exactGradient, p.exactGradient + weightCount * 8, p.eta, p.residual, l2, this.weightTotal,
    );
    const gradient = this.float64("exactGradient", weightCount + this.K);
    return { objective, W: gradient.slice(0, weightCount), b: gradient.slice(weightCount) };
  }
}

/** Index of the first non-finite value of the `count` values at `pointer`, or −1 (a WASM scan). */
function nonFiniteIndex(kernels: KernelInstance, dtype: ValidatedOptions["dtype"], pointer: Pointer, count: number): number {
  const scan = dtype === "float32" ? kernels.exports.firstNonFiniteF32 : kernels.exports.firstNonFiniteF64;
  return scan(pointer, count);
}

/** The regions predictInMemory lays out, in bytes. */
export function predictRegions(shape: MatrixShape, options: ValidatedOptions): Record<"X" | "W" | "b" | "out", number> {
  const { rows: n, cols: d } = shape;
  const K = options.classes;
  const bytes = bytesPerElement(options.dtype);
  return { X: n * d * bytes, W: d * K * bytes, b: K * bytes, out: n * K * 8 };
}

/** Predictions for X with scratch laid out from `base`; returns a copy (n·K f64). */
export function predictInMemory(
  kernels: KernelInstance, base: number, options: ValidatedOptions, X: Matrix, shape: MatrixShape, params: Parameters,
): Float64Array {
  const { rows: n, cols: d } = shape;
  const K = options.classes;
  const ptr = planLayout(kernels.memory, base, predictRegions(shape, options), `Predicting ${n} rows × ${d} features in ${options.dtype}`).pointers;
  copyMatrix(X, shape, floatView(kernels.memory, options.dtype, ptr.X, n * d), () => nonFiniteIndex(kernels, options.dtype, ptr.X, n * d));
  floatView(kernels.memory, options.dtype, ptr.W, d * K).set(params.W);
  floatView(kernels.memory, options.dtype, ptr.b, K).set(params.b);
  const run = options.dtype === "float32" ? kernels.exports.predictF32 : kernels.exports.predictF64;
  run(options.family.abiId, ptr.X, n, d, K, ptr.W, ptr.b, ptr.out);
  return Float64Array.from(new Float64Array(kernels.memory.buffer, ptr.out, n * K));
}
