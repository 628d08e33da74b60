import { DataTooLargeError, DisposedError, DivergenceError, InvalidDataError, InvalidOptionError, describe, NotFittedError, StaleFitError } from "./errors.js";
import { checkResponse, checkWeights, matrixShape, type Matrix } from "./data.js";
import { resolveOptimizer, validateOptions, type ResolvedOptimizer, type TrainerOptions, type ValidatedOptions } from "./options.js";
import { DataSession, predictInMemory, type Parameters } from "./session.js";
import { toClassMajor, toFeatureMajor, type FitResult } from "./fit-result.js";
import { gradientDescent } from "./optimizers/gradient-descent.js";
import { lbfgs } from "./optimizers/lbfgs.js";
import { newton } from "./optimizers/newton.js";
import type { Optimizer } from "./optimizers/optimizer.js";
import { informationFactor } from "./inference/factor.js";
import { summariseResponse } from "./inference/statistics.js";
import { lazySummary } from "./inference/summary.js";
import { checkExistenceFromData } from "./diagnostics/existence.js";
import { checkExistenceAfterFit } from "./diagnostics/diverging-direction.js";
import { instantiateKernels, resolveBuild, type KernelInstance, type ResolvedBuild } from "./wasm/load.js";

export interface EpochProgress {
  /** 1-based epoch just finished. */
  readonly epoch: number;
  /** The epoch's objective, as recorded in `history`. */
  readonly objective: number;
  /** The maximum number of epochs. */
  readonly epochs: number;
}

export interface FitOptions {
  /** One weight sᵢ ≥ 0 per row (frequency weights); default all 1. */
  sampleWeight?: ArrayLike<number>;
  /** Called after every epoch; return false to stop training (stopReason "callback"). */
  onEpoch?: (progress: EpochProgress) => boolean | void;
}

const FIT_OPTION_NAMES = ["sampleWeight", "onEpoch"];

const OPTIMIZERS: Record<ResolvedOptimizer, Optimizer> = {
  gd: gradientDescent,
  sgd: gradientDescent,
  lbfgs,
  newton,
};

/**
 * Fits a linear model or GLM by maximum likelihood with WASM kernels.
 *
 * Minimises f(b, w) = (1/W)·Σ sᵢ·nllᵢ(b + xᵢ·w) + (l2/2)·‖w‖² (intercept unpenalised) by Newton/IRLS
 * ("newton", Householder QR in WASM), L-BFGS ("lbfgs"), full-batch ("gd") or mini-batch ("sgd")
 * gradient descent; "auto" picks newton or lbfgs by size. Each gd/sgd epoch is one WASM call.
 *
 * @example
 * const trainer = await Trainer.create({ family: "bernoulli", optimizer: "newton" });
 * const fit = trainer.fit([[0.5], [1.5], [2.5], [3.5], [1.0]], [0, 1, 0, 1, 1]);
 * fit.coefficients; // Float64Array [slope]
 * fit.summary().text; // coefficient table with std err, z, P>|z| and 95% intervals
 * trainer.predict([[2]]); // Float64Array [P(y = 1 | x = 2)]
 * trainer.dispose();
 */
export class Trainer {
  private kernelInstance: KernelInstance | null;
  private fitted: { params: Parameters; features: number } | null = null;
  /** Counts fits; a fit's summary() works while its number is the latest (its data is still in memory). */
  private generation = 0;
  /** The last successful fit's data, for its summary(); dropped on refit/dispose so results never pin WASM memory. */
  private liveFit: { generation: number; session: DataSession } | null = null;
  /** End of the last fit's data in WASM memory: predict/evaluate lay out after it, so fit.summary() still finds it. */
  private liveDataEnd: number | null = null;
  /** What released the last fit's data before the next fit (predict/evaluate when memory ran out). */
  private releasedBy: "fit" | "predict" | "evaluate" = "fit";

  private constructor(readonly options: ValidatedOptions, kernels: KernelInstance) {
    this.kernelInstance = kernels;
  }

  /** Validates the options and instantiates the kernels (SIMD when the host supports it). */
  static async create(options: TrainerOptions = {}): Promise<Trainer> {
    const validated = validateOptions(options);
    const kernels = await instantiateKernels(resolveBuild(validated.kernels));
    return new Trainer(validated, kernels);
  }

  /** "simd" or "scalar": the kernel binary this trainer runs. */
  get kernels(): ResolvedBuild {
    return this.live("kernels").build;
  }

  /** Bytes of WebAssembly memory this trainer holds (0 after dispose). */
  get memoryBytes(): number {
    return this.kernelInstance ? this.kernelInstance.memory.buffer.byteLength : 0;
  }

  get disposed(): boolean {
    return this.kernelInstance === null;
  }

  /**
   * Fits the model to X (n × d) and y (n). Bad input throws an InvalidDataError and leaves the
   * trainer as it was; a non-finite objective throws a DivergenceError and returns nothing.
   */
  fit(X: Matrix, y: ArrayLike<number>, fitOptions: FitOptions = {}): FitResult {
    const kernels = this.live("fit");
    checkFitOptions(fitOptions);
    const o = this.options;
    const shape = matrixShape(X);
    checkResponse(y, shape.rows, o.family, o.classes);
    const { sampleWeight, onEpoch } = fitOptions;
    const weightTotal = sampleWeight === undefined ? shape.rows : checkWeights(sampleWeight, shape.rows);

    const optimizerName = resolveOptimizer(o, shape.cols);
    const optimizer = OPTIMIZERS[optimizerName];
    checkExistenceFromData(o, y, sampleWeight, shape.cols, optimizerName);
    const extraRegions = optimizer.regions ? optimizer.regions(shape.rows, shape.cols, o) : {};
    const generation = ++this.generation;
    this.liveFit = null;
    this.liveDataEnd = null;
    this.releasedBy = "fit";
    const session = new DataSession(kernels, o, X, shape, y, sampleWeight, weightTotal, extraRegions);
    const d = shape.cols;
    const K = o.classes;
    session.writeParameters({
      W: new Float64Array(d * K),
      b: o.fitIntercept ? o.family.interceptStart(y, sampleWeight, K) : new Float64Array(K),
    });

    const { params, history, epochs, stopReason, warnings, aliased } = optimizer.run(session, o, onEpoch);
    checkExistenceAfterFit(session, o, params, epochs, optimizerName);
    const dataMean = session.objective(0);
    const penalty = 0.5 * o.l2 * params.W.reduce((sum, w) => sum + w * w, 0);
    const objective = dataMean + penalty;
    if (!Number.isFinite(objective)) {
      const stepSize = optimizerName === "gd" || optimizerName === "sgd" ? o.learningRate : null;
      throw new DivergenceError(epochs, objective, stepSize, epochs > 0 ? history[epochs - 1] : null);
    }
    this.fitted = { params, features: d };
    this.liveFit = { generation, session };
    this.liveDataEnd = kernels.memory.buffer.byteLength;
    const logLikelihood = o.family.logLikelihood(dataMean * weightTotal, weightTotal, y, sampleWeight);
    const response = summariseResponse(o.family.name, y, sampleWeight, K);
    const summary = lazySummary(
      () => ({
        family: o.family.name, link: o.family.link, factor: informationFactor(this.sessionOf(generation), o, params, aliased ?? []), response,
        dataLoss: dataMean * weightTotal, logLikelihood, fitIntercept: o.fitIntercept, l2: o.l2, optimizer: optimizerName,
        iterations: epochs, converged: stopReason === "converged", stopReason, warnings: warnings ?? [],
      }),
      () => void this.sessionOf(generation),
    );
    return {
      coefficients: toFeatureMajor(params.W, d, K),
      intercept: params.b.slice(),
      objective,
      logLikelihood,
      history,
      epochs,
      converged: stopReason === "converged",
      stopReason,
      family: o.family.name,
      classes: K,
      features: d,
      optimizer: optimizerName,
      dtype: o.dtype,
      kernels: kernels.build,
      nobs: shape.rows,
      weightTotal,
      warnings: warnings ?? [],
      aliased: aliased ?? [],
      summary,
    };
  }

  /**
   * The mean response at each row of X with the last fit's parameters: μ (n values) for
   * gaussian/bernoulli/poisson, class probabilities (n·K, row-major) for multinomial.
   */
  predict(X: Matrix): Float64Array {
    const kernels = this.live("predict");
    if (!this.fitted) throw new NotFittedError("predict");
    const shape = matrixShape(X);
    if (shape.cols !== this.fitted.features) {
      throw new InvalidDataError("X", `it has ${shape.cols} columns but the model was fitted with ${this.fitted.features}`, shape.cols);
    }
    const params = this.fitted.params;
    return this.afterLiveData(kernels, "predict", (k) => predictInMemory(k, this.options, X, shape, params));
  }

  /**
   * The objective f and its exact gradient at given parameters (feature-major coefficients, like
   * FitResult), computed by the same WASM kernels the optimizers use.
   */
  evaluate(
    X: Matrix,
    y: ArrayLike<number>,
    coefficients: ArrayLike<number>,
    intercept: ArrayLike<number>,
    fitOptions: Pick<FitOptions, "sampleWeight"> = {},
  ): { objective: number; coefficients: Float64Array; intercept: Float64Array } {
    const kernels = this.live("evaluate");
    checkFitOptions(fitOptions);
    const o = this.options;
    const shape = matrixShape(X);
    checkResponse(y, shape.rows, o.family, o.classes);
    const K = o.classes;
    if (coefficients.length !== shape.cols * K) throw new InvalidDataError("X", `coefficients has ${coefficients.length} values; expected cols × classes = ${shape.cols * K}`);
    if (intercept.length !== K) throw new InvalidDataError("X", `intercept has ${intercept.length} values; expected ${K}`);
    const weightTotal = fitOptions.sampleWeight === undefined ? shape.rows : checkWeights(fitOptions.sampleWeight, shape.rows);
    const session = this.afterLiveData(kernels, "evaluate", (k) => new DataSession(k, o, X, shape, y, fitOptions.sampleWeight, weightTotal));
    session.writeParameters({ W: toClassMajor(coefficients, shape.cols, K), b: Float64Array.from(intercept) });
    const gradient = session.gradient();
    return { objective: gradient.objective, coefficients: toFeatureMajor(gradient.W, shape.cols, K), intercept: gradient.b };
  }

  /** Releases the WASM instance and its memory. Idempotent; any later call throws DisposedError. */
  dispose(): void {
    this.kernelInstance = null;
    this.fitted = null;
    this.liveFit = null;
  }

  /** The data session of fit number `generation`, if the trainer still holds it. */
  private sessionOf(generation: number): DataSession {
    if (!this.kernelInstance) throw new StaleFitError("summary", "dispose");
    if (this.liveFit?.generation !== generation) throw new StaleFitError("summary", generation === this.generation ? this.releasedBy : "fit");
    return this.liveFit.session;
  }

  /**
   * Runs `use` with memory laid out after the last fit's data, so its summary() keeps working; when
   * that does not fit in WASM memory, releases the fit's data and lays out from the start instead.
   */
  private afterLiveData<T>(kernels: KernelInstance, method: "predict" | "evaluate", use: (kernels: KernelInstance) => T): T {
    if (this.liveDataEnd === null) return use(kernels);
    try {
      return use({ ...kernels, heapBase: this.liveDataEnd });
    } catch (error) {
      if (!(error instanceof DataTooLargeError)) throw error;
      this.liveFit = null;
      this.liveDataEnd = null;
      this.releasedBy = method;
      return use(kernels);
    }
  }

  private live(method: string): KernelInstance {
    if (!this.kernelInstance) throw new DisposedError(method);
    return this.kernelInstance;
  }
}

function checkFitOptions(fitOptions: unknown): void {
  if (typeof fitOptions !== "object" || fitOptions === null) throw new InvalidOptionError("fitOptions", fitOptions, "an object { sampleWeight?, onEpoch? }");
  for (const key of Object.keys(fitOptions)) {
    if (!FIT_OPTION_NAMES.includes(key)) {
      throw new InvalidOptionError(key, (fitOptions as Record<string, unknown>)[key], `a known fit option (${FIT_OPTION_NAMES.join(", ")})`);
    }
  }
  const { onEpoch } = fitOptions as FitOptions;
  if (onEpoch !== undefined && typeof onEpoch !== "function") throw new InvalidOptionError("onEpoch", onEpoch, `a function, got ${describe(onEpoch)}`);
}
