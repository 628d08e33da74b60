// Issue 8, findings 9 and 10 (the option and parameter parts): inherited keys
// (Object.prototype.l2) were applied as options, a Map or Date as options silently meant defaults,
// featureNames of the wrong length was accepted, trainer.options and FAMILIES were mutable after
// validation (trainer.options.batchSize = 0, then an sgd fit looped forever inside WASM), and
// evaluate() accepted NaN/Infinity/string parameters and blamed "X" for a parameter length mismatch.
import { afterEach, describe, expect, test } from "vitest";
import { FAMILIES, InvalidDataError, InvalidOptionError, Trainer, type TrainerOptions } from "../../dist/index.js";
import { syntheticData } from "../helpers/fixtures.js";
import { thrownBy } from "../helpers/thrown.js";

const { X, y } = syntheticData("bernoulli", 40, 2, 51);

describe("options come from the own enumerable keys of a plain object", () => {
  afterEach(() => {
    delete (Object.prototype as Record<string, unknown>).l2;
    delete (Object.prototype as Record<string, unknown>).optimizer;
  });

  test("an inherited Object.prototype.l2 is not an option", async () => {
    (Object.prototype as Record<string, unknown>).l2 = 5;
    (Object.prototype as Record<string, unknown>).optimizer = "sgd";
    const trainer = await Trainer.create({ family: "bernoulli" });
    expect(trainer.options.l2).toBe(0);
    expect(trainer.options.optimizer).toBe("auto");
    const fit = trainer.fit(X, y, {}); // fit options too
    expect(fit.optimizer).toBe("newton");
    trainer.dispose();
  });

  for (const [name, make] of [
    ["a Map", () => new Map([["l2", 1]])],
    ["a Date", () => new Date()],
    ["a class instance", () => new (class Options { l2 = 1; })()],
    ["an array", () => [["l2", 1]]],
    ["a string", () => "l2=1"],
    ["null", () => null],
  ] as [string, () => unknown][]) {
    test(`${name} as trainer options or fit options is refused, not read as defaults`, async () => {
      await expect(Trainer.create(make() as TrainerOptions)).rejects.toThrow(InvalidOptionError);
      await expect(Trainer.create(make() as TrainerOptions)).rejects.toThrow(/expected a plain object of trainer options/);
      const trainer = await Trainer.create({ family: "bernoulli" });
      const error = thrownBy(() => trainer.fit(X, y, make() as object));
      expect(error).toBeInstanceOf(InvalidOptionError);
      expect((error as InvalidOptionError).option).toBe("fitOptions");
      trainer.dispose();
    });
  }

  test("summary options too: an inherited Object.prototype.level is ignored, a Map refused", async () => {
    const trainer = await Trainer.create({ family: "bernoulli" });
    const fit = trainer.fit(X, y);
    const expected = fit.summary().terms;
    (Object.prototype as Record<string, unknown>).level = 0.5;
    try {
      expect(fit.summary({}).level).toBe(0.95);
      expect(fit.summary({}).terms).toEqual(expected);
    } finally {
      delete (Object.prototype as Record<string, unknown>).level;
    }
    expect(() => fit.summary(new Map([["level", 0.9]]) as object)).toThrow(InvalidOptionError);
    trainer.dispose();
  });

  test("a null-prototype object and a getter are fine (read once)", async () => {
    const options = Object.assign(Object.create(null), { family: "bernoulli", l2: 0.5 });
    let reads = 0;
    Object.defineProperty(options, "epochs", { enumerable: true, get: () => (++reads === 1 ? 7 : 0) });
    const trainer = await Trainer.create(options);
    expect(trainer.options.l2).toBe(0.5);
    expect(trainer.options.epochs).toBe(7);
    expect(reads).toBe(1);
    trainer.dispose();
  });
});

describe("trainer.options and the exported tables are frozen", () => {
  test("trainer.options, deep, including featureNames", async () => {
    const trainer = await Trainer.create({ family: "bernoulli", optimizer: "sgd", featureNames: ["a", "b"] });
    expect(Object.isFrozen(trainer.options)).toBe(true);
    expect(Object.isFrozen(trainer.options.featureNames)).toBe(true);
    expect(Object.isFrozen(trainer.options.family)).toBe(true);
    expect(() => { (trainer.options as { batchSize: number }).batchSize = 0; }).toThrow(TypeError);
    expect(() => { (trainer.options.featureNames as string[])[0] = "z"; }).toThrow(TypeError);
    expect(() => { (trainer.options as { l2: number }).l2 = -1; }).toThrow(TypeError);
    expect(trainer.options.batchSize).toBe(32);
    expect(trainer.fit(X, y).features).toBe(2);
    trainer.dispose();
  });

  test("FAMILIES and every family object", () => {
    expect(Object.isFrozen(FAMILIES)).toBe(true);
    for (const family of Object.values(FAMILIES)) expect(Object.isFrozen(family)).toBe(true);
    expect(() => { (FAMILIES as Record<string, unknown>).gamma = {}; }).toThrow(TypeError);
    expect(() => { (FAMILIES.poisson as { checkResponse: unknown }).checkResponse = () => null; }).toThrow(TypeError);
  });
});

describe("featureNames must name every column", () => {
  test("a wrong number of names is refused at fit, naming both counts, and changes nothing", async () => {
    const trainer = await Trainer.create({ family: "bernoulli", featureNames: ["a", "b", "c"] });
    const error = thrownBy(() => trainer.fit(X, y));
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect((error as InvalidOptionError).option).toBe("featureNames");
    expect((error as Error).message).toMatch(/expected 2 names, one per column of X \(it has 3\)/);
    const right = await Trainer.create({ family: "bernoulli", featureNames: ["a", "b"] });
    expect(right.fit(X, y).summary().terms.map((t) => t.term)).toEqual(["intercept", "a", "b"]);
    trainer.dispose();
    right.dispose();
  });
});

describe("evaluate() checks its parameters", () => {
  const cases: [string, unknown, unknown, string, RegExp][] = [
    ["NaN in coefficients", [NaN, 0], [0], "coefficients", /coefficients\[0\] = NaN is not a finite number/],
    ["Infinity in coefficients", [0, Infinity], [0], "coefficients", /coefficients\[1\] = Infinity/],
    ["a string in coefficients", [0, "1"], [0], "coefficients", /coefficients\[1\] = "1" is not a finite number/],
    ["a string as coefficients", "00", [0], "coefficients", /expected an array or numeric typed array/],
    ["too many coefficients", [0, 0, 0], [0], "coefficients", /coefficients: it has 3 values but X's 2 columns × 1 output = 2 are expected/],
    ["NaN in intercept", [0, 0], [NaN], "intercept", /intercept\[0\] = NaN/],
    ["a null intercept", [0, 0], [null], "intercept", /intercept\[0\] = null/],
    ["too many intercepts", [0, 0], [0, 0], "intercept", /intercept: it has 2 values but one per output, so 1 = 1 are expected/],
  ];
  for (const [name, coefficients, intercept, field, message] of cases) {
    test(name, async () => {
      const trainer = await Trainer.create({ family: "bernoulli" });
      const error = thrownBy(() => trainer.evaluate(X, y, coefficients as number[], intercept as number[]));
      expect(error).toBeInstanceOf(InvalidDataError);
      expect((error as InvalidDataError).field).toBe(field);
      expect((error as Error).message).toMatch(message);
      expect((error as Error).message).not.toMatch(/Invalid X/);
      trainer.dispose();
    });
  }

  test("under float32, parameters that overflow float32 are refused", async () => {
    const trainer = await Trainer.create({ family: "bernoulli", dtype: "float32" });
    expect(() => trainer.evaluate(X, y, [0, 1e39], [0])).toThrow(/coefficients\[1\] = 1e\+39 overflows float32/);
    expect(() => trainer.evaluate(X, y, [0, 0], [-1e39])).toThrow(/intercept\[0\] = -1e\+39 overflows float32/);
    expect(Number.isFinite(trainer.evaluate(X, y, [0, 1e30], [0]).objective)).toBe(true);
    trainer.dispose();
  });

  test("multinomial: the counts name classes; good parameters still give a finite objective", async () => {
    const trainer = await Trainer.create({ family: "multinomial", classes: 3 });
    const labels = y.map((v, i) => (v + i) % 3);
    expect(() => trainer.evaluate(X, labels, [0, 0, 0, 0], [0, 0, 0])).toThrow(/X's 2 columns × 3 classes = 6 are expected/);
    const { objective } = trainer.evaluate(X, labels, new Float64Array(6), Float32Array.of(0, 0, 0));
    expect(objective).toBeCloseTo(Math.log(3), 12);
    trainer.dispose();
  });
});

describe("fit options are refused by name, before anything runs", () => {
  test("an unknown key, a non-function onEpoch, a non-boolean resume, a signal that is not one", async () => {
    const t = await Trainer.create({ optimizer: "sgd", epochs: 2 });
    const kept = t.fit([[0], [1], [2]], [1, 2, 3]);
    const cases: [Record<string, unknown>, string][] = [
      [{ epochs: 3 }, "epochs"],
      [{ onEpoch: "log" }, "onEpoch"],
      [{ onEpoch: null }, "onEpoch"],
      [{ resume: "yes" }, "resume"],
      [{ resume: 1 }, "resume"],
      [{ signal: {} }, "signal"],
      [{ signal: { aborted: "no" } }, "signal"],
      [{ signal: null }, "signal"],
    ];
    for (const [options, option] of cases) {
      const error = thrownBy(() => t.fit([[0], [1], [2]], [3, 2, 1], options as never));
      expect(error, JSON.stringify(options)).toBeInstanceOf(InvalidOptionError);
      expect((error as InvalidOptionError).option, JSON.stringify(options)).toBe(option);
    }
    expect(thrownBy(() => t.fit([[0], [1], [2]], [3, 2, 1], null as never))).toBeInstanceOf(InvalidOptionError);
    // A signal-like object with a boolean `aborted` is accepted; the fit equals the one without it.
    expect(t.fit([[0], [1], [2]], [1, 2, 3], { signal: { aborted: false } as never }).coefficients).toEqual(kept.coefficients);
    t.dispose();
  });
});
