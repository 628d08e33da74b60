// bindings/abort.ts on its own: the signal option's check, the epoch hook that a signal wraps
// (the caller's verdict kept until the signal aborts), and the warning's wording per optimizer.
import { describe, expect, it } from "vitest";
import { AbortError, InvalidOptionError } from "../dist/index.js";
import { abortedWarning, checkSignal, throwIfAborted, withSignal } from "../dist/abort.js";
import { thrownBy } from "./helpers/thrown.js";

const progress = { epoch: 1, objective: 0.5 } as never;

describe("abort", () => {
  it("checkSignal: undefined, or an object with a boolean aborted", () => {
    expect(checkSignal(undefined)).toBeUndefined();
    const signal = { aborted: false };
    expect(checkSignal(signal)).toBe(signal);
    for (const bad of [null, true, "abort", { aborted: 0 }, {}, () => false]) {
      const error = thrownBy(() => checkSignal(bad)) as InvalidOptionError;
      expect(error).toBeInstanceOf(InvalidOptionError);
      expect(error.option).toBe("signal");
      expect(error.value).toBe(bad);
    }
  });

  it("throwIfAborted: an AbortError with the method and the reason, only when aborted", () => {
    expect(() => throwIfAborted(undefined, "fit")).not.toThrow();
    expect(() => throwIfAborted({ aborted: false }, "fit")).not.toThrow();
    const error = thrownBy(() => throwIfAborted({ aborted: true, reason: "left" }, "partialFit")) as AbortError;
    expect(error).toBeInstanceOf(AbortError);
    expect(error.reason).toBe("left");
    expect(error.message).toContain("partialFit");
  });

  it("withSignal: no signal leaves the hook as it is", () => {
    const onEpoch = () => true;
    const wrapped = withSignal(onEpoch, undefined);
    expect(wrapped.hook).toBe(onEpoch);
    expect(wrapped.aborted()).toBe(false);
    expect(withSignal(undefined, undefined).hook).toBeUndefined();
  });

  it("withSignal: the caller's verdict until the signal aborts, then false and aborted()", () => {
    const signal = { aborted: false };
    for (const verdict of [true, false, undefined]) {
      const { hook, aborted } = withSignal(() => verdict, signal);
      expect(hook!(progress)).toBe(verdict);
      expect(aborted()).toBe(false);
    }
    const calls: unknown[] = [];
    const { hook, aborted } = withSignal((p) => void calls.push(p), signal);
    signal.aborted = true;
    expect(hook!(progress)).toBe(false);
    expect(calls).toEqual([progress]);
    expect(aborted()).toBe(true);
    // Without a hook of the caller's the signal still stops the fit.
    const bare = withSignal(undefined, { aborted: true });
    expect(bare.hook!(progress)).toBe(false);
    expect(bare.aborted()).toBe(true);
    const running = withSignal(undefined, { aborted: false });
    expect(running.hook!(progress)).toBeUndefined();
    expect(running.aborted()).toBe(false);
  });

  it("abortedWarning counts epochs for gd/sgd and iterations for the others", () => {
    const tail = ": the estimates are the last iterate, not the optimum (and were not checked for a missing finite MLE).";
    expect(abortedWarning(3, "gd")).toBe(`Aborted by the fit's signal after 3 epochs${tail}`);
    expect(abortedWarning(4, "sgd")).toBe(`Aborted by the fit's signal after 4 epochs${tail}`);
    expect(abortedWarning(2, "newton")).toBe(`Aborted by the fit's signal after 2 iterations${tail}`);
    expect(abortedWarning(5, "lbfgs")).toBe(`Aborted by the fit's signal after 5 iterations${tail}`);
  });
});
