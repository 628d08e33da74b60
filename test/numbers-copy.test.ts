// bindings/numbers.ts on its own: which values are lists of numbers, the copies of y, weights and
// parameters (into a caller's buffer when it is long enough), and the refusals naming the value,
// its index and, for each kind of value, the reason.
import { describe, expect, it } from "vitest";
import { FAMILIES } from "../dist/index.js";
import { copyParameters, copyResponse, copyWeights, isNumericTypedArray, notANumber, numberList } from "../dist/numbers.js";
import { invalidDataOf } from "./helpers/thrown.js";

const invalid = invalidDataOf;

describe("lists of numbers", () => {
  it("isNumericTypedArray: the typed arrays of JS numbers, genuine ones only", () => {
    for (const T of [Float64Array, Float32Array, Int8Array, Int16Array, Int32Array, Uint8Array, Uint8ClampedArray, Uint16Array, Uint32Array]) {
      expect(isNumericTypedArray(new T(2))).toBe(true);
    }
    for (const value of [new BigInt64Array(1), new BigUint64Array(1), new DataView(new ArrayBuffer(8)), [1], { length: 1, 0: 1 }, null]) {
      expect(isNumericTypedArray(value)).toBe(false);
    }
    const fake = Object.create(Float64Array.prototype);
    expect(isNumericTypedArray(fake)).toBe(false);
  });

  it("numberList: null for a list, else what was expected and what it got", () => {
    for (const value of [[], [1, 2], Float32Array.of(1), { length: 0 }, { length: 3 }]) expect(numberList(value)).toBeNull();
    expect(numberList(new BigInt64Array(1))).toMatch(/, not a BigInt64Array \(its elements are not JS numbers\)$/);
    expect(numberList(new DataView(new ArrayBuffer(8)))).toMatch(/, not a DataView \(its elements are not JS numbers\)$/);
    expect(numberList("12")).toMatch(/^an array or numeric typed array .* of numbers, not "12"$/);
    expect(numberList(null)).toMatch(/, not null$/);
    expect(numberList(7)).toMatch(/, not 7$/);
    for (const length of [-1, 1.5, "2", undefined, Number.NaN]) expect(numberList({ length })).toMatch(/, not an object without a length$/);
  });

  it("notANumber: a number is not finite; anything else is also not converted", () => {
    expect(notANumber(Number.NaN)).toBe("NaN is not a finite number");
    expect(notANumber("1")).toBe('"1" is not a finite number (only values of type number are accepted; none is converted)');
  });
});

describe("copies", () => {
  const { gaussian, bernoulli } = FAMILIES;

  it("copyResponse: into the caller's buffer when it has room for the rows, else a new array", () => {
    const into = new Float64Array(3);
    const copy = copyResponse([1, 2, 3], 3, gaussian, 1, "float64", into);
    expect(copy.buffer).toBe(into.buffer);
    expect([...into]).toEqual([1, 2, 3]);
    const longer = new Float64Array(5);
    expect(copyResponse(Int8Array.of(4, 5), 2, gaussian, 1, "float64", longer).buffer).toBe(longer.buffer);
    expect([...longer]).toEqual([4, 5, 0, 0, 0]);
    const short = new Float64Array(2);
    const fresh = copyResponse([1, 2, 3], 3, gaussian, 1, "float64", short);
    expect(fresh.buffer).not.toBe(short.buffer);
    expect([...short]).toEqual([0, 0]);
    expect([...copyResponse(Float32Array.of(1.5), 1, gaussian, 1, "float64")]).toEqual([1.5]);
  });

  it("copyResponse refuses the wrong length, a non-number, a non-finite, a float32 overflow and the family's domain", () => {
    expect(invalid(() => copyResponse([1, 2], 3, gaussian, 1, "float64"), "y").value).toBe(2);
    expect(invalid(() => copyResponse("123", 3, gaussian, 1, "float64"), "y").value).toBe("123");
    const text = invalid(() => copyResponse([1, "2"], 2, gaussian, 1, "float64"), "y");
    expect([text.value, text.index]).toEqual(["2", 1]);
    const typedNaN = invalid(() => copyResponse(Float64Array.of(1, Number.NaN), 2, gaussian, 1, "float64"), "y");
    expect([typedNaN.value, typedNaN.index]).toEqual([Number.NaN, 1]);
    const overflow = invalid(() => copyResponse([1, 1e39], 2, gaussian, 1, "float32"), "y");
    expect([overflow.value, overflow.index]).toEqual([1e39, 1]);
    expect(overflow.message).toMatch(/overflows float32/);
    expect(copyResponse([1, 1e39], 2, gaussian, 1, "float64")[1]).toBe(1e39);
    const domain = invalid(() => copyResponse([0, 1, 2], 3, bernoulli, 1, "float64"), "y");
    expect([domain.value, domain.index]).toEqual([2, 2]);
    expect(domain.message).toMatch(/y\[2\] = 2: bernoulli needs y to be 0 or 1/);
  });

  it("copyWeights: the copy and its sum; refusals by value and index", () => {
    const { values, total } = copyWeights([1, 0, 2.5], 3, "float64");
    expect([...values]).toEqual([1, 0, 2.5]);
    expect(total).toBe(3.5);
    expect(copyWeights(Uint8Array.of(0, 3), 2, "float32").total).toBe(3);
    const negative = invalid(() => copyWeights([1, -0.5], 2, "float64"), "sampleWeight");
    expect([negative.value, negative.index]).toEqual([-0.5, 1]);
    const text = invalid(() => copyWeights([1, "1"], 2, "float64"), "sampleWeight");
    expect(text.message).toMatch(/sampleWeight\[1\] = "1"; weights must be finite numbers ≥ 0 \(only values of type number/);
    const infinite = invalid(() => copyWeights([1, Infinity], 2, "float64"), "sampleWeight");
    expect(infinite.message).toMatch(/sampleWeight\[1\] = Infinity; weights must be finite numbers ≥ 0\.$/);
    const overflow = invalid(() => copyWeights([1, 1e39], 2, "float32"), "sampleWeight");
    expect([overflow.value, overflow.index]).toEqual([1e39, 1]);
    const underflow = invalid(() => copyWeights([1, 1e-50], 2, "float32"), "sampleWeight");
    expect(underflow.message).toMatch(/rounds to 0 in float32/);
    expect(copyWeights([1, 1e-50], 2, "float64").total).toBe(1 + 1e-50);
    expect(invalid(() => copyWeights([1e308, 1e308], 2, "float64"), "sampleWeight").value).toBe(Infinity);
    expect(invalid(() => copyWeights([0, 0], 2, "float64"), "sampleWeight").value).toBe(0);
    expect(invalid(() => copyWeights([1], 2, "float64"), "sampleWeight").value).toBe(1);
  });

  it("copyParameters: the count named with the shape; float32 overflow by index", () => {
    expect([...copyParameters([1, 2], 2, "coefficients", "features × classes", "float32")]).toEqual([1, 2]);
    const count = invalid(() => copyParameters([1], 2, "coefficients", "features × classes", "float64"), "coefficients");
    expect(count.message).toMatch(/it has 1 values but features × classes = 2 are expected/);
    const overflow = invalid(() => copyParameters([0, 1, -1e39], 3, "intercept", "classes", "float32"), "intercept");
    expect([overflow.value, overflow.index]).toEqual([-1e39, 2]);
    expect(copyParameters([0, 1, -1e39], 3, "intercept", "classes", "float64")[2]).toBe(-1e39);
  });
});
