// Seeded GLM problems built to break optimizers that ignore scale: columns on scales 1e-3…1e4,
// offsets up to 1e4 column spreads from zero, equicorrelation up to ρ = 0.999, rare events
// (bernoulli with 0.5–2 % positives), large counts (poisson means 1e3–1e4), penalised and not,
// weighted and not, over all four families. Plain JS so that both the vitest suite
// (test/reliability/lbfgs-stress.test.ts) and the benchmark (bench/scenarios/lbfgs-stress.js) use it.
// The same (index, seed) gives the same problem on the same engine (mulberry32 uniforms; y goes
// through Math.exp/Math.log, which engines may round differently by an ulp, so the problems are
// not promised bit-identical across engines — each consumer generates and fits on one).
import { seededUniform } from "../browser/scenarios.js";

/** Multinomial class counts drawn from. */
const CLASS_COUNTS = [3, 4];
/** Equicorrelations of the latent features: λmin of their correlation matrix is 1 − ρ. */
const CORRELATIONS = [0, 0.5, 0.9, 0.99, 0.999];
/** log10 range of the column scales. */
const SCALE_EXPONENTS = { min: -3, max: 4 };
/** log10 range of a column's offset, in units of its own scale (when it has one). */
const OFFSET_EXPONENTS = { min: 0, max: 4 };
/** Penalties: none, or l2 = 10^u with u in this range (the penalty is on the original w). */
const L2_EXPONENTS = { min: -6, max: -1 };

/** Box–Muller on two uniforms (the first kept away from 0). */
function normalFrom(uniform) {
  return () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
}

/**
 * A Poisson count: Knuth's product of uniforms for small means (see: TAOCP vol. 2, §3.4.1), the
 * rounded normal approximation N(μ, μ) for μ > 50, where e^(−μ) would underflow the product.
 */
function poissonDraw(mean, uniform, normal) {
  if (mean > 50) return Math.max(0, Math.round(mean + Math.sqrt(mean) * normal()));
  const limit = Math.exp(-mean);
  let count = 0;
  for (let product = uniform(); product > limit; product *= uniform()) count++;
  return count;
}

const pick = (uniform, list) => list[Math.floor(uniform() * list.length)];
const between = (uniform, min, max) => min + (max - min) * uniform();
const logit = (p) => Math.log(p / (1 - p));

/**
 * How the response is drawn, per family. Each returns the kind of problem (for reports), the rows
 * and columns to use (rare events need more rows, or a handful of positives would be separable),
 * and y from the latent linear predictor.
 */
function responsePlan(family, uniform, normal) {
  switch (family) {
    case "gaussian": {
      const yScale = 10 ** between(uniform, -2, 3);
      const noise = pick(uniform, [0.01, 0.3, 1, 3]);
      const level = yScale * between(uniform, -5, 5);
      return { kind: `noise ${noise}, y scale ${yScale.toPrecision(2)}`, draw: (eta) => level + yScale * (eta + noise * normal()) };
    }
    case "bernoulli": {
      const rate = pick(uniform, [0.5, 0.2, "rare"]);
      const positives = rate === "rare" ? between(uniform, 0.005, 0.02) : rate;
      const intercept = logit(positives);
      return {
        kind: rate === "rare" ? `rare events ${(100 * positives).toFixed(1)} %` : `positives ≈ ${100 * positives} %`,
        rare: rate === "rare",
        draw: (eta) => (uniform() < 1 / (1 + Math.exp(-(intercept + eta))) ? 1 : 0),
      };
    }
    case "poisson": {
      const band = pick(uniform, [[0.2, 1], [10, 100], [1e3, 1e4]]);
      const mean = 10 ** between(uniform, Math.log10(band[0]), Math.log10(band[1]));
      return { kind: `mean ≈ ${mean.toPrecision(3)}`, draw: (eta) => poissonDraw(mean * Math.exp(eta), uniform, normal) };
    }
    default:
      throw new Error(`no single-output plan for ${family}`);
  }
}

/**
 * Problem number `index` of the suite with base `seed`: family index % 4, n rows 200–600 (rare
 * events 1,500–2,500 with d ≤ 4), d features 2–8. Column j is x_j = o_j + s_j·z_j with latent
 * z ~ N(0, Σ), Σ = (1 − ρ)I + ρ11ᵀ, scale s_j = 10^U(−3, 4) and, in half the columns, an offset
 * o_j = ±s_j·10^U(0, 4); the true linear predictor is z·β with β ~ N(0, signal²/d), so every
 * column matters on its own scale. Penalty l2 = 0 in a third of the problems, else 10^U(−6, −1);
 * frequency-like weights U(0.2, 3) in half; no intercept in one problem in eight.
 *
 * @returns {{ id: string, family: string, classes?: number, n: number, d: number, X: Float64Array,
 *   y: Float64Array, weights?: Float64Array, l2: number, fitIntercept: boolean, rho: number,
 *   scales: number[], offsets: number[], describe: string }}
 */
export function stressProblem(index, seed = 20261201) {
  const uniform = seededUniform((seed ^ Math.imul(index + 1, 0x9e3779b1)) >>> 0);
  const normal = normalFrom(uniform);
  const family = ["gaussian", "bernoulli", "poisson", "multinomial"][index % 4];
  const classes = family === "multinomial" ? pick(uniform, CLASS_COUNTS) : undefined;
  const plan = family === "multinomial" ? null : responsePlan(family, uniform, normal);
  const rare = plan?.rare === true;
  const d = rare ? 2 + Math.floor(uniform() * 3) : 2 + Math.floor(uniform() * 7);
  const n = rare ? 1500 + Math.floor(uniform() * 1001) : 200 + Math.floor(uniform() * 401);
  const rho = pick(uniform, CORRELATIONS);
  const scales = Array.from({ length: d }, () => 10 ** between(uniform, SCALE_EXPONENTS.min, SCALE_EXPONENTS.max));
  const offsets = scales.map((s) =>
    uniform() < 0.5 ? 0 : (uniform() < 0.5 ? -1 : 1) * s * 10 ** between(uniform, OFFSET_EXPONENTS.min, OFFSET_EXPONENTS.max),
  );
  const l2 = uniform() < 1 / 3 ? 0 : 10 ** between(uniform, L2_EXPONENTS.min, L2_EXPONENTS.max);
  const weighted = uniform() < 0.5;
  const fitIntercept = uniform() >= 1 / 8;
  // Poisson with large means is fitted on a narrower predictor spread, or e^η would span decades.
  const signal = family === "poisson" ? 0.5 : family === "gaussian" ? 1 : 1.2;
  const outputs = classes ?? 1;
  const beta = Array.from({ length: outputs * d }, () => (signal / Math.sqrt(d)) * normal());
  const classIntercepts = Array.from({ length: outputs }, () => between(uniform, -1.5, 1.5));

  const X = new Float64Array(n * d);
  const y = new Float64Array(n);
  const weights = weighted ? new Float64Array(n) : undefined;
  const z = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    const shared = normal();
    for (let j = 0; j < d; j++) {
      z[j] = Math.sqrt(rho) * shared + Math.sqrt(1 - rho) * normal();
      X[i * d + j] = offsets[j] + scales[j] * z[j];
    }
    const eta = (c) => {
      let sum = 0;
      for (let j = 0; j < d; j++) sum += beta[c * d + j] * z[j];
      return sum;
    };
    if (family === "multinomial") {
      // Gumbel-max: argmax_c (η_c + G_c) is a draw from softmax(η).
      let best = 0;
      let bestScore = Number.NEGATIVE_INFINITY;
      for (let c = 0; c < outputs; c++) {
        const score = classIntercepts[c] + eta(c) - Math.log(-Math.log(1 - uniform() * 0.999999));
        if (score > bestScore) [best, bestScore] = [c, score];
      }
      y[i] = best;
    } else {
      y[i] = plan.draw(eta(0));
    }
    if (weights) weights[i] = between(uniform, 0.2, 3);
  }
  const kind = plan ? plan.kind : `${classes} classes`;
  const describe =
    `#${index} ${family} (${kind}), n ${n}, d ${d}, ρ ${rho}, scales ${scales.map((s) => s.toExponential(0)).join("/")}, ` +
    `${offsets.some((o) => o !== 0) ? "offsets" : "no offsets"}, l2 ${l2 === 0 ? 0 : l2.toExponential(1)}, ` +
    `${weighted ? "weighted" : "unweighted"}${fitIntercept ? "" : ", no intercept"}`;
  return { id: `stress-${index}`, family, classes, n, d, X, y, weights, l2, fitIntercept, rho, scales, offsets, describe };
}

/** Problems 0 … count − 1 of the suite with base `seed`. */
export function stressProblems(count, seed) {
  return Array.from({ length: count }, (_, index) => stressProblem(index, seed));
}

/** Kinds of separation problem, drawn in turn; "overlap" and "strong" are usually not separated. */
const SEPARATION_KINDS = ["complete", "indicator", "partial", "strong", "overlap"];

/**
 * Separation problem number `index` (issue 8, item 7): bernoulli, multinomial (3 or 4 classes) or
 * poisson by index % 3, n 15–300 rows, d 1–6 columns x_j = o_j + s_j·z_j on the stress suite's
 * scales and offsets (in half the problems; the rest unit-scaled), frequency-like weights in half,
 * no intercept in one in ten. How y is drawn (`kind`):
 *   complete  — y is a deterministic function of z (sign or argmax of z·β): complete separation;
 *   indicator — a 0/1 column z₀ whose level 1 carries one outcome only (bernoulli: y = 1; poisson:
 *               y = 0; multinomial: one class never occurs there): quasi-complete separation;
 *   partial   — multinomial: class 0 never occurs above a threshold of z·β and the last class
 *               never below it, the others everywhere (a class separated from only some classes);
 *               bernoulli/poisson: as indicator, with one row of the level flipped (overlap, or not);
 *   strong    — logistic/softmax/Poisson draws with a strong signal (separated or not by chance);
 *   overlap   — the same draws with a moderate signal.
 * Whether a finite MLE exists is decided by the exact LP test of scripts/separation-lp.py, not here.
 */
export function separationProblem(index, seed = 20261202) {
  const uniform = seededUniform((seed ^ Math.imul(index + 1, 0x85ebca6b)) >>> 0);
  const normal = normalFrom(uniform);
  const family = ["bernoulli", "multinomial", "poisson"][index % 3];
  const kind = SEPARATION_KINDS[Math.floor(index / 3) % SEPARATION_KINDS.length];
  const classes = family === "multinomial" ? pick(uniform, CLASS_COUNTS) : undefined;
  const outputs = classes ?? 1;
  const d = 1 + Math.floor(uniform() * 6);
  const n = 15 + Math.floor(uniform() * 286);
  const scaled = uniform() < 0.5;
  const scales = Array.from({ length: d }, () => (scaled ? 10 ** between(uniform, SCALE_EXPONENTS.min, SCALE_EXPONENTS.max) : 1));
  const offsets = scales.map((s) => (scaled && uniform() < 0.5 ? (uniform() < 0.5 ? -1 : 1) * s * 10 ** between(uniform, 0, 3) : 0));
  const weighted = uniform() < 0.5;
  const fitIntercept = uniform() >= 0.1;
  const strength = kind === "strong" ? between(uniform, 4, 15) : kind === "overlap" ? between(uniform, 0.5, 2) : 2;
  const beta = Array.from({ length: outputs * d }, () => (strength / Math.sqrt(d)) * normal());
  const indicator = kind === "indicator" || kind === "partial";
  const level = between(uniform, 0.1, 0.5);
  const cutClass = classes === undefined ? 0 : Math.floor(uniform() * classes);
  const flipped = kind === "partial" && family !== "multinomial" && uniform() < 0.5;

  const X = new Float64Array(n * d);
  const y = new Float64Array(n);
  const weights = weighted ? new Float64Array(n) : undefined;
  const z = new Float64Array(d);
  const eta = (c) => z.reduce((sum, value, j) => sum + beta[c * d + j] * value, 0);
  let flips = flipped ? 1 : 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) z[j] = j === 0 && indicator && family !== "multinomial" ? (uniform() < level ? 1 : 0) : normal();
    if (indicator && family === "multinomial") z[0] = uniform() < level ? 1 : 0;
    for (let j = 0; j < d; j++) X[i * d + j] = offsets[j] + scales[j] * z[j];
    const gumbel = () => -Math.log(-Math.log(1 - uniform() * 0.999999));
    if (family === "multinomial") {
      let best = 0;
      let bestScore = -Infinity;
      for (let c = 0; c < outputs; c++) {
        const score = eta(c) + (kind === "complete" ? 0 : gumbel());
        if (score > bestScore) [best, bestScore] = [c, score];
      }
      if (kind === "indicator" && z[0] === 1 && best === cutClass) best = (cutClass + 1) % outputs;
      if (kind === "partial") {
        const side = eta(0) - eta(outputs - 1) > 0;
        if (side && best === 0) best = 1;
        if (!side && best === outputs - 1) best = outputs - 2;
      }
      y[i] = best;
    } else if (family === "bernoulli") {
      const e = eta(0);
      y[i] = kind === "complete" ? (e > 0 ? 1 : 0) : uniform() < 1 / (1 + Math.exp(-e)) ? 1 : 0;
      if (indicator && z[0] === 1) y[i] = flips-- > 0 ? 0 : 1;
    } else {
      const mean = Math.min(50, Math.exp(0.5 + (kind === "complete" ? 3 * Math.tanh(eta(0)) : 0.3 * eta(0))));
      y[i] = poissonDraw(mean, uniform, normal);
      if (kind === "complete" && eta(0) < 0) y[i] = 0;
      if (indicator && z[0] === 1) y[i] = flips-- > 0 ? 1 : 0;
    }
    if (weights) weights[i] = between(uniform, 0.2, 3);
  }
  const describe =
    `#${index} ${family}${classes ? ` (${classes} classes)` : ""}, ${kind}, n ${n}, d ${d}, ` +
    `${scaled ? `scales ${scales.map((s) => s.toExponential(0)).join("/")}` : "unit scales"}, ` +
    `${offsets.some((o) => o !== 0) ? "offsets" : "no offsets"}, ${weighted ? "weighted" : "unweighted"}${fitIntercept ? "" : ", no intercept"}`;
  return { id: `separation-${index}`, family, classes, kind, n, d, X, y, weights, fitIntercept, describe };
}
