import type { TermLayout } from "../optimizers/fisher-scoring.js";
import { linearPredictor, otherOutcomes, type RowData } from "./row-losses.js";
import { standardisedDesign } from "./separation-lp.js";

/** The certificate's residual Σ w_r a_r, relative to its largest term (times √terms), that counts as 0 (rounding of the sums). */
const RESIDUAL = 1e-10;
/**
 * ...and relative to its smallest strict term w_r·|a_r|: a row separated from the rest keeps a
 * weight it cannot balance, e^(−margin) small, so a residual that only looks small beside the
 * largest terms proves nothing; it must be far below every row's own contribution.
 */
const SMALLEST_TERM_SHARE = 1e-3;
/** Correction rounds (iterative refinement of the least-squares solve). */
const ROUNDS = 3;
/** A strict weight may fall to this fraction of its fitted value and still certify. */
const KEEP = 0.5;
/** Above this many terms the p × p solve is not tried. */
const MAX_TERMS = 1000;
/**
 * The correction moves only the weights of this many constraints (at least; 4 per term), those
 * with the largest c_r·|a_r|: any δ with Σ δ_r a_r = −g that keeps w + δ > 0 proves existence, and
 * a Gram matrix of a few thousand rows costs a fraction of a pass of the full one (rows × p²).
 */
const CORRECTED = 2000;
const CORRECTED_PER_TERM = 4;

/**
 * A cheap proof that the unpenalised MLE exists, from a point near it: by Stiemke's lemma (see
 * bindings/diagnostics/separation-lp.ts for the constraints a_r, b_k) it exists exactly when some
 * w > 0 and v have Σ w_r a_r + Σ v_k b_k = 0. At the optimum the gradient is exactly such a sum,
 * with w the fitted probabilities of the outcomes each row did not have (poisson: the means at
 * y = 0, v = y − μ elsewhere), all positive. Near it the sum is a small residual g; the least
 * change of weights relative to their size, δ_r = −c_r²·a_r·λ with (Σ c_r² a_r a_rᵀ)·λ = g
 * (c_r = w_r, and for the free v a scale s_i(μ_i + y_i)), removes it while every w_r keeps at
 * least half its value — or the proof fails and the exact test (the linear program) decides.
 * Only true is a verdict: "exists".
 */
export function finiteOptimumCertified(data: RowData, layout: TermLayout, beta: Float64Array): boolean {
  const p = layout.size;
  if (p > MAX_TERMS) return false;
  const rows: number[] = [];
  for (let i = 0; i < data.n; i++) if (!data.weights || data.weights[i] > 0) rows.push(i);
  if (rows.length === 0) return false;
  const { blocks, termsPerBlock: width } = layout;
  const outcomes = data.family === "multinomial" ? layout.K - 1 : 1;
  const { design } = standardisedDesign(data, layout, rows);
  const eta = linearPredictor(data, layout, beta).eta;
  const count = rows.length * outcomes;
  // Each constraint is Σ_b sign·x̃ over at most two blocks (separation-lp.ts outcomeConstraint):
  // block −1 means none (the baseline class).
  const plus = new Int32Array(count).fill(-1);
  const minus = new Int32Array(count).fill(-1);
  const weight = new Float64Array(count);
  const scale = new Float64Array(count);
  const free = new Uint8Array(count);
  const other = new Float64Array(Math.max(1, layout.K));
  rows.forEach((i, r) => {
    const s = data.weights ? data.weights[i] : 1;
    const y = data.y[i];
    otherOutcomes(data, layout, i, eta, null, 0, other);
    for (let k = 0; k < outcomes; k++) {
      const slot = r * outcomes + k;
      if (data.family === "multinomial") {
        const c = k < y ? k : k + 1;
        plus[slot] = y - 1;
        minus[slot] = c - 1;
        weight[slot] = s * other[c];
      } else if (data.family === "bernoulli" ? y === 1 : y > 0) {
        plus[slot] = 0;
        weight[slot] = s * other[0];
      } else {
        minus[slot] = 0;
        weight[slot] = s * other[0];
      }
      scale[slot] = weight[slot];
      if (data.family === "poisson" && y > 0) {
        // a free multiplier v = s(y − μ) of the equality b = x̃ (scaled by s(μ + y) in the solve).
        const mu = Math.exp(eta[i]);
        free[slot] = 1;
        weight[slot] = s * (y - mu);
        scale[slot] = s * (mu + y);
      }
    }
  });
  for (let slot = 0; slot < count; slot++) if (!free[slot] && !(weight[slot] > 0 && Number.isFinite(weight[slot]))) return false;
  if (!scale.every(Number.isFinite)) return false;
  const fitted = weight.slice();
  const rowLargest = new Float64Array(rows.length);
  for (let r = 0; r < rows.length; r++) for (let j = 0; j < width; j++) rowLargest[r] = Math.max(rowLargest[r], Math.abs(design[r * width + j]));
  const corrected = largestScales(scale, rowLargest, outcomes, Math.max(CORRECTED, CORRECTED_PER_TERM * p));
  const factor = choleskyOfGram(layout, rows.length, outcomes, design, plus, minus, corrected);
  if (!factor) return false;
  const residual = new Float64Array(p);
  const q = new Float64Array(blocks);
  for (let round = 0; ; round++) {
    residual.fill(0);
    let size = 0;
    let smallest = Infinity;
    for (let r = 0; r < rows.length; r++) {
      const x = r * width;
      for (let k = 0; k < outcomes; k++) {
        const slot = r * outcomes + k;
        const w = weight[slot];
        if (plus[slot] >= 0) for (let j = 0; j < width; j++) residual[plus[slot] * width + j] += w * design[x + j];
        if (minus[slot] >= 0) for (let j = 0; j < width; j++) residual[minus[slot] * width + j] -= w * design[x + j];
        const own = Math.abs(w) * rowLargest[r];
        size = Math.max(size, own);
        if (!free[slot] && own > 0) smallest = Math.min(smallest, own);
      }
    }
    let largest = 0;
    for (let k = 0; k < p; k++) largest = Math.max(largest, Math.abs(residual[k]));
    if (largest <= RESIDUAL * size * Math.sqrt(count) && largest <= SMALLEST_TERM_SHARE * smallest) return true;
    if (round === ROUNDS) return false;
    const lambda = choleskySolve(factor, p, residual);
    for (let r = 0; r < rows.length; r++) {
      const x = r * width;
      for (let b = 0; b < blocks; b++) {
        let sum = 0;
        for (let j = 0; j < width; j++) sum += design[x + j] * lambda[b * width + j];
        q[b] = sum;
      }
      for (let k = 0; k < outcomes; k++) {
        const slot = r * outcomes + k;
        const dot = (plus[slot] >= 0 ? q[plus[slot]] : 0) - (minus[slot] >= 0 ? q[minus[slot]] : 0);
        weight[slot] -= corrected[slot] * corrected[slot] * dot;
        if (!free[slot] && !(weight[slot] >= KEEP * fitted[slot])) return false;
      }
    }
  }
}

/** `scale` with all but the `keep` largest c_r·max|x̃_r| set to 0. */
function largestScales(scale: Float64Array, rowLargest: Float64Array, outcomes: number, keep: number): Float64Array {
  if (keep >= scale.length) return scale;
  const size = scale.map((c, slot) => c * rowLargest[Math.floor(slot / outcomes)]);
  const threshold = size.slice().sort()[size.length - keep];
  return scale.map((c, slot) => (size[slot] >= threshold ? c : 0));
}

/**
 * The lower Cholesky factor of Σ c_r² a_r a_rᵀ plus a jitter of 1e-12 × its largest diagonal (so
 * directions no a_r reaches, a constant or collinear column, solve to ~0 instead of failing); null
 * if it is not positive definite even so. Per row, the block coefficients Σ_s c_s²·sign·sign' are
 * gathered first, then each block pair gets its multiple of x̃x̃ᵀ (lower triangles).
 */
function choleskyOfGram(
  layout: TermLayout, rowCount: number, outcomes: number, design: Float64Array, plus: Int32Array, minus: Int32Array, scale: Float64Array,
): Float64Array | null {
  const { blocks, termsPerBlock: width, size: p } = layout;
  const gram = new Float64Array(p * p);
  const coefficient = new Float64Array(blocks * blocks);
  for (let r = 0; r < rowCount; r++) {
    let any = false;
    for (let k = 0; k < outcomes; k++) any ||= scale[r * outcomes + k] !== 0;
    if (!any) continue;
    coefficient.fill(0);
    for (let k = 0; k < outcomes; k++) {
      const slot = r * outcomes + k;
      const c2 = scale[slot] * scale[slot];
      const a = plus[slot];
      const b = minus[slot];
      if (a >= 0) coefficient[a * blocks + a] += c2;
      if (b >= 0) coefficient[b * blocks + b] += c2;
      if (a >= 0 && b >= 0) coefficient[Math.max(a, b) * blocks + Math.min(a, b)] -= c2;
    }
    const x = r * width;
    for (let a = 0; a < blocks; a++) {
      for (let b = 0; b <= a; b++) {
        const c = coefficient[a * blocks + b];
        if (c === 0) continue;
        for (let i = 0; i < width; i++) {
          const value = c * design[x + i];
          const row = (a * width + i) * p + b * width;
          for (let j = 0; j < (a === b ? i + 1 : width); j++) gram[row + j] += value * design[x + j];
        }
      }
    }
  }
  let diagonal = 0;
  for (let k = 0; k < p; k++) diagonal = Math.max(diagonal, gram[k * p + k]);
  if (!(diagonal > 0) || !Number.isFinite(diagonal)) return null;
  for (let k = 0; k < p; k++) gram[k * p + k] += 1e-12 * diagonal;
  // see: Golub & Van Loan, "Matrix Computations", 4th ed., Algorithm 4.2.1 (gaxpy Cholesky), lower triangle in place.
  for (let j = 0; j < p; j++) {
    let sum = gram[j * p + j];
    for (let k = 0; k < j; k++) sum -= gram[j * p + k] * gram[j * p + k];
    if (!(sum > 0)) return null;
    const root = Math.sqrt(sum);
    gram[j * p + j] = root;
    for (let i = j + 1; i < p; i++) {
      let value = gram[i * p + j];
      for (let k = 0; k < j; k++) value -= gram[i * p + k] * gram[j * p + k];
      gram[i * p + j] = value / root;
    }
  }
  return gram;
}

function choleskySolve(factor: Float64Array, p: number, b: Float64Array): Float64Array {
  const x = b.slice();
  for (let i = 0; i < p; i++) {
    let sum = x[i];
    for (let k = 0; k < i; k++) sum -= factor[i * p + k] * x[k];
    x[i] = sum / factor[i * p + i];
  }
  for (let i = p - 1; i >= 0; i--) {
    let sum = x[i];
    for (let k = i + 1; k < p; k++) sum -= factor[k * p + i] * x[k];
    x[i] = sum / factor[i * p + i];
  }
  return x;
}
