// Row passes (rows.ts) on matrices small enough to check by hand (whole-data passes: trainer.spec.ts).
//
// Tolerances: the examples use binary fractions, so every product and sum is exact in f32 and
// f64 and the answers must be exact.
import { accumulateGradient, linearPredictor, sumWeights } from "../../assembly/kernels/rows";
import { allocate, at, epsilonOf, expectRelative, expectWithin, firstBitDifference, put, putAll, TestData, typeName } from "./support";

const EPS = f64.EPSILON;
const SENTINEL: f64 = 12345.5;

// X (3 × 5), W (3 classes × 5, class-major) and b for the K = 3 examples; d = 5 makes the dot
// products run a vector loop plus a scalar tail in both precisions.
const X5: f64[] = [
  1, 2, 0, -1, 3,
  0.5, 0, 4, 2, -2,
  -3, 1, 1, 1, 0.25,
];
const W5: f64[] = [
  1, 0, 0, 0, 0, // class 0: η = b₀ + x₀
  0, 1, -1, 0.5, 2, // class 1
  0.25, 0.25, 0.25, 0.25, 0.25, // class 2: b₂ + ¼Σx
];
const B5: f64[] = [0.5, -1, 2];
// η[row][class], by hand: row 0: 0.5 + 1, −1 + (2 − 0 − 0.5 + 6), 2 + ¼·5;
// row 1: 0.5 + 0.5, −1 + (0 − 4 + 1 − 4), 2 + ¼·4.5; row 2: 0.5 − 3, −1 + (1 − 1 + 0.5 + 0.5), 2 + ¼·0.25.
const ETA5: f64[] = [1.5, 6.5, 3.25, 1, -8, 3.125, -2.5, 0, 2.0625];

function rowsSuite<T>(): void {
  describe("rows.ts, " + typeName<T>(), () => {
    it("linearPredictor, K = 1: η = b + X·w on a 3 × 2 matrix", () => {
      const X = allocate<T>(6);
      const W = allocate<T>(2);
      const b = allocate<T>(1);
      const eta = allocate<f64>(4);
      putAll<T>(X, [1, 2, 3, -1, 0, 1]);
      putAll<T>(W, [0.5, -0.25]);
      putAll<T>(b, [0.125]);
      put<f64>(eta, 3, SENTINEL);
      linearPredictor<T>(X, 2, 1, W, b, 0, 0, 3, eta);
      expect<f64>(at<f64>(eta, 0)).toBe(0.125); // 0.125 + 0.5 − 0.5
      expect<f64>(at<f64>(eta, 1)).toBe(1.875); // 0.125 + 1.5 + 0.25
      expect<f64>(at<f64>(eta, 2)).toBe(-0.125); // 0.125 + 0 − 0.25
      expect<f64>(at<f64>(eta, 3)).toBe(SENTINEL, "wrote past count");
      heap.free(X);
      heap.free(W);
      heap.free(b);
      heap.free(eta);
    });

    it("linearPredictor, K = 3, d = 5: contiguous, through an order array, from a start offset", () => {
      const X = allocate<T>(15);
      const W = allocate<T>(15);
      const b = allocate<T>(3);
      const eta = allocate<f64>(10);
      const order = allocate<u32>(2);
      putAll<T>(X, X5);
      putAll<T>(W, W5);
      putAll<T>(b, B5);
      put<f64>(eta, 9, SENTINEL);
      linearPredictor<T>(X, 5, 3, W, b, 0, 0, 3, eta);
      for (let k = 0; k < 9; k++) expect<f64>(at<f64>(eta, k)).toBe(ETA5[k], "η[" + k.toString() + "]");
      expect<f64>(at<f64>(eta, 9)).toBe(SENTINEL, "wrote past count·K");
      put<u32>(order, 0, 2);
      put<u32>(order, 1, 0);
      linearPredictor<T>(X, 5, 3, W, b, order, 0, 2, eta);
      for (let c = 0; c < 3; c++) {
        expect<f64>(at<f64>(eta, c)).toBe(ETA5[6 + c], "order: t = 0 is row 2, class " + c.toString());
        expect<f64>(at<f64>(eta, 3 + c)).toBe(ETA5[c], "order: t = 1 is row 0, class " + c.toString());
      }
      linearPredictor<T>(X, 5, 3, W, b, 0, 1, 2, eta);
      for (let k = 0; k < 6; k++) expect<f64>(at<f64>(eta, k)).toBe(ETA5[3 + k], "start = 1, η[" + k.toString() + "]");
      heap.free(X);
      heap.free(W);
      heap.free(b);
      heap.free(eta);
      heap.free(order);
    });

    it("accumulateGradient, K = 1: G += Σ r·x, Gb += Σ r", () => {
      const X = allocate<T>(6);
      const G = allocate<T>(3);
      const Gb = allocate<T>(1);
      const r = allocate<f64>(3);
      putAll<T>(X, [1, 2, 3, -1, 0, 1]);
      putAll<T>(G, [1, -1, SENTINEL]);
      putAll<T>(Gb, [0.5]);
      putAll<f64>(r, [-0.875, -0.25, 0.4375]);
      accumulateGradient<T>(X, 2, 1, G, Gb, 0, 0, 3, r);
      expect<f64>(<f64>at<T>(G, 0)).toBe(1 - 1.625); // −0.875·1 − 0.25·3 + 0.4375·0
      expect<f64>(<f64>at<T>(G, 1)).toBe(-1 - 1.0625); // −0.875·2 + 0.25 + 0.4375
      expect<f64>(<f64>at<T>(G, 2)).toBe(SENTINEL, "wrote past d");
      expect<f64>(<f64>at<T>(Gb, 0)).toBe(0.5 - 0.6875);
      heap.free(X);
      heap.free(G);
      heap.free(Gb);
      heap.free(r);
    });

    it("accumulateGradient, K = 3, d = 5, through an order array, adds to what is there", () => {
      const X = allocate<T>(15);
      const G = allocate<T>(16);
      const Gb = allocate<T>(3);
      const r = allocate<f64>(6);
      const order = allocate<u32>(2);
      putAll<T>(X, X5);
      for (let k = 0; k < 15; k++) put<T>(G, k, <T>1);
      put<T>(G, 15, <T>SENTINEL);
      putAll<T>(Gb, [10, 20, 30]);
      putAll<f64>(r, [1, -0.5, 2, 0.25, 1, -1]); // r[t·K + c]
      put<u32>(order, 0, 2);
      put<u32>(order, 1, 0);
      accumulateGradient<T>(X, 5, 3, G, Gb, order, 0, 2, r);
      // G_c = 1 + r[0,c]·row 2 + r[1,c]·row 0, by hand
      const expected: f64[] = [
        -1.75, 2.5, 2, 1.75, 2,
        3.5, 2.5, 0.5, -0.5, 3.875,
        -6, 1, 3, 4, -1.5,
      ];
      for (let k = 0; k < 15; k++) expect<f64>(<f64>at<T>(G, k)).toBe(expected[k], "G[" + k.toString() + "]");
      expect<f64>(<f64>at<T>(G, 15)).toBe(SENTINEL, "wrote past d·K");
      expect<f64>(<f64>at<T>(Gb, 0)).toBe(11.25);
      expect<f64>(<f64>at<T>(Gb, 1)).toBe(20.5);
      expect<f64>(<f64>at<T>(Gb, 2)).toBe(31.0);
      heap.free(X);
      heap.free(G);
      heap.free(Gb);
      heap.free(r);
      heap.free(order);
    });

    it("sumWeights: count when unweighted, Σ s through an order or a range", () => {
      const sw = allocate<T>(4);
      const order = allocate<u32>(2);
      putAll<T>(sw, [2, 0.5, 1, 4]);
      put<u32>(order, 0, 3);
      put<u32>(order, 1, 1);
      expect<f64>(sumWeights<T>(0, 0, 0, 7)).toBe(7.0);
      expect<f64>(sumWeights<T>(sw, order, 0, 2)).toBe(4.5);
      expect<f64>(sumWeights<T>(sw, 0, 1, 3)).toBe(5.5);
      heap.free(sw);
      heap.free(order);
    });
  });
}

rowsSuite<f32>();
rowsSuite<f64>();
