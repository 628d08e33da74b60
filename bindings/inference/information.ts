/**
 * The contract between the Newton/QR code (which computes Fisher information factors in WASM)
 * and the inference layer (which turns them into standard errors, tests and intervals).
 *
 * Terms are listed in "term order", the presentation of θ (the training context's one layout
 * [W class-major | b]) that the summary prints and the Newton system's columns follow:
 * for each output block c, [intercept (if fitted), x0 … x_{d−1}] (term k is θ entry
 * thetaIndex(layout)[k], optimizers/fisher-scoring.ts).
 * Output blocks: one for gaussian/bernoulli/poisson; for multinomial, classes 1..K−1 in the
 * baseline form (unpenalised fits, class 0 fixed at zero, like statsmodels MNLogit) or classes
 * 0..K−1 in the symmetric form (penalised fits, like scikit-learn).
 */
export interface TermIndex {
  /** "intercept" or the feature's name. */
  readonly term: string;
  /** Class index for multinomial, else 0. */
  readonly output: number;
  /** Column of X, or −1 for the intercept. */
  readonly feature: number;
}

export interface InformationFactor {
  /** Number of parameters p (length of `terms`). */
  readonly size: number;
  readonly terms: readonly TermIndex[];
  /** The estimates in term order. */
  readonly estimates: Float64Array;
  /**
   * Upper-triangular R (p×p, row-major) with RᵀR = I, the Fisher information of the log-likelihood
   * Σ sᵢ·ℓᵢ at the estimates (scale 1; the gaussian dispersion is applied by the inference layer),
   * obtained from a Householder QR of √W·X, never by inverting XᵀWX.
   * Aliased (dropped) terms have a zero row and column.
   */
  readonly fisherR: Float64Array;
  /**
   * Upper-triangular R of the penalised Hessian of W·f: RᵀR = I + W·l2·P (P diagonal: the
   * rescaled penalty factor fⱼ on each feature's terms, 1 without factors; 0 on intercepts). null when l2 = 0.
   */
  readonly penalizedR: Float64Array | null;
  /** true for terms dropped as exactly collinear/constant (their estimate is fixed at 0). */
  readonly aliased: readonly boolean[];
}
