// The training context's state beyond θ (bindings/context.ts): the l1 penalty factors laid out per
// class, the cumulative-penalty accounts and the running average read and written back exactly,
// the plateau counters carried, and a state's lengths checked for each part.
import { describe, expect, it } from "vitest";
import { DataSession } from "../dist/session.js";
import { validateOptions } from "../dist/options.js";
import { instantiateKernels } from "../dist/wasm/load.js";

const X = Array.from({ length: 12 }, (_, i) => [Math.sin(i), Math.cos(2 * i), (i % 3) - 1]);
const y = X.map((_, i) => i % 2);
const shape = { rows: 12, cols: 3 };

async function session(options: Record<string, unknown>) {
  const o = validateOptions({ family: "multinomial", classes: 2, optimizer: "sgd", batchSize: 4, learningRate: 0.3, ...options });
  return new DataSession(await instantiateKernels("scalar"), o, X, shape, y, undefined, 12);
}

describe("context state", () => {
  it("the l1 factors: penaltyFactor[j] (rescaled to sum to d, as glmnet) for every class's copy of feature j, or 1", async () => {
    const s = await session({ l1: 0.05, penaltyFactor: [0, 2, 0.5] });
    const factors = Array.from(new Float64Array(s.memory.buffer, s.pointer("context.l1State"), 6));
    [0, 2.4, 0.6, 0, 2.4, 0.6].forEach((f, k) => expect(factors[k]).toBeCloseTo(f, 15));
    const plain = await session({ l1: 0.05 });
    expect(Array.from(new Float64Array(plain.memory.buffer, plain.pointer("context.l1State"), 6))).toEqual([1, 1, 1, 1, 1, 1]);
    expect(plain.context.header.num("L1")).toBe(0.05);
    expect((await session({})).context.header.ptr("L1_STATE")).toBe(0);
  });

  it("readState → writeState into a fresh context resumes with the same bits; the factors stay", async () => {
    const options = { l1: 0.05, penaltyFactor: [0, 2, 0.5], average: 2, optimizer: "adam" };
    const straight = await session(options);
    straight.epoch();
    straight.epoch();
    straight.epoch();
    const first = await session(options);
    first.epoch();
    first.epoch();
    first.context.plateau = { best: 1, stale: 2 } as never;
    const state = first.context.readState();
    expect(state.l1.length).toBe(2 * 3 * 2);
    expect(state.l1.some((v) => v !== 0)).toBe(true);
    expect(state.average.length).toBe(3 * 2 + 2);
    expect(state.slots.length).toBe(2 * (3 * 2 + 2));
    expect(state.plateau).toEqual({ best: 1, stale: 2 });
    const resumed = await session(options);
    const factors = Array.from(new Float64Array(resumed.memory.buffer, resumed.pointer("context.l1State"), 6));
    resumed.context.writeState(state);
    expect(resumed.context.readState()).toEqual(state);
    expect(Array.from(new Float64Array(resumed.memory.buffer, resumed.pointer("context.l1State"), 6))).toEqual(factors);
    resumed.epoch();
    const { plateau: _a, ...expected } = straight.context.readState();
    const { plateau: _b, ...got } = resumed.context.readState();
    expect(got).toEqual(expected);
    const { plateau, ...withoutPlateau } = state;
    resumed.context.writeState(withoutPlateau as never);
    expect(resumed.context.plateau).toBeNull();
    expect(plateau).not.toBeNull();
  });

  it("a state whose l1 accounts or average have another length is refused", async () => {
    const s = await session({ l1: 0.05, average: 1 });
    const state = s.context.readState();
    expect(() => s.context.writeState({ ...state, l1: new Float64Array(11) })).toThrow(/state\.l1 has 11 values; this context needs 12/);
    expect(() => s.context.writeState({ ...state, average: new Float64Array(7) })).toThrow(/state\.average has 7 values; this context needs 8/);
    const bare = await session({});
    const none = bare.context.readState();
    expect([none.l1.length, none.average.length, none.slots.length]).toEqual([0, 0, 0]);
    expect(bare.context.readAverage()).toBeNull();
    bare.context.writeAverage(Float64Array.of(1));
    expect(() => bare.context.writeParameters(new Float64Array(3))).toThrow(/θ has 8 values, not 3/);
  });
});
