// The existence probe on many rows and many terms: its reductions must not spread one argument per
// row or term into Math.max/min (a call-stack overflow, RangeError, from ~10^5 values on). Beyond
// 1000 terms the exact test is not tried and the ray test decides alone: it must still find a
// quasi-complete separation and leave overlapping classes alone.
import { describe, expect, it } from "vitest";
import { SeparationError, Trainer } from "../../dist/index.js";
import { seededRandom } from "../helpers/fixtures.js";
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

  it("4,000 rows × 1,001 columns (beyond the exact test): overlapping classes fit; an indicator whose level 1 is all y = 1 is refused, naming it", async () => {
    const [rows, cols] = [4000, 1001];
    const random = seededRandom(11);
    const data = Float64Array.from({ length: rows * cols }, () => random() * 2 - 1);
    for (let i = 0; i < rows; i++) data[i * cols] = random() < 0.2 ? 1 : 0;
    const eta = (i: number) => data[i * cols + 1] + data[i * cols + 2] + data[i * cols + 3] + data[i * cols + 4] + data[i * cols + 5];
    const overlapping = Float64Array.from({ length: rows }, (_, i) => (random() < 1 / (1 + Math.exp(-eta(i))) ? 1 : 0));
    const quasi = overlapping.map((value, i) => (data[i * cols] === 1 ? 1 : value));
    const trainer = await Trainer.create({ family: "bernoulli", optimizer: "lbfgs" });
    expect(Number.isFinite(trainer.fit({ data, rows, cols }, overlapping).objective)).toBe(true);
    const error = thrownBy(() => trainer.fit({ data, rows, cols }, quasi)) as SeparationError;
    expect(error).toBeInstanceOf(SeparationError);
    expect(error.diverging).toEqual(["x0"]);
    const level = quasi.filter((_, i) => data[i * cols] === 1).length;
    expect(error.extremeRows).toBeGreaterThan(0.9 * level);
    expect(error.extremeRows).toBeLessThanOrEqual(level);
    trainer.dispose();
  });
});
