import { describe, expect, it } from "vitest";
import { InvalidDataError, InvalidOptionError, trainTestSplit } from "../../dist/index.js";
import { thrownBy } from "../helpers/thrown.js";

const rows = (n: number) => Array.from({ length: n }, (_, i) => [i, 10 * i]);
const labels = (n: number, every: number) => Array.from({ length: n }, (_, i) => (i % every === 0 ? 1 : 0));

describe("trainTestSplit", () => {
  it("puts ⌈testSize·n⌉ rows in the test part and every row in exactly one part, X and y aligned", () => {
    for (const [n, testSize] of [[10, 0.25], [101, 0.3], [7, 0.01], [1000, 0.5]] as const) {
      const y = Array.from({ length: n }, (_, i) => i);
      const split = trainTestSplit(rows(n), y, { testSize, seed: 3 });
      expect(split.XTest.length).toBe(Math.ceil(testSize * n));
      expect(split.XTrain.length + split.XTest.length).toBe(n);
      const seen = [...split.trainIndex, ...split.testIndex].sort((a, b) => a - b);
      expect(seen).toEqual(y);
      split.XTest.forEach((row, k) => expect(row[0]).toBe(split.yTest[k]));
      split.XTrain.forEach((row, k) => expect(row[0]).toBe(split.yTrain[k]));
    }
  });

  it("is seeded: the same seed gives the same split, another seed another", () => {
    const a = trainTestSplit(rows(200), labels(200, 3), { seed: 7 });
    const b = trainTestSplit(rows(200), labels(200, 3), { seed: 7 });
    const c = trainTestSplit(rows(200), labels(200, 3), { seed: 8 });
    expect([...a.testIndex]).toEqual([...b.testIndex]);
    expect([...a.testIndex]).not.toEqual([...c.testIndex]);
  });

  it("keeps the flat { data, rows, cols } form", () => {
    const X = { data: Float64Array.from({ length: 20 }, (_, k) => k), rows: 10, cols: 2 };
    const split = trainTestSplit(X, Array.from({ length: 10 }, (_, i) => i), { testSize: 0.2 });
    expect(split.XTest.rows).toBe(2);
    expect(split.XTest.cols).toBe(2);
    split.testIndex.forEach((i, r) => expect([...split.XTest.data.subarray(2 * r, 2 * r + 2)]).toEqual([2 * i, 2 * i + 1]));
  });

  it("stratify keeps each label's share (largest remainder) in the test part", () => {
    const y = labels(103, 5); // 21 ones, 82 zeros
    const { yTest, yTrain } = trainTestSplit(rows(103), y, { testSize: 0.25, seed: 1, stratify: true });
    expect(yTest.length).toBe(26);
    // 26·21/103 = 5.30 → 5 ones; 26·82/103 = 20.70 → 21 zeros.
    expect(yTest.filter((v) => v === 1).length).toBe(5);
    expect(yTrain.filter((v) => v === 1).length).toBe(16);
  });

  it("chooses test rows uniformly: over 2,000 seeds every row is in the test part about testSize of the time", () => {
    const n = 20;
    const counts = new Float64Array(n);
    const seeds = 2000;
    for (let seed = 0; seed < seeds; seed++) for (const i of trainTestSplit(rows(n), labels(n, 4), { testSize: 0.25, seed }).testIndex) counts[i]++;
    // Binomial(2000, 0.25): sd ≈ 19.4; 5 sd either side.
    for (const c of counts) expect(Math.abs(c - 500)).toBeLessThan(97);
  });

  it("refuses bad options and data with typed errors", () => {
    expect(thrownBy(() => trainTestSplit(rows(4), [0, 1, 0, 1], { testSize: 1 }))).toBeInstanceOf(InvalidOptionError);
    expect(thrownBy(() => trainTestSplit(rows(4), [0, 1, 0, 1], { testSize: 0.9 }))).toBeInstanceOf(InvalidOptionError);
    expect(thrownBy(() => trainTestSplit(rows(4), [0, 1, 0, 1], { seed: -1 }))).toBeInstanceOf(InvalidOptionError);
    expect(thrownBy(() => trainTestSplit(rows(4), [0, 1, 0, 1], { shuffle: false } as never))).toBeInstanceOf(InvalidOptionError);
    expect(thrownBy(() => trainTestSplit(rows(4), [0, 1, 0], {}))).toBeInstanceOf(InvalidDataError);
    expect(thrownBy(() => trainTestSplit(rows(4), [0, 1, 0, Number.NaN], {}))).toBeInstanceOf(InvalidDataError);
    const single = thrownBy(() => trainTestSplit(rows(4), [0, 0, 0, 1], { stratify: true }));
    expect(single).toBeInstanceOf(InvalidDataError);
    expect((single as Error).message).toMatch(/label 1 has only 1 row/);
  });
});
