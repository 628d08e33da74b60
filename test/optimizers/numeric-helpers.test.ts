// Known answers for the optimizers' small numeric helpers, called directly: the shared relative
// change test, the power-of-two column equilibration and the overflow-free norm
// (column-scaling.ts), R's rank rule on a given triangle (rank.ts), and the update settings the
// training context receives (update-rules.ts contextUpdateSettings, batchesPerEpoch).
import { describe, expect, it } from "vitest";
import { relativeChangeBelow } from "../../dist/optimizers/optimizer.js";
import { inversePowerOfTwo, safeNorm, triangleColumnNorms } from "../../dist/optimizers/column-scaling.js";
import { dependentTerms, FLOAT32_RANK_TOLERANCE, RANK_TOLERANCE, rankTolerance } from "../../dist/optimizers/rank.js";
import { averageStart, batchesPerEpoch, contextUpdateSettings, ruleOf, type UpdateOptionsSource } from "../../dist/optimizers/update-rules.js";

describe("relativeChangeBelow: |previous − current| ≤ tolerance·max(1, |current|)", () => {
  it("at the bound, on both sides of |current| = 1, and for negative objectives", () => {
    expect(relativeChangeBelow(1.5, 1, 0.5)).toBe(true); // 0.5 ≤ 0.5·1
    expect(relativeChangeBelow(1.5, 1, 0.25)).toBe(false);
    expect(relativeChangeBelow(0.5, 0.25, 0.3)).toBe(true); // scale 1, not |current| = 0.25
    expect(relativeChangeBelow(-3, -4, 0.25)).toBe(true); // 1 ≤ 0.25·|−4|
    expect(relativeChangeBelow(-4, -3, 0.25)).toBe(false); // 1 > 0.25·3
  });

  it("a tolerance of 0 never stops a fit, not even on equal values; NaN never counts as calm", () => {
    expect(relativeChangeBelow(2, 2, 0)).toBe(false);
    expect(relativeChangeBelow(2, 2, 1e-300)).toBe(true);
    expect(relativeChangeBelow(Number.NaN, 2, 0.5)).toBe(false);
  });
});

describe("inversePowerOfTwo and safeNorm", () => {
  it("2^−e with |v|·2^−e in [1, 2), next to every power of two", () => {
    for (let k = -1000; k <= 1000; k += 37) {
      for (const v of [2 ** k, 2 ** k * (1 - 2 ** -53), 2 ** k * (1 + 2 ** -52), 1.5 * 2 ** k, -(2 ** k)]) {
        const c = inversePowerOfTwo(v);
        expect(Number.isInteger(Math.log2(c)), `${v}`).toBe(true);
        expect(Math.abs(v) * c, `${v}`).toBeGreaterThanOrEqual(1);
        expect(Math.abs(v) * c, `${v}`).toBeLessThan(2);
      }
    }
    expect([inversePowerOfTwo(3), inversePowerOfTwo(0.75), inversePowerOfTwo(-8), inversePowerOfTwo(1)]).toEqual([0.5, 2, 0.125, 1]);
  });

  it("1 for 0 and non-finite values; the exponent kept within ±1022 so 2^−e and its inverse stay normal", () => {
    expect([0, -0, Infinity, -Infinity, Number.NaN].map(inversePowerOfTwo)).toEqual([1, 1, 1, 1, 1]);
    expect(inversePowerOfTwo(2 ** -1074)).toBe(2 ** 1022);
    expect(inversePowerOfTwo(1.5 * 2 ** 1023)).toBe(2 ** -1022);
    expect(inversePowerOfTwo(2 ** -1022)).toBe(2 ** 1022);
  });

  it("safeNorm: no overflow or underflow, strides, and the non-finite cases", () => {
    expect(safeNorm([3, -4])).toBe(5);
    expect(safeNorm([])).toBe(0);
    expect(safeNorm([0, 0, 0])).toBe(0);
    expect(safeNorm([3e200, 4e200])).toBeCloseTo(5e200, -186);
    expect(safeNorm([3e-200, 4e-200]) / 5e-200).toBeCloseTo(1, 15);
    expect(safeNorm([3, 99, -4, 99], 0, 4, 2)).toBe(5);
    expect(safeNorm([99, 3, 99, 4, 12], 1, 4, 2)).toBe(5);
    expect(safeNorm([1, 2, 2, 7], 0, 3)).toBe(3);
    expect(safeNorm([1, Infinity])).toBe(Infinity);
    expect(safeNorm([1, Number.NaN])).toBeNaN();
  });

  it("triangleColumnNorms: ‖R[0:j+1, j]‖ of a row-major (P+1)×(P+1) triangle", () => {
    // P = 2, stride 3: columns [3, 0, ·], [4, 12, ·] (row 2 and the response column are not read)
    const R = Float64Array.of(3, 4, 99, 0, 12, 99, 0, 0, 99);
    expect(Array.from(triangleColumnNorms(R, 2))).toEqual([3, Math.hypot(4, 12)]);
  });
});

describe("dependentTerms: dqrdc2's rule on one triangle", () => {
  /** A (P+1)×(P+1) row-major triangle from its first P columns' rows (the response column 0). */
  const triangle = (rows: number[][]) => Float64Array.from(rows.flatMap((r) => [...r, 0]).concat(new Array(rows.length + 1).fill(0)));

  it("independent columns: none; a column that is a multiple of an earlier one: that one", () => {
    const independent = triangle([[2, 1, 0], [0, 3, 1], [0, 0, 4]]);
    expect(dependentTerms(independent, triangleColumnNorms(independent, 3), [1, 1, 1], 3, RANK_TOLERANCE)).toEqual([]);
    const multiple = triangle([[2, 4, 0], [0, 1e-20, 1], [0, 0, 4]]);
    expect(dependentTerms(multiple, triangleColumnNorms(multiple, 3), [1, 1, 1], 3, RANK_TOLERANCE)).toEqual([1]);
    // masked out, the first column is no earlier column: the second stands alone
    expect(dependentTerms(multiple, triangleColumnNorms(multiple, 3), [0, 1, 1], 3, RANK_TOLERANCE)).toEqual([]);
  });

  it("after a dependent column the later ones are tested on the rows it left (re-triangularised)", () => {
    // x1 ∝ x0; x2 spreads over rows 1–2, and x3 = x2: dependent only once rows 1–2 are reflected onto row 1
    const R = triangle([[1, 1, 0, 0], [0, 1e-20, 1, 1], [0, 0, 1, 1], [0, 0, 0, 0]]);
    expect(dependentTerms(R, triangleColumnNorms(R, 4), [1, 1, 1, 1], 4, RANK_TOLERANCE)).toEqual([1, 3]);
    // a reflection whose column is already reduced (α = ‖·‖) leaves the later columns as they are
    const reduced = triangle([[1, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 5], [0, 0, 0, 0]]);
    expect(dependentTerms(reduced, triangleColumnNorms(reduced, 4), [1, 1, 1, 1], 4, RANK_TOLERANCE)).toEqual([1]);
    // and does not leave the triangle it was given changed
    const copy = R.slice();
    dependentTerms(R, triangleColumnNorms(R, 4), [1, 1, 1, 1], 4, RANK_TOLERANCE);
    expect(R).toEqual(copy);
  });

  it("the tolerance decides: a residual of 1e-9 of the norm is information in float64, noise in float32", () => {
    const R = triangle([[1, 1], [0, 1e-9]]);
    expect(dependentTerms(R, triangleColumnNorms(R, 2), [1, 1], 2, rankTolerance("float64"))).toEqual([]);
    expect(dependentTerms(R, triangleColumnNorms(R, 2), [1, 1], 2, rankTolerance("float32"))).toEqual([1]);
    expect([rankTolerance("float64"), rankTolerance("float32")]).toEqual([RANK_TOLERANCE, FLOAT32_RANK_TOLERANCE]);
    expect(FLOAT32_RANK_TOLERANCE).toBe(2 ** -17);
  });
});

describe("the training context's update settings", () => {
  const base: UpdateOptionsSource = {
    optimizer: "sgd", learningRate: 0.5, l2: 0.25, l1: 0, penaltyFactor: null, epochs: 3, batchSize: 4,
    schedule: { kind: "constant" }, momentum: null, beta1: null, beta2: null, epsilon: null, rho: null, weightDecay: null, average: 0,
  };

  it("each schedule's parameters A, B as schedule-math reads them; T = epochs × batches", () => {
    const cases: [UpdateOptionsSource["schedule"], [number, number]][] = [
      [{ kind: "constant" }, [0, 0]],
      [{ kind: "invscaling", power: 0.3 }, [0.3, 0]],
      [{ kind: "optimal", t0: 17 }, [17, 0]],
      [{ kind: "step", every: 5, factor: 0.2 }, [5, 0.2]],
      [{ kind: "exponential", gamma: 0.9 }, [0.9, 0]],
      [{ kind: "cosine", warmupSteps: 7, minLearningRate: 0.01 }, [7, 0.01]],
      [{ kind: "adaptive", factor: 0.1, patience: 3, threshold: 1e-4, minLearningRate: 0.001 }, [0, 0]],
      [null, [0, 0]],
    ];
    for (const [schedule, [a, b]] of cases) {
      const settings = contextUpdateSettings({ ...base, schedule }, 10);
      expect(settings.schedule, JSON.stringify(schedule)).toBe(schedule?.kind ?? "constant");
      expect(settings.scheduleParameters, JSON.stringify(schedule)).toEqual([a, b, 0]);
      expect(settings.totalSteps).toBe(3 * 3); // ⌈10/4⌉ batches per epoch
      expect(Object.isFrozen(settings)).toBe(true);
    }
  });

  it("rule hyperparameters as given, 0 where unused; the averaging start; the penalty factors rescaled to sum to d", () => {
    const adam = contextUpdateSettings({ ...base, optimizer: "adamw", beta1: 0.8, beta2: 0.95, epsilon: 1e-7, weightDecay: 0.02, average: 12 }, 10);
    expect(adam).toMatchObject({ learningRate: 0.5, l2: 0.25, l1: 0, momentum: 0, beta1: 0.8, beta2: 0.95, epsilon: 1e-7, rho: 0, weightDecay: 0.02, averageStart: 12, penaltyFactor: null });
    const momentum = contextUpdateSettings({ ...base, optimizer: "rmsprop", momentum: 0.7, rho: 0.9, l1: 0.125, penaltyFactor: [1, 3, 0, 0] }, 10);
    expect(momentum).toMatchObject({ momentum: 0.7, rho: 0.9, beta1: 0, beta2: 0, epsilon: 0, weightDecay: 0, l1: 0.125, averageStart: 0 });
    expect(Array.from(momentum.penaltyFactor!)).toEqual([1, 3, 0, 0]);
    expect(Array.from(contextUpdateSettings({ ...base, penaltyFactor: [1, 1, 2] }, 10).penaltyFactor!)).toEqual([0.75, 0.75, 1.5]);
    expect([averageStart({ ...base, average: 5 }), averageStart({ ...base, average: null })]).toEqual([5, 0]);
  });

  it("batches per epoch: gd one; sgd ⌈rows / min(batch, rows)⌉", () => {
    expect(batchesPerEpoch({ optimizer: "gd", batchSize: 2 }, 10)).toBe(1);
    expect(batchesPerEpoch({ optimizer: "sgd", batchSize: 3 }, 10)).toBe(4);
    expect(batchesPerEpoch({ optimizer: "adam", batchSize: 5 }, 10)).toBe(2);
    expect(batchesPerEpoch({ optimizer: "sgd", batchSize: 50 }, 10)).toBe(1);
    expect(batchesPerEpoch({ optimizer: "sgd", batchSize: 1 }, 10)).toBe(10);
    expect(contextUpdateSettings({ ...base, optimizer: "gd", epochs: 7 }, 10).totalSteps).toBe(7);
  });

  it("ruleOf: the rule optimizers name their rule, gd and sgd the plain step", () => {
    expect(["momentum", "nesterov", "adagrad", "rmsprop", "adam", "adamw", "gd", "sgd", "toString"].map(ruleOf))
      .toEqual(["momentum", "nesterov", "adagrad", "rmsprop", "adam", "adamw", "sgd", "sgd", "sgd"]);
  });
});
