// Plain-TS reference pieces for the regularisation tests, independent of the WASM kernels: the
// gradient of (1/W)·Σ s·nll, glmnet's weighted standard deviations and rescaled penalty factors,
// and the KKT conditions of f = (1/W)·Σ s·nll + Σⱼ fⱼ·((l2/2)·(σⱼwⱼ)² + l1·|σⱼwⱼ|).
export type FamilyName = "gaussian" | "bernoulli" | "poisson" | "multinomial";

export interface Problem {
  X: number[][];
  y: ArrayLike<number>;
  weights?: ArrayLike<number>;
  family: FamilyName;
  classes: number;
}

/** ∂/∂w_{jc} and ∂/∂b_c of (1/W)·Σ s·nll at feature-major coefficients (j·K + c). */
export function dataGradient(p: Problem, coefficients: ArrayLike<number>, intercept: ArrayLike<number>): { w: Float64Array; b: Float64Array } {
  const K = p.classes;
  const d = p.X[0].length;
  const gw = new Float64Array(d * K);
  const gb = new Float64Array(K);
  let W = 0;
  for (let i = 0; i < p.X.length; i++) {
    const s = p.weights ? p.weights[i] : 1;
    W += s;
    const eta = new Float64Array(K);
    for (let c = 0; c < K; c++) {
      eta[c] = intercept[c];
      for (let j = 0; j < d; j++) eta[c] += p.X[i][j] * coefficients[j * K + c];
    }
    const r = new Float64Array(K);
    if (p.family === "gaussian") r[0] = eta[0] - p.y[i];
    else if (p.family === "bernoulli") r[0] = 1 / (1 + Math.exp(-eta[0])) - p.y[i];
    else if (p.family === "poisson") r[0] = Math.exp(eta[0]) - p.y[i];
    else {
      const max = Math.max(...eta);
      const e = eta.map((v) => Math.exp(v - max));
      const total = e.reduce((a, v) => a + v, 0);
      for (let c = 0; c < K; c++) r[c] = e[c] / total - (p.y[i] === c ? 1 : 0);
    }
    for (let c = 0; c < K; c++) {
      gb[c] += s * r[c];
      for (let j = 0; j < d; j++) gw[j * K + c] += s * r[c] * p.X[i][j];
    }
  }
  return { w: gw.map((v) => v / W), b: gb.map((v) => v / W) };
}

/** Weighted standard deviations with 1/W (root mean squares without an intercept), as glmnet. */
export function columnScales(X: number[][], weights: ArrayLike<number> | undefined, centred: boolean): Float64Array {
  const d = X[0].length;
  const out = new Float64Array(d);
  for (let j = 0; j < d; j++) {
    let W = 0, m = 0;
    X.forEach((row, i) => { const s = weights ? weights[i] : 1; W += s; m += s * row[j]; });
    m = centred ? m / W : 0;
    let q = 0;
    X.forEach((row, i) => { q += (weights ? weights[i] : 1) * (row[j] - m) ** 2; });
    out[j] = Math.sqrt(q / W);
  }
  return out;
}

/** Penalty factors rescaled to sum to d (glmnet's vp). */
export function rescaledFactors(factors: ArrayLike<number> | undefined, d: number): Float64Array {
  const f = factors ? Float64Array.from(factors) : new Float64Array(d).fill(1);
  const total = f.reduce((a, v) => a + v, 0);
  return f.map((v) => (v * d) / total);
}

/**
 * The largest violation of the KKT conditions: for w ≠ 0, |∇ + l2·fσ²·w + l1·fσ·sign(w)|; for w = 0,
 * max(0, |∇| − l1·fσ); and |∂/∂b| for fitted intercepts. In the objective's units (per unit weight).
 */
export function kktViolation(
  p: Problem, coefficients: ArrayLike<number>, intercept: ArrayLike<number>, l1: number, l2: number,
  factors: Float64Array, scales: Float64Array, fitIntercept = true,
): number {
  const K = p.classes;
  const g = dataGradient(p, coefficients, intercept);
  let worst = 0;
  for (let j = 0; j < scales.length; j++) {
    const a1 = l1 * factors[j] * scales[j];
    const a2 = l2 * factors[j] * scales[j] * scales[j];
    for (let c = 0; c < K; c++) {
      const w = coefficients[j * K + c];
      const grad = g.w[j * K + c] + a2 * w;
      const v = w !== 0 ? Math.abs(grad + a1 * Math.sign(w)) : Math.max(0, Math.abs(grad) - a1);
      worst = Math.max(worst, v);
    }
  }
  if (fitIntercept) for (let c = 0; c < K; c++) worst = Math.max(worst, Math.abs(g.b[c] - (K > 1 ? g.b.reduce((a, v) => a + v, 0) / K : 0)));
  return worst;
}
