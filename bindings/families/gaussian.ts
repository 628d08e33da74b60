import { ln } from "../special/elementary.js";
import type { Family } from "./family.js";
import { weightedMean } from "./family.js";

/**
 * Gaussian, identity link: nll(η) = ½(y − η)².
 * Log-likelihood at σ̂² = RSS/W (the MLE of σ², statsmodels OLS `llf`):
 *   ℓ = −(W/2)·(log(2π·σ̂²) + 1), with RSS = 2·Σ sᵢ·nllᵢ.
 */
export const gaussian: Family = {
  name: "gaussian",
  abiId: 0,
  link: "identity",
  responseDomain: "any finite real number",
  nll: "½(y − η)²",
  checkResponse: () => null,
  interceptStart: (y, weights) => Float64Array.of(weightedMean(y, weights)),
  logLikelihood(dataLoss, weightTotal) {
    const sigma2 = (2 * dataLoss) / weightTotal;
    return -0.5 * weightTotal * (ln(2 * Math.PI * sigma2) + 1);
  },
};
