// Options of the optimizers inside the WASM epoch (bindings/optimizers/update-rules.ts): the
// defaults of torch.optim, every option refused by an optimizer that does not use it (the error
// names the optimizers that do), ranges, schedules and their parameters, averaging, and the frozen
// result. Refusals happen in Trainer.create, before anything reaches WASM.
import { describe, expect, it } from "vitest";
import type { TrainerOptions } from "../../dist/index.js";
import { creationRefusal, disposingTrainers } from "../helpers/trainers.js";

const trainer = disposingTrainers();

const refusal = creationRefusal;

describe("per-optimizer defaults (torch.optim)", () => {
  const cases: [string, Record<string, number>][] = [
    ["momentum", { momentum: 0.9 }],
    ["nesterov", { momentum: 0.9 }],
    ["adagrad", { epsilon: 1e-10 }],
    ["rmsprop", { rho: 0.99, epsilon: 1e-8 }],
    ["adam", { beta1: 0.9, beta2: 0.999, epsilon: 1e-8 }],
    ["adamw", { beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0.01 }],
  ];
  for (const [optimizer, defaults] of cases) {
    it(`${optimizer}: ${JSON.stringify(defaults)}, constant schedule, no averaging, patience 5, frozen`, async () => {
      const t = await trainer({ optimizer: optimizer as TrainerOptions["optimizer"] });
      for (const [key, value] of Object.entries(defaults)) expect(t.options[key as keyof typeof t.options]).toBe(value);
      for (const key of ["momentum", "beta1", "beta2", "epsilon", "rho", "weightDecay"].filter((k) => !(k in defaults))) {
        expect(t.options[key as keyof typeof t.options]).toBeNull();
      }
      expect(t.options.schedule).toEqual({ kind: "constant" });
      expect(t.options.average).toBe(0);
      expect(t.options.patience).toBe(5);
      expect(Object.isFrozen(t.options)).toBe(true);
      expect(Object.isFrozen(t.options.schedule)).toBe(true);
    });
  }

  it("existing optimizers keep their options and refuse the new ones", async () => {
    const t = await trainer({ optimizer: "sgd", learningRate: 0.1 });
    expect(t.options.learningRate).toBe(0.1);
    const exact = await trainer({ optimizer: "newton" });
    expect([exact.options.schedule, exact.options.average, exact.options.momentum]).toEqual([null, null, null]);
    for (const optimizer of ["newton", "lbfgs", "auto"]) {
      const error = await refusal({ optimizer, schedule: "invscaling" });
      expect(error.option).toBe("schedule");
      expect(error.message).toContain('"sgd"');
      expect(error.message).toContain('"adam"');
    }
  });
});

describe("an option the optimizer does not use is refused, naming those that use it", () => {
  const cases: [string, string, unknown, string[]][] = [
    ["momentum", "adam", 0.5, ["momentum", "nesterov"]],
    ["beta1", "momentum", 0.5, ["adam", "adamw"]],
    ["beta2", "sgd", 0.5, ["adam", "adamw"]],
    ["epsilon", "nesterov", 1e-6, ["adagrad", "rmsprop", "adam", "adamw"]],
    ["rho", "adagrad", 0.9, ["rmsprop"]],
    ["weightDecay", "adam", 0.01, ["adamw"]],
    ["momentum", "newton", 0.9, ["momentum", "nesterov"]],
    ["average", "lbfgs", true, ["gd", "sgd", "momentum"]],
  ];
  for (const [option, optimizer, value, takers] of cases) {
    it(`${option} with ${optimizer}`, async () => {
      const error = await refusal({ optimizer, [option]: value });
      expect(error.option).toBe(option);
      expect(error.value).toBe(value);
      expect(error.message).toContain(`"${optimizer}"`);
      for (const taker of takers) expect(error.message).toContain(`"${taker}"`);
    });
  }
});

describe("ranges", () => {
  const bad: [string, Record<string, unknown>][] = [
    ["momentum", { optimizer: "momentum", momentum: 1 }],
    ["momentum", { optimizer: "momentum", momentum: -0.1 }],
    ["momentum", { optimizer: "nesterov", momentum: 0 }],
    ["beta1", { optimizer: "adam", beta1: 1 }],
    ["beta2", { optimizer: "adam", beta2: Number.NaN }],
    ["epsilon", { optimizer: "adam", epsilon: 0 }],
    ["epsilon", { optimizer: "rmsprop", epsilon: "1e-8" }],
    ["rho", { optimizer: "rmsprop", rho: 1.5 }],
    ["weightDecay", { optimizer: "adamw", weightDecay: -1 }],
    ["weightDecay", { optimizer: "adamw", learningRate: 0.5, weightDecay: 2 }],
    ["average", { optimizer: "sgd", average: 1.5 }],
    ["average", { optimizer: "sgd", average: -1 }],
    ["average", { optimizer: "sgd", average: "yes" }],
    ["optimizer", { optimizer: "Adam" }],
  ];
  for (const [option, options] of bad) {
    it(`${JSON.stringify(options)} → ${option}`, async () => {
      expect((await refusal(options)).option).toBe(option);
    });
  }

  it("average: true starts at update 1, k at update k, false and 0 are off", async () => {
    expect((await trainer({ optimizer: "sgd", average: true })).options.average).toBe(1);
    expect((await trainer({ optimizer: "adam", average: 250 })).options.average).toBe(250);
    expect((await trainer({ optimizer: "sgd", average: false })).options.average).toBe(0);
    expect((await trainer({ optimizer: "gd", average: 0 })).options.average).toBe(0);
  });
});

describe("schedules", () => {
  it("strings and objects, with their defaults filled in", async () => {
    const made = async (schedule: unknown, extra: Record<string, unknown> = {}) =>
      (await trainer({ optimizer: "sgd", schedule, ...extra } as TrainerOptions)).options.schedule;
    expect(await made("constant")).toEqual({ kind: "constant" });
    expect(await made("invscaling")).toEqual({ kind: "invscaling", power: 0.25 });
    expect(await made({ kind: "invscaling", power: 0.5 })).toEqual({ kind: "invscaling", power: 0.5 });
    expect(await made({ kind: "step", every: 10 })).toEqual({ kind: "step", every: 10, factor: 0.1 });
    expect(await made({ kind: "exponential", gamma: 0.99 })).toEqual({ kind: "exponential", gamma: 0.99 });
    expect(await made("cosine")).toEqual({ kind: "cosine", warmupSteps: 0, minLearningRate: 0 });
    expect(await made({ kind: "cosine", warmupSteps: 100, minLearningRate: 0.001 })).toEqual({ kind: "cosine", warmupSteps: 100, minLearningRate: 0.001 });
    expect(await made("adaptive")).toEqual({ kind: "adaptive", factor: 0.1, patience: 10, threshold: 1e-4, minLearningRate: 0 });
    expect(await made({ kind: "adaptive", factor: 0.2, patience: 5 })).toEqual({ kind: "adaptive", factor: 0.2, patience: 5, threshold: 1e-4, minLearningRate: 0 });
  });

  it("optimal: t0 is scikit-learn's optimal_init 1/(η0·l2), η0 = l2^(−1/4), or given; needs l2 > 0", async () => {
    const l2 = 1e-4;
    const t0 = (await trainer({ optimizer: "sgd", l2, schedule: "optimal" })).options.schedule;
    // sklearn 1.2 _sgd_fast.pyx: typw = sqrt(1/sqrt(alpha)), optimal_init = 1/(typw·alpha) = alpha^(−3/4) = 1000
    expect(t0).toEqual({ kind: "optimal", t0: expect.closeTo(1000, 9) });
    expect((await refusal({ optimizer: "sgd", schedule: "optimal" })).option).toBe("l2");
    expect((await trainer({ optimizer: "sgd", l2, schedule: { kind: "optimal", t0: 50 } })).options.schedule).toEqual({ kind: "optimal", t0: 50 });
    expect((await refusal({ optimizer: "sgd", l2, schedule: { kind: "optimal", t0: 0 } })).option).toBe("schedule.t0");
  });

  const bad: [string, unknown][] = [
    ["schedule.kind", "linear"],
    ["schedule.kind", { kind: "Step" }],
    ["schedule", 5],
    ["schedule.every", "step"],
    ["schedule.every", { kind: "step", every: 0 }],
    ["schedule.every", { kind: "step", every: 2.5 }],
    ["schedule.factor", { kind: "step", every: 2, factor: 1.5 }],
    ["schedule.gamma", "exponential"],
    ["schedule.gamma", { kind: "exponential", gamma: 0 }],
    ["schedule.power", { kind: "invscaling", power: -1 }],
    ["schedule.warmupSteps", { kind: "cosine", warmupSteps: -1 }],
    ["schedule.minLearningRate", { kind: "cosine", minLearningRate: 1 }],
    ["schedule.factor", { kind: "adaptive", factor: 1 }],
    ["schedule.patience", { kind: "adaptive", patience: 0.5 }],
    ["schedule.gamma", { kind: "step", every: 3, gamma: 0.5 }],
    ["schedule.power", { kind: "constant", power: 1 }],
  ];
  for (const [option, schedule] of bad) {
    it(`${JSON.stringify(schedule)} → ${option}`, async () => {
      const error = await refusal({ optimizer: "adam", learningRate: 0.01, schedule });
      expect(error.option).toBe(option);
    });
  }

  it("a schedule from an object with a prototype other than Object's is refused (no inherited fields)", async () => {
    const inherited = Object.create({ kind: "step", every: 2 });
    expect((await refusal({ optimizer: "sgd", schedule: inherited })).option).toBe("schedule");
  });
});
