// bindings/session.ts on its own: the data a session copies in, the context settings it derives
// (gd runs one sequential full batch), its regions by name, the null model's θ, and θ read from
// the running average once averaging has started.
import { describe, expect, it } from "vitest";
import { DataSession, nullModelTheta } from "../dist/session.js";
import { validateOptions } from "../dist/options.js";
import { instantiateKernels } from "../dist/wasm/load.js";
import { SAMPLING_ABI } from "../dist/wasm/abi.js";

const X = [[0, 1], [1, 0], [2, 1], [3, 3], [1, 2]];
const y = [1, 0, 1, 1, 0];
const shape = { rows: 5, cols: 2 };

async function session(options: Record<string, unknown>, weights?: number[]) {
  const o = validateOptions({ family: "bernoulli", ...options });
  const kernels = await instantiateKernels("scalar");
  return { o, s: new DataSession(kernels, o, X, shape, y, weights, weights ? weights.reduce((a, b) => a + b, 0) : 5) };
}

describe("DataSession", () => {
  it("copies X, y and the weights in the dtype and names its regions", async () => {
    const { s } = await session({ dtype: "float32", optimizer: "sgd", batchSize: 2 }, [1, 2, 0.5, 1, 1]);
    expect([s.n, s.d, s.K, s.weighted, s.weightTotal]).toEqual([5, 2, 1, true, 5.5]);
    const view = (region: string, length: number) => Array.from(new Float32Array(s.memory.buffer, s.pointer(region), length));
    expect(view("X", 10)).toEqual(X.flat());
    expect(view("y", 5)).toEqual(y);
    expect(view("sampleWeight", 5)).toEqual([1, 2, 0.5, 1, 1]);
    expect(Array.from(new Uint32Array(s.memory.buffer, s.pointer("order"), 5))).toEqual([0, 1, 2, 3, 4]);
    expect(s.pointer("rng")).toBe(s.context.header.rngPointer());
    expect(() => s.pointer("nothing")).toThrow(/no region nothing in this session's layout/);
    expect(s.start).toBe(s.pointer("X"));
    expect(s.end).toBeGreaterThan(s.pointer("context.residual"));
    const h = s.context.header;
    expect([h.int("SAMPLING"), h.int("BATCH_SIZE"), h.num("WEIGHT_TOTAL"), h.ptr("SW")]).toEqual([SAMPLING_ABI.shuffle, 2, 5.5, s.pointer("sampleWeight")]);
    expect(s.family.name).toBe("bernoulli");
    expect(s.exports).toBe(s.exports);
  });

  it("gd: one sequential batch of every row; unweighted: no weight pointer", async () => {
    const { s } = await session({ optimizer: "gd", sampling: "replacement", batchSize: 2 });
    const h = s.context.header;
    expect([h.int("SAMPLING"), h.int("BATCH_SIZE"), h.ptr("SW"), h.int("ROWS")]).toEqual([SAMPLING_ABI.sequential, 5, 0, 5]);
    expect(s.weighted).toBe(false);
    const sgd = (await session({ optimizer: "sgd", sampling: "replacement", batchSize: 3 })).s.context.header;
    expect([sgd.int("SAMPLING"), sgd.int("BATCH_SIZE")]).toEqual([SAMPLING_ABI.replacement, 3]);
  });

  it("the objective and its penalty default to the options' l2", async () => {
    const { s } = await session({ optimizer: "gd", l2: 0.5 });
    s.writeParameters(Float64Array.of(1, -2, 0.25));
    expect(s.penalty()).toBe(s.penalty(0.5));
    expect(s.penalty()).toBeCloseTo(0.25 * (1 + 4), 14);
    expect(s.objective()).toBe(s.objective(0.5));
    expect(s.objective()).toBeCloseTo(s.objective(0) + s.penalty(), 12);
    expect(s.gradient().objective).toBe(s.objective());
  });

  it("with averaging, θ is the running average once the step count reaches its start", async () => {
    const { s } = await session({ optimizer: "sgd", average: 2, batchSize: 5, learningRate: 0.5 });
    const start = Float64Array.of(0.5, 0.5, 0.5);
    s.writeParameters(start);
    expect(Array.from(s.readParameters())).toEqual(Array.from(start)); // step 0: the iterate
    s.epoch();
    const afterOne = s.readParameters();
    expect(Array.from(afterOne)).toEqual(Array.from(s.context.readParameters()));
    s.epoch();
    s.epoch(); // the mean of the iterates of steps 2 and 3
    expect(Array.from(s.readParameters())).toEqual(Array.from(s.context.readAverage()!));
    expect(Array.from(s.readParameters())).not.toEqual(Array.from(s.context.readParameters()));
    // Written θ goes to the average too once it runs.
    s.writeParameters(start);
    expect(Array.from(s.context.readAverage()!)).toEqual(Array.from(start));
  });
});

describe("nullModelTheta", () => {
  it("zeros and the family's intercept start, or zeros without an intercept", () => {
    const o = validateOptions({ family: "multinomial", classes: 3 });
    const labels = [0, 1, 1, 2, 2, 2];
    const theta = nullModelTheta(o, 2, labels, undefined);
    expect(Array.from(theta.subarray(0, 6))).toEqual([0, 0, 0, 0, 0, 0]);
    expect(Array.from(theta.subarray(6))).toEqual(Array.from(o.family.interceptStart(labels, undefined, 3)));
    const weighted = nullModelTheta(validateOptions({ family: "poisson" }), 1, [1, 3], [3, 1]);
    expect(weighted[1]).toBeCloseTo(Math.log(1.5), 15);
    expect(Array.from(nullModelTheta(validateOptions({ family: "poisson", fitIntercept: false }), 2, [1, 3], undefined))).toEqual([0, 0, 0]);
  });
});
