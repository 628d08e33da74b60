// Lifetime: a trainer's WASM memory is its own and goes with dispose(); repeated
// create/fit/dispose keeps WASM memory and the JS heap flat; refits reuse the same layout.
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { describe, expect, test } from "vitest";
import { Trainer } from "../dist/index.js";
import { syntheticData } from "./helpers/fixtures.js";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

/** Heap figures after garbage collection; WASM backing stores are released on a later task, hence the wait. */
async function settledMemory() {
  await new Promise((resolve) => setTimeout(resolve, 20));
  for (let i = 0; i < 3; i++) gc();
  const { heapUsed, external, arrayBuffers } = process.memoryUsage();
  return { heapUsed, external, arrayBuffers };
}

const MiB = 2 ** 20;

describe("memory lifetime", () => {
  test("1,000 create/fit/dispose cycles leave WASM memory and the JS heap flat", async () => {
    const { X: rows, y } = syntheticData("bernoulli", 20_000, 10, 1);
    const X = { data: Float64Array.from(rows.flat()), rows: rows.length, cols: 10 };
    let mark = await settledMemory();
    let perTrainerBytes = 0;
    for (let cycle = 0; cycle < 1000; cycle++) {
      const trainer = await Trainer.create({ family: "bernoulli", optimizer: "sgd", epochs: 1 });
      trainer.fit(X, y);
      perTrainerBytes = trainer.memoryBytes;
      trainer.dispose();
      if (cycle === 99) mark = await settledMemory(); // after warm-up (compiled module cache, JIT)
    }
    const end = await settledMemory();
    // each trainer held ~1.9 MB of WASM memory: 900 leaked trainers would be ~1.7 GB
    expect(perTrainerBytes).toBeGreaterThan(1.5 * MiB);
    expect(end.external - mark.external).toBeLessThan(2 * MiB);
    expect(end.heapUsed - mark.heapUsed).toBeLessThan(4 * MiB);
  });

  test("WASM memory returns to its mark after dispose", async () => {
    const mark = await settledMemory();
    let trainer: Trainer | null = await Trainer.create({ optimizer: "sgd", epochs: 1 });
    const { X: rows, y } = syntheticData("gaussian", 50_000, 20, 2);
    trainer.fit({ data: Float64Array.from(rows.flat()), rows: rows.length, cols: 20 }, y);
    const held = trainer.memoryBytes;
    expect(held).toBeGreaterThanOrEqual(50_000 * 20 * 8);
    // V8 counts WASM memory as external memory (pages it has committed), so the growth shows there
    expect((await settledMemory()).external - mark.external).toBeGreaterThan(held * 0.5);
    trainer.dispose();
    expect(trainer.memoryBytes).toBe(0);
    trainer = null;
    expect((await settledMemory()).external - mark.external).toBeLessThan(MiB);
  });

  // A refit never overwrites the live fit's data before it has succeeded (its summary() must
  // survive a failed refit), so refits alternate between two places: memory settles at two fits.
  test("refits of the same shape reuse the same two places in memory; data is held once per fit, in the chosen dtype", async () => {
    const { X: rows, y } = syntheticData("gaussian", 40_000, 16, 3);
    const data = Float64Array.from(rows.flat());
    for (const [dtype, bytes] of [["float64", 8], ["float32", 4]] as const) {
      const trainer = await Trainer.create({ optimizer: "sgd", epochs: 1, dtype });
      trainer.fit({ data, rows: rows.length, cols: 16 }, y);
      const first = trainer.memoryBytes;
      trainer.fit({ data, rows: rows.length, cols: 16 }, y);
      const settled = trainer.memoryBytes;
      expect(settled).toBeLessThanOrEqual(2 * first);
      for (let i = 0; i < 5; i++) trainer.fit({ data, rows: rows.length, cols: 16 }, y);
      expect(trainer.memoryBytes).toBe(settled);
      const matrixBytes = rows.length * 16 * bytes;
      // X once, plus O(n) (y, sample order) and O(d·K) (parameters, gradient, scratch), rounded up to 64 KiB pages
      expect(first).toBeLessThanOrEqual(1.2 * matrixBytes + rows.length * (bytes + 4) + 64 * 1024 * 2);
      trainer.dispose();
    }
  });
});
