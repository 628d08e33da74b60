// The training-context accessors: ints and pointers in the low 4 bytes of slot i (byte 8·i),
// numbers as f64 over the whole slot; the RNG inline at slot 42; θ's intercepts after PENALISED.
import {
  CTX_FIELDS, CTX_L2, CTX_OUTPUTS, CTX_PARAMS, CTX_PENALISED, CTX_SLOTS, CTX_THETA, CTX_X,
  ctxInt, ctxInterceptPtr, ctxNum, ctxPtr, ctxRng, ctxSlot, ruleSlots, setCtxInt, setCtxNum, setCtxPtr,
} from "../../assembly/context";
import { allocate } from "./support";

describe("context header", () => {
  test("slot i sits at byte 8·i; ints and pointers in its low 4 bytes", () => {
    const ctx = allocate<f64>(CTX_FIELDS);
    setCtxInt(ctx, CTX_OUTPUTS, -3);
    setCtxPtr(ctx, CTX_X, 0xfffffff0);
    setCtxNum(ctx, CTX_L2, 0.1);
    expect(load<i32>(ctx + 8 * 8)).toBe(-3);
    expect(load<u32>(ctx + 8 * 2)).toBe(0xfffffff0);
    expect(load<f64>(ctx + 8 * 25)).toBe(0.1);
    expect(ctxInt(ctx, CTX_OUTPUTS)).toBe(-3);
    expect(<u32>ctxPtr(ctx, CTX_X)).toBe(0xfffffff0);
    expect(ctxNum(ctx, CTX_L2)).toBe(0.1);
    expect(ctxRng(ctx)).toBe(ctx + 8 * 42);
    heap.free(ctx);
  });

  test("intercepts follow the d·K weights and slot s starts s·P values after SLOTS", () => {
    const ctx = allocate<f64>(CTX_FIELDS);
    setCtxPtr(ctx, CTX_THETA, 4096);
    setCtxInt(ctx, CTX_PENALISED, 6);
    setCtxInt(ctx, CTX_PARAMS, 8);
    setCtxPtr(ctx, CTX_SLOTS, 8192);
    expect(ctxInterceptPtr<f32>(ctx)).toBe(4096 + 24);
    expect(ctxInterceptPtr<f64>(ctx)).toBe(4096 + 48);
    expect(ctxSlot<f64>(ctx, 1)).toBe(8192 + 64);
    expect(ctxSlot<f32>(ctx, 1)).toBe(8192 + 32);
    heap.free(ctx);
  });

  test("state slots per rule: sgd 0, momentum/nesterov/adagrad/rmsprop 1, adam/adamw 2", () => {
    const expected: i32[] = [0, 1, 1, 1, 1, 2, 2];
    for (let rule = 0; rule < 7; rule++) expect(ruleSlots(rule)).toBe(expected[rule]);
  });
});
