import { InvalidStateError } from "../errors.js";
import type { Dtype, ValidatedOptions } from "../options.js";
import type { JsonValue } from "../model.js";
import { isPlainObject } from "../plain-data.js";
import type { ResolvedBuild } from "../wasm/load.js";
import { RULE_SLOTS, type RuleName } from "../wasm/context.js";
import type { TrainingState } from "../context.js";
import { keepsL1State as l1StateKept } from "./partial-fit.js";

export const STATE_FORMAT = "wasm-mle-training-state";
export const STATE_FORMAT_VERSION = 2;
/** Version 1 had no `plateau`: its states restore unless their schedule is "adaptive" (then they could not resume exactly). */
export const STATE_FORMAT_VERSION_WITHOUT_PLATEAU = 1;

/** What the training context carries between calls (bindings/context.ts readState/writeState). */
export type { TrainingState };

/**
 * A saved training state as plain JSON. Vectors are hex strings of their little-endian bytes in
 * the storage type (16 hex digits per float64 value, 8 per float32), so every bit survives, −0
 * and all; `checksum` (FNV-1a over the other fields) catches edited or truncated copies — an
 * integrity check, not a signature.
 *
 * @example
 * ```ts
 * import { Trainer } from "wasm-mle";
 * const trainer = await Trainer.create({ optimizer: "sgd", epochs: 5 });
 * trainer.fit([[1], [2], [3], [4]], [2, 4, 6, 8]);
 * const state = JSON.stringify(trainer.saveState()); // store it, post it, reload it anywhere
 * const again = await Trainer.restore(JSON.parse(state));
 * again.fit([[1], [2], [3], [4]], [2, 4, 6, 8], { resume: true }); // 5 more epochs, as 10 in one go
 * ```
 */
export interface TrainingStateData {
  /** The state format's name. */
  readonly format: typeof STATE_FORMAT;
  /** The state format's version. */
  readonly formatVersion: number;
  /** SHA-256 of the kernel binary that produced the state; restore refuses a state from another binary. */
  readonly binaryHash: string;
  /** The kernel build that produced it. */
  readonly kernels: ResolvedBuild;
  /** The validated trainer options as data (without `kernels`, which is the field above). */
  readonly options: { readonly [key: string]: JsonValue };
  /** d: columns of X. */
  readonly features: number;
  /** The parameters θ (hex). */
  readonly theta: string;
  /** The optimizer's per-parameter state vectors (hex), e.g. moment estimates. */
  readonly slots: readonly string[];
  /** The running average of θ (hex) for averaging rules, else null. */
  readonly average: string | null;
  /**
   * With l1 > 0 or penaltyFactor (sgd and the adaptive rules) only: the cumulative L1 penalty,
   * [accumulated u, received q] (hex, d·K values each); absent otherwise.
   */
  readonly l1?: readonly [string, string];
  /** The sampler's RNG state (hex). */
  readonly rng: string;
  /** Updates t done so far. */
  readonly step: number;
  /** Epochs completed. */
  readonly epochsDone: number;
  /** The step size reached (schedules change it). */
  readonly learningRate: number;
  /**
   * The "adaptive" schedule's counters — the best epoch objective (the hex of its float64) and the
   * epochs since it — so that a resumed fit lowers the rate exactly when one uninterrupted fit
   * would; null for other schedules and before the first epoch.
   */
  readonly plateau: {
    /** The best epoch objective so far, as the 16 hex digits of its little-endian float64. */
    readonly best: string;
    /** Epochs since it without improvement, 0 … patience. */
    readonly badEpochs: number;
  } | null;
  /** FNV-1a over the other fields. */
  readonly checksum: string;
}

/** Present only in the states of options that keep the cumulative L1 penalty (l1StateKept). */
export const L1_KEY = "l1";

export const STATE_KEYS = [
  "format", "formatVersion", "binaryHash", "kernels", "options", "features", "theta", "slots", "average", "rng", "step", "epochsDone",
  "learningRate", "plateau", "checksum",
] as const;

/** The validated options as plain data that validateOptions reads back to the same options. */
export function optionsData(o: ValidatedOptions): { [key: string]: JsonValue } {
  const out: { [key: string]: JsonValue } = {};
  for (const [key, value] of Object.entries(o)) {
    if (key === "kernels" || value === null || value === undefined) continue;
    if (key === "classes" && o.family.name !== "multinomial") continue;
    out[key] = key === "family" ? o.family.name : (JSON.parse(JSON.stringify(value)) as JsonValue);
  }
  return out;
}

/** Slot vectors a state of these options carries: the update rule's (0 for gd and plain sgd). */
export function slotCount(o: ValidatedOptions): number {
  return Object.prototype.hasOwnProperty.call(RULE_SLOTS, o.optimizer) ? RULE_SLOTS[o.optimizer as RuleName] : 0;
}

/** Whether these options keep an averaged θ. */
export function averaging(o: ValidatedOptions): boolean {
  const average = (o as { average?: unknown }).average;
  return average !== undefined && average !== false && average !== null && average !== 0;
}

export function encodeState(o: ValidatedOptions, build: ResolvedBuild, hash: string, features: number, state: TrainingState): TrainingStateData {
  const P = state.theta.length;
  const penalised = features * o.classes;
  const body = {
    format: STATE_FORMAT,
    formatVersion: STATE_FORMAT_VERSION,
    binaryHash: hash,
    kernels: build,
    options: optionsData(o),
    features,
    theta: toHex(state.theta, o.dtype),
    slots: Array.from({ length: P === 0 ? 0 : state.slots.length / P }, (_, k) => toHex(state.slots.subarray(k * P, (k + 1) * P), o.dtype)),
    average: state.average.length > 0 ? toHex(state.average, o.dtype) : null,
    ...(l1StateKept(o) && { l1: [toHex(state.l1.subarray(0, penalised), o.dtype), toHex(state.l1.subarray(penalised), o.dtype)] as const }),
    rng: bytesHex(state.rng),
    step: state.step,
    epochsDone: state.epochsDone,
    learningRate: state.learningRate,
    plateau: state.plateau ? { best: toHex(Float64Array.of(state.plateau.best), "float64"), badEpochs: state.plateau.badEpochs } : null,
  } as const;
  return { ...body, checksum: checksum(body) };
}

function toHex(values: Float64Array, dtype: Dtype): string {
  const stored = dtype === "float32" ? Float32Array.from(values) : values;
  return bytesHex(new Uint8Array(stored.buffer, stored.byteOffset, stored.byteLength));
}

function bytesHex(bytes: Uint8Array): string {
  let hex = "";
  for (const byte of bytes) hex += byte.toString(16).padStart(2, "0");
  return hex;
}

/**
 * Two FNV-1a 32-bit hashes (different offset bases) over the canonical JSON of the fields —
 * keys sorted at every level, so the checksum does not depend on how a copy orders them.
 * see: Fowler, Noll, Vo, http://www.isthe.com/chongo/tech/comp/fnv/ (FNV-1a, 32-bit prime 16777619)
 */
export function checksum(body: Record<string, unknown>): string {
  const text = canonical(body);
  let a = 0x811c9dc5;
  let b = 0x050c5d1f;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    a = Math.imul(a ^ unit, 0x01000193) >>> 0;
    b = Math.imul(b ^ unit, 0x01000193) >>> 0;
  }
  return a.toString(16).padStart(8, "0") + b.toString(16).padStart(8, "0");
}

function canonical(value: unknown, depth = 0): string {
  if (depth > 32) throw new InvalidStateError("state", value, "JSON nested at most 32 levels deep");
  if (Array.isArray(value)) return `[${value.map((v) => canonical(v, depth + 1)).join(",")}]`;
  if (isPlainObject(value)) {
    return `{${Object.keys(value).sort().map((key) => `${JSON.stringify(key)}:${canonical(value[key], depth + 1)}`).join(",")}}`;
  }
  if (value === null || typeof value === "string" || typeof value === "boolean" || (typeof value === "number" && Number.isFinite(value))) return JSON.stringify(value);
  throw new InvalidStateError("state", value, "plain JSON data (objects, arrays, strings, finite numbers, booleans, null)");
}
