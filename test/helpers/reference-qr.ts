// A plain-TypeScript reference for the inference layer: the Fisher information factor of a fixture
// at its reference parameters, from a textbook Householder QR of the √weight-scaled design (one
// row per observation; K rows per observation for multinomial), independent of the WASM code.
// see: Golub & Van Loan, Matrix Computations (4th ed.), Algorithm 5.2.1 (Householder QR)
import type { InformationFactor, TermIndex } from "../../dist/inference/information.js";
import type { Fixture } from "./fixtures.js";

/** R (cols×cols, upper, row-major) of a Householder QR of A (rows×cols, row-major); A is overwritten. */
export function householderR(A: Float64Array, rows: number, cols: number): Float64Array {
  for (let k = 0; k < Math.min(rows, cols); k++) {
    let norm = 0;
    for (let i = k; i < rows; i++) norm = Math.hypot(norm, A[i * cols + k]);
    if (norm === 0) continue;
    const alpha = A[k * cols + k] > 0 ? -norm : norm;
    const v = new Float64Array(rows - k);
    for (let i = k; i < rows; i++) v[i - k] = A[i * cols + k];
    v[0] -= alpha;
    let vv = 0;
    for (const x of v) vv += x * x;
    if (vv === 0) continue;
    for (let j = k; j < cols; j++) {
      let dot = 0;
      for (let i = k; i < rows; i++) dot += v[i - k] * A[i * cols + j];
      const scale = (2 * dot) / vv;
      for (let i = k; i < rows; i++) A[i * cols + j] -= scale * v[i - k];
    }
  }
  const R = new Float64Array(cols * cols);
  for (let i = 0; i < cols; i++) for (let j = i; j < cols; j++) R[i * cols + j] = A[i * cols + j];
  return R;
}

export interface ReferenceModel {
  factor: InformationFactor;
  /** Σ sᵢ·nllᵢ at the parameters. */
  dataLoss: number;
  logLikelihood: number;
  /** μ per row (gaussian/bernoulli/poisson) — for independent deviance checks. */
  mean: Float64Array | null;
}

export interface ReferenceOptions {
  /** Which reference block of the fixture: "reference" (default) or "reference_weighted". */
  block?: "reference" | "reference_weighted";
  /** Multinomial form: baseline (classes 1..K−1, class 0 at zero) or symmetric (0..K−1). */
  form?: "baseline" | "symmetric";
  /** Columns to mark as aliased (their parameters fixed at 0; zero rows/columns in R). */
  aliasedFeatures?: readonly number[];
}

/** Builds the information factor, data loss and log-likelihood of a fixture at its reference parameters. */
export function referenceModel(fx: Fixture, options: ReferenceOptions = {}): ReferenceModel {
  const block = options.block ?? "reference";
  const ref = fx[block]!;
  const weights = block === "reference_weighted" ? fx.weights! : undefined;
  const n = fx.X.length;
  const d = fx.X[0].length;
  const K = fx.family === "multinomial" ? fx.n_classes! : 1;
  const intercept = fx.fit_intercept;
  const perBlock = d + (intercept ? 1 : 0);
  const form = options.form ?? (fx.family === "multinomial" && fx.objective.l2 === 0 ? "baseline" : "symmetric");
  const outputs = fx.family !== "multinomial" ? [0] : form === "baseline" ? range(1, K) : range(0, K);
  const aliasedFeatures = new Set(options.aliasedFeatures ?? []);

  // Parameters per class (class-major, all K classes; baseline class 0 = 0).
  const b = new Float64Array(K);
  const W = new Float64Array(K * d);
  if (fx.family === "multinomial") {
    const coef = ref.coef as number[][];
    const icpt = ref.intercept as number[];
    const shift = form === "baseline" ? 1 : 0;
    for (let c = 0; c < coef.length; c++) {
      b[c + shift] = intercept ? icpt[c] : 0;
      for (let j = 0; j < d; j++) W[(c + shift) * d + j] = coef[c][j];
    }
  } else {
    b[0] = intercept ? (ref.intercept as number) : 0;
    for (let j = 0; j < d; j++) W[j] = (ref.coef as number[])[j];
  }
  for (const j of aliasedFeatures) for (let c = 0; c < K; c++) W[c * d + j] = 0;

  const terms: TermIndex[] = [];
  const estimates: number[] = [];
  const aliased: boolean[] = [];
  for (const c of outputs) {
    if (intercept) {
      terms.push({ term: "intercept", output: c, feature: -1 });
      estimates.push(b[c]);
      aliased.push(false);
    }
    for (let j = 0; j < d; j++) {
      terms.push({ term: fx.feature_names[j], output: c, feature: j });
      estimates.push(W[c * d + j]);
      aliased.push(aliasedFeatures.has(j));
    }
  }
  const p = terms.length;
  const rowsPerObservation = fx.family === "multinomial" ? K : 1;
  const design = new Float64Array(n * rowsPerObservation * p);
  const mean = fx.family === "multinomial" ? null : new Float64Array(n);
  let dataLoss = 0;
  let logFactorials = 0;
  const xTilde = (row: number[], j: number) => (intercept ? (j === 0 ? 1 : row[j - 1]) : row[j]);
  for (let i = 0; i < n; i++) {
    const s = weights ? weights[i] : 1;
    const row = fx.X[i];
    const y = fx.y[i];
    const eta = Array.from({ length: K }, (_, c) => b[c] + row.reduce((sum, x, j) => sum + x * W[c * d + j], 0));
    if (fx.family === "multinomial") {
      const top = Math.max(...eta);
      const logSum = top + Math.log(eta.reduce((sum, e) => sum + Math.exp(e - top), 0));
      const prob = eta.map((e) => Math.exp(e - logSum));
      dataLoss += s * (logSum - eta[y]);
      // information per row: diag(p) − ppᵀ = MᵀM with M's row k = √p_k (e_k − p)
      for (let k = 0; k < K; k++) {
        const r = i * K + k;
        outputs.forEach((c, block) => {
          const factor = Math.sqrt(s * prob[k]) * ((k === c ? 1 : 0) - prob[c]);
          for (let j = 0; j < perBlock; j++) if (!aliased[block * perBlock + j]) design[r * p + block * perBlock + j] = factor * xTilde(row, j);
        });
      }
      continue;
    }
    const e = eta[0];
    let variance: number;
    switch (fx.family) {
      case "gaussian":
        mean![i] = e;
        dataLoss += s * 0.5 * (y - e) ** 2;
        variance = 1;
        break;
      case "bernoulli": {
        const mu = 1 / (1 + Math.exp(-e));
        mean![i] = mu;
        dataLoss += s * (Math.log1p(Math.exp(-Math.abs(e))) + Math.max(e, 0) - y * e);
        variance = mu * (1 - mu);
        break;
      }
      default: {
        const mu = Math.exp(e);
        mean![i] = mu;
        dataLoss += s * (mu - y * e);
        logFactorials += s * logFactorial(y);
        variance = mu;
      }
    }
    for (let j = 0; j < p; j++) if (!aliased[j]) design[i * p + j] = Math.sqrt(s * variance) * xTilde(row, j);
  }
  const weightTotal = weights ? weights.reduce((a, v) => a + v, 0) : n;
  let logLikelihood: number;
  if (fx.family === "gaussian") logLikelihood = -0.5 * weightTotal * (Math.log((2 * Math.PI * 2 * dataLoss) / weightTotal) + 1);
  else logLikelihood = -dataLoss - logFactorials;

  const fisherR = householderR(design, n * rowsPerObservation, p);
  const l2 = fx.objective.l2;
  let penalizedR: Float64Array | null = null;
  if (l2 > 0) {
    const stacked = new Float64Array((p + p) * p);
    stacked.set(fisherR);
    terms.forEach((t, j) => {
      if (t.feature >= 0 && !aliased[j]) stacked[(p + j) * p + j] = Math.sqrt(weightTotal * l2);
    });
    penalizedR = householderR(stacked, 2 * p, p);
  }
  return {
    factor: { size: p, terms, estimates: Float64Array.from(estimates), fisherR, penalizedR, aliased },
    dataLoss,
    logLikelihood,
    mean,
  };
}

/** log(y!) by summation (y is a small count here), independent of the library's gammaln. */
function logFactorial(y: number): number {
  let sum = 0;
  for (let k = 2; k <= y; k++) sum += Math.log(k);
  return sum;
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from }, (_, i) => from + i);
}

/** Dense symmetric p×p matrix RᵀR from an upper-triangular factor (test-side reference only). */
export function gram(R: Float64Array, p: number): Float64Array {
  const out = new Float64Array(p * p);
  for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) {
    let sum = 0;
    for (let k = 0; k <= Math.min(i, j); k++) sum += R[k * p + i] * R[k * p + j];
    out[i * p + j] = sum;
  }
  return out;
}

/** Inverse of a dense matrix by Gauss–Jordan with partial pivoting (test-side reference only). */
export function gaussJordanInverse(A: Float64Array, p: number): Float64Array {
  const a = Float64Array.from(A);
  const inv = new Float64Array(p * p);
  for (let i = 0; i < p; i++) inv[i * p + i] = 1;
  for (let col = 0; col < p; col++) {
    let pivot = col;
    for (let r = col + 1; r < p; r++) if (Math.abs(a[r * p + col]) > Math.abs(a[pivot * p + col])) pivot = r;
    for (let k = 0; k < p; k++) {
      [a[col * p + k], a[pivot * p + k]] = [a[pivot * p + k], a[col * p + k]];
      [inv[col * p + k], inv[pivot * p + k]] = [inv[pivot * p + k], inv[col * p + k]];
    }
    const diag = a[col * p + col];
    for (let k = 0; k < p; k++) {
      a[col * p + k] /= diag;
      inv[col * p + k] /= diag;
    }
    for (let r = 0; r < p; r++) {
      if (r === col) continue;
      const f = a[r * p + col];
      if (f === 0) continue;
      for (let k = 0; k < p; k++) {
        a[r * p + k] -= f * a[col * p + k];
        inv[r * p + k] -= f * inv[col * p + k];
      }
    }
  }
  return inv;
}

/** Dense product of row-major matrices (m×k)(k×n). */
export function multiply(A: Float64Array, B: Float64Array, m: number, k: number, n: number): Float64Array {
  const out = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let t = 0; t < k; t++) {
    const a = A[i * k + t];
    if (a !== 0) for (let j = 0; j < n; j++) out[i * n + j] += a * B[t * n + j];
  }
  return out;
}
