import { InvalidDataError, InvalidOptionError, describe } from "../errors.js";
import { copyResponse, copyWeights, matrixShape, type Matrix, type MatrixShape } from "../data.js";
import { ownOptions, type ValidatedOptions } from "../options.js";
import { centreMultinomial } from "../fit-result.js";
import { splitRows } from "../evaluation/split.js";
import type { DataSession, Theta } from "../session.js";
import type { EpochMonitor } from "../optimizers/optimizer.js";
import { epochBased } from "./partial-fit.js";

/**
 * `earlyStopping` as the user writes it: true (all defaults), false, or some of the fields.
 *
 * @example
 * ```ts
 * import { Trainer, type EarlyStoppingOptions } from "wasm-mle";
 * const earlyStopping: EarlyStoppingOptions = { validationFraction: 0.2, patience: 3 };
 * const trainer = await Trainer.create({ optimizer: "sgd", epochs: 500, earlyStopping });
 * ```
 */
export interface EarlyStoppingOptions {
  /** Share of the rows held out when fit() is given no `validation` set, in (0, 1) (default 0.1, sklearn's validation_fraction). */
  validationFraction?: number;
  /** Epochs in a row without an improvement of at least minDelta before stopping (default 5, sklearn's n_iter_no_change). */
  patience?: number;
  /** The least decrease of the validation objective below its best so far that counts as an improvement (default 0, sklearn's tol). */
  minDelta?: number;
  /** Return the parameters of the best validation epoch rather than the last (default true, as MLPClassifier). */
  restoreBest?: boolean;
}

/**
 * `earlyStopping` validated, every default filled in (`trainer.options.earlyStopping`).
 *
 * @example
 * ```ts
 * import { Trainer } from "wasm-mle";
 * const trainer = await Trainer.create({ optimizer: "sgd", earlyStopping: true });
 * console.log(trainer.options.earlyStopping); // { validationFraction: 0.1, patience: 5, minDelta: 0, restoreBest: true }
 * ```
 */
export interface EarlyStopping {
  /** Share of the rows held out when fit() is given no `validation` set. */
  readonly validationFraction: number;
  /** Epochs in a row without improvement before stopping. */
  readonly patience: number;
  /** The least decrease of the validation objective that counts as an improvement. */
  readonly minDelta: number;
  /** Whether the fit returns the best validation epoch's parameters. */
  readonly restoreBest: boolean;
}

const EARLY_STOPPING_NAMES = ["validationFraction", "patience", "minDelta", "restoreBest"];
const EARLY_STOPPING_EXPECTED = "true, false or a plain object { validationFraction?, patience?, minDelta?, restoreBest? }";

/** Validates `earlyStopping` once (null = off); it needs an optimizer that runs epochs (gd, sgd and the adaptive ones). */
export function validateEarlyStopping(value: unknown, optimizer: string): EarlyStopping | null {
  if (value === undefined || value === false) return null;
  const raw = value === true ? Object.create(null) : ownOptions(value, "earlyStopping", EARLY_STOPPING_EXPECTED);
  for (const key of Object.keys(raw)) {
    if (!EARLY_STOPPING_NAMES.includes(key)) throw new InvalidOptionError(`earlyStopping.${key}`, raw[key], `a known earlyStopping field (${EARLY_STOPPING_NAMES.join(", ")})`);
  }
  if (!epochBased(optimizer)) {
    throw new InvalidOptionError("earlyStopping", value,
      `an optimizer that runs epochs ("gd", "sgd" or an adaptive one) to go with it; optimizer "${optimizer}" ` +
      "runs exact steps on the whole objective, so there is no epoch to stop after (use l2 to regularise it instead)");
  }
  const fraction = raw.validationFraction ?? 0.1;
  if (typeof fraction !== "number" || !(fraction > 0 && fraction < 1)) {
    throw new InvalidOptionError("earlyStopping.validationFraction", fraction, "a number in (0, 1): the share of rows held out for validation");
  }
  const patience = raw.patience ?? 5;
  if (typeof patience !== "number" || !Number.isInteger(patience) || patience < 1 || patience > 2 ** 31 - 1) {
    throw new InvalidOptionError("earlyStopping.patience", patience, `an integer from 1 to ${2 ** 31 - 1}`);
  }
  const minDelta = raw.minDelta ?? 0;
  if (typeof minDelta !== "number" || !Number.isFinite(minDelta) || minDelta < 0) {
    throw new InvalidOptionError("earlyStopping.minDelta", minDelta, "a finite number ≥ 0");
  }
  const restoreBest = raw.restoreBest ?? true;
  if (typeof restoreBest !== "boolean") throw new InvalidOptionError("earlyStopping.restoreBest", restoreBest, "true or false");
  return Object.freeze({ validationFraction: fraction, patience, minDelta, restoreBest });
}

/**
 * A validation set given to fit(): its own rows, labels and optional weights.
 *
 * @example
 * ```ts
 * import { Trainer, type ValidationSet } from "wasm-mle";
 * const trainer = await Trainer.create({ optimizer: "gd", learningRate: 0.05, epochs: 20 });
 * const validation: ValidationSet = { X: [[1.5], [2.5]], y: [3, 5] };
 * const fit = trainer.fit([[1], [2], [3]], [2, 4, 6], { validation });
 * console.log(fit.validationHistory.length); // 20: one score per epoch
 * ```
 */
export interface ValidationSet {
  /** The validation rows, with as many columns as the training X. */
  X: Matrix;
  /** Their responses, in the family's domain. */
  y: ArrayLike<number>;
  /** Their weights (default all 1). */
  sampleWeight?: ArrayLike<number>;
}

/** The fit option `validation`, checked for shape (its values are checked when they are copied). */
export function checkValidationSet(value: unknown, o: ValidatedOptions): ValidationSet | undefined {
  if (value === undefined) return undefined;
  const raw = ownOptions(value, "validation", "a plain object { X, y, sampleWeight? }");
  for (const key of Object.keys(raw)) {
    if (!["X", "y", "sampleWeight"].includes(key)) throw new InvalidOptionError(`validation.${key}`, raw[key], "a known validation field (X, y, sampleWeight)");
  }
  if (raw.X === undefined || raw.y === undefined) throw new InvalidOptionError("validation", value, "both X and y of the validation rows");
  if (!epochBased(o.optimizer)) {
    throw new InvalidOptionError("validation", describe(value), `an optimizer that runs epochs ("gd", "sgd" or an adaptive one); optimizer "${o.optimizer}" has no epochs to validate after`);
  }
  return raw as unknown as ValidationSet;
}

/** Checked rows, labels and weights of one part of the data. */
export interface DataPart {
  X: Matrix;
  shape: MatrixShape;
  y: Float64Array;
  weights: { values: Float64Array; total: number } | undefined;
}

/**
 * The training rows and the validation rows of a fit: the given validation set, or, with
 * earlyStopping and no set, a seeded split of the checked data (fraction ⌈validationFraction·n⌉,
 * seed `seed`, stratified for bernoulli/multinomial as sklearn's SGDClassifier) whose two parts
 * keep the rows' stored order. Without either, no validation part.
 */
export function splitForValidation(o: ValidatedOptions, train: DataPart, given: ValidationSet | undefined): { train: DataPart; validation: DataPart | null } {
  if (given !== undefined) {
    const shape = matrixShape(given.X);
    if (shape.cols !== train.shape.cols) {
      throw new InvalidDataError("X", `validation.X has ${shape.cols} columns but X has ${train.shape.cols}; they must match`, shape.cols);
    }
    const y = copyResponse(given.y, shape.rows, o.family, o.classes, o.dtype);
    const weights = given.sampleWeight === undefined ? undefined : copyWeights(given.sampleWeight, shape.rows, o.dtype);
    return { train, validation: { X: given.X, shape, y, weights } };
  }
  const stopping = o.earlyStopping;
  if (stopping === null) return { train, validation: null };
  const n = train.shape.rows;
  const held = Math.ceil(stopping.validationFraction * n);
  if (held >= n) {
    throw new InvalidOptionError("earlyStopping.validationFraction", stopping.validationFraction,
      `a fraction that leaves at least one training row: ⌈${stopping.validationFraction}·${n}⌉ = ${held} of ${n} rows`);
  }
  const stratify = o.family.name === "bernoulli" || o.family.name === "multinomial";
  const { trainIndex, testIndex } = splitRows(train.y, stopping.validationFraction, o.seed, stratify);
  trainIndex.sort();
  testIndex.sort();
  return { train: takePart(o, train, trainIndex), validation: takePart(o, train, testIndex) };
}

/** The rows `index` of a part as a flat matrix, each value checked as it is read (so errors name the caller's own row). */
function takePart(o: ValidatedOptions, part: DataPart, index: Uint32Array): DataPart {
  const { cols } = part.shape;
  const data = new Float64Array(index.length * cols);
  const X = part.X;
  index.forEach((i, r) => {
    const row = Array.isArray(X) ? X[i] : null;
    for (let j = 0; j < cols; j++) {
      const value = row ? row[j] : (X as { data: ArrayLike<number> }).data[i * cols + j];
      if (typeof value !== "number" || !Number.isFinite(value) || (o.dtype === "float32" && !Number.isFinite(Math.fround(value)))) {
        throw new InvalidDataError("X", `X[${i}][${j}] = ${describe(value)} is not a finite number${o.dtype === "float32" ? " in float32" : ""}; every value must be finite`, value, i * cols + j);
      }
      data[r * cols + j] = value;
    }
  });
  const y = Float64Array.from(index, (i) => part.y[i]);
  let weights: DataPart["weights"];
  if (part.weights) {
    const values = Float64Array.from(index, (i) => part.weights!.values[i]);
    const total = values.reduce((sum, s) => sum + s, 0);
    if (!(total > 0)) throw new InvalidDataError("sampleWeight", `the ${index.length} rows drawn for this part all have weight 0; at least one must be positive`, total);
    weights = { values, total };
  }
  return { X: { data, rows: index.length, cols }, shape: { rows: index.length, cols }, y, weights };
}

/**
 * Scores every epoch on the validation rows — (1/W_v)·Σ sᵢ·nllᵢ + (l2/2)·‖w‖², the objective kernel
 * over data copied into WASM once, at the parameters the fit would return (multinomial centred) —
 * and says when to stop, as sklearn's `_fit_multiplier`/n_iter_no_change: an epoch whose value is
 * not below best − minDelta counts as no improvement; `patience` of them in a row stop the fit.
 * The best value (strictly lowest so far) and its parameters are kept for restoreBest.
 * see: scikit-learn 1.2 sklearn/linear_model/_stochastic_gradient.py (_ValidationScoreCallback) and
 *      sklearn/linear_model/_sgd_fast.pyx (no_improvement_count, best_loss − tol).
 */
export class ValidationMonitor implements EpochMonitor {
  readonly history: number[] = [];
  bestEpoch: number | null = null;
  private best = Infinity;
  private bestParams: Theta | null = null;
  private stalled = 0;

  constructor(
    private readonly train: DataSession,
    private readonly validation: DataSession,
    private readonly o: ValidatedOptions,
    private readonly patience: number,
    private readonly minDelta: number,
  ) {}

  get latest(): number {
    return this.history[this.history.length - 1];
  }

  afterEpoch(epoch: number): boolean {
    const raw = this.train.readParameters();
    this.validation.writeParameters(centreMultinomial(raw, this.train.d, this.train.K, this.o.l2));
    const value = this.validation.objective();
    this.history.push(value);
    this.stalled = value < this.best - this.minDelta ? 0 : this.stalled + 1;
    if (value < this.best) {
      this.best = value;
      this.bestEpoch = epoch;
      this.bestParams = raw;
    }
    return this.patience > 0 && this.stalled >= this.patience;
  }

  /** The parameters of the best validation epoch as the optimizer left them (the trainer centres them as it would the last), or null before any epoch. */
  bestParameters(): Theta | null {
    return this.bestParams;
  }
}
