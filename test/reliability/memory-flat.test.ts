// Issue 8, finding 2: in a `fit(); predict();` loop every predict was laid out after the whole
// memory of the last fit (`memory.buffer.byteLength`) instead of after the live data's end, so
// memory grew without bound (60×3 data: 128 KiB → 63 MiB after 1,000 rounds; 100k×10: 4 GiB after
// 500 rounds, then summary() threw). Now a refit alternates between two places beside the live
// data and predict/evaluate/summary reuse one scratch region after its end.
import { describe, expect, test } from "vitest";
import { StaleFitError, Trainer, type TrainerOptions } from "../../dist/index.js";
import { syntheticData } from "../helpers/fixtures.js";
import { kernelInstanceOf } from "../helpers/trainers.js";

const ROUNDS = 2000;

describe("fit(); predict(); evaluate(); summary() on one trainer keeps memory flat", () => {
  const a = syntheticData("bernoulli", 60, 3, 21);
  const b = syntheticData("bernoulli", 60, 3, 22);
  const cases: TrainerOptions[] = [
    { optimizer: "gd", learningRate: 0.5, epochs: 5 },
    { optimizer: "newton" },
    { optimizer: "lbfgs" },
  ];
  for (const options of cases) {
    test(`${options.optimizer}: ${ROUNDS} rounds stay within 2× of round 1, and every round's summary() is that fit's`, async () => {
      const trainer = await Trainer.create({ family: "bernoulli", ...options });
      // the reference summaries of both data sets, each from a trainer of its own
      const expected: string[] = [];
      for (const data of [a, b]) {
        const own = await Trainer.create({ family: "bernoulli", ...options });
        expected.push(own.fit(data.X, data.y).summary().text);
        own.dispose();
      }
      let roundOne = 0;
      let peak = 0;
      for (let round = 1; round <= ROUNDS; round++) {
        const data = round % 2 === 1 ? a : b;
        const fit = trainer.fit(data.X, data.y);
        trainer.predict(data.X);
        trainer.evaluate(data.X, data.y, fit.coefficients, fit.intercept);
        const text = fit.summary().text;
        if (text !== expected[(round - 1) % 2]) throw new Error(`round ${round}: the summary is not that of its own fit`);
        if (round === 1) roundOne = trainer.memoryBytes;
        peak = Math.max(peak, trainer.memoryBytes);
      }
      expect(roundOne).toBeGreaterThan(0);
      expect(peak).toBeLessThanOrEqual(2 * roundOne);
      trainer.dispose();
    });
  }

  test("a larger fit (20,000 × 10): 50 rounds of fit/predict/evaluate/summary stay within 2× of round 1", async () => {
    const { X: rows, y } = syntheticData("gaussian", 20_000, 10, 23);
    const X = { data: Float64Array.from(rows.flat()), rows: rows.length, cols: 10 };
    const trainer = await Trainer.create({ optimizer: "sgd", epochs: 1 });
    let roundOne = 0;
    for (let round = 1; round <= 50; round++) {
      const fit = trainer.fit(X, y);
      trainer.predict(X);
      trainer.evaluate(X, y, fit.coefficients, fit.intercept);
      expect(fit.summary().terms).toHaveLength(11);
      if (round === 1) roundOne = trainer.memoryBytes;
      expect(trainer.memoryBytes).toBeLessThanOrEqual(2 * roundOne);
    }
    trainer.dispose();
  });

  test("predict() reuses one scratch region: 1,000 predicts after a fit do not grow memory at all", async () => {
    const trainer = await Trainer.create({ family: "bernoulli", optimizer: "newton" });
    const fit = trainer.fit(a.X, a.y);
    trainer.predict(b.X);
    const held = trainer.memoryBytes;
    for (let i = 0; i < 1000; i++) trainer.predict(b.X);
    expect(trainer.memoryBytes).toBe(held);
    expect(fit.summary().terms).toHaveLength(4);
    trainer.dispose();
  });

  test("when a refit fits in memory only over the live fit's data (the host refuses to grow), it goes there and the old summary says why", async () => {
    const trainer = await Trainer.create({ family: "bernoulli", optimizer: "newton" });
    const big = syntheticData("bernoulli", 1500, 3, 24); // ~50 kB: one such fit fits in the first 64 KiB page, two do not
    const first = trainer.fit(big.X, big.y);
    const memory = kernelInstanceOf(trainer).memory;
    const held = trainer.memoryBytes;
    Object.defineProperty(memory, "grow", { value: () => { throw new RangeError("refused"); }, configurable: true });
    try {
      const second = trainer.fit(big.X, big.y.map((v) => 1 - v));
      expect(trainer.memoryBytes).toBe(held);
      expect(second.summary().terms).toHaveLength(4);
      expect(() => first.summary()).toThrow(StaleFitError);
    } finally {
      delete (memory as unknown as { grow?: unknown }).grow;
    }
    trainer.dispose();
  });
});
