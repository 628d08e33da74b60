import type { ValidatedOptions } from "../options.js";
import type { DataSession, Theta } from "../session.js";

/**
 * Which entries of θ = [W | b] L-BFGS moves. Multinomial fits without a penalty use the baseline form
 * (class 0's coefficients and intercept fixed at 0, like statsmodels MNLogit), since the symmetric
 * form has no unique optimum then; with l2 > 0 every class is free. Intercepts only when fitted.
 */
export interface FreeParameters {
  readonly firstClass: number;
  readonly fitIntercept: boolean;
}

export function freeParameters(o: ValidatedOptions): FreeParameters {
  const baseline = o.family.name === "multinomial" && o.l2 === 0;
  return { firstClass: baseline ? 1 : 0, fitIntercept: o.fitIntercept };
}

/** Variances below this (per unit weight) count as 0: y carries no information on the curvature. */
const CURVATURE_FLOOR = 1e-8;

/**
 * L-BFGS runs on standardised coordinates x' = (W', b'), an affine map of the model's θ = [W | b].
 * With an intercept:
 *   w_cj = u_j·w'_cj,   b_c = b'_c − Σ_j m_j·w_cj,
 * so that x·w_c + b_c = Σ_j u_j·(x_j − m_j)·w'_cj + b'_c: every column centred on its weighted
 * mean m_j and divided by σ̃_j = 1/u_j. The objective is evaluated by the usual kernels at the
 * mapped (W, b) — no copy of the data — and keeps its penalty Σ f_j·(l2/2)·w_cj² on the original w. The
 * gradient follows by the chain rule:
 *   ∂f/∂w'_cj = u_j·(∂f/∂w_cj − m_j·∂f/∂b_c),   ∂f/∂b'_c = ∂f/∂b_c.
 * With σ̃_j² = s_j² + l2·f_j/v (s_j the column's weighted standard deviation, f_j its penalty factor, v the nll's curvature
 * at the intercept-only fit), the diagonal of the Hessian in x' at the start is v for every
 * coordinate, data and penalty parts together: a diagonal (Jacobi) preconditioner, and the exact
 * Hessian up to the columns' correlation.
 * Without an intercept nothing absorbs the means, and columns far from zero share one huge
 * direction (their second-moment matrix is mmᵀ + diag(σ̃²)); there w_c = D⁻¹·A·w'_c with
 * D = diag(σ̃), A = (I + aaᵀ)^(−1/2) = I + β·aaᵀ, a = D⁻¹m, β = −1/(√(1+t)(1+√(1+t))), t = ‖a‖²,
 * which whitens that matrix exactly (Aᵀ(I + aaᵀ)A = I); the gradient maps as g'_c = A·D⁻¹·g_c.
 * see: Nocedal & Wright (2006), §7.2 ("the scaling of the variables") and eq. (7.20);
 *      glmnet's internal standardisation (Friedman, Hastie & Tibshirani, J. Stat. Softw. 33(1),
 *      2010, §2.4), which maps coefficients back to the original scale the same way; the rank-one
 *      square root: Golub & Van Loan, Matrix Computations, 4th ed., §12.5 (rank-one updates).
 */
export class StandardisedCoordinates {
  /** Weighted column means, subtracted via the intercept (zeros without one). */
  readonly means: Float64Array;
  /** u_j = 1/σ̃_j. */
  readonly inverseScales: Float64Array;
  /** Without an intercept: a = D⁻¹m, β (A = I + β·aaᵀ) and γ (A⁻¹ = I + γ·aaᵀ); null with one. */
  private readonly rankOne: { a: Float64Array; beta: number; gamma: number } | null;

  constructor(
    private readonly free: FreeParameters,
    private readonly d: number,
    private readonly K: number,
    columns: { means: Float64Array; spreads: Float64Array },
    /** The ridge's curvature per column, l2·fⱼ (fⱼ the rescaled penalty factors). */
    ridge: ArrayLike<number>,
    /** v, the curvature the penalty is weighed against. */
    readonly curvature: number,
  ) {
    // σ̃ = √(s² + l2·fⱼ/v) as max·√(1 + (min/max)²), which neither overflows nor underflows.
    this.inverseScales = columns.spreads.map((s, j) => {
      const penaltyScale = Math.sqrt(ridge[j] / curvature);
      const large = Math.max(s, penaltyScale);
      const small = Math.min(s, penaltyScale);
      const scale = large > 0 ? large * Math.sqrt(1 + (small / large) ** 2) : 0;
      const inverse = 1 / scale;
      return scale > 0 && Number.isFinite(scale) && Number.isFinite(inverse) ? inverse : 1;
    });
    if (free.fitIntercept) {
      this.means = columns.means;
      this.rankOne = null;
    } else {
      this.means = new Float64Array(d);
      const a = columns.means.map((m, j) => m * this.inverseScales[j]);
      const t = dot(a, a);
      const root = Math.sqrt(1 + t);
      const beta = -1 / (root * (1 + root));
      this.rankOne = Number.isFinite(t) && t > 0 ? { a, beta, gamma: -beta / (1 + beta * t) } : null;
    }
  }

  /**
   * Length of x': P = d·K + K. x' has θ's own layout [W' class-major | b'], so L-BFGS's packed
   * vector is a standardised θ; the fixed entries (class 0 in the baseline form, the intercepts
   * without one) stay 0 there, with gradient 0, so L-BFGS never moves them.
   */
  get length(): number {
    return this.d * this.K + this.K;
  }

  /** x' of the model parameters θ = [W | b] (the start). */
  fromModel(theta: Theta): Float64Array {
    const { d, K } = this;
    const x = new Float64Array(this.length);
    for (let c = this.free.firstClass; c < K; c++) {
      let shift = 0;
      for (let j = 0; j < d; j++) {
        x[c * d + j] = theta[c * d + j] / this.inverseScales[j];
        shift += this.means[j] * theta[c * d + j];
      }
      if (this.rankOne) this.applyRankOne(x.subarray(c * d, (c + 1) * d), this.rankOne.gamma);
      if (this.free.fitIntercept) x[d * K + c] = theta[d * K + c] + shift;
    }
    return x;
  }

  /** Writes the model parameters of x' into the free entries of θ (fixed entries keep theirs). */
  toModel(x: Float64Array, theta: Theta): void {
    const { d, K } = this;
    const column = new Float64Array(d);
    for (let c = this.free.firstClass; c < K; c++) {
      column.set(x.subarray(c * d, (c + 1) * d));
      if (this.rankOne) this.applyRankOne(column, this.rankOne.beta);
      let shift = 0;
      for (let j = 0; j < d; j++) {
        const w = column[j] * this.inverseScales[j];
        theta[c * d + j] = w;
        shift += this.means[j] * w;
      }
      if (this.free.fitIntercept) theta[d * K + c] = x[d * K + c] - shift;
    }
  }

  /** The gradient in x' (θ's layout, 0 on fixed entries) from the model gradient ∂f/∂θ, by the chain rule. */
  gradientFromModel(G: Theta): Float64Array {
    const { d, K } = this;
    const g = new Float64Array(this.length);
    for (let c = this.free.firstClass; c < K; c++) {
      const gb = this.free.fitIntercept ? G[d * K + c] : 0;
      for (let j = 0; j < d; j++) g[c * d + j] = this.inverseScales[j] * (G[c * d + j] - this.means[j] * gb);
      if (this.rankOne) this.applyRankOne(g.subarray(c * d, (c + 1) * d), this.rankOne.beta);
      if (this.free.fitIntercept) g[d * K + c] = gb;
    }
    return g;
  }

  /** v ← (I + factor·aaᵀ)·v in place. */
  private applyRankOne(v: Float64Array, factor: number): void {
    const { a } = this.rankOne!;
    const scale = factor * dot(a, v);
    for (let j = 0; j < v.length; j++) v[j] += scale * a[j];
  }
}

function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
}

/** A fresh view of a session region in its storage dtype. */
function regionView(session: DataSession, o: ValidatedOptions, region: string, length: number): Float32Array | Float64Array {
  const Kind = o.dtype === "float32" ? Float32Array : Float64Array;
  return new Kind(session.memory.buffer, session.pointer(region), length);
}

/**
 * Weighted column means and spreads of X in the session's memory, by passes over the data: the
 * largest |x| of each column, then the mean, then the sums of squared deviations and squares,
 * all of x/max|x|, so that no square overflows or underflows for any finite column (as LAPACK's
 * dnrm2 scales), and one pass does not cancel catastrophically for a column 1e4 spreads from
 * zero. A column without spread around its mean (constant) gets mean 0 and its root mean square
 * as spread: it is only scaled.
 * see: Chan, Golub & LeVeque, "Algorithms for computing the sample variance", Am. Stat. 37(3),
 *      1983 (the two-pass algorithm); Blue, ACM TOMS 4(1), 1978 (scaled sums of squares).
 */
export function columnMoments(session: DataSession, o: ValidatedOptions): { means: Float64Array; spreads: Float64Array } {
  const { n, d } = session;
  const X = regionView(session, o, "X", n * d);
  const s = session.weighted ? regionView(session, o, "sampleWeight", n) : null;
  const total = session.weightTotal;
  const largest = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) largest[j] = Math.max(largest[j], Math.abs(X[i * d + j]));
  const unit = largest.map((m) => (m > 0 ? m : 1));
  const means = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    const weight = s ? s[i] : 1;
    for (let j = 0; j < d; j++) means[j] += weight * (X[i * d + j] / unit[j]);
  }
  for (let j = 0; j < d; j++) means[j] /= total;
  const deviations = new Float64Array(d);
  const squares = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    const weight = s ? s[i] : 1;
    for (let j = 0; j < d; j++) {
      const x = X[i * d + j] / unit[j];
      const deviation = x - means[j];
      deviations[j] += weight * deviation * deviation;
      squares[j] += weight * x * x;
    }
  }
  const spreads = new Float64Array(d);
  for (let j = 0; j < d; j++) {
    const sd = unit[j] * Math.sqrt(deviations[j] / total);
    if (sd > 0) {
      spreads[j] = sd;
      means[j] *= unit[j];
    } else {
      spreads[j] = unit[j] * Math.sqrt(squares[j] / total);
      means[j] = 0;
    }
  }
  return { means, spreads };
}

/**
 * v: the second derivative of the mean nll in η at the intercept-only fit, from y alone — the
 * variance function at ȳ for the canonical links (1, ȳ(1 − ȳ), ȳ; for softmax the mean diagonal
 * π_c(1 − π_c) of diag(π) − ππᵀ with π the class shares).
 * see: McCullagh & Nelder, Generalized Linear Models, 2nd ed. (1989), §2.2.2, table 2.1.
 */
export function interceptOnlyCurvature(session: DataSession, o: ValidatedOptions): number {
  const { n, K } = session;
  if (o.family.name === "gaussian") return 1;
  const y = regionView(session, o, "y", n);
  const s = session.weighted ? regionView(session, o, "sampleWeight", n) : null;
  const shares = new Float64Array(o.family.name === "multinomial" ? K : 1);
  for (let i = 0; i < n; i++) {
    const weight = s ? s[i] : 1;
    if (o.family.name === "multinomial") shares[y[i]] += weight;
    else shares[0] += weight * y[i];
  }
  for (let c = 0; c < shares.length; c++) shares[c] /= session.weightTotal;
  let v: number;
  if (o.family.name === "poisson") v = shares[0];
  else if (o.family.name === "bernoulli") v = shares[0] * (1 - shares[0]);
  else v = shares.reduce((sum, pi) => sum + pi * (1 - pi), 0) / K;
  return Math.max(v, CURVATURE_FLOOR);
}
