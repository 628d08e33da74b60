// Seeded synthetic GLM data (gaussian, bernoulli, poisson) with standard-normal features, either
// independent or equicorrelated, for the exact-fit benchmark: the same (family, n, d, design,
// seed) always gives the same numbers.
import { Xoshiro256 } from "../baselines/plain-sgd.js";
import { normalStream } from "./data.js";

const TWO_POW_32 = 4294967296;

/**
 * How each family turns the linear predictor into a response. `signal` is the standard deviation
 * of x·β (β ~ N(0, signal²/d), x ~ N(0, I)): strong enough that the fit is informative, weak
 * enough that bernoulli stays far from separation and poisson means stay moderate.
 */
export const GLM_FAMILIES = {
  gaussian: { intercept: 0.5, signal: 1, describe: "y = 0.5 + x·β + 0.5·ε, s = 1" },
  bernoulli: { intercept: -0.5, signal: 1.5, describe: "y ~ Bernoulli(σ(−0.5 + x·β)), s = 1.5" },
  poisson: { intercept: 0.5, signal: 0.5, describe: "y ~ Poisson(exp(0.5 + x·β)), s = 0.5" },
};

/**
 * Poisson draw by multiplying uniforms until the product falls below e^(−μ) (fine for the small
 * means used here: about μ + 1 uniforms per draw).
 * see: D. E. Knuth, The Art of Computer Programming, vol. 2 (3rd ed.), §3.4.1, Algorithm Q.
 */
function poissonDraw(mean, uniform) {
  const limit = Math.exp(-mean);
  let count = 0;
  let product = uniform();
  while (product > limit) {
    count++;
    product *= uniform();
  }
  return count;
}

const sigmoid = (eta) => 1 / (1 + Math.exp(-eta));

/**
 * Feature designs. "isotropic": x ~ N(0, I), the Gram matrix's condition number ≈ 1, the easiest
 * case there is for gradient methods. "correlated": every pair of features has correlation
 * ρ = 0.5 (x = √(1−ρ)·z + √ρ·z₀, a shared factor z₀), the middle of the range Friedman, Hastie
 * and Tibshirani simulate (ρ = 0 … 0.95; "Regularization paths for generalized linear models via
 * coordinate descent", J. Stat. Softw. 33(1), 2010, §5.1); Gram eigenvalues 1 − ρ (d − 1 times)
 * and 1 + (d − 1)ρ, so κ = 1 + dρ/(1 − ρ) = 17 at d = 16. Each x_j stays N(0, 1) and x·β keeps
 * the variance it has in the isotropic design (in expectation over β).
 */
export const DESIGNS = {
  isotropic: { rho: 0, describe: "x ~ N(0, I)" },
  correlated: { rho: 0.5, describe: "x ~ N(0, Σ), Σ_jk = 0.5 for j ≠ k, 1 on the diagonal" },
};

/**
 * n rows of d standard-normal features (design: see DESIGNS) and a response of `family` (see
 * GLM_FAMILIES), row-major Float64Array X (pass as { data: X, rows: n, cols: d }) and Float64Array y.
 */
export function makeGlmProblem(family, n, d, seed = 2025, design = "isotropic") {
  const spec = GLM_FAMILIES[family];
  if (!spec) throw new RangeError(`family must be one of ${Object.keys(GLM_FAMILIES).join(", ")}, got ${family}`);
  const layout = DESIGNS[design];
  if (!layout) throw new RangeError(`design must be one of ${Object.keys(DESIGNS).join(", ")}, got ${design}`);
  const own = Math.sqrt(1 - layout.rho);
  const shared = Math.sqrt(layout.rho);
  const normal = normalStream(seed);
  const rng = new Xoshiro256(seed + 1);
  const uniform = () => (rng.nextU32() + 0.5) / TWO_POW_32;
  const beta = new Float64Array(d);
  for (let j = 0; j < d; j++) beta[j] = (spec.signal * normal()) / Math.sqrt(d);
  const X = new Float64Array(n * d);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let eta = spec.intercept;
    const base = i * d;
    const factor = layout.rho > 0 ? shared * normal() : 0;
    for (let j = 0; j < d; j++) {
      const x = own * normal() + factor;
      X[base + j] = x;
      eta += x * beta[j];
    }
    if (family === "gaussian") y[i] = eta + 0.5 * normal();
    else if (family === "bernoulli") y[i] = uniform() < sigmoid(eta) ? 1 : 0;
    else y[i] = poissonDraw(Math.exp(eta), uniform);
  }
  return { family, n, d, design, X, y, beta, intercept: spec.intercept };
}
