// Family point functions and per-chunk residual kernels.
//
// Tolerances: the guarded helpers are compared with independent accurate formulas within 4ε
// relative (each side rounds a few times, ≤ 1 ulp each). Residual kernels are compared with
// closed forms written out below; where the terms are exact binary fractions the result must be
// exact, otherwise within 4ε·(Σ|terms|) absolute: nll is a difference of terms (log(1 + e^η) − yη,
// e^η − yη, lse(η) − η_y), so its error is relative to the terms, not to the result.
// Multinomial: the kernel forms softmax_k = exp(η_k − lse), and η_k − lse carries an absolute
// error of about ε·|lse|, so probabilities (and their row sums) are good to about ε·(1 + |lse|)
// each: a few ulps for ordinary η, about 2⁻⁴² at η ≈ 1000.
import { log1pexp, sigmoid } from "../../assembly/families/stable";
import { familyOf, familyResiduals } from "../../assembly/families/rows";
import { Gaussian } from "../../assembly/families/gaussian";
import { Bernoulli } from "../../assembly/families/bernoulli";
import { Poisson } from "../../assembly/families/poisson";
import { logSumExp, multinomialResiduals, softmaxRows } from "../../assembly/families/multinomial";
import { allocate, at, expectRelative, expectWithin, put, putAll, typeName } from "./support";

const EPS = f64.EPSILON;
const SENTINEL: f64 = 12345.5;

/** log(1 + eˣ) by a different accurate route: x + log1p(e⁻ˣ) for x > 0. */
function log1pexpReference(x: f64): f64 {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}

describe("stable helpers", () => {
  it("log1pexp matches an accurate reference within 4ε on both sides of every cutoff (−37, 18, 33.3)", () => {
    const xs: f64[] = [
      -700, -100, -37.5, -37, -36.9, -20, -5, -1, -0.1, 0, 1e-10, 0.1, 0.5, 1, 5, 17.9, 18, 18.1,
      25, 33.2, 33.3, 33.4, 36, 40, 100, 709,
    ];
    for (let i = 0; i < xs.length; i++) {
      const x = xs[i];
      expectRelative(log1pexp(x), log1pexpReference(x), 4 * EPS, "log1pexp(" + x.toString() + ")");
    }
    for (let x = -40.0; x <= 40.0; x += 0.375) {
      expectRelative(log1pexp(x), log1pexpReference(x), 4 * EPS, "log1pexp(" + x.toString() + ")");
    }
  });

  it("log1pexp asymptotes and extremes: log 2 at 0, eˣ far left, x far right, no overflow", () => {
    expectRelative(log1pexp(0), Math.LN2, EPS, "log1pexp(0) = log 2");
    expect<f64>(log1pexp(-1000)).toBe(0.0, "e^−1000 underflows to 0");
    expectRelative(log1pexp(-50), Math.exp(-50), EPS, "log1pexp(−50) ≈ e^−50");
    expect<f64>(log1pexp(1000)).toBe(1000.0);
    expect<f64>(log1pexp(710)).toBe(710.0, "naive log1p(exp(710)) is +∞");
    expect<f64>(log1pexp(1e300)).toBe(1e300);
    expect<f64>(log1pexp(-Infinity)).toBe(0.0);
    expect<f64>(log1pexp(Infinity)).toBe(Infinity);
  });

  it("sigmoid: exact centre, symmetric, saturates without NaN, matches ½(1 + tanh(x/2)) near 0", () => {
    expect<f64>(sigmoid(0)).toBe(0.5);
    expect<f64>(sigmoid(800)).toBe(1.0);
    expect<f64>(sigmoid(-800)).toBe(0.0);
    expect<f64>(sigmoid(Infinity)).toBe(1.0);
    expect<f64>(sigmoid(-Infinity)).toBe(0.0);
    expect<f64>(sigmoid(-745)).toBeGreaterThan(0.0, "σ(−745) is the smallest subnormal, not 0");
    expectRelative(sigmoid(-40), Math.exp(-40), 4 * EPS, "σ(−40) ≈ e^−40 (relative accuracy kept)");
    expectRelative(sigmoid(-700), Math.exp(-700), 4 * EPS, "σ(−700) ≈ e^−700");
    let previous = 0.0;
    for (let x = -40.0; x <= 40.0; x += 0.25) {
      const p = sigmoid(x);
      expectWithin(p + sigmoid(-x), 1.0, 2 * EPS, "σ(x) + σ(−x) = 1 at " + x.toString());
      expect<f64>(p).toBeGreaterThanOrEqual(previous, "monotone at " + x.toString());
      previous = p;
      if (Math.abs(x) <= 2) {
        expectWithin(p, 0.5 * (1 + Math.tanh(0.5 * x)), 4 * EPS, "σ vs tanh form at " + x.toString());
      }
    }
    expectWithin(sigmoid(2), 1 / (1 + Math.exp(-2)), 2 * EPS, "σ(2)");
  });

  it("the bernoulli working weight σ(η)σ(−η): ¼ at 0, 0 (not NaN) at ±800", () => {
    expect<f64>(familyOf<Bernoulli>().workingWeight(0, sigmoid(0))).toBe(0.25);
    expect<f64>(familyOf<Bernoulli>().workingWeight(800, sigmoid(800))).toBe(0.0);
    expect<f64>(familyOf<Bernoulli>().workingWeight(-800, sigmoid(-800))).toBe(0.0);
  });
});

function gaussianSuite<T>(): void {
  describe("gaussianResiduals, " + typeName<T>(), () => {
    it("unweighted contiguous chunk: r = η − y, Σ ½(y − η)²", () => {
      const y = allocate<T>(3);
      const eta = allocate<f64>(3);
      const r = allocate<f64>(4);
      putAll<T>(y, [1, 2, -1]);
      putAll<f64>(eta, [0.5, 2.5, -3]);
      put<f64>(r, 3, SENTINEL);
      expect<f64>(familyResiduals<Gaussian, T>(y, 0, 0, 0, 3, eta, r)).toBe(2.25); // ½(0.25 + 0.25 + 4)
      expect<f64>(at<f64>(r, 0)).toBe(-0.5);
      expect<f64>(at<f64>(r, 1)).toBe(0.5);
      expect<f64>(at<f64>(r, 2)).toBe(-2.0);
      expect<f64>(at<f64>(r, 3)).toBe(SENTINEL, "wrote past count");
      heap.free(y);
      heap.free(eta);
      heap.free(r);
    });

    it("weighted, through an order array and through a start offset", () => {
      const y = allocate<T>(4);
      const sw = allocate<T>(4);
      const order = allocate<u32>(2);
      const eta = allocate<f64>(2);
      const r = allocate<f64>(2);
      putAll<T>(y, [1, 2, -1, 0.25]);
      putAll<T>(sw, [2, 0.5, 1, 4]);
      put<u32>(order, 0, 3);
      put<u32>(order, 1, 0);
      putAll<f64>(eta, [1, -1]);
      // t=0 → sample 3: s=4, η−y = 0.75 → r = 3, s·nll = 4·0.28125 = 1.125
      // t=1 → sample 0: s=2, η−y = −2   → r = −4, s·nll = 2·2 = 4
      expect<f64>(familyResiduals<Gaussian, T>(y, sw, order, 0, 2, eta, r)).toBe(5.125);
      expect<f64>(at<f64>(r, 0)).toBe(3.0);
      expect<f64>(at<f64>(r, 1)).toBe(-4.0);
      putAll<f64>(eta, [-1.5, 0.75]);
      // samples 2, 3: s=1, η−y = −0.5 → r = −0.5, 0.125;  s=4, η−y = 0.5 → r = 2, 4·0.125 = 0.5
      expect<f64>(familyResiduals<Gaussian, T>(y, sw, 0, 2, 2, eta, r)).toBe(0.625);
      expect<f64>(at<f64>(r, 0)).toBe(-0.5);
      expect<f64>(at<f64>(r, 1)).toBe(2.0);
      heap.free(y);
      heap.free(sw);
      heap.free(order);
      heap.free(eta);
      heap.free(r);
    });
  });
}

function bernoulliSuite<T>(): void {
  describe("bernoulliResiduals, " + typeName<T>(), () => {
    it("per sample: nll = log(1 + e^η) − yη and r = σ(η) − y, including η = ±800", () => {
      const y = allocate<T>(6);
      const eta = allocate<f64>(6);
      const r = allocate<f64>(6);
      putAll<T>(y, [0, 1, 1, 0, 1, 0]);
      putAll<f64>(eta, [0, 2, -3, 40, -800, 800]);
      const e2 = Math.exp(2.0), e3 = Math.exp(3.0);
      const nll: f64[] = [
        Math.LN2, // log 2
        Math.log1p(1 / e2), // log(1 + e²) − 2
        Math.log1p(1 / e3) + 3, // log(1 + e⁻³) + 3
        40 + Math.log1p(Math.exp(-40)), // log(1 + e⁴⁰)
        800, // log(1 + e⁻⁸⁰⁰) + 800
        800, // log(1 + e⁸⁰⁰)
      ];
      const residual: f64[] = [0.5, -1 / (1 + e2), -e3 / (1 + e3), 1 / (1 + Math.exp(-40)), -1, 1];
      for (let i = 0; i < 6; i++) {
        const loss = familyResiduals<Bernoulli, T>(y, 0, 0, i, 1, eta + (<usize>i << 3), r + (<usize>i << 3));
        const terms = log1pexpReference(at<f64>(eta, i)) + Math.abs(<f64>at<T>(y, i) * at<f64>(eta, i));
        expectWithin(loss, nll[i], 4 * EPS * terms, "nll, sample " + i.toString());
        expectWithin(at<f64>(r, i), residual[i], 4 * EPS, "residual, sample " + i.toString());
      }
      heap.free(y);
      heap.free(eta);
      heap.free(r);
    });

    it("sample weights multiply loss and residual", () => {
      const y = allocate<T>(3);
      const sw = allocate<T>(3);
      const eta = allocate<f64>(3);
      const r = allocate<f64>(3);
      putAll<T>(y, [1, 0, 1]);
      putAll<T>(sw, [0.5, 2, 0]);
      putAll<f64>(eta, [0, 0, 5]);
      // 0.5·log 2 + 2·log 2 + 0·(…) ; residuals 0.5·(½ − 1), 2·½, 0
      expectRelative(familyResiduals<Bernoulli, T>(y, sw, 0, 0, 3, eta, r), 2.5 * Math.LN2, 4 * EPS, "weighted loss");
      expect<f64>(at<f64>(r, 0)).toBe(-0.25);
      expect<f64>(at<f64>(r, 1)).toBe(1.0);
      expect<f64>(Math.abs(at<f64>(r, 2))).toBe(0.0);
      heap.free(y);
      heap.free(sw);
      heap.free(eta);
      heap.free(r);
    });
  });
}

function poissonSuite<T>(): void {
  describe("poissonResiduals, " + typeName<T>(), () => {
    it("per sample: nll = e^η − yη and r = e^η − y", () => {
      const y = allocate<T>(4);
      const eta = allocate<f64>(4);
      const r = allocate<f64>(4);
      putAll<T>(y, [0, 3, 1, 2]);
      putAll<f64>(eta, [0, Math.LN2, -1, 700]);
      const e700 = Math.exp(700.0);
      const mu: f64[] = [1, 2, Math.exp(-1.0), e700];
      const yEta: f64[] = [0, 3 * Math.LN2, -1, 1400];
      for (let i = 0; i < 4; i++) {
        const loss = familyResiduals<Poisson, T>(y, 0, 0, i, 1, eta + (<usize>i << 3), r + (<usize>i << 3));
        const scale = Math.abs(mu[i]) + Math.abs(yEta[i]);
        expectWithin(loss, mu[i] - yEta[i], 4 * EPS * scale, "nll, sample " + i.toString());
        expectWithin(at<f64>(r, i), mu[i] - at<T>(y, i), 4 * EPS * scale, "residual, sample " + i.toString());
      }
      heap.free(y);
      heap.free(eta);
      heap.free(r);
    });

    it("weighted through an order array", () => {
      const y = allocate<T>(3);
      const sw = allocate<T>(3);
      const order = allocate<u32>(2);
      const eta = allocate<f64>(2);
      const r = allocate<f64>(2);
      putAll<T>(y, [4, 0, 2]);
      putAll<T>(sw, [3, 1, 0.5]);
      put<u32>(order, 0, 2);
      put<u32>(order, 1, 0);
      putAll<f64>(eta, [0, 0]);
      // sample 2: 0.5·(1 − 0) ; sample 0: 3·(1 − 0) → loss 3.5 ; residuals 0.5·(1 − 2), 3·(1 − 4)
      expect<f64>(familyResiduals<Poisson, T>(y, sw, order, 0, 2, eta, r)).toBe(3.5);
      expect<f64>(at<f64>(r, 0)).toBe(-0.5);
      expect<f64>(at<f64>(r, 1)).toBe(-9.0);
      heap.free(y);
      heap.free(sw);
      heap.free(order);
      heap.free(eta);
      heap.free(r);
    });
  });
}

describe("multinomial", () => {
  it("logSumExp is stable for large η and exact where it should be", () => {
    const eta = allocate<f64>(4);
    putAll<f64>(eta, [1000, 1001]);
    // naive log(e¹⁰⁰⁰ + e¹⁰⁰¹) overflows; the answer is 1001 + log(1 + e⁻¹)
    expectRelative(logSumExp(eta, 2), 1001 + Math.log1p(Math.exp(-1.0)), EPS, "lse(1000, 1001)");
    putAll<f64>(eta, [-1000, -1001]);
    expectRelative(logSumExp(eta, 2), -1000 + Math.log1p(Math.exp(-1.0)), EPS, "lse(−1000, −1001)");
    putAll<f64>(eta, [0, 0, 0, 0]);
    expectRelative(logSumExp(eta, 4), Math.log(4.0), EPS, "lse(0, 0, 0, 0) = log 4");
    putAll<f64>(eta, [5]);
    expect<f64>(logSumExp(eta, 1)).toBe(5.0);
    putAll<f64>(eta, [Infinity, 0]);
    expect<f64>(logSumExp(eta, 2)).toBe(Infinity);
    heap.free(eta);
  });

  it("multinomialResiduals: nll = lse(η) − η_y, r = s·(softmax − onehot), rows sum to 0", () => {
    const y = allocate<f64>(2);
    const sw = allocate<f64>(2);
    const eta = allocate<f64>(6);
    const r = allocate<f64>(7);
    putAll<f64>(y, [2, 0]);
    putAll<f64>(sw, [1, 2]);
    putAll<f64>(eta, [1000, 1001, 999, 0, 0, 0]);
    put<f64>(r, 6, SENTINEL);
    const z = 1 + Math.exp(-1.0) + Math.exp(-2.0); // row 0: Σ e^(η − 1001)
    // row 0: lse − η₂ = 1001 + log z − 999 ; row 1 (weight 2): log 3 − 0
    const expectedLoss = (2 + Math.log(z)) + 2 * Math.log(3.0);
    const lse0 = 1001 + Math.log(z), lse1 = Math.log(3.0);
    const lossTerms = (lse0 + 999) + 2 * lse1;
    expectWithin(multinomialResiduals<f64>(y, sw, 0, 0, 2, 3, eta, r), expectedLoss, 4 * EPS * lossTerms, "loss");
    const expected: f64[] = [
      Math.exp(-1.0) / z, 1 / z, Math.exp(-2.0) / z - 1,
      2 * (1.0 / 3 - 1), 2.0 / 3, 2.0 / 3,
    ];
    const rowTolerance: f64[] = [4 * EPS * (1 + lse0), 2 * 4 * EPS * (1 + lse1)]; // row 1 has weight 2
    for (let k = 0; k < 6; k++) {
      expectWithin(at<f64>(r, k), expected[k], rowTolerance[k / 3], "residual " + k.toString());
    }
    expectWithin(at<f64>(r, 0) + at<f64>(r, 1) + at<f64>(r, 2), 0, 3 * rowTolerance[0], "row 0 sums to 0");
    expectWithin(at<f64>(r, 3) + at<f64>(r, 4) + at<f64>(r, 5), 0, 3 * rowTolerance[1], "row 1 sums to 0");
    expect<f64>(at<f64>(r, 6)).toBe(SENTINEL, "wrote past count·K");
    heap.free(y);
    heap.free(sw);
    heap.free(eta);
    heap.free(r);
  });

  it("multinomialResiduals reads labels through an order array (f32 storage)", () => {
    const y = allocate<f32>(3);
    const order = allocate<u32>(1);
    const eta = allocate<f64>(2);
    const r = allocate<f64>(2);
    putAll<f32>(y, [0, 0, 1]);
    put<u32>(order, 0, 2);
    putAll<f64>(eta, [0, 0]);
    // sample 2 has label 1: nll = log 2, residuals (½, ½ − 1)
    expectRelative(multinomialResiduals<f32>(y, 0, order, 0, 1, 2, eta, r), Math.LN2, EPS, "loss");
    expectWithin(at<f64>(r, 0), 0.5, EPS, "r0");
    expectWithin(at<f64>(r, 1), -0.5, EPS, "r1");
    heap.free(y);
    heap.free(order);
    heap.free(eta);
    heap.free(r);
  });

  it("softmaxRows: each row sums to 1 within K·ε·(1 + |lse|), values in [0, 1], known answers", () => {
    const K = 4;
    const eta = allocate<f64>(4 * K);
    putAll<f64>(eta, [0, 0, 0, 0, 1000, 1001, -1000, 999, -5, 2, 0.5, 3, -800, -800.5, -801, -802]);
    const lse = allocate<f64>(4);
    for (let t = 0; t < 4; t++) put<f64>(lse, t, logSumExp(eta + (<usize>(t * K) << 3), K));
    softmaxRows(eta, 4, K);
    for (let t = 0; t < 4; t++) {
      let sum = 0.0;
      for (let k = 0; k < K; k++) {
        const p = at<f64>(eta, t * K + k);
        expect<bool>(p >= 0 && p <= 1).toBe(true, "p in [0, 1], row " + t.toString());
        sum += p;
      }
      const tolerance = <f64>K * EPS * (1 + Math.abs(at<f64>(lse, t)));
      expectWithin(sum, 1.0, tolerance, "row " + t.toString() + " sums to 1");
    }
    for (let k = 0; k < K; k++) expectWithin(at<f64>(eta, k), 0.25, EPS, "uniform row");
    // row 1: e⁻¹, 1, 0, e⁻² over 1 + e⁻¹ + e⁻²
    const z = 1 + Math.exp(-1.0) + Math.exp(-2.0);
    expectWithin(at<f64>(eta, 5), 1 / z, 2 * EPS * (1 + at<f64>(lse, 1)), "row 1, class 1");
    expect<f64>(at<f64>(eta, 6)).toBe(0.0, "e^(−2001) underflows to 0");
    // row 2, ordinary η: exact softmax within a few ulps
    const z2 = Math.exp(-5.0) + Math.exp(2.0) + Math.exp(0.5) + Math.exp(3.0);
    expectRelative(at<f64>(eta, 11), Math.exp(3.0) / z2, 8 * EPS, "row 2, class 3");
    heap.free(eta);
    heap.free(lse);
  });
});

gaussianSuite<f32>();
gaussianSuite<f64>();
bernoulliSuite<f32>();
bernoulliSuite<f64>();
poissonSuite<f32>();
poissonSuite<f64>();
