// How the embedded binaries load: deflated in the bundle, inflated to the exact bytes that were
// built (their SHA-256), the SIMD probe agreeing with the SIMD build itself, each build and the
// inflate fallback in a chunk of its own that importing the library does not load.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { Trainer, simdSupported } from "../dist/index.js";
import { binaryHash, wasmBytes } from "../dist/wasm/load.js";
import { browserBundle } from "../scripts/size.js";

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

describe("embedded WASM binaries", () => {
  for (const build of ["simd", "scalar"] as const) {
    it(`${build}: inflates to the built file, byte for byte`, async () => {
      const bytes = await wasmBytes(build);
      expect(Buffer.from(bytes).equals(readFileSync(new URL(`../build/mle.${build}.wasm`, import.meta.url)))).toBe(true);
      expect(sha256(bytes)).toBe(binaryHash(build));
    });
  }

  it("the SIMD probe says what validating the SIMD build says", async () => {
    expect(simdSupported()).toBe(WebAssembly.validate(await wasmBytes("simd")));
    expect(WebAssembly.validate(await wasmBytes("scalar"))).toBe(true);
  });

  it("without DecompressionStream the fflate fallback inflates the same bytes", async () => {
    const { unzlibSync } = await import("../dist/wasm/inflate-fallback.js");
    const saved = globalThis.DecompressionStream;
    // the loader checks for the global at call time; take it away for one load
    Reflect.deleteProperty(globalThis, "DecompressionStream");
    try {
      expect(sha256(await wasmBytes("scalar"))).toBe(binaryHash("scalar"));
    } finally {
      globalThis.DecompressionStream = saved;
    }
    expect(typeof unzlibSync).toBe("function");
  });

  it("both builds fit the same model through the public API", async () => {
    const X = [[0.5], [1.5], [2.5], [3.5]];
    const results = [];
    for (const kernels of ["simd", "scalar"] as const) {
      const trainer = await Trainer.create({ family: "gaussian", optimizer: "newton", kernels });
      results.push(trainer.fit(X, [1.1, 1.9, 3.2, 3.9]).coefficients[0]);
      trainer.dispose();
    }
    expect(results[1]).toBeCloseTo(results[0], 12);
  });

  it("the bundle loads the engines and their parts, both builds, the inflater, the state decoder and FitResult.fromJSON's checks only through dynamic import()", () => {
    const bundle = browserBundle();
    expect(bundle.files.some((name) => /binary|inflate-fallback|engine|newton|lbfgs|epochs|separation|state-decode/.test(name))).toBe(false);
    expect(bundle.lazyFiles.map(({ name }) => name.replace(/-[A-Z0-9]+\.js$/, "")).sort()).toEqual([
      "chunks/engine", "chunks/epochs", "chunks/fit-result-data", "chunks/inflate-fallback", "chunks/lbfgs", "chunks/model-engine", "chunks/newton",
      "chunks/scalar-binary.generated", "chunks/separation", "chunks/simd-binary.generated", "chunks/state-decode",
    ]);
  });
});
