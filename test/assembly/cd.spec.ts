// Coordinate-descent kernels (assembly/cd/). They reuse the vector kernels' axpy/dot, whose SIMD
// and scalar twins vector.spec.ts compares; here: the Gram columns and centred gradient against a
// direct double loop (within 64ε of the sums' magnitude, the rows summed in another order), the
// working rows against the families' formulas, and the CD passes against closed-form lasso and
// elastic-net solutions (orthogonal columns: each coefficient is a soft threshold).
import { centredGradient, gramColumns } from "../../assembly/cd/gram";
import { descend } from "../../assembly/cd/descent";
import { workingRows } from "../../assembly/cd/working";
import { FAMILY_BERNOULLI, FAMILY_POISSON } from "../../assembly/trainer";
import { allocate, at, expectWithin, put, putAll, TestData } from "./support";

const EPS = f64.EPSILON;

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
  const cols = allocate<i32>(dim);
  for (let k = 0; k < dim; k++) put<i32>(cols, k, k);
  const H = allocate<f64>(dim * dim);
  gramColumns<f64>(X, n, d, v, centre, cols, dim, cols, dim, H, allocate<f64>(2 * dim * 64));
  const g = allocate<f64>(dim);
  centredGradient<f64>(X, n, d, r, centre, g);
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

describe("gramColumns and centredGradient", () => {
  it("match a direct double loop for d from 0 to 2×lanes+1 and rows of zero weight", () => {
    for (let d = 0; d <= 5; d++) checkGram(13, d);
    checkGram(1, 3);
    checkGram(150, 4); // more rows than one block (64), a partial last block
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
    const loss = workingRows<f64>(FAMILY_BERNOULLI, X, y, sw, 2, 1, 1, 0, W, b, allocate<f64>(1), v, r);
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
    workingRows<f64>(FAMILY_POISSON, X, y, 0, 1, 1, 1, 0, W, b, allocate<f64>(1), v, r);
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
  });
});
