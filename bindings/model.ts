import { InvalidDataError, InvalidModelError, InvalidOptionError, listShortened } from "./errors.js";
import { ownOptions } from "./option-checks.js";
import { matrixShape, type Matrix } from "./data.js";
import type { FamilyName } from "./families/index.js";
import { thetaOf } from "./fit-result.js";
import type { Dtype, KernelBuild, ValidatedOptions } from "./options.js";
import { accuracy, poissonDevianceExplained, r2 } from "./evaluation/metrics.js";
import { instantiateKernels, resolveBuild, type KernelInstance } from "./wasm/load.js";
import { loadModelEngine, type ModelEngine } from "./engine-loader.js";

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
    private readonly engine: ModelEngine,
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
    const load = ownOptions(loadOptions, "loadOptions", "a plain object { kernels? }");
    for (const key of Object.keys(load)) if (key !== "kernels") throw new InvalidOptionError(key, load[key], "a known load option (kernels)");
    const engine = await loadModelEngine();
    const checked = engine.checkModelData(data);
    const options = engine.validateOptions({
      family: checked.family,
      ...(checked.family === "multinomial" ? { classes: checked.classes } : {}),
      dtype: checked.dtype,
      fitIntercept: checked.fitIntercept,
      featureNames: [...checked.featureNames],
      ...(load.kernels === undefined ? {} : { kernels: load.kernels as KernelBuild }),
    });
    // predicting needs no epoch loop (bindings/wasm/load.ts KernelSet)
    const kernels = await instantiateKernels(resolveBuild(options.kernels), "core");
    const d = checked.featureNames.length;
    return new Model(checked, options, kernels, thetaOf(checked.coefficients, checked.intercept, d, checked.classes), engine);
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
    if (shape.cols !== this.features) throw new InvalidDataError("X", `it has ${shape.cols} columns but the model has ${this.features} features (${listShortened(this.data.featureNames)})`, shape.cols);
    return this.engine.predictInMemory(this.kernels, this.kernels.heapBase, this.options, X, shape, this.theta);
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
