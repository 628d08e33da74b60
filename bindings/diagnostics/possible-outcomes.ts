import { blockClass, type TermLayout } from "../optimizers/fisher-scoring.js";
import type { ObjectiveFunction } from "../optimizers/lbfgs-minimizer.js";
import type { RowData } from "./row-losses.js";
import { softplus } from "./existence.js";

/**
 * The likelihood with the numerically impossible outcomes taken out, in plain f64 JS over the
 * rows: what a diverging direction must leave unchanged. `impossible[i·K + c]` (K = 1 outside
 * multinomial) marks them: a bernoulli or poisson row whose own outcome is certain drops out; a
 * multinomial row keeps the softmax over its possible classes, loss log Σ_{c possible} e^{η_c} − η_y.
 * Mean over W and gradient in term order (baseline multinomial, η₀ = 0), like the kernels'.
 */
export function possibleOutcomesObjective(data: RowData, layout: TermLayout, impossible: Uint8Array): ObjectiveFunction {
  const { n, d, X } = data;
  const blocks = layout.blocks;
  const outcomes = Math.max(1, layout.K);
  const first = layout.fitIntercept ? 1 : 0;
  const rows: number[] = [];
  for (let i = 0; i < n; i++) {
    if (data.weights && !(data.weights[i] > 0)) continue;
    if (data.family !== "multinomial" && impossible[i] === 1) continue;
    rows.push(i);
  }
  const eta = new Float64Array(blocks);
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
        eta[block] = sum;
      }
      value += s * lossAndResiduals(data, layout, data.y[i], eta, impossible, i * outcomes, residual);
      for (let block = 0; block < blocks; block++) {
        const r = s * residual[block];
        if (r === 0) continue;
        const offset = block * layout.termsPerBlock;
        if (first) gradient[offset] += r;
        for (let j = 0; j < d; j++) gradient[offset + first + j] += r * X[i * d + j];
      }
    }
    for (let k = 0; k < gradient.length; k++) gradient[k] /= data.weightTotal;
    return { value: value / data.weightTotal, gradient };
  };
}

/** nll of one row over its possible outcomes, and ∂nll/∂η per block into `residual`. */
function lossAndResiduals(
  data: RowData, layout: TermLayout, y: number, eta: Float64Array, impossible: Uint8Array, base: number, residual: Float64Array,
): number {
  if (data.family === "bernoulli") {
    const e = eta[0];
    residual[0] = (e >= 0 ? 1 / (1 + Math.exp(-e)) : Math.exp(e) / (1 + Math.exp(e))) - y;
    return softplus(y === 1 ? -e : e);
  }
  if (data.family === "poisson") {
    const mu = Math.exp(eta[0]);
    residual[0] = mu - y;
    return mu - y * eta[0];
  }
  // Softmax over the possible classes (the observed one always is); class 0 has η = 0.
  const possible = (c: number) => c === y || impossible[base + c] === 0;
  let top = -Infinity;
  if (possible(0)) top = 0;
  for (let block = 0; block < layout.blocks; block++) if (possible(blockClass(layout, block))) top = Math.max(top, eta[block]);
  let total = possible(0) ? Math.exp(-top) : 0;
  for (let block = 0; block < layout.blocks; block++) if (possible(blockClass(layout, block))) total += Math.exp(eta[block] - top);
  for (let block = 0; block < layout.blocks; block++) {
    const c = blockClass(layout, block);
    residual[block] = (possible(c) ? Math.exp(eta[block] - top) / total : 0) - (c === y ? 1 : 0);
  }
  const observed = y === 0 ? 0 : eta[y - 1];
  return top + Math.log(total) - observed;
}
