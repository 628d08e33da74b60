import { InvalidDataError, InvalidModelError } from "./errors.js";
import { checkEncoding } from "./encoding.js";
import { matrixShape, type Matrix } from "./data.js";
import { FAMILIES, type FamilyName } from "./families/index.js";
import { thetaOf } from "./fit-result.js";
import { validateOptions, type Dtype, type KernelBuild, type ValidatedOptions } from "./options.js";
import { predictInMemory } from "./session.js";
import { accuracy, poissonDevianceExplained, r2 } from "./evaluation/metrics.js";
import { instantiateKernels, resolveBuild, type KernelInstance } from "./wasm/load.js";

/**
 * The `format` field of every saved model.
 *
 * @example
 * ```ts
 * import { MODEL_FORMAT } from "wasm-mle";
 * const looksLikeOurs = (data: { format?: unknown }) => data.format === MODEL_FORMAT; // "wasm-mle-model"
 * ```
 */
export const MODEL_FORMAT = "wasm-mle-model";
/**
 * The `version` of the model format this package writes and reads.
 *
 * @example
 * ```ts
 * import { MODEL_FORMAT_VERSION, Trainer } from "wasm-mle";
 * const trainer = await Trainer.create({ optimizer: "newton" });
 * console.log(trainer.fit([[1], [2], [3]], [1, 2, 4]).model().version === MODEL_FORMAT_VERSION); // true
 * ```
 */
export const MODEL_FORMAT_VERSION = 1;

/**
 * A JSON value: what `encoding` and `options` may hold.
 *
 * @example
 * ```ts
 * import type { JsonValue } from "wasm-mle";
 * const encoding: JsonValue = { firm: { levels: ["Ford", "GM"], reference: "Ford" } };
 * ```
 */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/**
 * A fitted model as plain data: `JSON.stringify`, `structuredClone` and `postMessage` keep it whole.
 * Coefficients are feature-major like FitResult (feature j, class c at j·classes + c).
 *
 * @example
 * ```ts
 * import { Model, Trainer } from "wasm-mle";
 * const trainer = await Trainer.create({ family: "bernoulli", optimizer: "newton" });
 * const fit = trainer.fit([[0.5], [1.5], [2.5], [3.5], [1.0]], [0, 1, 0, 1, 1]);
 * const data = fit.model(); // { format: "wasm-mle-model", version: 1, family: "bernoulli", coefficients: [...], ... }
 * const copy = structuredClone(data);
 * ```
 */
export interface ModelData {
  /** Always {@link MODEL_FORMAT}. */
  readonly format: typeof MODEL_FORMAT;
  /** The format version ({@link MODEL_FORMAT_VERSION}). */
  readonly version: number;
  /** The likelihood family. */
  readonly family: FamilyName;
  /** Outputs K: 1, or the number of classes for multinomial. */
  readonly classes: number;
  /** The dtype the model was fitted with (predictions use it too). */
  readonly dtype: Dtype;
  /** Whether the model has intercepts (else they are 0). */
  readonly fitIntercept: boolean;
  /** One name per feature, in X's column order. */
  readonly featureNames: readonly string[];
  /** d·K coefficients, feature-major. */
  readonly coefficients: readonly number[];
  /** K intercepts. */
  readonly intercept: readonly number[];
  /** How the model was fitted (the validated trainer options as data, the optimizer that ran); informative only. */
  readonly options: { readonly [key: string]: JsonValue };
  /**
   * How raw columns become X, when used: a TableEncoding (bindings/encoding.ts), as the CLI's --save
   * writes it — each raw column numeric or categorical with its levels and reference level, and the
   * target's labels. fromJSON checks it against featureNames; `wasm-mle predict` applies it.
   */
  readonly encoding?: { readonly [key: string]: JsonValue };
}

const MODEL_KEYS = ["format", "version", "family", "classes", "dtype", "fitIntercept", "featureNames", "coefficients", "intercept", "options", "encoding"];

/**
 * Options of {@link Model.fromJSON}.
 *
 * @example
 * ```ts
 * import { Model, Trainer } from "wasm-mle";
 * const trainer = await Trainer.create({ family: "bernoulli", optimizer: "newton" });
 * const fit = trainer.fit([[0.5], [1.5], [2.5], [3.5], [1.0]], [0, 1, 0, 1, 1]);
 * const model = await Model.fromJSON(fit.model(), { kernels: trainer.kernels }); // predicts the trainer's exact bits
 * ```
 */
export interface ModelLoadOptions {
  /** Kernel binary to predict with (default "auto"); the trainer's build gives its bits exactly. */
  readonly kernels?: KernelBuild;
}

/**
 * A saved model, rebuilt from its data: predictions with the same kernels as `Trainer.predict`
 * (the same bits for the same build), class labels and a score, without the training data.
 * @example
 * ```ts
 * import { Model, Trainer } from "wasm-mle";
 * const trainer = await Trainer.create({ family: "bernoulli", optimizer: "newton" });
 * const fit = trainer.fit([[0.5], [1.5], [2.5], [3.5], [1.0]], [0, 1, 0, 1, 1]);
 * const json = JSON.stringify(fit.model());
 * const model = await Model.fromJSON(JSON.parse(json));
 * console.log(model.predict([[0.7]])); // the same Float64Array as trainer.predict([[0.7]])
 * ```
 */
export class Model {
  private constructor(
    /** The validated model data (frozen, plain). */
    readonly data: ModelData,
    private readonly options: ValidatedOptions,
    private readonly kernels: KernelInstance,
    /** θ in the training context's layout [W class-major | b]. */
    private readonly theta: Float64Array,
  ) {}

  /**
   * Checks `data` field by field (own keys of plain objects only; a foreign or tampered document is an
   * InvalidModelError naming the field) and instantiates the kernels.
   *
   * @example
   * ```ts
   * import { Model } from "wasm-mle";
   * const model = await Model.fromJSON({
   *   format: "wasm-mle-model", version: 1, family: "gaussian", classes: 1, dtype: "float64", fitIntercept: true,
   *   featureNames: ["x"], coefficients: [2], intercept: [1], options: {},
   * });
   * console.log(model.predict([[3]])); // Float64Array [7]
   * ```
   */
  static async fromJSON(data: unknown, loadOptions: ModelLoadOptions = {}): Promise<Model> {
    const checked = checkModelData(data);
    const options = validateOptions({
      family: checked.family,
      ...(checked.family === "multinomial" ? { classes: checked.classes } : {}),
      dtype: checked.dtype,
      fitIntercept: checked.fitIntercept,
      featureNames: [...checked.featureNames],
      ...(loadOptions.kernels === undefined ? {} : { kernels: loadOptions.kernels }),
    });
    const kernels = await instantiateKernels(resolveBuild(options.kernels));
    const d = checked.featureNames.length;
    return new Model(checked, options, kernels, thetaOf(checked.coefficients, checked.intercept, d, checked.classes));
  }

  /** The likelihood family. */
  get family(): FamilyName {
    return this.data.family;
  }

  /** d: the number of columns X must have. */
  get features(): number {
    return this.data.featureNames.length;
  }

  /**
   * The plain data again (what fromJSON was given, checked and frozen); JSON.stringify calls it.
   *
   * @example
   * ```ts
   * import { Model, Trainer } from "wasm-mle";
 * const trainer = await Trainer.create({ family: "bernoulli", optimizer: "newton" });
 * const fit = trainer.fit([[0.5], [1.5], [2.5], [3.5], [1.0]], [0, 1, 0, 1, 1]);
   * const model = await Model.fromJSON(fit.model());
   * console.log(JSON.stringify(model) === JSON.stringify(fit.model())); // true
   * ```
   */
  toJSON(): ModelData {
    return this.data;
  }

  /**
   * Mean response per row (n), or n·K class probabilities (row-major) for multinomial — as Trainer.predict.
   *
   * @example
   * ```ts
   * import { Model, Trainer } from "wasm-mle";
 * const trainer = await Trainer.create({ family: "bernoulli", optimizer: "newton" });
 * const fit = trainer.fit([[0.5], [1.5], [2.5], [3.5], [1.0]], [0, 1, 0, 1, 1]);
   * const model = await Model.fromJSON(fit.model());
   * console.log(model.predict([[0.7], [3]])); // P(y = 1) per row
   * ```
   */
  predict(X: Matrix): Float64Array {
    const shape = matrixShape(X);
    if (shape.cols !== this.features) throw new InvalidDataError("X", `it has ${shape.cols} columns but the model has ${this.features} features (${listNames(this.data.featureNames)})`, shape.cols);
    return predictInMemory(this.kernels, this.kernels.heapBase, this.options, X, shape, this.theta);
  }

  /**
   * The most probable class per row: 1 where P(y = 1) > ½ else 0 (bernoulli; a tie goes to 0 as
   * scikit-learn's decision rule η > 0), the first class of largest probability (multinomial).
   *
   * @example
   * ```ts
   * import { Model, Trainer } from "wasm-mle";
 * const trainer = await Trainer.create({ family: "bernoulli", optimizer: "newton" });
 * const fit = trainer.fit([[0.5], [1.5], [2.5], [3.5], [1.0]], [0, 1, 0, 1, 1]);
   * const model = await Model.fromJSON(fit.model());
   * console.log(model.predictClass([[0.7], [3]])); // Float64Array of 0/1 labels
   * ```
   */
  predictClass(X: Matrix): Float64Array {
    const { family, classes: K } = this.data;
    if (family !== "bernoulli" && family !== "multinomial") {
      throw new InvalidModelError("family", family, "predictClass() needs a classifier (bernoulli or multinomial); use predict() for the mean response");
    }
    const p = this.predict(X);
    if (family === "bernoulli") return p.map((v) => (v > 0.5 ? 1 : 0));
    const n = p.length / K;
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let best = 0;
      for (let c = 1; c < K; c++) if (p[i * K + c] > p[i * K + best]) best = c;
      out[i] = best;
    }
    return out;
  }

  /**
   * R² for gaussian, accuracy for bernoulli/multinomial, and for poisson the deviance explained
   * 1 − D(y, μ)/D(y, ȳ) (scikit-learn's PoissonRegressor.score), all weighted by sampleWeight.
   *
   * @example
   * ```ts
   * import { Model, Trainer } from "wasm-mle";
 * const trainer = await Trainer.create({ family: "bernoulli", optimizer: "newton" });
 * const fit = trainer.fit([[0.5], [1.5], [2.5], [3.5], [1.0]], [0, 1, 0, 1, 1]);
   * const model = await Model.fromJSON(fit.model());
   * console.log(model.score([[0.5], [1.5], [2.5], [3.5], [1.0]], [0, 1, 0, 1, 1])); // accuracy on these rows
   * ```
   */
  score(X: Matrix, y: ArrayLike<number>, options: { sampleWeight?: ArrayLike<number> } = {}): number {
    const { family } = this.data;
    if (family === "gaussian") return r2(y, this.predict(X), options);
    if (family === "poisson") return poissonDevianceExplained(y, this.predict(X), options);
    return accuracy(y, this.predictClass(X), options);
  }
}

function listNames(names: readonly string[]): string {
  return names.length <= 10 ? names.join(", ") : `${names.slice(0, 10).join(", ")}, … and ${names.length - 10} more`;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

export function own(data: Record<string, unknown>, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(data, key) ? data[key] : undefined;
}

/** A deep, frozen copy of plain JSON data (no prototypes, no functions, finite numbers), depth-limited. */
export function jsonCopy(field: string, value: unknown, depth = 0): JsonValue {
  if (depth > 32) throw new InvalidModelError(field, value, "JSON nested at most 32 levels deep");
  if (value === null || typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new InvalidModelError(field, value, "finite numbers only");
    return value;
  }
  if (Array.isArray(value)) return Object.freeze(value.map((v, i) => jsonCopy(`${field}[${i}]`, v, depth + 1))) as JsonValue[];
  if (isPlainObject(value)) {
    const out: { [key: string]: JsonValue } = Object.create(null);
    for (const key of Object.keys(value)) out[key] = jsonCopy(`${field}.${key}`, value[key], depth + 1);
    return Object.freeze(out);
  }
  throw new InvalidModelError(field, value, "plain JSON data (objects, arrays, strings, finite numbers, booleans, null)");
}

function finiteList(field: string, value: unknown, length: number): number[] {
  if (!Array.isArray(value)) throw new InvalidModelError(field, value, `an array of ${length} finite numbers`);
  if (value.length !== length) throw new InvalidModelError(field, value, `${length} values (features × classes for coefficients, classes for intercept), got ${value.length}`);
  return value.map((v, i) => {
    if (typeof v !== "number" || !Number.isFinite(v)) throw new InvalidModelError(`${field}[${i}]`, v, "a finite number");
    return v;
  });
}

/** Checks a model document and returns a frozen plain copy; throws InvalidModelError naming the first bad field. */
export function checkModelData(data: unknown): ModelData {
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
  const coefficients = finiteList("coefficients", own(data, "coefficients"), names.length * classes);
  const intercept = finiteList("intercept", own(data, "intercept"), classes);
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

/** The model data of a fit (what FitResult.model() returns): plain, JSON-safe, feature-major. */
export function modelData(
  o: ValidatedOptions, coefficients: Float64Array, intercept: Float64Array, features: number, optimizer: string,
): ModelData {
  const featureNames = o.featureNames ?? Array.from({ length: features }, (_, j) => `x${j}`);
  return {
    format: MODEL_FORMAT,
    version: MODEL_FORMAT_VERSION,
    family: o.family.name,
    classes: o.classes,
    dtype: o.dtype,
    fitIntercept: o.fitIntercept,
    featureNames: [...featureNames],
    coefficients: Array.from(coefficients),
    intercept: Array.from(intercept),
    options: {
      optimizer, requestedOptimizer: o.optimizer, l2: o.l2, learningRate: o.learningRate, batchSize: o.batchSize, epochs: o.epochs,
      tolerance: o.tolerance, seed: o.seed, sampling: o.sampling, collinear: o.collinear,
    },
  };
}
