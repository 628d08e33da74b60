// The epoch loop of gd, sgd and the adaptive optimizers (bindings/optimizers/gradient-descent.ts):
// where it stops, checked against the rule applied to a longer run's own history (gd is
// deterministic, so a shorter run is a prefix of it): `patience` epochs in a row whose objective
// changed by at most tolerance·max(1, |f|) converge, a callback stop, and the fields of a
// DivergenceError.
import { describe, expect, it } from "vitest";
import { DivergenceError, type TrainerOptions } from "../../dist/index.js";
import { syntheticData } from "../helpers/fixtures.js";
import { thrownBy } from "../helpers/thrown.js";
import { disposingTrainers } from "../helpers/trainers.js";

const trainer = disposingTrainers();
const { X, y } = syntheticData("bernoulli", 60, 3, 4);

/** The epoch (1-based) at which the convergence rule stops a run with this history, or null; and whether a calm streak broke before it. */
function replayStop(history: Float64Array, tolerance: number, patience: number): { stop: number | null; broken: boolean } {
  let calm = 0;
  let broken = false;
  for (let e = 1; e < history.length; e++) {
    const still = Math.abs(history[e - 1] - history[e]) <= tolerance * Math.max(1, Math.abs(history[e]));
    broken ||= calm > 0 && !still;
    calm = still ? calm + 1 : 0;
    if (calm >= patience) return { stop: e + 1, broken };
  }
  return { stop: null, broken };
}
const expectedStop = (history: Float64Array, tolerance: number, patience: number) => replayStop(history, tolerance, patience).stop;

describe("convergence: `patience` calm epochs in a row", () => {
  const gd: TrainerOptions = { family: "bernoulli", optimizer: "gd", learningRate: 0.5, epochs: 400 };

  it("stops at the epoch the rule names, for several tolerances and patiences", async () => {
    const reference = (await trainer({ ...gd, tolerance: 0 })).fit(X, y).history;
    expect(reference.length).toBe(400);
    const distinct = new Set<number>();
    for (const tolerance of [1e-3, 1e-5, 1e-7]) {
      for (const patience of [1, 2, 5]) {
        const stop = expectedStop(reference, tolerance, patience);
        expect(stop, `${tolerance}, ${patience}`).not.toBeNull();
        const fit = (await trainer({ ...gd, tolerance, patience })).fit(X, y);
        expect([fit.epochs, fit.stopReason], `tolerance ${tolerance}, patience ${patience}`).toEqual([stop, "converged"]);
        expect(Array.from(fit.history)).toEqual(Array.from(reference.subarray(0, stop!)));
        distinct.add(stop!);
      }
    }
    expect(distinct.size).toBeGreaterThan(5); // the cases really differ
  });

  it("sgd: a calm streak broken by one larger change starts again from 0", async () => {
    const sgd: TrainerOptions = { family: "bernoulli", optimizer: "sgd", learningRate: 0.5, batchSize: 5, epochs: 300, seed: 1 };
    const reference = (await trainer({ ...sgd, tolerance: 0 })).fit(X, y).history;
    let brokenCases = 0;
    for (const tolerance of [3e-2, 1e-2, 3e-3]) {
      for (const patience of [2, 3, 5]) {
        const { stop, broken } = replayStop(reference, tolerance, patience);
        if (stop === null) continue;
        if (broken) brokenCases++;
        const fit = (await trainer({ ...sgd, tolerance, patience })).fit(X, y);
        expect([fit.epochs, fit.stopReason], `tolerance ${tolerance}, patience ${patience}`).toEqual([stop, "converged"]);
      }
    }
    expect(brokenCases).toBeGreaterThan(0);
  });

  it("a tolerance that every change meets stops after exactly patience + 1 epochs (the first has nothing to compare with)", async () => {
    for (const patience of [1, 4]) {
      const fit = (await trainer({ ...gd, tolerance: 10, patience })).fit(X, y);
      expect([fit.epochs, fit.stopReason, fit.converged]).toEqual([patience + 1, "converged", true]);
    }
  });

  it("a tolerance of 0 runs every epoch; onEpoch returning false stops at once", async () => {
    const all = (await trainer({ ...gd, epochs: 12, tolerance: 0 })).fit(X, y);
    expect([all.epochs, all.stopReason]).toEqual([12, "maxEpochs"]);
    const seen: number[] = [];
    const stopped = (await trainer({ ...gd, epochs: 12, tolerance: 0 })).fit(X, y, {
      onEpoch: ({ epoch, objective, epochs }) => {
        seen.push(epoch);
        expect(epochs).toBe(12);
        expect(objective).toBe(all.history[epoch - 1]);
        return epoch < 5;
      },
    });
    expect(seen).toEqual([1, 2, 3, 4, 5]);
    expect([stopped.epochs, stopped.stopReason]).toEqual([5, "callback"]);
    expect(Array.from(stopped.history)).toEqual(Array.from(all.history.subarray(0, 5)));
    // onEpoch returning undefined (no value) does not stop
    const quiet = (await trainer({ ...gd, epochs: 6, tolerance: 0 })).fit(X, y, { onEpoch: () => undefined });
    expect(quiet.epochs).toBe(6);
  });
});

describe("onEpoch sees every epoch, the one that stops the fit included", () => {
  const gd: TrainerOptions = { family: "bernoulli", optimizer: "gd", learningRate: 0.5, epochs: 400 };

  it("converged, gd and adam: one call per epoch of the history, the last one with the last objective", async () => {
    for (const options of [{ ...gd, tolerance: 1e-5, patience: 2 }, { family: "bernoulli", optimizer: "adam", learningRate: 0.05, batchSize: 10, epochs: 400, tolerance: 1e-3, seed: 3 }] as TrainerOptions[]) {
      const seen: [number, number][] = [];
      const fit = (await trainer(options)).fit(X, y, { onEpoch: ({ epoch, objective }) => void seen.push([epoch, objective]) });
      expect(fit.stopReason, options.optimizer).toBe("converged");
      expect(fit.epochs).toBeLessThan(400);
      expect(seen).toEqual(Array.from(fit.history, (objective, i) => [i + 1, objective]));
    }
  });

  it("a callback that says stop on the converging epoch: the fit's own stop wins (as newton's), with the same bits", async () => {
    const options = { ...gd, tolerance: 1e-5, patience: 2 };
    const free = (await trainer(options)).fit(X, y);
    const stopped = (await trainer(options)).fit(X, y, { onEpoch: ({ epoch }) => epoch < free.epochs });
    expect([stopped.epochs, stopped.stopReason]).toEqual([free.epochs, "converged"]);
    expect(Array.from(stopped.coefficients)).toEqual(Array.from(free.coefficients));
  });
});

describe("divergence", () => {
  it("gd: an objective 1e10 times its start names the epoch, the start and the last value below the bound", async () => {
    const t = await trainer({ optimizer: "gd", learningRate: 40, epochs: 500, tolerance: 0 });
    const data = syntheticData("gaussian", 40, 3, 2);
    const start = t.evaluate(data.X, data.y, new Float64Array(3), Float64Array.of(data.y.reduce((a, b) => a + b, 0) / data.y.length)).objective;
    const seen: number[] = [];
    const divergence = thrownBy(() => t.fit(data.X, data.y, { onEpoch: ({ objective }) => void seen.push(objective) })) as DivergenceError;
    expect(divergence).toBeInstanceOf(DivergenceError);
    expect(divergence.epoch).toBe(seen.length + 1);
    expect(divergence.epoch).toBeGreaterThan(1);
    expect(divergence.lastFiniteObjective).toBe(seen[seen.length - 1]);
    expect(divergence.learningRate).toBe(40);
    expect(Number.isFinite(divergence.objective)).toBe(true);
    expect(divergence.startObjective).toBeCloseTo(start, 12);
    expect(divergence.objective - start).toBeGreaterThanOrEqual(1e10 * start);
    expect(seen[0]).toBeCloseTo(start, 12); // gd's first epoch value is f at the start
  });

  it("gd: an objective that overflows has no start to compare with, only the last finite value", async () => {
    const t = await trainer({ optimizer: "gd", learningRate: 1, epochs: 50 });
    const divergence = thrownBy(() => t.fit([[1e100], [1e100], [-1e100]], [1e100, 3e100, 0])) as DivergenceError;
    expect(divergence).toBeInstanceOf(DivergenceError);
    const mean = 4e100 / 3;
    const start = [1e100, 3e100, 0].reduce((s, v) => s + 0.5 * (v - mean) ** 2, 0) / 3;
    expect([divergence.epoch, divergence.objective, divergence.startObjective]).toEqual([2, Infinity, null]);
    expect(divergence.lastFiniteObjective! / start).toBeCloseTo(1, 12);
  });
});
