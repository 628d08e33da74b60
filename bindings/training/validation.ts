// The validation rows of an epoch-based fit and the monitor that scores each epoch on them: code
// only gd, sgd and the adaptive optimizers run (a validation set or earlyStopping needs one), so it
// comes with the engine's epochs part (bindings/engine-parts.ts), not with every trainer.
import { InvalidDataError, InvalidOptionError, describe } from "../errors.js";
import { copyResponse, copyWeights, matrixShape } from "../data.js";
import type { ValidatedOptions } from "../options.js";
import { objectiveAt, returnedParameters } from "./penalty.js";
import { splitRows } from "../evaluation/split.js";
import type { DataSession, Theta } from "../session.js";
import type { EpochMonitor } from "../optimizers/optimizer.js";
import type { DataPart, ValidationSet } from "./early-stopping.js";

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
 * Scores every epoch on the validation rows — the fit's whole objective (1/W_v)·Σ sᵢ·nllᵢ +
 * Σⱼ fⱼ·((l2/2)·w_cj² + l1·|w_cj|) (objectiveAt, as `fit.objective` is computed), over data copied
 * into WASM once, at the parameters the fit would return (returnedParameters) —
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
    const value = objectiveAt(this.validation, this.o, returnedParameters(raw, this.train.d, this.train.K, this.o));
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
