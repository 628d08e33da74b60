// The plain-JSON checks behind Model.fromJSON, restore() and FitResult.fromJSON
// (bindings/plain-data.ts): what counts as a plain object, own fields only, and the frozen deep
// copy with its depth limit and its refusals naming the path of the bad value.
import { describe, expect, it } from "vitest";
import { InvalidModelError } from "../../dist/index.js";
import { isPlainObject, jsonCopy, own } from "../../dist/plain-data.js";
import { thrownBy } from "../helpers/thrown.js";

const nested = (depth: number): unknown => (depth === 0 ? 1 : [nested(depth - 1)]);

describe("plain data", () => {
  it("isPlainObject: object literals and Object.create(null) only", () => {
    expect(isPlainObject({})).toBe(true);
    expect(isPlainObject(Object.create(null))).toBe(true);
    for (const value of [null, undefined, 1, "a", [], [1], new Map(), new Date(0), () => 1, Object.create({}), new Float64Array(1)]) {
      expect(isPlainObject(value)).toBe(false);
    }
  });

  it("own: an inherited field is not a field", () => {
    const data = Object.assign(Object.create({ inherited: 1 }), { mine: 2 }) as Record<string, unknown>;
    expect(own(data, "mine")).toBe(2);
    expect(own(data, "inherited")).toBeUndefined();
    expect(own({}, "toString")).toBeUndefined();
  });

  it("jsonCopy: a deep, frozen, prototype-free copy", () => {
    const source = { a: [1, "x", true, null, { b: -0.5 }], c: { d: [] } };
    const copy = jsonCopy("doc", source) as Record<string, unknown>;
    expect(copy).toEqual(source);
    expect(copy).not.toBe(source);
    expect(Object.getPrototypeOf(copy)).toBeNull();
    expect(Object.isFrozen(copy)).toBe(true);
    const a = copy.a as unknown[];
    expect(Array.isArray(a)).toBe(true);
    expect(Object.isFrozen(a)).toBe(true);
    expect(Object.isFrozen(a[4])).toBe(true);
    expect(a).not.toBe(source.a);
    source.a[0] = 99;
    expect(a[0]).toBe(1);
    for (const scalar of [null, "s", false, 0, -1e308]) expect(jsonCopy("doc", scalar)).toBe(scalar);
  });

  it("jsonCopy: 32 levels of nesting are accepted, 33 are not", () => {
    expect(jsonCopy("doc", nested(32))).toEqual(nested(32));
    const error = thrownBy(() => jsonCopy("doc", nested(33))) as InvalidModelError;
    expect(error).toBeInstanceOf(InvalidModelError);
    expect(error.field).toBe(`doc${"[0]".repeat(33)}`);
    expect(error.expected).toMatch(/at most 32 levels/);
  });

  it.each([
    ["NaN", { a: [1, Number.NaN] }, "doc.a[1]", Number.NaN, /finite numbers only/],
    ["Infinity", { x: { y: Number.POSITIVE_INFINITY } }, "doc.x.y", Number.POSITIVE_INFINITY, /finite numbers only/],
    ["undefined", { a: undefined }, "doc.a", undefined, /plain JSON data/],
    ["a function", [() => 1], "doc[0]", "function", /plain JSON data/],
    ["a class instance", { when: new Date(0) }, "doc.when", "object", /plain JSON data/],
    ["a BigInt", { n: 1n }, "doc.n", 1n, /plain JSON data/],
  ])("jsonCopy refuses %s, naming its path", (_name, value, field, bad, expected) => {
    const error = thrownBy(() => jsonCopy("doc", value)) as InvalidModelError;
    expect(error).toBeInstanceOf(InvalidModelError);
    expect(error.field).toBe(field);
    if (typeof bad === "string" && (bad === "function" || bad === "object")) expect(typeof error.value).toBe(bad);
    else expect(error.value).toBe(bad);
    expect(error.expected).toMatch(expected);
  });
});
