// Trainer.restore's half of the training state (bindings/training/state.ts writes it): the checks
// and decoding of a saved state, a chunk that only Trainer.restore loads (bindings/engine-loader.ts).
import { IncompatibleStateError, InvalidOptionError, InvalidStateError } from "../errors.js";
import { guardedRead } from "../input-guard.js";
import { validateOptions, type Dtype, type ValidatedOptions } from "../options.js";
import { isPlainObject, own } from "../plain-data.js";
import type { ResolvedBuild } from "../wasm/load.js";
import { CONTEXT_RNG_BYTES } from "../wasm/context.js";
import type { TrainingState } from "../context.js";
import { keepsL1State as l1StateKept } from "./partial-fit.js";
import {
  averaging, checksum, L1_KEY, slotCount, STATE_FORMAT, STATE_FORMAT_VERSION, STATE_FORMAT_VERSION_WITHOUT_PLATEAU, STATE_KEYS,
} from "./state.js";

/**
 * Checks a saved state field by field (own keys of plain objects; exact key set) and decodes it.
 * Another format version or binary: IncompatibleStateError; anything else wrong, including a
 * checksum that does not match: InvalidStateError naming the field. Nothing is allocated before
 * the sizes agree with the options.
 */
export function decodeState(
  data: unknown, hashOf: (build: ResolvedBuild) => string,
): { options: ValidatedOptions; build: ResolvedBuild; features: number; state: TrainingState } {
  return guardedRead(() => decodeDocument(data, hashOf), (why) => new InvalidStateError("state", data, `a training state that can be read (${why})`));
}

function decodeDocument(
  data: unknown, hashOf: (build: ResolvedBuild) => string,
): { options: ValidatedOptions; build: ResolvedBuild; features: number; state: TrainingState } {
  if (!isPlainObject(data)) throw new InvalidStateError("state", data, `a plain object with format "${STATE_FORMAT}" (what saveState() returns)`);
  if (own(data, "format") !== STATE_FORMAT) throw new InvalidStateError("format", own(data, "format"), `"${STATE_FORMAT}": this is not a wasm-mle training state`);
  const version = own(data, "formatVersion");
  if (version !== STATE_FORMAT_VERSION && version !== STATE_FORMAT_VERSION_WITHOUT_PLATEAU) {
    throw new IncompatibleStateError("formatVersion", version, `${STATE_FORMAT_VERSION} (or ${STATE_FORMAT_VERSION_WITHOUT_PLATEAU}), the state formats this version of wasm-mle reads`);
  }
  const keys = version === STATE_FORMAT_VERSION ? STATE_KEYS : STATE_KEYS.filter((key) => key !== "plateau");
  for (const key of Object.keys(data)) {
    if (!(keys as readonly string[]).includes(key) && key !== L1_KEY) throw new InvalidStateError(key, data[key], `no such field; a state of format version ${version} has ${keys.join(", ")}`);
  }
  for (const key of keys) {
    if (!Object.prototype.hasOwnProperty.call(data, key)) throw new InvalidStateError(key, undefined, "a value: every field of a state is required");
  }
  const build = data.kernels;
  if (build !== "simd" && build !== "scalar") throw new InvalidStateError("kernels", build, '"simd" or "scalar"');
  if (typeof data.binaryHash !== "string") throw new InvalidStateError("binaryHash", data.binaryHash, "the SHA-256 of the binary, as hex");
  if (data.binaryHash !== hashOf(build)) {
    throw new IncompatibleStateError("binaryHash", data.binaryHash, `${hashOf(build)}, the hash of this version's ${build} binary (a state resumes bit for bit only on the binary that made it)`);
  }
  const { checksum: claimed, ...body } = data;
  if (typeof claimed !== "string" || claimed !== checksum(body)) {
    throw new InvalidStateError("checksum", claimed, "the checksum of the other fields: the state was edited or damaged after saveState()");
  }
  if (!isPlainObject(data.options)) throw new InvalidStateError("options", data.options, "a plain object of trainer options");
  if (Object.prototype.hasOwnProperty.call(data.options, "kernels")) {
    throw new InvalidStateError("options.kernels", data.options.kernels, "no kernels option: the state's own `kernels` field names the build it resumes on");
  }
  let options: ValidatedOptions;
  try {
    options = validateOptions({ ...data.options, kernels: build });
  } catch (error) {
    if (error instanceof InvalidOptionError) throw new InvalidStateError(`options.${error.option}`, error.value, error.expected);
    throw error;
  }
  const features = data.features;
  if (typeof features !== "number" || !Number.isInteger(features) || features < 1 || features > 2 ** 31 - 1) {
    throw new InvalidStateError("features", features, "an integer ≥ 1: the number of columns of X");
  }
  if (options.featureNames !== null && options.featureNames.length !== features) {
    throw new InvalidStateError("options.featureNames", options.featureNames, `${features} names, one per feature of the state`);
  }
  const P = (features + 1) * options.classes;
  const theta = fromHex("theta", data.theta, P, options.dtype);
  if (!options.fitIntercept && theta.subarray(features * options.classes).some((b) => b !== 0)) {
    throw new InvalidStateError("theta", data.theta, "zero intercepts when fitIntercept is false");
  }
  const slots = data.slots;
  const slotsWanted = slotCount(options);
  if (!Array.isArray(slots) || slots.length !== slotsWanted) throw new InvalidStateError("slots", slots, `an array of ${slotsWanted} hex vectors (the optimizer's state)`);
  const average = data.average;
  if (averaging(options) ? typeof average !== "string" : average !== null) {
    throw new InvalidStateError("average", average, averaging(options) ? "the averaged θ as a hex vector" : "null: these options keep no average");
  }
  const l1 = own(data, L1_KEY);
  const penalised = features * options.classes;
  if (l1StateKept(options) ? !Array.isArray(l1) || l1.length !== 2 : l1 !== undefined) {
    throw new InvalidStateError(L1_KEY, l1, l1StateKept(options) ? "[accumulated, received]: the cumulative L1 penalty as two hex vectors" : "no such field: these options keep no L1 state");
  }
  const rng = data.rng;
  if (typeof rng !== "string" || !new RegExp(`^[0-9a-f]{${2 * CONTEXT_RNG_BYTES}}$`).test(rng) || /^0+$/.test(rng)) {
    throw new InvalidStateError("rng", rng, `${2 * CONTEXT_RNG_BYTES} lowercase hex digits, not all zero (the sampler's state)`);
  }
  const counter = (field: "step" | "epochsDone") => {
    const value = data[field];
    if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0) throw new InvalidStateError(field, value, "an integer ≥ 0");
    return value;
  };
  const learningRate = data.learningRate;
  if (typeof learningRate !== "number" || !Number.isFinite(learningRate) || !(learningRate > 0)) {
    throw new InvalidStateError("learningRate", learningRate, "a finite number > 0");
  }
  const adaptive = options.schedule?.kind === "adaptive";
  if (version === STATE_FORMAT_VERSION_WITHOUT_PLATEAU && adaptive) {
    throw new IncompatibleStateError(
      "formatVersion", version,
      `${STATE_FORMAT_VERSION} for schedule "adaptive": version ${version} did not save its plateau counters (the best objective and the epochs since), ` +
        "so a resumed fit could not lower the rate when an uninterrupted one would; fit again from the start",
    );
  }
  const plateau = decodePlateau(data.plateau, adaptive, options.schedule?.kind === "adaptive" ? options.schedule.patience : 0);
  const state: TrainingState = {
    theta,
    slots: concatenated(slots.map((slot, s) => fromHex(`slots[${s}]`, slot, P, options.dtype))),
    average: typeof average === "string" ? fromHex("average", average, P, options.dtype) : new Float64Array(0),
    l1: Array.isArray(l1) ? concatenated(l1.map((vector, k) => fromHex(`l1[${k}]`, vector, penalised, options.dtype))) : new Float64Array(0),
    rng: hexBytes(rng),
    step: counter("step"),
    epochsDone: counter("epochsDone"),
    learningRate,
    plateau,
  };
  return { options, build, features, state };
}

/** A state's `plateau`: null unless the schedule is adaptive; else null (no epoch yet) or { best, badEpochs ≤ patience }. */
function decodePlateau(value: unknown, adaptive: boolean, patience: number): { best: number; badEpochs: number } | null {
  if (value === null || value === undefined) return null;
  if (!adaptive) throw new InvalidStateError("plateau", value, 'null: only schedule "adaptive" keeps plateau counters');
  const expected = `null, or { best, badEpochs }: the best objective as 16 hex digits of its float64, and an integer in [0, patience = ${patience}]`;
  if (!isPlainObject(value) || Object.keys(value).sort().join() !== "badEpochs,best") throw new InvalidStateError("plateau", value, expected);
  const best = fromHex("plateau.best", value.best, 1, "float64")[0];
  const badEpochs = value.badEpochs;
  if (typeof badEpochs !== "number" || !Number.isInteger(badEpochs) || badEpochs < 0 || badEpochs > patience) {
    throw new InvalidStateError("plateau.badEpochs", badEpochs, `an integer in [0, patience = ${patience}]`);
  }
  return { best, badEpochs };
}

function concatenated(vectors: Float64Array[]): Float64Array {
  const out = new Float64Array(vectors.reduce((n, v) => n + v.length, 0));
  vectors.reduce((offset, v) => (out.set(v, offset), offset + v.length), 0);
  return out;
}

function fromHex(field: string, hex: unknown, count: number, dtype: Dtype): Float64Array {
  const width = dtype === "float32" ? 4 : 8;
  if (typeof hex !== "string" || hex.length !== 2 * width * count || !/^[0-9a-f]*$/.test(hex)) {
    throw new InvalidStateError(field, hex, `${count} ${dtype} values as ${2 * width * count} lowercase hex digits`);
  }
  const bytes = hexBytes(hex);
  const values = Float64Array.from(dtype === "float32" ? new Float32Array(bytes.buffer) : new Float64Array(bytes.buffer));
  const bad = values.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) throw new InvalidStateError(`${field}[${bad}]`, values[bad], "a finite number");
  return values;
}

function hexBytes(hex: string): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(hex.length / 2);
  for (let k = 0; k < bytes.length; k++) bytes[k] = parseInt(hex.slice(2 * k, 2 * k + 2), 16);
  return bytes;
}
