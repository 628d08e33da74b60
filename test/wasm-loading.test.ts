// How the embedded binaries load: deflated in the bundle, inflated to the exact bytes that were
// built (their SHA-256) with the static data apart, the SIMD probe agreeing with the SIMD build
// itself, each binary, the static data and the inflate fallback in a chunk of its own that
// importing the library does not load.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { Trainer, simdSupported } from "../dist/index.js";
import { binaryHash, staticData, wasmBytes } from "../dist/wasm/load.js";
import { STATIC_SEGMENTS } from "../dist/wasm/binaries.generated.js";
import { browserBundle } from "../scripts/size.js";
import { KERNEL_FILES, splitStaticData } from "../scripts/embed-wasm.js";

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

describe("embedded WASM binaries", () => {
  for (const build of ["simd", "scalar"] as const) {
    for (const [part, file] of Object.entries(KERNEL_FILES[build]) as ["kernels" | "epochs", string][]) {
      it(`${build} ${part}: inflates to the built file, byte for byte, its data segments apart`, async () => {
        const built = readFileSync(new URL(`../${file}`, import.meta.url));
        const { code, segments } = splitStaticData(built);
        expect(Buffer.from(await wasmBytes(build, part)).equals(code)).toBe(true);
        expect(segments.map(({ offset, bytes }: { offset: number; bytes: Uint8Array }) => [offset, bytes.length])).toEqual(STATIC_SEGMENTS[build]);
        expect(Buffer.from(await staticData(build)).equals(Buffer.concat(segments.map(({ bytes }: { bytes: Uint8Array }) => bytes)))).toBe(true);
      });
    }
  }

  it("the hashes name the modules as asc wrote them: the kernels' for core, followed by the epochs' for all", () => {
    for (const build of ["simd", "scalar"] as const) {
      const [kernels, epochs] = [KERNEL_FILES[build].kernels, KERNEL_FILES[build].epochs].map((file) => readFileSync(new URL(`../${file}`, import.meta.url)));
      expect(binaryHash(build, "core")).toBe(sha256(kernels));
      expect(binaryHash(build, "all")).toBe(sha256(Buffer.concat([kernels, epochs])));
      expect(binaryHash(build)).toBe(binaryHash(build, "all"));
    }
  });

  it("the SIMD build keeps its static data apart and the scalar build has none", () => {
    expect(STATIC_SEGMENTS.simd.length).toBeGreaterThan(0);
    expect(STATIC_SEGMENTS.scalar).toEqual([]);
    // a binary without its data section is still a module the host can compile (the loader writes the data)
    expect(WebAssembly.validate(splitStaticData(readFileSync(new URL(`../${KERNEL_FILES.scalar.kernels}`, import.meta.url))).code)).toBe(true);
  });

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
      const built = readFileSync(new URL(`../${KERNEL_FILES.simd.epochs}`, import.meta.url));
      expect(Buffer.from(await wasmBytes("simd", "epochs")).equals(splitStaticData(built).code)).toBe(true);
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

  it("the bundle loads the engines and their parts, the kernels' modules and their static data, the inflater, the state decoder, FitResult.fromJSON's checks and the unused-option table only through dynamic import()", () => {
    const bundle = browserBundle();
    expect(bundle.files.some((name) => /binary|simd-data|inflate-fallback|engine|newton|lbfgs|epochs|separation|state-decode|unused-options/.test(name))).toBe(false);
    expect(bundle.lazyFiles.map(({ name }) => name.replace(/-[A-Z0-9]+\.js$/, "")).sort()).toEqual([
      "chunks/engine", "chunks/epochs", "chunks/fit-result-data", "chunks/inflate-fallback", "chunks/lbfgs", "chunks/model-engine", "chunks/newton",
      "chunks/scalar-binary.generated", "chunks/scalar-epochs-binary.generated", "chunks/separation", "chunks/simd-binary.generated",
      "chunks/simd-data.generated", "chunks/simd-epochs-binary.generated", "chunks/state-decode", "chunks/unused-options",
    ]);
  });
});
