/**
 * Column equilibration for the exact fits: every column of the working rows is multiplied by a
 * power of two c_j that brings its largest entry into [1, 2), so Householder QR, the rank test and
 * the covariance see O(1) columns whatever the features' scale (X·1e-160 and X·1e160 alike), and the
 * results are mapped back exactly: β_j = c_j·β'_j, SE_j = c_j·SE'_j, R = R'·diag(c)⁻¹. Powers of two
 * make the scaling and its undoing exact (no rounding), short of the subnormal range.
 * see: Golub & Van Loan, "Matrix Computations" (4th ed.), §3.5.2 (scaling) and §5.3.7 (column
 *      scaling leaves Householder least squares essentially unchanged, so it costs no accuracy).
 */
import type { DataSession } from "../session.js";
import { floatView } from "../wasm/arena.js";
import type { TermLayout } from "./fisher-scoring.js";

const exponentBits = new DataView(new ArrayBuffer(8));

/** 2^−e for the binary exponent e of |v| > 0, so |v|·2^−e ∈ [1, 2); 1 for 0 and non-finite v. */
export function inversePowerOfTwo(v: number): number {
  const magnitude = Math.abs(v);
  if (!(magnitude > 0 && magnitude < Infinity)) return 1;
  // e read from the float64's exponent bits, exact on every engine (Math.log2 may be off by one
  // near powers of two); a subnormal's field is 0, e = −1023, which the clamp below takes to −1022.
  exponentBits.setFloat64(0, magnitude);
  const e = ((exponentBits.getUint16(0) >>> 4) & 0x7ff) - 1023;
  // 2^−e must be finite and normal, and 1/2^−e too: keep e inside [−1022, 1022].
  return 2 ** -Math.min(Math.max(e, -1022), 1022);
}

/**
 * √(Σ vᵢ²) without overflow or underflow (the squares are taken of v/max|v|), from +, ×, ÷, √
 * only, so every engine gives the same bits (Math.hypot may differ in the last bit).
 * see: LAPACK dnrm2 (scaled sum of squares).
 */
export function safeNorm(values: ArrayLike<number>, start = 0, end = values.length, stride = 1): number {
  let largest = 0;
  for (let i = start; i < end; i += stride) largest = Math.max(largest, Math.abs(values[i]));
  if (largest === 0 || !Number.isFinite(largest)) return largest;
  let sum = 0;
  for (let i = start; i < end; i += stride) {
    const ratio = values[i] / largest;
    sum += ratio * ratio;
  }
  return largest * Math.sqrt(sum);
}

export interface ColumnScaling {
  /** c_j per term (term order): a power of two, 1 for intercepts and all-zero columns. */
  readonly scale: Float64Array;
  /** Rows with a positive prior weight (all rows when unweighted). */
  readonly supportRows: number;
  /** Largest over smallest positive prior weight (1 when unweighted). */
  readonly weightSpan: number;
  /** The largest prior weight (1 when unweighted). */
  readonly heaviestWeight: number;
}

/**
 * c_j = 2^−e with max_i |x_ij| ∈ [2^e, 2^(e+1)) over the rows that count (sᵢ > 0), for every
 * feature, repeated in every block of the term layout. One pass over X in JS (n·d comparisons).
 */
export function columnScaling(session: DataSession, layout: TermLayout, dtype: "float32" | "float64"): ColumnScaling {
  const { n, d } = session;
  const X = floatView(session.memory, dtype, session.pointer("X"), n * d);
  const weights = session.weighted ? floatView(session.memory, dtype, session.pointer("sampleWeight"), n) : null;
  const largest = new Float64Array(d);
  let supportRows = 0;
  let heaviest = 1;
  let lightest = 1;
  for (let i = 0; i < n; i++) {
    if (weights !== null) {
      if (!(weights[i] > 0)) continue;
      heaviest = supportRows === 0 ? weights[i] : Math.max(heaviest, weights[i]);
      lightest = supportRows === 0 ? weights[i] : Math.min(lightest, weights[i]);
    }
    supportRows++;
    const row = i * d;
    for (let j = 0; j < d; j++) {
      const magnitude = Math.abs(X[row + j]);
      if (magnitude > largest[j]) largest[j] = magnitude;
    }
  }
  const scale = new Float64Array(layout.size).fill(1);
  const fi = layout.fitIntercept ? 1 : 0;
  for (let block = 0; block < layout.blocks; block++) {
    for (let j = 0; j < d; j++) scale[block * layout.termsPerBlock + fi + j] = inversePowerOfTwo(largest[j]);
  }
  return { scale, supportRows, weightSpan: heaviest / lightest, heaviestWeight: heaviest };
}

/** ‖R[0:j+1, j]‖ for every column j < P of a (P+1)×(P+1) row-major triangle: the data columns' norms, which Q preserves. */
export function triangleColumnNorms(R: Float64Array, P: number): Float64Array {
  const stride = P + 1;
  const norms = new Float64Array(P);
  // Stryker disable next-line EqualityOperator: j = P would only write norms[P], past the end of a typed array (a no-op)
  for (let j = 0; j < P; j++) norms[j] = safeNorm(R, j, j * stride + j + 1, stride);
  return norms;
}
