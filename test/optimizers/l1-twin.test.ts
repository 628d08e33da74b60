// The plain-TypeScript twins of the L1 kernels (bindings/optimizers/update-twins.ts
// l1TruncateTwin, factorRidgeTwin), which test/assembly/l1.spec.ts holds the WASM kernels to bit for
// bit: here against values worked by hand from sklearn's cumulative-penalty rule (see:
// sklearn/linear_model/_sgd_fast.pyx `l1penalty`; Tsuruoka, Tsujii & Ananiadou 2009, §3.2):
// u ← u + f·η·λ₁ (the adaptive rules divide η by √m/c + ε), a positive θ is lowered by u + q and a
// negative one raised by u − q, never across 0, and q records what was taken.
import { describe, expect, it } from "vitest";
import { factorRidgeTwin, l1TruncateTwin } from "../../bindings/optimizers/update-twins.js";

const f64 = (...values: number[]) => Float64Array.from(values);

describe("l1TruncateTwin", () => {
  it("plain SGD: clips toward 0 by the penalty owed, never across it, and records what it took", () => {
    const theta = f64(0.5, -0.5, 0.0625, -0.0625, 0);
    const factor = f64(1, 1, 1, 1, 2);
    const accumulated = new Float64Array(5);
    const received = new Float64Array(5);
    l1TruncateTwin(theta, factor, accumulated, received, new Float64Array(0), 0.125, 1, 0);
    expect(Array.from(accumulated)).toEqual([0.125, 0.125, 0.125, 0.125, 0.25]);
    expect(Array.from(theta)).toEqual([0.375, -0.375, 0, 0, 0]);
    expect(Array.from(received)).toEqual([-0.125, 0.125, -0.0625, 0.0625, 0]);
    // the second step owes u + q = 0.25 − 0.125 more, as sklearn's q makes the total taken equal u
    l1TruncateTwin(theta, factor, accumulated, received, new Float64Array(0), 0.125, 1, 0);
    expect(Array.from(accumulated)).toEqual([0.25, 0.25, 0.25, 0.25, 0.5]);
    expect(Array.from(theta)).toEqual([0.25, -0.25, 0, 0, 0]);
    expect(Array.from(received)).toEqual([-0.25, 0.25, -0.0625, 0.0625, 0]);
  });

  it("a coordinate at exactly 0 stays there, whatever it received before", () => {
    // q < −u (a coordinate that was positive) and q > u (one that was negative): z = 0 is neither
    const theta = f64(0, 0);
    const received = f64(-0.5, 0.5);
    const accumulated = new Float64Array(2);
    l1TruncateTwin(theta, f64(1, 1), accumulated, received, new Float64Array(0), 0.125, 1, 0);
    expect(Array.from(theta)).toEqual([0, 0]);
    expect(Array.from(received)).toEqual([-0.5, 0.5]);
    expect(Array.from(accumulated)).toEqual([0.125, 0.125]);
  });

  it("adaptive rules: the penalty step is divided by √m/c + ε per coordinate", () => {
    const theta = f64(1, -1);
    const accumulated = f64(0.5, 0);
    const received = f64(-0.25, 0);
    // coordinate 0: √4/2 + 0.5 = 1.5, so u = 0.5 + 0.75/1.5 = 1 and θ = 1 − (1 − 0.25) = 0.25
    // coordinate 1: √16/2 + 0.5 = 2.5, factor 2: u = 2·0.75/2.5 = 0.6 and θ = −1 + 0.6 = −0.4
    l1TruncateTwin(theta, f64(1, 2), accumulated, received, f64(4, 16), 0.75, 2, 0.5);
    expect(accumulated[0]).toBe(1);
    expect(accumulated[1]).toBeCloseTo(0.6, 15);
    expect(theta[0]).toBe(0.25);
    expect(theta[1]).toBeCloseTo(-0.4, 15);
    expect(received[0]).toBe(-1);
    expect(received[1]).toBeCloseTo(0.6, 15);
  });

  it("an unpenalised coordinate (factor 0) is left alone", () => {
    const theta = f64(0.3, -0.3);
    const received = new Float64Array(2);
    l1TruncateTwin(theta, f64(0, 0), new Float64Array(2), received, new Float64Array(0), 1, 1, 0);
    expect(Array.from(theta)).toEqual([0.3, -0.3]);
    expect(Array.from(received)).toEqual([0, 0]);
  });
});

describe("factorRidgeTwin", () => {
  it("adds ((f − 1)·c)·θ to each gradient entry: nothing at f = 1, −c·θ at f = 0", () => {
    const grad = f64(1, 1, 1, 0.5);
    factorRidgeTwin(grad, f64(2, 3, -4, 8), f64(0, 3, 1, 1.5), 0.5);
    expect(Array.from(grad)).toEqual([0, 4, 1, 2.5]);
  });
});
