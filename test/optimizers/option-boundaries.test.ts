// The edges of every update-rule and schedule range (bindings/optimizers/update-rules.ts): each
// documented end is accepted exactly as given when it is closed and refused, with the option and
// the value named, when it is open — so a range written with < for ≤ (or the reverse) shows.
import { describe, expect, it } from "vitest";
import type { TrainerOptions } from "../../dist/index.js";
import { creationRefusal, disposingTrainers } from "../helpers/trainers.js";

const trainer = disposingTrainers();

const refused = creationRefusal;

describe("rule hyperparameters: closed ends accepted as given, open ends refused", () => {
  const accepted: [Record<string, unknown>, string, number][] = [
    [{ optimizer: "momentum", momentum: 0 }, "momentum", 0],
    [{ optimizer: "adam", beta1: 0 }, "beta1", 0],
    [{ optimizer: "adamw", beta2: 0 }, "beta2", 0],
    [{ optimizer: "rmsprop", rho: 0 }, "rho", 0],
    [{ optimizer: "adagrad", epsilon: Number.MIN_VALUE }, "epsilon", Number.MIN_VALUE],
    [{ optimizer: "adamw", weightDecay: 0 }, "weightDecay", 0],
    // learningRate·weightDecay just below 1
    [{ optimizer: "adamw", learningRate: 0.5, weightDecay: 1.999 }, "weightDecay", 1.999],
  ];
  for (const [options, key, value] of accepted) {
    it(`${JSON.stringify(options)}`, async () => {
      const t = await trainer(options as TrainerOptions);
      expect(t.options[key as keyof typeof t.options]).toBe(value);
    });
  }

  const refusedAt: [Record<string, unknown>, string, unknown][] = [
    [{ optimizer: "nesterov", momentum: 1 }, "momentum", 1],
    [{ optimizer: "adamw", beta1: -1e-9 }, "beta1", -1e-9],
    [{ optimizer: "adam", beta2: 1 }, "beta2", 1],
    [{ optimizer: "rmsprop", rho: 1 }, "rho", 1],
    [{ optimizer: "rmsprop", rho: -0.5 }, "rho", -0.5],
    [{ optimizer: "adagrad", epsilon: -1e-10 }, "epsilon", -1e-10],
    [{ optimizer: "adamw", learningRate: 0.5, weightDecay: 2 }, "weightDecay", 2],
    [{ optimizer: "adamw", weightDecay: Infinity }, "weightDecay", Infinity],
    [{ optimizer: "momentum", momentum: null }, "momentum", null],
  ];
  for (const [options, key, value] of refusedAt) {
    it(`${JSON.stringify(options)} is refused`, async () => {
      const error = await refused(options);
      expect([error.option, error.value]).toEqual([key, value]);
    });
  }

  it("nesterov takes any momentum in (0, 1), momentum takes 0 (plain SGD)", async () => {
    expect((await trainer({ optimizer: "nesterov", momentum: 1e-12 })).options.momentum).toBe(1e-12);
    expect((await trainer({ optimizer: "nesterov", momentum: 0.999 })).options.momentum).toBe(0.999);
    const error = await refused({ optimizer: "nesterov", momentum: 0 });
    expect([error.option, error.value]).toEqual(["momentum", 0]);
  });

  it("average: the largest safe integer is accepted, one more than it and fractions are not", async () => {
    expect((await trainer({ optimizer: "sgd", average: Number.MAX_SAFE_INTEGER })).options.average).toBe(Number.MAX_SAFE_INTEGER);
    expect((await trainer({ optimizer: "momentum", average: 1 })).options.average).toBe(1);
    for (const average of [2 ** 53, 0.5, Number.NaN, null]) {
      const error = await refused({ optimizer: "sgd", average });
      expect([error.option, error.value]).toEqual(["average", average]);
    }
  });

  it("the optimizers without epochs refuse average: false too (only undefined leaves it out)", async () => {
    for (const optimizer of ["newton", "lbfgs", "auto", "cd"]) {
      const error = await refused({ optimizer, average: false });
      expect([error.option, error.value]).toEqual(["average", false]);
      expect(error.message).toContain(`"${optimizer}"`);
    }
  });
});

describe("schedule parameters at the ends of their ranges", () => {
  const lr = 0.25;
  const made = async (schedule: unknown, optimizer = "sgd") =>
    (await trainer({ optimizer, learningRate: lr, schedule } as TrainerOptions)).options.schedule;

  it("closed ends are accepted exactly", async () => {
    expect(await made({ kind: "step", every: 1, factor: 1 })).toEqual({ kind: "step", every: 1, factor: 1 });
    expect(await made({ kind: "step", every: 2 ** 31 - 1 })).toEqual({ kind: "step", every: 2 ** 31 - 1, factor: 0.1 });
    expect(await made({ kind: "exponential", gamma: 1 })).toEqual({ kind: "exponential", gamma: 1 });
    expect(await made({ kind: "invscaling", power: 1e-300 })).toEqual({ kind: "invscaling", power: 1e-300 });
    expect(await made({ kind: "cosine", warmupSteps: 2 ** 53, minLearningRate: lr })).toEqual({ kind: "cosine", warmupSteps: 2 ** 53, minLearningRate: lr });
    expect(await made({ kind: "adaptive", patience: 0, threshold: 0, minLearningRate: lr, factor: 0.999 }, "adam"))
      .toEqual({ kind: "adaptive", factor: 0.999, patience: 0, threshold: 0, minLearningRate: lr });
    expect(await made({ kind: "adaptive", patience: 2 ** 31 - 1, threshold: 0.999 })).toEqual({ kind: "adaptive", factor: 0.1, patience: 2 ** 31 - 1, threshold: 0.999, minLearningRate: 0 });
  });

  const refusals: [string, unknown, unknown][] = [
    ["schedule.every", { kind: "step", every: 2 ** 31 }, 2 ** 31],
    ["schedule.factor", { kind: "step", every: 1, factor: 0 }, 0],
    ["schedule.gamma", { kind: "exponential", gamma: 1.0000001 }, 1.0000001],
    ["schedule.power", { kind: "invscaling", power: 0 }, 0],
    ["schedule.warmupSteps", { kind: "cosine", warmupSteps: 2 ** 53 + 2 }, 2 ** 53 + 2],
    ["schedule.warmupSteps", { kind: "cosine", warmupSteps: 1.5 }, 1.5],
    ["schedule.minLearningRate", { kind: "cosine", minLearningRate: -1e-12 }, -1e-12],
    ["schedule.minLearningRate", { kind: "cosine", minLearningRate: lr * 1.0001 }, lr * 1.0001],
    ["schedule.factor", { kind: "adaptive", factor: 0 }, 0],
    ["schedule.patience", { kind: "adaptive", patience: -1 }, -1],
    ["schedule.patience", { kind: "adaptive", patience: 2 ** 31 }, 2 ** 31],
    ["schedule.threshold", { kind: "adaptive", threshold: 1 }, 1],
    ["schedule.threshold", { kind: "adaptive", threshold: -1e-9 }, -1e-9],
    ["schedule.minLearningRate", { kind: "adaptive", minLearningRate: lr * 2 }, lr * 2],
    ["schedule.minLearningRate", { kind: "adaptive", minLearningRate: -1 }, -1],
    ["schedule.t0", { kind: "optimal", t0: 0 }, 0],
    ["schedule.t0", { kind: "optimal", t0: "5" }, "5"],
    ["schedule.every", { kind: "step" }, undefined],
    ["schedule.gamma", { kind: "exponential" }, undefined],
    ["schedule.kind", {}, undefined],
    ["schedule.kind", { kind: 3 }, 3],
    ["schedule.kind", "toString", "toString"],
    ["schedule", null, null],
    ["schedule", true, true],
    ["schedule.t0", { kind: "invscaling", t0: 5 }, 5],
    ["schedule.minLearningRate", { kind: "step", every: 2, minLearningRate: 0 }, 0],
    ["schedule.warmupSteps", { kind: "adaptive", warmupSteps: 0 }, 0],
  ];
  for (const [option, schedule, value] of refusals) {
    it(`${JSON.stringify(schedule) ?? String(schedule)} → ${option}`, async () => {
      const error = await refused({ optimizer: "sgd", learningRate: lr, l2: 0.01, schedule });
      expect([error.option, error.value]).toEqual([option, value]);
    });
  }

  it("optimal: an l2 of 0 is refused naming l2, whatever t0 is given", async () => {
    const error = await refused({ optimizer: "sgd", l2: 0, schedule: { kind: "optimal", t0: 5 } });
    expect([error.option, error.value]).toEqual(["l2", 0]);
  });
});
