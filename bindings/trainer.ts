import { DisposedError } from "./errors.js";
import type { Matrix } from "./data.js";
import type { TrainerOptions, ValidatedOptions } from "./options.js";
import type { UnusedWarnings } from "./training/unused-warnings.js";
import type { FitResult } from "./fit-result.js";
import type { PathOptions } from "./regularization/lambda.js";
import type { RegularizationPath } from "./regularization/path.js";
import type { CrossValidation, CrossValidationOptions } from "./regularization/cross-validation.js";
import { binaryHash, instantiateKernels, resolveBuild, type KernelInstance, type ResolvedBuild } from "./wasm/load.js";
import type { FitOptions } from "./training/fit-options.js";
import type { TrainingStateData } from "./training/state.js";
import type { PartialFitOptions, PartialFitResult } from "./training/partial-fit.js";
import type { TrainerCore } from "./trainer/core.js";
import { loadEngine, loadParts, loadStateDecoder, type Engine } from "./engine-loader.js";
import type { EngineParts } from "./engine-parts.js";
import type { ChunkBuffer, ChunkBufferOptions } from "./training/staging.js";

export type { EpochProgress, FitOptions } from "./training/fit-options.js";

/**
 * Fits a linear model or GLM by maximum likelihood with WASM kernels.
 *
 * Minimises f(b, w) = (1/W)·Σ sᵢ·nllᵢ(b + xᵢ·w) + Σⱼ fⱼ·((l2/2)·wⱼ² + l1·|wⱼ|) (intercept
 * unpenalised; fⱼ = 1 without penaltyFactor; l1 with cd, sgd and the adaptive rules) by Newton/IRLS
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
  /** Its kernels, memory, fitted model and training state (see TrainerCore). */
  private readonly core: TrainerCore;

  /**
   * @param options The validated options, frozen: what this trainer fits with.
   * @param engine The code its methods run (bindings/engine.ts), loaded by create() or restore().
   * @param parts The engine's parts these options reach (bindings/engine-parts.ts), loaded with it.
   */
  private constructor(
    readonly options: ValidatedOptions, kernels: KernelInstance, private readonly engine: Engine, parts: EngineParts,
    unusedWarnings: UnusedWarnings | null = null,
  ) {
    this.core = new engine.TrainerCore(options, kernels, parts, unusedWarnings);
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
    const engine = await loadEngine();
    const given: string[] = [];
    const validated = engine.validateOptions(options, given);
    const [kernels, parts, unusedWarnings] = await Promise.all([
      instantiateKernels(resolveBuild(validated.kernels), engine.kernelSetFor(validated.optimizer)), loadParts(engine.partsNeeded(validated)),
      engine.unusedWarningsFor(given),
    ]);
    return new Trainer(validated, kernels, engine, parts, unusedWarnings);
  }

  /** "simd" or "scalar": the kernel binary this trainer runs. */
  get kernels(): ResolvedBuild {
    const kernels = this.core.kernelInstance;
    if (!kernels) throw new DisposedError("kernels");
    return kernels.build;
  }

  /** Bytes of WebAssembly memory this trainer holds (0 after dispose). */
  get memoryBytes(): number {
    const kernels = this.core.kernelInstance;
    return kernels ? kernels.memory.buffer.byteLength : 0;
  }

  /** Whether dispose() has been called. */
  get disposed(): boolean {
    return this.core.kernelInstance === null;
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
    return this.engine.fitModel(this.core, X, y, fitOptions);
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
    return this.engine.fitPathOn(this.core, X, y, pathOptions);
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
    return this.engine.crossValidateOn(this.core, X, y, options);
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
    return this.engine.predictMean(this.core, X);
  }

  /**
   * The objective f and its exact gradient at given parameters (feature-major coefficients, like
   * FitResult), computed by the same WASM kernels the optimizers use. f is the trainer's objective
   * (TrainerOptions): with standardize (cd's default), penaltyFactor or l1 its penalty is
   * Σⱼ fⱼ·((l2/2)·(σⱼwⱼ)² + l1·σⱼ|wⱼ|), σⱼ the standard deviations of this X's columns, so at a
   * fit's parameters on its data it is fit.objective; at wⱼ = 0 the L1 term adds 0 to ∂f/∂wⱼ
   * (the middle of its subdifferential). Every argument is checked
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
    return this.engine.evaluateAt(this.core, X, y, coefficients, intercept, fitOptions);
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
    return this.engine.fitChunk(this.core, X, y, options);
  }

  /**
   * A chunk buffer of `rows` × `cols` in WebAssembly memory (see {@link ChunkBuffer}): write a
   * chunk into its views and pass them to partialFit, which then reads the rows where they are
   * instead of copying them, and checks each batch (non-finite X, y outside the family's domain,
   * bad weights) just before it uses it. A bad value throws the same InvalidDataError as with
   * ordinary arrays, and the call changes nothing. Memory is laid out (and grown) here, once; the
   * buffer lives across partialFit, predict and evaluate, until fit, a fit's summary(), partialFit
   * of other arrays, chunkBuffer of another shape or dispose (see ChunkBuffer for when views go
   * stale). chunkBuffer again with the same sizes is cheap and hands out the same buffer.
   * @example
   * ```ts
   * import { Trainer } from "wasm-mle";
   * const trainer = await Trainer.create({ optimizer: "adam", learningRate: 0.05, batchSize: 32 });
   * const chunk = trainer.chunkBuffer(1024, 2);
   * for (let k = 0; k < 10; k++) {
   *   for (let i = 0; i < chunk.rows; i++) {
   *     const a = Math.random(), b = Math.random();
   *     chunk.X.data.set([a, b], 2 * i);
   *     chunk.y[i] = 1 + 2 * a - b;
   *   }
   *   trainer.partialFit(chunk.X, chunk.y);
   * }
   * console.log(trainer.predict([[0.5, 0.5]])); // ≈ 1.5
   * ```
   */
  chunkBuffer(rows: number, cols: number, options: ChunkBufferOptions = {}): ChunkBuffer {
    return this.engine.stageChunk(this.core, rows, cols, options);
  }

  /**
   * The training state as plain JSON (see TrainingStateData): options, θ, optimizer slots, average,
   * RNG, step, epochs done and learning rate, exactly, with the binary's hash and the format
   * version. It only reads, so onEpoch may call it (it then holds the epoch just finished).
   * @example
   * const resumed = await Trainer.restore(JSON.parse(JSON.stringify(trainer.saveState())));
   */
  saveState(): TrainingStateData {
    const kernels = this.core.kernelInstance;
    if (!kernels) throw new DisposedError("saveState");
    return this.core.carried.save(kernels.build);
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
    const [engine, decoder] = await Promise.all([loadEngine(), loadStateDecoder()]);
    const decoded = decoder.decodeState(state, binaryHash);
    const [kernels, parts] = await Promise.all([
      instantiateKernels(resolveBuild(decoded.build), engine.kernelSetFor(decoded.options.optimizer)), loadParts(engine.partsNeeded(decoded.options)),
    ]);
    const trainer = new Trainer(decoded.options, kernels, engine, parts);
    trainer.core.carried.set(decoded.state, decoded.features);
    trainer.core.fitted = { theta: decoded.state.theta.slice(), features: decoded.features };
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
    this.core.dispose();
  }
}
