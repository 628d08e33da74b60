// The cumulative-penalty L1 truncation (assembly/updates/l1.ts): SIMD against its scalar twin and
// both against the plain-TypeScript twin of bindings/optimizers/update-twins.ts (compiled here as
// AssemblyScript), for f32 and f64, at every length 0..4·lanes+1 and 257, aligned and misaligned,
// with and without a second moment (the adaptive rules' per-coordinate step), over three
// truncations with θ moved between them (as a gradient step would), and values past the end that
// must stay untouched; likewise the factor-weighted ridge term folded into G (factorRidge).
//
// Tolerances:
//   SIMD vs scalar, both precisions: 0 (bit for bit): elementwise +, −, ·, /, √, min, max in the
//     same order in both twins, no fused multiply-add.
//   f64 scalar vs the TypeScript twin: 0 (bit for bit).
//   f32 vs the twin run in f64 on the same f32 inputs: |Δ| ≤ 1e-4·(1 + |x|) per value (three
//     truncations of ~8 roundings each at 2⁻²⁴, amplified by the division by √m/c + ε for small m).
import { excessSquareSum, factorRidgeScalar, factorRidgeSimd, l1TruncateScalar, l1TruncateSimd, weightedAbsSum } from "../../assembly/updates/l1";
import { factorRidgeTwin, l1TruncateTwin } from "../../bindings/optimizers/update-twins";
import { allocate, at, bitsOf, expectTwinClose, firstBitDifference, put, TestData, toArray, typeName } from "./support";

const SENTINEL: f64 = 12345.5;
const PAD: i32 = 8;
const STEPS: i32 = 3;
const LR_L1: f64 = 0.07, CORRECTION: f64 = 0.3, EPSILON: f64 = 1e-8;
// θ, factor, u, q, moment
const BUFFERS: i32 = 5;

function bufferOf<T>(base: usize, n: i32, copy: i32, which: i32, misalign: i32): usize {
  return base + ((<usize>(copy * BUFFERS + which) * <usize>(n + PAD + 1) + <usize>misalign) << alignof<T>());
}

function checkTruncation<T>(adaptive: bool, n: i32, misalign: i32, seed: u32): void {
  const data = new TestData(seed);
  const base = allocate<T>(2 * BUFFERS * (n + PAD + 1) + 8);
  for (let which = 0; which < BUFFERS; which++) {
    const scalar = bufferOf<T>(base, n, 0, which, misalign);
    for (let i = 0; i < n; i++) {
      const value = data.next();
      // θ anywhere; factors in [0, 2) (some 0: unpenalised); u ≥ 0; q signed; moments ≥ 0
      const stored = which == 0 || which == 3 ? value : which == 1 ? (i % 5 == 4 ? 0.0 : 1.0 + value) : Math.abs(value);
      put<T>(scalar, i, <T>stored);
    }
    for (let i = n; i < n + PAD; i++) put<T>(scalar, i, <T>SENTINEL);
    memory.copy(bufferOf<T>(base, n, 1, which, misalign), scalar, <usize>(n + PAD) << alignof<T>());
  }
  const arrays = new Array<Float64Array>(BUFFERS);
  for (let which = 0; which < BUFFERS; which++) arrays[which] = toArray<T>(bufferOf<T>(base, n, 0, which, misalign), n);
  const moment = adaptive ? arrays[4] : new Float64Array(0);
  const context = (adaptive ? "adaptive " : "constant step ") + typeName<T>() + " n=" + n.toString() + " misalign=" + misalign.toString();
  for (let step = 1; step <= STEPS; step++) {
    if (step > 1) {
      for (let i = 0; i < n; i++) {
        const moved = <T>(<f64>at<T>(bufferOf<T>(base, n, 0, 0, misalign), i) + 0.2 * data.next());
        put<T>(bufferOf<T>(base, n, 0, 0, misalign), i, moved);
        put<T>(bufferOf<T>(base, n, 1, 0, misalign), i, moved);
        arrays[0][i] = <f64>moved;
      }
    }
    for (let copy = 0; copy < 2; copy++) {
      const theta = bufferOf<T>(base, n, copy, 0, misalign), factor = bufferOf<T>(base, n, copy, 1, misalign);
      const u = bufferOf<T>(base, n, copy, 2, misalign), q = bufferOf<T>(base, n, copy, 3, misalign);
      const m = adaptive ? bufferOf<T>(base, n, copy, 4, misalign) : 0;
      if (copy == 0) l1TruncateScalar<T>(theta, factor, u, q, m, n, LR_L1, CORRECTION, EPSILON);
      else l1TruncateSimd<T>(theta, factor, u, q, m, n, LR_L1, CORRECTION, EPSILON);
    }
    l1TruncateTwin(arrays[0], arrays[1], arrays[2], arrays[3], moment, LR_L1, CORRECTION, EPSILON);
    const names = ["theta", "factor", "accumulated", "received", "moment"];
    for (let which = 0; which < BUFFERS; which++) {
      const scalar = bufferOf<T>(base, n, 0, which, misalign), simd = bufferOf<T>(base, n, 1, which, misalign);
      const what = names[which] + " after truncation " + step.toString() + ", " + context;
      expect<i32>(firstBitDifference<T>(simd, scalar, n + PAD)).toBe(-1, what + ": SIMD == scalar bitwise, incl. past the end");
      for (let i = n; i < n + PAD; i++) expect<f64>(<f64>at<T>(simd, i)).toBe(SENTINEL, what + ": written past the end");
      expectTwinClose<T>(scalar, arrays[which], n, what);
    }
  }
  heap.free(base);
}

/** factorRidge (G ← G + ((f − 1)·c)·θ): SIMD == scalar bitwise, == the TS twin as above, nothing written past n. */
function checkFactorRidge<T>(n: i32, misalign: i32, seed: u32): void {
  const data = new TestData(seed);
  const base = allocate<T>(2 * BUFFERS * (n + PAD + 1) + 8);
  // buffers 0 θ, 1 factor, 2 G of each copy
  for (let which = 0; which < 3; which++) {
    const scalar = bufferOf<T>(base, n, 0, which, misalign);
    for (let i = 0; i < n; i++) put<T>(scalar, i, <T>(which == 1 ? (i % 4 == 3 ? 1.0 : 1.0 + data.next()) : data.next()));
    for (let i = n; i < n + PAD; i++) put<T>(scalar, i, <T>SENTINEL);
    memory.copy(bufferOf<T>(base, n, 1, which, misalign), scalar, <usize>(n + PAD) << alignof<T>());
  }
  const grad = toArray<T>(bufferOf<T>(base, n, 0, 2, misalign), n);
  const c = 0.37;
  factorRidgeScalar<T>(bufferOf<T>(base, n, 0, 2, misalign), bufferOf<T>(base, n, 0, 0, misalign), bufferOf<T>(base, n, 0, 1, misalign), n, c);
  factorRidgeSimd<T>(bufferOf<T>(base, n, 1, 2, misalign), bufferOf<T>(base, n, 1, 0, misalign), bufferOf<T>(base, n, 1, 1, misalign), n, c);
  factorRidgeTwin(grad, toArray<T>(bufferOf<T>(base, n, 0, 0, misalign), n), toArray<T>(bufferOf<T>(base, n, 0, 1, misalign), n), c);
  const what = "factorRidge " + typeName<T>() + " n=" + n.toString() + " misalign=" + misalign.toString();
  const scalar = bufferOf<T>(base, n, 0, 2, misalign), simd = bufferOf<T>(base, n, 1, 2, misalign);
  expect<i32>(firstBitDifference<T>(simd, scalar, n + PAD)).toBe(-1, what + ": SIMD == scalar bitwise, incl. past the end");
  for (let i = n; i < n + PAD; i++) expect<f64>(<f64>at<T>(simd, i)).toBe(SENTINEL, what + ": written past the end");
  expectTwinClose<T>(scalar, grad, n, what);
  heap.free(base);
}

function l1Suite<T>(): void {
  describe("cumulative L1 truncation, " + typeName<T>(), () => {
    it("SIMD == scalar == TS twin over three truncations, lengths 0..4·lanes+1 and 257, aligned and not", () => {
      const longest = 4 * (16 / sizeof<T>()) + 1;
      for (let adaptive = 0; adaptive < 2; adaptive++) {
        for (let n = 0; n <= longest; n++) {
          checkTruncation<T>(adaptive == 1, n, 0, <u32>(100 * adaptive + n));
          checkTruncation<T>(adaptive == 1, n, 1, <u32>(7000 + 100 * adaptive + n));
        }
        checkTruncation<T>(adaptive == 1, 257, 1, <u32>(9000 + adaptive));
      }
    });

    it("factor-weighted ridge in G: SIMD == scalar == TS twin, lengths 0..4·lanes+1 and 257, aligned and not", () => {
      const longest = 4 * (16 / sizeof<T>()) + 1;
      for (let n = 0; n <= longest; n++) {
        checkFactorRidge<T>(n, 0, <u32>(300 + n));
        checkFactorRidge<T>(n, 1, <u32>(8000 + n));
      }
      checkFactorRidge<T>(257, 1, 9100);
    });

    it("known answers: pulled toward 0 by the unreceived penalty, stopped at exactly +0, never across", () => {
      const theta = allocate<T>(1), factor = allocate<T>(1), u = allocate<T>(1), q = allocate<T>(1);
      put<T>(theta, 0, <T>0.5); put<T>(factor, 0, <T>1);
      // u = 0.25, θ = 0.5 − 0.25, q = −0.25
      l1TruncateScalar<T>(theta, factor, u, q, 0, 1, 0.25, 1.0, 0.0);
      expect<f64>(<f64>at<T>(theta, 0)).toBe(0.25);
      expect<f64>(<f64>at<T>(q, 0)).toBe(-0.25);
      // a step moves θ across 0 to −0.125: u = 0.5, the clip min(0, −0.125 + (0.5 + 0.25)) stops it at +0
      put<T>(theta, 0, <T>-0.125);
      l1TruncateSimd<T>(theta, factor, u, q, 0, 1, 0.25, 1.0, 0.0);
      expect<u64>(bitsOf<T>(at<T>(theta, 0))).toBe(0, "exactly +0");
      expect<f64>(<f64>at<T>(q, 0)).toBe(-0.125);
      // factor 0: unpenalised, θ kept as it is
      put<T>(theta, 0, <T>0.5); put<T>(factor, 0, <T>0); put<T>(u, 0, <T>0); put<T>(q, 0, <T>0);
      l1TruncateScalar<T>(theta, factor, u, q, 0, 1, 0.25, 1.0, 0.0);
      expect<f64>(<f64>at<T>(theta, 0)).toBe(0.5);
      expect<f64>(<f64>at<T>(q, 0)).toBe(0.0);
      // adaptive: η = lrL1/(√m/c + ε) = 0.25/(√4/2 + 0) = 0.25 per unit factor
      const m = allocate<T>(1);
      put<T>(m, 0, <T>4); put<T>(factor, 0, <T>2); put<T>(u, 0, <T>0); put<T>(q, 0, <T>0); put<T>(theta, 0, <T>-1);
      l1TruncateScalar<T>(theta, factor, u, q, m, 1, 0.25, 2.0, 0.0);
      expect<f64>(<f64>at<T>(u, 0)).toBe(0.5);
      expect<f64>(<f64>at<T>(theta, 0)).toBe(-0.5);
      expect<f64>(weightedAbsSum<T>(theta, factor, 1)).toBe(1.0);
      // (f − 1)·θ² = (2 − 1)·0.25; G = 1 + ((2 − 1)·0.5)·(−0.5) = 0.75
      expect<f64>(excessSquareSum<T>(theta, factor, 1)).toBe(0.25);
      put<T>(m, 0, <T>1);
      factorRidgeScalar<T>(m, theta, factor, 1, 0.5);
      expect<f64>(<f64>at<T>(m, 0)).toBe(0.75);
      heap.free(theta); heap.free(factor); heap.free(u); heap.free(q); heap.free(m);
    });
  });
}

l1Suite<f64>();
l1Suite<f32>();
