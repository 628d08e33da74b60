// The free shift of a multinomial feature's K coefficients (bindings/regularization/penalty-centre.ts):
// penaltyCentre must return a minimiser of g(c) = Σₖ a·|wₖ − c| + (q/2)·(wₖ − c)², and exactly 0 whenever
// 0 is one, but for the lasso's flat median interval (q = 0, K even), where it is the midpoint (glmnet's elc). Checked by g's one-sided derivatives at the answer (0 lies between them at a minimiser of a
// convex function), on seeded draws with ties, zeros, a = 0 and q = 0, not against a copy of the formula.
import { describe, expect, it } from "vitest";
import { penaltyCentre, shiftAcrossClasses, shiftedToPenaltyCentre } from "../../dist/regularization/penalty-centre.js";

/** g's left and right derivatives at c (a tie wₖ = c counts −a on the left, +a on the right). */
function oneSidedDerivatives(values: number[], a: number, q: number, c: number): { left: number; right: number } {
  let left = 0;
  let right = 0;
  for (const w of values) {
    left += a * (w < c ? 1 : -1) + q * (c - w);
    right += a * (w <= c ? 1 : -1) + q * (c - w);
  }
  return { left, right };
}

function objective(values: number[], a: number, q: number, c: number): number {
  return values.reduce((sum, w) => sum + a * Math.abs(w - c) + (q / 2) * (w - c) ** 2, 0);
}

/** A seeded linear congruential generator (no dependency on Math.random). */
function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

function expectMinimiser(values: number[], a: number, q: number, label: string): number {
  const c = penaltyCentre(values, a, q);
  const { left, right } = oneSidedDerivatives(values, a, q, c);
  const slack = 1e-9 * (a * values.length + q * values.reduce((s, w) => s + Math.abs(w), 1));
  expect(left, `${label}: left derivative at c = ${c}`).toBeLessThanOrEqual(slack);
  expect(right, `${label}: right derivative at c = ${c}`).toBeGreaterThanOrEqual(-slack);
  // and no grid point does better (the derivative test alone would accept ±∞ or NaN comparisons)
  expect(Number.isFinite(c), label).toBe(true);
  for (const probe of [...values, 0, c - 1e-3, c + 1e-3]) {
    expect(objective(values, a, q, c), `${label}: g(c) ≤ g(${probe})`).toBeLessThanOrEqual(objective(values, a, q, probe) + slack);
  }
  const sorted = [...values].sort((x, y) => x - y);
  const K = values.length;
  if (a > 0 && q === 0 && K % 2 === 0) {
    // many minimisers, the median interval: its midpoint, glmnet's choice
    expect(c, `${label}: the median interval's midpoint`).toBe(0.5 * (sorted[K / 2 - 1] + sorted[K / 2]) || 0);
  } else {
    const zero = oneSidedDerivatives(values, a, q, 0);
    if (zero.left <= 0 && zero.right >= 0) expect(c, `${label}: 0 is a minimiser, so no shift`).toBe(0);
  }
  expect(Object.is(c, -0), `${label}: no −0`).toBe(false);
  return c;
}

describe("penaltyCentre: argmin of Σ a·|w − c| + (q/2)·(w − c)²", () => {
  it("is a minimiser on 400 seeded draws (ties, zeros, one class to six, a or q zero)", () => {
    const random = generator(20261201);
    let nonZero = 0;
    let atValue = 0;
    for (let draw = 0; draw < 400; draw++) {
      const K = 1 + Math.floor(random() * 6);
      const values = Array.from({ length: K }, () => {
        const u = random();
        if (u < 0.15) return 0;
        if (u < 0.3) return 1.5; // ties
        return Math.round((random() * 8 - 3) * 100) / 100;
      });
      const a = draw % 5 === 0 ? 0 : random() * 3;
      const q = draw % 7 === 0 ? 0 : random() * 4;
      const c = expectMinimiser(values, a, q, `draw ${draw}: values ${values}, a ${a}, q ${q}`);
      if (c !== 0) nonZero++;
      if (c !== 0 && values.includes(c)) atValue++;
    }
    // the draws reach both kinds of answer: inside a segment and at a kink
    expect(nonZero).toBeGreaterThan(100);
    expect(atValue).toBeGreaterThan(20);
  });

  it("known answers: the mean without an l1 part, the median with only an l1 part, 0 when both are 0", () => {
    expect(penaltyCentre([1, 2, 6], 0, 2)).toBe(3);
    // exactly the mean Σw/K (q·Σw/(K·q) would round to 3.0000000000000004 here)
    expect(penaltyCentre([1, 2, 6], 0, 0.7)).toBe(3);
    expect(penaltyCentre([0.1, 0.7, 0.9, 1.3], 0, 1.9)).toBe(0.75);
    expect(penaltyCentre([1, 2, 6], 0, 0)).toBe(0);
    expect(penaltyCentre([1, 2, 6], 1, 0)).toBe(2);
    expect(penaltyCentre([-4, -1, -0.5], 1, 0)).toBe(-1);
    // a lasso with K even: every c in the median interval [−1, 2] is a minimiser; glmnet takes the
    // midpoint (for K = 2 the mean), also where the interval holds 0 (before 2026-12-01: 0, no shift)
    expect(penaltyCentre([-3, -1, 2, 5], 1, 0)).toBe(0.5);
    expect(penaltyCentre([0.75, -0.25], 0.1, 0)).toBe(0.25);
    expect(penaltyCentre([-1, 1, 4, -3], 1, 0)).toBe(0);
    expect(penaltyCentre([0, 0, 1, -1], 1, 0)).toBe(0);
    // q·Σ(c − w) + a·Σ sign(c − w) = 0 inside (2, 6): 3q·c − 9q + a·(2 − 1) = 0, c = (9q − a)/(3q)
    expect(penaltyCentre([1, 2, 6], 0.6, 1)).toBeCloseTo((9 - 0.6) / 3, 14);
    // a large l1 part pins c to the middle value even when the mean is elsewhere
    expect(penaltyCentre([1, 2, 60], 100, 1)).toBe(2);
    expect(penaltyCentre([5], 1, 1)).toBe(5);
    // "no shift" is +0, also when the w include −0 (the kink at −0 is not returned in its place)
    expect(penaltyCentre([-0], 2.5, 3.8)).toBe(0);
    expect(penaltyCentre([2.67, -0, 1.5, -0.74], 1.57, 0)).toBe(0.75);
    expect(Object.is(penaltyCentre([-0, 3, -0, -2], 1.57, 0), 0)).toBe(true);
    // the segment's root lands on the kink 0.75 itself, where the derivative's left limit rounds to
    // just above 0: the minimiser is 0.75 (the code before 2026-12-01 fell through to 0 here)
    for (const [values, a, q] of [
      [[4.5, 0, 1.49, -1.86, 0.75, -0.38], 2.8974202307872474, 1.8726941607892513],
      [[-1.5, 0, -1.5, 0, -1.5, -0.9], 2.2629063937347382, 0.11407539527863264],
    ] as [number[], number, number][]) expectMinimiser(values, a, q, `regression ${values}`);
    expect(penaltyCentre([4.5, 0, 1.49, -1.86, 0.75, -0.38], 2.8974202307872474, 1.8726941607892513)).toBe(0.75);
    expect(penaltyCentre([-5], 1, 0)).toBe(-5);
  });
});

describe("shiftAcrossClasses: each feature's K coefficients moved to their penalty centre", () => {
  // K = 3 classes, d = 2 features: beta holds 3 blocks of [w0, w1, centred intercept]
  const K = 3;
  const d = 2;
  const start = () => Float64Array.of(1, 0.5, 10, 2, -0.5, 20, 6, 0.25, 30);
  const centre = Float64Array.of(0.5, -2);
  const scale = Float64Array.of(2, 1);

  it("subtracts the shift from every class and moves the intercepts by shift·centre", () => {
    const beta = start();
    const factor = Float64Array.of(1, 1);
    const l1 = 0.3;
    const l2 = 0.5;
    expect(shiftAcrossClasses(beta, K, d, centre, new Uint8Array(d), factor, scale, l1, l2)).toBe(true);
    const shift0 = penaltyCentre([1, 2, 6], l1 * 2, l2 * 2 * 2);
    const shift1 = penaltyCentre([0.5, -0.5, 0.25], l1 * 1, l2 * 1 * 1);
    expect(shift0).not.toBe(0);
    const expected = start();
    for (let c = 0; c < K; c++) {
      expected[c * 3] -= shift0;
      expected[c * 3 + 1] -= shift1;
      expected[c * 3 + 2] -= shift0 * 0.5 + shift1 * -2;
    }
    for (let k = 0; k < beta.length; k++) expect(beta[k], `beta[${k}]`).toBeCloseTo(expected[k], 14);
    // at the centre now: what is left to shift is rounding
    expect(Math.abs(penaltyCentre([beta[0], beta[3], beta[6]], l1 * 2, l2 * 2 * 2))).toBeLessThan(1e-14);
    expect(Math.abs(penaltyCentre([beta[1], beta[4], beta[7]], l1, l2))).toBeLessThan(1e-14);
  });

  it("leaves excluded features alone, centres unpenalised ones (factor 0) at their mean", () => {
    const beta = start();
    const moved = shiftAcrossClasses(beta, K, d, centre, Uint8Array.of(0, 1), Float64Array.of(0, 1), scale, 0.3, 0.5);
    expect(moved).toBe(true);
    expect([beta[0], beta[3], beta[6]]).toEqual([1 - 3, 2 - 3, 6 - 3]);
    expect([beta[1], beta[4], beta[7]]).toEqual([0.5, -0.5, 0.25]);
    expect([beta[2], beta[5], beta[8]]).toEqual([10 - 1.5, 20 - 1.5, 30 - 1.5]);
  });

  it("reports no move when 0 is every feature's centre", () => {
    const beta = Float64Array.of(1, -1, 0, -1, 1, 0, 0, 0, 0);
    const before = beta.slice();
    expect(shiftAcrossClasses(beta, K, d, centre, new Uint8Array(d), Float64Array.of(1, 1), scale, 5, 0)).toBe(false);
    expect(beta).toEqual(before);
  });
});

describe("shiftedToPenaltyCentre: an epoch optimizer's multinomial L1 θ moved as cd's sweeps move theirs", () => {
  // d = 2 features, K = 4 classes: θ = [W class-major (c·d + j) | 4 intercepts]
  const theta = Float64Array.of(0.9, 0.3, -0.1, 0.05, 0.2, 0.05, -0.6, -0.05, 1, 2, 3, 6);
  const feature = (t: Float64Array, j: number) => [0, 1, 2, 3].map((c) => t[c * 2 + j]);

  it("takes each feature's penalty centre with its factor, centres the intercepts, returns a copy", () => {
    const before = theta.slice();
    const shifted = shiftedToPenaltyCentre(theta, 2, 4, Float64Array.of(1, 3), 0.2, 0, null);
    expect(theta).toEqual(before);
    // feature 0 (0.9, −0.1, 0.2, −0.6): median interval [−0.1, 0.2], midpoint 0.05
    expect(feature(shifted, 0)).toEqual([0.9, -0.1, 0.2, -0.6].map((w) => w - 0.05));
    // feature 1 (0.3, 0.05, 0.05, −0.05): the two middle values tie at 0.05, which becomes an exact +0 twice
    expect(feature(shifted, 1)).toEqual([0.3 - 0.05, 0, 0, -0.05 - 0.05]);
    expect(Array.from(shifted.subarray(8))).toEqual([-2, -1, 0, 3]);
  });

  it("with an l2 part, a factor 0 and K odd: the unique centre, the mean, the median", () => {
    const K3 = Float64Array.of(1, 0, -2, 2, 0.5, 4, 0, 0, 0);
    const shifted = shiftedToPenaltyCentre(K3, 2, 3, Float64Array.of(1, 0), 0.3, 0, null);
    // feature 0 (1, −2, 0.5): the median; feature 1 (0, 2, 4), unpenalised: the mean
    expect([shifted[0], shifted[2], shifted[4]]).toEqual([1 - 0.5, -2 - 0.5, 0]);
    expect([shifted[1], shifted[3], shifted[5]]).toEqual([-2, 0, 2]);
    const net = shiftedToPenaltyCentre(K3, 2, 3, Float64Array.of(2, 1), 0.3, 0.5, null);
    const centre0 = penaltyCentre([1, -2, 0.5], 0.6, 1);
    expect(centre0).not.toBe(0.5);
    expect([net[0], net[2], net[4]]).toEqual([1, -2, 0.5].map((w) => w - centre0));
    expect(net[1] - K3[1]).toBe(-penaltyCentre([0, 2, 4], 0.3, 0.5));
  });
});
