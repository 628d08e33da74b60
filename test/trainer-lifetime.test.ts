// The Trainer's own getters and lifetime (bindings/trainer.ts): kernels and memory while alive,
// then disposed, 0 bytes, and DisposedError from what needs the kernels; restore's trainer is fitted.
import { describe, expect, it } from "vitest";
import { DisposedError, Trainer } from "../dist/index.js";
import { thrownBy } from "./helpers/thrown.js";

describe("Trainer lifetime", () => {
  it("alive: its kernels and memory; disposed: no memory, DisposedError naming the method", async () => {
    const trainer = await Trainer.create({ kernels: "scalar", optimizer: "sgd" });
    expect(trainer.kernels).toBe("scalar");
    expect(trainer.disposed).toBe(false);
    expect(trainer.memoryBytes).toBeGreaterThanOrEqual(65536);
    expect(trainer.memoryBytes % 65536).toBe(0);
    trainer.fit([[0], [1], [2]], [1, 2, 3]);
    const state = trainer.saveState();
    const predicted = Array.from(trainer.predict([[1], [2]]));
    trainer.dispose();
    expect(trainer.disposed).toBe(true);
    expect(trainer.memoryBytes).toBe(0);
    for (const [name, run] of [["kernels", () => trainer.kernels], ["saveState", () => trainer.saveState()], ["predict", () => trainer.predict([[1]])]] as const) {
      const error = thrownBy(run) as DisposedError;
      expect(error).toBeInstanceOf(DisposedError);
      expect(error.message).toContain(`Trainer.${name}()`);
    }
    trainer.dispose();
    const restored = await Trainer.restore(state);
    expect(restored.kernels).toBe("scalar");
    expect(restored.disposed).toBe(false);
    expect(Array.from(restored.predict([[1], [2]]))).toEqual(predicted);
    restored.dispose();
  });
});
