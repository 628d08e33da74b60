/**
 * The host's mirror of the training context header (assembly/context.ts; design: issue 9). Slot i
 * sits at byte 8·i; pointers and ints in the low 4 bytes of their slot (u32/i32), numbers as f64.
 * The indices here must equal the kernel's: `checkContextLayout` compares the binary's
 * `contextLayoutVersion()` and `contextHeaderBytes()` with these at load, and refuses a mismatch.
 */
import { WasmMleError } from "../errors.js";
import type { Pointer } from "./abi.js";

export const CONTEXT_FIELD = Object.freeze({
  FAMILY: 0,
  MODEL_KIND: 1,
  X: 2,
  Y: 3,
  SW: 4,
  OFFSET: 5,
  ROWS: 6,
  INPUTS: 7,
  OUTPUTS: 8,
  WEIGHT_SCALE: 9,
  THETA: 10,
  PARAMS: 11,
  PENALISED: 12,
  GRAD: 13,
  RULE: 14,
  SLOTS: 15,
  AVERAGE: 16,
  LEARNING_RATE: 17,
  STEP_SIZE: 18,
  MOMENTUM: 19,
  BETA1: 20,
  BETA2: 21,
  EPSILON: 22,
  RHO: 23,
  WEIGHT_DECAY: 24,
  L2: 25,
  L1: 26,
  AVERAGE_START: 27,
  SCHEDULE: 28,
  SCHEDULE_A: 29,
  SCHEDULE_B: 30,
  SCHEDULE_C: 31,
  TOTAL_STEPS: 32,
  STEP: 33,
  EPOCHS_DONE: 34,
  SAMPLING: 35,
  BATCH_SIZE: 36,
  FIT_INTERCEPT: 37,
  ORDER: 38,
  DRAWS: 39,
  ETA: 40,
  RESIDUAL: 41,
  RNG: 42,
  L1_STATE: 46,
  WEIGHT_TOTAL: 47,
  CHECK_DATA: 48,
  DATA_FAULT: 49,
} as const);

export type ContextField = keyof typeof CONTEXT_FIELD;

/** Slots in the header (assembly/context.ts CTX_FIELDS). */
export const CONTEXT_FIELDS = 50;
export const CONTEXT_HEADER_BYTES = CONTEXT_FIELDS * 8;
export const CONTEXT_LAYOUT_VERSION = 3;
/** The RNG state is inline in the header: 32 bytes from slot RNG. */
export const CONTEXT_RNG_BYTES = 32;

/** Update-rule ids (assembly/context.ts RULE_*). */
export const RULE_ABI = Object.freeze({ sgd: 0, momentum: 1, nesterov: 2, adagrad: 3, rmsprop: 4, adam: 5, adamw: 6 } as const);
export type RuleName = keyof typeof RULE_ABI;

/** Optimizer state vectors (P values each) per rule; checked against the binary at load. */
export const RULE_SLOTS: Readonly<Record<RuleName, number>> = Object.freeze({
  sgd: 0, momentum: 1, nesterov: 1, adagrad: 1, rmsprop: 1, adam: 2, adamw: 2,
});

/** Schedule ids (assembly/context.ts SCHEDULE_*). */
export const SCHEDULE_ABI = Object.freeze({
  constant: 0, invscaling: 1, optimal: 2, step: 3, exponential: 4, cosine: 5, adaptive: 6,
} as const);
export type ScheduleName = keyof typeof SCHEDULE_ABI;

/** What the binary must export for the host to trust its header layout. */
export interface ContextLayoutExports {
  contextHeaderBytes(): number;
  contextLayoutVersion(): number;
  contextRuleSlots(rule: number): number;
}

/** Throws WASM_LAYOUT when the binary's header differs from this mirror. */
export function checkContextLayout(exports: ContextLayoutExports): void {
  const version = exports.contextLayoutVersion();
  const bytes = exports.contextHeaderBytes();
  if (version !== CONTEXT_LAYOUT_VERSION || bytes !== CONTEXT_HEADER_BYTES) {
    throw new WasmMleError(
      "WASM_LAYOUT",
      `kernels: the binary's training-context header is version ${version}, ${bytes} bytes; this host expects version ${CONTEXT_LAYOUT_VERSION}, ${CONTEXT_HEADER_BYTES} bytes`,
    );
  }
  for (const [name, id] of Object.entries(RULE_ABI) as [RuleName, number][]) {
    const slots = exports.contextRuleSlots(id);
    if (slots !== RULE_SLOTS[name]) {
      throw new WasmMleError("WASM_LAYOUT", `kernels: rule ${name} (id ${id}) keeps ${slots} state slots in the binary, ${RULE_SLOTS[name]} on the host`);
    }
  }
}

/**
 * Reads and writes one header in WASM memory. The DataView is re-derived whenever memory has grown
 * (a grown memory detaches the old buffer), so a ContextHeader stays valid across growth.
 */
export class ContextHeader {
  private view: DataView;

  constructor(
    private readonly memory: WebAssembly.Memory,
    readonly pointer: Pointer,
  ) {
    this.view = new DataView(memory.buffer);
  }

  private current(): DataView {
    // Stryker disable next-line ConditionalExpression: always true only makes a new DataView over the same buffer on every read (a cache, no value changes)
    if (this.view.buffer !== this.memory.buffer) this.view = new DataView(this.memory.buffer);
    return this.view;
  }

  private offset(field: ContextField): number {
    return this.pointer + CONTEXT_FIELD[field] * 8;
  }

  ptr(field: ContextField): Pointer {
    return this.current().getUint32(this.offset(field), true);
  }

  int(field: ContextField): number {
    return this.current().getInt32(this.offset(field), true);
  }

  num(field: ContextField): number {
    return this.current().getFloat64(this.offset(field), true);
  }

  setPtr(field: ContextField, value: Pointer): void {
    const view = this.current();
    view.setUint32(this.offset(field), value, true);
    view.setUint32(this.offset(field) + 4, 0, true);
  }

  setInt(field: ContextField, value: number): void {
    const view = this.current();
    view.setInt32(this.offset(field), value, true);
    view.setInt32(this.offset(field) + 4, 0, true);
  }

  setNum(field: ContextField, value: number): void {
    this.current().setFloat64(this.offset(field), value, true);
  }

  /** Byte address of the inline RNG state (32 bytes). */
  rngPointer(): Pointer {
    return this.offset("RNG");
  }

  /** Zeroes the whole header. */
  clear(): void {
    new Uint8Array(this.memory.buffer, this.pointer, CONTEXT_HEADER_BYTES).fill(0);
  }
}
