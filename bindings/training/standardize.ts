import type { ValidatedOptions } from "../options.js";
import type { DataSession } from "../session.js";
import type { InformationFactor } from "../inference/information.js";
import { columnMoments } from "../regularization/standardization.js";
import { floatView } from "../wasm/arena.js";

/**
 * standardize: true for every optimizer but "cd" (which keeps X as given and scales its penalty by
 * s_j instead: the same objective): the columns' weighted centres m_j (0 without an intercept) and
 * scales s_j (0: constant, fixed at 0).
 */
export interface ColumnStandardization {
  readonly centre: Float64Array;
  readonly scale: Float64Array;
}

/**
 * Replaces the training session's X, in WASM, by z_ij = (x_ij − m_j)/s_j with its rows' weighted
 * moments (columnMoments, the definition cd and paths use); `held` (the validation rows) gets the
 * same m and s. A constant column becomes 0, so its coefficient stays 0 as glmnet's. The optimizer
 * then minimises the objective of the standardised problem, (l2/2)·‖w̃‖² on its coefficients w̃.
 */
export function standardizeSessions(train: DataSession, held: DataSession | null, o: ValidatedOptions): ColumnStandardization {
  const { n, d } = train;
  const weights = train.weighted ? floatView(train.memory, o.dtype, train.pointer("sampleWeight"), n) : undefined;
  const { centre, scale } = columnMoments(floatView(train.memory, o.dtype, train.pointer("X"), n * d), n, d, weights, train.weightTotal, o.fitIntercept);
  for (const session of held ? [train, held] : [train]) {
    const X = floatView(session.memory, o.dtype, session.pointer("X"), session.n * d);
    for (let i = 0; i < X.length; i += d) {
      for (let j = 0; j < d; j++) X[i + j] = scale[j] > 0 ? (X[i + j] - centre[j]) / scale[j] : 0;
    }
  }
  return { centre, scale };
}

/**
 * θ = [W class-major | b] on the original columns of θ̃ fitted to standardised ones: from
 * η = b̃ + Σ_j w̃_j·(x_j − m_j)/s_j,  w_j = w̃_j/s_j (0 for a constant column) and b = b̃ − Σ_j w_j·m_j,
 * per class. The linear predictor, hence every prediction and the likelihood, is unchanged.
 * see: Friedman, Hastie & Tibshirani (2010), J. Stat. Softw. 33(1), §2.4 (glmnet's back-transform).
 */
export function toOriginalScale(fitted: Float64Array, { centre, scale }: ColumnStandardization): Float64Array {
  const d = scale.length;
  const K = fitted.length / (d + 1);
  const theta = fitted.slice();
  for (let c = 0; c < K; c++) {
    for (let j = 0; j < d; j++) {
      const w = scale[j] > 0 ? fitted[c * d + j] / scale[j] : 0;
      theta[c * d + j] = w;
      theta[d * K + c] -= w * centre[j];
    }
  }
  return theta;
}

/**
 * The information factor of the original parameters θ from the standardised fit's: θ̃ = B·θ with,
 * per output block in term order [b, w_0 … w_{d−1}], B = [[1, mᵀ], [0, diag(s)]], so
 * I(θ) = Bᵀ·Ĩ·B and R = R̃·B (still upper triangular: B is, and the intercept precedes its block's
 * features). The penalised factor maps alike, so every covariance the summary offers is the
 * standardised one mapped exactly, Σ = B⁻¹·Σ̃·B⁻ᵀ. Constant columns keep their (zero) columns.
 * Without a standardisation (null) the factor is returned as it is.
 */
export function toOriginalFactor<F extends InformationFactor>(factor: F, standardization: ColumnStandardization | null): F {
  if (!standardization) return factor;
  const { centre, scale } = standardization;
  const { size: p, terms } = factor;
  const interceptOf = new Map<number, number>();
  terms.forEach((t, i) => t.feature < 0 && interceptOf.set(t.output, i));
  const mapR = (R: Float64Array) => {
    const out = R.slice();
    terms.forEach((t, col) => {
      const s = scale[t.feature];
      if (t.feature < 0 || !(s > 0)) return;
      const intercept = interceptOf.get(t.output) ?? -1;
      for (let row = 0; row <= col; row++) out[row * p + col] = s * R[row * p + col] + (intercept >= 0 ? centre[t.feature] * R[row * p + intercept] : 0);
    });
    return out;
  };
  const estimates = factor.estimates.map((v, i) => (terms[i].feature < 0 ? v : scale[terms[i].feature] > 0 ? v / scale[terms[i].feature] : 0));
  terms.forEach((t, i) => {
    const intercept = interceptOf.get(t.output);
    if (t.feature >= 0 && intercept !== undefined) estimates[intercept] -= estimates[i] * centre[t.feature];
  });
  return { ...factor, estimates, fisherR: mapR(factor.fisherR), penalizedR: factor.penalizedR && mapR(factor.penalizedR) };
}
