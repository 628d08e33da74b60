import { ln } from "../special/elementary.js";
import type { Family } from "./family.js";

/** Floor on class frequencies for the intercept-only start, so an absent class starts finite. */
const START_FREQUENCY_FLOOR = 1e-6;

/**
 * Multinomial, softmax link over K classes: nll(η) = logsumexpₖ(ηₖ) − η_y; ℓ = −Σ sᵢ·nllᵢ.
 * The start is the intercept-only MLE, log class frequencies centred to sum 0 (symmetric form).
 */
export const multinomial: Family = {
  name: "multinomial",
  abiId: 3,
  link: "softmax",
  responseDomain: "a class label 0, 1, …, classes − 1",
  nll: "logsumexpₖ(ηₖ) − η_y",
  checkResponse: (value, classes) =>
    Number.isInteger(value) && value >= 0 && value < classes
      ? null
      : `multinomial with classes = ${classes} needs y to be an integer label in 0..${classes - 1}`,
  interceptStart(y, weights, classes) {
    const counts = new Float64Array(classes);
    for (let i = 0; i < y.length; i++) counts[y[i]] += weights ? weights[i] : 1;
    let total = 0;
    for (const c of counts) total += c;
    const start = counts.map((c) => ln(Math.max(START_FREQUENCY_FLOOR, c / total)));
    const mean = start.reduce((a, b) => a + b, 0) / classes;
    return start.map((v) => v - mean);
  },
  logLikelihood: (dataLoss) => -dataLoss,
};
