import type { DataSession } from "../session.js";
import { blockClass, fromTermOrder, type TermLayout } from "../optimizers/fisher-scoring.js";
import type { ObjectiveFunction } from "../optimizers/lbfgs.js";
import { rowLoss, type RowData } from "./row-losses.js";

/**
 * The mean loss (1/W)·Σ_{i ∉ limit} sᵢ·nllᵢ over the rows NOT at their limit, and its gradient in
 * term order: the likelihood of the rows a diverging direction must leave unmoved. Computed in JS
 * over those rows when they are the fewer, else as the kernel's full loss minus the JS loss of the
 * rows at the limit (so the cost is one pass plus the smaller set).
 */
export function unmovedRowsObjective(session: DataSession, data: RowData, layout: TermLayout, limit: Uint8Array, limitCount: number): ObjectiveFunction {
  const direct = data.n - limitCount <= limitCount;
  const rows: number[] = [];
  for (let i = 0; i < data.n; i++) if ((limit[i] === 1) !== direct && (!data.weights || data.weights[i] > 0)) rows.push(i);
  const rowsGradient = termGradientOfRows(data, layout, rows);
  return (beta) => {
    const part = rowsGradient(beta);
    if (direct) return part;
    session.writeParameters(fromTermOrder(layout, beta));
    const full = session.gradient(0);
    const gradient = new Float64Array(layout.size);
    const first = layout.fitIntercept ? 1 : 0;
    for (let block = 0; block < layout.blocks; block++) {
      const c = blockClass(layout, block);
      const offset = block * layout.termsPerBlock;
      if (first) gradient[offset] = full.b[c] - part.gradient[offset];
      for (let j = 0; j < layout.d; j++) gradient[offset + first + j] = full.W[c * layout.d + j] - part.gradient[offset + first + j];
    }
    return { value: full.objective - part.value, gradient };
  };
}

/** (1/W)·Σ_{i ∈ rows} sᵢ·nllᵢ(β) and its gradient in term order, in plain f64 JS. */
function termGradientOfRows(data: RowData, layout: TermLayout, rows: readonly number[]): ObjectiveFunction {
  const { d, X } = data;
  const blocks = layout.blocks;
  const first = layout.fitIntercept ? 1 : 0;
  const eta = new Float64Array(data.n * blocks);
  const residual = new Float64Array(blocks);
  return (beta) => {
    const gradient = new Float64Array(layout.size);
    let value = 0;
    for (const i of rows) {
      const s = data.weights ? data.weights[i] : 1;
      for (let block = 0; block < blocks; block++) {
        const offset = block * layout.termsPerBlock;
        let sum = first ? beta[offset] : 0;
        for (let j = 0; j < d; j++) sum += X[i * d + j] * beta[offset + first + j];
        eta[i * blocks + block] = sum;
      }
      value += s * rowLoss(data, layout, i, eta, null, 0);
      rowResiduals(data, layout, i, eta, residual);
      for (let block = 0; block < blocks; block++) {
        const offset = block * layout.termsPerBlock;
        const r = s * residual[block];
        if (first) gradient[offset] += r;
        for (let j = 0; j < d; j++) gradient[offset + first + j] += r * X[i * d + j];
      }
    }
    for (let k = 0; k < gradient.length; k++) gradient[k] /= data.weightTotal;
    return { value: value / data.weightTotal, gradient };
  };
}

/** ∂nllᵢ/∂η per block: bernoulli σ(η) − y, poisson e^η − y, multinomial p_c − [y = c] (baseline, η₀ = 0). */
function rowResiduals(data: RowData, layout: TermLayout, i: number, eta: Float64Array, out: Float64Array): void {
  const blocks = layout.blocks;
  const y = data.y[i];
  if (data.family === "bernoulli") {
    const e = eta[i];
    out[0] = (e >= 0 ? 1 / (1 + Math.exp(-e)) : Math.exp(e) / (1 + Math.exp(e))) - y;
    return;
  }
  if (data.family === "poisson") {
    out[0] = Math.exp(eta[i]) - y;
    return;
  }
  let top = 0;
  for (let block = 0; block < blocks; block++) top = Math.max(top, eta[i * blocks + block]);
  let total = Math.exp(-top);
  for (let block = 0; block < blocks; block++) total += Math.exp(eta[i * blocks + block] - top);
  for (let block = 0; block < blocks; block++) {
    out[block] = Math.exp(eta[i * blocks + block] - top) / total - (blockClass(layout, block) === y ? 1 : 0);
  }
}
