// Seeded determinism (same seed and options → same bits) and cross-implementation agreement
// (SIMD binary == scalar binary within a stated tolerance; elementwise kernels agree exactly,
// dot products differ only by summation order).
import { describe, expect, test } from "vitest";
import { Trainer, simdSupported, type FamilyName, type TrainerOptions } from "../dist/index.js";
import { syntheticData } from "./helpers/fixtures.js";
import { plainSgd } from "../bench/baselines/plain-sgd.js";

const FAMILIES: FamilyName[] = ["gaussian", "bernoulli", "poisson", "multinomial"];

function bits(values: Float64Array | number[]): string {
  const array = Float64Array.from(values);
  return Buffer.from(array.buffer, array.byteOffset, array.byteLength).toString("hex");
}

async function fitWith(options: TrainerOptions, family: FamilyName, seed = 3) {
  const { X, y } = syntheticData(family, 300, 11, seed);
  const trainer = await Trainer.create({
    family, classes: family === "multinomial" ? 3 : undefined, optimizer: "sgd", batchSize: 16,
    learningRate: 0.02, epochs: 15, tolerance: 0, l2: 1e-3, seed: 42, ...options,
  });
  const fit = trainer.fit(X, y);
  trainer.dispose();
  return fit;
}

describe("seeded determinism", () => {
  for (const family of FAMILIES) {
    for (const dtype of ["float64", "float32"] as const) {
      for (const sampling of ["shuffle", "replacement"] as const) {
        test(`${family} ${dtype} ${sampling}: same seed → same bits; another seed → other bits`, async () => {
          const a = await fitWith({ dtype, sampling }, family);
          const b = await fitWith({ dtype, sampling }, family);
          const other = await fitWith({ dtype, sampling, seed: 43 }, family);
          expect(bits(a.coefficients)).toBe(bits(b.coefficients));
          expect(bits(a.intercept)).toBe(bits(b.intercept));
          expect(bits(a.history)).toBe(bits(b.history));
          expect(bits(other.coefficients)).not.toBe(bits(a.coefficients));
        });
      }
    }
  }

  test("refitting on the same trainer restarts from the same state", async () => {
    const { X, y } = syntheticData("bernoulli", 200, 4, 9);
    const trainer = await Trainer.create({ family: "bernoulli", optimizer: "sgd", epochs: 5, tolerance: 0, seed: 7 });
    const first = trainer.fit(X, y);
    const second = trainer.fit(X, y);
    expect(bits(second.coefficients)).toBe(bits(first.coefficients));
  });
});

describe.runIf(simdSupported())("SIMD build == scalar build", () => {
  // f64: the two builds differ only in the order of summation inside dot products, so after 15
  // epochs of SGD they agree to ~1e-12 relative; f32 rounding is ~6e-8 per operation, so ~1e-4.
  const TOLERANCE = { float64: 1e-9, float32: 2e-3 };
  for (const family of FAMILIES) {
    for (const dtype of ["float64", "float32"] as const) {
      test(`${family} ${dtype}`, async () => {
        const simd = await fitWith({ dtype, kernels: "simd" }, family);
        const scalar = await fitWith({ dtype, kernels: "scalar" }, family);
        expect(simd.kernels).toBe("simd");
        expect(scalar.kernels).toBe("scalar");
        const scale = Math.max(...simd.coefficients.map(Math.abs), 1);
        simd.coefficients.forEach((c, j) => expect(Math.abs(c - scalar.coefficients[j]) / scale).toBeLessThan(TOLERANCE[dtype]));
        expect(Math.abs(simd.objective - scalar.objective) / Math.abs(scalar.objective)).toBeLessThan(TOLERANCE[dtype]);
      });
    }
  }

  test("with one feature (pure scalar tail) the builds agree bit for bit", async () => {
    const simd = await fitWith({ kernels: "simd" }, "gaussian");
    const { X, y } = syntheticData("gaussian", 100, 1, 2);
    const run = async (kernels: "simd" | "scalar") => (await Trainer.create({ optimizer: "sgd", epochs: 10, tolerance: 0, kernels })).fit(X, y);
    expect(bits((await run("simd")).coefficients)).toBe(bits((await run("scalar")).coefficients));
    expect(simd.kernels).toBe("simd");
  });
});

// The scalar f64 build against bench/baselines/plain-sgd.js, its plain-JS twin (same arithmetic,
// same order), bit for bit, on each path an epoch can take through assembly/trainer.ts: the fused
// per-row pass (rows ≤ 512 B), the whole-chunk three-pass (sequential rows), and the sliced
// three-pass (shuffled or drawn rows longer than 512 B, chunks cut into ~64 KiB slices; d = 300:
// 27 rows a slice, so a batch of 100 spans slices of 27, 27, 27, 19). Gaussian only: the other
// families call exp/log, and V8's Math.exp and AssemblyScript's may differ in the last bit.
describe("scalar f64 build ≡ the plain-JS twin, bit for bit", () => {
  const cases = [
    { path: "fused, shuffled", d: 8, sampling: "shuffle", batchSize: 64, family: "gaussian" },
    { path: "three-pass, sequential (gd)", d: 300, sampling: "sequential", batchSize: 500, family: "gaussian" },
    { path: "sliced, shuffled", d: 300, sampling: "shuffle", batchSize: 100, family: "gaussian" },
    { path: "sliced, drawn with replacement, weighted", d: 300, sampling: "replacement", batchSize: 100, family: "gaussian" },
  ] as const;
  for (const c of cases) {
    test(c.path, async () => {
      const n = 500;
      const { X, y } = syntheticData(c.family, n, c.d, 17);
      const flat = Float64Array.from(X.flat());
      const sampleWeight = c.path.includes("weighted") ? Array.from({ length: n }, (_, i) => 0.5 + (i % 4)) : undefined;
      const common = { learningRate: 0.001, batchSize: c.batchSize, epochs: 3, l2: 0.01, seed: 5 };
      const twin = plainSgd({ X: flat, y: Float64Array.from(y), rows: n, cols: c.d, family: c.family, sampling: c.sampling, sampleWeight, ...common });
      const trainer = await Trainer.create({
        family: c.family, kernels: "scalar", dtype: "float64", tolerance: 0,
        optimizer: c.sampling === "sequential" ? "gd" : "sgd", ...(c.sampling === "sequential" ? {} : { sampling: c.sampling }), ...common,
      });
      const fit = trainer.fit({ data: flat, rows: n, cols: c.d }, y, sampleWeight ? { sampleWeight } : {});
      trainer.dispose();
      expect(bits(fit.coefficients)).toBe(bits(twin.W));
      expect(bits(fit.intercept)).toBe(bits([twin.b]));
      expect(bits(fit.history)).toBe(bits(twin.history));
    });
  }
});
