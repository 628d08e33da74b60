import { BusyError, DisposedError, DivergenceError, InvalidDataError, InvalidOptionError, NotFittedError, StaleFitError } from "./errors.js";
import { copyParameters, copyResponse, copyWeights, matrixShape, type Matrix, type MatrixShape } from "./data.js";
import { ownOptions, resolveOptimizer, validateOptions, type ResolvedOptimizer, type TrainerOptions, type ValidatedOptions } from "./options.js";
import { DataSession, nullModelTheta, predictInMemory, predictRegions, sessionRegions, type Theta } from "./session.js";
import { attachSummary, centreMultinomial, FitResult, thetaOf, toFeatureMajor } from "./fit-result.js";
import { abortedWarning, throwIfAborted, withSignal } from "./abort.js";
import { MemoryPlan } from "./memory-plan.js";
import { modelData } from "./model.js";
import { layoutBytes } from "./wasm/arena.js";
import { gradientDescent } from "./optimizers/gradient-descent.js";
import { lbfgs } from "./optimizers/lbfgs.js";
import { newton } from "./optimizers/newton.js";
import { coordinateDescent } from "./regularization/cd-optimizer.js";
import { checkPenaltyFactor, fitPath, type RegularizationHost } from "./regularization/fit-path.js";
import type { PathOptions } from "./regularization/lambda.js";
import type { RegularizationPath } from "./regularization/path.js";
import { crossValidate, type CrossValidation, type CrossValidationOptions } from "./regularization/cross-validation.js";
import { pathOptions } from "./regularization/fit-path.js";
import type { Optimizer } from "./optimizers/optimizer.js";
import { informationFactor } from "./inference/factor.js";
import { summariseResponse } from "./inference/statistics.js";
import { lazySummary } from "./inference/summary.js";
import { sparseSummary } from "./regularization/sparse-summary.js";
import { checkExistenceFromData } from "./diagnostics/existence.js";
import { checkExistenceAfterFit, separationBehind } from "./diagnostics/diverging-direction.js";
import { instantiateKernels, resolveBuild, type KernelInstance, type ResolvedBuild } from "./wasm/load.js";
import { checkValidationSet, splitForValidation, ValidationMonitor, type DataPart } from "./training/early-stopping.js";
import { perfectFitWarning } from "./diagnostics/perfect-fit.js";
import { checkFeatureNames, checkFitOptions, type FitOptions } from "./training/fit-options.js";
import { decodeState, type TrainingStateData } from "./training/state.js";
import { CarriedState } from "./training/carried.js";
import {
  checkPartialFitOptions, checkStateFeatures, checkStateful, epochBased, passOverChunk, streamingOptions, writeSessionState,
  type PartialFitOptions, type PartialFitResult,
} from "./training/partial-fit.js";
import { binaryHash } from "./wasm/load.js";

export type { EpochProgress, FitOptions } from "./training/fit-options.js";

const OPTIMIZERS: Readonly<Record<ResolvedOptimizer, Optimizer>> = Object.freeze({
  gd: gradientDescent,
  sgd: gradientDescent,
  momentum: gradientDescent,
  nesterov: gradientDescent,
  adagrad: gradientDescent,
  rmsprop: gradientDescent,
  adam: gradientDescent,
  adamw: gradientDescent,
  lbfgs,
  newton,
  cd: coordinateDescent,
});

/**
 * Fits a linear model or GLM by maximum likelihood with WASM kernels.
 *
 * Minimises f(b, w) = (1/W)·Σ sᵢ·nllᵢ(b + xᵢ·w) + (l2/2)·‖w‖² (intercept unpenalised) by Newton/IRLS
 * ("newton", Householder QR in WASM), L-BFGS ("lbfgs"), full-batch ("gd") or mini-batch ("sgd")
 * gradient descent; "auto" picks newton or lbfgs by size. Each gd/sgd epoch is one WASM call.
 *
 * @example
 * ```ts
 * import { Trainer } from "wasm-mle";
 * const trainer = await Trainer.create({ family: "bernoulli", optimizer: "newton" });
 * const fit = trainer.fit([[0.5], [1.5], [2.5], [3.5], [1.0]], [0, 1, 0, 1, 1]);
 * console.log(fit.coefficients); // Float64Array [slope]
 * console.log(fit.summary().text); // coefficient table with std err, z, P>|z| and 95% intervals
 * console.log(trainer.predict([[2]])); // Float64Array [P(y = 1 | x = 2)]
 * trainer.dispose();
 * ```
 */
export class Trainer {
  private kernelInstance: KernelInstance | null;
  private readonly memoryPlan: MemoryPlan;
  /** The last successful fit's parameters, for predict(); they outlive the fit's data. */
  private fitted: { theta: Theta; features: number } | null = null;
  /** Counts successful fits; a fit's summary() works while its number is the latest (its data is still in memory). */
  private generation = 0;
  /** The last successful fit's data, for its summary(); dropped on refit/dispose so results never pin WASM memory. */
  private liveFit: { generation: number; session: DataSession } | null = null;
  /** What released the last fit's data before the next fit (predict/evaluate when memory ran out). */
  private releasedBy: "fit" | "predict" | "evaluate" | "partialFit" = "fit";
  /** The method running now (a fit calls onEpoch): every other method but dispose() and saveState() is refused meanwhile. */
  private running: "fit" | null = null;
  /** What fit, partialFit or restore left to carry on (gd/sgd and the adaptive optimizers). */
  private readonly carried: CarriedState;
  /** partialFit's checked copy of y, reused from chunk to chunk. */
  private chunkResponse: Float64Array | null = null;

  /**
   * @param options The validated options, frozen: what this trainer fits with.
   */
  private constructor(readonly options: ValidatedOptions, kernels: KernelInstance) {
    this.kernelInstance = kernels;
    this.memoryPlan = new MemoryPlan(kernels.heapBase);
    this.carried = new CarriedState(options);
  }

  /**
   * Validates the options and instantiates the kernels (SIMD when the host supports it).
   * Bad options throw an {@link InvalidOptionError} before anything reaches WebAssembly.
   *
   * @example
   * ```ts
   * import { Trainer } from "wasm-mle";
   * const trainer = await Trainer.create({ family: "poisson", optimizer: "lbfgs", l2: 1e-4 });
   * console.log(trainer.kernels, trainer.options.l2); // "simd" 0.0001
   * ```
   */
  static async create(options: TrainerOptions = {}): Promise<Trainer> {
    const validated = validateOptions(options);
    const kernels = await instantiateKernels(resolveBuild(validated.kernels));
    return new Trainer(validated, kernels);
  }

  /** "simd" or "scalar": the kernel binary this trainer runs. */
  get kernels(): ResolvedBuild {
    if (!this.kernelInstance) throw new DisposedError("kernels");
    return this.kernelInstance.build;
  }

  /** Bytes of WebAssembly memory this trainer holds (0 after dispose). */
  get memoryBytes(): number {
    return this.kernelInstance ? this.kernelInstance.memory.buffer.byteLength : 0;
  }

  /** Whether dispose() has been called. */
  get disposed(): boolean {
    return this.kernelInstance === null;
  }

  /**
   * Fits the model to X (n × d) and y (n). Everything is checked before the fit starts, and the
   * previous fit (its predict() and summary()) stays as it was until this fit has succeeded: bad
   * input throws an InvalidDataError, a non-finite or exploding objective a DivergenceError, a
   * throwing onEpoch its own error — and each leaves the trainer exactly as it was.
   *
   * @example
   * ```ts
   * import { Trainer } from "wasm-mle";
   * const trainer = await Trainer.create({ family: "gaussian", optimizer: "newton", featureNames: ["x"] });
   * const fit = trainer.fit([[1], [2], [3], [4]], [1.1, 1.9, 3.2, 3.9], { sampleWeight: [1, 1, 2, 1] });
   * console.log(fit.coefficients[0], fit.intercept[0], fit.converged);
   * ```
   */
  fit(X: Matrix, y: ArrayLike<number>, fitOptions: FitOptions = {}): FitResult {
    const kernels = this.idle("fit");
    const { sampleWeight, onEpoch, validation, resume, signal } = checkFitOptions(fitOptions);
    throwIfAborted(signal, "fit");
    const o = this.optionsOverride ?? this.options;
    const allRows = matrixShape(X);
    checkFeatureNames(o, allRows.cols);
    const from = resume ? this.carried.toResume(allRows.cols) : null;
    checkPenaltyFactor(o, allRows.cols);
    const given = checkValidationSet(validation, o);
    const allY = copyResponse(y, allRows.rows, o.family, o.classes, o.dtype);
    const allWeights = sampleWeight === undefined ? undefined : copyWeights(sampleWeight, allRows.rows, o.dtype);
    const parts = splitForValidation(o, { X, shape: allRows, y: allY, weights: allWeights }, given);
    const { shape, y: yCopy, weights } = parts.train;
    const weightTotal = weights ? weights.total : shape.rows;
    const K = o.classes;
    const d = shape.cols;

    const optimizerName = resolveOptimizer(o, d, shape.rows);
    const optimizer = OPTIMIZERS[optimizerName];
    checkExistenceFromData(o, yCopy, weights?.values, d, optimizerName);
    const placed = this.placeFit(kernels, parts.train, optimizer.regions ? optimizer.regions(shape.rows, d, o) : {}, parts.validation);
    const session = placed.session;
    const monitor = placed.validation && new ValidationMonitor(session, placed.validation, o, o.earlyStopping?.patience ?? 0, o.earlyStopping?.minDelta ?? 0);
    if (from) writeSessionState(session, from);
    else session.writeParameters(nullModelTheta(o, d, yCopy, weights?.values));

    const abort = withSignal(onEpoch && this.guardedOnEpoch(onEpoch), signal);
    const outcome = this.runExclusively(() => this.carried.during(session, () => {
      try {
        return optimizer.run(session, o, abort.hook, monitor ?? undefined);
      } catch (error) {
        throw separationBehind(error, session, o, optimizerName);
      }
    }));
    const { history, epochs, aliased } = outcome;
    const stopReason = outcome.stopReason === "callback" && abort.aborted() ? "aborted" : outcome.stopReason;
    const carried = epochBased(optimizerName) ? this.carried.after(session) : null;
    const best = o.earlyStopping?.restoreBest ? monitor?.bestParameters() : null;
    if (best) outcome.theta = best;
    // An L1 penalty bounds every penalised coefficient, so the fit has a finite minimiser.
    const warnings = [...(outcome.warnings ?? [])];
    // An aborted fit returns at once: the existence probe may take as long as finishing the fit.
    if (stopReason === "aborted") warnings.push(abortedWarning(epochs, optimizerName));
    else if (o.l1 === 0) checkExistenceAfterFit(session, o, outcome.theta, epochs, optimizerName);
    // Centring would raise an L1 penalty: coordinate descent returns its own optimum as it is.
    const theta = centreMultinomial(outcome.theta, d, K, o.l1 > 0 ? 0 : o.l2);
    const intercept = theta.slice(d * K);
    session.writeParameters(theta);
    const dataMean = session.objective(0);
    // l2 = 0 adds nothing even when Σw² overflows (coefficients of X·1e-160 are ~1e160; 0·∞ is NaN).
    const penalty = outcome.penalty ?? (o.l2 === 0 ? 0 : 0.5 * o.l2 * theta.subarray(0, d * K).reduce((sum, w) => sum + w * w, 0));
    const objective = dataMean + penalty;
    if (!Number.isFinite(objective)) {
      const stepSize = optimizerName === "gd" || optimizerName === "sgd" ? o.learningRate : null;
      throw new DivergenceError(epochs, objective, stepSize, epochs > 0 ? history[epochs - 1] : null);
    }
    const logLikelihood = o.family.logLikelihood(dataMean * weightTotal, weightTotal, yCopy, weights?.values);
    const perfect = perfectFitWarning(o, dataMean * weightTotal, logLikelihood, yCopy, weights?.values);
    if (perfect) warnings.push(perfect);

    // Success: only now does this fit replace the previous one.
    const generation = ++this.generation;
    this.fitted = { theta, features: d };
    this.carried.set(carried, d);
    this.liveFit = { generation, session };
    this.releasedBy = "fit";
    const response = summariseResponse(o.family.name, yCopy, weights?.values, K);
    const summary = o.l1 > 0 ? sparseSummary({
      family: o.family.name, link: o.family.link, response, dataLoss: dataMean * weightTotal, logLikelihood, fitIntercept: o.fitIntercept,
      l1: o.l1, l2: o.l2, optimizer: optimizerName, iterations: epochs, converged: stopReason === "converged", stopReason, warnings,
      featureNames: o.featureNames ?? Array.from({ length: d }, (_, j) => `x${j}`), coefficients: toFeatureMajor(theta, d, K),
      intercept, classes: K, nobs: shape.rows,
    }) : lazySummary(
      () => ({
        family: o.family.name, link: o.family.link, factor: informationFactor(this.sessionOf(generation), o, theta, aliased ?? []), response,
        dataLoss: dataMean * weightTotal, logLikelihood, fitIntercept: o.fitIntercept, l2: o.l2, optimizer: optimizerName,
        iterations: epochs, converged: stopReason === "converged", stopReason, warnings,
      }),
      () => void this.sessionOf(generation),
    );
    const coefficients = toFeatureMajor(theta, d, K);
    const { featureNames, options } = modelData(o, coefficients, intercept, d, optimizerName);
    return attachSummary(new FitResult({
      coefficients,
      intercept: intercept.slice(),
      objective,
      logLikelihood,
      history,
      validationHistory: Float64Array.from(monitor?.history ?? []),
      bestEpoch: monitor?.bestEpoch ?? null,
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
      warnings: [...warnings],
      aliased: aliased ?? [],
      featureNames,
      fitIntercept: o.fitIntercept,
      options,
    }), summary);
  }

  /**
   * glmnet's regularisation path: fits at a decreasing sequence of λ (the default: `nLambda` values
   * from λ_max, where every penalised coefficient is 0, down to λ_max·`lambdaMinRatio`), each
   * warm-started from the last, with l1 = λα and l2 = λ(1 − α) (gaussian: λ(1 − α)/σ_y, as glmnet).
   * Standardised unless the trainer was created with `standardize: false`. It leaves the trainer's
   * fitted model (predict, the last fit's summary) as it was.
   * @example
   * ```ts
   * import { Trainer } from "wasm-mle";
   * const X = [[0.1, 1.2], [0.8, 0.3], [1.5, 2.2], [2.1, 0.4], [2.9, 1.9], [3.3, 0.8], [4.2, 2.5], [4.8, 0.1]];
   * const y = [0.9, 1.6, 3.4, 3.1, 5.2, 4.4, 6.9, 5.3];
   * const trainer = await Trainer.create({ family: "gaussian" });
   * const path = trainer.fitPath(X, y, { alpha: 0.5, nLambda: 20 });
   * console.log(path.lambdas[0], path.df[0]); // λ_max, 0
   * trainer.dispose();
   * ```
   */
  fitPath(X: Matrix, y: ArrayLike<number>, pathOptions: PathOptions = {}): RegularizationPath {
    const kernels = this.idle("fit");
    return this.runExclusively(() => fitPath(this.regularizationHost(kernels), X, y, pathOptions));
  }

  /**
   * cv.glmnet: the path on all rows, then the same λ values refitted with each fold left out;
   * `mean`/`standardError` of the measure per λ, `lambdaMin`, `lambda1se`, and `fit`, a fit at
   * lambda1se that becomes the trainer's model (predict uses it, as cv.glmnet's default s).
   * @example
   * ```ts
   * import { Trainer } from "wasm-mle";
   * const X = [[0.1, 1.2], [0.8, 0.3], [1.5, 2.2], [2.1, 0.4], [2.9, 1.9], [3.3, 0.8], [4.2, 2.5], [4.8, 0.1]];
   * const y = [0.9, 1.6, 3.4, 3.1, 5.2, 4.4, 6.9, 5.3];
   * const trainer = await Trainer.create({ family: "gaussian" });
   * const cv = trainer.crossValidate(X, y, { folds: 4, seed: 1, alpha: 0.5, measure: "deviance", nLambda: 10 });
   * console.log(cv.lambda1se, cv.fit.coefficients);
   * console.log(trainer.predict([[2, 1]])); // with the fit at lambda1se
   * trainer.dispose();
   * ```
   */
  crossValidate(X: Matrix, y: ArrayLike<number>, options: CrossValidationOptions = {}): CrossValidation & {
    /** The fit at lambda1se on all rows, now the trainer's model. */
    fit: FitResult;
  } {
    const kernels = this.idle("fit");
    const host = this.regularizationHost(kernels);
    const cv = this.runExclusively(() => crossValidate(host, X, y, options));
    this.optionsOverride = Object.freeze({ ...pathOptions(host), l1: cv.path.l1[cv.index1se], l2: cv.path.l2[cv.index1se] });
    try {
      return { ...cv, fit: this.fit(X, y, options.sampleWeight === undefined ? {} : { sampleWeight: options.sampleWeight }) };
    } finally {
      this.optionsOverride = null;
    }
  }

  /** Options of the fit crossValidate makes at lambda1se (the trainer's own otherwise). */
  private optionsOverride: ValidatedOptions | null = null;

  private regularizationHost(kernels: KernelInstance): RegularizationHost {
    return {
      options: this.options,
      place: (X, shape, y, weights, weightTotal, regions) =>
        this.placeFit(kernels, { X, shape, y, weights: weights && { values: weights, total: weightTotal } }, regions, null).session,
    };
  }

  /**
   * The mean response at each row of X with the last fit's parameters: μ (n values) for
   * gaussian/bernoulli/poisson, class probabilities (n·K, row-major) for multinomial.
   *
   * @example
   * ```ts
   * import { Trainer } from "wasm-mle";
   * const trainer = await Trainer.create({ family: "multinomial", classes: 3, optimizer: "newton", l2: 0.1 });
   * trainer.fit([[0], [1], [2], [0.5], [1.5], [2.5]], [0, 1, 2, 0, 1, 2]);
   * const p = trainer.predict([[1.2]]); // Float64Array of 3 class probabilities, summing to 1
   * ```
   */
  predict(X: Matrix): Float64Array {
    const kernels = this.idle("predict");
    if (!this.fitted) throw new NotFittedError("predict");
    const shape = matrixShape(X);
    if (shape.cols !== this.fitted.features) {
      throw new InvalidDataError("X", `it has ${shape.cols} columns but the model was fitted with ${this.fitted.features}`, shape.cols);
    }
    const theta = this.fitted.theta;
    return this.inScratch("predict", layoutBytes(predictRegions(shape, this.options)), (base) => predictInMemory(kernels, base, this.options, X, shape, theta));
  }

  /**
   * The objective f and its exact gradient at given parameters (feature-major coefficients, like
   * FitResult), computed by the same WASM kernels the optimizers use. Every argument is checked
   * first: X, y and sampleWeight as in fit(), and the parameters must be finite numbers,
   * cols × classes coefficients and `classes` intercepts.
   *
   * @example
   * ```ts
   * import { Trainer } from "wasm-mle";
   * const trainer = await Trainer.create({ family: "bernoulli" });
   * const { objective, coefficients } = trainer.evaluate([[1], [2], [3]], [0, 1, 1], [0.5], [-0.2]);
   * console.log(objective, coefficients[0]); // f and ∂f/∂w at w = 0.5, b = −0.2
   * ```
   */
  evaluate(
    X: Matrix,
    y: ArrayLike<number>,
    coefficients: ArrayLike<number>,
    intercept: ArrayLike<number>,
    fitOptions: Pick<FitOptions, "sampleWeight"> = {},
  ): {
    /** f at the given parameters. */
    objective: number;
    /** ∂f/∂w, feature-major like the coefficients. */
    coefficients: Float64Array;
    /** ∂f/∂b, one per output. */
    intercept: Float64Array;
  } {
    const kernels = this.idle("evaluate");
    const { sampleWeight, onEpoch, validation, signal } = checkFitOptions(fitOptions);
    if (onEpoch !== undefined) throw new InvalidOptionError("onEpoch", onEpoch, "no onEpoch: evaluate() runs no epochs (its options are { sampleWeight? })");
    if (signal !== undefined) throw new InvalidOptionError("signal", signal, "no signal: evaluate() is one pass and cannot be aborted (its options are { sampleWeight? })");
    if (validation !== undefined) throw new InvalidOptionError("validation", validation, "no validation: evaluate() scores the rows it is given (its options are { sampleWeight? })");
    const o = this.options;
    const shape = matrixShape(X);
    const K = o.classes;
    const yCopy = copyResponse(y, shape.rows, o.family, K, o.dtype);
    const W = copyParameters(coefficients, shape.cols * K, "coefficients", `X's ${shape.cols} columns × ${K} ${K === 1 ? "output" : "classes"}`, o.dtype);
    const b = copyParameters(intercept, K, "intercept", `one per ${K === 1 ? "output" : "class"}, so ${K}`, o.dtype);
    const weights = sampleWeight === undefined ? undefined : copyWeights(sampleWeight, shape.rows, o.dtype);
    const weightTotal = weights ? weights.total : shape.rows;
    const bytes = layoutBytes(sessionRegions(shape, o, weights !== undefined));
    const session = this.inScratch("evaluate", bytes, (base) => new DataSession(kernels, o, X, shape, yCopy, weights?.values, weightTotal, {}, base));
    session.writeParameters(thetaOf(W, b, shape.cols, K));
    const { objective, gradient } = session.gradient();
    return { objective, coefficients: toFeatureMajor(gradient, shape.cols, K), intercept: gradient.slice(shape.cols * K) };
  }

  /**
   * One pass over a chunk, rows in stored order, mini-batches of batchSize, carrying θ, optimizer
   * state, step and RNG on from the last fit, partialFit or restore (none: w = 0, b = 0, as
   * scikit-learn's partial_fit). Weights multiply ((1/|B|)·Σ sᵢ∇nllᵢ), so chunks of multiples of
   * batchSize ≡ their concatenation; only the chunk is placed in WASM, at the same place each call.
   * See passOverChunk and the README's "Streaming" section.
   * @example
   * for await (const { X, y } of chunks) trainer.partialFit(X, y);
   */
  partialFit(X: Matrix, y: ArrayLike<number>, options: PartialFitOptions = {}): PartialFitResult {
    const kernels = this.idle("partialFit");
    const { sampleWeight } = checkPartialFitOptions(options);
    const o = this.options;
    checkStateful(o, "partialFit", true);
    const shape = matrixShape(X);
    checkFeatureNames(o, shape.cols);
    if (this.carried.features !== null) checkStateFeatures("partialFit", this.carried.features, shape.cols);
    // y is checked in a buffer kept for the next chunk: a fresh copy per chunk is garbage that piles up between collections
    if ((this.chunkResponse?.length ?? 0) < shape.rows) this.chunkResponse = new Float64Array(shape.rows);
    const yCopy = copyResponse(y, shape.rows, o.family, o.classes, o.dtype, this.chunkResponse!);
    const weights = sampleWeight === undefined ? undefined : copyWeights(sampleWeight, shape.rows, o.dtype);
    const chunk = streamingOptions(o);
    const bytes = layoutBytes(sessionRegions(shape, chunk, weights !== undefined));
    const { objective, state } = this.inScratch("partialFit", bytes, (base) =>
      passOverChunk(new DataSession(kernels, chunk, X, shape, yCopy, weights?.values, shape.rows, {}, base), o, this.carried.state));
    this.carried.set(state, shape.cols);
    this.fitted = { theta: state.theta.slice(), features: shape.cols };
    return { objective, rows: shape.rows, step: state.step };
  }

  /**
   * The training state as plain JSON (see TrainingStateData): options, θ, optimizer slots, average,
   * RNG, step, epochs done and learning rate, exactly, with the binary's hash and the format
   * version. It only reads, so onEpoch may call it (it then holds the epoch just finished).
   * @example
   * const resumed = await Trainer.restore(JSON.parse(JSON.stringify(trainer.saveState())));
   */
  saveState(): TrainingStateData {
    if (!this.kernelInstance) throw new DisposedError("saveState");
    return this.carried.save(this.kernelInstance.build);
  }

  /**
   * A trainer with a saved state (saveState(), in any process or browser): the same options,
   * kernel build and training state, ready for predict, partialFit or fit(X, y, { resume: true }).
   * Every field is checked first: InvalidStateError (wrong field, damaged), IncompatibleStateError
   * (another format version or binary).
   *
   * @example
   * ```ts
   * import { Trainer } from "wasm-mle";
   * const trainer = await Trainer.create({ optimizer: "sgd", epochs: 3 });
   * trainer.fit([[1], [2], [3]], [1, 2, 3]);
   * const restored = await Trainer.restore(trainer.saveState());
   * console.log(restored.predict([[4]])[0] === trainer.predict([[4]])[0]); // true
   * ```
   */
  static async restore(state: unknown): Promise<Trainer> {
    const decoded = decodeState(state, binaryHash);
    const trainer = new Trainer(decoded.options, await instantiateKernels(resolveBuild(decoded.build)));
    trainer.carried.set(decoded.state, decoded.features);
    trainer.fitted = { theta: decoded.state.theta.slice(), features: decoded.features };
    return trainer;
  }

  /**
   * Releases the WASM instance and its memory. Idempotent; any later call throws DisposedError.
   * Called from a running fit's onEpoch, it stops that fit, which throws a DisposedError.
   *
   * @example
   * ```ts
   * import { Trainer } from "wasm-mle";
   * const trainer = await Trainer.create({});
   * trainer.dispose();
   * console.log(trainer.disposed, trainer.memoryBytes); // true 0
   * ```
   */
  dispose(): void {
    this.kernelInstance = null;
    this.fitted = null;
    this.liveFit = null;
    this.carried.clear();
    this.chunkResponse = null;
  }

  /** The data session of fit number `generation`, if the trainer still holds it (and is not busy fitting). */
  private sessionOf(generation: number): DataSession {
    if (!this.kernelInstance) throw new StaleFitError("summary", "dispose");
    if (this.running) throw new BusyError(this.running, "summary");
    if (this.liveFit?.generation !== generation) throw new StaleFitError("summary", generation === this.generation ? this.releasedBy : "fit");
    return this.liveFit.session;
  }

  /**
   * Lays out and fills a new fit's session, and right after it the validation rows' (needed only
   * during the fit), where neither overlaps the live fit's data (see MemoryPlan).
   */
  private placeFit(
    kernels: KernelInstance, train: DataPart, extraRegions: Record<string, number>, held: DataPart | null,
  ): { session: DataSession; validation: DataSession | null } {
    const o = this.options;
    const bytes = layoutBytes(sessionRegions(train.shape, o, train.weights !== undefined, extraRegions)) +
      (held ? layoutBytes(sessionRegions(held.shape, o, held.weights !== undefined)) : 0);
    const live = this.liveFit?.session ?? null;
    const sessionOf = (part: DataPart, regions: Record<string, number>, base: number) =>
      new DataSession(kernels, o, part.X, part.shape, part.y, part.weights?.values, part.weights?.total ?? part.shape.rows, regions, base);
    return this.memoryPlan.placeOrRelease(this.memoryPlan.fitBase(live, bytes), bytes, () => this.releaseLiveData("fit"), (base) => {
      const session = sessionOf(train, extraRegions, base);
      return { session, validation: held && sessionOf(held, {}, session.end) };
    });
  }

  /**
   * Runs `use` with scratch laid out right after the live fit's data, so its summary() keeps
   * working; when that does not fit in WASM memory, releases the fit's data and lays out from the
   * bottom instead.
   */
  private inScratch<T>(method: "predict" | "evaluate" | "partialFit", bytes: number, use: (base: number) => T): T {
    const live = this.liveFit?.session ?? null;
    return this.memoryPlan.placeOrRelease(this.memoryPlan.scratchBase(live), bytes, () => this.releaseLiveData(method), use);
  }

  private releaseLiveData(by: "fit" | "predict" | "evaluate" | "partialFit"): void {
    if (this.liveFit === null) return;
    this.liveFit = null;
    this.releasedBy = by;
  }

  /** Marks the trainer busy while `run` executes (it calls user code: onEpoch). */
  private runExclusively<T>(run: () => T): T {
    this.running = "fit";
    try {
      return run();
    } finally {
      this.running = null;
    }
  }

  /** onEpoch as the optimizer sees it: after the user's callback, a dispose() it made stops the fit. */
  private guardedOnEpoch(onEpoch: NonNullable<FitOptions["onEpoch"]>): NonNullable<FitOptions["onEpoch"]> {
    return (progress) => {
      const verdict = onEpoch(progress);
      if (this.kernelInstance === null) throw new DisposedError("fit", true);
      return verdict;
    };
  }

  /** The kernels, when the trainer is neither disposed nor busy with a fit. */
  private idle(method: "fit" | "predict" | "evaluate" | "partialFit"): KernelInstance {
    if (!this.kernelInstance) throw new DisposedError(method);
    if (this.running) throw new BusyError(this.running, method);
    return this.kernelInstance;
  }
}

