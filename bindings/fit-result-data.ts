/**
 * FitResult as data: the checks FitResult.fromJSON runs on what structuredClone, postMessage or
 * JSON.parse(JSON.stringify(fit)) give back (loaded by fromJSON on first use, so the library's
 * eager bundle does not carry them; the JSON form itself is fit-result-json.ts). Untrusted input: every field
 * is read once from the own keys of a plain object, copied, and an InvalidModelError names the
 * first bad one; nothing in it can reach a prototype.
 */
import { InvalidModelError } from "./errors.js";
import { guardedRead } from "./input-guard.js";
import { FAMILIES, type FamilyName } from "./families/index.js";
import type { JsonValue } from "./model.js";
import { isPlainObject, jsonCopy, own } from "./plain-data.js";
import type { Dtype, ResolvedOptimizer } from "./options.js";
import type { ResolvedBuild } from "./wasm/load.js";
import { RULE_OPTIMIZERS } from "./optimizers/update-rules.js";
import type { FitResultData, StopReason } from "./fit-result.js";
import { FIT_RESULT_FIELDS as FIELDS } from "./fit-result-json.js";

// Records over the union types, so a new stop reason that is not added here fails to compile (the optimizers: options.ts's list).
const OPTIMIZERS = Object.fromEntries(["gd", "sgd", "newton", "lbfgs", "cd", ...RULE_OPTIMIZERS].map((name) => [name, true])) as Record<ResolvedOptimizer, true>;
const STOP_REASONS: Record<StopReason, true> = {
  converged: true, maxEpochs: true, callback: true, lineSearchFailed: true, maxIterations: true, earlyStopping: true, aborted: true,
};
const DTYPES: Record<Dtype, true> = { float64: true, float32: true };
const BUILDS: Record<ResolvedBuild, true> = { simd: true, scalar: true };

function fail(field: string, value: unknown, expected: string): never {
  throw new InvalidModelError(`fit.${field}`, value, expected);
}

function oneOf<T extends string>(field: string, value: unknown, allowed: Record<T, true>): T {
  if (typeof value === "string" && Object.prototype.hasOwnProperty.call(allowed, value)) return value as T;
  return fail(field, value, `one of ${Object.keys(allowed).map((k) => JSON.stringify(k)).join(", ")}`);
}

function count(field: string, value: unknown, min: number): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min) fail(field, value, `an integer ≥ ${min}`);
  return value;
}

function finite(field: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isFinite(value)) fail(field, value, "a finite number");
  return value;
}

/** A Float64Array copy of a Float64Array or an array of `length` finite numbers. */
function numbers(field: string, value: unknown, length: number): Float64Array {
  const source = value instanceof Float64Array ? value : Array.isArray(value) ? value : fail(field, value, `a Float64Array or an array of ${length} finite numbers`);
  if (source.length !== length) fail(field, value, `${length} values, got ${source.length}`);
  const out = new Float64Array(length);
  for (let i = 0; i < length; i++) {
    const v: unknown = source[i];
    if (typeof v !== "number" || !Number.isFinite(v)) fail(`${field}[${i}]`, v, "a finite number");
    out[i] = v;
  }
  return out;
}

function strings(field: string, value: unknown, length?: number): string[] {
  if (!Array.isArray(value) || !value.every((s) => typeof s === "string")) fail(field, value, "an array of strings");
  if (length !== undefined && value.length !== length) fail(field, value, `${length} strings (one per feature), got ${value.length}`);
  return [...value];
}

/** Checks the data of a FitResult (structured-clone or JSON form) and returns a fresh copy. */
export function checkFitResultData(data: unknown): FitResultData {
  return guardedRead(() => checkFitDocument(data), (why) => new InvalidModelError("fit", data, `fit data that can be read (${why})`));
}

function checkFitDocument(data: unknown): FitResultData {
  if (!isPlainObject(data)) fail("data", data, "a plain object: a structured clone of a FitResult, or JSON.parse of JSON.stringify(fit)");
  for (const key of Object.keys(data)) {
    if (!(FIELDS as readonly string[]).includes(key)) fail(key, data[key], `no such field; a fit has ${FIELDS.join(", ")}`);
  }
  const family = own(data, "family");
  if (typeof family !== "string" || !Object.prototype.hasOwnProperty.call(FAMILIES, family)) {
    fail("family", family, `one of ${Object.keys(FAMILIES).map((f) => JSON.stringify(f)).join(", ")}`);
  }
  const classes = count("classes", own(data, "classes"), 1);
  if (family === "multinomial" ? classes < 2 || classes > 65535 : classes !== 1) {
    fail("classes", classes, family === "multinomial" ? "an integer from 2 to 65535" : `1 for family "${family}"`);
  }
  const features = count("features", own(data, "features"), 1);
  const epochs = count("epochs", own(data, "epochs"), 0);
  const stopReason = oneOf("stopReason", own(data, "stopReason"), STOP_REASONS);
  const converged = own(data, "converged");
  if (converged !== (stopReason === "converged")) fail("converged", converged, `${stopReason === "converged"}, as stopReason is "${stopReason}"`);
  const rawLl = own(data, "logLikelihood");
  const logLikelihood = rawLl === "Infinity" ? Infinity : rawLl === "-Infinity" ? -Infinity : typeof rawLl === "number" && !Number.isNaN(rawLl) ? rawLl
    : fail("logLikelihood", rawLl, 'a number (or "Infinity"/"-Infinity" in JSON)');
  const fitIntercept = own(data, "fitIntercept");
  if (typeof fitIntercept !== "boolean") fail("fitIntercept", fitIntercept, "true or false");
  const intercept = numbers("intercept", own(data, "intercept"), classes);
  if (!fitIntercept && intercept.some((b) => b !== 0)) fail("intercept", own(data, "intercept"), "zeros when fitIntercept is false");
  const featureNames = strings("featureNames", own(data, "featureNames"), features);
  const nobs = count("nobs", own(data, "nobs"), 1);
  const weightTotal = finite("weightTotal", own(data, "weightTotal"));
  if (!(weightTotal > 0)) fail("weightTotal", weightTotal, "a number > 0 (Σ sampleWeight)");
  const options = own(data, "options");
  if (!isPlainObject(options)) fail("options", options, "a plain object");
  const rawValidation = own(data, "validationHistory");
  const validationHistory = numbers("validationHistory", rawValidation, Array.isArray(rawValidation) || rawValidation instanceof Float64Array ? rawValidation.length : 0);
  if (validationHistory.length > epochs) fail("validationHistory", rawValidation, `at most one value per epoch (${epochs})`);
  const bestEpoch = own(data, "bestEpoch");
  if (validationHistory.length === 0 ? bestEpoch !== null : typeof bestEpoch !== "number" || !Number.isInteger(bestEpoch) || bestEpoch < 1 || bestEpoch > validationHistory.length) {
    fail("bestEpoch", bestEpoch, validationHistory.length === 0 ? "null without a validationHistory" : `an epoch from 1 to ${validationHistory.length}`);
  }
  return {
    coefficients: numbers("coefficients", own(data, "coefficients"), features * classes),
    intercept,
    objective: finite("objective", own(data, "objective")),
    logLikelihood,
    history: numbers("history", own(data, "history"), epochs),
    validationHistory,
    bestEpoch: bestEpoch as number | null,
    epochs,
    converged: converged as boolean,
    stopReason,
    family: family as FamilyName,
    classes,
    features,
    optimizer: oneOf("optimizer", own(data, "optimizer"), OPTIMIZERS),
    dtype: oneOf("dtype", own(data, "dtype"), DTYPES),
    kernels: oneOf("kernels", own(data, "kernels"), BUILDS),
    nobs,
    weightTotal,
    warnings: strings("warnings", own(data, "warnings")),
    aliased: strings("aliased", own(data, "aliased")),
    featureNames,
    fitIntercept,
    options: jsonCopy("fit.options", options) as { readonly [key: string]: JsonValue },
  };
}
