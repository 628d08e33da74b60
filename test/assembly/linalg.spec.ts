// Householder QR kernels (assembly/linalg/householder.ts).
//
// Tolerances:
//   applyReflector  the twins differ only in the dot product's summation order, so the scalar
//                   w = τ(r + x·a) differs by at most 2γₘ·|τ|·Σ|xᵢaᵢ| (Higham, "Accuracy and
//                   Stability of Numerical Algorithms", 2nd ed., §3.1); we allow
//                   (m + 2)·ε·|τ|·(|r| + Σ|xᵢaᵢ|), and that times max|xᵢ| (+ 2 ulps) per entry of a.
//   scale           elementwise, one rounding: bit-identical.
//   maxAbs          a maximum is exact: bit-identical.
//   extreme scales  a power-of-two scaling of A commutes exactly with the QR (the safe-norm
//                   scaling is itself a power of two): R(A·2^k) = R(A)·2^k bit for bit.
//   QR              backward stable: RᵀR = AᵀA within 8·(m + cols)·ε·‖A‖², and an exactly solvable
//                   least-squares problem comes back within 1e-13.
import {
  applyReflectorScalar, applyReflectorSimd, maxAbsScalar, maxAbsSimd, scaleScalar, scaleSimd, solveUpper, stackRows,
} from "../../assembly/linalg/householder";
import { allocate, at, expectWithin, firstBitDifference, put, putAll, TestData } from "./support";

const EPS = f64.EPSILON;

describe("applyReflector: SIMD twin against scalar", () => {
  it("agrees within the dot-product bound for every length 0 … 19 (straddling f64x2 and the 2-vector loop)", () => {
    const data = new TestData(7);
    for (let m = 0; m <= 19; m++) {
      const x = allocate<f64>(m);
      const a1 = allocate<f64>(m);
      const a2 = allocate<f64>(m);
      data.fill<f64>(x, m);
      data.fill<f64>(a1, m);
      memory.copy(a2, a1, <usize>m << 3);
      const r = data.next();
      const tau = 1.0 + data.next() * 0.5;
      let absDot = Math.abs(r);
      let maxX = 0.0;
      for (let i = 0; i < m; i++) {
        absDot += Math.abs(at<f64>(x, i) * at<f64>(a1, i));
        maxX = Math.max(maxX, Math.abs(at<f64>(x, i)));
      }
      const bound = <f64>(m + 2) * EPS * Math.abs(tau) * absDot;
      const rScalar = applyReflectorScalar(x, a1, m, r, tau);
      const rSimd = applyReflectorSimd(x, a2, m, r, tau);
      expectWithin(rSimd, rScalar, bound + 2 * EPS * Math.abs(rScalar), "r, m = " + m.toString());
      for (let i = 0; i < m; i++) {
        expectWithin(at<f64>(a2, i), at<f64>(a1, i), bound * maxX + 2 * EPS * Math.abs(at<f64>(a1, i)), "a, m = " + m.toString());
      }
      heap.free(x);
      heap.free(a1);
      heap.free(a2);
    }
  });

  it("maxAbsSimd is bit-identical to maxAbsScalar for lengths 0 … 19, wherever the largest entry sits", () => {
    const data = new TestData(5);
    for (let m = 0; m <= 19; m++) {
      const x = allocate<f64>(m);
      data.fill<f64>(x, m);
      for (let at_ = 0; at_ < m; at_++) {
        const held = at<f64>(x, at_);
        put<f64>(x, at_, -7.5);
        expect<u64>(reinterpret<u64>(maxAbsSimd(x, m))).toBe(reinterpret<u64>(maxAbsScalar(x, m)));
        expect<f64>(maxAbsScalar(x, m)).toBe(7.5);
        put<f64>(x, at_, held);
      }
      expect<u64>(reinterpret<u64>(maxAbsSimd(x, m))).toBe(reinterpret<u64>(maxAbsScalar(x, m)));
      heap.free(x);
    }
    const empty = allocate<f64>(1);
    expect<f64>(maxAbsSimd(empty, 0)).toBe(0.0);
  });

  it("scaleSimd is bit-identical to scaleScalar for lengths 0 … 9", () => {
    const data = new TestData(3);
    for (let m = 0; m <= 9; m++) {
      const a = allocate<f64>(m);
      const b = allocate<f64>(m);
      data.fill<f64>(a, m);
      memory.copy(b, a, <usize>m << 3);
      scaleScalar(a, m, 1.0 / 3.0);
      scaleSimd(b, m, 1.0 / 3.0);
      expect<i32>(firstBitDifference<f64>(a, b, m)).toBe(-1);
      heap.free(a);
      heap.free(b);
    }
  });
});

/** Σ over rows of RᵀR[i][j] (stride cols) vs AᵀA of the column-major m×cols A. */
function checkGram(R: usize, A: usize, m: i32, cols: i32): void {
  let norm2 = 0.0;
  for (let k = 0; k < m * cols; k++) norm2 += at<f64>(A, k) * at<f64>(A, k);
  for (let i = 0; i < cols; i++) {
    for (let j = 0; j < cols; j++) {
      let rr = 0.0;
      for (let k = 0; k <= min(i, j); k++) rr += at<f64>(R, k * cols + i) * at<f64>(R, k * cols + j);
      let aa = 0.0;
      for (let t = 0; t < m; t++) aa += at<f64>(A, i * m + t) * at<f64>(A, j * m + t);
      expectWithin(rr, aa, 8.0 * <f64>(m + cols) * EPS * norm2, "RᵀR = AᵀA at " + i.toString() + "," + j.toString());
    }
  }
}

describe("stackRows + solveUpper", () => {
  it("factors a known 3×2 block: |R₀₀| = ‖a₀‖ = 5, R upper triangular, RᵀR = AᵀA", () => {
    const A = allocate<f64>(6);
    putAll<f64>(A, [3, 4, 0, 1, 2, 2]); // columns (3, 4, 0) and (1, 2, 2)
    const copy = allocate<f64>(6);
    memory.copy(copy, A, 48);
    const R = allocate<f64>(4);
    stackRows(R, 2, A, 3, 2);
    expectWithin(Math.abs(at<f64>(R, 0)), 5.0, 4 * EPS * 5, "R00");
    expect<f64>(at<f64>(R, 2)).toBe(0.0);
    // R01 = a₀·a₁/|R00| up to sign: (3 + 8)/5.
    expectWithin(Math.abs(at<f64>(R, 1)), 11.0 / 5.0, 8 * EPS * 5, "R01");
    checkGram(R, copy, 3, 2);
  });

  it("folding rows in blocks gives the same Gram matrix as folding them at once, and solves least squares", () => {
    // y = 1 + 2x exactly, x = 0 … 9: the response column is the third; R·β = Qᵀy gives (1, 2).
    const m = 10;
    const A = allocate<f64>(m * 3);
    for (let t = 0; t < m; t++) {
      put<f64>(A, t, 1.0);
      put<f64>(A, m + t, <f64>t);
      put<f64>(A, 2 * m + t, 1.0 + 2.0 * <f64>t);
    }
    const whole = allocate<f64>(m * 3);
    memory.copy(whole, A, <usize>(m * 3) << 3);
    const R = allocate<f64>(9);
    // Blocks of 3, 3 and 4 rows, each column-major with its own leading dimension.
    let start = 0;
    const sizes: i32[] = [3, 3, 4];
    for (let b = 0; b < sizes.length; b++) {
      const rows = sizes[b];
      const block = allocate<f64>(rows * 3);
      for (let c = 0; c < 3; c++) for (let t = 0; t < rows; t++) put<f64>(block, c * rows + t, at<f64>(A, c * m + start + t));
      stackRows(R, 3, block, rows, 3);
      heap.free(block);
      start += rows;
    }
    checkGram(R, whole, m, 3);
    // Q is orthogonal: R's columns keep the data columns' norms (where the rank tests take them from).
    expectWithin(at<f64>(R, 0) * at<f64>(R, 0), 10.0, 64 * EPS * 10, "‖1‖²");
    expectWithin(at<f64>(R, 1) * at<f64>(R, 1) + at<f64>(R, 4) * at<f64>(R, 4), 285.0, 64 * EPS * 285, "‖x‖²");
    const beta = allocate<f64>(2);
    expect<i32>(solveUpper(R, 3, 2, 0, beta)).toBe(2);
    expectWithin(at<f64>(beta, 0), 1.0, 1e-13, "intercept");
    expectWithin(at<f64>(beta, 1), 2.0, 1e-13, "slope");
    // The fit is exact: the residual norm R[2][2] is 0 up to rounding.
    expectWithin(at<f64>(R, 8), 0.0, 1e-12, "residual norm");
  });

  it("an all-zero column gives a zero row and column in R and a 0 coordinate", () => {
    const m = 5;
    const A = allocate<f64>(m * 3);
    const data = new TestData(11);
    data.fill<f64>(A, m);
    data.fill<f64>(A + (<usize>(2 * m) << 3), m);
    const R = allocate<f64>(9);
    stackRows(R, 3, A, m, 3);
    for (let k = 0; k < 3; k++) {
      expect<f64>(at<f64>(R, 3 + k)).toBe(0.0);
      expect<f64>(at<f64>(R, k * 3 + 1)).toBe(0.0);
    }
    const beta = allocate<f64>(2);
    expect<i32>(solveUpper(R, 3, 2, 0, beta)).toBe(1);
    expect<f64>(at<f64>(beta, 1)).toBe(0.0);
  });

  it("columns of 2^±1000 (squares far outside f64): R(A·2^k) = R(A)·2^k bit for bit, and the solution is unchanged", () => {
    const m = 7;
    const cols = 3;
    const data = new TestData(21);
    const original = allocate<f64>(m * cols);
    data.fill<f64>(original, m * cols);
    const reference = allocate<f64>(cols * cols);
    const A = allocate<f64>(m * cols);
    memory.copy(A, original, <usize>(m * cols) << 3);
    stackRows(reference, cols, A, m, cols);
    const powers: i32[] = [-1000, -600, -510, 510, 600, 1000];
    for (let t = 0; t < powers.length; t++) {
      const k = powers[t];
      const factor = Math.pow(2.0, <f64>k);
      for (let i = 0; i < m * cols; i++) put<f64>(A, i, at<f64>(original, i) * factor);
      const R = allocate<f64>(cols * cols);
      stackRows(R, cols, A, m, cols);
      for (let i = 0; i < cols * cols; i++) {
        expect<u64>(reinterpret<u64>(at<f64>(R, i))).toBe(reinterpret<u64>(at<f64>(reference, i) * factor), "R at " + i.toString() + ", 2^" + k.toString());
      }
      const x = allocate<f64>(cols - 1);
      const y = allocate<f64>(cols - 1);
      solveUpper(R, cols, cols - 1, 0, x);
      solveUpper(reference, cols, cols - 1, 0, y);
      for (let j = 0; j < cols - 1; j++) expect<f64>(at<f64>(x, j)).toBe(at<f64>(y, j));
      heap.free(R);
      heap.free(x);
      heap.free(y);
    }
  });

  it("a row of weight 1e300 (entries 1e150) arriving after light rows keeps their information (row pivoting)", () => {
    // Light rows t = 0 … 4: (1, t | 1 + 2t + dₜ); then a second block with the heavy row
    // 1e150·(1, 10 | 25). Least squares fits the heavy row exactly and the light rows under that
    // constraint: b1 = Σ(t − 10)(yₜ − 25)/Σ(t − 10)², b0 = 25 − 10·b1. Without pivoting the
    // heavy row would replace R's light information by rounding noise of size ε·1e150 (here the
    // light rows' own slope would come back instead).
    const noise: f64[] = [0.1, -0.2, 0.05, 0.3, -0.1];
    const light = allocate<f64>(15);
    let sxy = 0.0;
    let sxx = 0.0;
    for (let t = 0; t < 5; t++) {
      const yt = 1.0 + 2.0 * <f64>t + noise[t];
      put<f64>(light, t, 1.0);
      put<f64>(light, 5 + t, <f64>t);
      put<f64>(light, 10 + t, yt);
      sxy += (<f64>t - 10.0) * (yt - 25.0);
      sxx += (<f64>t - 10.0) * (<f64>t - 10.0);
    }
    const b1 = sxy / sxx;
    const b0 = 25.0 - 10.0 * b1;
    const R = allocate<f64>(9);
    stackRows(R, 3, light, 5, 3);
    const heavy = allocate<f64>(3);
    putAll<f64>(heavy, [1e150, 10e150, 25e150]);
    stackRows(R, 3, heavy, 1, 3);
    const beta = allocate<f64>(2);
    expect<i32>(solveUpper(R, 3, 2, 0, beta)).toBe(2);
    expectWithin(at<f64>(beta, 0), b0, 1e-12 * Math.abs(b0), "intercept");
    expectWithin(at<f64>(beta, 1), b1, 1e-12 * Math.abs(b1), "slope");
  });
});
