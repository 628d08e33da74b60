// Coordinate-descent kernels (assembly/cd/). They reuse the vector kernels' axpy/dot, whose SIMD
// and scalar twins vector.spec.ts compares; here: the centred columns, their Gram columns and
// gradients against a direct double loop (within 64ε of the sums' magnitude, the rows summed in another order), the
// working rows against the families' formulas, the CD passes against closed-form lasso and
// elastic-net solutions (orthogonal columns: each coefficient is a soft threshold), and the naive
// passes against the covariance ones on the same quadratic. The naive kernels' SIMD and scalar
// twins are compared here, at lengths 0 to 2×lanes+1 and beyond the 4-vector loop.
import { GRAM_BLOCK_ROWS, gramColumns } from "../../assembly/cd/gram";
import { descend, descendNaive } from "../../assembly/cd/descent";
import { linearPredictors, workingRows } from "../../assembly/cd/working";
import {
  centreColumns, columnGradients, movePredictor, predictorStep, residualStepScalar, residualStepSimd, sweepScalar, sweepSimd,
} from "../../assembly/cd/naive";
import { dotScalar, dotSimd } from "../../assembly/kernels/vector";
import { FAMILY_BERNOULLI, FAMILY_POISSON } from "../../assembly/trainer";
import { allocate, at, bitsOf, expectWithin, firstBitDifference, put, putAll, TestData } from "./support";

const EPS = f64.EPSILON;

/** The centred columns Xt of X, H = X̃ᵀVX̃ and g = X̃ᵀr over every coordinate (coords = 0..d). */
class Quadratic {
  readonly coords: usize;
  readonly Xt: usize;
  readonly H: usize;
  readonly g: usize;
  constructor(X: usize, n: i32, d: i32, v: usize, r: usize, centre: usize) {
    const dim = d + 1;
    this.coords = allocate<i32>(dim);
    for (let k = 0; k < dim; k++) put<i32>(this.coords, k, k);
    this.Xt = allocate<f64>(n * dim);
    centreColumns<f64>(X, n, d, centre, this.coords, dim, this.Xt);
    this.H = allocate<f64>(dim * dim);
    gramColumns(this.Xt, n, v, this.coords, dim, this.coords, dim, dim, this.H, allocate<f64>(dim * GRAM_BLOCK_ROWS));
    this.g = allocate<f64>(dim);
    columnGradients(this.Xt, n, this.coords, dim, r, this.g);
  }
}

function checkGram(n: i32, d: i32): void {
  const data = new TestData(<u32>(n * 31 + d));
  const X = allocate<f64>(n * d);
  for (let i = 0; i < n * d; i++) put<f64>(X, i, data.next() * 3.0 + 1.0);
  const v = allocate<f64>(n);
  const r = allocate<f64>(n);
  for (let i = 0; i < n; i++) {
    put<f64>(v, i, i % 5 == 0 ? 0.0 : Math.abs(data.next()) + 0.1);
    put<f64>(r, i, data.next());
  }
  const dim = d + 1;
  const centre = allocate<f64>(dim);
  for (let j = 0; j < d; j++) put<f64>(centre, j, 1.0 + 0.1 * <f64>j);
  const quadratic = new Quadratic(X, n, d, v, r, centre);
  const H = quadratic.H;
  const g = quadratic.g;
  for (let a = 0; a < dim; a++) {
    let expectedG = 0.0;
    let scaleG = 0.0;
    for (let i = 0; i < n; i++) {
      const xa = a == d ? 1.0 : at<f64>(X, i * d + a) - at<f64>(centre, a);
      expectedG += at<f64>(r, i) * xa;
      scaleG += Math.abs(at<f64>(r, i) * xa) + Math.abs(at<f64>(r, i)) * 5.0;
    }
    expectWithin(at<f64>(g, a), expectedG, 64 * EPS * scaleG, "g[" + a.toString() + "]");
    for (let b = 0; b < dim; b++) {
      let expected = 0.0;
      let scale = 0.0;
      for (let i = 0; i < n; i++) {
        const xa = a == d ? 1.0 : at<f64>(X, i * d + a) - at<f64>(centre, a);
        const xb = b == d ? 1.0 : at<f64>(X, i * d + b) - at<f64>(centre, b);
        expected += at<f64>(v, i) * xa * xb;
        scale += at<f64>(v, i) * (Math.abs(xa) + 5.0) * (Math.abs(xb) + 5.0);
      }
      expectWithin(at<f64>(H, a * dim + b), expected, 64 * EPS * scale, "H[" + a.toString() + "][" + b.toString() + "]");
    }
  }
}

/** Asked for columns (2, 0) of rows (2, 0, then the rest): those columns' entries, the 2×2 block's pair stored both ways. */
function checkPartialGram(n: i32, d: i32): void {
  const data = new TestData(<u32>(n * 7 + d));
  const X = allocate<f64>(n * d);
  data.fill<f64>(X, n * d);
  const v = allocate<f64>(n);
  for (let i = 0; i < n; i++) put<f64>(v, i, Math.abs(data.next()) + 0.1);
  const dim = d + 1;
  const centre = allocate<f64>(dim);
  const all = allocate<i32>(dim);
  for (let k = 0; k < dim; k++) put<i32>(all, k, k);
  const Xt = allocate<f64>(n * dim);
  centreColumns<f64>(X, n, d, centre, all, dim, Xt);
  const full = allocate<f64>(dim * dim);
  gramColumns(Xt, n, v, all, dim, all, dim, dim, full, allocate<f64>(dim * GRAM_BLOCK_ROWS));
  const cols = allocate<i32>(2);
  putAll<i32>(cols, [2.0, 0.0]);
  const rows = allocate<i32>(dim);
  putAll<i32>(rows, [2.0, 0.0]);
  for (let k = 1; k < dim; k++) if (k != 2) put<i32>(rows, k < 2 ? k + 1 : k, k);
  const H = allocate<f64>(dim * dim);
  gramColumns(Xt, n, v, cols, 2, rows, dim, dim, H, allocate<f64>(2 * GRAM_BLOCK_ROWS));
  // |x̃| ≤ 1 (no centring), v ≤ 1.1: each entry a sum of n terms below 1.1, rounded in some order.
  const tolerance = 64 * EPS * 1.1 * <f64>n;
  for (let k = 0; k < dim; k++) {
    expectWithin(at<f64>(H, 2 * dim + k), at<f64>(full, 2 * dim + k), tolerance, "H[:, 2]");
    expectWithin(at<f64>(H, 0 * dim + k), at<f64>(full, 0 * dim + k), tolerance, "H[:, 0]");
  }
  expectWithin(at<f64>(H, 2 * dim + 0), at<f64>(H, 0 * dim + 2), 0, "the pair (0, 2) stored both ways");
  expectWithin(at<f64>(H, 1 * dim + 1), 0.0, 0, "column 1 was not asked for");
}

describe("centreColumns, gramColumns and columnGradients", () => {
  it("give the same entries when asked for some columns as for all", () => {
    checkPartialGram(300, 3);
    checkPartialGram(5, 4);
  });


  it("match a direct double loop for d from 0 to 2×lanes+1 and rows of zero weight", () => {
    for (let d = 0; d <= 5; d++) checkGram(13, d);
    checkGram(1, 3);
    checkGram(300, 4); // more rows than one block (GRAM_BLOCK_ROWS = 256), a partial last block
  });
});

describe("workingRows", () => {
  it("bernoulli: v = s·p(1 − p), r = s·(y − p), loss Σ s·nll", () => {
    const X = allocate<f64>(2);
    putAll<f64>(X, [0.5, -2.0]);
    const y = allocate<f64>(2);
    putAll<f64>(y, [1.0, 0.0]);
    const sw = allocate<f64>(2);
    putAll<f64>(sw, [2.0, 0.5]);
    const W = allocate<f64>(1);
    put<f64>(W, 0, 1.5);
    const b = allocate<f64>(1);
    put<f64>(b, 0, -0.25);
    const v = allocate<f64>(2);
    const r = allocate<f64>(2);
    const eta = allocate<f64>(2);
    linearPredictors<f64>(X, 2, 1, 1, W, b, eta);
    const loss = workingRows<f64>(FAMILY_BERNOULLI, y, sw, 2, 1, 0, eta, allocate<f64>(1), v, r);
    let expected = 0.0;
    for (let i = 0; i < 2; i++) {
      const eta = -0.25 + 1.5 * at<f64>(X, i);
      const p = 1.0 / (1.0 + Math.exp(-eta));
      const s = at<f64>(sw, i);
      expectWithin(at<f64>(v, i), s * p * (1 - p), 4 * EPS, "v");
      expectWithin(at<f64>(r, i), s * (at<f64>(y, i) - p), 4 * EPS, "r");
      expected += s * (Math.log(1 + Math.exp(eta)) - at<f64>(y, i) * eta);
    }
    expectWithin(loss, expected, 8 * EPS * Math.abs(expected), "loss");
  });

  it("bernoulli, 200 rows of weight 1 (the log-of-product blocks) and of weight 0 and 2: the loss to 2e-13", () => {
    const n = 200;
    const data = new TestData(3);
    const eta = allocate<f64>(n);
    const y = allocate<f64>(n);
    const sw = allocate<f64>(n);
    for (let i = 0; i < n; i++) {
      // Mostly |η| < 6.9 (the product), some far in the tails (log1p), both signs.
      put<f64>(eta, i, i % 17 == 0 ? 40.0 * data.next() : 4.0 * data.next());
      put<f64>(y, i, i % 3 == 0 ? 1.0 : 0.0);
      put<f64>(sw, i, i % 23 == 0 ? 0.0 : i % 29 == 0 ? 2.0 : 1.0);
    }
    for (let weighted = 0; weighted < 2; weighted++) {
      const weights = weighted == 1 ? sw : 0;
      const loss = workingRows<f64>(FAMILY_BERNOULLI, y, weights, n, 1, 0, eta, allocate<f64>(1), allocate<f64>(n), allocate<f64>(n));
      let expected = 0.0;
      for (let i = 0; i < n; i++) {
        const e = at<f64>(eta, i);
        const s = weighted == 1 ? at<f64>(sw, i) : 1.0;
        expected += s * (Math.max(e, 0.0) + Math.log1p(Math.exp(-Math.abs(e))) - at<f64>(y, i) * e);
      }
      expectWithin(loss, expected, 2e-13 * Math.abs(expected), "loss");
    }
  });

  it("poisson: v = s·μ, r = s·(y − μ)", () => {
    const X = allocate<f64>(1);
    put<f64>(X, 0, 0.3);
    const y = allocate<f64>(1);
    put<f64>(y, 0, 4.0);
    const W = allocate<f64>(1);
    put<f64>(W, 0, 2.0);
    const b = allocate<f64>(1);
    put<f64>(b, 0, 0.1);
    const v = allocate<f64>(1);
    const r = allocate<f64>(1);
    const eta = allocate<f64>(1);
    linearPredictors<f64>(X, 1, 1, 1, W, b, eta);
    workingRows<f64>(FAMILY_POISSON, y, 0, 1, 1, 0, eta, allocate<f64>(1), v, r);
    const mu = Math.exp(0.7);
    expectWithin(at<f64>(v, 0), mu, 4 * EPS * mu, "v");
    expectWithin(at<f64>(r, 0), 4.0 - mu, 4 * EPS * mu, "r");
  });
});

describe("descend", () => {
  it("on a diagonal H gives each coordinate's soft threshold S(g + Hβ, l1)/(H + l2) in one pass", () => {
    const dim = 4;
    const H = allocate<f64>(dim * dim);
    const hs: f64[] = [2.0, 1.0, 4.0, 3.0];
    for (let k = 0; k < dim; k++) put<f64>(H, k * dim + k, hs[k]);
    const g = allocate<f64>(dim);
    putAll<f64>(g, [3.0, -0.5, -6.0, 1.0]);
    const beta = allocate<f64>(dim);
    const l1 = allocate<f64>(dim);
    putAll<f64>(l1, [1.0, 1.0, 2.0, 0.0]);
    const l2 = allocate<f64>(dim);
    putAll<f64>(l2, [0.0, 0.0, 1.0, 0.0]);
    const slot = allocate<i32>(dim);
    const coords = allocate<i32>(dim);
    for (let k = 0; k < dim; k++) {
      put<i32>(slot, k, k);
      put<i32>(coords, k, k);
    }
    const passes = descend(H, slot, coords, dim, dim, g, beta, l1, l2, 0.0, 100, allocate<i32>(dim));
    expect(passes).toBeGreaterThan(0);
    expectWithin(at<f64>(beta, 0), 1.0, 0, "β0 = (3 − 1)/2");
    expectWithin(at<f64>(beta, 1), 0.0, 0, "β1 = 0: |−0.5| ≤ 1");
    expectWithin(at<f64>(beta, 2), -4.0 / 5.0, 4 * EPS, "β2 = (−6 + 2)/(4 + 1)");
    expectWithin(at<f64>(beta, 3), 1.0 / 3.0, 4 * EPS, "β3 unpenalised");
    // g is kept as the quadratic's negative gradient: g − H·β.
    expectWithin(at<f64>(g, 0), 3.0 - 2.0, 4 * EPS, "g0 after the step");
  });

  it("on a correlated 2×2 lasso reaches the KKT point and reports running out of passes", () => {
    const dim = 2;
    const H = allocate<f64>(4);
    putAll<f64>(H, [1.0, 0.9, 0.9, 1.0]);
    const g = allocate<f64>(2);
    putAll<f64>(g, [1.0, 0.95]);
    const beta = allocate<f64>(2);
    const l1 = allocate<f64>(2);
    putAll<f64>(l1, [0.05, 0.05]);
    const l2 = allocate<f64>(2);
    const slot = allocate<i32>(2);
    putAll<i32>(slot, [0, 1]);
    const active = allocate<i32>(2);
    expect(descend(H, slot, slot, 2, dim, allocate<f64>(2), allocate<f64>(2), l1, l2, 0.0, 1, active)).toBe(1);
    const passes = descend(H, slot, slot, 2, dim, g, beta, l1, l2, 1e-30, 10000, active);
    expect(passes).toBeGreaterThan(1);
    // The exact solution solves H·β = (1, 0.95) − 0.05·(1, 1) with both coefficients positive.
    const det = 1.0 - 0.81;
    expectWithin(at<f64>(beta, 0), (0.95 - 0.9 * 0.9) / det, 1e-12, "β0");
    expectWithin(at<f64>(beta, 1), (0.9 - 0.9 * 0.95) / det, 1e-12, "β1");
    const fresh = allocate<f64>(2);
    putAll<f64>(fresh, [1.0, 0.95]);
    const tooFew = descend(H, slot, slot, 2, dim, fresh, allocate<f64>(2), l1, l2, 0.0, 2, active);
    expect(tooFew).toBeLessThan(0);
    // Out of passes in the first full pass (it moved both coordinates): −1, not a converged 1.
    const once = allocate<f64>(2);
    putAll<f64>(once, [1.0, 0.95]);
    expect(descend(H, slot, slot, 2, dim, once, allocate<f64>(2), l1, l2, 0.0, 1, active)).toBe(-1);
  });
});

describe("naive kernels", () => {
  it("sweep and residualStep: SIMD twin == scalar twin == direct loop, lengths 0 to 2×lanes+1 and 37", () => {
    const lengths: i32[] = [0, 1, 2, 3, 4, 5, 8, 9, 37];
    for (let t = 0; t < lengths.length; t++) {
      const n = lengths[t];
      const data = new TestData(<u32>(n + 7));
      const v = allocate<f64>(n);
      const x = allocate<f64>(n);
      for (let i = 0; i < n; i++) put<f64>(v, i, Math.abs(data.next()) + 0.05);
      data.fill<f64>(x, n);
      let expected = 0.0;
      let scale = 0.0;
      for (let i = 0; i < n; i++) {
        expected += at<f64>(v, i) * at<f64>(x, i) * at<f64>(x, i);
        scale += Math.abs(at<f64>(v, i) * at<f64>(x, i) * at<f64>(x, i));
      }
      const r = allocate<f64>(n);
      data.fill<f64>(r, n);
      const squares = allocate<f64>(1);
      const scalarDot = sweepScalar(false, true, r, v, 0, 0.0, x, n, squares);
      expectWithin(at<f64>(squares, 0), expected, 0, "scalar Σ v·x² is the left-to-right sum");
      expect(bitsOf<f64>(scalarDot)).toBe(bitsOf<f64>(dotScalar<f64>(r, x, n)), "scalar Σ r·x has dotScalar's bits");
      const simdDot = sweepSimd(false, true, r, v, 0, 0.0, x, n, squares);
      expectWithin(at<f64>(squares, 0), expected, 8 * EPS * scale, "SIMD Σ v·x²");
      expect(bitsOf<f64>(simdDot)).toBe(bitsOf<f64>(dotSimd<f64>(r, x, n)), "SIMD Σ r·x has dotSimd's bits");
      // A deferred residual step (column p, Δ = −0.6) inside the sweep == residualStep, then dot.
      const p = allocate<f64>(n);
      data.fill<f64>(p, n);
      for (let twin = 0; twin < 2; twin++) {
        for (let withSquares = 0; withSquares < 2; withSquares++) {
          const fused = allocate<f64>(n);
          const apart = allocate<f64>(n);
          memory.copy(fused, r, <usize>n << 3);
          memory.copy(apart, r, <usize>n << 3);
          const got = twin == 0
            ? (withSquares == 1 ? sweepScalar(true, true, fused, v, p, -0.6, x, n, squares) : sweepScalar(true, false, fused, v, p, -0.6, x, n, squares))
            : (withSquares == 1 ? sweepSimd(true, true, fused, v, p, -0.6, x, n, squares) : sweepSimd(true, false, fused, v, p, -0.6, x, n, squares));
          if (twin == 0) residualStepScalar(apart, v, p, -0.6, n);
          else residualStepSimd(apart, v, p, -0.6, n);
          expect(firstBitDifference<f64>(fused, apart, n)).toBe(-1, "the sweep's residual step has residualStep's bits");
          const want = twin == 0 ? dotScalar<f64>(apart, x, n) : dotSimd<f64>(apart, x, n);
          expect(bitsOf<f64>(got)).toBe(bitsOf<f64>(want), "Σ r·x after the step has dot's bits");
          if (withSquares == 1) expectWithin(at<f64>(squares, 0), expected, 8 * EPS * scale, "Σ v·x² beside the step");
        }
      }
      const before = allocate<f64>(n);
      data.fill<f64>(before, n);
      const a = allocate<f64>(n);
      const b = allocate<f64>(n);
      memory.copy(a, before, <usize>n << 3);
      memory.copy(b, before, <usize>n << 3);
      residualStepScalar(a, v, x, 0.37, n);
      residualStepSimd(b, v, x, 0.37, n);
      expect(firstBitDifference<f64>(a, b, n)).toBe(-1, "residualStep twins are elementwise: the same bits");
      for (let i = 0; i < n; i++) expectWithin(at<f64>(a, i), at<f64>(before, i) - 0.37 * at<f64>(v, i) * at<f64>(x, i), 0, "r − Δ·v·x");
    }
  });

  it("centreColumns, predictorStep and movePredictor: x̃ = x − centre column-major, ones at d; Σ δₖ·x̃ₖ; start + scale·step", () => {
    const n = 7;
    const d = 3;
    const dim = d + 1;
    const data = new TestData(11);
    const X = allocate<f32>(n * d);
    data.fill<f32>(X, n * d);
    const centre = allocate<f64>(dim);
    putAll<f64>(centre, [0.5, -0.25, 0.125, 0.0]);
    const cols = allocate<i32>(dim);
    putAll<i32>(cols, [3, 0, 2]);
    const Xt = allocate<f64>(n * dim);
    centreColumns<f32>(X, n, d, centre, cols, 3, Xt);
    for (let i = 0; i < n; i++) {
      expectWithin(at<f64>(Xt, 0 * n + i), <f64>at<f32>(X, i * d) - 0.5, 0, "x̃₀");
      expectWithin(at<f64>(Xt, 1 * n + i), 0.0, 0, "column 1 not asked for");
      expectWithin(at<f64>(Xt, 2 * n + i), <f64>at<f32>(X, i * d + 2) - 0.125, 0, "x̃₂");
      expectWithin(at<f64>(Xt, 3 * n + i), 1.0, 0, "the intercept's ones");
    }
    const delta = allocate<f64>(dim);
    putAll<f64>(delta, [2.0, 99.0, -1.5, 0.25]);
    const step = allocate<f64>(n);
    predictorStep(Xt, n, cols, 3, delta, step);
    for (let i = 0; i < n; i++) {
      const expected = 0.25 + 2.0 * at<f64>(Xt, i) - 1.5 * at<f64>(Xt, 2 * n + i);
      expectWithin(at<f64>(step, i), expected, 8 * EPS * 4.0, "Δη (column 1 is outside the coordinates)");
    }
    const start = allocate<f64>(n);
    data.fill<f64>(start, n);
    const eta = allocate<f64>(n);
    movePredictor(eta, start, step, 0.5, n);
    for (let i = 0; i < n; i++) expectWithin(at<f64>(eta, i), at<f64>(start, i) + 0.5 * at<f64>(step, i), 0, "η");
  });

  it("descendNaive reaches the covariance passes' solution of the same weighted quadratic", () => {
    const n = 40;
    const d = 3;
    const dim = d + 1;
    const data = new TestData(5);
    const X = allocate<f64>(n * d);
    data.fill<f64>(X, n * d);
    const v = allocate<f64>(n);
    const r = allocate<f64>(n);
    for (let i = 0; i < n; i++) {
      put<f64>(v, i, Math.abs(data.next()) + 0.1);
      put<f64>(r, i, data.next());
    }
    const centre = allocate<f64>(dim);
    putAll<f64>(centre, [0.1, -0.2, 0.05, 0.0]);
    // Covariance form: H = X̃ᵀVX̃, g = X̃ᵀr.
    const quadratic = new Quadratic(X, n, d, v, r, centre);
    const coords = quadratic.coords;
    const Xt = quadratic.Xt;
    const H = quadratic.H;
    const g = quadratic.g;
    const l1 = allocate<f64>(dim);
    putAll<f64>(l1, [0.05, 0.8, 0.02, 0.0]);
    const l2 = allocate<f64>(dim);
    putAll<f64>(l2, [0.1, 0.0, 0.0, 0.0]);
    const betaCov = allocate<f64>(dim);
    expect(descend(H, coords, coords, dim, dim, g, betaCov, l1, l2, 1e-28, 100000, allocate<i32>(dim))).toBeGreaterThan(0);
    const xv = allocate<f64>(dim);
    const betaNaive = allocate<f64>(dim);
    expect(descendNaive(Xt, n, coords, dim, v, r, xv, betaNaive, l1, l2, 1e-28, 100000, allocate<i32>(dim))).toBeGreaterThan(0);
    for (let k = 0; k < dim; k++) {
      expectWithin(at<f64>(xv, k), at<f64>(H, k * dim + k), 64 * EPS * at<f64>(H, k * dim + k), "xv = Hₖₖ");
      expectWithin(at<f64>(betaNaive, k), at<f64>(betaCov, k), 1e-10, "β" + k.toString());
    }
    // The residual is the quadratic's: g − H·β read off it, coordinate by coordinate.
    const gAfter = allocate<f64>(dim);
    columnGradients(Xt, n, coords, dim, r, gAfter);
    for (let k = 0; k < dim; k++) expectWithin(at<f64>(gAfter, k), at<f64>(g, k), 1e-10, "g" + k.toString());
  });
});
