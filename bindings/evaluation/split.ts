import { InvalidDataError, InvalidOptionError, describe } from "../errors.js";
import { matrixShape, type Matrix } from "../data.js";
import { guardedRead } from "../input-guard.js";
import { ownOptions } from "../option-checks.js";

/**
 * Options of {@link trainTestSplit}.
 *
 * @example
 * ```ts
 * import { trainTestSplit, type SplitOptions } from "wasm-mle";
 * const options: SplitOptions = { testSize: 0.2, seed: 42, stratify: true };
 * const { yTest } = trainTestSplit([[1], [2], [3], [4], [5]], [0, 1, 0, 1, 1], options);
 * ```
 */
export interface SplitOptions {
  /** Fraction of rows in the test part, in (0, 1); the test part has ⌈testSize·n⌉ rows (default 0.25). */
  readonly testSize?: number;
  /** Seed of the shuffle, an integer in [0, 2^53) (default 0). */
  readonly seed?: number;
  /** Keep each label's share of y in both parts (classification targets; default false). */
  readonly stratify?: boolean;
}

/**
 * The two parts {@link trainTestSplit} returns; X keeps its form (rows, or `{ data, rows, cols }`).
 *
 * @example
 * ```ts
 * import { trainTestSplit } from "wasm-mle";
 * const { XTrain, yTrain, testIndex } = trainTestSplit([[1], [2], [3], [4]], [1, 2, 3, 4], { seed: 1 });
 * console.log(XTrain.length, yTrain.length, testIndex.length); // 3 3 1
 * ```
 */
export interface Split<M> {
  /** The training rows of X. */
  readonly XTrain: M;
  /** The test rows of X (⌈testSize·n⌉ of them). */
  readonly XTest: M;
  /** y of the training rows. */
  readonly yTrain: Float64Array;
  /** y of the test rows. */
  readonly yTest: Float64Array;
  /** Rows of X in each part, in the order they appear there. */
  readonly trainIndex: Uint32Array;
  /** Rows of X in the test part, in the order they appear there. */
  readonly testIndex: Uint32Array;
}

const SPLIT_OPTION_NAMES = ["testSize", "seed", "stratify"];

/**
 * Splits rows into a seeded random train and test part, as scikit-learn's `train_test_split`: the
 * test part holds ⌈testSize·n⌉ rows; with `stratify`, each label of y gets its share of them by
 * largest remainder, chosen uniformly among its rows. X keeps its form (rows or { data, rows, cols }).
 * The shuffle is xoshiro128** seeded by splitmix32, the same in every engine.
 * @example
 * ```ts
 * import { trainTestSplit } from "wasm-mle";
 * const { XTrain, XTest, yTrain, yTest } = trainTestSplit([[1], [2], [3], [4]], [0, 1, 0, 1], { testSize: 0.25, seed: 0 });
 * console.log(XTest.length); // 1
 * ```
 */
export function trainTestSplit<M extends Matrix>(X: M, y: ArrayLike<number>, options: SplitOptions = {}): Split<M> {
  const { testSize, seed, stratify } = splitOptions(options);
  const { rows: n, cols } = matrixShape(X);
  const labels = guardedRead(() => labelsOf(y, n), (why) => new InvalidDataError("y", `it cannot be read (${why})`));
  const { trainIndex, testIndex } = splitRows(labels, testSize, seed, stratify);
  const [XTrain, XTest] = guardedRead(() => [takeRows(X, cols, trainIndex), takeRows(X, cols, testIndex)], (why) => new InvalidDataError("X", `it cannot be read (${why})`));
  return {
    XTrain,
    XTest,
    yTrain: Float64Array.from(trainIndex, (i) => labels[i]),
    yTest: Float64Array.from(testIndex, (i) => labels[i]),
    trainIndex,
    testIndex,
  };
}

/**
 * The row split behind trainTestSplit, over checked labels: ⌈testSize·n⌉ test rows chosen by the
 * seeded shuffle (stratified: each label's largest-remainder share), both parts in shuffled order.
 * Throws InvalidOptionError("testSize") when no training row would be left.
 */
export function splitRows(labels: Float64Array, testSize: number, seed: number, stratify: boolean): { trainIndex: Uint32Array; testIndex: Uint32Array } {
  const n = labels.length;
  const testRows = Math.ceil(testSize * n);
  if (testRows >= n) {
    throw new InvalidOptionError("testSize", testSize, `a fraction that leaves at least one training row: ⌈${testSize}·${n}⌉ = ${testRows} of ${n} rows`);
  }
  const order = shuffledRows(n, seed);
  const inTest = new Uint8Array(n);
  const quota = stratify ? stratifiedQuota(labels, testRows) : null;
  let taken = 0;
  for (let k = 0; k < n && taken < testRows; k++) {
    const i = order[k];
    if (quota) {
      const left = quota.get(labels[i]) ?? 0;
      if (left === 0) continue;
      quota.set(labels[i], left - 1);
    }
    inTest[i] = 1;
    taken++;
  }
  const testIndex = new Uint32Array(testRows);
  const trainIndex = new Uint32Array(n - testRows);
  let t = 0;
  let r = 0;
  for (const i of order) {
    if (inTest[i]) testIndex[t++] = i;
    else trainIndex[r++] = i;
  }
  return { trainIndex, testIndex };
}

/** y read once into a Float64Array of n finite numbers. */
function labelsOf(y: ArrayLike<number>, n: number): Float64Array {
  if (!y || typeof y !== "object" || typeof y.length !== "number") throw new InvalidDataError("y", `expected an array of numbers, got ${describe(y)}`);
  if (y.length !== n) throw new InvalidDataError("y", `it has ${y.length} values but X has ${n} rows; they must match`, y.length);
  return Float64Array.from({ length: n }, (_, i) => {
    const v = y[i];
    if (typeof v !== "number" || !Number.isFinite(v)) throw new InvalidDataError("y", `y[${i}] = ${describe(v)} is not a finite number`, v, i);
    return v;
  });
}

function splitOptions(options: unknown): { testSize: number; seed: number; stratify: boolean } {
  const raw = ownOptions(options, "options", "a plain object { testSize?, seed?, stratify? }");
  for (const key of Object.keys(raw)) {
    if (!SPLIT_OPTION_NAMES.includes(key)) throw new InvalidOptionError(key, raw[key], `a known split option (${SPLIT_OPTION_NAMES.join(", ")})`);
  }
  const own = (key: string) => raw[key];
  const testSize = own("testSize") ?? 0.25;
  if (typeof testSize !== "number" || !(testSize > 0 && testSize < 1)) throw new InvalidOptionError("testSize", testSize, "a number in (0, 1): the test fraction");
  const seed = own("seed") ?? 0;
  if (typeof seed !== "number" || !Number.isInteger(seed) || seed < 0 || seed > Number.MAX_SAFE_INTEGER) {
    throw new InvalidOptionError("seed", seed, `an integer from 0 to ${Number.MAX_SAFE_INTEGER}`);
  }
  const stratify = own("stratify") ?? false;
  if (typeof stratify !== "boolean") throw new InvalidOptionError("stratify", stratify, "true or false");
  return { testSize, seed, stratify };
}

/**
 * Test rows per label: ⌊T·n_c/n⌋ each, then the remaining rows to the largest remainders (ties to the
 * smaller label). Every label needs two rows, one for each part (scikit-learn refuses fewer too).
 */
function stratifiedQuota(labels: Float64Array, testRows: number): Map<number, number> {
  const counts = new Map<number, number>();
  for (const label of labels) counts.set(label, (counts.get(label) ?? 0) + 1);
  const sorted = [...counts.keys()].sort((a, b) => a - b);
  for (const label of sorted) {
    if (counts.get(label)! < 2) throw new InvalidDataError("y", `label ${label} has only 1 row; stratify needs at least 2 rows of every label`, label);
  }
  const n = labels.length;
  const quota = new Map<number, number>();
  let assigned = 0;
  const remainders = sorted.map((label) => {
    const exact = (testRows * counts.get(label)!) / n;
    const whole = Math.floor(exact);
    quota.set(label, whole);
    assigned += whole;
    return { label, remainder: exact - whole };
  });
  remainders.sort((a, b) => b.remainder - a.remainder || a.label - b.label);
  for (let k = 0; assigned < testRows; k++, assigned++) {
    const { label } = remainders[k % remainders.length];
    quota.set(label, quota.get(label)! + 1);
  }
  return quota;
}

function takeRows<M extends Matrix>(X: M, cols: number, index: Uint32Array): M {
  if (Array.isArray(X)) return Array.from(index, (i) => X[i]) as unknown as M;
  const { data } = X as { data: ArrayLike<number> };
  const out = new Float64Array(index.length * cols);
  index.forEach((i, r) => {
    for (let j = 0; j < cols; j++) out[r * cols + j] = data[i * cols + j];
  });
  return { data: out, rows: index.length, cols } as unknown as M;
}

/** A Fisher–Yates permutation of 0 … n−1. */
export function shuffledRows(n: number, seed: number): Uint32Array {
  const next = xoshiro128(seed);
  const order = Uint32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = below(next, i + 1);
    const swap = order[i];
    order[i] = order[j];
    order[j] = swap;
  }
  return order;
}

/** An unbiased integer in [0, bound) by rejection of the top partial range of 2^32. */
function below(next: () => number, bound: number): number {
  const limit = 2 ** 32 - (2 ** 32 % bound);
  for (;;) {
    const x = next();
    if (x < limit) return x % bound;
  }
}

/**
 * xoshiro128** (32-bit outputs), its state filled by a splitmix-style 32-bit generator (a golden-ratio
 * increment through MurmurHash3's fmix32 finaliser) started from the seed's two 32-bit halves.
 * see: Blackman & Vigna, https://prng.di.unimi.it/xoshiro128starstar.c
 */
function xoshiro128(seed: number): () => number {
  let mix = (seed >>> 0) ^ Math.imul(Math.floor(seed / 2 ** 32) >>> 0, 0x9e3779b9);
  const splitmix32 = () => {
    mix = (mix + 0x9e3779b9) | 0;
    let z = mix;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
  const s = Uint32Array.of(splitmix32(), splitmix32(), splitmix32(), splitmix32());
  return () => {
    const result = Math.imul(rotl(Math.imul(s[1], 5), 7), 9) >>> 0;
    const t = s[1] << 9;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 11);
    return result;
  };
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
