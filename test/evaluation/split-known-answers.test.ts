// trainTestSplit's rows against an independent implementation of its generator
// (test/fixtures/split_generator.json, made by test/fixtures/gen/split_generator.py from the
// published xoshiro128** and the seeding split.ts documents), and its option and data refusals
// field by field.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { InvalidDataError, InvalidOptionError, trainTestSplit } from "../../dist/index.js";
import { shuffledRows } from "../../dist/evaluation/split.js";
import { thrownBy } from "../helpers/thrown.js";

interface Fixture {
  permutations: { n: number; seed: number; order: number[] }[];
  largePermutation: { n: number; seed: number; sha256: string; first: number[]; last: number[] };
  splits: { labels: number[]; testSize: number; seed: number; stratify: boolean; testIndex: number[]; trainIndex: number[] }[];
}
const fixture = JSON.parse(readFileSync(new URL("../fixtures/split_generator.json", import.meta.url), "utf8")) as Fixture;

const rows = (n: number) => Array.from({ length: n }, (_, i) => [i, -i]);

describe("the seeded shuffle and split, bit for bit", () => {
  for (const { n, seed, order } of fixture.permutations) {
    it(`shuffledRows(${n}, ${seed}) is the reference permutation`, () => {
      expect([...shuffledRows(n, seed)]).toEqual(order);
    });
  }

  it("a shuffle of 1,000,003 rows, whose draws include the rejected top range of 2^32, is the reference's (SHA-256)", () => {
    const { n, seed, sha256, first, last } = fixture.largePermutation;
    const order = shuffledRows(n, seed);
    expect([...order.subarray(0, 5)]).toEqual(first);
    expect([...order.subarray(n - 5)]).toEqual(last);
    expect(createHash("sha256").update(new Uint8Array(order.buffer, order.byteOffset, order.byteLength)).digest("hex")).toBe(sha256);
  });

  for (const { labels, testSize, seed, stratify, testIndex, trainIndex } of fixture.splits) {
    it(`trainTestSplit of ${labels.length} rows, testSize ${testSize}, seed ${seed}${stratify ? ", stratified" : ""}: the reference rows in order`, () => {
      const X = rows(labels.length);
      const split = trainTestSplit(X, labels, { testSize, seed, stratify });
      expect([...split.testIndex]).toEqual(testIndex);
      expect([...split.trainIndex]).toEqual(trainIndex);
      expect([...split.yTest]).toEqual(testIndex.map((i) => labels[i]));
      expect([...split.yTrain]).toEqual(trainIndex.map((i) => labels[i]));
      expect(split.XTest).toEqual(testIndex.map((i) => X[i]));
      expect(split.XTrain).toEqual(trainIndex.map((i) => X[i]));
      // The flat form takes the same rows, every column of each.
      const flat = trainTestSplit({ data: Float64Array.from(X.flat()), rows: X.length, cols: 2 }, labels, { testSize, seed, stratify });
      expect(flat.XTest.rows).toBe(testIndex.length);
      expect(flat.XTrain.rows).toBe(trainIndex.length);
      expect(flat.XTest.cols).toBe(2);
      expect([...flat.XTest.data]).toEqual(testIndex.flatMap((i) => X[i]));
      expect([...flat.XTrain.data]).toEqual(trainIndex.flatMap((i) => X[i]));
    });
  }

  it("defaults: testSize 0.25, seed 0, no stratification", () => {
    const y = Array.from({ length: 10 }, (_, i) => i % 2);
    const byDefault = trainTestSplit(rows(10), y);
    const explicit = trainTestSplit(rows(10), y, { testSize: 0.25, seed: 0, stratify: false });
    expect(byDefault.testIndex.length).toBe(3);
    expect([...byDefault.testIndex]).toEqual([...explicit.testIndex]);
    expect([...byDefault.testIndex]).toEqual([...shuffledRows(10, 0)].slice(0, 3));
    expect([...trainTestSplit(rows(10), y, {}).trainIndex]).toEqual([...explicit.trainIndex]);
  });

  it("the largest testSize that leaves one training row is accepted", () => {
    const split = trainTestSplit(rows(4), [0, 1, 2, 3], { testSize: 0.75 });
    expect(split.trainIndex.length).toBe(1);
    expect(split.testIndex.length).toBe(3);
  });
});

describe("refusals name the option or value", () => {
  const y4 = [0, 1, 0, 1];
  const option = (options: unknown) => thrownBy(() => trainTestSplit(rows(4), y4, options as never)) as InvalidOptionError;

  it.each([
    ["testSize", { testSize: 0.76 }, 0.76],
    ["testSize", { testSize: 0 }, 0],
    ["testSize", { testSize: 1 }, 1],
    ["testSize", { testSize: Number.NaN }, Number.NaN],
    ["testSize", { testSize: "0.5" }, "0.5"],
    ["seed", { seed: 1.5 }, 1.5],
    ["seed", { seed: -1 }, -1],
    ["seed", { seed: 2 ** 53 }, 2 ** 53],
    ["seed", { seed: "3" }, "3"],
    ["stratify", { stratify: 1 }, 1],
    ["stratify", { stratify: "yes" }, "yes"],
    ["shuffle", { shuffle: false }, false],
  ])("%s: %j", (name, options, value) => {
    const error = option(options);
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect(error.option).toBe(name);
    expect(error.value).toBe(value);
  });

  it("options that are not a plain object", () => {
    class Options {
      testSize = 0.5;
    }
    for (const options of [null, 3, "0.5", [0.5], new Options()]) {
      const error = option(options);
      expect(error).toBeInstanceOf(InvalidOptionError);
      expect(error.option).toBe("options");
      expect(error.value).toBe(options);
    }
    // An inherited testSize is not an option of the split.
    const inherited = Object.assign(Object.create({ testSize: 0.5 }), {}) as object;
    expect(option(inherited).option).toBe("options");
  });

  it("the largest seed is accepted, and a high seed is not its low 32 bits", () => {
    const y = Array.from({ length: 12 }, (_, i) => i);
    expect(trainTestSplit(rows(12), y, { seed: Number.MAX_SAFE_INTEGER }).testIndex.length).toBe(3);
    expect([...shuffledRows(12, 2 ** 32 + 5)]).not.toEqual([...shuffledRows(12, 5)]);
  });

  it("y: not an array, the wrong length, a value that is not a finite number", () => {
    for (const y of [undefined, null, 5, "0101", { length: "4" }]) {
      const error = thrownBy(() => trainTestSplit(rows(4), y as never)) as InvalidDataError;
      expect(error).toBeInstanceOf(InvalidDataError);
      expect(error.field).toBe("y");
    }
    const short = thrownBy(() => trainTestSplit(rows(4), [0, 1, 0])) as InvalidDataError;
    expect(short.field).toBe("y");
    expect(short.value).toBe(3);
    expect(short.message).toMatch(/3 values but X has 4 rows/);
    for (const [bad, at] of [[Number.POSITIVE_INFINITY, 2], ["1", 0], [null, 3]] as const) {
      const y: unknown[] = [0, 1, 0, 1];
      y[at] = bad;
      const error = thrownBy(() => trainTestSplit(rows(4), y as never)) as InvalidDataError;
      expect(error).toBeInstanceOf(InvalidDataError);
      expect(error.value).toBe(bad);
      expect(error.index).toBe(at);
    }
  });

  it("stratify needs two rows of every label; the label is named", () => {
    const error = thrownBy(() => trainTestSplit(rows(6), [2, 2, 5, 2, 7, 7], { stratify: true })) as InvalidDataError;
    expect(error).toBeInstanceOf(InvalidDataError);
    expect(error.field).toBe("y");
    expect(error.value).toBe(5);
    expect(trainTestSplit(rows(6), [2, 2, 5, 5, 7, 7], { stratify: true, testSize: 0.5 }).yTest.length).toBe(3);
  });
});
