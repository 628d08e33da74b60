// The training context: one header in WASM memory that both sides read (design: issue 9,
// /work/briefs/design9.md). The header and everything it points to in the persistent region (θ,
// GRAD, optimizer SLOTS, AVERAGE, the RNG state) survive between calls; the data pointers (X, y,
// weights, order, draws, eta, residual) are per call, written by the host before each call.
//
// Slot i of the header sits at byte 8·i. Pointers and ints live in the low 4 bytes of their slot
// (u32/i32), numbers fill the slot as f64. Field indices are the contract between the kernels,
// the update rules and the host (bindings/wasm/context.ts mirrors them and checks
// contextLayoutVersion and contextHeaderBytes at load): fields may be added at the end, never
// reordered.

export const CTX_FAMILY: i32 = 0;
/** 0 = linear (η = b + W·x); a hidden-layer model would take another id. */
export const CTX_MODEL_KIND: i32 = 1;
export const CTX_X: i32 = 2;
export const CTX_Y: i32 = 3;
/** 0 = unweighted. */
export const CTX_SW: i32 = 4;
/** Reserved for offsets (0 = none). */
export const CTX_OFFSET: i32 = 5;
export const CTX_ROWS: i32 = 6;
export const CTX_INPUTS: i32 = 7;
export const CTX_OUTPUTS: i32 = 8;
/** n/W of the data the gradient is normalised by (W = Σ sᵢ). */
export const CTX_WEIGHT_SCALE: i32 = 9;
/** θ = [W class-major (c·d + j), d·K values | b, K values], storage type T: the one layout. */
export const CTX_THETA: i32 = 10;
/** P = d·K + K. */
export const CTX_PARAMS: i32 = 11;
/** Coordinates j < PENALISED (= d·K) carry the L2 penalty; the intercepts after them do not. */
export const CTX_PENALISED: i32 = 12;
/** P values of T; zero on entry and exit of an epoch. */
export const CTX_GRAD: i32 = 13;
export const CTX_RULE: i32 = 14;
/** ruleSlots(rule)·P values of T; slot s at SLOTS + s·P·sizeof<T>. */
export const CTX_SLOTS: i32 = 15;
/** P values of T, or 0 = no averaging. */
export const CTX_AVERAGE: i32 = 16;
export const CTX_LEARNING_RATE: i32 = 17;
/** lr_t of the last update, written by the schedule. */
export const CTX_STEP_SIZE: i32 = 18;
export const CTX_MOMENTUM: i32 = 19;
export const CTX_BETA1: i32 = 20;
export const CTX_BETA2: i32 = 21;
export const CTX_EPSILON: i32 = 22;
export const CTX_RHO: i32 = 23;
export const CTX_WEIGHT_DECAY: i32 = 24;
export const CTX_L2: i32 = 25;
export const CTX_L1: i32 = 26;
/** Step at which averaging starts (0 = off). */
export const CTX_AVERAGE_START: i32 = 27;
export const CTX_SCHEDULE: i32 = 28;
export const CTX_SCHEDULE_A: i32 = 29;
export const CTX_SCHEDULE_B: i32 = 30;
export const CTX_SCHEDULE_C: i32 = 31;
/** T of the cosine schedule. */
export const CTX_TOTAL_STEPS: i32 = 32;
/** Updates done; incremented before each update, so t = 1 at the first. */
export const CTX_STEP: i32 = 33;
/** Completed epochs; the host increments it after each epoch. */
export const CTX_EPOCHS_DONE: i32 = 34;
export const CTX_SAMPLING: i32 = 35;
export const CTX_BATCH_SIZE: i32 = 36;
/** 0/1. */
export const CTX_FIT_INTERCEPT: i32 = 37;
export const CTX_ORDER: i32 = 38;
export const CTX_DRAWS: i32 = 39;
export const CTX_ETA: i32 = 40;
export const CTX_RESIDUAL: i32 = 41;
/** 32 bytes of xoshiro256** state inline in slots 42..45 (ctxRng). */
export const CTX_RNG: i32 = 42;
/** Reserved for issue 10's cumulative L1 penalty (0 now). */
export const CTX_L1_STATE: i32 = 46;
/** W = Σ sᵢ of the attached data (num): the exact objective and gradient divide by it. */
export const CTX_WEIGHT_TOTAL: i32 = 47;

/**
 * 1: the epoch checks each batch's X, y and weights just before its update (data staged in place
 * by the host, unchecked: partialFit over chunkBuffer views; data-check.ts). Sequential sampling only.
 */
export const CTX_CHECK_DATA: i32 = 48;
/** Written by a checking epoch: 0, or 1 + the first row of the batch holding a bad value (1 + ROWS: all weights 0). */
export const CTX_DATA_FAULT: i32 = 49;

/** Slots in the header; the header is 8·CTX_FIELDS bytes. */
export const CTX_FIELDS: i32 = 50;
/** Bumped whenever a field's meaning or position changes; the host refuses a mismatch. */
export const CTX_LAYOUT_VERSION: i32 = 3;

export const RULE_SGD: i32 = 0;
export const RULE_MOMENTUM: i32 = 1;
export const RULE_NESTEROV: i32 = 2;
export const RULE_ADAGRAD: i32 = 3;
export const RULE_RMSPROP: i32 = 4;
export const RULE_ADAM: i32 = 5;
export const RULE_ADAMW: i32 = 6;

export const SCHEDULE_CONSTANT: i32 = 0;
export const SCHEDULE_INVSCALING: i32 = 1;
export const SCHEDULE_OPTIMAL: i32 = 2;
export const SCHEDULE_STEP: i32 = 3;
export const SCHEDULE_EXPONENTIAL: i32 = 4;
export const SCHEDULE_COSINE: i32 = 5;
export const SCHEDULE_ADAPTIVE: i32 = 6;

/** Optimizer state vectors of P values each that a rule keeps in SLOTS. */
export function ruleSlots(rule: i32): i32 {
  if (rule == RULE_ADAM || rule == RULE_ADAMW) return 2;
  return rule == RULE_SGD ? 0 : 1;
}

// @ts-ignore: decorator
@inline export function ctxField(ctx: usize, field: i32): usize {
  return ctx + (<usize>field << 3);
}

// @ts-ignore: decorator
@inline export function ctxPtr(ctx: usize, field: i32): usize {
  return <usize>load<u32>(ctx + (<usize>field << 3));
}

// @ts-ignore: decorator
@inline export function ctxInt(ctx: usize, field: i32): i32 {
  return load<i32>(ctx + (<usize>field << 3));
}

// @ts-ignore: decorator
@inline export function ctxNum(ctx: usize, field: i32): f64 {
  return load<f64>(ctx + (<usize>field << 3));
}

// @ts-ignore: decorator
@inline export function setCtxPtr(ctx: usize, field: i32, value: usize): void {
  store<u32>(ctx + (<usize>field << 3), <u32>value);
}

// @ts-ignore: decorator
@inline export function setCtxInt(ctx: usize, field: i32, value: i32): void {
  store<i32>(ctx + (<usize>field << 3), value);
}

// @ts-ignore: decorator
@inline export function setCtxNum(ctx: usize, field: i32, value: f64): void {
  store<f64>(ctx + (<usize>field << 3), value);
}

/** The RNG state lives inline in the header. */
// @ts-ignore: decorator
@inline export function ctxRng(ctx: usize): usize {
  return ctx + (<usize>CTX_RNG << 3);
}

/** Byte offset of θ's intercepts (b), after the d·K weights. */
// @ts-ignore: decorator
@inline export function ctxInterceptPtr<T>(ctx: usize): usize {
  return ctxPtr(ctx, CTX_THETA) + (<usize>ctxInt(ctx, CTX_PENALISED) << alignof<T>());
}

/** Slot s of the optimizer state (P values of T each). */
// @ts-ignore: decorator
@inline export function ctxSlot<T>(ctx: usize, slot: i32): usize {
  return ctxPtr(ctx, CTX_SLOTS) + <usize>slot * (<usize>ctxInt(ctx, CTX_PARAMS) << alignof<T>());
}
