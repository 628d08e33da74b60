// Coordinate descent stopped by its iteration limit or by the caller (bindings/regularization/
// cd-optimizer.ts, path.ts): the stop reason, the warning that says so, the one history entry, and a
// path that reports which λ values ran out. The solutions themselves are checked against glmnet and
// scikit-learn elsewhere (glmnet-paths, single-fit).
import { describe, expect, it } from "vitest";
import { syntheticData } from "../helpers/fixtures.js";
import { disposingTrainers } from "../helpers/trainers.js";

const trainer = disposingTrainers({ optimizer: "cd", tolerance: 1e-16 });
const { X, y } = syntheticData("bernoulli", 120, 4, 41);

describe("a single cd fit", () => {
  it("out of iterations: maxIterations, not converged, a warning naming the limit, one history entry", async () => {
    const t = await trainer({ family: "bernoulli", l1: 0.002, maxIterations: 1 });
    const fit = t.fit(X, y);
    expect(fit.converged).toBe(false);
    expect(fit.stopReason).toBe("maxIterations");
    expect(fit.epochs).toBe(1);
    expect(fit.warnings).toEqual(["Coordinate descent did not converge in 1 iterations (maxIterations); the estimates are the last iterate."]);
    expect(fit.history).toHaveLength(1);
    expect(fit.history[0]).toBeCloseTo(fit.objective, 12);
    // more iterations lower the objective: the first one had not finished
    const longer = (await trainer({ family: "bernoulli", l1: 0.002, maxIterations: 50, tolerance: 1e-10 })).fit(X, y);
    expect(longer.converged).toBe(true);
    expect(longer.stopReason).toBe("converged");
    expect(longer.warnings).toEqual([]);
    expect(longer.objective).toBeLessThan(fit.objective);
  });

  it("onEpoch sees the iterations and the limit; returning false marks an unfinished fit as stopped by the callback", async () => {
    const seen: { epoch: number; epochs: number; objective: number }[] = [];
    const t = await trainer({ family: "bernoulli", l1: 0.002, maxIterations: 2 });
    const stopped = t.fit(X, y, { onEpoch: (progress) => { seen.push(progress); return false; } });
    expect(stopped.stopReason).toBe("callback");
    expect(stopped.converged).toBe(false);
    expect(seen).toHaveLength(1);
    expect(seen[0].epoch).toBe(2);
    expect(seen[0].epochs).toBe(2);
    expect(seen[0].objective).toBeCloseTo(stopped.objective, 12);
    // a fit that converged stays "converged" whatever the callback says; the default limit is 100
    const done = await trainer({ family: "bernoulli", l1: 0.002, tolerance: 1e-10 });
    const limits: number[] = [];
    const converged = done.fit(X, y, { onEpoch: ({ epochs }) => { limits.push(epochs); return false; } });
    expect(converged.stopReason).toBe("converged");
    expect(limits).toEqual([100]);
  });
});

describe("a path with too few iterations", () => {
  it("says which limit was too small, reports each λ's iterations, and is not converged", async () => {
    const t = await trainer({ family: "bernoulli", maxIterations: 1 });
    const path = t.fitPath(X, y, { nLambda: 6 });
    expect(path.converged).toBe(false);
    expect(path.warnings).toEqual(["Coordinate descent did not converge at every λ within 1 iterations (maxIterations); see path.iterations."]);
    expect(path.iterations[0]).toBe(0); // λ_max: the intercept-only fit, not solved again
    expect(Array.from(path.iterations.slice(1)).every((n) => n === 1)).toBe(true);
    const enough = (await trainer({ family: "bernoulli", tolerance: 1e-10 })).fitPath(X, y, { nLambda: 6 });
    expect(enough.converged).toBe(true);
    expect(enough.warnings).toEqual([]);
    expect(Array.from(enough.iterations.slice(1)).some((n) => n > 1)).toBe(true);
  });
});
