// Working weights of Newton/IRLS (assembly/irls.ts).
//
// Multinomial: the closed-form factor must satisfy LLᵀ = s·(diag(π) − ππᵀ) over classes 1..K−1 and
// L·u = s·(e_y − π). Each entry of L is a few roundings of sums of positive terms, so LLᵀ matches
// within 16ε·(max entry of the right side), including when a probability is tiny (η₀ = −40,
// where the textbook Cholesky's pivot π_a − Σ… would lose every digit to cancellation).
// Scalar families: √(s·w)² = s·w and √(s·w)·u = s·(y − μ) within 8ε relative.
// supportOnly: bit-identical to the same rows with weights 1 (s > 0) and 0 (s = 0).
import { multinomialWorking } from "../../assembly/irls";
import { familyWorking } from "../../assembly/families/rows";
import { Bernoulli } from "../../assembly/families/bernoulli";
import { Gaussian } from "../../assembly/families/gaussian";
import { Poisson } from "../../assembly/families/poisson";
import { allocate, at, expectWithin, firstBitDifference, put, putAll } from "./support";

const EPS = f64.EPSILON;

function checkMultinomial(etas: f64[], label: i32, s: f64): void {
  const K = etas.length;
  const q = K - 1;
  const eta = allocate<f64>(K);
  putAll<f64>(eta, etas);
  const y = allocate<f64>(1);
  put<f64>(y, 0, <f64>label);
  const sw = allocate<f64>(1);
  put<f64>(sw, 0, s);
  const work = allocate<f64>(q * (q + 1));
  multinomialWorking<f64>(y, sw, 0, 1, K, eta, work);
  let max = -Infinity;
  for (let k = 0; k < K; k++) max = Math.max(max, etas[k]);
  let sum = 0.0;
  for (let k = 0; k < K; k++) sum += Math.exp(etas[k] - max);
  const pi = new Array<f64>(K);
  for (let k = 0; k < K; k++) pi[k] = Math.exp(etas[k] - max) / sum;
  const u = work + (<usize>(q * q) << 3);
  for (let a = 0; a < q; a++) {
    for (let b = 0; b < q; b++) {
      let llt = 0.0;
      for (let k = 0; k < q; k++) llt += at<f64>(work, a * q + k) * at<f64>(work, b * q + k);
      const expected = s * ((a == b ? pi[a + 1] : 0.0) - pi[a + 1] * pi[b + 1]);
      const scale = s * Math.max(pi[a + 1], pi[b + 1]);
      expectWithin(llt, expected, 16 * EPS * scale, "LLᵀ[" + a.toString() + "][" + b.toString() + "]");
    }
    let lu = 0.0;
    for (let k = 0; k <= a; k++) lu += at<f64>(work, a * q + k) * at<f64>(u, k);
    const g = s * ((label == a + 1 ? 1.0 : 0.0) - pi[a + 1]);
    expectWithin(lu, g, 16 * EPS * s, "Lu = g at " + a.toString());
  }
}

describe("multinomialWorking: closed-form factor of diag(π) − ππᵀ", () => {
  it("K = 3 and K = 5 with ordinary probabilities, several labels and weights", () => {
    checkMultinomial([0.3, -0.2, 1.1], 0, 1.0);
    checkMultinomial([0.3, -0.2, 1.1], 2, 2.5);
    checkMultinomial([1.0, -1.0, 0.5, 2.0, -0.3], 3, 0.75);
  });

  it("keeps its accuracy when the baseline class is nearly impossible (η₀ = −40) or dominant", () => {
    checkMultinomial([-40.0, 0.1, -0.4], 1, 1.0);
    checkMultinomial([30.0, 0.0, -1.0, 0.5], 0, 1.0);
  });

  it("a zero sample weight gives an all-zero block", () => {
    const K = 3;
    const eta = allocate<f64>(K);
    putAll<f64>(eta, [0.2, 0.1, -0.3]);
    const y = allocate<f64>(1);
    const sw = allocate<f64>(1);
    const work = allocate<f64>(6);
    putAll<f64>(work, [9, 9, 9, 9, 9, 9]);
    multinomialWorking<f64>(y, sw, 0, 1, K, eta, work);
    for (let i = 0; i < 6; i++) expect<f64>(at<f64>(work, i)).toBe(0.0);
  });
});

describe("scalar-family working weights", () => {
  it("bernoulli and poisson: (√(sw))² = s·w and √(sw)·u = s(y − μ), also at |η| = 30", () => {
    const etas: f64[] = [-30.0, -2.0, 0.0, 0.7, 30.0];
    const n = etas.length;
    const eta = allocate<f64>(n);
    putAll<f64>(eta, etas);
    const y = allocate<f64>(n);
    putAll<f64>(y, [1, 0, 1, 1, 0]);
    const sw = allocate<f64>(n);
    putAll<f64>(sw, [1, 2, 0.5, 1, 3]);
    const work = allocate<f64>(2 * n);
    familyWorking<Bernoulli, f64>(y, sw, 0, n, eta, work);
    for (let t = 0; t < n; t++) {
      const e = etas[t];
      const p = e >= 0 ? 1.0 / (1.0 + Math.exp(-e)) : Math.exp(e) / (1.0 + Math.exp(e));
      const q = e >= 0 ? Math.exp(-e) / (1.0 + Math.exp(-e)) : 1.0 / (1.0 + Math.exp(e));
      const s = at<f64>(sw, t);
      const root = at<f64>(work, t);
      expectWithin(root * root, s * p * q, 8 * EPS * s * p * q, "bernoulli s·w at " + t.toString());
      const residual = at<f64>(y, t) == 1 ? q : -p;
      expectWithin(root * at<f64>(work, n + t), s * residual, 8 * EPS * s * Math.abs(residual), "bernoulli s(y − π) at " + t.toString());
    }
    putAll<f64>(y, [0, 3, 1, 2, 0]);
    familyWorking<Poisson, f64>(y, sw, 0, n, eta, work);
    for (let t = 0; t < n; t++) {
      const mu = Math.exp(etas[t]);
      const s = at<f64>(sw, t);
      const root = at<f64>(work, t);
      expectWithin(root * root, s * mu, 8 * EPS * s * mu, "poisson s·μ at " + t.toString());
      const residual = at<f64>(y, t) - mu;
      expectWithin(root * at<f64>(work, n + t), s * residual, 8 * EPS * s * (at<f64>(y, t) + mu), "poisson s(y − μ) at " + t.toString());
    }
  });
});

describe("supportOnly: the rank tests' unweighted rows", () => {
  it("every row with a positive weight counts once (1e300 and 0.5 alike), a zero weight not at all", () => {
    const etas: f64[] = [0.3, -1.0, 2.0, 0.0, -0.5];
    const n = etas.length;
    const eta = allocate<f64>(n);
    putAll<f64>(eta, etas);
    const y = allocate<f64>(n);
    putAll<f64>(y, [1, 0, 1, 0, 1]);
    const sw = allocate<f64>(n);
    putAll<f64>(sw, [0, 2, 1e300, 0.5, 1]);
    const unit = allocate<f64>(n);
    putAll<f64>(unit, [0, 1, 1, 1, 1]);
    const support = allocate<f64>(2 * n);
    const reference = allocate<f64>(2 * n);
    familyWorking<Bernoulli, f64>(y, sw, 0, n, eta, support, true);
    familyWorking<Bernoulli, f64>(y, unit, 0, n, eta, reference);
    expect<i32>(firstBitDifference<f64>(support, reference, 2 * n)).toBe(-1);
    familyWorking<Poisson, f64>(y, sw, 0, n, eta, support, true);
    familyWorking<Poisson, f64>(y, unit, 0, n, eta, reference);
    expect<i32>(firstBitDifference<f64>(support, reference, 2 * n)).toBe(-1);
    familyWorking<Gaussian, f64>(y, sw, 0, n, eta, support, true);
    familyWorking<Gaussian, f64>(y, unit, 0, n, eta, reference);
    expect<i32>(firstBitDifference<f64>(support, reference, 2 * n)).toBe(-1);
  });
});
