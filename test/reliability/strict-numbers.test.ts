// Issue 8, findings 7 and 8: non-numbers in X were silently numbers (null, "", " ", [] → 0, "0x10"
// → 16, true → 1, [5] → 5), a string was accepted as flat data, a Proxy y that changed after
// validation put stale or out-of-domain values into WASM memory, BigInt/Symbol cells gave a bare
// TypeError; and under float32, y or weights of 1e39 (→ Infinity) and weights of 1e-46 (→ 0) were
// not refused.
import { describe, expect, test } from "vitest";
import { InvalidDataError, Trainer, WasmMleError } from "../../dist/index.js";
import { syntheticData } from "../helpers/fixtures.js";
import { thrownBy } from "../helpers/thrown.js";

const { X, y } = syntheticData("bernoulli", 50, 3, 41);

function expectInvalid(run: () => unknown, field: string, pattern: RegExp, index?: number): InvalidDataError {
  const error = thrownBy(run);
  expect(error).toBeInstanceOf(InvalidDataError);
  expect(error).toBeInstanceOf(WasmMleError);
  expect((error as InvalidDataError).field).toBe(field);
  expect((error as Error).message).toMatch(pattern);
  if (index !== undefined) expect((error as InvalidDataError).index).toBe(index);
  return error as InvalidDataError;
}

const NOT_NUMBERS: [string, unknown, RegExp][] = [
  ["null", null, /= null is not a finite number/],
  ["the empty string", "", /= "" is not a finite number/],
  ["a blank string", " ", /= " " is not a finite number/],
  ["an empty array", [], /= an array of length 0 is not a finite number/],
  ["a hex string", "0x10", /= "0x10" is not a finite number/],
  ["true", true, /= true is not a finite number/],
  ["an array holding a number", [5], /= an array of length 1 is not a finite number/],
  ["undefined (a hole)", undefined, /= undefined is not a finite number/],
  ["a numeric string", "1.5", /= "1.5" is not a finite number/],
  ["a Number object", Object(2), /= an object \(Number\) is not a finite number/],
  ["a BigInt", 7n, /= the BigInt 7n is not a finite number/],
  ["a Symbol", Symbol("s"), /= a symbol \(s\) is not a finite number/],
  ["a Date", new Date(0), /= an object \(Date\) is not a finite number/],
];

describe("X accepts only finite JS numbers, and names row, column and value", () => {
  for (const [name, value, message] of NOT_NUMBERS) {
    test(`${name} in an array of rows`, async () => {
      const trainer = await Trainer.create({ family: "bernoulli", optimizer: "gd" });
      const rows = X.map((row) => [...row]) as unknown[][];
      rows[7][2] = value;
      const error = expectInvalid(() => trainer.fit(rows as number[][], y), "X", new RegExp(`X\\[7\\]\\[2\\] ${message.source}`), 7 * 3 + 2);
      expect(error.value).toBe(value);
      expect(error.message).toMatch(/none is converted/);
      trainer.dispose();
    });

    test(`${name} in flat data`, async () => {
      const trainer = await Trainer.create({ family: "bernoulli", optimizer: "gd" });
      const data: unknown[] = X.flat();
      data[10] = value;
      expectInvalid(() => trainer.fit({ data: data as number[], rows: 50, cols: 3 }, y), "X", new RegExp(`X\\[3\\]\\[1\\] ${message.source}`), 10);
      trainer.dispose();
    });

    test(`${name} in y and in sampleWeight`, async () => {
      const trainer = await Trainer.create({ family: "gaussian", optimizer: "gd" });
      const badY: unknown[] = [...y];
      badY[4] = value;
      expectInvalid(() => trainer.fit(X, badY as number[]), "y", /y\[4\] = .*(not a finite number|none is converted)/, 4);
      const weights: unknown[] = y.map(() => 1);
      weights[9] = value;
      expectInvalid(() => trainer.fit(X, y, { sampleWeight: weights as number[] }), "sampleWeight", /sampleWeight\[9\] = .*weights must be finite numbers/, 9);
      trainer.dispose();
    });
  }

  test("flat data that is a string, a BigInt array or a DataView is refused; rows that are strings too", async () => {
    const trainer = await Trainer.create({ family: "bernoulli", optimizer: "gd" });
    expectInvalid(() => trainer.fit({ data: "1234" as unknown as number[], rows: 2, cols: 2 }, [0, 1]), "X", /data must be an array or numeric typed array .* not "1234"/);
    expectInvalid(() => trainer.fit({ data: new BigInt64Array(4) as unknown as number[], rows: 2, cols: 2 }, [0, 1]), "X", /not a BigInt64Array/);
    expectInvalid(() => trainer.fit({ data: new BigUint64Array(4) as unknown as number[], rows: 2, cols: 2 }, [0, 1]), "X", /not a BigUint64Array/);
    expectInvalid(() => trainer.fit({ data: new DataView(new ArrayBuffer(32)) as unknown as number[], rows: 2, cols: 2 }, [0, 1]), "X", /not a DataView/);
    expectInvalid(() => trainer.fit(["12", "34"] as unknown as number[][], [0, 1]), "X", /row 0 is "12"/);
    expectInvalid(() => trainer.fit(X, "01".repeat(25) as unknown as number[]), "y", /not "0101/);
    expectInvalid(() => trainer.fit(X, new BigInt64Array(50) as unknown as number[]), "y", /not a BigInt64Array/);
    trainer.dispose();
  });

  test("every numeric typed array is accepted (bulk copy) and gives the same fit as plain numbers", async () => {
    const small = X.map((row) => row.map((v) => Math.round(10 * v)));
    const trainer = await Trainer.create({ family: "bernoulli", optimizer: "newton" });
    const reference = trainer.fit(small, y);
    for (const Type of [Float64Array, Float32Array, Int8Array, Int16Array, Int32Array]) {
      const data = Type.from(small.flat());
      const fit = trainer.fit({ data, rows: 50, cols: 3 }, Type === Float64Array ? Float64Array.from(y) : Uint8Array.from(y));
      expect(Array.from(fit.coefficients)).toEqual(Array.from(reference.coefficients));
      const rowsOfTyped = small.map((row) => Type.from(row));
      expect(Array.from(trainer.fit(rowsOfTyped, y).coefficients)).toEqual(Array.from(reference.coefficients));
    }
    const unsigned = small.map((row) => row.map((v) => v + 40));
    const shifted = trainer.fit(unsigned, y);
    for (const Type of [Uint8Array, Uint8ClampedArray, Uint16Array, Uint32Array]) {
      const fit = trainer.fit({ data: Type.from(unsigned.flat()), rows: 50, cols: 3 }, y);
      expect(Array.from(fit.coefficients)).toEqual(Array.from(shifted.coefficients));
    }
    trainer.dispose();
  });
});

describe("values are read once; the copy is what is checked and used", () => {
  /** An array-like Proxy whose every later read of an index returns `later` instead. */
  function changingAfterFirstRead<T>(values: T[], later: T): T[] {
    const reads = new Map<string, number>();
    return new Proxy(values, {
      get(target, key, receiver) {
        if (typeof key === "string" && /^\d+$/.test(key)) {
          const count = (reads.get(key) ?? 0) + 1;
          reads.set(key, count);
          return count === 1 ? target[Number(key)] : later;
        }
        return Reflect.get(target, key, receiver);
      },
    });
  }

  test("a Proxy y that would turn out-of-domain after its check cannot reach WASM", async () => {
    const trainer = await Trainer.create({ family: "bernoulli", optimizer: "newton" });
    const reference = trainer.fit(X, y);
    const referenceTerms = reference.summary().terms;
    const fit = trainer.fit(X, changingAfterFirstRead([...y], 7));
    expect(Array.from(fit.coefficients)).toEqual(Array.from(reference.coefficients));
    expect(fit.logLikelihood).toBe(reference.logLikelihood);
    expect(fit.summary().terms).toEqual(referenceTerms);
    trainer.dispose();
  });

  test("Proxy rows, Proxy weights and a Proxy flat X are read once too", async () => {
    const trainer = await Trainer.create({ family: "bernoulli", optimizer: "newton" });
    const weights = y.map((_, i) => 1 + (i % 3));
    const reference = trainer.fit(X, y, { sampleWeight: weights });
    const rows = X.map((row) => changingAfterFirstRead([...row], Number.NaN));
    const fit = trainer.fit(rows, y, { sampleWeight: changingAfterFirstRead([...weights], -1) });
    expect(Array.from(fit.coefficients)).toEqual(Array.from(reference.coefficients));
    const flat = trainer.fit({ data: changingAfterFirstRead(X.flat(), Number.NaN), rows: 50, cols: 3 }, y, { sampleWeight: weights });
    expect(Array.from(flat.coefficients)).toEqual(Array.from(reference.coefficients));
    trainer.dispose();
  });
});

describe("float32 storage: values that overflow or vanish are refused", () => {
  test("y of 1e39 overflows float32", async () => {
    const trainer = await Trainer.create({ dtype: "float32", optimizer: "gd" });
    const bad = y.map((v, i) => (i === 3 ? 1e39 : v));
    expectInvalid(() => trainer.fit(X, bad), "y", /y\[3\] = 1e\+39 overflows float32/, 3);
    const poisson = await Trainer.create({ family: "poisson", dtype: "float32", optimizer: "gd" });
    expectInvalid(() => poisson.fit(X, bad), "y", /y\[3\] = 1e\+39 overflows float32/, 3);
    // the same values are fine in float64
    const f64 = await Trainer.create({ optimizer: "newton" });
    expect(() => f64.fit(X, bad)).not.toThrow();
  });

  test("a weight of 1e39 overflows float32; a weight of 1e-46 would round to 0 and drop its row", async () => {
    const trainer = await Trainer.create({ family: "bernoulli", dtype: "float32", optimizer: "gd" });
    const weights = y.map(() => 1);
    expectInvalid(() => trainer.fit(X, y, { sampleWeight: weights.map((w, i) => (i === 8 ? 1e39 : w)) }), "sampleWeight", /sampleWeight\[8\] = 1e\+39 overflows float32/, 8);
    expectInvalid(() => trainer.fit(X, y, { sampleWeight: weights.map((w, i) => (i === 2 ? 1e-46 : w)) }), "sampleWeight", /sampleWeight\[2\] = 1e-46 rounds to 0 in float32/, 2);
    // an explicit 0 stays allowed, and the smallest float32 subnormal does not round to 0
    expect(() => trainer.fit(X, y, { sampleWeight: weights.map((w, i) => (i === 2 ? 0 : i === 3 ? 1.5e-45 : w)) })).not.toThrow();
    // float64 takes both
    const f64 = await Trainer.create({ family: "bernoulli", optimizer: "gd" });
    expect(() => f64.fit(X, y, { sampleWeight: weights.map((w, i) => (i === 2 ? 1e-46 : w)) })).not.toThrow();
  });

  test("X that overflows float32 names row, column and the original value", async () => {
    const trainer = await Trainer.create({ dtype: "float32", optimizer: "gd" });
    const rows = X.map((row) => [...row]);
    rows[4][1] = -2e39;
    expectInvalid(() => trainer.fit(rows, y), "X", /X\[4\]\[1\] = -2e\+39 overflows float32/, 13);
    expectInvalid(() => trainer.fit({ data: Float64Array.from(rows.flat()), rows: 50, cols: 3 }, y), "X", /X\[4\]\[1\] = -2e\+39 overflows float32/, 13);
  });

  test("weights whose sum overflows are refused", async () => {
    const trainer = await Trainer.create({ family: "bernoulli", optimizer: "gd" });
    expectInvalid(() => trainer.fit(X, y, { sampleWeight: y.map(() => 1e307) }), "sampleWeight", /sum to Infinity/);
  });
});
