// Issue 8, finding 6: a failed fit dropped the previous fit's summary() (248 of 568 failing calls,
// also after a DivergenceError or a throwing onEpoch): fit released the live data before it had
// validated X. Now a fit is checked and run beside the live data, and only replaces it on success.
import { describe, expect, test } from "vitest";
import {
  BusyError, CollinearityError, DataTooLargeError, DivergenceError, InvalidDataError, InvalidOptionError, ProblemTooLargeError, Trainer, WasmMleError,
  type FitOptions, type TrainerOptions,
} from "../../dist/index.js";
import { syntheticData } from "../helpers/fixtures.js";
import { thrownBy } from "../helpers/thrown.js";

const { X, y } = syntheticData("bernoulli", 80, 3, 31);
const { X: other } = syntheticData("bernoulli", 40, 3, 32);
const y4 = [0, 1, 0, 1];
const X4 = [[0.1, 1, 2], [0.4, 2, 1], [0.2, 3, 5], [0.9, 4, 3]];

type ErrorClass = new (...args: never[]) => Error;
type Attempt = [string, (trainer: Trainer) => unknown, ErrorClass | ((optimizer: string) => ErrorClass)];
const ATTEMPTS: Attempt[] = [
  ["NaN in X", (t) => t.fit([[0.1, NaN, 2], ...X4.slice(1)], y4), InvalidDataError],
  ["null in X", (t) => t.fit([[0.1, null as unknown as number, 2], ...X4.slice(1)], y4), InvalidDataError],
  ["a string cell in X", (t) => t.fit([[0.1, "0x10" as unknown as number, 2], ...X4.slice(1)], y4), InvalidDataError],
  ["a BigInt cell in X", (t) => t.fit([[0.1, 5n as unknown as number, 2], ...X4.slice(1)], y4), InvalidDataError],
  ["a string as flat data", (t) => t.fit({ data: "123456789abc" as unknown as number[], rows: 4, cols: 3 }, y4), InvalidDataError],
  ["a BigInt64Array as flat data", (t) => t.fit({ data: new BigInt64Array(12) as unknown as number[], rows: 4, cols: 3 }, y4), InvalidDataError],
  ["ragged rows", (t) => t.fit([[1, 2, 3], [1, 2], [1, 2, 3], [1, 2, 3]], y4), InvalidDataError],
  ["NaN in the last cell of a big flat X (after most of it was copied)", (t) => {
    const data = new Float64Array(3000 * 3).map((_, k) => (k % 7) / 7);
    data[data.length - 1] = NaN;
    return t.fit({ data, rows: 3000, cols: 3 }, new Float64Array(3000).map((_, i) => i % 2));
  }, InvalidDataError],
  ["y of the wrong length", (t) => t.fit(X4, [0, 1, 0]), InvalidDataError],
  ["y outside the family's domain", (t) => t.fit(X4, [0, 1, 2, 1]), InvalidDataError],
  ["a string in y", (t) => t.fit(X4, [0, 1, "1", 0] as unknown as number[]), InvalidDataError],
  ["a negative weight", (t) => t.fit(X4, y4, { sampleWeight: [1, 1, -1, 1] }), InvalidDataError],
  ["all-zero weights", (t) => t.fit(X4, y4, { sampleWeight: [0, 0, 0, 0] }), InvalidDataError],
  ["an unknown fit option", (t) => t.fit(X4, y4, { weights: [1, 1, 1, 1] } as FitOptions), InvalidOptionError],
  ["a Map as fit options", (t) => t.fit(X4, y4, new Map() as unknown as FitOptions), InvalidOptionError],
  ["a data set too large for WASM", (t) => t.fit({ data: { length: 2 ** 22 * 200 } as ArrayLike<number>, rows: 2 ** 22, cols: 200 }, new Float64Array(2 ** 22).map((_, i) => i % 2)),
    // newton refuses 200 columns × 4M rows as too much work before it gets to the memory
    (optimizer) => (optimizer === "newton" ? ProblemTooLargeError : DataTooLargeError)],
  ["a throwing onEpoch", (t) => t.fit(X, y, { onEpoch: ({ epoch }) => { if (epoch === 2) throw new RangeError("user code"); } }), RangeError],
  ["a re-entrant onEpoch", (t) => t.fit(other, y.slice(0, 40), { onEpoch: () => void t.fit(X, y) }), BusyError],
];

async function trainerOf(options: TrainerOptions) {
  return Trainer.create({ family: "bernoulli", ...options });
}

/** The numbers of a summary, as bits: estimates, standard errors, p-values, and the table. */
function summaryBits(fit: ReturnType<Trainer["fit"]>) {
  const s = fit.summary();
  return { terms: s.terms.map((t) => [t.estimate, t.stdError, t.pValue, t.ciLower, t.ciUpper]), ll: s.logLikelihood, text: s.text };
}

describe("a failed fit changes nothing", () => {
  const optimizers: TrainerOptions[] = [{ optimizer: "gd", learningRate: 0.5, epochs: 20 }, { optimizer: "newton" }, { optimizer: "lbfgs" }];
  for (const options of optimizers) {
    for (const [name, attempt, expectedError] of ATTEMPTS) {
      const errorClass = expectedError.prototype instanceof Error ? (expectedError as ErrorClass) : (expectedError as (o: string) => ErrorClass)(options.optimizer!);
      test(`${options.optimizer}: ${name}`, async () => {
        // the reference: the same fit on a trainer that never saw the failure
        const twin = await trainerOf(options);
        const expected = summaryBits(twin.fit(X, y));
        twin.dispose();

        const trainer = await trainerOf(options);
        const fit = trainer.fit(X, y);
        const predictions = Array.from(trainer.predict(other));
        const error = thrownBy(() => attempt(trainer));
        expect(error).toBeInstanceOf(errorClass);
        if (errorClass !== RangeError) expect(error).toBeInstanceOf(WasmMleError);
        expect(Array.from(trainer.predict(other))).toEqual(predictions);
        expect(summaryBits(fit)).toEqual(expected);
        // and the trainer still fits
        expect(trainer.fit(other, y.slice(0, 40)).coefficients).toHaveLength(3);
        trainer.dispose();
      });
    }
  }

  test("a DivergenceError (gd, learning rate far too large)", async () => {
    const { X: gx, y: gy } = syntheticData("gaussian", 200, 4, 33);
    const scaled = gx.map((row) => row.map((v) => v * 100));
    const options: TrainerOptions = { optimizer: "sgd", learningRate: 0.5, epochs: 50 };
    const twin = await Trainer.create(options);
    const expected = summaryBits(twin.fit(gx, gy));
    twin.dispose();
    const trainer = await Trainer.create(options);
    const fit = trainer.fit(gx, gy);
    const predictions = Array.from(trainer.predict(gx));
    expect(() => trainer.fit(scaled, gy)).toThrow(DivergenceError);
    expect(Array.from(trainer.predict(gx))).toEqual(predictions);
    expect(summaryBits(fit)).toEqual(expected);
    trainer.dispose();
  });

  test("a CollinearityError (newton) and a float32 overflow of y", async () => {
    for (const dtype of ["float64", "float32"] as const) {
      const twin = await trainerOf({ optimizer: "newton", dtype });
      const expected = summaryBits(twin.fit(X, y));
      twin.dispose();
      const trainer = await trainerOf({ optimizer: "newton", dtype });
      const fit = trainer.fit(X, y);
      const predictions = Array.from(trainer.predict(other));
      const collinear = X.map((row) => [row[0], row[1], 2 * row[0] - row[1]]);
      // (under float32, catching this one is finding 8's dtype-aware threshold, not this test's topic)
      if (dtype === "float64") expect(() => trainer.fit(collinear, y)).toThrow(CollinearityError);
      if (dtype === "float32") {
        const gaussian = await Trainer.create({ dtype });
        gaussian.fit(X, y.map((v) => v + 1));
        const before = Array.from(gaussian.predict(other));
        expect(() => gaussian.fit(X, y.map((v, i) => (i === 5 ? 1e39 : v)))).toThrow(/y\[5\] = 1e\+39 overflows float32/);
        expect(Array.from(gaussian.predict(other))).toEqual(before);
        gaussian.dispose();
      }
      expect(Array.from(trainer.predict(other))).toEqual(predictions);
      expect(summaryBits(fit)).toEqual(expected);
      trainer.dispose();
    }
  });

  test("a failed predict or evaluate leaves the fit's summary as well", async () => {
    const trainer = await trainerOf({ optimizer: "newton" });
    const fit = trainer.fit(X, y);
    const expected = summaryBits(fit);
    expect(() => trainer.predict([[1, 2, NaN]])).toThrow(InvalidDataError);
    expect(() => trainer.evaluate(X, y, [1, NaN, 0], [0])).toThrow(InvalidDataError);
    expect(() => trainer.evaluate([[1, "2" as unknown as number, 3]], [1], [0, 0, 0], [0])).toThrow(InvalidDataError);
    expect(summaryBits(fit)).toEqual(expected);
    trainer.dispose();
  });
});
