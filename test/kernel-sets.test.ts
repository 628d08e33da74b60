// Each build ships its kernels in two modules (bindings/wasm/load.ts KernelSet): the kernels, which
// every trainer and saved model instantiates ("core"), and the epoch loop of gd, sgd and the adaptive
// rules (assembly/epochs.ts), which only their trainers add over the same memory ("all"). Here every
// fit that core serves gives the same bits with the epochs' module instantiated beside it or not
// (scripts/kernel-bits.js compares the whole grid with another build's dist/, such as main's).
import { describe, expect, it } from "vitest";
import { fitModel, kernelSetFor, partsNeeded, predictMean, TrainerCore, validateOptions } from "../dist/engine.js";
import { loadParts } from "../dist/engine-loader.js";
import { instantiateKernels, staticData, type KernelSet } from "../dist/wasm/load.js";
import { WasmMleError } from "../dist/errors.js";
import { cellOptions, DTYPES, FAMILIES, OPTIMIZERS, problem } from "../scripts/kernel-bits.js";

const bits = (values: ArrayLike<number>) => Array.from(new Uint32Array(Float64Array.from(values).buffer));

async function fitWith(set: KernelSet, options: ReturnType<typeof cellOptions>, family: string) {
  const validated = validateOptions(options);
  const kernels = await instantiateKernels("simd", set);
  const core = new TrainerCore(validated, kernels, await loadParts(partsNeeded(validated)));
  const { X, y } = problem(family);
  try {
    const fit = fitModel(core, X, y, {});
    const exact = ["auto", "newton", "lbfgs"].includes(options.optimizer);
    return {
      set: kernels.set,
      coefficients: bits(fit.coefficients),
      intercept: bits(fit.intercept),
      objective: bits([fit.objective, fit.logLikelihood]),
      history: bits(fit.history),
      predictions: bits(predictMean(core, X.slice(0, 16))),
      covariance: exact ? bits(fit.summary().covarianceMatrix) : [],
    };
  } finally {
    core.dispose();
  }
}

describe("kernel sets", () => {
  it("a trainer loads the epoch loop only for gd, sgd and the adaptive rules", () => {
    const epochs = OPTIMIZERS.filter((optimizer) => kernelSetFor(optimizer) === "all");
    expect(epochs).toEqual(["gd", "sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "adamw"]);
  });

  for (const build of ["simd", "scalar"] as const) {
    it(`${build}: a core instance has every export of an all instance but the epochs`, async () => {
      const all = await instantiateKernels(build, "all");
      const core = await instantiateKernels(build, "core");
      expect([core.set, all.set]).toEqual(["core", "all"]);
      expect(Object.keys(all.exports).filter((name) => !(name in core.exports)).sort()).toEqual(["epochF32", "epochF64"]);
      expect(core.heapBase).toBe(all.heapBase);
    });
  }

  it("the SIMD tables the loader writes are there (test/wasm-loading.test.ts: the modules' own data segments)", async () => {
    expect((await staticData("simd")).length).toBeGreaterThan(0);
  });

  for (const dtype of DTYPES) {
    for (const family of FAMILIES) {
      it(`${family} ${dtype}: newton, lbfgs, cd and auto give the same bits with and without the epochs' module`, async () => {
        for (const optimizer of OPTIMIZERS.filter((name) => kernelSetFor(name) === "core")) {
          const options = cellOptions(family, optimizer, dtype, "simd");
          const core = await fitWith("core", options, family);
          const all = await fitWith("all", options, family);
          expect(core.set).toBe("core");
          expect({ ...core, set: "" }, `${optimizer}`).toEqual({ ...all, set: "" });
        }
      });
    }
  }

  it("an epoch on a core instance is a typed error, not a crash", async () => {
    const error = await fitWith("core", cellOptions("gaussian", "sgd", "float64", "simd"), "gaussian").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WasmMleError);
    expect((error as WasmMleError).code).toBe("WASM_LAYOUT");
    expect((error as Error).message).toMatch(/core instance has no epoch loop/);
  });
});
