import type { TermIndex } from "../inference/information.js";
import type { DataSession, Theta } from "../session.js";
import { CHUNK_ROWS, type Pointer } from "../wasm/abi.js";

/**
 * How Newton/IRLS and the Fisher-information factor lay out parameters: "term order", blocks of
 * [intercept (if fitted), x0 … x_{d−1}], one block per output. Multinomial fits use the baseline
 * form (classes 1..K−1; class 0 fixed at zero, like statsmodels MNLogit) without a penalty and
 * the symmetric form (classes 0..K−1, like scikit-learn) with one, since the symmetric
 * unpenalised problem is singular (adding a vector to every class changes nothing).
 */
export interface TermLayout {
  readonly d: number;
  readonly K: number;
  readonly fitIntercept: boolean;
  readonly symmetric: boolean;
  /** Output blocks: 1, K − 1 (baseline) or K (symmetric). */
  readonly blocks: number;
  /** Terms per block: d + (fitIntercept ? 1 : 0). */
  readonly termsPerBlock: number;
  /** Number of parameters P = blocks · termsPerBlock. */
  readonly size: number;
  /** Observations expand into this many working rows (K − 1 for multinomial, else 1). */
  readonly rowsPerObservation: number;
}

export function termLayout(d: number, K: number, fitIntercept: boolean, symmetric: boolean): TermLayout {
  const termsPerBlock = d + (fitIntercept ? 1 : 0);
  const blocks = K === 1 ? 1 : symmetric ? K : K - 1;
  return { d, K, fitIntercept, symmetric: K > 1 && symmetric, blocks, termsPerBlock, size: blocks * termsPerBlock, rowsPerObservation: K === 1 ? 1 : K - 1 };
}

/** The class a block holds (multinomial), else 0. */
export function blockClass(layout: TermLayout, block: number): number {
  return layout.K === 1 || layout.symmetric ? block : block + 1;
}

/** Names and positions of every parameter, in term order. */
export function termIndex(layout: TermLayout, featureNames: readonly string[] | null): TermIndex[] {
  const terms: TermIndex[] = [];
  for (let block = 0; block < layout.blocks; block++) {
    const output = blockClass(layout, block);
    if (layout.fitIntercept) terms.push({ term: "intercept", output, feature: -1 });
    for (let j = 0; j < layout.d; j++) terms.push({ term: featureNames?.[j] ?? `x${j}`, output, feature: j });
  }
  return terms;
}

/** A term's name for messages: "x2", or "x2 (class 1)" for multinomial. */
export function termLabel(layout: TermLayout, term: TermIndex): string {
  return layout.K === 1 ? term.term : `${term.term} (class ${term.output})`;
}

/** true for the terms the L2 penalty applies to (everything but intercepts). */
export function penalisedTerms(layout: TermLayout): boolean[] {
  const penalised: boolean[] = [];
  for (let block = 0; block < layout.blocks; block++) {
    if (layout.fitIntercept) penalised.push(false);
    for (let j = 0; j < layout.d; j++) penalised.push(true);
  }
  return penalised;
}

/**
 * Where each term sits in θ ([W class-major | b], the training context's one layout): term order
 * is a permutation of θ's free entries, the column order of the Newton system (intercept first in
 * each block, as R's model matrix, so a constant column is aliased rather than the intercept).
 */
export function thetaIndex(layout: TermLayout): Int32Array {
  const { d, K, fitIntercept, termsPerBlock } = layout;
  const index = new Int32Array(layout.size);
  for (let block = 0; block < layout.blocks; block++) {
    const c = blockClass(layout, block);
    const offset = block * termsPerBlock;
    if (fitIntercept) index[offset] = d * K + c;
    for (let j = 0; j < d; j++) index[offset + (fitIntercept ? 1 : 0) + j] = c * d + j;
  }
  return index;
}

/**
 * θ's entries in term order. The baseline form subtracts class 0 from every class, which leaves
 * the likelihood unchanged.
 */
export function toTermOrder(layout: TermLayout, theta: ArrayLike<number>): Float64Array {
  const { d, K } = layout;
  const baseline = K > 1 && !layout.symmetric;
  // Class 0's counterpart of θ entry i: its own row of W (i mod d), or b[0].
  // Stryker disable next-line EqualityOperator: i = d·K is b_0, which the baseline form (classes 1…K−1) never indexes, so < and <= pick the same entries
  return Float64Array.from(thetaIndex(layout), (i) => theta[i] - (baseline ? theta[i < d * K ? i % d : d * K] : 0));
}

/** The inverse of toTermOrder: θ with class 0 zero in the baseline form and b zero without intercept. */
export function fromTermOrder(layout: TermLayout, beta: ArrayLike<number>): Float64Array {
  const theta = new Float64Array(layout.d * layout.K + layout.K);
  thetaIndex(layout).forEach((i, k) => (theta[i] = beta[k]));
  return theta;
}

/** Bytes of working rows per chunk: enough rows to amortise the per-chunk QR, O(chunk·P) memory. */
const CHUNK_BLOCK_BYTES = 4 * 2 ** 20;
/**
 * 256 rows keep a chunk's working rows cache-resident (256 × 65 × 8 B = 133 KB at p = 64) while
 * the (p+1) triangle rows stacked on each chunk stay a small overhead; measured ~15% faster than
 * 2048 rows on 1M × 16 and 300k × 64 Newton fits (64 to 512 rows were within noise of it).
 * The pass computes η in the context's ETA scratch, which holds CHUNK_ROWS (= 256) rows.
 */
const MAX_CHUNK_ROWS = CHUNK_ROWS;

/** Observations per chunk of the Newton pass. */
export function chunkObservations(layout: TermLayout): number {
  const stride = layout.size + 1;
  return Math.max(1, Math.min(MAX_CHUNK_ROWS, Math.floor(CHUNK_BLOCK_BYTES / (8 * stride * layout.rowsPerObservation))));
}

/** The WASM scratch (bytes) a Fisher-scoring workspace needs, by region name. */
export function fisherScoringRegions(layout: TermLayout): Record<string, number> {
  const P = layout.size;
  const stride = P + 1;
  const chunk = chunkObservations(layout);
  const blockRows = Math.max(chunk * layout.rowsPerObservation, P);
  const q = layout.K - 1;
  return {
    newtonMask: P * 8,
    newtonSkip: P * 8,
    newtonStep: P * 8,
    newtonR: stride * stride * 8,
    newtonBlock: blockRows * stride * 8,
    newtonWork: chunk * Math.max(2, q * (q + 1), layout.K) * 8,
  };
}

/**
 * The host side of assembly/irls.ts and assembly/linalg/householder.ts on one session's data:
 * puts θ into the session's context, writes the column mask, runs a pass, appends rows,
 * back-substitutes.
 * Views are made fresh on every access (memory may grow between calls).
 */
export class FisherScoring {
  readonly chunk: number;
  readonly stride: number;
  private readonly float32: boolean;

  constructor(
    private readonly session: DataSession,
    readonly layout: TermLayout,
    private readonly ptr: Record<string, Pointer>,
    /** The session's storage type of X, y and sampleWeight. */
    dtype: "float32" | "float64",
  ) {
    this.float32 = dtype === "float32";
    this.chunk = chunkObservations(layout);
    this.stride = layout.size + 1;
  }

  private f64(region: string, length: number): Float64Array {
    return new Float64Array(this.session.memory.buffer, this.ptr[region], length);
  }

  /** The session's context, at θ (the one layout): the kernels read it there. */
  private at(theta: Theta): Pointer {
    this.session.writeParameters(theta);
    return this.session.context.currentExactTheta();
  }

  /**
   * Folds all working rows at θ into R, column j (term order) multiplied by columnWeights[j] (0
   * leaves it out; a power of two equilibrates it, see column-scaling.ts); returns Σ s·nll at θ.
   * Afterwards R holds the triangular factor of those columns and Qᵀu. With `supportOnly` every
   * row with a positive prior weight counts once (for rank tests; the value returned is then not
   * the loss). θ stays in the session's context.
   */
  pass(theta: Theta, columnWeights: ArrayLike<number>, supportOnly = false): number {
    this.f64("newtonMask", this.layout.size).set(columnWeights);
    this.f64("newtonR", this.stride * this.stride).fill(0);
    const s = this.session;
    const run = this.float32 ? s.exports.newtonPassF32 : s.exports.newtonPassF64;
    const p = this.ptr;
    return run(
      s.context.header.pointer, this.at(theta), 0, s.n, this.layout.symmetric ? 1 : 0, p.newtonMask, p.newtonR, p.newtonBlock, p.newtonWork,
      this.chunk, supportOnly ? 1 : 0,
    );
  }

  /** Rows with s > 0 whose fitted probabilities are within threshold of 0 or 1 at θ (bernoulli, multinomial). */
  extremeFits(theta: Theta, threshold: number): number {
    const s = this.session;
    const run = this.float32 ? s.exports.extremeFitsF32 : s.exports.extremeFitsF64;
    return run(s.context.header.pointer, this.at(theta), 0, s.n, threshold);
  }

  /** A copy of R ((P+1)×(P+1), row-major). */
  triangle(): Float64Array {
    return Float64Array.from(this.f64("newtonR", this.stride * this.stride));
  }

  /**
   * Appends ridge rows: for every j with entry[j] > 0 the row entry[j]·e_j with response
   * response[j]. (L2 augmentation: ‖Aδ − u‖² + Σ (entry_j·δ_j − response_j)².) The entry is taken
   * as given, not as the square root of a weight, so an equilibrated √(W·l2)·c_j cannot overflow.
   */
  appendDiagonalRows(entry: ArrayLike<number>, response: ArrayLike<number>): void {
    const P = this.layout.size;
    const rows: number[] = [];
    for (let j = 0; j < P; j++) if (entry[j] > 0) rows.push(j);
    const m = rows.length;
    if (m === 0) return;
    const block = this.f64("newtonBlock", m * this.stride);
    block.fill(0);
    rows.forEach((j, r) => {
      block[r + j * m] = entry[j];
      block[r + P * m] = response[j];
    });
    this.session.exports.stackRows(this.ptr.newtonR, this.stride, this.ptr.newtonBlock, m, this.stride);
  }

  /** Solves R·δ = Qᵀu; coordinates with skip[j] set (or a zero diagonal) come out 0. */
  solve(skip: ArrayLike<number>): Float64Array {
    const P = this.layout.size;
    this.f64("newtonSkip", P).set(skip);
    this.session.exports.solveUpper(this.ptr.newtonR, this.stride, P, this.ptr.newtonSkip, this.ptr.newtonStep);
    return Float64Array.from(this.f64("newtonStep", P));
  }
}

/**
 * κ₁(R) = ‖R‖₁·‖R⁻¹‖₁ of the leading P×P triangle (row-major, stride P + 1) over the columns with
 * mask ≠ 0: exact, by back-substituting every unit vector (P³/6 flops, nothing next to a pass over
 * the data for the P ≤ 200 Newton is used for). Infinity if a kept diagonal entry is zero.
 * see: Higham, "Accuracy and Stability of Numerical Algorithms" (2nd ed.), §8.3 (triangular condition numbers).
 */
export function triangleCondition(R: Float64Array, mask: ArrayLike<number>, P: number): number {
  const stride = P + 1;
  const kept: number[] = [];
  for (let j = 0; j < P; j++) if (mask[j] !== 0) kept.push(j);
  let normR = 0;
  let normInverse = 0;
  const x = new Float64Array(P);
  for (const k of kept) {
    let column = 0;
    for (const i of kept) if (i <= k) column += Math.abs(R[i * stride + k]);
    normR = Math.max(normR, column);
    if (R[k * stride + k] === 0) return Infinity;
    // Column k of R⁻¹: R·x = e_k, x zero below k.
    x.fill(0);
    let inverseColumn = 0;
    for (let a = kept.indexOf(k); a >= 0; a--) {
      const i = kept[a];
      let sum = i === k ? 1 : 0;
      for (let b = a + 1; b < kept.length && kept[b] <= k; b++) sum -= R[i * stride + kept[b]] * x[kept[b]];
      x[i] = sum / R[i * stride + i];
      inverseColumn += Math.abs(x[i]);
    }
    normInverse = Math.max(normInverse, inverseColumn);
  }
  return normR * normInverse;
}
