// What a first fit downloads, per option set (scripts/size.js, FIRST_FIT_OPTION_SETS): the files
// Node really loads for `await Trainer.create(options)` then `fit`, each gzipped on its own. The
// engine's parts (bindings/engine-parts.ts) come only with the options that reach them.
import { describe, expect, it } from "vitest";
import { FIRST_FIT_CEILING_BYTES, FIRST_FIT_OPTION_SETS, firstFit } from "../scripts/size.js";

/** The parts each option set can reach: newton/lbfgs by optimizer ("auto" picks either), epochs for gd/sgd/adaptive, separation unless gaussian. */
const EXPECTED_PARTS: Record<keyof typeof FIRST_FIT_OPTION_SETS, string[]> = {
  "README first example (bernoulli, newton)": ["newton", "separation"],
  "bernoulli, newton, l2": ["newton", "separation"],
  "bernoulli, lbfgs": ["lbfgs", "separation"],
  "bernoulli, lbfgs, l2": ["lbfgs", "separation"],
  "gaussian, newton": ["newton"],
  "gaussian, newton, l2": ["newton"],
  "gaussian, lbfgs": ["lbfgs"],
  "gaussian, lbfgs, l2": ["lbfgs"],
  "sgd": ["epochs"],
  "adam": ["epochs"],
  "the defaults (auto)": ["lbfgs", "newton"],
};

describe("a first fit downloads the engine parts its options reach, and only those", () => {
  for (const [name, options] of Object.entries(FIRST_FIT_OPTION_SETS)) {
    it(`${name}: ${JSON.stringify(options)}`, () => {
      const fit = firstFit(options);
      const parts = fit.engineFiles.map((file) => /^chunks\/(newton|lbfgs|epochs|separation|state-decode)-/.exec(file)?.[1]).filter(Boolean);
      expect(parts.sort()).toEqual(EXPECTED_PARTS[name as keyof typeof FIRST_FIT_OPTION_SETS]);
      expect(fit.engineFiles.some((file) => /^chunks\/engine-/.test(file))).toBe(true);
      // the SIMD kernels (Node has WebAssembly SIMD), never the scalar ones
      const kernels = fit.files.filter((file) => /generated-/.test(file));
      expect(kernels.length).toBeGreaterThan(0);
      expect(kernels.filter((file) => !/^chunks\/simd-/.test(file))).toEqual([]);
      expect(fit.gzipBytes).toBe(fit.eagerBytes + fit.engineBytes + fit.kernelBytes);
      expect(fit.gzipBytes).toBeLessThanOrEqual(FIRST_FIT_CEILING_BYTES);
    }, 60_000);
  }
});
