// The fused one-output chunk passes (families/rows.ts familyFusedPass) against the three-pass path they replace
// in an epoch (linearPredictor → familyResiduals → accumulateGradient): they promise the same operations
// in the same order per value, so G, Gb and the returned Σ s·nll must agree bit for bit, in f32 and
// f64, weighted and unweighted, for d = 13 (vector loops plus a scalar tail) and rows visited out of
// order and more than once. touchRows only reads: X, y and the weights must be unchanged after it.
import { accumulateGradient, linearPredictor, touchRows } from "../../assembly/kernels/rows";
import { familyFusedPass, familyResiduals } from "../../assembly/families/rows";
import { Bernoulli } from "../../assembly/families/bernoulli";
import { Gaussian } from "../../assembly/families/gaussian";
import { Poisson } from "../../assembly/families/poisson";
import { allocate, at, bitsOf, firstBitDifference, put, TestData, typeName } from "./support";

const N: i32 = 40;
const D: i32 = 13;
const COUNT: i32 = 37;

const GAUSSIAN: i32 = 0;
const BERNOULLI: i32 = 1;
const POISSON: i32 = 2;

function threePass<T>(
  family: i32, X: usize, y: usize, sw: usize, W: usize, b: usize, G: usize, Gb: usize,
  order: usize, eta: usize, residual: usize,
): f64 {
  linearPredictor<T>(X, D, 1, W, b, order, 0, COUNT, eta);
  let loss = 0.0;
  if (family == GAUSSIAN) loss = familyResiduals<Gaussian, T>(y, sw, order, 0, COUNT, eta, residual);
  else if (family == BERNOULLI) loss = familyResiduals<Bernoulli, T>(y, sw, order, 0, COUNT, eta, residual);
  else loss = familyResiduals<Poisson, T>(y, sw, order, 0, COUNT, eta, residual);
  accumulateGradient<T>(X, D, 1, G, Gb, order, 0, COUNT, residual);
  return loss;
}

function fused<T>(family: i32, X: usize, y: usize, sw: usize, W: usize, b: usize, G: usize, Gb: usize, order: usize): f64 {
  if (family == GAUSSIAN) return familyFusedPass<Gaussian, T>(X, D, W, b, G, Gb, y, sw, order, COUNT);
  if (family == BERNOULLI) return familyFusedPass<Bernoulli, T>(X, D, W, b, G, Gb, y, sw, order, COUNT);
  return familyFusedPass<Poisson, T>(X, D, W, b, G, Gb, y, sw, order, COUNT);
}

function fusedSuite<T>(): void {
  describe("fused K = 1 chunk passes, " + typeName<T>(), () => {
    it("match the three-pass path bit for bit (all families, weighted and not)", () => {
      const data = new TestData(2027);
      const X = allocate<T>(N * D);
      const y = allocate<T>(N);
      const sw = allocate<T>(N);
      const W = allocate<T>(D);
      const b = allocate<T>(1);
      const order = allocate<u32>(COUNT);
      const eta = allocate<f64>(COUNT);
      const residual = allocate<f64>(COUNT);
      const G1 = allocate<T>(D);
      const G2 = allocate<T>(D);
      const Gb1 = allocate<T>(1);
      const Gb2 = allocate<T>(1);
      data.fill<T>(X, N * D);
      data.fill<T>(W, D);
      put<T>(b, 0, <T>0.375);
      for (let i = 0; i < N; i++) put<T>(sw, i, <T>(1.0 + data.next()));
      // a fixed permutation-like walk with repeats, as shuffles and draws with replacement give
      for (let t = 0; t < COUNT; t++) put<u32>(order, t, <u32>((t * 17 + 5) % N));
      put<u32>(order, 3, at<u32>(order, 0));

      for (let family = GAUSSIAN; family <= POISSON; family++) {
        for (let i = 0; i < N; i++) {
          const u = data.next();
          const value = family == GAUSSIAN ? 2.0 * u : family == BERNOULLI ? (u > 0 ? 1.0 : 0.0) : Math.floor(3.0 * (u + 1.0));
          put<T>(y, i, <T>value);
        }
        for (let weighted = 0; weighted < 2; weighted++) {
          const weights: usize = weighted ? sw : 0;
          const context = "family " + family.toString() + (weighted ? ", weighted" : ", unweighted");
          // both start from the same non-zero G, Gb: the passes add to what is there
          for (let j = 0; j < D; j++) {
            put<T>(G1, j, <T>(0.25 * <f64>j));
            put<T>(G2, j, <T>(0.25 * <f64>j));
          }
          put<T>(Gb1, 0, <T>-0.5);
          put<T>(Gb2, 0, <T>-0.5);
          const expected = threePass<T>(family, X, y, weights, W, b, G1, Gb1, order, eta, residual);
          const actual = fused<T>(family, X, y, weights, W, b, G2, Gb2, order);
          expect<bool>(isFinite(expected)).toBe(true, context + ": loss is not finite");
          expect<u64>(reinterpret<u64>(actual)).toBe(reinterpret<u64>(expected), context + ": Σ s·nll");
          expect<i32>(firstBitDifference<T>(G1, G2, D)).toBe(-1, context + ": G");
          expect<u64>(bitsOf<T>(at<T>(Gb2, 0))).toBe(bitsOf<T>(at<T>(Gb1, 0)), context + ": Gb");
        }
      }
      heap.free(X);
      heap.free(y);
      heap.free(sw);
      heap.free(W);
      heap.free(b);
      heap.free(order);
      heap.free(eta);
      heap.free(residual);
      heap.free(G1);
      heap.free(G2);
      heap.free(Gb1);
      heap.free(Gb2);
    });

    it("touchRows reads the named rows, their y and weights, and changes nothing", () => {
      const data = new TestData(99);
      const X = allocate<T>(N * D);
      const copy = allocate<T>(N * D);
      const y = allocate<T>(N);
      const yCopy = allocate<T>(N);
      const sw = allocate<T>(N);
      const swCopy = allocate<T>(N);
      const order = allocate<u32>(COUNT);
      data.fill<T>(X, N * D);
      data.fill<T>(y, N);
      data.fill<T>(sw, N);
      memory.copy(copy, X, <usize>(N * D) << alignof<T>());
      memory.copy(yCopy, y, <usize>N << alignof<T>());
      memory.copy(swCopy, sw, <usize>N << alignof<T>());
      for (let t = 0; t < COUNT; t++) put<u32>(order, t, <u32>((t * 17 + 5) % N));
      put<u32>(order, 0, <u32>(N - 1)); // the last row: its last word is the last word of X
      touchRows<T>(X, y, sw, D, order, COUNT);
      touchRows<T>(X, y, 0, D, order, COUNT); // unweighted: no weights to touch
      expect<i32>(firstBitDifference<T>(X, copy, N * D)).toBe(-1, "X changed");
      expect<i32>(firstBitDifference<T>(y, yCopy, N)).toBe(-1, "y changed");
      expect<i32>(firstBitDifference<T>(sw, swCopy, N)).toBe(-1, "weights changed");
      heap.free(X);
      heap.free(copy);
      heap.free(y);
      heap.free(yCopy);
      heap.free(sw);
      heap.free(swCopy);
      heap.free(order);
    });
  });
}

fusedSuite<f32>();
fusedSuite<f64>();
