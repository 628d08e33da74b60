// Issue 8, findings 9 (newton on 10 × 10,000 ran for hours before a CollinearityError listing 9,990
// names; summary() of a wide lbfgs fit likewise): exact work is estimated and refused up front.
import { describe, expect, it } from "vitest";
import {
  CollinearityError, EXACT_WORK_LIMIT_SECONDS, ProblemTooLargeError, Trainer, WasmMleError, exactWorkEstimate, newtonRefusal, summaryRefusal,
  type TrainerOptions,
} from "../../dist/index.js";
import { seededRandom } from "../helpers/fixtures.js";
import { thrownBy } from "../helpers/thrown.js";
import { disposingTrainers } from "../helpers/trainers.js";

const trainer = disposingTrainers();

/** rows × cols of uniform noise in flat form (cheap to build even at 10,000 columns). */
function flat(rows: number, cols: number, seed: number) {
  const random = seededRandom(seed);
  const data = new Float64Array(rows * cols).map(() => random() - 0.5);
  const y = Array.from({ length: rows }, (_, i) => (i % 2 === 0 ? 0 : 1));
  return { X: { data, rows, cols }, y };
}

describe("newton refuses up front what it cannot finish in a few seconds", () => {
  it("10 rows × 10,000 columns: a typed TOO_LARGE error at once (fewer rows than coefficients), suggesting l2 or lbfgs", async () => {
    const t = await trainer({ family: "bernoulli", optimizer: "newton" });
    const { X, y } = flat(10, 10_000, 1);
    const before = t.memoryBytes;
    const error = thrownBy(() => t.fit(X, y));
    expect(error).toBeInstanceOf(ProblemTooLargeError);
    expect(error).toBeInstanceOf(WasmMleError);
    const e = error as ProblemTooLargeError;
    expect(e.code).toBe("TOO_LARGE");
    expect(e.reason).toBe("rows");
    expect(e.rows).toBe(10);
    expect(e.coefficients).toBe(10_001);
    expect(e.message).toMatch(/10 rows < 10001 coefficients/);
    expect(e.message).toMatch(/l2/);
    expect(e.message).toMatch(/lbfgs/);
    // refused before the data was copied into WASM memory
    expect(t.memoryBytes).toBe(before);
  });

  it("with l2 the same 10 × 10,000 problem is refused for its p³ work, naming lbfgs", async () => {
    const t = await trainer({ family: "bernoulli", optimizer: "newton", l2: 0.1 });
    const { X, y } = flat(10, 10_000, 2);
    const e = thrownBy(() => t.fit(X, y)) as ProblemTooLargeError;
    expect(e).toBeInstanceOf(ProblemTooLargeError);
    expect(e.reason).toBe("work");
    expect(e.estimatedSeconds).toBeGreaterThan(EXACT_WORK_LIMIT_SECONDS);
    expect(e.message).toMatch(/"lbfgs"/);
  });

  it("many rows × 250 columns is refused for its n·p² work; the same columns with few rows are fitted", async () => {
    // 2·n·p² at n = 200k, p = 251: 2.5e10 flops > 10 s at 2e9 flop/s; checked without building X.
    const refusal = newtonRefusal(200_000, 251, false);
    expect(refusal).toBeInstanceOf(ProblemTooLargeError);
    expect(refusal!.reason).toBe("work");
    expect(refusal!.message).toMatch(/200000 rows × 251 coefficients/);
    expect(newtonRefusal(2_000, 251, false)).toBeNull();
  });

  it("multinomial counts working rows: n·(K − 1) rows against (d + 1)·(K − 1) coefficients", () => {
    // 30 observations, 3 classes, 40 features: 60 working rows < 82 coefficients
    expect(newtonRefusal(30 * 2, 41 * 2, false)?.reason).toBe("rows");
  });

  it("the estimate is 2·(rows + p if penalised)·(p + 1)² in WASM plus p³ on the host", () => {
    const e = exactWorkEstimate(1000, 9);
    expect(e.wasmFlops).toBe(2 * 1000 * 100);
    expect(e.hostFlops).toBe(9 ** 3);
    expect(exactWorkEstimate(1000, 9, true).wasmFlops).toBe(2 * 1009 * 100);
    expect(exactWorkEstimate(1000, 9, false, "summary").hostFlops).toBe(4 * 9 ** 3);
    expect(e.triangleBytes).toBe(8 * 100);
  });

  it("a small problem is fitted as before", async () => {
    const t = await trainer({ family: "bernoulli", optimizer: "newton" });
    const { X, y } = flat(60, 3, 3);
    expect(t.fit(X, y).converged).toBe(true);
  });
});

describe("summary() refuses a p×p factor too costly to build, naming the coefficients", () => {
  it("a wide lbfgs fit (30 × 2,000 with l2) fits, but its summary() throws TOO_LARGE at once", async () => {
    const t = await trainer({ family: "bernoulli", optimizer: "lbfgs", l2: 1, maxIterations: 20 });
    const { X, y } = flat(30, 2_000, 4);
    const fit = t.fit(X, y);
    const started = Date.now();
    const e = thrownBy(() => fit.summary()) as ProblemTooLargeError;
    expect(e).toBeInstanceOf(ProblemTooLargeError);
    expect(e.computation).toBe("summary");
    expect(e.coefficients).toBe(2_001);
    expect(e.message).toMatch(/2001 coefficients/);
    expect(e.message).toMatch(/cause is the number of coefficients/);
    expect(e.message).not.toMatch(/float32|fewer rows/);
    // refused before any pass: generous bound, only to catch a hang (not a speed assertion)
    expect(Date.now() - started).toBeLessThan(5_000);
    // the fit itself is intact
    expect(t.predict({ data: X.data.subarray(0, 2_000), rows: 1, cols: 2_000 }).length).toBe(1);
  });

  it("summaryRefusal accepts a few hundred coefficients and refuses thousands", () => {
    expect(summaryRefusal(10_000, 300, false)).toBeNull();
    expect(summaryRefusal(10_000, 3_000, false)?.computation).toBe("summary");
  });
});

describe("long lists in errors are shortened", () => {
  it("a CollinearityError with 140 dependent columns names the first 10 and '… and 130 more'", async () => {
    const t = await trainer({ family: "gaussian", optimizer: "newton" });
    const rows = 400;
    const cols = 150;
    const random = seededRandom(5);
    const base = Array.from({ length: rows }, () => Array.from({ length: 10 }, () => random()));
    // columns 10 … 149 repeat columns 0 … 9
    const X = base.map((row) => Array.from({ length: cols }, (_, j) => row[j % 10]));
    const y = base.map((row) => row[0] + random());
    const e = thrownBy(() => t.fit(X, y)) as CollinearityError;
    expect(e).toBeInstanceOf(CollinearityError);
    expect(e.terms.length).toBe(140);
    expect(e.message).toMatch(/x10, x11, x12, x13, x14, x15, x16, x17, x18, x19 … and 130 more/);
    expect(e.message.length).toBeLessThan(600);
    // with collinear: "drop" the fit's and the summary's warnings are shortened the same way, once
    const dropped = (await trainer({ family: "gaussian", optimizer: "newton", collinear: "drop" })).fit(X, y);
    expect(dropped.aliased.length).toBe(140);
    const warnings = dropped.summary().warnings.filter((w) => w.includes("x10, x11"));
    expect(warnings.length).toBe(1);
    expect(warnings[0]).toMatch(/… and 130 more/);
  });
});
