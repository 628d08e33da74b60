// validateOptions (bindings/options.ts) on its own: every default of the root options, each range
// at its last valid value and its first invalid one, and the refusals naming the option and the
// value; the option-check building blocks (bindings/option-checks.ts) with them.
import { describe, expect, it } from "vitest";
import { FAMILIES, InvalidOptionError } from "../dist/index.js";
import { resolveOptimizer, validateOptions } from "../dist/options.js";
import { finiteNumber, integer, oneOf, ownOptions } from "../dist/option-checks.js";
import { thrownBy } from "./helpers/thrown.js";

const refused = (options: unknown, option: string) => {
  const error = thrownBy(() => validateOptions(options)) as InvalidOptionError;
  expect(error).toBeInstanceOf(InvalidOptionError);
  expect(error.option).toBe(option);
  return error;
};

describe("validateOptions", () => {
  it("the defaults", () => {
    const o = validateOptions(undefined);
    expect(Object.isFrozen(o)).toBe(true);
    expect({
      family: o.family, classes: o.classes, optimizer: o.optimizer, learningRate: o.learningRate, batchSize: o.batchSize, epochs: o.epochs,
      tolerance: o.tolerance, patience: o.patience, l2: o.l2, fitIntercept: o.fitIntercept, seed: o.seed, sampling: o.sampling, dtype: o.dtype,
      kernels: o.kernels, maxIterations: o.maxIterations, lbfgsMemory: o.lbfgsMemory, featureNames: o.featureNames, collinear: o.collinear,
      l1: o.l1, penaltyFactor: o.penaltyFactor, standardize: o.standardize,
    }).toEqual({
      family: FAMILIES.gaussian, classes: 1, optimizer: "auto", learningRate: 0.01, batchSize: 32, epochs: 100, tolerance: 1e-8, patience: 5, l2: 0,
      fitIntercept: true, seed: 0, sampling: "shuffle", dtype: "float64", kernels: "auto", maxIterations: null, lbfgsMemory: 10, featureNames: null,
      collinear: "error", l1: 0, penaltyFactor: null, standardize: null,
    });
    expect(validateOptions({}).batchSize).toBe(32);
    expect(validateOptions({ optimizer: "gd" }).patience).toBe(1);
    expect(validateOptions({ optimizer: "sgd" }).patience).toBe(5);
  });

  it("ranges: the last valid value is accepted", () => {
    const o = validateOptions({
      family: "multinomial", classes: 65535, batchSize: 2 ** 31 - 1, epochs: 2 ** 31 - 1, tolerance: 0, patience: 2 ** 31 - 1, l2: 0, seed: Number.MAX_SAFE_INTEGER,
      maxIterations: 2 ** 31 - 1, lbfgsMemory: 1000, learningRate: Number.MIN_VALUE, fitIntercept: false, sampling: "sequential", dtype: "float32",
      kernels: "scalar", collinear: "drop", standardize: false,
    });
    expect([o.classes, o.batchSize, o.epochs, o.patience, o.seed, o.maxIterations, o.lbfgsMemory]).toEqual([65535, 2 ** 31 - 1, 2 ** 31 - 1, 2 ** 31 - 1, Number.MAX_SAFE_INTEGER, 2 ** 31 - 1, 1000]);
    expect([o.fitIntercept, o.sampling, o.dtype, o.kernels, o.collinear, o.standardize]).toEqual([false, "sequential", "float32", "scalar", "drop", false]);
    const small = validateOptions({ family: "multinomial", classes: 2, batchSize: 1, epochs: 1, patience: 1, maxIterations: 1, lbfgsMemory: 1, seed: 0 });
    expect([small.classes, small.batchSize, small.epochs, small.patience, small.maxIterations, small.lbfgsMemory]).toEqual([2, 1, 1, 1, 1, 1]);
  });

  it.each([
    ["classes", { family: "multinomial", classes: 65536 }, 65536],
    ["classes", { family: "multinomial", classes: 1 }, 1],
    ["classes", { family: "multinomial" }, undefined],
    ["classes", { family: "bernoulli", classes: 2 }, 2],
    ["batchSize", { batchSize: 2 ** 31 }, 2 ** 31],
    ["batchSize", { batchSize: 0 }, 0],
    ["epochs", { epochs: 2 ** 31 }, 2 ** 31],
    ["epochs", { epochs: 0 }, 0],
    ["patience", { patience: 0 }, 0],
    ["patience", { patience: 2 ** 31 }, 2 ** 31],
    ["maxIterations", { maxIterations: 0 }, 0],
    ["maxIterations", { maxIterations: 2 ** 31 }, 2 ** 31],
    ["lbfgsMemory", { lbfgsMemory: 1001 }, 1001],
    ["lbfgsMemory", { lbfgsMemory: 0 }, 0],
    ["seed", { seed: Number.MAX_SAFE_INTEGER + 1 }, Number.MAX_SAFE_INTEGER + 1],
    ["seed", { seed: -1 }, -1],
    ["seed", { seed: 0.5 }, 0.5],
    ["learningRate", { learningRate: 0 }, 0],
    ["learningRate", { learningRate: Number.POSITIVE_INFINITY }, Number.POSITIVE_INFINITY],
    ["tolerance", { tolerance: -Number.MIN_VALUE }, -Number.MIN_VALUE],
    ["l2", { l2: -Number.MIN_VALUE }, -Number.MIN_VALUE],
    ["l1", { l1: -1 }, -1],
    ["l1", { optimizer: "newton", l1: 0.1 }, 0.1],
    ["l1", { optimizer: "lbfgs", l1: 0.1 }, 0.1],
    ["l1", { optimizer: "gd", l1: 0.1 }, 0.1],
    ["fitIntercept", { fitIntercept: 1 }, 1],
    ["standardize", { standardize: "yes" }, "yes"],
    ["sampling", { sampling: "random" }, "random"],
    ["dtype", { dtype: "float16" }, "float16"],
    ["kernels", { kernels: "gpu" }, "gpu"],
    ["collinear", { collinear: "ignore" }, "ignore"],
    ["family", { family: "gamma" }, "gamma"],
    ["optimizer", { optimizer: "bfgs" }, "bfgs"],
    ["earlyStopping", { optimizer: "cd", earlyStopping: true }, true],
  ])("%s: %j is refused", (option, options, value) => {
    expect(refused(options, option).value).toBe(value);
  });

  it("l1 goes to the proximal optimizers and auto, penaltyFactor to every optimizer; cd takes earlyStopping false", () => {
    for (const optimizer of ["auto", "cd", "sgd", "adam", "momentum"]) expect(validateOptions({ optimizer, l1: 0.1 }).l1).toBe(0.1);
    expect(validateOptions({ optimizer: "lbfgs", l1: 0 }).l1).toBe(0);
    expect(validateOptions({ optimizer: "sgd", penaltyFactor: [0, 1] }).penaltyFactor).toEqual([0, 1]);
    for (const optimizer of ["gd", "newton", "lbfgs"]) expect(validateOptions({ optimizer, penaltyFactor: [1] }).penaltyFactor).toEqual([1]);
    expect(refused({ optimizer: "newton", l1: 0.5 }, "l1").value).toBe(0.5);
    expect(validateOptions({ optimizer: "cd", earlyStopping: false }).optimizer).toBe("cd");
  });

  it("penaltyFactor: finite numbers ≥ 0, not all 0, as an array or typed array; frozen", () => {
    const factors = validateOptions({ penaltyFactor: Float64Array.of(0, 2.5) }).penaltyFactor!;
    expect(factors).toEqual([0, 2.5]);
    expect(Array.isArray(factors) && Object.isFrozen(factors)).toBe(true);
    for (const bad of [[], [0, 0], [1, -1], [1, Number.NaN], [1, Number.POSITIVE_INFINITY], [1, "2"], "1,2", { 0: 1, length: 1 }]) {
      for (const optimizer of ["cd", "sgd", "newton"]) refused({ optimizer, penaltyFactor: bad }, "penaltyFactor");
    }
    expect(refused({ penaltyFactor: [1, Number.POSITIVE_INFINITY] }, "penaltyFactor").expected).toMatch(/leave its column out of X/);
  });

  it("featureNames: distinct non-empty strings, frozen, read once", () => {
    const names = validateOptions({ featureNames: ["a", "b"] }).featureNames!;
    expect(names).toEqual(["a", "b"]);
    expect(Object.isFrozen(names)).toBe(true);
    for (const bad of [["a", ""], ["a", "a"], ["a", 1], "ab", new Set(["a"])]) refused({ featureNames: bad }, "featureNames");
    expect(refused({ featureNames: ["x", "x"] }, "featureNames").expected).toBe("names without duplicates");
  });

  it("options that are not a plain object, and unknown names", () => {
    for (const bad of [null, 3, "gaussian", [], new Map()]) refused(bad, "options");
    expect(validateOptions(Object.create(null)).family).toBe(FAMILIES.gaussian);
    expect(refused({ familly: "gaussian" }, "familly").value).toBe("gaussian");
  });
});

describe("resolveOptimizer", () => {
  it('"auto" is cd under l1, standardize or penalty factors; newton up to 200 coefficients, counting the classes', () => {
    expect(resolveOptimizer(validateOptions({ l1: 0.1 }), 3, 100)).toBe("cd");
    expect(resolveOptimizer(validateOptions({ standardize: true }), 3, 100)).toBe("cd");
    expect(resolveOptimizer(validateOptions({ standardize: false }), 3, 100)).toBe("newton");
    expect(resolveOptimizer(validateOptions({ penaltyFactor: [1, 1, 0] }), 3, 100)).toBe("cd");
    const three = validateOptions({ family: "multinomial", classes: 4 });
    expect(resolveOptimizer(three, 49, 1000)).toBe("newton"); // (49 + 1)·4 = 200
    expect(resolveOptimizer(three, 50, 1000)).toBe("lbfgs"); // 204
    expect(resolveOptimizer(validateOptions({}), 199, 1000)).toBe("newton");
    expect(resolveOptimizer(validateOptions({ optimizer: "sgd", l1: 0.1 }), 3, 100)).toBe("sgd");
  });
});

describe("option checks", () => {
  it("ownOptions copies own enumerable keys into a prototype-free object", () => {
    const own = ownOptions({ a: 1, b: undefined }, "o", "x");
    expect(Object.getPrototypeOf(own)).toBeNull();
    expect({ ...own }).toEqual({ a: 1, b: undefined });
    expect(Object.keys(ownOptions(Object.create(null) as object, "o", "x"))).toEqual([]);
    for (const bad of [Object.create({ inherited: 1 }), null, undefined, 1, [], new Date(0)]) {
      const error = thrownBy(() => ownOptions(bad, "o", "x")) as InvalidOptionError;
      expect([error.option, error.value, error.expected]).toEqual(["o", bad, "x"]);
    }
  });

  it("oneOf, finiteNumber and integer: the fallback for undefined, the value when valid, else the option refused", () => {
    expect(oneOf("k", undefined, ["a", "b"], "b")).toBe("b");
    expect(oneOf("k", "a", ["a", "b"], "b")).toBe("a");
    const error = thrownBy(() => oneOf("k", "c", ["a", "b"], "b")) as InvalidOptionError;
    expect([error.option, error.value, error.expected]).toEqual(["k", "c", 'one of "a", "b"']);
    expect(finiteNumber("r", undefined, 3, () => false, "x")).toBe(3);
    expect(finiteNumber("r", 2, 3, (v) => v > 1, "x")).toBe(2);
    expect((thrownBy(() => finiteNumber("r", 1, 3, (v) => v > 1, "> 1")) as InvalidOptionError).expected).toBe("> 1");
    expect(thrownBy(() => finiteNumber("r", "2", 3, () => true, "x"))).toBeInstanceOf(InvalidOptionError);
    expect(thrownBy(() => finiteNumber("r", Number.NaN, 3, () => true, "x"))).toBeInstanceOf(InvalidOptionError);
    expect(integer("n", 5, 1, 5, 5)).toBe(5);
    expect((thrownBy(() => integer("n", 6, 1, 2, 5)) as InvalidOptionError).expected).toBe("an integer from 2 to 5");
  });
});
