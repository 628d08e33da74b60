import { InvalidModelError } from "./errors.js";
import { guardedRead } from "./input-guard.js";
import { checkEncoding } from "./encoding.js";
import { FAMILIES, type FamilyName } from "./families/index.js";
import { isPlainObject, jsonCopy, own } from "./plain-data.js";
import { MODEL_FORMAT, MODEL_FORMAT_VERSION, type JsonValue, type ModelData } from "./model.js";

// Model documents checked, for Model.fromJSON: in the model engine chunk (bindings/model-engine.ts),
// neither in what `import "wasm-mle"` loads nor in what a trainer downloads.

const MODEL_KEYS = ["format", "version", "family", "classes", "dtype", "fitIntercept", "featureNames", "coefficients", "intercept", "options", "encoding"];

function finiteList(field: string, value: unknown, length: number, dtype: string): number[] {
  if (!Array.isArray(value)) throw new InvalidModelError(field, value, `an array of ${length} finite numbers`);
  if (value.length !== length) throw new InvalidModelError(field, value, `${length} values (features × classes for coefficients, classes for intercept), got ${value.length}`);
  return value.map((v, i) => {
    // a float32 model keeps its parameters in float32, where 1e39 would become Infinity
    if (typeof v !== "number" || !Number.isFinite(dtype === "float32" ? Math.fround(v) : v)) throw new InvalidModelError(`${field}[${i}]`, v, `a finite number (in ${dtype})`);
    return v;
  });
}

/** Checks a model document and returns a frozen plain copy; throws InvalidModelError naming the first bad field. */
export function checkModelData(data: unknown): ModelData {
  return guardedRead(() => checkModelDocument(data), (why) => new InvalidModelError("model", data, `a model document that can be read (${why})`));
}

function checkModelDocument(data: unknown): ModelData {
  if (!isPlainObject(data)) throw new InvalidModelError("model", data, `a plain object with format "${MODEL_FORMAT}" (what fit.model() returns)`);
  if (own(data, "format") !== MODEL_FORMAT) throw new InvalidModelError("format", own(data, "format"), `"${MODEL_FORMAT}": this is not a wasm-mle model`);
  const version = own(data, "version");
  if (version !== MODEL_FORMAT_VERSION) throw new InvalidModelError("version", version, `${MODEL_FORMAT_VERSION}, the model format this version of wasm-mle reads`);
  for (const key of Object.keys(data)) {
    if (!MODEL_KEYS.includes(key)) throw new InvalidModelError(key, data[key], `no such field; a model has ${MODEL_KEYS.join(", ")}`);
  }
  const family = own(data, "family");
  if (typeof family !== "string" || !Object.prototype.hasOwnProperty.call(FAMILIES, family)) {
    throw new InvalidModelError("family", family, `one of ${Object.keys(FAMILIES).map((f) => JSON.stringify(f)).join(", ")}`);
  }
  const classes = own(data, "classes");
  const multinomial = family === "multinomial";
  if (typeof classes !== "number" || !Number.isInteger(classes) || (multinomial ? classes < 2 || classes > 65535 : classes !== 1)) {
    throw new InvalidModelError("classes", classes, multinomial ? "an integer from 2 to 65535" : `1 for family "${family}"`);
  }
  const dtype = own(data, "dtype");
  if (dtype !== "float64" && dtype !== "float32") throw new InvalidModelError("dtype", dtype, '"float64" or "float32"');
  const fitIntercept = own(data, "fitIntercept");
  if (typeof fitIntercept !== "boolean") throw new InvalidModelError("fitIntercept", fitIntercept, "true or false");
  const names = own(data, "featureNames");
  if (!Array.isArray(names) || names.length === 0 || !names.every((n) => typeof n === "string" && n.length > 0) || new Set(names).size !== names.length) {
    throw new InvalidModelError("featureNames", names, "an array of distinct non-empty strings, one per feature");
  }
  const coefficients = finiteList("coefficients", own(data, "coefficients"), names.length * classes, dtype);
  const intercept = finiteList("intercept", own(data, "intercept"), classes, dtype);
  if (!fitIntercept && intercept.some((b) => b !== 0)) throw new InvalidModelError("intercept", intercept, "zeros when fitIntercept is false");
  const options = own(data, "options") === undefined ? {} : own(data, "options");
  if (!isPlainObject(options)) throw new InvalidModelError("options", options, "a plain object");
  const encoding = own(data, "encoding");
  if (encoding !== undefined && !isPlainObject(encoding)) throw new InvalidModelError("encoding", encoding, "a plain object");
  // The columns and levels a table needs to be encoded into X (see bindings/encoding.ts), checked against featureNames.
  if (encoding !== undefined) checkEncoding(encoding, names, family, classes);
  const model: ModelData = {
    format: MODEL_FORMAT,
    version: MODEL_FORMAT_VERSION,
    family: family as FamilyName,
    classes,
    dtype,
    fitIntercept,
    featureNames: Object.freeze([...names]),
    coefficients: Object.freeze(coefficients),
    intercept: Object.freeze(intercept),
    options: jsonCopy("options", options) as { [key: string]: JsonValue },
    ...(encoding === undefined ? {} : { encoding: jsonCopy("encoding", encoding) as { [key: string]: JsonValue } }),
  };
  return Object.freeze(model);
}
