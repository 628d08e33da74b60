// How error messages name a bad value (bindings/errors/base.ts describe) and shorten long lists
// (listShortened): every kind of value a caller can pass, including ones whose inspection throws
// (a revoked Proxy made describe itself throw a TypeError before it was inside the try).
import { describe as group, expect, it } from "vitest";
import { LISTED_NAMES, WasmMleError, describe, listShortened } from "../../dist/errors/base.js";

group("describe(value) in messages", () => {
  it.each([
    ["a short string", "abc", '"abc"'],
    ["a string of 40 characters, in full", "x".repeat(40), JSON.stringify("x".repeat(40))],
    ["a string of 41 characters, cut at 40", "y".repeat(41), JSON.stringify(`${"y".repeat(40)}…`)],
    ["an empty string", "", '""'],
    ["a BigInt", 12n, "the BigInt 12n"],
    ["a symbol", Symbol("tag"), "a symbol (tag)"],
    ["a symbol without a description", Symbol(), "a symbol ()"],
    ["a number", -2.5, "-2.5"],
    ["NaN", Number.NaN, "NaN"],
    ["false", false, "false"],
    ["null", null, "null"],
    ["undefined", undefined, "undefined"],
    ["an array", [1, 2, 3], "an array of length 3"],
    ["a typed array", new Float32Array(2), "a Float32Array"],
    ["a DataView", new DataView(new ArrayBuffer(4)), "a DataView"],
    ["a function", () => 1, "a function"],
    ["a class instance", new Map(), "an object (Map)"],
    ["a plain object", { a: 1 }, "an object"],
    ["an object without a prototype", Object.create(null), "an object"],
    ["an object whose prototype's constructor is null", Object.create({ constructor: null }), "an object"],
    ["an object whose prototype's constructor has no string name", Object.create({ constructor: { name: 7 } }), "an object"],
    ["an object whose prototype's constructor is named", Object.create({ constructor: { name: "Row" } }), "an object (Row)"],
  ])("%s", (_name, value, text) => {
    expect(describe(value)).toBe(text);
  });

  it("a revoked Proxy and a throwing getPrototypeOf are still described", () => {
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    expect(describe(proxy)).toBe("an object");
    const hostile = new Proxy({}, { getPrototypeOf: () => { throw new Error("no"); } });
    expect(describe(hostile)).toBe("an object");
    const longless = new Proxy([1, 2], { get: (target, key) => { if (key === "length") throw new Error("no"); return Reflect.get(target, key); } });
    expect(describe(longless)).toBe("an object");
  });
});

group("listShortened", () => {
  const names = (n: number) => Array.from({ length: n }, (_, i) => `n${i}`);

  it(`lists up to ${LISTED_NAMES} names in full, then the first ${LISTED_NAMES} and how many more`, () => {
    expect(LISTED_NAMES).toBe(10);
    expect(listShortened([])).toBe("");
    expect(listShortened(names(10))).toBe(names(10).join(", "));
    expect(listShortened(names(11))).toBe(`${names(10).join(", ")} … and 1 more`);
    expect(listShortened(names(25))).toBe(`${names(10).join(", ")} … and 15 more`);
  });

  it("takes another length to show", () => {
    expect(listShortened(names(3), 3)).toBe("n0, n1, n2");
    expect(listShortened(names(4), 3)).toBe("n0, n1, n2 … and 1 more");
    expect(listShortened(names(2), 0)).toBe(" … and 2 more");
  });
});

group("WasmMleError", () => {
  it("carries its code, its message and the subclass's name", () => {
    class SomethingError extends WasmMleError {
      constructor() {
        super("SOMETHING", "it went wrong");
      }
    }
    const error = new SomethingError();
    expect(error).toBeInstanceOf(Error);
    expect(error.code).toBe("SOMETHING");
    expect(error.message).toBe("it went wrong");
    expect(error.name).toBe("SomethingError");
    expect(new WasmMleError("X", "m").name).toBe("WasmMleError");
  });
});
