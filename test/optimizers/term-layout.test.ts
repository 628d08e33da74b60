// The Newton system's term layout (bindings/optimizers/fisher-scoring.ts) by known answers: blocks
// and sizes for each form, where each term sits in θ = [W class-major | b], the baseline form's
// differences b_c − b_0 and W_c − W_0, the names and penalty flags, and the scratch it asks for.
import { describe, expect, it } from "vitest";
import {
  blockClass, chunkObservations, fisherScoringRegions, fromTermOrder, penalisedTerms, termIndex, termLabel, termLayout, thetaIndex, toTermOrder,
} from "../../dist/optimizers/fisher-scoring.js";

describe("termLayout and where each term lives in θ", () => {
  it("single output, with and without an intercept", () => {
    const layout = termLayout(3, 1, true, true);
    expect(layout).toMatchObject({ blocks: 1, termsPerBlock: 4, size: 4, rowsPerObservation: 1, symmetric: false });
    expect(Array.from(thetaIndex(layout))).toEqual([3, 0, 1, 2]);
    expect(penalisedTerms(layout)).toEqual([false, true, true, true]);
    expect(termIndex(layout, ["a", "b", "c"]).map((t) => [t.term, t.output, t.feature])).toEqual([["intercept", 0, -1], ["a", 0, 0], ["b", 0, 1], ["c", 0, 2]]);
    const bare = termLayout(2, 1, false, false);
    expect(bare).toMatchObject({ blocks: 1, termsPerBlock: 2, size: 2 });
    expect(Array.from(thetaIndex(bare))).toEqual([0, 1]);
    expect(termIndex(bare, null).map((t) => t.term)).toEqual(["x0", "x1"]);
    expect(termLabel(layout, termIndex(layout, null)[1])).toBe("x0");
  });

  it("multinomial: baseline (K − 1 blocks, classes 1…K−1) and symmetric (K blocks)", () => {
    // d = 2, K = 3: θ = [W0 (0,1) | W1 (2,3) | W2 (4,5) | b0 b1 b2 (6,7,8)]
    const baseline = termLayout(2, 3, true, false);
    expect(baseline).toMatchObject({ blocks: 2, termsPerBlock: 3, size: 6, rowsPerObservation: 2, symmetric: false });
    expect([blockClass(baseline, 0), blockClass(baseline, 1)]).toEqual([1, 2]);
    expect(Array.from(thetaIndex(baseline))).toEqual([7, 2, 3, 8, 4, 5]);
    const symmetric = termLayout(2, 3, true, true);
    expect(symmetric).toMatchObject({ blocks: 3, size: 9, rowsPerObservation: 2, symmetric: true });
    expect(Array.from(thetaIndex(symmetric))).toEqual([6, 0, 1, 7, 2, 3, 8, 4, 5]);
    expect(termLabel(symmetric, termIndex(symmetric, ["u", "v"])[4])).toBe("u (class 1)");
    const theta = Float64Array.of(1, 2, 10, 20, 100, 200, 0.5, 1.5, 2.5);
    // baseline: each class minus class 0, in term order
    expect(Array.from(toTermOrder(baseline, theta))).toEqual([1, 9, 18, 2, 99, 198]);
    expect(Array.from(toTermOrder(symmetric, theta))).toEqual([0.5, 1, 2, 1.5, 10, 20, 2.5, 100, 200]);
    // and back: class 0 at zero in the baseline form
    expect(Array.from(fromTermOrder(baseline, toTermOrder(baseline, theta)))).toEqual([0, 0, 9, 18, 99, 198, 0, 1, 2]);
    expect(Array.from(fromTermOrder(symmetric, toTermOrder(symmetric, theta)))).toEqual(Array.from(theta));
  });

  it("the scratch: chunks of at most 256 observations within 4 MiB of working rows", () => {
    expect(chunkObservations(termLayout(3, 1, true, false))).toBe(256);
    // P = 2001: 4 MiB / (8 · 2002 · 1) = 261.9 → 261 > 256; at P = 4001, 131
    expect(chunkObservations(termLayout(4000, 1, true, false))).toBe(131);
    expect(chunkObservations(termLayout(1_000_000, 1, true, false))).toBe(1);
    const layout = termLayout(2, 3, true, false); // P = 6, q = K − 1 = 2
    expect(fisherScoringRegions(layout)).toEqual({
      newtonMask: 48, newtonSkip: 48, newtonStep: 48, newtonR: 49 * 8, newtonBlock: 512 * 7 * 8, newtonWork: 256 * 6 * 8,
    });
    // more parameters than chunk rows: the block holds P rows
    expect(fisherScoringRegions(termLayout(299, 1, true, false)).newtonBlock).toBe(300 * 301 * 8);
  });
});
