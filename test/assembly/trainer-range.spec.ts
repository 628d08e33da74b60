// The exact kernels of trainer.ts checked as calculus and as sums over rows: the gradient against
// central finite differences of the objective, and objective, gradient and predict over a row range.
// Tolerances as in trainer.spec.ts.
import {
  FAMILY_BERNOULLI, FAMILY_GAUSSIAN, FAMILY_MULTINOMIAL, FAMILY_POISSON, gradient, objective, predictMean,
} from "../../assembly/trainer";
import { allocate, at, expectRelative, expectWithin, firstBitDifference } from "./support";
import { randomProblem } from "./trainer-problem";

const EPS = f64.EPSILON;

describe("trainer.ts gradient vs central finite differences of objective, f64", () => {
  it("every family, weighted, l2 = 0.3, every coefficient and intercept", () => {
    const families: i32[] = [FAMILY_GAUSSIAN, FAMILY_BERNOULLI, FAMILY_POISSON, FAMILY_MULTINOMIAL];
    const h = 1e-5;
    for (let q = 0; q < families.length; q++) {
      const family = families[q];
      const p = randomProblem(family, <u32>(31 + q));
      let total = 0.0;
      for (let i = 0; i < 7; i++) total += at<f64>(p.sw, i);
      const f = p.gradient(family, p.sw, 0.3, total);
      expectRelative(p.objective(family, p.sw, 0.3, total), f, 4 * EPS, "gradient returns the objective, family " + family.toString());
      const parameters = 3 * p.K + p.K;
      for (let k = 0; k < parameters; k++) {
        const pointer = k < 3 * p.K ? p.W + (<usize>k << 3) : p.b + (<usize>(k - 3 * p.K) << 3);
        const analytic = k < 3 * p.K ? at<f64>(p.exactG, k) : at<f64>(p.exactGb, k - 3 * p.K);
        const original = load<f64>(pointer);
        store<f64>(pointer, original + h);
        const up = p.objective(family, p.sw, 0.3, total);
        store<f64>(pointer, original - h);
        const down = p.objective(family, p.sw, 0.3, total);
        store<f64>(pointer, original);
        const numeric = (up - down) / (2 * h);
        expectWithin(analytic, numeric, 1e-7 * (1 + Math.abs(analytic)),
          "family " + family.toString() + ", parameter " + k.toString());
      }
      p.free();
    }
  });
});

describe("trainer.ts over a row range (context, rowStart, rowEnd), f64", () => {
  // Splitting the rows regroups the sum Σ s·nll (and each gradient entry) into two partial sums
  // divided by W separately: a few roundings on O(1) numbers, so 8ε relative (+ 8ε absolute).
  it("objective and gradient of [0, 3) and [3, 7) add up to those of [0, 7); the penalty is counted once", () => {
    const families: i32[] = [FAMILY_GAUSSIAN, FAMILY_BERNOULLI, FAMILY_POISSON, FAMILY_MULTINOMIAL];
    for (let q = 0; q < families.length; q++) {
      const family = families[q];
      const p = randomProblem(family, <u32>(71 + q));
      const P = 3 * p.K + p.K;
      let total = 0.0;
      for (let i = 0; i < 7; i++) total += at<f64>(p.sw, i);
      const whole = p.objective(family, p.sw, 0, total);
      const parts = p.objective(family, p.sw, 0, total, 0, 3) + p.objective(family, p.sw, 0, total, 3, 7);
      expectWithin(parts, whole, 8 * EPS * (1 + Math.abs(whole)), "objective, family " + family.toString());
      // An empty range is (l2/2)·‖θ_W‖² alone; every range adds it once.
      const penalty = p.objective(family, p.sw, 0.3, total, 4, 4);
      expect<bool>(penalty > 0).toBe(true, "the penalty of an empty range");
      expectWithin(p.objective(family, p.sw, 0.3, total) - whole, penalty, 8 * EPS * (1 + Math.abs(whole)), "penalty once");
      expectWithin(p.objective(family, p.sw, 0.3, total, 0, 3) - p.objective(family, p.sw, 0, total, 0, 3), penalty, 8 * EPS * (1 + Math.abs(whole)), "a range's penalty");
      const full = new Array<f64>(P);
      p.gradient(family, p.sw, 0, total);
      for (let k = 0; k < P; k++) full[k] = at<f64>(p.exactGradient, k);
      const first = new Array<f64>(P);
      p.gradient(family, p.sw, 0, total, 0, 3);
      for (let k = 0; k < P; k++) first[k] = at<f64>(p.exactGradient, k);
      p.gradient(family, p.sw, 0, total, 3, 7);
      for (let k = 0; k < P; k++) {
        expectWithin(first[k] + at<f64>(p.exactGradient, k), full[k], 8 * EPS * (1 + Math.abs(full[k])),
          "gradient, family " + family.toString() + ", parameter " + k.toString());
      }
      p.free();
    }
  });

  it("predictMean of rows [2, 5) is rows 2..4 of predictMean over [0, 7), bit for bit", () => {
    const families: i32[] = [FAMILY_GAUSSIAN, FAMILY_BERNOULLI, FAMILY_POISSON, FAMILY_MULTINOMIAL];
    for (let q = 0; q < families.length; q++) {
      const family = families[q];
      const p = randomProblem(family, <u32>(91 + q));
      const all = allocate<f64>(7 * p.K);
      const some = allocate<f64>(3 * p.K);
      p.predict(family, all, 0, 7);
      p.predict(family, some, 2, 5);
      expect<i32>(firstBitDifference<f64>(some, all + (<usize>(2 * p.K) << 3), 3 * p.K)).toBe(-1, "family " + family.toString());
      heap.free(all);
      heap.free(some);
      p.free();
    }
  });
});
