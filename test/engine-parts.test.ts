// Trainer.create and Trainer.restore load only the engine's parts their options can reach
// (bindings/engine-parts.ts): every synchronous method of a trainer, and of the fits, paths and
// cross-validations it returns, must then find what it runs. This runs each of them on trainers
// of every family × optimizer × penalty setting, on ordinary and on separated data, created and
// restored, and demands that each call either succeeds or throws the library's typed error —
// never the "part not loaded" bug error — and that each trainer was given exactly the parts
// partsNeeded names.
import { describe, expect, it } from "vitest";
import { Trainer, WasmMleError, type TrainerOptions } from "../dist/index.js";
import { partsNeeded, type EngineParts } from "../dist/engine-parts.js";

const FAMILIES: TrainerOptions[] = [{ family: "gaussian" }, { family: "bernoulli" }, { family: "poisson" }, { family: "multinomial", classes: 3 }];
const OPTIMIZERS = ["auto", "newton", "lbfgs", "cd", "gd", "sgd", "momentum", "adam"] as const;
const SETTINGS: TrainerOptions[] = [{}, { l2: 0.01 }, { l1: 0.01 }, { l2: 0.01, penaltyFactor: [0, 1, 2] }, { standardize: true }, { earlyStopping: { patience: 2 } }];

/** 40 rows of 3 features, and a response of the family: `separated` puts every class on its own side of x₀ = 0. */
function data(family: string, separated: boolean, cols = 3): { X: number[][]; y: number[] } {
  const X = Array.from({ length: 40 }, (_, i) => Array.from({ length: cols }, (_, j) => Math.sin(i * (j + 1) + j) + (j === 0 ? 0.05 * (i % 3) : 0)));
  const y = X.map(([a, b], i) => {
    if (family === "gaussian") return a - b + 0.1 * Math.sin(5 * i);
    if (family === "poisson") return separated ? (a > 0 ? 3 : 0) : (i * 7) % 4;
    const classes = family === "multinomial" ? 3 : 2;
    return separated ? (a > 0 ? 1 : 0) : (i * 7 + (a > 0 ? 1 : 0)) % classes;
  });
  return { X, y };
}

/** Runs `call`; a typed library error is an answer, anything else (above all the missing-part bug) fails the test. */
function answer(label: string, call: () => unknown): unknown {
  try {
    return call();
  } catch (error) {
    expect(error, `${label}: ${(error as Error).message}`).toBeInstanceOf(WasmMleError);
    return error;
  }
}

const partsOf = (trainer: Trainer): EngineParts => (trainer as unknown as { core: { parts: EngineParts } }).core.parts;

/** Every synchronous method of the trainer and of what its fits, paths and cross-validations return. */
function everySyncMethod(trainer: Trainer, label: string, family: string): void {
  for (const separated of [false, true]) {
    const { X, y } = data(family, separated);
    const at = `${label}, ${separated ? "separated" : "ordinary"} data`;
    const fit = answer(`${at}: fit`, () => trainer.fit(X, y));
    if (!(fit instanceof Error)) {
      const result = fit as ReturnType<Trainer["fit"]>;
      answer(`${at}: summary`, () => result.summary());
      answer(`${at}: model`, () => result.model());
      answer(`${at}: toJSON`, () => result.toJSON());
      answer(`${at}: predict`, () => trainer.predict(X));
      answer(`${at}: fit with resume`, () => trainer.fit(X, y, { resume: true }));
    }
    answer(`${at}: fit with a validation set`, () => trainer.fit(X, y, { validation: { X: X.slice(0, 10), y: y.slice(0, 10) } }));
    answer(`${at}: evaluate`, () => trainer.evaluate(X, y, new Array(3 * (family === "multinomial" ? 3 : 1)).fill(0.1), new Array(family === "multinomial" ? 3 : 1).fill(0)));
    const path = answer(`${at}: fitPath`, () => trainer.fitPath(X, y, { nLambda: 5 }));
    if (!(path instanceof Error)) answer(`${at}: fitPath's table`, () => JSON.stringify(path));
    for (const alpha of [1, 0.5]) {
      const cv = answer(`${at}: crossValidate α = ${alpha}`, () => trainer.crossValidate(X, y, { folds: 3, seed: 1, nLambda: 5, alpha }));
      if (!(cv instanceof Error)) answer(`${at}: crossValidate's fit summary`, () => (cv as ReturnType<Trainer["crossValidate"]>).fit.summary());
    }
    // λ = 0 makes the fit at lambda1se unpenalised whatever the trainer's l2: the separation checks run
    answer(`${at}: crossValidate with λ = 0`, () => trainer.crossValidate(X, y, { folds: 3, seed: 1, lambdas: [0.5, 0], alpha: 0 }));
    answer(`${at}: partialFit`, () => trainer.partialFit(X, y));
    const chunk = answer(`${at}: chunkBuffer`, () => trainer.chunkBuffer(8, 3));
    if (!(chunk instanceof Error)) {
      const buffer = chunk as ReturnType<Trainer["chunkBuffer"]>;
      buffer.X.data.set(X.slice(0, 8).flat());
      buffer.y.set(y.slice(0, 8));
      answer(`${at}: partialFit of the chunk buffer`, () => trainer.partialFit(buffer.X, buffer.y));
    }
    answer(`${at}: saveState`, () => trainer.saveState());
  }
}

describe("every synchronous method finds the engine parts its trainer loaded", () => {
  for (const familyOptions of FAMILIES) {
    const family = familyOptions.family!;
    it(`${family}: every optimizer × penalty setting, created and restored`, async () => {
      let trainers = 0;
      for (const optimizer of OPTIMIZERS) {
        for (const setting of SETTINGS) {
          const options = { ...familyOptions, optimizer, ...setting, epochs: 3 } as TrainerOptions;
          if (optimizer === "newton" || optimizer === "lbfgs" || optimizer === "cd" || optimizer === "auto") delete (options as { epochs?: number }).epochs;
          const created = await Trainer.create(options).catch((error: unknown) => error);
          if (created instanceof Error) {
            expect(created, JSON.stringify(options)).toBeInstanceOf(WasmMleError);
            continue;
          }
          const trainer = created as Trainer;
          trainers++;
          const loaded = partsOf(trainer);
          expect(Object.keys(loaded).filter((name) => loaded[name as keyof EngineParts] !== null).sort()).toEqual([...partsNeeded(trainer.options)].sort());
          everySyncMethod(trainer, JSON.stringify(options), family);
          const state = answer(`${JSON.stringify(options)}: saveState before restore`, () => trainer.saveState());
          trainer.dispose();
          if (state instanceof Error) continue;
          const restored = await Trainer.restore(JSON.parse(JSON.stringify(state)));
          expect(partsOf(restored)).toEqual(partsOf(trainer));
          everySyncMethod(restored, `${JSON.stringify(options)} restored`, family);
          restored.dispose();
        }
      }
      expect(trainers).toBeGreaterThan(20);
    }, 300_000);
  }

  it('"auto" loads both newton and lbfgs, as it picks by the data\'s size: lbfgs for 200 and more columns', async () => {
    const trainer = await Trainer.create({ family: "bernoulli", l2: 0.1 });
    const { X, y } = data("bernoulli", false, 200);
    expect(trainer.fit(X, y).optimizer).toBe("lbfgs");
    expect(trainer.fit(X.map((row) => row.slice(0, 3)), y).optimizer).toBe("newton");
    expect(partsNeeded(trainer.options).sort()).toEqual(["lbfgs", "newton", "separation"]);
    trainer.dispose();
  });

  it("a gaussian trainer loads no separation part, newton no lbfgs, and neither the epochs part", async () => {
    expect(partsNeeded((await Trainer.create({ family: "gaussian", optimizer: "newton" })).options)).toEqual(["newton"]);
    expect(partsNeeded((await Trainer.create({ family: "bernoulli", optimizer: "lbfgs", l2: 1 })).options)).toEqual(["lbfgs", "separation"]);
    expect(partsNeeded((await Trainer.create({ family: "gaussian", optimizer: "adam" })).options)).toEqual(["epochs"]);
    expect(partsNeeded((await Trainer.create({ family: "gaussian", l1: 0.1 })).options)).toEqual([]);
  });
});
