import { ln } from "../special/elementary.js";
import { InvalidDataError, InvalidOptionError, describe } from "../errors.js";
import { guardedRead } from "../input-guard.js";
import { ownOptions } from "../option-checks.js";

const CONFUSION_OPTION_NAMES = ["sampleWeight", "labels"];

/**
 * Scores of predictions, each defined as scikit-learn 1.2 defines the function of the same meaning
 * (sklearn.metrics), with optional sample weights. Inputs are validated: finite numbers of equal
 * length, else an InvalidDataError naming the argument, the index and the value.
 */
/**
 * Options every metric takes.
 *
 * @example
 * ```ts
 * import { metrics, type MetricOptions } from "wasm-mle";
 * const options: MetricOptions = { sampleWeight: [1, 1, 2] };
 * console.log(metrics.mae([1, 2, 3], [1, 2.5, 2], options)); // (0 + 0.5 + 2·1) / 4 = 0.625
 * ```
 */
export interface MetricOptions {
  /** One weight sᵢ ≥ 0 per row, not all zero (default all 1). */
  readonly sampleWeight?: ArrayLike<number>;
}

/**
 * Options of {@link confusionMatrix}: weights and the label order.
 *
 * @example
 * ```ts
 * import { metrics, type ConfusionMatrixOptions } from "wasm-mle";
 * const options: ConfusionMatrixOptions = { labels: [1, 0] };
 * console.log(metrics.confusionMatrix([0, 1, 1], [0, 1, 0], options)); // [[1, 1], [0, 1]]
 * ```
 */
export interface ConfusionMatrixOptions extends MetricOptions {
  /** The labels in row/column order (default: the sorted union of yTrue and yPred). */
  readonly labels?: ArrayLike<number>;
}

type Field = "yTrue" | "yPred" | "yScore" | "probabilities" | "sampleWeight" | "labels";

/**
 * The values of an argument, read once into a Float64Array that the metric then uses (a getter or
 * Proxy cannot hand out another value after the check); one that cannot be read is an InvalidDataError.
 */
function numbers(field: Field, values: unknown, length?: number): Float64Array {
  return guardedRead(() => checkedNumbers(field, values, length), (why) => new InvalidDataError(field, `it cannot be read (${why})`));
}

function checkedNumbers(field: Field, values: unknown, length?: number): Float64Array {
  if (typeof values !== "object" || values === null || typeof (values as ArrayLike<unknown>).length !== "number" || typeof values === "string") {
    throw new InvalidDataError(field, `expected an array of numbers, got ${describe(values)}`);
  }
  const list = values as ArrayLike<unknown>;
  if (length !== undefined && list.length !== length) {
    throw new InvalidDataError(field, `it has ${list.length} values but yTrue has ${length}; they must match`, list.length);
  }
  const copy = new Float64Array(list.length);
  for (let i = 0; i < copy.length; i++) {
    const v = list[i];
    if (typeof v !== "number" || !Number.isFinite(v)) throw new InvalidDataError(field, `${field}[${i}] = ${describe(v)} is not a finite number`, v, i);
    copy[i] = v;
  }
  return copy;
}

/**
 * The options' own fields, read once (a plain object; one that cannot be read is an InvalidOptionError),
 * and an unknown name is refused: a misspelt sampleWeight would silently score unweighted.
 */
function metricOptions(options: unknown, names: readonly string[]): { sampleWeight?: unknown; labels?: unknown } {
  if (options === undefined) return {};
  const raw = ownOptions(options, "options", `a plain object { ${names.map((name) => `${name}?`).join(", ")} }`);
  for (const key of Object.keys(raw)) if (!names.includes(key)) throw new InvalidOptionError(key, raw[key], `a known option of this metric (${names.join(", ")})`);
  return raw;
}

function truth(yTrue: unknown): Float64Array {
  const y = numbers("yTrue", yTrue);
  if (y.length === 0) throw new InvalidDataError("yTrue", "it is empty; at least one value is needed", 0);
  return y;
}

/** The weights (all 1 when absent) and their sum. */
function weightsOf(options: MetricOptions | undefined, n: number): { weight: (i: number) => number; total: number } {
  const { sampleWeight } = metricOptions(options, ["sampleWeight"]);
  if (sampleWeight === undefined) return { weight: () => 1, total: n };
  const s = numbers("sampleWeight", sampleWeight, n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    if (s[i] < 0) throw new InvalidDataError("sampleWeight", `sampleWeight[${i}] = ${s[i]}; weights must be ≥ 0`, s[i], i);
    total += s[i];
  }
  if (!(total > 0)) throw new InvalidDataError("sampleWeight", "all weights are 0; at least one must be positive", total);
  return { weight: (i) => s[i], total };
}

/**
 * Coefficient of determination R² = 1 − Σ sᵢ(yᵢ − ŷᵢ)² / Σ sᵢ(yᵢ − ȳ)², ȳ the weighted mean. When y is
 * constant: 1 for a perfect prediction, else 0 (scikit-learn's `force_finite`).
 * @example
 * ```ts
 * import { metrics } from "wasm-mle";
 * metrics.r2([3, -0.5, 2, 7], [2.5, 0.0, 2, 8]); // 0.9486081370449679
 * ```
 */
export function r2(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, options?: MetricOptions): number {
  const y = truth(yTrue);
  const p = numbers("yPred", yPred, y.length);
  rescale(y, p); // R² is scale-free
  const { weight, total } = weightsOf(options, y.length);
  let mean = 0;
  for (let i = 0; i < y.length; i++) mean += weight(i) * y[i];
  mean /= total;
  let residual = 0;
  let spread = 0;
  for (let i = 0; i < y.length; i++) {
    residual += weight(i) * (y[i] - p[i]) ** 2;
    spread += weight(i) * (y[i] - mean) ** 2;
  }
  if (spread === 0) return residual === 0 ? 1 : 0;
  return 1 - residual / spread;
}

/**
 * Divides y and p (the metric's own copies) by the power of two at their largest magnitude, so that
 * squares and sums of values near 1e308 cannot overflow; returns that scale. A power of two divides
 * exactly (bar subnormals), so the metric keeps its bits wherever nothing overflowed.
 */
function rescale(y: Float64Array, p: Float64Array): number {
  let largest = 0;
  for (let i = 0; i < y.length; i++) largest = Math.max(largest, Math.abs(y[i]), Math.abs(p[i]));
  const scale = largest > 0 ? 2 ** Math.floor(Math.log2(largest)) : 1;
  for (let i = 0; i < y.length; i++) {
    y[i] /= scale;
    p[i] /= scale;
  }
  return scale;
}

/**
 * Σ sᵢ·term(yᵢ, ŷᵢ) / Σ sᵢ over a checked pair of vectors: mae, rmse and accuracy, each a weighted
 * mean of a per-row term; with `scaled`, over rescaled values, the scale returned beside it.
 */
function weightedMean(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, options: MetricOptions | undefined, term: (y: number, p: number) => number, scaled = false): [number, number] {
  const y = truth(yTrue);
  const p = numbers("yPred", yPred, y.length);
  const scale = scaled ? rescale(y, p) : 1;
  const { weight, total } = weightsOf(options, y.length);
  let sum = 0;
  for (let i = 0; i < y.length; i++) sum += weight(i) * term(y[i], p[i]);
  return [sum / total, scale];
}

/**
 * Mean absolute error Σ sᵢ|yᵢ − ŷᵢ| / Σ sᵢ.
 * @example
 * ```ts
 * import { metrics } from "wasm-mle";
 * metrics.mae([3, -0.5, 2, 7], [2.5, 0.0, 2, 8]); // 0.5
 * ```
 */
export function mae(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, options?: MetricOptions): number {
  const [mean, scale] = weightedMean(yTrue, yPred, options, (y, p) => Math.abs(y - p), true);
  return mean * scale;
}

/**
 * Root mean squared error √(Σ sᵢ(yᵢ − ŷᵢ)² / Σ sᵢ) (scikit-learn's `mean_squared_error(squared=False)`).
 * @example
 * ```ts
 * import { metrics } from "wasm-mle";
 * metrics.rmse([3, -0.5, 2, 7], [2.5, 0.0, 2, 8]); // 0.6123724356957945
 * ```
 */
export function rmse(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, options?: MetricOptions): number {
  const [mean, scale] = weightedMean(yTrue, yPred, options, (y, p) => (y - p) ** 2, true);
  return Math.sqrt(mean) * scale;
}

/** 2·Σ sᵢ·(yᵢ·log(yᵢ/μᵢ) − (yᵢ − μᵢ)), with y·log y = 0 at y = 0. */
function poissonDeviance(y: ArrayLike<number>, mean: (i: number) => number, weight: (i: number) => number): number {
  let sum = 0;
  for (let i = 0; i < y.length; i++) {
    const mu = mean(i);
    sum += weight(i) * ((y[i] > 0 ? y[i] * ln(y[i] / mu) : 0) - (y[i] - mu));
  }
  return 2 * sum;
}

/**
 * Deviance explained by Poisson means, 1 − D(y, μ)/D(y, ȳ) with ȳ the weighted mean (scikit-learn's
 * `d2_tweedie_score(power=1)`; 1 or 0 when D(y, ȳ) = 0, as r2). yTrue holds counts ≥ 0, yPred means > 0.
 * @example
 * ```ts
 * import { metrics } from "wasm-mle";
 * metrics.poissonDevianceExplained([0, 2, 5], [0.5, 2, 4.5]); // 0.8495880699934272
 * ```
 */
export function poissonDevianceExplained(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, options?: MetricOptions): number {
  const y = truth(yTrue);
  const mu = numbers("yPred", yPred, y.length);
  for (let i = 0; i < y.length; i++) {
    if (y[i] < 0) throw new InvalidDataError("yTrue", `yTrue[${i}] = ${y[i]}; counts must be ≥ 0`, y[i], i);
    if (!(mu[i] > 0)) throw new InvalidDataError("yPred", `yPred[${i}] = ${mu[i]}; Poisson means must be > 0`, mu[i], i);
  }
  const { weight, total } = weightsOf(options, y.length);
  let sum = 0;
  for (let i = 0; i < y.length; i++) sum += weight(i) * y[i];
  const mean = sum / total;
  const nullDeviance = poissonDeviance(y, () => mean, weight);
  const deviance = poissonDeviance(y, (i) => mu[i], weight);
  if (nullDeviance === 0) return deviance === 0 ? 1 : 0;
  return 1 - deviance / nullDeviance;
}

/**
 * Fraction (weighted) of rows whose predicted label equals the true one.
 * @example
 * ```ts
 * import { metrics } from "wasm-mle";
 * metrics.accuracy([0, 1, 2, 1], [0, 2, 2, 1]); // 0.75
 * ```
 */
export function accuracy(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, options?: MetricOptions): number {
  return weightedMean(yTrue, yPred, options, (y, p) => (y === p ? 1 : 0))[0];
}

/**
 * Counts (weighted sums with sampleWeight) of rows by true label (rows) and predicted label (columns),
 * both in sorted label order, or in `labels` order when given (rows whose labels are not listed are left out).
 * @example
 * ```ts
 * import { metrics } from "wasm-mle";
 * metrics.confusionMatrix([2, 0, 2, 2, 0, 1], [0, 0, 2, 2, 0, 2]); // [[2, 0, 0], [0, 0, 1], [1, 0, 2]]
 * ```
 */
export function confusionMatrix(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, options?: ConfusionMatrixOptions): number[][] {
  const y = truth(yTrue);
  const p = numbers("yPred", yPred, y.length);
  // read once here; weightsOf then sees a plain object of ours
  const { sampleWeight, labels: given } = metricOptions(options, CONFUSION_OPTION_NAMES);
  const { weight } = weightsOf(sampleWeight === undefined ? undefined : { sampleWeight: sampleWeight as ArrayLike<number> }, y.length);
  let labels: number[];
  if (given !== undefined) {
    labels = Array.from(numbers("labels", given));
    if (labels.length === 0) throw new InvalidDataError("labels", "it is empty; give at least one label", 0);
    if (new Set(labels).size !== labels.length) throw new InvalidDataError("labels", "it lists a label twice; labels must be distinct");
  } else {
    labels = [...new Set([...Array.from(y), ...Array.from(p)])].sort((a, b) => a - b);
  }
  const position = new Map(labels.map((label, k) => [label, k]));
  const matrix = labels.map(() => labels.map(() => 0));
  for (let i = 0; i < y.length; i++) {
    const row = position.get(y[i]);
    const column = position.get(p[i]);
    if (row !== undefined && column !== undefined) matrix[row][column] += weight(i);
  }
  return matrix;
}

/** The two labels of a binary yTrue, sorted; the larger is the positive class (scikit-learn's default). */
function binaryLabels(y: ArrayLike<number>, metric: string): [number, number] {
  const labels = [...new Set(Array.from(y))].sort((a, b) => a - b);
  if (labels.length !== 2) {
    throw new InvalidDataError(
      "yTrue",
      `${metric} needs exactly two classes in yTrue, found ${labels.length} (${labels.slice(0, 5).join(", ")}${labels.length > 5 ? ", …" : ""})` +
        (labels.length === 1 ? "; it is not defined when only one class is present" : ""),
    );
  }
  return labels as [number, number];
}

/**
 * Area under the ROC curve of scores for the positive class (the larger label of yTrue), by the
 * trapezoidal rule over the distinct score thresholds, so tied scores count one half — as
 * scikit-learn's `roc_auc_score` (binary). Equals P(score of a random positive > score of a random
 * negative) + ½·P(tie).
 * @example
 * ```ts
 * import { metrics } from "wasm-mle";
 * metrics.rocAuc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]); // 0.75
 * ```
 */
export function rocAuc(yTrue: ArrayLike<number>, yScore: ArrayLike<number>, options?: MetricOptions): number {
  const y = truth(yTrue);
  const score = numbers("yScore", yScore, y.length);
  const { weight } = weightsOf(options, y.length);
  const [, positive] = binaryLabels(y, "rocAuc");
  const order = Array.from({ length: y.length }, (_, i) => i).sort((a, b) => score[b] - score[a]);
  let truePositives = 0;
  let falsePositives = 0;
  let area = 0;
  for (let start = 0; start < order.length; ) {
    let groupPositives = 0;
    let groupNegatives = 0;
    let end = start;
    while (end < order.length && score[order[end]] === score[order[start]]) {
      const i = order[end++];
      if (y[i] === positive) groupPositives += weight(i);
      else groupNegatives += weight(i);
    }
    // see: Fawcett, "An introduction to ROC analysis" (2006), Algorithm 2: one trapezoid per threshold.
    area += groupNegatives * (truePositives + groupPositives / 2);
    truePositives += groupPositives;
    falsePositives += groupNegatives;
    start = end;
  }
  if (!(truePositives > 0) || !(falsePositives > 0)) {
    throw new InvalidDataError("sampleWeight", "one class of yTrue has total weight 0; rocAuc needs weight on both classes");
  }
  return area / (truePositives * falsePositives);
}

/** float64's machine epsilon: scikit-learn 1.2's `eps="auto"` clip for float64 probabilities. */
const PROBABILITY_CLIP = 2.220446049250313e-16;

/**
 * Mean (weighted) negative log-likelihood −Σ sᵢ·log pᵢ,yᵢ / Σ sᵢ. `probabilities` is P(y = 1) per row
 * for a binary yTrue of 0/1 labels, or the n×K class probabilities for labels 0 … K−1 (an array of
 * rows, or flat row-major n·K values as `predict` returns them). Probabilities are clipped to
 * [ε, 1 − ε] and each row renormalised to sum 1, as scikit-learn 1.2's `log_loss(eps="auto")`.
 * @example
 * ```ts
 * import { metrics } from "wasm-mle";
 * metrics.logLoss([0, 1, 1], [0.1, 0.9, 0.8]); // 0.14462152754328741
 * ```
 */
export function logLoss(yTrue: ArrayLike<number>, probabilities: ArrayLike<number> | ArrayLike<number>[], options?: MetricOptions): number {
  const y = truth(yTrue);
  const n = y.length;
  const { rows, classes } = probabilityRows(probabilities, n);
  for (let i = 0; i < n; i++) {
    const label = y[i];
    const valid = classes === 1 ? label === 0 || label === 1 : Number.isInteger(label) && label >= 0 && label < classes;
    if (!valid) {
      throw new InvalidDataError("yTrue", `yTrue[${i}] = ${label}; expected ${classes === 1 ? "0 or 1 (probabilities are P(y = 1))" : `a class index 0 … ${classes - 1}`}`, label, i);
    }
  }
  const { weight, total } = weightsOf(options, n);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    let truthProbability: number;
    let rowSum = 0;
    if (classes === 1) {
      const p = clip(rows(i, 0));
      rowSum = 1 - p + p;
      truthProbability = y[i] === 1 ? p : 1 - p;
    } else {
      for (let k = 0; k < classes; k++) rowSum += clip(rows(i, k));
      truthProbability = clip(rows(i, y[i]));
    }
    sum -= weight(i) * ln(truthProbability / rowSum);
  }
  return sum / total;
}

function clip(p: number): number {
  return Math.min(Math.max(p, PROBABILITY_CLIP), 1 - PROBABILITY_CLIP);
}

/** Reads probabilities as rows: classes = 1 for a binary P(y = 1) per row, else K per row. */
function probabilityRows(probabilities: unknown, n: number): { rows: (i: number, k: number) => number; classes: number } {
  return guardedRead(() => readProbabilityRows(probabilities, n), (why) => new InvalidDataError("probabilities", `it cannot be read (${why})`));
}

function readProbabilityRows(probabilities: unknown, n: number): { rows: (i: number, k: number) => number; classes: number } {
  if (Array.isArray(probabilities) && probabilities.length > 0 && typeof probabilities[0] === "object" && probabilities[0] !== null) {
    if (probabilities.length !== n) throw new InvalidDataError("probabilities", `it has ${probabilities.length} rows but yTrue has ${n}; they must match`, probabilities.length);
    const classes = (probabilities[0] as ArrayLike<unknown>).length;
    if (!(classes >= 2)) throw new InvalidDataError("probabilities", `row 0 has ${classes} values; give one probability per class (K ≥ 2)`, classes, 0);
    const table = Array.from({ length: n }, (_, i) => {
      const values = numbers("probabilities", (probabilities as unknown[])[i]);
      if (values.length !== classes) throw new InvalidDataError("probabilities", `ragged rows: row ${i} has ${values.length} values but row 0 has ${classes}`, values.length, i);
      checkProbabilities(values, (k) => `probabilities[${i}][${k}]`);
      return values;
    });
    return { rows: (i, k) => table[i][k], classes };
  }
  const flat = numbers("probabilities", probabilities);
  checkProbabilities(flat, (k) => `probabilities[${k}]`);
  if (flat.length === n) return { rows: (i) => flat[i], classes: 1 };
  const classes = flat.length / n;
  if (!Number.isInteger(classes) || classes < 2) {
    throw new InvalidDataError("probabilities", `it has ${flat.length} values; expected n = ${n} (P(y = 1) per row) or n·K (K ≥ 2 class probabilities per row)`, flat.length);
  }
  return { rows: (i, k) => flat[i * classes + k], classes };
}

function checkProbabilities(values: ArrayLike<number>, name: (k: number) => string): void {
  for (let k = 0; k < values.length; k++) {
    if (values[k] < 0 || values[k] > 1) throw new InvalidDataError("probabilities", `${name(k)} = ${values[k]}; probabilities lie in [0, 1]`, values[k], k);
  }
}
