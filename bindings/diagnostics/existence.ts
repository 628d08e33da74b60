import { ln } from "../special/elementary.js";
import { SeparationError } from "../errors.js";
import type { ResolvedOptimizer, ValidatedOptions } from "../options.js";

/**
 * The checks that need only y (and the weights): with an unpenalised intercept, a y the intercept
 * alone can fit perfectly has no finite maximiser, whatever X is and whatever l2 is (l2 never
 * penalises the intercept). Rows with weight 0 do not count: they add nothing to the likelihood.
 *   bernoulli: every y is 0 (or every y is 1): b → ∓∞ drives the loss to 0;
 *   poisson: every count is 0: b → −∞ drives Σ e^η to 0;
 *   multinomial: a class c never occurs: b_c → −∞ drives its probability to 0 at no cost.
 * Without an intercept (fitIntercept: false) y alone decides nothing: [[1], [−1]] with y = [1, 1]
 * has its optimum at w = 0, while an all-positive column with the same y has none; that case is
 * left to the check after the fit (bindings/diagnostics/diverging-direction.ts). With l2 > 0 and
 * no such y, every direction of the coefficients is penalised, so a finite minimiser exists.
 * see: Albert & Anderson (1984), Biometrika 71(1), for the intercept-only case of separation.
 */
export function checkExistenceFromData(
  o: ValidatedOptions, y: ArrayLike<number>, sampleWeight: ArrayLike<number> | undefined, cols: number, optimizer: ResolvedOptimizer,
): void {
  if (!o.fitIntercept || o.family.name === "gaussian") return;
  const K = o.classes;
  const familyName = o.family.name;
  const counts = new Float64Array(familyName === "multinomial" ? K : 2);
  let rows = 0;
  for (let i = 0; i < y.length; i++) {
    const s = sampleWeight ? sampleWeight[i] : 1;
    if (!(s > 0)) continue;
    rows++;
    counts[familyName === "multinomial" ? y[i] : y[i] === 0 ? 0 : 1] += s;
  }
  let reason: string;
  let diverging: string[];
  if (familyName === "multinomial") {
    const absent = [...counts.keys()].filter((c) => counts[c] === 0);
    if (absent.length === 0) return;
    reason = absent.length === 1 ? `class ${absent[0]} never occurs in y` : `classes ${absent.join(", ")} never occur in y`;
    diverging = absent.map((c) => `intercept (class ${c})`);
  } else if (familyName === "bernoulli") {
    if (counts[0] > 0 && counts[1] > 0) return;
    reason = `every y is ${counts[1] > 0 ? 1 : 0}`;
    diverging = ["intercept"];
  } else {
    if (counts[1] > 0) return;
    reason = "every count y is 0";
    diverging = ["intercept"];
  }
  // The start every optimizer would take (zero-weight rows drop out of its weighted mean too).
  const intercept = o.family.interceptStart(y, sampleWeight, K);
  throw new SeparationError(
    diverging,
    0,
    rows,
    { coefficients: new Float64Array(cols * K), intercept, objective: interceptOnlyObjective(familyName, intercept, y, sampleWeight) },
    { family: familyName, optimizer, detectedBy: "data", reason },
  );
}

/** f = (1/W)·Σ sᵢ·nllᵢ(b) of an intercept-only model. */
function interceptOnlyObjective(family: "bernoulli" | "poisson" | "multinomial", b: Float64Array, y: ArrayLike<number>, sampleWeight: ArrayLike<number> | undefined): number {
  let loss = 0;
  let total = 0;
  let logSumExp = 0;
  if (family === "multinomial") {
    const top = b.reduce((max, v) => Math.max(max, v), -Infinity);
    let sum = 0;
    for (const v of b) sum += Math.exp(v - top);
    logSumExp = top + ln(sum);
  }
  for (let i = 0; i < y.length; i++) {
    const s = sampleWeight ? sampleWeight[i] : 1;
    if (!(s > 0)) continue;
    total += s;
    if (family === "multinomial") loss += s * (logSumExp - b[y[i]]);
    else if (family === "poisson") loss += s * (Math.exp(b[0]) - y[i] * b[0]);
    else loss += s * (softplus(b[0]) - y[i] * b[0]);
  }
  return loss / total;
}

/** log(1 + e^u) without overflow. */
export function softplus(u: number): number {
  return Math.max(u, 0) + Math.log1p(Math.exp(-Math.abs(u)));
}
