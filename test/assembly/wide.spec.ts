// The wide kernels (rows stored as T; weights, sums and gradients in f64; issue 8 item 6): SIMD against the
// scalar twin at every length 0..4·8+4+1 (empty, scalar tail, the 8-value main loop once and
// more), aligned and misaligned, past-the-end values NaN or a sentinel.
// Tolerances: both twins and an f64 reference over the same values round only in f64 (products
// and sums): ≤ (n + 1)·ε₆₄·Σ|aᵢwᵢ| (Higham, 2nd ed., §3.1). That bound is ~10⁹ tighter than f32
// arithmetic could meet, so an f32 accumulator or f32-rounded weights fail it.
// For T = f64 the wide kernels are dot/axpy themselves: bit for bit. axpyWide is elementwise with
// the same two roundings per element in both twins: bit for bit.
import {
  axpyScalar, axpyWideScalar, axpyWideSimd, dotSimd, dotWideScalar, dotWideSimd,
} from "../../assembly/kernels/vector";
import { allocate, at, bitsOf, expectWithin, firstBitDifference, put, TestData } from "./support";

const EPS = f64.EPSILON;
const SENTINEL: f64 = 12345.5;
const PAD: i32 = 8;
const MAX_LENGTH: i32 = 4 * 8 + 4 + 1;

function checkDotWide(n: i32, misalign: i32, seed: u32): void {
  const data = new TestData(seed);
  const bufferA = allocate<f32>(n + PAD + 1);
  const bufferB = allocate<f64>(n + PAD + 1);
  const a = bufferA + (<usize>misalign << 2);
  const b = bufferB + (<usize>misalign << 3);
  data.fill<f32>(a, n);
  data.fill<f64>(b, n);
  for (let i = n; i < n + PAD; i++) {
    put<f32>(a, i, NaN);
    put<f64>(b, i, NaN);
  }
  let reference = 0.0;
  let magnitude = 0.0;
  for (let i = 0; i < n; i++) {
    const p = <f64>at<f32>(a, i) * at<f64>(b, i);
    reference += p;
    magnitude += Math.abs(p);
  }
  const tolerance = <f64>(n + 1) * EPS * magnitude;
  const context = "n=" + n.toString() + " misalign=" + misalign.toString();
  expectWithin(dotWideSimd<f32>(a, b, n), reference, tolerance, "dotWideSimd<f32> vs f64 reference, " + context);
  expectWithin(dotWideScalar<f32>(a, b, n), reference, tolerance, "dotWideScalar<f32> vs f64 reference, " + context);
  heap.free(bufferA);
  heap.free(bufferB);
}

function checkAxpyWide(n: i32, misalign: i32, seed: u32): void {
  const data = new TestData(seed);
  const x = allocate<f32>(n + PAD + 1) + (<usize>misalign << 2);
  const ySimd = allocate<f64>(n + PAD + 1) + (<usize>misalign << 3);
  const yScalar = allocate<f64>(n + PAD + 1) + (<usize>misalign << 3);
  data.fill<f32>(x, n);
  data.fill<f64>(ySimd, n);
  for (let i = 0; i < n; i++) put<f64>(yScalar, i, at<f64>(ySimd, i));
  for (let i = n; i < n + PAD; i++) {
    put<f32>(x, i, NaN);
    put<f64>(ySimd, i, SENTINEL);
  }
  const alpha = 0.1 + data.next();
  axpyWideSimd<f32>(ySimd, x, alpha, n);
  axpyWideScalar<f32>(yScalar, x, alpha, n);
  const context = "n=" + n.toString() + " misalign=" + misalign.toString();
  expect<i32>(firstBitDifference<f64>(ySimd, yScalar, n)).toBe(-1, "axpyWide SIMD vs scalar, " + context);
  for (let i = n; i < n + PAD; i++) expect<f64>(at<f64>(ySimd, i)).toBe(SENTINEL, "axpyWideSimd wrote past the end, " + context);
}

describe("wide kernels (f32 rows, f64 sums)", () => {
  it("dotWide: SIMD and scalar within (n+1)·ε₆₄·Σ|ab| of the f64 sum, every length 0..37, aligned and not", () => {
    for (let n = 0; n <= MAX_LENGTH; n++) {
      checkDotWide(n, 0, <u32>(7000 + n));
      checkDotWide(n, 1, <u32>(8000 + n));
    }
    checkDotWide(1003, 1, 9);
  });

  it("dotWide keeps what f32 loses: 1·1 + 2⁻¹⁵·2⁻¹⁵ = 1 + 2⁻³⁰, and a weight 1 + 2⁻⁴⁰ unrounded", () => {
    for (let n = 2; n <= 19; n += 17) { // the scalar tail alone, and after the 8-value loop
      const a = allocate<f32>(n);
      const w = allocate<f64>(n);
      const a32 = allocate<f32>(n);
      put<f32>(a, 0, 1);
      put<f64>(w, 0, 1);
      put<f32>(a, n - 1, <f32>Math.pow(2, -15));
      put<f64>(w, n - 1, Math.pow(2, -15));
      const expected = 1 + Math.pow(2, -30);
      expect<f64>(dotWideSimd<f32>(a, w, n)).toBe(expected, "SIMD n=" + n.toString());
      expect<f64>(dotWideScalar<f32>(a, w, n)).toBe(expected, "scalar n=" + n.toString());
      // f32 arithmetic rounds the small product away
      for (let i = 0; i < n; i++) put<f32>(a32, i, <f32>at<f64>(w, i));
      expect<f64>(<f64>dotSimd<f32>(a, a32, n)).toBe(1.0, "f32 n=" + n.toString());
      put<f64>(w, 0, 1 + Math.pow(2, -40));
      put<f64>(w, n - 1, 0);
      expect<f64>(dotWideSimd<f32>(a, w, n)).toBe(1 + Math.pow(2, -40), "unrounded weight, n=" + n.toString());
      heap.free(a);
      heap.free(w);
      heap.free(a32);
    }
  });

  it("dotWide<f64> is dotSimd<f64>, bit for bit", () => {
    const data = new TestData(11);
    const a = allocate<f64>(37);
    const b = allocate<f64>(37);
    data.fill<f64>(a, 37);
    data.fill<f64>(b, 37);
    for (let n = 0; n <= 37; n++) expect<u64>(bitsOf<f64>(dotWideSimd<f64>(a, b, n))).toBe(bitsOf<f64>(dotSimd<f64>(a, b, n)), "n=" + n.toString());
    heap.free(a);
    heap.free(b);
  });

  it("axpyWide: SIMD == scalar bitwise, every length, aligned and not, nothing written past the end", () => {
    for (let n = 0; n <= MAX_LENGTH; n++) {
      checkAxpyWide(n, 0, <u32>(9000 + n));
      checkAxpyWide(n, 1, <u32>(9500 + n));
    }
  });

  it("axpyWide<f64> is axpy<f64>, bit for bit", () => {
    const data = new TestData(12);
    const x = allocate<f64>(37);
    const y1 = allocate<f64>(37);
    const y2 = allocate<f64>(37);
    data.fill<f64>(x, 37);
    data.fill<f64>(y1, 37);
    for (let i = 0; i < 37; i++) put<f64>(y2, i, at<f64>(y1, i));
    axpyWideSimd<f64>(y1, x, 0.3, 37);
    axpyScalar<f64>(y2, x, 0.3, 37);
    expect<i32>(firstBitDifference<f64>(y1, y2, 37)).toBe(-1);
  });
});
