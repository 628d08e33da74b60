import type { ValidatedOptions } from "../options.js";
import type { DataSession } from "../session.js";
import { floatView, type FloatArray } from "../wasm/arena.js";
import { blockClass, type TermLayout } from "../optimizers/fisher-scoring.js";
import { softplus } from "./existence.js";

/**
 * A fit's rows as they sit in WASM memory (the exact values the optimizer saw, in their dtype),
 * read in plain f64 JS for the existence check: per-row linear predictors and losses at points
 * the kernels never visit (far along a ray), computed in forms that stay exact where a row's
 * loss vanishes (softplus(−m) for a margin m, not log(1 + e^η) − η).
 */
export interface RowData {
  readonly family: "bernoulli" | "poisson" | "multinomial";
  readonly n: number;
  readonly d: number;
  readonly X: FloatArray;
  readonly y: FloatArray;
  readonly weights: FloatArray | null;
  readonly weightTotal: number;
  /** max over rows of |x_ij| per feature j (the scale of a coefficient's effect). */
  readonly columnScale: Float64Array;
}

export function rowData(session: DataSession, o: ValidatedOptions): RowData {
  const { n, d } = session;
  const X = floatView(session.memory, o.dtype, session.pointer("X"), n * d);
  const columnScale = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) columnScale[j] = Math.max(columnScale[j], Math.abs(X[i * d + j]));
  return {
    family: o.family.name as RowData["family"],
    n,
    d,
    X,
    y: floatView(session.memory, o.dtype, session.pointer("y"), n),
    weights: session.weighted ? floatView(session.memory, o.dtype, session.pointer("sampleWeight"), n) : null,
    weightTotal: session.weightTotal,
    columnScale,
  };
}

/**
 * η = X·β per row and output block, for β in term order (blocks × [intercept?, w₀ … w_{d−1}]),
 * plus per row the largest Σ|x_ij·β_j| + |β_0| over blocks (the size η could have without cancellation).
 */
export function linearPredictor(data: RowData, layout: TermLayout, beta: ArrayLike<number>): { eta: Float64Array; magnitude: Float64Array } {
  const { n, d, X } = data;
  const blocks = layout.blocks;
  const eta = new Float64Array(n * blocks);
  const magnitude = new Float64Array(n);
  const first = layout.fitIntercept ? 1 : 0;
  for (let i = 0; i < n; i++) {
    const row = i * d;
    for (let block = 0; block < blocks; block++) {
      const offset = block * layout.termsPerBlock;
      let sum = first ? beta[offset] : 0;
      let size = Math.abs(sum);
      for (let j = 0; j < d; j++) {
        const term = X[row + j] * beta[offset + first + j];
        sum += term;
        size += Math.abs(term);
      }
      eta[i * blocks + block] = sum;
      magnitude[i] = Math.max(magnitude[i], size);
    }
  }
  return { eta, magnitude };
}

/**
 * nllᵢ at the linear predictors eta[i·blocks …] shifted by t·motion (motion optional): bernoulli
 * softplus(∓η), poisson e^η − yη, multinomial (baseline, η₀ = 0) logsumexp(η) − η_y.
 */
export function rowLoss(data: RowData, layout: TermLayout, i: number, eta: Float64Array, motion: Float64Array | null, t: number): number {
  const blocks = layout.blocks;
  const at = (block: number) => eta[i * blocks + block] + (motion ? t * motion[i * blocks + block] : 0);
  const y = data.y[i];
  if (data.family === "bernoulli") return softplus(y === 1 ? -at(0) : at(0));
  if (data.family === "poisson") {
    const e = at(0);
    return Math.exp(e) - y * e;
  }
  // Multinomial: (m − η_y) + log1p(Σ_{c ≠ top} e^{η_c − m}), exact when the observed class dominates.
  let top = 0;
  let topValue = 0;
  for (let block = 0; block < blocks; block++) {
    const value = at(block);
    if (value > topValue) {
      topValue = value;
      top = blockClass(layout, block);
    }
  }
  let rest = top === 0 ? 0 : Math.exp(-topValue);
  for (let block = 0; block < blocks; block++) if (blockClass(layout, block) !== top) rest += Math.exp(at(block) - topValue);
  const observed = y === 0 ? 0 : at(y - 1);
  return topValue - observed + Math.log1p(rest);
}

/** (1/W)·Σ sᵢ·nllᵢ over rows of positive weight, and the same mean of |nllᵢ| (the scale of its rounding). */
export function meanLoss(data: RowData, layout: TermLayout, eta: Float64Array, motion: Float64Array | null = null, t = 0): { value: number; scale: number } {
  let value = 0;
  let scale = 0;
  for (let i = 0; i < data.n; i++) {
    const s = data.weights ? data.weights[i] : 1;
    if (!(s > 0)) continue;
    const loss = rowLoss(data, layout, i, eta, motion, t);
    value += s * loss;
    scale += s * (data.family === "poisson" ? Math.abs(loss) + Math.abs(data.y[i] * eta[i]) : Math.abs(loss));
  }
  return { value: value / data.weightTotal, scale: scale / data.weightTotal };
}

/**
 * The outcomes of row i that a diverging direction can drive to probability 0, and how close each
 * is: writes into `out[c]` (c = class, or 0 for bernoulli/poisson) the fitted probability of class
 * c ≠ y (bernoulli: of the other outcome 1 − μ_y; poisson, y = 0 only: the mean μ), Infinity for
 * the observed class and for poisson rows with y > 0, which no direction can fit perfectly.
 */
export function otherOutcomes(data: RowData, layout: TermLayout, i: number, eta: Float64Array, motion: Float64Array | null, t: number, out: Float64Array): void {
  const blocks = layout.blocks;
  const at = (block: number) => eta[i * blocks + block] + (motion ? t * motion[i * blocks + block] : 0);
  const y = data.y[i];
  if (data.family === "bernoulli") {
    // 1 − μ_y = σ(−z·η), z = ±1; e^{−softplus(u)} = σ(−u) without cancellation.
    out[0] = Math.exp(-softplus(y === 1 ? at(0) : -at(0)));
    return;
  }
  if (data.family === "poisson") {
    out[0] = y === 0 ? Math.exp(at(0)) : Infinity;
    return;
  }
  let top = 0;
  for (let block = 0; block < blocks; block++) top = Math.max(top, at(block));
  let total = Math.exp(-top);
  for (let block = 0; block < blocks; block++) total += Math.exp(at(block) - top);
  out[0] = y === 0 ? Infinity : Math.exp(-top) / total;
  for (let block = 0; block < blocks; block++) {
    const c = blockClass(layout, block);
    out[c] = c === y ? Infinity : Math.exp(at(block) - top) / total;
  }
}

/** Whether some outcome of row i other than its own is numerically impossible (probability or mean ≤ threshold). */
export function atLimit(data: RowData, layout: TermLayout, i: number, eta: Float64Array, motion: Float64Array | null, t: number, threshold: number): boolean {
  const out = new Float64Array(Math.max(1, layout.K));
  otherOutcomes(data, layout, i, eta, motion, t, out);
  return out.some((p) => p <= threshold);
}
