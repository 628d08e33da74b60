// The covariance's rank handling (bindings/inference/covariance.ts) on hand-made triangular factors:
// a column dependent on the earlier ones is dropped by R's rule (|R'ⱼⱼ| ≤ 1e-11·‖R[:, j]‖) unless the
// caller already checked the rank (then only an exactly zero pivot is), the rest is the inverse of the
// kept block of RᵀR (computed here by Gauss–Jordan), and the dropped terms' rows and columns are NaN.
import { describe, expect, it } from "vitest";
import { inverseCovariance, sandwichCovariance } from "../../dist/inference/covariance.js";

/** RᵀR of a p×p row-major R. */
function gram(R: number[], p: number): number[][] {
  return Array.from({ length: p }, (_, i) => Array.from({ length: p }, (_, j) => {
    let sum = 0;
    for (let r = 0; r < p; r++) sum += R[r * p + i] * R[r * p + j];
    return sum;
  }));
}

/** Inverse of the block of A on `keep`, by Gauss–Jordan with partial pivoting. */
function inverseOf(A: number[][], keep: number[]): number[][] {
  const m = keep.length;
  const M = keep.map((i, a) => [...keep.map((j) => A[i][j]), ...keep.map((_, b) => (a === b ? 1 : 0))]);
  for (let c = 0; c < m; c++) {
    let pivot = c;
    for (let r = c + 1; r < m; r++) if (Math.abs(M[r][c]) > Math.abs(M[pivot][c])) pivot = r;
    [M[c], M[pivot]] = [M[pivot], M[c]];
    const value = M[c][c];
    for (let k = 0; k < 2 * m; k++) M[c][k] /= value;
    for (let r = 0; r < m; r++) {
      if (r === c) continue;
      const factor = M[r][c];
      for (let k = 0; k < 2 * m; k++) M[r][k] -= factor * M[c][k];
    }
  }
  return M.map((row) => row.slice(m));
}

function expectBlock(matrix: Float64Array, p: number, keep: number[], expected: number[][]) {
  keep.forEach((i, a) => keep.forEach((j, b) => {
    expect(Math.abs(matrix[i * p + j] - expected[a][b]), `(${i}, ${j})`).toBeLessThanOrEqual(1e-10 * Math.max(1, Math.abs(expected[a][b])));
  }));
  for (let i = 0; i < p; i++) {
    for (let j = 0; j < p; j++) if (!keep.includes(i) || !keep.includes(j)) expect(matrix[i * p + j], `(${i}, ${j})`).toBeNaN();
  }
}

// column 2 of R is column 0 + column 1 up to a residual `tail` in its own pivot
const factor = (tail: number) => [
  2, 1, 3, 0.5,
  0, 1.5, 1.5, -1,
  0, 0, tail, 0.25,
  0, 0, 0, 0.8,
];

describe("inverseCovariance", () => {
  it("a dependent column is dropped by R's rule and gets NaN; the rest is the kept block's inverse", () => {
    const R = factor(1e-14);
    const outcome = inverseCovariance(Float64Array.from(R), { size: 4, candidates: [0, 1, 2, 3], centredIntercepts: null });
    expect(outcome.singular).toEqual([2]);
    expect(outcome.estimated).toEqual([0, 1, 3]);
    expectBlock(outcome.matrix, 4, [0, 1, 3], inverseOf(gram(R, 4), [0, 1, 3]));
  });

  it("after the caller's own rank test only an exactly zero pivot is dependent", () => {
    // ‖R[:, 2]‖ = √11.25 ≈ 3.35, so R's rule drops a pivot up to 3.4e-11
    const request = (rankChecked: boolean) => ({ size: 4, candidates: [0, 1, 2, 3], centredIntercepts: null, rankChecked });
    const small = inverseCovariance(Float64Array.from(factor(1e-12)), request(true));
    expect(small.singular).toEqual([]);
    expect(small.estimated).toEqual([0, 1, 2, 3]);
    expect(Array.from(small.matrix).every(Number.isFinite)).toBe(true);
    // (R⁻¹R⁻ᵀ)₂₂ = 1/R₂₂² + (R₂₃/(R₂₂·R₃₃))²
    expect(Math.abs(small.matrix[2 * 4 + 2] / (1e24 + (0.25 / (1e-12 * 0.8)) ** 2) - 1)).toBeLessThan(1e-3);
    expect(inverseCovariance(Float64Array.from(factor(1e-12)), request(false)).singular).toEqual([2]);
    expect(inverseCovariance(Float64Array.from(factor(0)), request(true)).singular).toEqual([2]);
    expect(inverseCovariance(Float64Array.from(factor(1e-9)), request(false)).singular).toEqual([]);
    const R = factor(0.01);
    expectBlock(inverseCovariance(Float64Array.from(R), request(false)).matrix, 4, [0, 1, 2, 3], inverseOf(gram(R, 4), [0, 1, 2, 3]));
  });

  it("terms that are not candidates get NaN and are not reported as singular", () => {
    const R = factor(0.7);
    const outcome = inverseCovariance(Float64Array.from(R), { size: 4, candidates: [0, 2, 3], centredIntercepts: null });
    expect(outcome.singular).toEqual([]);
    expect(outcome.estimated).toEqual([0, 2, 3]);
    expectBlock(outcome.matrix, 4, [0, 2, 3], inverseOf(gram(R, 4), [0, 2, 3]));
  });

  it("centred intercepts whose partner has no information: the left-out one has no variance either", () => {
    const R = factor(0.7);
    // intercepts are terms 0 and 3 (two classes); term 0 is not a candidate, so no centring is possible
    const outcome = inverseCovariance(Float64Array.from(R), { size: 4, candidates: [1, 2, 3], centredIntercepts: [0, 3] });
    expect(outcome.estimated).toEqual([1, 2]);
    expect(outcome.singular).toEqual([3]);
    expectBlock(outcome.matrix, 4, [1, 2], inverseOf(gram(R, 4), [1, 2]));
  });
});

describe("sandwichCovariance", () => {
  it("H⁻¹·I·H⁻¹ on the kept terms, with the dependent column of H dropped", () => {
    const H = factor(1e-14);
    const I = [1, 0.5, 0, 0.2, 0, 2, 0.3, 0, 0, 0, 1.2, 0.1, 0, 0, 0, 0.9];
    const outcome = sandwichCovariance(Float64Array.from(H), Float64Array.from(I), { size: 4, candidates: [0, 1, 2, 3], centredIntercepts: null });
    expect(outcome.singular).toEqual([2]);
    const keep = [0, 1, 3];
    const Hinv = inverseOf(gram(H, 4), keep);
    const info = gram(I, 4);
    const expected = keep.map((_, a) => keep.map((_, b) => {
      let sum = 0;
      keep.forEach((k, c) => keep.forEach((l, e) => (sum += Hinv[a][c] * info[k][l] * Hinv[e][b])));
      return sum;
    }));
    expectBlock(outcome.matrix, 4, keep, expected);
  });
});
