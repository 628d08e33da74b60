import { BusyError, DisposedError, DivergenceError, InvalidDataError, InvalidOptionError, describe, NotFittedError, StaleFitError } from "./errors.js";
import { copyParameters, copyResponse, copyWeights, matrixShape, type Matrix, type MatrixShape } from "./data.js";
import { ownOptions, resolveOptimizer, validateOptions, type ResolvedOptimizer, type TrainerOptions, type ValidatedOptions } from "./options.js";
import { DataSession, predictInMemory, predictRegions, sessionRegions, type Parameters } from "./session.js";
import { centreMultinomial, toClassMajor, toFeatureMajor, type FitResult } from "./fit-result.js";
import { MemoryPlan } from "./memory-plan.js";
import { modelData } from "./model.js";
import { layoutBytes } from "./wasm/arena.js";
import { gradientDescent } from "./optimizers/gradient-descent.js";
import { lbfgs } from "./optimizers/lbfgs.js";
import { newton } from "./optimizers/newton.js";
import type { Optimizer } from "./optimizers/optimizer.js";
import { informationFactor } from "./inference/factor.js";
import { summariseResponse } from "./inference/statistics.js";
import { lazySummary } from "./inference/summary.js";
import { checkExistenceFromData } from "./diagnostics/existence.js";
import { checkExistenceAfterFit, separationBehind } from "./diagnostics/diverging-direction.js";
import { instantiateKernels, resolveBuild, type KernelInstance, type ResolvedBuild } from "./wasm/load.js";
import { checkValidationSet, splitForValidation, ValidationMonitor, type DataPart, type ValidationSet } from "./training/early-stopping.js";

export interface EpochProgress {
  /** 1-based epoch just finished. */
  readonly epoch: number;
  /** The epoch's objective, as recorded in `history`. */
  readonly objective: number;
  /** The maximum number of epochs. */
  readonly epochs: number;
  /** The epoch's validation objective, as recorded in `validationHistory` (only when the fit has validation rows). */
  readonly validationObjective?: number;
}

export interface FitOptions {
  /** One weight sᵢ ≥ 0 per row (frequency weights); default all 1. */
  sampleWeight?: ArrayLike<number>;
  /**
   * Called after every epoch; return false to stop training (stopReason "callback"). It must not
   * call fit/predict/evaluate of this trainer or summary() of its fits (each throws a BusyError and
   * leaves the running fit as it was); dispose() from here stops the fit with a DisposedError.
   * If it throws, the fit fails and the trainer stays as it was before the fit.
   */
  onEpoch?: (progress: EpochProgress) => boolean | void;
  /**
   * Rows to score after every epoch (gd/sgd and the adaptive optimizers): `validationHistory`, and
   * the rows earlyStopping watches instead of a held-out share of X. Without earlyStopping the fit
   * only records the scores.
   */
  validation?: ValidationSet;
}

const FIT_OPTION_NAMES = ["sampleWeight", "onEpoch", "validation"];

const OPTIMIZERS: Readonly<Record<ResolvedOptimizer, Optimizer>> = Object.freeze({
  gd: gradientDescent,
  sgd: gradientDescent,
  lbfgs,
  newton,
});

/**
 * A gaussian fit whose residuals are at rounding level: the log-likelihood at σ̂² = RSS/W is then
 * +Infinity (RSS = 0) or a huge number set by rounding, not by the data. 1 − R² ≤ 1e-20 (RSS
 * against the total sum of squares about the mean, or about 0 without an intercept; a relative
 * residual of 1e-10, far below any measured noise) counts as perfect.
 */
const PERFECT_FIT_UNEXPLAINED = 1e-20;

function perfectFitWarning(o: ValidatedOptions, dataLoss: number, logLikelihood: number, y: Float64Array, weights: Float64Array | undefined): string | null {
  if (o.family.name !== "gaussian") return null;
  if (logLikelihood === Infinity) {
    return "Perfect fit: the residual sum of squares is 0, so σ̂² = 0 and the log-likelihood is +Infinity (AIC/BIC −Infinity); " +
      "y is an exact linear function of X, and the standard errors are 0 or undefined.";
  }
  let total = 0;
  let sum = 0;
  for (let i = 0; i < y.length; i++) {
    const s = weights ? weights[i] : 1;
    total += s;
    sum += s * y[i];
  }
  const centre = o.fitIntercept ? sum / total : 0;
  let tss = 0;
  for (let i = 0; i < y.length; i++) tss += (weights ? weights[i] : 1) * (y[i] - centre) ** 2;
  const rss = 2 * dataLoss;
  if (tss > 0 && rss <= PERFECT_FIT_UNEXPLAINED * tss) {
    return `Perfect fit: the residual sum of squares (${rss.toExponential(2)}) is at rounding level for this y (1 − R² ≤ 1e-20), so σ̂² ≈ 0 ` +
      "and the log-likelihood, AIC and BIC reflect rounding errors, not the data; y is an exact linear function of X.";
  }
  return null;
}

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
  private readonly memoryPlan: MemoryPlan;
  /** The last successful fit's parameters, for predict(); they outlive the fit's data. */
  private fitted: { params: Parameters; features: number } | null = null;
  /** Counts successful fits; a fit's summary() works while its number is the latest (its data is still in memory). */
  private generation = 0;
  /** The last successful fit's data, for its summary(); dropped on refit/dispose so results never pin WASM memory. */
  private liveFit: { generation: number; session: DataSession } | null = null;
  /** What released the last fit's data before the next fit (predict/evaluate when memory ran out). */
  private releasedBy: "fit" | "predict" | "evaluate" = "fit";
  /** The method running now (a fit calls onEpoch): every other method but dispose() is refused meanwhile. */
  private running: "fit" | null = null;

  private constructor(readonly options: ValidatedOptions, kernels: KernelInstance) {
    this.kernelInstance = kernels;
    this.memoryPlan = new MemoryPlan(kernels.heapBase);
  }

  /** Validates the options and instantiates the kernels (SIMD when the host supports it). */
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

  get disposed(): boolean {
    return this.kernelInstance === null;
  }

  /**
   * Fits the model to X (n × d) and y (n). Everything is checked before the fit starts, and the
   * previous fit (its predict() and summary()) stays as it was until this fit has succeeded: bad
   * input throws an InvalidDataError, a non-finite or exploding objective a DivergenceError, a
   * throwing onEpoch its own error — and each leaves the trainer exactly as it was.
   */
  fit(X: Matrix, y: ArrayLike<number>, fitOptions: FitOptions = {}): FitResult {
    const kernels = this.idle("fit");
    const { sampleWeight, onEpoch, validation } = checkFitOptions(fitOptions);
    const o = this.options;
    const allRows = matrixShape(X);
    checkFeatureNames(o, allRows.cols);
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
    session.writeParameters({
      W: new Float64Array(d * K),
      b: o.fitIntercept ? o.family.interceptStart(yCopy, weights?.values, K) : new Float64Array(K),
    });

    const outcome = this.runExclusively(() => {
      try {
        return optimizer.run(session, o, onEpoch && this.guardedOnEpoch(onEpoch), monitor ?? undefined);
      } catch (error) {
        throw separationBehind(error, session, o, optimizerName);
      }
    });
    const { history, epochs, stopReason, aliased } = outcome;
    const best = o.earlyStopping?.restoreBest ? monitor?.bestParameters() : null;
    if (best) outcome.params = best;
    checkExistenceAfterFit(session, o, outcome.params, epochs, optimizerName);
    const warnings = [...(outcome.warnings ?? [])];
    const params = centreMultinomial(outcome.params, d, K, o.l2);
    session.writeParameters(params);
    const dataMean = session.objective(0);
    // l2 = 0 adds nothing even when Σw² overflows (coefficients of X·1e-160 are ~1e160; 0·∞ is NaN).
    const penalty = o.l2 === 0 ? 0 : 0.5 * o.l2 * params.W.reduce((sum, w) => sum + w * w, 0);
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
    this.fitted = { params, features: d };
    this.liveFit = { generation, session };
    this.releasedBy = "fit";
    const response = summariseResponse(o.family.name, yCopy, weights?.values, K);
    const summary = lazySummary(
      () => ({
        family: o.family.name, link: o.family.link, factor: informationFactor(this.sessionOf(generation), o, params, aliased ?? []), response,
        dataLoss: dataMean * weightTotal, logLikelihood, fitIntercept: o.fitIntercept, l2: o.l2, optimizer: optimizerName,
        iterations: epochs, converged: stopReason === "converged", stopReason, warnings,
      }),
      () => void this.sessionOf(generation),
    );
    const coefficients = toFeatureMajor(params.W, d, K);
    const intercept = params.b.slice();
    return {
      coefficients: coefficients.slice(),
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
      summary,
      model: () => modelData(o, coefficients, intercept, d, optimizerName),
    };
  }

  /**
   * The mean response at each row of X with the last fit's parameters: μ (n values) for
   * gaussian/bernoulli/poisson, class probabilities (n·K, row-major) for multinomial.
   */
  predict(X: Matrix): Float64Array {
    const kernels = this.idle("predict");
    if (!this.fitted) throw new NotFittedError("predict");
    const shape = matrixShape(X);
    if (shape.cols !== this.fitted.features) {
      throw new InvalidDataError("X", `it has ${shape.cols} columns but the model was fitted with ${this.fitted.features}`, shape.cols);
    }
    const params = this.fitted.params;
    return this.inScratch("predict", layoutBytes(predictRegions(shape, this.options)), (base) => predictInMemory(kernels, base, this.options, X, shape, params));
  }

  /**
   * The objective f and its exact gradient at given parameters (feature-major coefficients, like
   * FitResult), computed by the same WASM kernels the optimizers use. Every argument is checked
   * first: X, y and sampleWeight as in fit(), and the parameters must be finite numbers,
   * cols × classes coefficients and `classes` intercepts.
   */
  evaluate(
    X: Matrix,
    y: ArrayLike<number>,
    coefficients: ArrayLike<number>,
    intercept: ArrayLike<number>,
    fitOptions: Pick<FitOptions, "sampleWeight"> = {},
  ): { objective: number; coefficients: Float64Array; intercept: Float64Array } {
    const kernels = this.idle("evaluate");
    const { sampleWeight, onEpoch, validation } = checkFitOptions(fitOptions);
    if (onEpoch !== undefined) throw new InvalidOptionError("onEpoch", onEpoch, "no onEpoch: evaluate() runs no epochs (its options are { sampleWeight? })");
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
    session.writeParameters({ W: toClassMajor(W, shape.cols, K), b });
    const gradient = session.gradient();
    return { objective: gradient.objective, coefficients: toFeatureMajor(gradient.W, shape.cols, K), intercept: gradient.b };
  }

  /**
   * Releases the WASM instance and its memory. Idempotent; any later call throws DisposedError.
   * Called from a running fit's onEpoch, it stops that fit, which throws a DisposedError.
   */
  dispose(): void {
    this.kernelInstance = null;
    this.fitted = null;
    this.liveFit = null;
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
  private inScratch<T>(method: "predict" | "evaluate", bytes: number, use: (base: number) => T): T {
    const live = this.liveFit?.session ?? null;
    return this.memoryPlan.placeOrRelease(this.memoryPlan.scratchBase(live), bytes, () => this.releaseLiveData(method), use);
  }

  private releaseLiveData(by: "fit" | "predict" | "evaluate"): void {
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
  private idle(method: "fit" | "predict" | "evaluate"): KernelInstance {
    if (!this.kernelInstance) throw new DisposedError(method);
    if (this.running) throw new BusyError(this.running, method);
    return this.kernelInstance;
  }
}

const FIT_OPTIONS_EXPECTED = "a plain object { sampleWeight?, onEpoch?, validation? }";

/** Fit options from the own enumerable keys of a plain object; each read once. */
function checkFitOptions(fitOptions: unknown): FitOptions {
  const raw = ownOptions(fitOptions, "fitOptions", FIT_OPTIONS_EXPECTED);
  for (const key of Object.keys(raw)) {
    if (!FIT_OPTION_NAMES.includes(key)) throw new InvalidOptionError(key, raw[key], `a known fit option (${FIT_OPTION_NAMES.join(", ")})`);
  }
  const { sampleWeight, onEpoch, validation } = raw as FitOptions;
  if (onEpoch !== undefined && typeof onEpoch !== "function") throw new InvalidOptionError("onEpoch", onEpoch, `a function, got ${describe(onEpoch)}`);
  return { sampleWeight, onEpoch, validation };
}

/** featureNames, when given, must name every column of X exactly once. */
function checkFeatureNames(options: ValidatedOptions, cols: number): void {
  const names = options.featureNames;
  if (names !== null && names.length !== cols) {
    throw new InvalidOptionError("featureNames", names, `${cols} names, one per column of X (it has ${names.length})`);
  }
}
