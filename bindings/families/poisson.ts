import { ln } from "../special/elementary.js";
import { logGamma } from "../special/gamma.js";
import type { Family } from "./family.js";
import { weightedMean } from "./family.js";

/** Floor for the intercept-only start when every count is 0 (log 0 = −∞). */
const START_MEAN_FLOOR = 1e-6;

/**
 * Poisson, log link: nll(η) = e^η − yη. The log-likelihood adds back the constant the nll drops:
 *   ℓ = −Σ sᵢ·(nllᵢ + log yᵢ!)   (statsmodels GLM Poisson `llf`).
 */
export const poisson: Family = {
  name: "poisson",
  abiId: 2,
  link: "log",
  responseDomain: "a non-negative integer count",
  nll: "e^η − y·η",
  checkResponse: (value) =>
    value >= 0 && Number.isInteger(value) ? null : "poisson needs y to be a non-negative integer count",
  interceptStart: (y, weights) => Float64Array.of(ln(Math.max(START_MEAN_FLOOR, weightedMean(y, weights)))),
  logLikelihood(dataLoss, _weightTotal, y, weights) {
    let logFactorials = 0;
    for (let i = 0; i < y.length; i++) logFactorials += (weights ? weights[i] : 1) * logGamma(y[i] + 1);
    return -(dataLoss + logFactorials);
  },
};
