/**
 * The training context on the host side (design: issue 9). A TrainingContext owns the persistent
 * region of one model in WASM memory — the header (bindings/wasm/context.ts), θ, GRAD, the
 * optimizer's state slots, the average, the exact kernels' f64 θ and gradient, the chunk scratch —
 * and points the header at per-call data (attachData) before each call: fit attaches its data
 * once, partialFit one chunk at a time. θ has ONE layout everywhere: [W class-major (c·d + j),
 * d·K values | b, K values]; only the public FitResult is feature-major.
 * The memory layout is drawn in docs/architecture.md.
 */
import type { Dtype, Sampling } from "./options.js";
import type { Family } from "./families/index.js";
import type { KernelInstance } from "./wasm/load.js";
import { WasmMleError } from "./errors.js";
import type { Pointer } from "./wasm/abi.js";
import type { PlateauCounters } from "./optimizers/plateau.js";
import { CHUNK_ROWS, SAMPLING_ABI } from "./wasm/abi.js";
import { bytesPerElement, floatView, type FloatArray } from "./wasm/arena.js";
import {
  ContextHeader, CONTEXT_HEADER_BYTES, CONTEXT_RNG_BYTES, RULE_ABI, RULE_SLOTS, SCHEDULE_ABI, type RuleName, type ScheduleName,
} from "./wasm/context.js";

/** What fixes the persistent region's size. */
export interface ContextShape {
  readonly d: number;
  readonly K: number;
  readonly dtype: Dtype;
  readonly rule: RuleName;
  /** Whether an averaged θ̄ is kept (AVERAGE ≠ 0). */
  readonly averaging: boolean;
  /** Whether the cumulative L1 penalty's state is kept (L1_STATE ≠ 0; assembly/updates/l1.ts). */
  readonly l1State: boolean;
}

/** The update rule, its hyperparameters and the schedule, as the header stores them. */
export interface UpdateSettings {
  readonly learningRate: number;
  readonly l2: number;
  /** The L1 penalty (used when the shape keeps its state). */
  readonly l1: number;
  /** Per-feature L1 factors (d values, rescaled to sum to d), or null for all 1. */
  readonly penaltyFactor: Float64Array | null;
  readonly momentum: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  readonly rho: number;
  readonly weightDecay: number;
  /** The step averaging starts at (≥ 1), or 0 for no averaging. */
  readonly averageStart: number;
  readonly schedule: ScheduleName;
  /** SCHEDULE_A, B, C: each schedule's parameters (assembly/context.ts SCHEDULE_*). */
  readonly scheduleParameters: readonly [number, number, number];
  /** T of the cosine schedule (updates over the whole run). */
  readonly totalSteps: number;
}

/** Plain SGD at a constant rate, no averaging: what every field not given defaults to. */
export const PLAIN_SGD: Omit<UpdateSettings, "learningRate" | "l2"> = Object.freeze({
  l1: 0, penaltyFactor: null, momentum: 0, beta1: 0, beta2: 0, epsilon: 0, rho: 0, weightDecay: 0, averageStart: 0,
  schedule: "constant", scheduleParameters: Object.freeze([0, 0, 0]) as readonly [number, number, number], totalSteps: 0,
});

/** Everything a context is configured with, once, before its first call. */
export interface ContextSettings extends ContextShape {
  readonly family: Family;
  readonly fitIntercept: boolean;
  readonly sampling: Sampling;
  readonly batchSize: number;
  readonly update: UpdateSettings;
}

/** Data for the next calls: regions the caller laid out (X row-major n×d, y, weights, order, draws). */
export interface AttachedData {
  readonly X: Pointer;
  readonly y: Pointer;
  /** 0: unweighted. */
  readonly sampleWeight: Pointer;
  readonly rows: number;
  /** W = Σ sᵢ (n when unweighted). */
  readonly weightTotal: number;
  /** n u32 sample ids (the epoch reshuffles them in place under "shuffle"). */
  readonly order: Pointer;
  /** min(batchSize, n) u32 (draws with replacement). */
  readonly draws: Pointer;
}

/** The state a checkpoint needs (stream's saveState/restore are built on it). Copies, never views. */
export interface TrainingState {
  /** θ in the one layout, as the storage dtype holds it (widened to f64). */
  readonly theta: Float64Array;
  /** slots(rule)·P values, slot after slot. */
  readonly slots: Float64Array;
  /** P values, or empty without averaging. */
  readonly average: Float64Array;
  /** The cumulative L1 penalty: accumulated u then received q, d·K values each; empty without L1. */
  readonly l1: Float64Array;
  readonly rng: Uint8Array;
  readonly step: number;
  readonly epochsDone: number;
  readonly learningRate: number;
  /** The adaptive schedule's counters (host side, see PlateauSchedule); null or absent: none yet, or another schedule. */
  readonly plateau?: PlateauCounters | null;
}

export type ContextRegion = "header" | "theta" | "grad" | "slots" | "average" | "l1State" | "exactTheta" | "exactGradient" | "eta" | "residual";

export class TrainingContext {
  readonly header: ContextHeader;
  readonly d: number;
  readonly K: number;
  /** P = d·K + K. */
  readonly params: number;
  private readonly slotCount: number;
  private readonly float32: boolean;
  /** Whether exactTheta holds θ (false once an epoch has moved θ). */
  private exactThetaCurrent = false;
  /** The adaptive schedule's counters after the last epoch: kept here, beside the header, as part of the training state. */
  plateau: PlateauCounters | null = null;

  /** Bytes of each region of a context of this shape (lay them out anywhere, 64-byte aligned). */
  static regions(shape: ContextShape): Record<ContextRegion, number> {
    const P = shape.d * shape.K + shape.K;
    const bytes = bytesPerElement(shape.dtype);
    return {
      header: CONTEXT_HEADER_BYTES,
      theta: P * bytes,
      grad: P * bytes,
      slots: RULE_SLOTS[shape.rule] * P * bytes,
      average: shape.averaging ? P * bytes : 0,
      // factors f, accumulated u, received q: d·K values each
      l1State: shape.l1State ? 3 * shape.d * shape.K * bytes : 0,
      exactTheta: P * 8,
      exactGradient: P * 8,
      eta: CHUNK_ROWS * shape.K * 8,
      residual: CHUNK_ROWS * shape.K * 8,
    };
  }

  /**
   * A context over regions laid out as {@link TrainingContext.regions} says, configured and zeroed:
   * θ = 0, GRAD = 0, slots and average 0, t = 0, no epochs done, RNG unseeded (call seed()).
   */
  constructor(
    private readonly kernels: KernelInstance,
    private readonly pointers: Record<ContextRegion, Pointer>,
    private readonly settings: ContextSettings,
  ) {
    this.d = settings.d;
    this.K = settings.K;
    this.params = settings.d * settings.K + settings.K;
    this.slotCount = RULE_SLOTS[settings.rule];
    this.float32 = settings.dtype === "float32";
    this.header = new ContextHeader(kernels.memory, pointers.header);
    const regions = TrainingContext.regions(settings);
    for (const name of Object.keys(regions) as ContextRegion[]) {
      if (name !== "header" && regions[name] > 0) new Uint8Array(kernels.memory.buffer, pointers[name], regions[name]).fill(0);
    }
    this.configure();
  }

  private configure(): void {
    const h = this.header;
    const s = this.settings;
    const u = s.update;
    h.clear();
    h.setInt("FAMILY", s.family.abiId);
    h.setInt("MODEL_KIND", 0);
    h.setInt("INPUTS", s.d);
    h.setInt("OUTPUTS", s.K);
    h.setPtr("THETA", this.pointers.theta);
    h.setInt("PARAMS", this.params);
    h.setInt("PENALISED", s.d * s.K);
    h.setPtr("GRAD", this.pointers.grad);
    h.setInt("RULE", RULE_ABI[s.rule]);
    h.setPtr("SLOTS", this.slotCount > 0 ? this.pointers.slots : 0);
    h.setPtr("AVERAGE", s.averaging ? this.pointers.average : 0);
    h.setNum("LEARNING_RATE", u.learningRate);
    h.setNum("MOMENTUM", u.momentum);
    h.setNum("BETA1", u.beta1);
    h.setNum("BETA2", u.beta2);
    h.setNum("EPSILON", u.epsilon);
    h.setNum("RHO", u.rho);
    h.setNum("WEIGHT_DECAY", u.weightDecay);
    h.setNum("L2", u.l2);
    h.setNum("L1", s.l1State ? u.l1 : 0);
    h.setNum("AVERAGE_START", s.averaging ? u.averageStart : 0);
    h.setInt("SCHEDULE", SCHEDULE_ABI[u.schedule]);
    h.setNum("SCHEDULE_A", u.scheduleParameters[0]);
    h.setNum("SCHEDULE_B", u.scheduleParameters[1]);
    h.setNum("SCHEDULE_C", u.scheduleParameters[2]);
    h.setNum("TOTAL_STEPS", u.totalSteps);
    h.setInt("SAMPLING", SAMPLING_ABI[s.sampling]);
    h.setInt("BATCH_SIZE", s.batchSize);
    h.setInt("FIT_INTERCEPT", s.fitIntercept ? 1 : 0);
    h.setPtr("ETA", this.pointers.eta);
    h.setPtr("RESIDUAL", this.pointers.residual);
    h.setPtr("L1_STATE", s.l1State ? this.pointers.l1State : 0);
    if (s.l1State) {
      // f_j for every class's copy of feature j (θ is class-major: c·d + j)
      const factors = this.view("l1State", s.d * s.K);
      for (let c = 0; c < s.K; c++) for (let j = 0; j < s.d; j++) factors[c * s.d + j] = u.penaltyFactor ? u.penaltyFactor[j] : 1;
    }
  }

  /** The accumulated u and received q of the cumulative L1 penalty, after the factors (2·d·K values). */
  private l1Accounts(): FloatArray {
    const penalised = this.d * this.K;
    return floatView(this.kernels.memory, this.settings.dtype, this.pointers.l1State + penalised * bytesPerElement(this.settings.dtype), 2 * penalised);
  }

  /** Points the header at the data the next calls read. */
  attachData(data: AttachedData): void {
    const h = this.header;
    h.setPtr("X", data.X);
    h.setPtr("Y", data.y);
    h.setPtr("SW", data.sampleWeight);
    h.setPtr("OFFSET", 0);
    h.setInt("ROWS", data.rows);
    h.setNum("WEIGHT_TOTAL", data.weightTotal);
    h.setNum("WEIGHT_SCALE", data.rows / data.weightTotal);
    h.setPtr("ORDER", data.order);
    h.setPtr("DRAWS", data.draws);
  }

  /**
   * Whether the next epochs check each batch's X, y and weights just before its update
   * (assembly/data-check.ts): for data placed in memory unchecked (partialFit's chunk buffer).
   * Sequential sampling only; a fault stops the epoch and sets {@link dataFault}.
   */
  checkData(on: boolean): void {
    this.header.setInt("CHECK_DATA", on ? 1 : 0);
    this.header.setInt("DATA_FAULT", 0);
  }

  /** 0, or 1 + the first row of the batch where the last checking epoch stopped at a bad value (1 + rows: the weights' sum). */
  get dataFault(): number {
    return this.header.int("DATA_FAULT");
  }

  /** Seeds the header's inline RNG (xoshiro256** from splitmix64, assembly/kernels/sampling.ts). */
  seed(seed: number): void {
    this.kernels.exports.seedRng(this.header.rngPointer(), seed);
  }

  /** Sampling and batch size for the next epochs (gd runs full sequential batches). */
  setSampling(sampling: Sampling, batchSize: number): void {
    this.header.setInt("SAMPLING", SAMPLING_ABI[sampling]);
    this.header.setInt("BATCH_SIZE", batchSize);
  }

  /** The base learning rate (the "adaptive" schedule lowers it between epochs). */
  setLearningRate(learningRate: number): void {
    this.header.setNum("LEARNING_RATE", learningRate);
  }

  /** The step size the next update uses before its schedule (LEARNING_RATE). */
  get learningRate(): number {
    return this.header.num("LEARNING_RATE");
  }

  private view(region: ContextRegion, length: number): FloatArray {
    return floatView(this.kernels.memory, this.settings.dtype, this.pointers[region], length);
  }

  private float64(region: ContextRegion, length: number): Float64Array {
    return new Float64Array(this.kernels.memory.buffer, this.pointers[region], length);
  }

  /** θ (P values, the one layout), widened to f64: a copy. */
  readParameters(): Float64Array {
    return Float64Array.from(this.view("theta", this.params));
  }

  /** θ ← theta (rounded to the storage dtype); the exact kernels keep the unrounded f64 values. */
  writeParameters(theta: ArrayLike<number>): void {
    if (theta.length !== this.params) throw new RangeError(`θ has ${this.params} values, not ${theta.length}`);
    this.view("theta", this.params).set(theta);
    this.float64("exactTheta", this.params).set(theta);
    this.exactThetaCurrent = true;
  }

  readState(): TrainingState {
    const h = this.header;
    const P = this.params;
    return {
      theta: this.readParameters(),
      slots: Float64Array.from(this.view("slots", this.slotCount * P)),
      average: this.settings.averaging ? Float64Array.from(this.view("average", P)) : new Float64Array(0),
      l1: this.settings.l1State ? Float64Array.from(this.l1Accounts()) : new Float64Array(0),
      rng: new Uint8Array(this.kernels.memory.buffer, h.rngPointer(), CONTEXT_RNG_BYTES).slice(),
      step: h.num("STEP"),
      epochsDone: h.num("EPOCHS_DONE"),
      learningRate: h.num("LEARNING_RATE"),
      plateau: this.plateau,
    };
  }

  /** Restores what readState returned (lengths checked: a state of another shape is refused). */
  writeState(state: TrainingState): void {
    const P = this.params;
    const expected = {
      theta: P, slots: this.slotCount * P, average: this.settings.averaging ? P : 0, l1: this.settings.l1State ? 2 * this.d * this.K : 0, rng: CONTEXT_RNG_BYTES,
    };
    for (const [name, length] of Object.entries(expected) as [keyof typeof expected, number][]) {
      if (state[name].length !== length) throw new RangeError(`state.${name} has ${state[name].length} values; this context needs ${length}`);
    }
    this.writeParameters(state.theta);
    this.view("slots", this.slotCount * P).set(state.slots);
    if (this.settings.averaging) this.view("average", P).set(state.average);
    if (this.settings.l1State) this.l1Accounts().set(state.l1);
    new Uint8Array(this.kernels.memory.buffer, this.header.rngPointer(), CONTEXT_RNG_BYTES).set(state.rng);
    this.header.setNum("STEP", state.step);
    this.header.setNum("EPOCHS_DONE", state.epochsDone);
    this.header.setNum("LEARNING_RATE", state.learningRate);
    this.plateau = state.plateau ?? null;
  }

  /** One epoch in WASM over the attached data; the epoch count goes up by one. Returns mean loss + penalty. */
  epoch(): number {
    const run = this.float32 ? this.kernels.exports.epochF32 : this.kernels.exports.epochF64;
    // Trainer.create picks the binary with the epochs for every epoch-based optimizer (epochBased)
    if (!run) throw new WasmMleError("WASM_LAYOUT", `kernels: a ${this.kernels.set} instance has no epoch loop; epoch-based optimizers need kernel set "all"`);
    this.exactThetaCurrent = false;
    const value = run(this.header.pointer);
    this.header.setNum("EPOCHS_DONE", this.header.num("EPOCHS_DONE") + 1);
    return value;
  }

  /** The averaged parameters θ̄ (P values), or null without averaging. */
  readAverage(): Float64Array | null {
    return this.settings.averaging ? Float64Array.from(this.view("average", this.params)) : null;
  }

  /** θ̄ ← theta (rounded to the storage dtype), when averaging. */
  writeAverage(theta: ArrayLike<number>): void {
    if (this.settings.averaging) this.view("average", this.params).set(theta);
  }

  /**
   * θ as the exact kernels read it: P f64 values in the one layout (after an epoch has moved θ,
   * this copy follows it; writeParameters keeps the unrounded values).
   */
  currentExactTheta(): Pointer {
    if (!this.exactThetaCurrent) {
      this.float64("exactTheta", this.params).set(this.view("theta", this.params));
      this.exactThetaCurrent = true;
    }
    return this.pointers.exactTheta;
  }

  /** (1/W)·Σ sᵢ·nllᵢ + (l2/2)·‖θ_W‖² over the attached data at θ. */
  objective(l2: number): number {
    const run = this.float32 ? this.kernels.exports.objectiveF32 : this.kernels.exports.objectiveF64;
    return run(this.header.pointer, this.currentExactTheta(), 0, this.header.int("ROWS"), l2);
  }

  /** (l2/2)·‖θ_W‖² at θ: the objective kernel over no rows (assembly/penalty.ts, the penalty's one place). */
  penalty(l2: number): number {
    const run = this.float32 ? this.kernels.exports.objectiveF32 : this.kernels.exports.objectiveF64;
    return run(this.header.pointer, this.currentExactTheta(), 0, 0, l2);
  }

  /** The objective and its exact gradient (P values, θ's layout; a copy) at θ. */
  gradient(l2: number): { objective: number; gradient: Float64Array } {
    const run = this.float32 ? this.kernels.exports.gradientF32 : this.kernels.exports.gradientF64;
    const objective = run(this.header.pointer, this.currentExactTheta(), this.pointers.exactGradient, 0, this.header.int("ROWS"), l2);
    return { objective, gradient: Float64Array.from(this.float64("exactGradient", this.params)) };
  }
}
