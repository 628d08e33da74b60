// Loads the reference fixtures copied from ../shared/reference (provenance inside each file:
// `source`, `versions`, `check`) and the small numeric helpers the tests share.
import { readFileSync } from "node:fs";
import { seededUniform } from "../browser/scenarios.js";

export interface Fixture {
  name: string;
  family: "gaussian" | "bernoulli" | "poisson" | "multinomial";
  fit_intercept: boolean;
  n: number;
  p: number;
  n_classes?: number;
  feature_names: string[];
  X: number[][];
  y: number[];
  weights?: number[];
  objective: { l2: number; l1: number; value_at_reference: number; value_at_reference_weighted?: number };
  reference: Record<string, any>;
  reference_weighted?: Record<string, any>;
}

export function loadFixture(name: string): Fixture {
  return JSON.parse(readFileSync(new URL(`../fixtures/${name}.json`, import.meta.url), "utf8"));
}

export function relativeError(actual: number, expected: number): number {
  return Math.abs(actual - expected) / Math.abs(expected);
}

/**
 * A step size that makes full-batch gradient descent converge: 1/L with L an upper bound on the
 * gradient's Lipschitz constant, λmax([1 X]ᵀ[1 X]/n)·c + l2, where c bounds the nll's curvature
 * (gaussian 1, bernoulli ¼, multinomial ½, poisson max(y) as a practical bound near the optimum).
 */
export function safeLearningRate(fx: Fixture): number {
  const curvature = { gaussian: 1, bernoulli: 0.25, poisson: Math.max(...fx.y), multinomial: 0.5 }[fx.family];
  const d = fx.X[0].length;
  let v = new Float64Array(d + 1).fill(1);
  let lambda = 0;
  for (let iteration = 0; iteration < 200; iteration++) {
    const u = new Float64Array(d + 1);
    for (const row of fx.X) {
      let s = v[d];
      for (let j = 0; j < d; j++) s += row[j] * v[j];
      u[d] += s;
      for (let j = 0; j < d; j++) u[j] += s * row[j];
    }
    const norm = Math.hypot(...u);
    lambda = norm / fx.X.length;
    v = u.map((x) => x / norm);
  }
  return 1 / (lambda * curvature + fx.objective.l2);
}

/** Deterministic pseudo-random numbers (mulberry32, the cross-environment scenarios' generator) for synthetic test data. */
export const seededRandom: (seed: number) => () => number = seededUniform;

/** A synthetic data set for a family: n rows × d standard-ish normal features and a valid y. */
export function syntheticData(family: Fixture["family"], n: number, d: number, seed: number, classes = 3) {
  const random = seededRandom(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const X = Array.from({ length: n }, () => Array.from({ length: d }, normal));
  const truth = Array.from({ length: d * classes }, () => 0.5 * normal());
  const y = X.map((row) => {
    const eta = (c: number) => row.reduce((s, x, j) => s + x * truth[c * d + j], 0);
    switch (family) {
      case "gaussian": return 1 + eta(0) + 0.3 * normal();
      case "bernoulli": return random() < 1 / (1 + Math.exp(-eta(0))) ? 1 : 0;
      case "poisson": {
        // capped so e^−μ stays far from underflow, or Knuth's product method below never ends
        const mu = Math.min(100, Math.exp(0.3 + 0.5 * eta(0)));
        let k = 0;
        for (let p = Math.exp(-mu), s = p, u = random(); u > s; s += p) p *= mu / ++k;
        return k;
      }
      default: {
        const scores = Array.from({ length: classes }, (_, c) => eta(c) - Math.log(-Math.log(1 - random() * 0.999999)));
        return scores.indexOf(Math.max(...scores));
      }
    }
  });
  return { X, y };
}
