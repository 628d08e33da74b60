// Learning-rate schedules (assembly/schedule.ts): each closed form at chosen steps and epochs,
// written out here from its source, and the kernel against the TypeScript twin
// (bindings/optimizers/update-twins.ts) over a grid. Tolerances: the closed forms below are
// computed with the same operations, so within 4 ulps (Math.pow/Math.cos may round differently
// than the form written out: rtol 1e-15); kernel vs twin compiled from the same source: bitwise.
import { scheduledLearningRate } from "../../assembly/schedule";
import {
  SCHEDULE_ADAPTIVE, SCHEDULE_CONSTANT, SCHEDULE_COSINE, SCHEDULE_EXPONENTIAL, SCHEDULE_INVSCALING, SCHEDULE_OPTIMAL,
  SCHEDULE_STEP,
} from "../../assembly/context";
import { scheduledLearningRateTwin } from "../../bindings/optimizers/update-twins";
import { expectRelative } from "./support";

function rate(kind: i32, lr: f64, t: f64, e: f64, total: f64, a: f64, b: f64, l2: f64): f64 {
  return scheduledLearningRate(kind, lr, t, e, total, a, b, l2);
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

  it("kernel == TypeScript twin bit for bit over a grid of steps, epochs and parameters", () => {
    for (let kind = SCHEDULE_CONSTANT; kind <= SCHEDULE_ADAPTIVE; kind++) {
      for (let t = 1; t <= 3000; t += 37) {
        const e = <f64>(t / 40);
        const a = kind == SCHEDULE_COSINE ? 250.0 : kind == SCHEDULE_STEP ? 7.0 : kind == SCHEDULE_OPTIMAL ? 31.6 : 0.93;
        const kernel = rate(kind, 0.05, <f64>t, e, 2000, a, 0.3, 0.01);
        const twin = scheduledLearningRateTwin(<f64>kind, 0.05, <f64>t, e, 2000, a, 0.3, 0.01);
        expect<u64>(reinterpret<u64>(kernel)).toBe(reinterpret<u64>(twin), "schedule " + kind.toString() + " t = " + t.toString());
      }
    }
  });
});
