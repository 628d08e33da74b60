// Seeded determinism (same seed and options → same bits) and cross-implementation agreement
// (SIMD binary == scalar binary within a stated tolerance; elementwise kernels agree exactly,
// dot products differ only by summation order).
import { describe, expect, test } from "vitest";
import { Trainer, simdSupported, type FamilyName, type TrainerOptions } from "../dist/index.js";
import { syntheticData } from "./helpers/fixtures.js";

const FAMILIES: FamilyName[] = ["gaussian", "bernoulli", "poisson", "multinomial"];

function bits(values: Float64Array): string {
  return Buffer.from(values.buffer, values.byteOffset, values.byteLength).toString("hex");
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
