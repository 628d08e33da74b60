// trainer.fit(X, y, { signal }): every optimizer reads the signal after each epoch/iteration and
// stops there with stopReason "aborted", returning the fit so far (the same bits as a fit stopped
// by onEpoch at that epoch); an already-aborted signal is an AbortError that changes nothing.
import { describe, expect, it } from "vitest";
import { AbortError, InvalidOptionError, WasmMleError, type ResolvedOptimizer, type TrainerOptions } from "../../dist/index.js";
import { float64Hex, syntheticData } from "../browser/scenarios.js";
import { thrownBy } from "../helpers/thrown.js";
import { disposingTrainers } from "../helpers/trainers.js";

const trainer = disposingTrainers({ tolerance: 0 });

const OPTIMIZERS: Record<ResolvedOptimizer, TrainerOptions> = {
  gd: { family: "poisson", optimizer: "gd", epochs: 40, learningRate: 0.05 },
  sgd: { family: "multinomial", classes: 3, optimizer: "sgd", epochs: 40 },
  newton: { family: "bernoulli", optimizer: "newton", tolerance: 1e-30, maxIterations: 40 },
  lbfgs: { family: "gaussian", optimizer: "lbfgs" },
};

describe("fit option signal", () => {
  for (const [name, options] of Object.entries(OPTIMIZERS)) {
    it(`${name}: aborted from onEpoch at epoch k, the fit stops at k with stopReason "aborted" and the bits of a fit stopped there`, async () => {
      const { X, y } = syntheticData({ family: options.family!, classes: options.classes });
      const t = await trainer(options);
      const full = t.fit(X, y);
      expect(full.epochs).toBeGreaterThanOrEqual(3);
      for (let k = 1; k < Math.min(full.epochs, 5); k++) {
        const controller = new AbortController();
        const seen: number[] = [];
        const fit = t.fit(X, y, {
          signal: controller.signal,
          onEpoch: ({ epoch }) => {
            seen.push(epoch);
            if (epoch === k) controller.abort();
          },
        });
        expect(seen).toEqual(Array.from({ length: k }, (_, i) => i + 1));
        expect(fit.epochs).toBe(k);
        expect(fit.history).toHaveLength(k);
        expect(fit.stopReason).toBe("aborted");
        expect(fit.converged).toBe(false);
        expect(fit.warnings.some((w) => w.startsWith("Aborted by the fit's signal after"))).toBe(true);
        const stopped = t.fit(X, y, { onEpoch: ({ epoch }) => epoch !== k });
        expect(stopped.stopReason).toBe("callback");
        expect(float64Hex(fit.coefficients)).toBe(float64Hex(stopped.coefficients));
        expect(float64Hex(fit.history)).toBe(float64Hex(stopped.history));
      }
      // The aborted fit is a fit: predict uses it, and its summary says it did not converge.
      const controller = new AbortController();
      const aborted = t.fit(X, y, { signal: controller.signal, onEpoch: () => controller.abort() });
      expect(aborted.summary().warnings.some((w) => w.includes("stop reason: aborted"))).toBe(true);
    });
  }

  it("a signal aborted before fit() is an AbortError (name \"AbortError\", code ABORTED, the reason kept) and changes nothing", async () => {
    const { X, y } = syntheticData({ family: "bernoulli" });
    const t = await trainer({ family: "bernoulli", optimizer: "newton" });
    const fit = t.fit(X, y);
    const before = float64Hex(t.predict(X));
    const controller = new AbortController();
    const reason = new Error("user left the page");
    controller.abort(reason);
    const error = thrownBy(() => t.fit([[1], [2]], [0, 1], { signal: controller.signal }));
    expect(error).toBeInstanceOf(AbortError);
    expect(error).toBeInstanceOf(WasmMleError);
    expect((error as AbortError).name).toBe("AbortError");
    expect((error as AbortError).code).toBe("ABORTED");
    expect((error as AbortError).reason).toBe(reason);
    expect((error as Error).message).toContain("user left the page");
    expect(float64Hex(t.predict(X))).toBe(before);
    expect(fit.summary().terms).toHaveLength(X.cols + 1);
    expect(thrownBy(() => t.fit(X, y, { signal: AbortSignal.abort() }))).toBeInstanceOf(AbortError);
  });

  it("a signal that never aborts changes nothing; a signal returning false from onEpoch is still \"callback\"", async () => {
    const { X, y } = syntheticData({ family: "gaussian" });
    const t = await trainer({ optimizer: "sgd", epochs: 6 });
    const plain = t.fit(X, y);
    const signalled = t.fit(X, y, { signal: new AbortController().signal });
    expect(float64Hex(signalled.coefficients)).toBe(float64Hex(plain.coefficients));
    expect(signalled.stopReason).toBe("maxEpochs");
    const callback = t.fit(X, y, { signal: new AbortController().signal, onEpoch: ({ epoch }) => epoch < 2 });
    expect(callback.stopReason).toBe("callback");
  });

  it("refuses a signal that is not an AbortSignal, and a signal for evaluate()", async () => {
    const t = await trainer({});
    for (const bad of [true, "abort", {}, { aborted: "no" }, null]) {
      const error = thrownBy(() => t.fit([[1], [2], [3]], [1, 2, 4], { signal: bad as never }));
      expect(error).toBeInstanceOf(InvalidOptionError);
      expect((error as InvalidOptionError).option).toBe("signal");
    }
    const error = thrownBy(() => t.evaluate([[1]], [1], [0], [0], { signal: new AbortController().signal } as never));
    expect(error).toBeInstanceOf(InvalidOptionError);
  });
});
