// Issue 8, finding 1: fit, predict and evaluate share one WASM layout, and onEpoch used to be free
// to call them: `onEpoch: () => t.fit(X2, y2)` returned wrong coefficients, `t.predict(X2)` gave
// "memory access out of bounds" under gd and wrong numbers under lbfgs, and `t.dispose()` still
// returned a full fit. Now every such call is a BusyError that changes nothing, and dispose() stops
// the fit with a DisposedError.
import { describe, expect, test } from "vitest";
import { BusyError, DisposedError, Trainer, WasmMleError, type FitResult, type TrainerOptions } from "../../dist/index.js";
import { syntheticData } from "../helpers/fixtures.js";
import { thrownBy } from "../helpers/thrown.js";

const { X, y } = syntheticData("bernoulli", 300, 4, 11);
const { X: X2, y: y2 } = syntheticData("bernoulli", 500, 4, 12);

const OPTIMIZERS: TrainerOptions[] = [
  { optimizer: "gd", learningRate: 0.5, epochs: 30, tolerance: 0 },
  { optimizer: "sgd", learningRate: 0.1, epochs: 20, tolerance: 0, batchSize: 16 },
  { optimizer: "lbfgs" },
  { optimizer: "newton" },
];

/** Everything a fit returns that is a number, flattened, for bit-for-bit comparison. */
function bits(fit: FitResult) {
  return {
    coefficients: Array.from(fit.coefficients),
    intercept: Array.from(fit.intercept),
    objective: fit.objective,
    history: Array.from(fit.history),
    epochs: fit.epochs,
    stopReason: fit.stopReason,
  };
}

type Call = (trainer: Trainer, previous: FitResult) => unknown;
const CALLS: [string, Call][] = [
  ["fit", (t) => t.fit(X2, y2)],
  ["predict", (t) => t.predict(X2)],
  ["evaluate", (t) => t.evaluate(X2, y2, new Float64Array(4), new Float64Array(1))],
  ["summary", (_t, previous) => previous.summary()],
];

describe("a Trainer method called from onEpoch of a running fit", () => {
  for (const options of OPTIMIZERS) {
    for (const [method, call] of CALLS) {
      test(`${options.optimizer}: ${method}() throws BusyError and the running fit's result is bit-identical`, async () => {
        const trainer = await Trainer.create({ family: "bernoulli", ...options });
        const previous = trainer.fit(X2, y2);
        const reference = bits(trainer.fit(X, y));
        const earlier = trainer.fit(X2, y2); // the fit whose summary() the callback asks for
        const errors: unknown[] = [];
        const fit = trainer.fit(X, y, {
          onEpoch: () => {
            errors.push(thrownBy(() => call(trainer, method === "summary" ? earlier : previous)));
            // read-only getters stay available
            expect(trainer.kernels).toMatch(/simd|scalar/);
            expect(trainer.memoryBytes).toBeGreaterThan(0);
            expect(trainer.disposed).toBe(false);
            expect(trainer.options.family.name).toBe("bernoulli");
          },
        });
        expect(errors.length).toBeGreaterThan(0);
        for (const error of errors) {
          expect(error).toBeInstanceOf(BusyError);
          expect(error).toBeInstanceOf(WasmMleError);
          expect((error as BusyError).code).toBe("BUSY");
          expect((error as BusyError).running).toBe("fit");
          expect((error as BusyError).called).toBe(method);
          expect((error as Error).message).toContain(method === "summary" ? "fit.summary()" : `Trainer.${method}()`);
          expect((error as Error).message).toContain("Trainer.fit() of the same trainer is running");
        }
        expect(bits(fit)).toEqual(reference);
        // and once the fit is over, the trainer works as usual
        expect(() => trainer.predict(X2)).not.toThrow();
        expect(fit.summary().terms.length).toBe(5);
        trainer.dispose();
      });
    }

    test(`${options.optimizer}: an uncaught BusyError fails the fit and leaves the previous one as it was`, async () => {
      const trainer = await Trainer.create({ family: "bernoulli", ...options });
      const previous = trainer.fit(X, y);
      const predictions = Array.from(trainer.predict(X2));
      const summary = previous.summary().text;
      expect(() => trainer.fit(X2, y2, { onEpoch: () => void trainer.predict(X2) })).toThrow(BusyError);
      expect(Array.from(trainer.predict(X2))).toEqual(predictions);
      expect(previous.summary().text).toBe(summary);
      trainer.dispose();
    });

    test(`${options.optimizer}: dispose() from onEpoch stops the fit with a DisposedError and returns nothing`, async () => {
      const trainer = await Trainer.create({ family: "bernoulli", ...options });
      let calls = 0;
      let result: FitResult | undefined;
      const error = thrownBy(() => {
        result = trainer.fit(X, y, {
          onEpoch: () => {
            calls++;
            trainer.dispose();
          },
        });
      });
      expect(result).toBeUndefined();
      expect(error).toBeInstanceOf(DisposedError);
      expect((error as DisposedError).duringFit).toBe(true);
      expect((error as Error).message).toMatch(/dispose\(\) was called while Trainer\.fit\(\) was running/);
      expect(calls).toBe(1); // stopped at the first epoch boundary
      expect(trainer.disposed).toBe(true);
      expect(trainer.memoryBytes).toBe(0);
      expect(() => trainer.predict(X)).toThrow(DisposedError);
    });
  }

  test("a BusyError from a fit's onEpoch does not leak: a later onEpoch may call nothing, a later fit may", async () => {
    const trainer = await Trainer.create({ family: "bernoulli", optimizer: "gd", epochs: 3 });
    const inner: unknown[] = [];
    trainer.fit(X, y, { onEpoch: () => void inner.push(thrownBy(() => trainer.fit(X, y))) });
    expect(inner.every((e) => e instanceof BusyError)).toBe(true);
    // the busy flag is cleared even when the fit throws from onEpoch
    expect(() => trainer.fit(X, y, { onEpoch: () => { throw new Error("user"); } })).toThrow("user");
    expect(() => trainer.fit(X, y)).not.toThrow();
    trainer.dispose();
  });
});
