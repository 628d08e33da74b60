import { ln } from "../special/elementary.js";
import type { Family } from "./family.js";
import { weightedMean } from "./family.js";

/** Clamp for the intercept-only start, so all-0 or all-1 data starts finite. */
const START_PROBABILITY_FLOOR = 1e-6;

/** Bernoulli, logit link: nll(η) = log(1 + e^η) − yη; ℓ = −Σ sᵢ·nllᵢ exactly. */
export const bernoulli: Family = {
  name: "bernoulli",
  abiId: 1,
  link: "logit",
  responseDomain: "0 or 1",
  nll: "log(1 + e^η) − y·η",
  checkResponse: (value) => (value === 0 || value === 1 ? null : "bernoulli needs y to be 0 or 1"),
  interceptStart(y, weights) {
    const p = Math.min(1 - START_PROBABILITY_FLOOR, Math.max(START_PROBABILITY_FLOOR, weightedMean(y, weights)));
    return Float64Array.of(ln(p / (1 - p)));
  },
  logLikelihood: (dataLoss) => -dataLoss,
};
