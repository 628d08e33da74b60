// Learning-rate schedules (bindings/optimizers/schedule-math.ts, compiled into the kernels as
// assembly/schedule.ts reads them from the header): each closed form at chosen steps and epochs,
// written out here from its source with the standard library's Math.pow/Math.cos/Math.sqrt, and
// the helpers (integer powers, cos(π·p)) against those over a grid. Tolerances: rtol 1e-15 where
// one or two roundings separate the forms; powers of e-folds (e = 100) 1e-13.
import { cosPi, powInteger, powReal, scheduledLearningRate } from "../../bindings/optimizers/schedule-math";
import {
  SCHEDULE_ADAPTIVE, SCHEDULE_CONSTANT, SCHEDULE_COSINE, SCHEDULE_EXPONENTIAL, SCHEDULE_INVSCALING, SCHEDULE_OPTIMAL,
  SCHEDULE_STEP,
} from "../../assembly/context";
import { expectRelative } from "./support";

function rate(kind: i32, lr: f64, t: f64, e: f64, total: f64, a: f64, b: f64, l2: f64): f64 {
  return scheduledLearningRate(<f64>kind, lr, t, e, total, a, b, l2);
}

describe("schedules", () => {
  it("constant and adaptive: lr at every step and epoch (adaptive is lowered by the host)", () => {
    for (let t = 1; t < 50; t += 7) {
      expect<f64>(rate(SCHEDULE_CONSTANT, 0.3, <f64>t, <f64>(t / 5), 100, 0, 0, 0)).toBe(0.3);
      expect<f64>(rate(SCHEDULE_ADAPTIVE, 0.3, <f64>t, <f64>(t / 5), 100, 0.2, 5, 0)).toBe(0.3);
    }
  });

  it("invscaling: lr/t^power per update (sklearn's eta0 / pow(t, power_t))", () => {
    expect<f64>(rate(SCHEDULE_INVSCALING, 0.1, 1, 0, 0, 0.25, 0, 0)).toBe(0.1);
    expectRelative(rate(SCHEDULE_INVSCALING, 0.1, 16, 3, 0, 0.25, 0, 0), 0.05, 1e-15, "t = 16, power 1/4: 0.1/2");
    expectRelative(rate(SCHEDULE_INVSCALING, 0.1, 10000, 3, 0, 0.5, 0, 0), 0.001, 1e-15, "t = 1e4, power 1/2: 0.1/100");
  });

  it("optimal: 1/(l2·(t + t0)) per update", () => {
    const l2 = 1e-3, t0 = 177.82794100389228; // l2^(-3/4): sklearn's optimal_init for these families
    expectRelative(rate(SCHEDULE_OPTIMAL, 99, 1, 0, 0, t0, 0, l2), 1.0 / (l2 * (1.0 + t0)), 1e-15, "t = 1");
    expectRelative(rate(SCHEDULE_OPTIMAL, 99, 1000, 4, 0, t0, 0, l2), 1.0 / (l2 * (1000.0 + t0)), 1e-15, "t = 1000");
  });

  it("step: lr·factor^⌊e/every⌋ over completed epochs (torch StepLR)", () => {
    const lr = 0.8;
    expect<f64>(rate(SCHEDULE_STEP, lr, 1, 0, 0, 10, 0.5, 0)).toBe(0.8);
    expect<f64>(rate(SCHEDULE_STEP, lr, 999, 9, 0, 10, 0.5, 0)).toBe(0.8);
    expect<f64>(rate(SCHEDULE_STEP, lr, 999, 10, 0, 10, 0.5, 0)).toBe(0.4);
    expect<f64>(rate(SCHEDULE_STEP, lr, 999, 29, 0, 10, 0.5, 0)).toBe(0.2);
    expect<f64>(rate(SCHEDULE_STEP, lr, 999, 30, 0, 10, 0.5, 0)).toBe(0.1);
  });

  it("exponential: lr·γ^e over completed epochs (torch ExponentialLR)", () => {
    expect<f64>(rate(SCHEDULE_EXPONENTIAL, 0.5, 1, 0, 0, 0.9, 0, 0)).toBe(0.5);
    expectRelative(rate(SCHEDULE_EXPONENTIAL, 0.5, 77, 3, 0, 0.9, 0, 0), 0.5 * 0.9 * 0.9 * 0.9, 4e-16, "e = 3");
    expectRelative(rate(SCHEDULE_EXPONENTIAL, 0.5, 77, 100, 0, 0.99, 0, 0), 0.5 * Math.exp(100 * Math.log(0.99)), 1e-13, "e = 100");
  });

  it("cosine with warm-up: lr·t/W, then min + ½(lr − min)(1 + cos(π(t − W)/(T − W))), min past T", () => {
    const lr = 0.2, W: f64 = 100, T: f64 = 1100, minimum = 0.01;
    expectRelative(rate(SCHEDULE_COSINE, lr, 1, 0, T, W, minimum, 0), 0.002, 1e-15, "t = 1 of the warm-up");
    expectRelative(rate(SCHEDULE_COSINE, lr, 50, 0, T, W, minimum, 0), 0.1, 1e-15, "half the warm-up");
    expect<f64>(rate(SCHEDULE_COSINE, lr, 100, 0, T, W, minimum, 0)).toBe(lr);
    expectRelative(rate(SCHEDULE_COSINE, lr, 600, 0, T, W, minimum, 0), minimum + 0.5 * (lr - minimum), 1e-15, "half way: the mean");
    expectRelative(rate(SCHEDULE_COSINE, lr, 350, 0, T, W, minimum, 0), minimum + 0.5 * (lr - minimum) * (1.0 + Math.SQRT1_2), 1e-15, "a quarter: cos(π/4)");
    expectRelative(rate(SCHEDULE_COSINE, lr, 1100, 0, T, W, minimum, 0), minimum, 1e-15, "t = T: the minimum");
    expectRelative(rate(SCHEDULE_COSINE, lr, 5000, 0, T, W, minimum, 0), minimum, 1e-15, "past T it stays at the minimum");
    expectRelative(rate(SCHEDULE_COSINE, lr, 1, 0, 10, 0, 0, 0), 0.5 * lr * (1.0 + Math.cos(Math.PI / 10)), 1e-15, "no warm-up");
  });

  it("cos(π·p) within 1e-15 of Math.cos(π·p) over [0, 1] (which rounds π·p first); integer powers within (k + 2)·ε (relative) of Math.pow; t^p as e^(p·ln t)", () => {
    for (let i = 0; i <= 4096; i++) {
      const p = <f64>i / 4096.0;
      expect<f64>(Math.abs(cosPi(p) - Math.cos(Math.PI * p))).toBeLessThanOrEqual(1e-15, "cosPi " + p.toString());
    }
    expect<f64>(cosPi(0)).toBe(1.0);
    expect<f64>(cosPi(1)).toBe(-1.0);
    expect<f64>(cosPi(0.5)).toBe(-0.0);
    for (let k = 0; k <= 3000; k += 7) {
      for (let q = 0; q < 3; q++) {
        const x = q == 0 ? 0.999 : q == 1 ? 0.9 : 1.1; // 1.1^3000 ≈ 1e124 stays finite
        const exact = Math.pow(x, <f64>k);
        const bound = <f64>(k + 2) * f64.EPSILON * exact; // each squaring doubles the relative error: ≤ k·2⁻⁵², plus Math.pow's own
        expect<f64>(Math.abs(powInteger(x, <f64>k) - exact)).toBeLessThanOrEqual(bound, "powInteger " + x.toString() + "^" + k.toString());
      }
      if (k > 0) expectRelative(powReal(<f64>k, 0.25), Math.pow(<f64>k, 0.25), 4e-15, "powReal");
    }
    expect<f64>(powInteger(2, 10)).toBe(1024.0);
    expect<f64>(powInteger(0.5, 3)).toBe(0.125);
  });
});
