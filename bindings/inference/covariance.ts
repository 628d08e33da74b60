/**
 * Covariance matrices from triangular factors. Everything here works on upper-triangular R with
 * RᵀR = (information or penalised Hessian), by Givens rotations and triangular solves; XᵀWX is
 * never formed or inverted. Matrices are p×p, row-major, Float64Array.
 */
import { RANK_TOLERANCE } from "../optimizers/rank.js";

/**
 * √(a² + b²) without overflow, from +, ×, ÷ and √ only. Math.hypot is implementation-defined (its
 * last bit may differ between engines); this keeps summaries bit-identical in Node and browsers.
 */
function hypot(a: number, b: number): number {
  const x = Math.abs(a);
  const y = Math.abs(b);
  const larger = Math.max(x, y);
  if (larger === 0 || larger === Infinity) return larger;
  const ratio = Math.min(x, y) / larger;
  return larger * Math.sqrt(1 + ratio * ratio);
}

export interface CovarianceRequest {
  /** p, the number of parameters (terms). */
  readonly size: number;
  /** The terms to estimate, ascending: not aliased and not already known to carry no information. */
  readonly candidates: readonly number[];
  /**
   * The K intercept terms of a symmetric multinomial fit, whose common shift carries no
   * information (the fit reports them centred, Σ = 0); null otherwise. The covariance is then taken
   * under that constraint, and every intercept, the centred last one included, gets a variance.
   */
  readonly centredIntercepts: readonly number[] | null;
  /**
   * true when the candidates were already found to be of full rank (informationFactor's test, on
   * the rows that count, unweighted): only an exactly zero or non-finite pivot is then taken as
   * dependent, since R's relative rule on a weighted factor mistakes a row of huge weight for
   * rank deficiency of every other column.
   */
  readonly rankChecked?: boolean;
}

export interface CovarianceOutcome {
  /** p×p; NaN in the rows and columns of terms without a variance. */
  readonly matrix: Float64Array;
  /** Terms that have a variance. */
  readonly estimated: readonly number[];
  /** Candidates found to carry no information given the earlier ones (R's rule on the factor). */
  readonly singular: readonly number[];
}

/** The inverse (RᵀR)⁻¹ = R⁻¹R⁻ᵀ: the inverse Fisher information, or the inverse penalised Hessian. */
export function inverseCovariance(R: Float64Array, request: CovarianceRequest): CovarianceOutcome {
  const { factor, kept, singular } = reduceToFullRank(R, request);
  const m = kept.length;
  const inverse = upperTriangularInverse(factor, m);
  const small = new Float64Array(m * m);
  // (R⁻¹R⁻ᵀ)ᵢⱼ = Σ_{k ≥ max(i,j)} R⁻¹ᵢₖ R⁻¹ⱼₖ, since R⁻¹ is upper triangular
  for (let i = 0; i < m; i++) {
    for (let j = i; j < m; j++) {
      let sum = 0;
      for (let k = j; k < m; k++) sum += inverse[i * m + k] * inverse[j * m + k];
      small[i * m + j] = sum;
      small[j * m + i] = sum;
    }
  }
  return finish(small, kept, singular, request);
}

/**
 * The sandwich H⁻¹·I·H⁻¹ with H = RₕᵀRₕ (penalised Hessian) and I = RᵢᵀRᵢ (Fisher information),
 * computed as BᵀB with B = Rᵢ·H⁻¹ = Rᵢ·Rₕ⁻¹·Rₕ⁻ᵀ, so that only triangular factors are touched.
 * see: White (1982), Econometrica 50(1), eq. 3.4; Wood, Generalized Additive Models (2nd ed.),
 *   §6.10.1 (frequentist covariance of a penalised estimator)
 */
export function sandwichCovariance(penalizedR: Float64Array, fisherR: Float64Array, request: CovarianceRequest): CovarianceOutcome {
  const { factor, kept, singular } = reduceToFullRank(penalizedR, request);
  const m = kept.length;
  const p = request.size;
  const inverse = upperTriangularInverse(factor, m);
  // B = Rᵢ[:, kept]·Rₕ⁻¹·Rₕ⁻ᵀ, built as (Rᵢ[:, kept]·Rₕ⁻¹)·Rₕ⁻ᵀ
  const left = new Float64Array(p * m);
  for (let r = 0; r < p; r++) {
    for (let j = 0; j < m; j++) {
      let sum = 0;
      for (let k = 0; k <= j; k++) sum += fisherR[r * p + kept[k]] * inverse[k * m + j];
      left[r * m + j] = sum;
    }
  }
  const B = new Float64Array(p * m);
  for (let r = 0; r < p; r++) {
    for (let j = 0; j < m; j++) {
      let sum = 0;
      for (let k = j; k < m; k++) sum += left[r * m + k] * inverse[j * m + k];
      B[r * m + j] = sum;
    }
  }
  const small = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    for (let j = i; j < m; j++) {
      let sum = 0;
      for (let r = 0; r < p; r++) sum += B[r * m + i] * B[r * m + j];
      small[i * m + j] = sum;
      small[j * m + i] = sum;
    }
  }
  return finish(small, kept, singular, request);
}

/** X⁻¹ of an upper-triangular m×m matrix by back substitution, column by column. */
export function upperTriangularInverse(R: Float64Array, m: number): Float64Array {
  const inverse = new Float64Array(m * m);
  for (let col = 0; col < m; col++) {
    inverse[col * m + col] = 1 / R[col * m + col];
    for (let i = col - 1; i >= 0; i--) {
      let sum = 0;
      for (let k = i + 1; k <= col; k++) sum += R[i * m + k] * inverse[k * m + col];
      inverse[i * m + col] = -sum / R[i * m + i];
    }
  }
  return inverse;
}

/**
 * The triangular factor of the kept terms' block of RᵀR: R[:, kept] (p×m, the same Gram matrix)
 * brought back to upper-triangular form by Givens rotations. Columns with |R'ⱼⱼ| ≤ 1e-11·‖R[:, j]‖
 * (R's rank rule; column norms are those of the data, which Q preserves) are dropped one at a time,
 * as R's dqrdc2 does. In the symmetric multinomial form the last intercept is left out from the
 * start: the likelihood only sees intercept differences.
 * see: Golub & Van Loan, Matrix Computations (4th ed.), §5.1.8 (Givens), §6.5 (updating QR);
 *   R src/appl/dqrdc2.f
 */
function reduceToFullRank(R: Float64Array, request: CovarianceRequest): { factor: Float64Array; kept: number[]; singular: number[] } {
  const shiftReference = request.centredIntercepts ? request.centredIntercepts[request.centredIntercepts.length - 1] : -1;
  let kept = request.candidates.filter((j) => j !== shiftReference);
  const singular: number[] = [];
  for (;;) {
    const factor = triangularColumns(R, request.size, kept);
    const m = kept.length;
    let dependent = -1;
    for (let j = 0; j < m && dependent < 0; j++) {
      let norm = 0;
      for (let r = 0; r < request.size; r++) norm = hypot(norm, R[r * request.size + kept[j]]);
      const diagonal = Math.abs(factor[j * m + j]);
      const threshold = request.rankChecked ? 0 : RANK_TOLERANCE * norm;
      if (!(diagonal > threshold && diagonal < Infinity)) dependent = j;
    }
    if (dependent < 0) return { factor, kept, singular };
    singular.push(kept[dependent]);
    kept = kept.filter((_, j) => j !== dependent);
  }
}

/** Upper-triangular m×m factor of R[:, columns] (p×m) via Givens rotations. */
function triangularColumns(R: Float64Array, p: number, columns: readonly number[]): Float64Array {
  const m = columns.length;
  const A = new Float64Array(p * m);
  for (let r = 0; r < p; r++) for (let j = 0; j < m; j++) A[r * m + j] = R[r * p + columns[j]];
  for (let c = 0; c < m; c++) {
    for (let r = c + 1; r < p; r++) {
      const b = A[r * m + c];
      if (b === 0) continue;
      const a = A[c * m + c];
      const radius = hypot(a, b);
      const cos = a / radius;
      const sin = b / radius;
      for (let j = c; j < m; j++) {
        const top = A[c * m + j];
        const bottom = A[r * m + j];
        A[c * m + j] = cos * top + sin * bottom;
        A[r * m + j] = -sin * top + cos * bottom;
      }
    }
  }
  return A.subarray(0, m * m).slice();
}

/**
 * Places the kept block into p×p. In the symmetric multinomial form the kept parameters φ hold
 * intercepts measured against the left-out last one; the reported intercepts are the centred
 * θ = T·φ (θₖ = φₖ − mean(φ₀ … φ_{K−2}, 0)), so the covariance is T·Σ·Tᵀ.
 */
function finish(small: Float64Array, kept: number[], singular: number[], request: CovarianceRequest): CovarianceOutcome {
  const p = request.size;
  const m = kept.length;
  const intercepts = request.centredIntercepts;
  const reference = intercepts ? intercepts[intercepts.length - 1] : -1;
  const shift = intercepts !== null && intercepts.every((j) => j === reference || kept.includes(j));
  const estimated = shift ? [...kept, reference].sort((a, b) => a - b) : kept;
  // T: p×m, identity on the kept terms, centring on the intercepts
  const T = new Float64Array(p * m);
  kept.forEach((term, k) => (T[term * m + k] = 1));
  if (shift) {
    const K = intercepts!.length;
    kept.forEach((term, k) => {
      if (!intercepts!.includes(term)) return;
      for (const target of intercepts!) T[target * m + k] -= 1 / K;
    });
  }
  const TS = new Float64Array(p * m);
  for (let i = 0; i < p; i++) {
    for (let k = 0; k < m; k++) {
      const t = T[i * m + k];
      if (t !== 0) for (let j = 0; j < m; j++) TS[i * m + j] += t * small[k * m + j];
    }
  }
  const matrix = new Float64Array(p * p).fill(NaN);
  for (const i of estimated) {
    for (const j of estimated) {
      let sum = 0;
      for (let k = 0; k < m; k++) sum += TS[i * m + k] * T[j * m + k];
      matrix[i * p + j] = sum;
    }
  }
  // without the centring (another intercept has no information) the left-out one has no variance either
  const referenceUnestimated = intercepts !== null && !shift && request.candidates.includes(reference);
  return { matrix, estimated, singular: referenceUnestimated ? [...singular, reference] : singular };
}
