// The existence probe on many rows and many terms: its reductions must not spread one argument per
// row or term into Math.max/min (a call-stack overflow, RangeError, from ~10^5 values on).
import { describe, expect, it } from "vitest";
import { SeparationError, Trainer } from "../../dist/index.js";
import { thrownBy } from "../helpers/thrown.js";

describe("existence checks at scale", () => {
  it("200,000 separated rows: a SeparationError, not a RangeError", async () => {
    const n = 200_000;
    const X = { data: Float64Array.from({ length: n }, (_, i) => i - n / 2 + 0.5), rows: n, cols: 1 };
    const y = Float64Array.from({ length: n }, (_, i) => (i < n / 2 ? 0 : 1));
    const trainer = await Trainer.create({ family: "bernoulli", optimizer: "lbfgs" });
    expect(thrownBy(() => trainer.fit(X, y))).toBeInstanceOf(SeparationError);
  });

  it("5 rows × 150,000 columns (more terms than rows, so separable): a SeparationError, not a RangeError", async () => {
    const rows = 5;
    const cols = 150_000;
    const data = Float64Array.from({ length: rows * cols }, (_, k) => Math.sin(k * 0.7 + (k % 13)));
    const trainer = await Trainer.create({ family: "bernoulli", optimizer: "lbfgs" });
    expect(thrownBy(() => trainer.fit({ data, rows, cols }, [0, 1, 0, 1, 1]))).toBeInstanceOf(SeparationError);
  });
});
