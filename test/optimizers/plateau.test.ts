// The "adaptive" schedule (bindings/optimizers/plateau.ts): torch's ReduceLROnPlateau in "min"
// mode with a relative threshold, on the epoch objective. Sequences worked out by hand from
// torch/optim/lr_scheduler.py (best starts at +∞; an epoch counts as better when it is below
// best·(1 − threshold); more than `patience` bad epochs lower the rate by `factor`, not below the
// minimum, and reset the count), then the schedule inside a fit.
import { describe, expect, it } from "vitest";
import { PlateauSchedule } from "../../bindings/optimizers/plateau.js";
import { syntheticData } from "../helpers/fixtures.js";
import { disposingTrainers } from "../helpers/trainers.js";

const trainer = disposingTrainers({ tolerance: 0 });

describe("PlateauSchedule", () => {
  it("lowers the rate after more than `patience` epochs without improvement, then counts again", () => {
    const plateau = new PlateauSchedule({ factor: 0.5, patience: 2, threshold: 0, minLearningRate: 0 }, 1);
    const objectives = [10, 9, 9, 9, 9, 8, 8, 8, 8, 8, 8, 8];
    const rates = objectives.map((f) => plateau.observe(f));
    // 10, 9 improve; the next three 9s are bad epochs 1, 2, 3 > 2 → halve; 8 improves; each
    // further run of three 8s halves again
    expect(rates).toEqual([1, 1, 1, 1, 0.5, 0.5, 0.5, 0.5, 0.25, 0.25, 0.25, 0.125]);
  });

  it("a relative threshold: improvements smaller than threshold·|best| are bad epochs", () => {
    const plateau = new PlateauSchedule({ factor: 0.1, patience: 0, threshold: 0.01, minLearningRate: 0 }, 1);
    expect(plateau.observe(100)).toBe(1); // first value: better than +∞
    expect(plateau.observe(99.5)).toBeCloseTo(0.1, 15); // 0.5 % better: not enough, patience 0 → lower
    expect(plateau.observe(98)).toBeCloseTo(0.1, 15); // 2 % below best 100: an improvement
  });

  it("negative objectives: the threshold is relative to |best| (a Poisson objective can be < 0)", () => {
    const plateau = new PlateauSchedule({ factor: 0.5, patience: 0, threshold: 0.1, minLearningRate: 0 }, 1);
    plateau.observe(-10);
    // −9.5 is worse than −10; torch's best·(1 − threshold) = −9 would count it as an improvement
    expect(plateau.observe(-9.5)).toBe(0.5);
    expect(plateau.observe(-12)).toBe(0.5); // 20 % better
  });

  it("never below minLearningRate; reductions smaller than 1e-8 (torch's eps) are skipped", () => {
    const plateau = new PlateauSchedule({ factor: 0.1, patience: 0, threshold: 0, minLearningRate: 0.05 }, 1);
    plateau.observe(1);
    expect(plateau.observe(1)).toBeCloseTo(0.1, 15);
    expect(plateau.observe(1)).toBe(0.05);
    expect(plateau.observe(1)).toBe(0.05);
    const tiny = new PlateauSchedule({ factor: 0.5, patience: 0, threshold: 0, minLearningRate: 0 }, 1e-8);
    tiny.observe(1);
    expect(tiny.observe(1)).toBe(1e-8);
    // a reduction of exactly eps is skipped too (torch: `if old_lr - new_lr > eps`); 2e-8·0.5 and the difference are exact
    const atEps = new PlateauSchedule({ factor: 0.5, patience: 0, threshold: 0, minLearningRate: 0 }, 2e-8);
    atEps.observe(1);
    expect(atEps.observe(1)).toBe(2e-8);
  });

  it("an infinite objective is never an improvement, not even the first (torch: inf < inf is false)", () => {
    const plateau = new PlateauSchedule({ factor: 0.5, patience: 0, threshold: 0, minLearningRate: 0 }, 1);
    expect(plateau.observe(Infinity)).toBe(0.5);
    expect(plateau.counters).toBeNull();
    expect(plateau.observe(3)).toBe(0.5);
    expect(plateau.counters).toEqual({ best: 3, badEpochs: 0 });
  });

  it("its counters are null before the first epoch, then best and the bad epochs; a schedule built from them goes on alike", () => {
    const settings = { factor: 0.5, patience: 2, threshold: 0, minLearningRate: 0 };
    const whole = new PlateauSchedule(settings, 1);
    expect(whole.counters).toBeNull();
    expect(whole.learningRate).toBe(1);
    const objectives = [5, 4, 4, 4, 4, 4, 3, 3, 3, 3];
    objectives.slice(0, 4).forEach((f) => whole.observe(f));
    expect(whole.counters).toEqual({ best: 4, badEpochs: 2 });
    const resumed = new PlateauSchedule(settings, whole.learningRate, whole.counters);
    const fresh = new PlateauSchedule(settings, whole.learningRate);
    const rest = objectives.slice(4);
    const wholeRates = rest.map((f) => whole.observe(f));
    expect(rest.map((f) => resumed.observe(f))).toEqual(wholeRates);
    // without the counters the bad epochs start again at 0 and best at +∞: a later reduction
    expect(rest.map((f) => fresh.observe(f))).not.toEqual(wholeRates);
    expect(wholeRates).toEqual([0.5, 0.5, 0.5, 0.5, 0.5, 0.25]);
    expect(whole.learningRate).toBe(0.25);
    expect(resumed.counters).toEqual({ best: 3, badEpochs: 0 });
  });
});

describe('schedule "adaptive" in a fit', () => {
  it("lowers the step when the epoch objective stalls: a too-large constant step that oscillates settles", async () => {
    const { X, y } = syntheticData("gaussian", 400, 4, 3);
    const options = { optimizer: "sgd" as const, learningRate: 0.5, batchSize: 4, epochs: 60, seed: 2 };
    const constant = (await trainer(options)).fit(X, y);
    const adaptive = (await trainer({ ...options, schedule: { kind: "adaptive", factor: 0.3, patience: 2 } })).fit(X, y);
    expect(adaptive.objective).toBeLessThan(constant.objective);
    // the first epochs, before any stall, are the same run
    expect(adaptive.history[0]).toBe(constant.history[0]);
  });
});
