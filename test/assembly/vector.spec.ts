// Vector kernels: every SIMD kernel against its scalar twin, for f32 and f64, at every length from
// 0 to 4·4·lanes + lanes + 1 (empty, scalar tail only, one-vector tail, the four-accumulator main
// loop once and more than once, plus tails), at an aligned and a misaligned start, with data that
// is not exact. Values past the end are NaN (inputs) or a sentinel (outputs), so a kernel that
// reads or writes one element too far fails.
//
// Tolerances:
//   dot       summation order differs between the twins. Any order satisfies
//             |fl(Σaᵢbᵢ) − Σaᵢbᵢ| ≤ γₙ·Σ|aᵢbᵢ|, γₙ = n·u/(1 − n·u), u = ε/2
//             (see: Higham, "Accuracy and Stability of Numerical Algorithms", 2nd ed., §3.1),
//             so SIMD vs scalar may differ by 2γₙ·Σ|aᵢbᵢ|; we allow (n + 1)·ε·Σ|aᵢbᵢ|. f32 results are
//             also checked against an f64 reference within the same bound. Separately, dotSimd must
//             match, bit for bit, a scalar emulation of the summation order documented in vector.ts,
//             because that order is what makes every host produce the same bits.
//   axpy, decayStep   elementwise with the same two roundings per element: bit-identical.
import {
  axpyScalar, axpySimd, decayStepScalar, decayStepSimd, dotScalar, dotSimd, lanes, sumSquares,
} from "../../assembly/kernels/vector";
import {
  allocate, at, bitsOf, epsilonOf, expectRelative, expectWithin, firstBitDifference, put, putAll,
  TestData, typeName,
} from "./support";

const SENTINEL: f64 = 12345.5;
const PAD: i32 = 8; // elements past the end that the kernels must neither read nor write

/** Longest length tested: 4·4·lanes + lanes + 1, so the main loop runs several times. */
function maxLength<T>(): i32 {
  return 4 * 4 * lanes<T>() + lanes<T>() + 1;
}

/** dotSimd's documented order: 4 vector accumulators, then (acc0 + acc1) + (acc2 + acc3) lane-wise,
 * then the horizontal sum ((l0 + l1) + (l2 + l3) or l0 + l1), then the scalar tail in sequence. */
function emulatedDotSimd<T>(a: usize, b: usize, n: i32): T {
  const L = lanes<T>();
  const acc = allocate<T>(4 * L); // acc[q·L + l]
  let i = 0;
  for (; i + 4 * L <= n; i += 4 * L) {
    for (let q = 0; q < 4; q++) {
      for (let l = 0; l < L; l++) {
        const k = i + q * L + l;
        put<T>(acc, q * L + l, at<T>(acc, q * L + l) + at<T>(a, k) * at<T>(b, k));
      }
    }
  }
  for (; i + L <= n; i += L) {
    for (let l = 0; l < L; l++) put<T>(acc, l, at<T>(acc, l) + at<T>(a, i + l) * at<T>(b, i + l));
  }
  const lane = allocate<T>(L);
  for (let l = 0; l < L; l++) {
    put<T>(lane, l, (at<T>(acc, l) + at<T>(acc, L + l)) + (at<T>(acc, 2 * L + l) + at<T>(acc, 3 * L + l)));
  }
  let sum: T;
  if (L == 4) {
    sum = (at<T>(lane, 0) + at<T>(lane, 1)) + (at<T>(lane, 2) + at<T>(lane, 3));
  } else {
    sum = at<T>(lane, 0) + at<T>(lane, 1);
  }
  for (; i < n; i++) sum += at<T>(a, i) * at<T>(b, i);
  heap.free(acc);
  heap.free(lane);
  return sum;
}

function checkDot<T>(n: i32, misalign: i32, seed: u32): void {
  const data = new TestData(seed);
  const bufferA = allocate<T>(n + PAD + 1);
  const bufferB = allocate<T>(n + PAD + 1);
  const a = bufferA + (<usize>misalign << alignof<T>());
  const b = bufferB + (<usize>misalign << alignof<T>());
  data.fill<T>(a, n);
  data.fill<T>(b, n);
  for (let i = n; i < n + PAD; i++) {
    put<T>(a, i, <T>NaN);
    put<T>(b, i, <T>NaN);
  }
  let reference = 0.0; // exact products for f32; f64 sum
  let magnitude = 0.0; // Σ|aᵢbᵢ|
  for (let i = 0; i < n; i++) {
    const p = <f64>at<T>(a, i) * <f64>at<T>(b, i);
    reference += p;
    magnitude += Math.abs(p);
  }
  const simd = <f64>dotSimd<T>(a, b, n);
  const scalar = <f64>dotScalar<T>(a, b, n);
  const context = typeName<T>() + " n=" + n.toString() + " misalign=" + misalign.toString();
  const bound = <f64>(n + 1) * epsilonOf<T>() * magnitude;
  expectWithin(simd, scalar, bound, "dotSimd vs dotScalar, " + context);
  if (sizeof<T>() == 4) {
    expectWithin(simd, reference, bound, "dotSimd vs f64 reference, " + context);
    expectWithin(scalar, reference, bound, "dotScalar vs f64 reference, " + context);
  }
  expect<u64>(bitsOf<T>(dotSimd<T>(a, b, n))).toBe(
    bitsOf<T>(emulatedDotSimd<T>(a, b, n)),
    "dotSimd follows the documented summation order, " + context,
  );
  heap.free(bufferA);
  heap.free(bufferB);
}

function checkAxpy<T>(n: i32, misalign: i32, seed: u32): void {
  const data = new TestData(seed);
  const alpha = <T>data.next();
  const bufferX = allocate<T>(n + PAD + 1);
  const bufferSimd = allocate<T>(n + PAD + 1);
  const bufferScalar = allocate<T>(n + PAD + 1);
  const offset = <usize>misalign << alignof<T>();
  const x = bufferX + offset, ySimd = bufferSimd + offset, yScalar = bufferScalar + offset;
  data.fill<T>(x, n);
  data.fill<T>(ySimd, n);
  memory.copy(yScalar, ySimd, <usize>n << alignof<T>());
  for (let i = n; i < n + PAD; i++) {
    put<T>(x, i, <T>NaN);
    put<T>(ySimd, i, <T>SENTINEL);
    put<T>(yScalar, i, <T>SENTINEL);
  }
  axpySimd<T>(ySimd, x, alpha, n);
  axpyScalar<T>(yScalar, x, alpha, n);
  const context = typeName<T>() + " n=" + n.toString() + " misalign=" + misalign.toString();
  expect<i32>(firstBitDifference<T>(ySimd, yScalar, n + PAD)).toBe(-1, "axpySimd == axpyScalar bitwise (incl. past the end), " + context);
  for (let i = n; i < n + PAD; i++) {
    expect<f64>(<f64>at<T>(ySimd, i)).toBe(SENTINEL, "axpySimd wrote past the end, " + context);
  }
  heap.free(bufferX);
  heap.free(bufferSimd);
  heap.free(bufferScalar);
}

function checkDecayStep<T>(n: i32, misalign: i32, seed: u32): void {
  const data = new TestData(seed);
  const decay = <T>(1.0 - 0.01 * Math.abs(data.next()));
  const step = <T>Math.abs(data.next());
  const bytes = <usize>(n + PAD + 1) << alignof<T>();
  const buffers = allocate<T>(4 * (n + PAD + 1));
  const offset = <usize>misalign << alignof<T>();
  const wSimd = buffers + offset, gSimd = buffers + bytes + offset;
  const wScalar = buffers + 2 * bytes + offset, gScalar = buffers + 3 * bytes + offset;
  data.fill<T>(wSimd, n);
  data.fill<T>(gSimd, n);
  memory.copy(wScalar, wSimd, <usize>n << alignof<T>());
  memory.copy(gScalar, gSimd, <usize>n << alignof<T>());
  for (let i = n; i < n + PAD; i++) {
    put<T>(wSimd, i, <T>SENTINEL);
    put<T>(gSimd, i, <T>SENTINEL);
    put<T>(wScalar, i, <T>SENTINEL);
    put<T>(gScalar, i, <T>SENTINEL);
  }
  decayStepSimd<T>(wSimd, gSimd, n, decay, step);
  decayStepScalar<T>(wScalar, gScalar, n, decay, step);
  const context = typeName<T>() + " n=" + n.toString() + " misalign=" + misalign.toString();
  expect<i32>(firstBitDifference<T>(wSimd, wScalar, n + PAD)).toBe(-1, "decayStep w: SIMD == scalar bitwise, " + context);
  expect<i32>(firstBitDifference<T>(gSimd, gScalar, n + PAD)).toBe(-1, "decayStep g: SIMD == scalar bitwise, " + context);
  let firstNonZero = -1;
  for (let i = 0; i < n; i++) {
    if (bitsOf<T>(at<T>(gSimd, i)) != 0) {
      firstNonZero = i;
      break;
    }
  }
  expect<i32>(firstNonZero).toBe(-1, "decayStepSimd leaves g = +0, " + context);
  for (let i = n; i < n + PAD; i++) {
    expect<f64>(<f64>at<T>(wSimd, i)).toBe(SENTINEL, "decayStepSimd wrote w past the end, " + context);
    expect<f64>(<f64>at<T>(gSimd, i)).toBe(SENTINEL, "decayStepSimd wrote g past the end, " + context);
  }
  heap.free(buffers);
}

function vectorSuite<T>(): void {
  describe("vector kernels, " + typeName<T>(), () => {
    it("dot: SIMD vs scalar within (n+1)·ε·Σ|ab|, every length 0..4·4·lanes+lanes+1, aligned and not", () => {
      for (let n = 0; n <= maxLength<T>(); n++) {
        checkDot<T>(n, 0, <u32>(1000 + n));
        checkDot<T>(n, 1, <u32>(2000 + n));
      }
    });

    it("dot: long vectors (1000, 1003) within the same bound", () => {
      checkDot<T>(1000, 0, 7);
      checkDot<T>(1003, 1, 8);
    });

    it("dot: known answers", () => {
      // Σ i·1 for i = 1..n is n(n+1)/2, exact in both precisions (every partial sum is an integer < 2²⁴).
      const a = allocate<T>(200);
      const ones = allocate<T>(200);
      for (let i = 0; i < 200; i++) {
        put<T>(a, i, <T>(i + 1));
        put<T>(ones, i, <T>1);
      }
      for (let n = 0; n <= 200; n++) {
        const expected = <f64>(n * (n + 1) / 2);
        expect<f64>(<f64>dotSimd<T>(a, ones, n)).toBe(expected, "dotSimd(1..n, 1) n=" + n.toString());
        expect<f64>(<f64>dotScalar<T>(a, ones, n)).toBe(expected, "dotScalar(1..n, 1) n=" + n.toString());
      }
      // Σ i² = n(n+1)(2n+1)/6; n = 37: 17575.
      expect<f64>(<f64>dotSimd<T>(a, a, 37)).toBe(17575.0);
      expect<f64>(<f64>dotScalar<T>(a, a, 37)).toBe(17575.0);
      // Signs and fractions: (0.5, −1.5, 2.25) · (4, 2, −0.25) = 2 − 3 − 0.5625.
      putAll<T>(a, [0.5, -1.5, 2.25]);
      putAll<T>(ones, [4, 2, -0.25]);
      expect<f64>(<f64>dotSimd<T>(a, ones, 3)).toBe(-1.5625);
      expect<f64>(<f64>dotScalar<T>(a, ones, 3)).toBe(-1.5625);
      heap.free(a);
      heap.free(ones);
    });

    it("axpy: SIMD == scalar bitwise, every length, aligned and not, nothing written past the end", () => {
      for (let n = 0; n <= maxLength<T>(); n++) {
        checkAxpy<T>(n, 0, <u32>(3000 + n));
        checkAxpy<T>(n, 1, <u32>(4000 + n));
      }
    });

    it("axpy: known answer y = (1, 1, 1, 1, 1) + 2·(1, 2, 3, −4, 0.5)", () => {
      const y = allocate<T>(5);
      const x = allocate<T>(5);
      putAll<T>(y, [1, 1, 1, 1, 1]);
      putAll<T>(x, [1, 2, 3, -4, 0.5]);
      axpySimd<T>(y, x, <T>2, 5);
      const expected: f64[] = [3, 5, 7, -7, 2];
      for (let i = 0; i < 5; i++) expect<f64>(<f64>at<T>(y, i)).toBe(expected[i], "y[" + i.toString() + "]");
      heap.free(y);
      heap.free(x);
    });

    it("decayStep: SIMD == scalar bitwise, g zeroed, every length, aligned and not", () => {
      for (let n = 0; n <= maxLength<T>(); n++) {
        checkDecayStep<T>(n, 0, <u32>(5000 + n));
        checkDecayStep<T>(n, 1, <u32>(6000 + n));
      }
    });

    it("decayStep: known answer w ← 0.5·w − 0.25·g", () => {
      const w = allocate<T>(5);
      const g = allocate<T>(5);
      putAll<T>(w, [2, 4, -6, 8, 0]);
      putAll<T>(g, [4, -8, 1, 16, 2]);
      decayStepSimd<T>(w, g, 5, <T>0.5, <T>0.25);
      const expected: f64[] = [0, 4, -3.25, 0, -0.5];
      for (let i = 0; i < 5; i++) {
        expect<f64>(<f64>at<T>(w, i)).toBe(expected[i], "w[" + i.toString() + "]");
        expect<f64>(<f64>at<T>(g, i)).toBe(0.0, "g[" + i.toString() + "]");
      }
      heap.free(w);
      heap.free(g);
    });

    it("sumSquares: known answer and f64 accumulation", () => {
      const w = allocate<T>(4);
      putAll<T>(w, [1, -2, 0.5, 3]);
      expect<f64>(sumSquares<T>(w, 4)).toBe(14.25);
      expect<f64>(sumSquares<T>(w, 0)).toBe(0.0);
      heap.free(w);
    });
  });
}

vectorSuite<f32>();
vectorSuite<f64>();
