// A DivergenceError's advice is true for the schedule that diverged: every schedule but "optimal"
// scales learningRate (a smaller one lowers its largest step), while "optimal" is 1/(l2·(t + t0))
// and ignores learningRate — advising a smaller learningRate there sends the user nowhere.
import { describe, expect, test } from "vitest";
import { DivergenceError, Trainer, type ScheduleOption, type TrainerOptions } from "../../dist/index.js";
import { thrownBy } from "../helpers/thrown.js";

// Gaussian rows with x in 1…8: sgd (batches of 8) diverges at learningRate 0.1 and 1, not at 0.01.
const X: number[][] = [];
const y: number[] = [];
for (let i = 0; i < 64; i++) {
  const x = (i % 8) + 1;
  X.push([x]);
  y.push(0.5 * x + 1 + (((i * 7) % 5) - 2) * 0.1);
}

async function divergence(options: TrainerOptions): Promise<DivergenceError> {
  const trainer = await Trainer.create({ family: "gaussian", optimizer: "sgd", batchSize: 8, epochs: 30, ...options });
  try {
    const error = thrownBy(() => trainer.fit(X, y));
    expect(error, JSON.stringify(options)).toBeInstanceOf(DivergenceError);
    return error as DivergenceError;
  } finally {
    trainer.dispose();
  }
}

async function fits(options: TrainerOptions): Promise<boolean> {
  const trainer = await Trainer.create({ family: "gaussian", optimizer: "sgd", batchSize: 8, epochs: 30, ...options });
  try {
    return trainer.fit(X, y).coefficients.every(Number.isFinite);
  } finally {
    trainer.dispose();
  }
}

describe("the advice of a DivergenceError follows the schedule", () => {
  const scaling: ScheduleOption[] = ["constant", "invscaling", { kind: "step", every: 3 }, { kind: "exponential", gamma: 0.9 }, "cosine", "adaptive"];

  test.each(scaling.map((schedule) => [JSON.stringify(schedule), schedule] as const))(
    "%s scales learningRate: a smaller one is the advice, and taking it fits",
    async (_name, schedule) => {
      const error = await divergence({ learningRate: 1, schedule });
      expect(error.learningRate).toBe(1);
      expect(error.schedule?.kind).toBe(typeof schedule === "string" ? schedule : schedule.kind);
      expect(error.message).toMatch(/Try a smaller learningRate than 1 \(for example 0\.1\), or standardise the features\.$/);
      expect(await fits({ learningRate: 0.01, schedule })).toBe(true);
    },
  );

  test('"optimal" ignores learningRate: the advice is a larger l2 or t0, or another schedule, and it is true', async () => {
    const error = await divergence({ learningRate: 1, schedule: "optimal", l2: 1e-4 });
    expect(error.message).not.toMatch(/smaller learningRate/);
    expect(error.message).toMatch(/Schedule "optimal" does not use learningRate: its rate is 1\/\(l2·\(t \+ t0\)\), [\d.]+ at the first update \(l2 = 0\.0001, t0 = /);
    expect(error.message).toMatch(/A larger l2 \(for example l2: 0\.001\) or t0 lowers every rate; or use another schedule \(for example "invscaling"\) with a small learningRate/);
    // the old advice would not have helped: a tenth of the learningRate diverges at the same epoch
    const smaller = await divergence({ learningRate: 0.1, schedule: "optimal", l2: 1e-4 });
    expect([smaller.epoch, smaller.objective]).toEqual([error.epoch, error.objective]);
    // the new advice does: a t0 large enough that every rate is ≤ 1/(l2·t0) = 0.01, or another schedule with a small learningRate
    expect(await fits({ schedule: { kind: "optimal", t0: 1e6 }, l2: 1e-4 })).toBe(true);
    expect(await fits({ learningRate: 0.01, schedule: "invscaling", l2: 1e-4 })).toBe(true);
  });

  test("a larger l2 lowers every rate of \"optimal\" (default t0 too): the rate the message names falls", async () => {
    const firstRate = (error: DivergenceError) => Number(/, ([\d.e-]+) at the first update/.exec(error.message)![1]);
    const small = await divergence({ schedule: "optimal", l2: 1e-4 });
    const larger = await divergence({ schedule: "optimal", l2: 1e-3 });
    expect(firstRate(larger)).toBeLessThan(firstRate(small));
    expect(larger.epoch).toBeGreaterThanOrEqual(small.epoch);
  });

  test("cosine and adaptive also name a minLearningRate that a smaller learningRate would fall below", async () => {
    for (const kind of ["cosine", "adaptive"] as const) {
      const error = await divergence({ learningRate: 1, schedule: { kind, minLearningRate: 0.5 } });
      expect(error.message).toMatch(new RegExp(`Schedule "${kind}" needs its minLearningRate \\(0\\.5\\) ≤ learningRate: lower it too\\.$`));
    }
    const low = await divergence({ learningRate: 1, schedule: { kind: "cosine", minLearningRate: 0.05 } });
    expect(low.message).not.toMatch(/minLearningRate/);
  });

  test("constructed directly: newton and lbfgs (learningRate null) get no schedule advice; without the schedule, the constant schedule's", () => {
    const rates = { schedule: { kind: "optimal", t0: 10 } as const, l2: 0.01 };
    expect(new DivergenceError(3, Infinity, null, 1.5, null, rates).message).toMatch(/iteration 3: .*Standardise the features or add an l2 penalty\.$/);
    expect(new DivergenceError(3, Infinity, null, 1.5, null, rates).schedule).toBeNull();
    expect(new DivergenceError(3, Infinity, 0.2, 1.5, null, rates).message).toMatch(/epoch 3: .*its rate is 1\/\(l2·\(t \+ t0\)\), 9\.09 at the first update \(l2 = 0\.01, t0 = 10\)/);
    // without the schedule (the constructor's old arguments), the advice is the constant schedule's
    expect(new DivergenceError(2, NaN, 0.3, null).message).toMatch(/smaller learningRate than 0\.3 \(for example 0\.03\)/);
  });
});
