import { ln } from "../special/elementary.js";
import { InvalidDataError, InvalidOptionError } from "../errors.js";
import type { Matrix } from "../data.js";
import type { ValidatedOptions } from "../options.js";
import { shuffledRows } from "../evaluation/split.js";
import { rocAuc } from "../evaluation/metrics.js";
import { floatView } from "../wasm/arena.js";
import { CoordinateDescent } from "./coordinate-descent.js";
import { placePathData, type RegularizationHost } from "./fit-path.js";
import type { PathOptions } from "./lambda.js";
import { runPath, type RegularizationPath } from "./path.js";
import { responseScale } from "./standardization.js";

/**
 * What {@link Trainer.crossValidate} averages over the held-out rows, as cv.glmnet's type.measure.
 *
 * @example
 * ```ts
 * import type { CvMeasure } from "wasm-mle";
 * const measure: CvMeasure = "auc"; // bernoulli only; "class" for bernoulli and multinomial
 * console.log(measure);
 * ```
 */
export type CvMeasure = "deviance" | "mse" | "class" | "auc";

/**
 * Options of {@link Trainer.crossValidate}: the path's options, the folds and the measure.
 *
 * @example
 * ```ts
 * import { Trainer, type CrossValidationOptions } from "wasm-mle";
 * const X = [[0.1, 1.2], [0.8, 0.3], [1.5, 2.2], [2.1, 0.4], [2.9, 1.9], [3.3, 0.8], [4.2, 2.5], [4.8, 0.1]];
 * const y = [0.9, 1.6, 3.4, 3.1, 5.2, 4.4, 6.9, 5.3];
 * const options: CrossValidationOptions = { folds: 4, seed: 1, measure: "mse", nLambda: 10 };
 * const trainer = await Trainer.create({ family: "gaussian" });
 * console.log(trainer.crossValidate(X, y, options).lambda1se);
 * trainer.dispose();
 * ```
 */
export interface CrossValidationOptions extends PathOptions {
  /** Number of folds (default 10), from 2 to the number of rows; ignored when foldId is given. */
  folds?: number;
  /** Seed of the fold assignment (default 0): a shuffle, stratified by label for bernoulli/multinomial. */
  seed?: number;
  /** One fold label per row (integers; each distinct value is one fold), as cv.glmnet's foldid. */
  foldId?: ArrayLike<number>;
  /** What is averaged over the held-out rows (default "deviance"); "class" and "auc" need bernoulli/multinomial ("auc": bernoulli). */
  measure?: CvMeasure;
}

/**
 * The result of {@link Trainer.crossValidate} (without its `fit`).
 *
 * @example
 * ```ts
 * import { Trainer } from "wasm-mle";
 * const X = [[0.1, 1.2], [0.8, 0.3], [1.5, 2.2], [2.1, 0.4], [2.9, 1.9], [3.3, 0.8], [4.2, 2.5], [4.8, 0.1]];
 * const y = [0.9, 1.6, 3.4, 3.1, 5.2, 4.4, 6.9, 5.3];
 * const trainer = await Trainer.create({ family: "gaussian" });
 * const cv = trainer.crossValidate(X, y, { folds: 4, seed: 0, nLambda: 10 });
 * console.log(cv.lambdaMin >= cv.lambdas[cv.lambdas.length - 1], cv.lambda1se >= cv.lambdaMin); // true true
 * console.log(cv.fit.coefficients); // the fit at lambda1se, now the trainer's model
 * trainer.dispose();
 * ```
 */
export interface CrossValidation {
  /** The measure averaged over the held-out rows. */
  readonly measure: CvMeasure;
  /** The full-data path's λ values. */
  readonly lambdas: Float64Array;
  /** The full-data path. */
  readonly path: RegularizationPath;
  /** Per λ: the folds' measures averaged with the folds' held-out weights. */
  readonly mean: Float64Array;
  /** Per λ: the standard error of `mean`, sqrt(Σ w_f·(m_f − m)²/Σ w_f/(F − 1)). */
  readonly standardError: Float64Array;
  /** The λ of the best mean (the largest such λ). */
  readonly lambdaMin: number;
  /** The largest λ whose mean is within one standard error of the best. */
  readonly lambda1se: number;
  /** The index of lambdaMin in `lambdas`. */
  readonly indexMin: number;
  /** The index of lambda1se in `lambdas`. */
  readonly index1se: number;
  /** The fold of every row (1-based when assigned here). */
  readonly foldId: Int32Array;
}

const CV_OPTION_NAMES = ["folds", "seed", "foldId", "measure"];
/** glmnet's prob_min: held-out probabilities are clipped to [1e-5, 1 − 1e-5] before log and class. */
const PROBABILITY_FLOOR = 1e-5;

/**
 * cv.glmnet: the path on all rows fixes the λ values; each fold's rows are left out (weight 0) in
 * turn and a path fitted on the rest, read at those λ by interpolation; the measure is averaged over the held-out
 * rows of each fold, then over the folds (weighted by their held-out weight), with standard error
 * sqrt(Σ w_f·(m_f − m)²/Σ w_f/(F − 1)). lambdaMin is the largest λ of the best mean, lambda1se
 * the largest λ whose mean is within one standard error of it (AUC: maximised).
 * see: glmnet (R) cv.glmnet.R, cvcompute, cvstats, getOptcv.glmnet; cv.elnet/cv.lognet/cv.fishnet/cv.multnet.
 */
export function crossValidate(host: RegularizationHost, X: Matrix, y: ArrayLike<number>, options: CrossValidationOptions | undefined): CrossValidation {
  const data = placePathData(host, X, y, options, CV_OPTION_NAMES, true);
  const { o, session, shape } = data;
  const measure = measureOf(data.raw.measure, o);
  const n = shape.rows;
  const weights = data.weights!;
  const foldId = data.raw.foldId !== undefined ? givenFolds(data.raw.foldId, n) : assignFolds(data.raw.folds, data.raw.seed, data.y, o, n);
  const labels = [...new Set(foldId)].sort((a, b) => a - b);
  const pointer = session.pointer("sampleWeight");
  const full = new CoordinateDescent(session, o, { weights, weightTotal: data.weightTotal, y: data.y }, pointer);
  const scaleOf = (w: Float64Array, total: number) => responseScale(data.y, w, total, o.fitIntercept);
  const path = runPath(full, o, data.path, n, scaleOf(weights, data.weightTotal));
  const L = path.lambdas.length;
  const Xview = floatView(session.memory, o.dtype, session.pointer("X"), n * shape.cols);
  const foldMeasures: Float64Array[] = [];
  const foldWeights: number[] = [];
  for (const label of labels) {
    const train = weights.map((s, i) => (foldId[i] === label ? 0 : s));
    const held = Array.from({ length: n }, (_, i) => i).filter((i) => foldId[i] === label && weights[i] > 0);
    const total = train.reduce((a, v) => a + v, 0);
    if (total === 0 || held.length === 0) throw new InvalidOptionError("foldId", label, "folds that each leave rows to fit and hold out rows of positive weight");
    floatView(session.memory, o.dtype, pointer, n).set(train);
    const solver = new CoordinateDescent(session, o, { weights: train, weightTotal: total, y: data.y }, pointer);
    // Each fold fits its own sequence (as cv.glmnet does: its folds get the λ the user gave, not the
    // full path's) and is read at the full path's λ values by linear interpolation in λ.
    const trainRows = foldId.reduce((count, f) => count + (f === label ? 0 : 1), 0);
    const foldPath = runPath(solver, o, data.path, trainRows, scaleOf(train, total));
    const values = new Float64Array(L);
    for (let l = 0; l < L; l++) {
      const { coefficients, intercept } = interpolate(foldPath, path.lambdas[l]);
      const predictions = held.map((i) => meanResponse(o, Xview, shape.cols, i, coefficients, intercept));
      values[l] = foldMeasure(measure, o, held.map((i) => data.y[i]), predictions, held.map((i) => weights[i]));
    }
    foldMeasures.push(values);
    foldWeights.push(held.reduce((a, i) => a + weights[i], 0));
  }
  return summarise(measure, path, foldMeasures, foldWeights, Int32Array.from(foldId));
}

/**
 * The path's solution at λ by linear interpolation in λ between its two neighbours, clamped to
 * its first and last λ: glmnet's lambda.interp, which predict(…, s = λ) uses.
 * see: glmnet (R) lambda.interp.R.
 */
function interpolate(path: RegularizationPath, lambda: number): { coefficients: Float64Array; intercept: Float64Array } {
  const ls = path.lambdas;
  const last = ls.length - 1;
  if (last === 0 || lambda >= ls[0]) return { coefficients: path.coefficients[0], intercept: path.intercepts[0] };
  if (lambda <= ls[last]) return { coefficients: path.coefficients[last], intercept: path.intercepts[last] };
  let right = 1;
  while (ls[right] > lambda) right++;
  const left = right - 1;
  const frac = (lambda - ls[right]) / (ls[left] - ls[right]);
  const mix = (a: Float64Array, b: Float64Array) => a.map((v, k) => v * frac + b[k] * (1 - frac));
  return { coefficients: mix(path.coefficients[left], path.coefficients[right]), intercept: mix(path.intercepts[left], path.intercepts[right]) };
}

function summarise(measure: CvMeasure, path: RegularizationPath, folds: Float64Array[], w: number[], foldId: Int32Array): CrossValidation {
  const L = path.lambdas.length;
  const F = folds.length;
  const W = w.reduce((a, v) => a + v, 0);
  const mean = new Float64Array(L);
  const standardError = new Float64Array(L);
  for (let l = 0; l < L; l++) {
    let m = 0;
    for (let f = 0; f < F; f++) m += (w[f] * folds[f][l]) / W;
    let spread = 0;
    for (let f = 0; f < F; f++) spread += (w[f] * (folds[f][l] - m) ** 2) / W;
    mean[l] = m;
    standardError[l] = Math.sqrt(spread / (F - 1));
  }
  const sign = measure === "auc" ? -1 : 1;
  let best = Infinity;
  for (let l = 0; l < L; l++) best = Math.min(best, sign * mean[l]);
  const indexMin = [...mean.keys()].find((l) => sign * mean[l] <= best)!;
  const bound = sign * mean[indexMin] + standardError[indexMin];
  const index1se = [...mean.keys()].find((l) => sign * mean[l] <= bound)!;
  return {
    measure, lambdas: path.lambdas, path, mean, standardError,
    lambdaMin: path.lambdas[indexMin], lambda1se: path.lambdas[index1se], indexMin, index1se, foldId,
  };
}

function measureOf(value: unknown, o: ValidatedOptions): CvMeasure {
  const family = o.family.name;
  const allowed: CvMeasure[] = family === "bernoulli" ? ["deviance", "mse", "class", "auc"] : family === "multinomial" ? ["deviance", "mse", "class"] : ["deviance", "mse"];
  if (value === undefined) return "deviance";
  if (typeof value === "string" && (allowed as string[]).includes(value)) return value as CvMeasure;
  throw new InvalidOptionError("measure", value, `one of ${allowed.map((m) => JSON.stringify(m)).join(", ")} for family "${family}"`);
}

function givenFolds(value: unknown, n: number): number[] {
  const expected = `${n} integers, one fold label per row, with at least 2 distinct values`;
  if (!Array.isArray(value) && !ArrayBuffer.isView(value)) throw new InvalidOptionError("foldId", value, expected);
  const ids = Array.from(value as ArrayLike<unknown>);
  if (ids.length !== n || !ids.every((v) => typeof v === "number" && Number.isSafeInteger(v)) || new Set(ids).size < 2) throw new InvalidOptionError("foldId", value, expected);
  return ids as number[];
}

/** Folds 1..F from a seeded shuffle; for bernoulli/multinomial each label's rows are dealt round the folds in turn. */
function assignFolds(foldsValue: unknown, seedValue: unknown, y: Float64Array, o: ValidatedOptions, n: number): number[] {
  const folds = foldsValue ?? 10;
  if (typeof folds !== "number" || !Number.isInteger(folds) || folds < 2 || folds > n) throw new InvalidOptionError("folds", folds, `an integer from 2 to the number of rows (${n})`);
  const seed = seedValue ?? 0;
  if (typeof seed !== "number" || !Number.isSafeInteger(seed) || seed < 0) throw new InvalidOptionError("seed", seed, `an integer from 0 to ${Number.MAX_SAFE_INTEGER}`);
  const order = shuffledRows(n, seed);
  const sequence = Array.from(order);
  if (o.family.name === "bernoulli" || o.family.name === "multinomial") {
    // By label, each label's rows in their shuffled order: dealing them round the folds stratifies.
    const rank = new Uint32Array(n);
    order.forEach((row, k) => (rank[row] = k));
    sequence.sort((a, b) => y[a] - y[b] || rank[a] - rank[b]);
  }
  const foldId = new Array<number>(n);
  sequence.forEach((row, k) => (foldId[row] = (k % folds) + 1));
  return foldId;
}

/** μ (or the class probabilities) of row i at feature-major coefficients. */
function meanResponse(o: ValidatedOptions, X: ArrayLike<number>, d: number, i: number, coefficients: Float64Array, intercept: Float64Array): Float64Array {
  const K = o.classes;
  const eta = Float64Array.from(intercept);
  for (let j = 0; j < d; j++) {
    const x = X[i * d + j];
    if (x !== 0) for (let c = 0; c < K; c++) eta[c] += x * coefficients[j * K + c];
  }
  if (o.family.name === "gaussian") return eta;
  if (o.family.name === "poisson") return eta.map(Math.exp);
  if (o.family.name === "bernoulli") return eta.map((e) => (e >= 0 ? 1 / (1 + Math.exp(-e)) : Math.exp(e) / (1 + Math.exp(e))));
  const max = Math.max(...eta);
  const e = eta.map((v) => Math.exp(v - max));
  const total = e.reduce((a, v) => a + v, 0);
  return e.map((v) => v / total);
}

/** The weighted mean of the held-out rows' measure (AUC: the fold's weighted AUC). */
function foldMeasure(measure: CvMeasure, o: ValidatedOptions, y: number[], predictions: Float64Array[], w: number[]): number {
  const family = o.family.name;
  if (measure === "auc") {
    if (new Set(y).size < 2) throw new InvalidDataError("y", "a fold's held-out rows are all of one class, so its AUC is undefined; use fewer folds or stratified folds", y[0]);
    return rocAuc(y, predictions.map((p) => p[0]), { sampleWeight: w });
  }
  const clip = (p: number) => Math.min(Math.max(p, PROBABILITY_FLOOR), 1 - PROBABILITY_FLOOR);
  let sum = 0;
  let total = 0;
  y.forEach((yi, t) => {
    const p = predictions[t];
    let value: number;
    if (family === "gaussian") value = (yi - p[0]) ** 2;
    else if (family === "poisson") value = measure === "mse" ? (yi - p[0]) ** 2 : 2 * ((yi > 0 ? yi * ln(yi / p[0]) : 0) - (yi - p[0]));
    else if (family === "bernoulli") {
      const q = clip(p[0]);
      value = measure === "deviance" ? -2 * (yi * ln(q) + (1 - yi) * ln(1 - q)) : measure === "mse" ? 2 * (yi - p[0]) ** 2 : (yi === 1 ? q <= 0.5 : q >= 0.5) ? 1 : 0;
    } else {
      const q = p.map(clip);
      if (measure === "deviance") value = -2 * ln(q[yi]);
      else if (measure === "mse") value = p.reduce((a, pk, k) => a + ((k === yi ? 1 : 0) - pk) ** 2, 0);
      else value = q.indexOf(Math.max(...q)) === yi ? 0 : 1;
    }
    sum += w[t] * value;
    total += w[t];
  });
  return sum / total;
}
