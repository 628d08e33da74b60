// The bytes a fit and a prediction reserve in WASM memory (bindings/session.ts sessionRegions and
// predictRegions, bindings/context.ts TrainingContext.regions), region by region: each as large
// as what the kernels read and write there, and no larger.
import { describe, expect, it } from "vitest";
import { validateOptions } from "../../dist/options.js";
import { TrainingContext } from "../../dist/context.js";
import { predictRegions, sessionRegions } from "../../dist/session.js";
import { CONTEXT_HEADER_BYTES } from "../../dist/wasm/context.js";

const CHUNK = 256;

describe("memory regions", () => {
  it("TrainingContext.regions: θ and G of P = d·K + K values, the rule's slots, averaging and l1 state only when used", () => {
    const base = { d: 3, K: 2, dtype: "float32", rule: "sgd", averaging: false, l1State: false } as const;
    const P = 3 * 2 + 2;
    expect(TrainingContext.regions(base)).toEqual({
      header: CONTEXT_HEADER_BYTES, theta: P * 4, grad: P * 4, slots: 0, average: 0, l1State: 0,
      exactTheta: P * 8, exactGradient: P * 8, eta: CHUNK * 2 * 8, residual: CHUNK * 2 * 8,
    });
    const full = TrainingContext.regions({ ...base, dtype: "float64", rule: "adam", averaging: true, l1State: true });
    expect([full.theta, full.slots, full.average, full.l1State]).toEqual([P * 8, 2 * P * 8, P * 8, 3 * 3 * 2 * 8]);
    expect(TrainingContext.regions({ ...base, rule: "momentum" }).slots).toBe(P * 4);
  });

  it("sessionRegions: X, y, weights when given, order and the draws of one batch, then the context's and the caller's", () => {
    const options = validateOptions({ family: "multinomial", classes: 3, optimizer: "sgd", batchSize: 4, dtype: "float32" });
    const regions = sessionRegions({ rows: 10, cols: 2 }, options, true, { extra: 123 });
    expect(regions.X).toBe(10 * 2 * 4);
    expect(regions.y).toBe(10 * 4);
    expect(regions.sampleWeight).toBe(10 * 4);
    expect(regions.order).toBe(10 * 4);
    expect(regions.draws).toBe(4 * 4);
    expect(regions.extra).toBe(123);
    expect(regions["context.theta"]).toBe((2 * 3 + 3) * 4);
    expect(regions["context.header"]).toBe(CONTEXT_HEADER_BYTES);
    expect(Object.keys(regions).filter((k) => k.startsWith("context.")).length).toBe(10);
    const unweighted = sessionRegions({ rows: 3, cols: 2 }, validateOptions({ optimizer: "sgd", batchSize: 8 }), false);
    expect(unweighted.sampleWeight).toBe(0);
    expect(unweighted.draws).toBe(3 * 4);
    expect(unweighted.X).toBe(3 * 2 * 8);
    expect(unweighted.extra).toBeUndefined();
    const adam = sessionRegions({ rows: 3, cols: 2 }, validateOptions({ optimizer: "adam", average: 5 }), false);
    expect(adam["context.slots"]).toBe(2 * 3 * 8);
    expect(adam["context.average"]).toBe(3 * 8);
    expect(sessionRegions({ rows: 3, cols: 2 }, validateOptions({ optimizer: "sgd", l1: 0.1 }), false)["context.l1State"]).toBe(3 * 2 * 8);
  });

  it("predictRegions: X in the dtype, θ, and the n·K float64 outputs", () => {
    const options = validateOptions({ family: "multinomial", classes: 4, dtype: "float32" });
    expect(predictRegions({ rows: 5, cols: 3 }, options)).toEqual({ header: CONTEXT_HEADER_BYTES, X: 5 * 3 * 4, theta: (3 * 4 + 4) * 4, out: 5 * 4 * 8 });
    expect(predictRegions({ rows: 2, cols: 1 }, validateOptions({}))).toEqual({ header: CONTEXT_HEADER_BYTES, X: 2 * 8, theta: 2 * 8, out: 2 * 8 });
  });
});
