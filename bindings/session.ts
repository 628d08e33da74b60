import type { ValidatedOptions } from "./options.js";
import type { KernelExports, Pointer } from "./wasm/abi.js";
import { TrainingContext, type ContextRegion, type ContextShape } from "./context.js";
import { ContextHeader, CONTEXT_HEADER_BYTES } from "./wasm/context.js";
import { averageStart, contextUpdateSettings, ruleOf } from "./optimizers/update-rules.js";
import { keepsL1State } from "./training/partial-fit.js";
import type { KernelInstance } from "./wasm/load.js";
import { bytesPerElement, floatView, planLayout, type Layout } from "./wasm/arena.js";
import { copyMatrix, type Matrix, type MatrixShape } from "./data.js";
import { InvalidDataError } from "./errors.js";

/**
 * θ as the optimizers, inference and the kernels all keep it: the training context's one layout
 * [W class-major (c·d + j), d·K values | b, K values], in f64 on the host. Only the public results
 * (FitResult, Model) show coefficients feature-major (toFeatureMajor).
 */
export type Theta = Float64Array;

/** The shape of a fit's persistent context: the optimizer's update rule (its slots) and whether it averages. */
function contextShapeOf(shape: MatrixShape, options: ValidatedOptions): ContextShape {
  return {
    d: shape.cols, K: options.classes, dtype: options.dtype, rule: ruleOf(options.optimizer), averaging: averageStart(options) > 0,
    l1State: keepsL1State(options),
  };
}

/**
 * The regions of a DataSession, in bytes: the per-call data X | y | sampleWeight? | order | draws,
 * then the training context's persistent region (TrainingContext.regions, names prefixed
 * "context."), then `extra` (an optimizer's own scratch).
 */
export function sessionRegions(
  shape: MatrixShape,
  options: ValidatedOptions,
  weighted: boolean,
  extraRegions: Record<string, number> = {},
): Record<string, number> {
  const { rows: n, cols: d } = shape;
  const bytes = bytesPerElement(options.dtype);
  const context = Object.fromEntries(Object.entries(TrainingContext.regions(contextShapeOf(shape, options))).map(([name, size]) => [`context.${name}`, size]));
  return {
    X: n * d * bytes,
    y: n * bytes,
    sampleWeight: weighted ? n * bytes : 0,
    order: n * 4,
    draws: Math.min(options.batchSize, n) * 4,
    ...context,
    ...extraRegions,
  };
}

/** A fresh fit's start in θ's layout: w = 0, b = the null model's intercepts (0 without an intercept). */
export function nullModelTheta(o: ValidatedOptions, d: number, y: ArrayLike<number>, weights: ArrayLike<number> | undefined): Theta {
  const K = o.classes;
  const theta = new Float64Array(d * K + K);
  if (o.fitIntercept) theta.set(o.family.interceptStart(y, weights, K), d * K);
  return theta;
}

/**
 * One fit's data inside WASM memory, copied in once from `base` on, and the training context that
 * reads it (layout: {@link sessionRegions}). y and the weights arrive as checked host copies; X is
 * copied and checked here, so a constructor that throws has written nothing outside its own
 * regions. Views are made fresh on every access, since growing memory detaches the old ones.
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
  /** The model's state over this data: θ in the one layout, the RNG, the step counter. */
  readonly context: TrainingContext;
  private readonly ptr: Record<string, Pointer>;
  private readonly abi: KernelExports;

  constructor(
    private readonly kernels: KernelInstance,
    private readonly options: ValidatedOptions,
    /** null: the data is in place already (see `base`). */
    X: Matrix | null,
    shape: MatrixShape,
    /** Checked copies (copyResponse / copyWeights): the session copies them in as they are (X null: only whether weights are given counts). */
    y: ArrayLike<number>,
    sampleWeight: ArrayLike<number> | undefined,
    weightTotal: number,
    /** Further regions an optimizer needs (bytes), laid out after the fixed ones. */
    extraRegions: Record<string, number> = {},
    /**
     * Where the layout starts (the trainer's MemoryPlan picks it); default the module's heap base.
     * Or a layout already planned (for at least these rows) whose X, y and sampleWeight hold the
     * data, and whose order the identity: then X is null and nothing is copied (partialFit's chunk buffer).
     */
    base: number | Layout<string> = kernels.heapBase,
  ) {
    const { rows: n, cols: d } = shape;
    const K = options.classes;
    const layout = typeof base !== "number" ? base : planLayout(kernels.memory, base, sessionRegions(shape, options, sampleWeight !== undefined, extraRegions),
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

    // in place, the layout's owner wrote the identity order once (a sequential epoch never moves it)
    if (X !== null) {
      copyMatrix(X, shape, this.view("X", n * d), () => nonFiniteIndex(kernels, options.dtype, this.ptr.X, n * d));
      this.view("y", n).set(y);
      if (sampleWeight) this.view("sampleWeight", n).set(sampleWeight);
      this.abi.identityOrder(this.ptr.order, n);
    }
    const contextPointers = Object.fromEntries(
      Object.keys(TrainingContext.regions(contextShapeOf(shape, options))).map((name) => [name, this.ptr[`context.${name}`]]),
    ) as Record<ContextRegion, Pointer>;
    const fullBatch = options.optimizer === "gd";
    this.context = new TrainingContext(kernels, contextPointers, {
      ...contextShapeOf(shape, options),
      family: options.family,
      fitIntercept: options.fitIntercept,
      sampling: fullBatch ? "sequential" : options.sampling,
      batchSize: fullBatch ? n : options.batchSize,
      update: contextUpdateSettings(options, n),
    });
    this.context.attachData({
      X: this.ptr.X, y: this.ptr.y, sampleWeight: this.weighted ? this.ptr.sampleWeight : 0, rows: n, weightTotal,
      order: this.ptr.order, draws: this.ptr.draws,
    });
    this.context.seed(options.seed);
  }

  /**
   * The pointer of a region (for optimizers that call their own kernels on this data); "rng" is
   * the context header's inline RNG state (32 bytes).
   */
  pointer(region: string): Pointer {
    if (region === "rng") return this.context.header.rngPointer();
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

  /** True once the averaged iterate θ̄ exists (the update count reached the averaging start). */
  private averaging(): boolean {
    const start = averageStart(this.options);
    return start > 0 && this.context.header.num("STEP") >= start;
  }

  /** Sets θ (and, once averaging has started, θ̄ too, so that both name the model). */
  writeParameters(theta: Theta): void {
    this.context.writeParameters(theta);
    if (this.averaging()) this.context.writeAverage(theta);
  }

  /** The model's parameters: θ, or with averaging (sklearn's ASGD) θ̄ once it has started. */
  readParameters(): Theta {
    return this.averaging() ? this.context.readAverage()! : this.context.readParameters();
  }

  /** The base learning rate the schedule scales (the "adaptive" schedule lowers it between epochs). */
  setLearningRate(learningRate: number): void {
    this.context.setLearningRate(learningRate);
  }

  /** One epoch of mini-batch gradient descent in WASM; returns the epoch's mean loss + penalty. */
  epoch(): number {
    return this.context.epoch();
  }

  /** (1/W)·Σ sᵢ·nllᵢ + (l2/2)·‖W‖² at the parameters in memory. */
  objective(l2 = this.options.l2): number {
    return this.context.objective(l2);
  }

  /** (l2/2)·‖W‖² at the parameters in memory, from the kernels' one penalty (0 when l2 = 0, even if ‖W‖² overflows). */
  penalty(l2 = this.options.l2): number {
    return this.context.penalty(l2);
  }

  /** The objective and its exact gradient (θ's layout) at the parameters in memory. */
  gradient(l2 = this.options.l2): { objective: number; gradient: Theta } {
    return this.context.gradient(l2);
  }
}

/** Index of the first non-finite value of the `count` values at `pointer`, or −1 (a WASM scan). */
function nonFiniteIndex(kernels: KernelInstance, dtype: ValidatedOptions["dtype"], pointer: Pointer, count: number): number {
  const scan = dtype === "float32" ? kernels.exports.firstNonFiniteF32 : kernels.exports.firstNonFiniteF64;
  return scan(pointer, count);
}

/** The regions predictInMemory lays out, in bytes: a context header over X and θ, and the output. */
export function predictRegions(shape: MatrixShape, options: ValidatedOptions): Record<"header" | "X" | "theta" | "out", number> {
  const { rows: n, cols: d } = shape;
  const K = options.classes;
  const bytes = bytesPerElement(options.dtype);
  return { header: CONTEXT_HEADER_BYTES, X: n * d * bytes, theta: (d * K + K) * bytes, out: n * K * 8 };
}

/** Predictions for X at θ with scratch laid out from `base` (a context header of its own); returns a copy (n·K f64). */
export function predictInMemory(
  kernels: KernelInstance, base: number, options: ValidatedOptions, X: Matrix, shape: MatrixShape, theta: Theta,
): Float64Array {
  const { rows: n, cols: d } = shape;
  const K = options.classes;
  const ptr = planLayout(kernels.memory, base, predictRegions(shape, options), `Predicting ${n} rows × ${d} features in ${options.dtype}`).pointers;
  copyMatrix(X, shape, floatView(kernels.memory, options.dtype, ptr.X, n * d), () => nonFiniteIndex(kernels, options.dtype, ptr.X, n * d));
  floatView(kernels.memory, options.dtype, ptr.theta, d * K + K).set(theta);
  const header = new ContextHeader(kernels.memory, ptr.header);
  header.clear();
  header.setInt("FAMILY", options.family.abiId);
  header.setPtr("X", ptr.X);
  header.setInt("ROWS", n);
  header.setInt("INPUTS", d);
  header.setInt("OUTPUTS", K);
  header.setPtr("THETA", ptr.theta);
  header.setInt("PARAMS", d * K + K);
  header.setInt("PENALISED", d * K);
  const run = options.dtype === "float32" ? kernels.exports.predictF32 : kernels.exports.predictF64;
  run(ptr.header, ptr.out, 0, n);
  const predictions = Float64Array.from(new Float64Array(kernels.memory.buffer, ptr.out, n * K));
  // X·β beyond the dtype's range gives ±Infinity (a mean) or NaN (multinomial's softmax): not a prediction
  const k = predictions.findIndex((v) => !Number.isFinite(v));
  if (k >= 0) {
    throw new InvalidDataError("X", `row ${Math.floor(k / K)} gives the prediction ${predictions[k]}: X·β overflows ${options.dtype} there (rescale X, or check the coefficients)`, predictions[k]);
  }
  return predictions;
}
