// Seeded sampling: xoshiro256** seeded by splitmix64, Lemire's bounded integers, Fisher–Yates.
//
// Known answers were computed outside this repository from the reference algorithms at
// https://prng.di.unimi.it/ (splitmix64.c, xoshiro256starstar.c), twice and independently:
// the C sources transcribed and compiled with gcc -O2, and a Node 20 BigInt transcription; both
// printed the same values. The bounded draws and the shuffle come from the BigInt script applying
// Lemire's rule (high 32 bits of next() × range, redraw while the low 32 bits < (2³² − range) mod
// range) and Durstenfeld's loop (i = n−1 … 1, j = bounded(i + 1), swap) to that stream.
// Cross-check: splitmix64's first output from state 0 is the widely published 0xE220A8397B1DCDAF.
import {
  boundedU32, drawWithReplacement, identityOrder, nextU64, seedRng, shuffle,
} from "../../assembly/kernels/sampling";
import { allocate, at, put } from "./support";

const SENTINEL: u32 = 0xDEADBEEF;

// seedRng(0): the four splitmix64 outputs, then the first six xoshiro256** outputs.
const SEED_0_STATE: StaticArray<u64> = [0xe220a8397b1dcdaf, 0x6e789e6aa1b965f4, 0x06c45d188009454f, 0xf88bb8a8724c81ec];
const SEED_0_OUTPUT: StaticArray<u64> = [
  0x99ec5f36cb75f2b4, 0xbf6e1f784956452a, 0x1a5f849d4933e6e0,
  0x6aa594f1262d2d2c, 0xbba5ad4a1f842e59, 0xffef8375d9ebcaca,
];
const SEED_42_STATE: StaticArray<u64> = [0xbdd732262feb6e95, 0x28efe333b266f103, 0x47526757130f9f52, 0x581ce1ff0e4ae394];
const SEED_42_OUTPUT: StaticArray<u64> = [
  0x15780b2e0c2ec716, 0x6104d9866d113a7e, 0xae17533239e499a1,
  0xecb8ad4703b360a1, 0xfde6dc7fe2ec5e64, 0xc50da53101795238,
];
// The largest seed the host accepts: 2⁵³ − 1 = 9007199254740991.
const SEED_MAX_OUTPUT: StaticArray<u64> = [
  0x38daf29b1ebbe041, 0xdb282e495b1b8379, 0x1b5b097bad6154c0,
  0xbc60d3d05dd113f9, 0xa1f2218f7f4a26ef, 0x1eb0b1aea70d82c3,
];

function expectStream(seed: f64, expected: StaticArray<u64>): void {
  const rng = allocate<u64>(4);
  seedRng(rng, seed);
  for (let i = 0; i < expected.length; i++) {
    expect<u64>(nextU64(rng)).toBe(expected[i], "output " + i.toString() + " for seed " + seed.toString());
  }
  heap.free(rng);
}

function isPermutation(order: usize, n: i32): bool {
  const seen = allocate<u8>(n);
  let ok = true;
  for (let i = 0; i < n; i++) {
    const id = at<u32>(order, i);
    if (id >= <u32>n || load<u8>(seen + id) != 0) {
      ok = false;
      break;
    }
    store<u8>(seen + id, 1);
  }
  heap.free(seen);
  return ok;
}

describe("xoshiro256** seeded by splitmix64", () => {
  it("seedRng fills the state with the first four splitmix64 outputs", () => {
    const rng = allocate<u64>(4);
    seedRng(rng, 0);
    for (let k = 0; k < 4; k++) expect<u64>(at<u64>(rng, k)).toBe(SEED_0_STATE[k], "seed 0, word " + k.toString());
    seedRng(rng, 42);
    for (let k = 0; k < 4; k++) expect<u64>(at<u64>(rng, k)).toBe(SEED_42_STATE[k], "seed 42, word " + k.toString());
    heap.free(rng);
  });

  it("nextU64 reproduces the reference stream for seeds 0, 42 and 2⁵³ − 1", () => {
    expectStream(0, SEED_0_OUTPUT);
    expectStream(42, SEED_42_OUTPUT);
    expectStream(9007199254740991, SEED_MAX_OUTPUT);
  });

  it("reseeding restarts the stream; different seeds give different streams", () => {
    const a = allocate<u64>(4);
    const b = allocate<u64>(4);
    seedRng(a, 123);
    for (let i = 0; i < 10; i++) nextU64(a);
    seedRng(a, 123);
    seedRng(b, 123);
    for (let i = 0; i < 100; i++) expect<u64>(nextU64(a)).toBe(nextU64(b), "draw " + i.toString());
    seedRng(a, 123);
    seedRng(b, 124);
    expect<u64>(nextU64(a)).not.toBe(nextU64(b));
    heap.free(a);
    heap.free(b);
  });
});

describe("boundedU32 (Lemire)", () => {
  it("known answers for seed 42", () => {
    const rng = allocate<u64>(4);
    seedRng(rng, 42);
    const ranges: StaticArray<u32> = [1, 2, 3, 10, 1000, 4294967295];
    const expected: StaticArray<u32> = [0, 0, 2, 9, 991, 3306005808];
    for (let i = 0; i < ranges.length; i++) {
      expect<u32>(boundedU32(rng, ranges[i])).toBe(expected[i], "range " + ranges[i].toString());
    }
    heap.free(rng);
  });

  it("rejection path: range 3·10⁹ redraws 4 times in 8 draws, then the stream continues in step", () => {
    // threshold = (2³² − 3·10⁹) mod 3·10⁹ = 1294967296, so about 30% of draws are redrawn.
    const rng = allocate<u64>(4);
    seedRng(rng, 42);
    const expected: StaticArray<u32> = [
      1136940751, 2040130232, 2774078835, 2157775733, 2284123142, 1750047928, 2047358608, 872033284,
    ];
    for (let i = 0; i < expected.length; i++) {
      expect<u32>(boundedU32(rng, 3000000000)).toBe(expected[i], "draw " + i.toString());
    }
    // 12 outputs consumed; the 13th output of seed 42 is:
    expect<u64>(nextU64(rng)).toBe(0xcd0feda93006c6b6);
    heap.free(rng);
  });

  it("stays in [0, range) and hits every value, ranges 1..17 and 2³¹ + 1", () => {
    const rng = allocate<u64>(4);
    seedRng(rng, 2024);
    const hits = allocate<u32>(17);
    for (let range: u32 = 1; range <= 17; range++) {
      memory.fill(hits, 0, 17 << 2);
      let outOfRange = 0;
      for (let t: u32 = 0; t < 64 * range; t++) {
        const v = boundedU32(rng, range);
        if (v >= range) outOfRange++;
        else put<u32>(hits, <i32>v, at<u32>(hits, <i32>v) + 1);
      }
      expect<i32>(outOfRange).toBe(0, "out-of-range draws for range " + range.toString());
      for (let v = 0; v < <i32>range; v++) {
        expect<u32>(at<u32>(hits, v)).toBeGreaterThan(0, "value " + v.toString() + " never drawn, range " + range.toString());
      }
    }
    const big: u32 = 0x80000001;
    let maxSeen: u32 = 0;
    for (let t = 0; t < 2000; t++) {
      const v = boundedU32(rng, big);
      expect<bool>(v < big).toBe(true, "range 2³¹ + 1");
      if (v > maxSeen) maxSeen = v;
    }
    expect<u32>(maxSeen).toBeGreaterThan(0x70000000, "large range reaches its top eighth");
    heap.free(hits);
    heap.free(rng);
  });

  it("is close to uniform: 100000 draws from 10 values, each count within 5% of 10000 (≈5 s.d.)", () => {
    const rng = allocate<u64>(4);
    seedRng(rng, 7);
    const counts = allocate<u32>(10);
    for (let t = 0; t < 100000; t++) {
      const v = <i32>boundedU32(rng, 10);
      put<u32>(counts, v, at<u32>(counts, v) + 1);
    }
    for (let v = 0; v < 10; v++) {
      const c = at<u32>(counts, v);
      expect<u32>(c).toBeGreaterThan(9500, "count of " + v.toString());
      expect<u32>(c).toBeLessThan(10500, "count of " + v.toString());
    }
    heap.free(counts);
    heap.free(rng);
  });
});

describe("orders", () => {
  it("identityOrder writes 0..n−1 and nothing past n", () => {
    for (let n = 0; n <= 9; n++) {
      const order = allocate<u32>(n + 2);
      put<u32>(order, n, SENTINEL);
      put<u32>(order, n + 1, SENTINEL);
      identityOrder(order, n);
      for (let i = 0; i < n; i++) expect<u32>(at<u32>(order, i)).toBe(<u32>i);
      expect<u32>(at<u32>(order, n)).toBe(SENTINEL, "wrote past n = " + n.toString());
      heap.free(order);
    }
  });

  it("shuffle: known answer for seed 7, n = 10", () => {
    const rng = allocate<u64>(4);
    const order = allocate<u32>(10);
    seedRng(rng, 7);
    identityOrder(order, 10);
    shuffle(order, 10, rng);
    const expected: StaticArray<u32> = [1, 8, 3, 0, 4, 5, 9, 6, 2, 7];
    for (let i = 0; i < 10; i++) expect<u32>(at<u32>(order, i)).toBe(expected[i], "order[" + i.toString() + "]");
    heap.free(order);
    heap.free(rng);
  });

  it("shuffle yields a permutation for n = 0..40 and never writes past n", () => {
    const rng = allocate<u64>(4);
    seedRng(rng, 99);
    for (let n = 0; n <= 40; n++) {
      const order = allocate<u32>(n + 1);
      identityOrder(order, n);
      put<u32>(order, n, SENTINEL);
      shuffle(order, n, rng);
      expect<bool>(isPermutation(order, n)).toBe(true, "n = " + n.toString());
      expect<u32>(at<u32>(order, n)).toBe(SENTINEL, "wrote past n = " + n.toString());
      heap.free(order);
    }
    heap.free(rng);
  });

  it("shuffle is deterministic per seed and differs across seeds; n ≤ 1 draws nothing", () => {
    const rng = allocate<u64>(4);
    const a = allocate<u32>(20);
    const b = allocate<u32>(20);
    seedRng(rng, 5);
    identityOrder(a, 20);
    shuffle(a, 20, rng);
    seedRng(rng, 5);
    identityOrder(b, 20);
    shuffle(b, 20, rng);
    expect<i32>(memory.compare(a, b, 20 << 2)).toBe(0, "same seed, same order");
    seedRng(rng, 6);
    identityOrder(b, 20);
    shuffle(b, 20, rng);
    expect<i32>(memory.compare(a, b, 20 << 2)).not.toBe(0, "different seed, different order");
    seedRng(rng, 0);
    shuffle(a, 1, rng);
    shuffle(a, 0, rng);
    expect<u64>(nextU64(rng)).toBe(SEED_0_OUTPUT[0], "shuffling 0 or 1 element consumes no randomness");
    heap.free(a);
    heap.free(b);
    heap.free(rng);
  });

  it("shuffle draws what boundedU32 draws, redraws included, and leaves the same generator state", () => {
    // shuffle keeps the generator state in locals; this is the loop it replaces, written with
    // nextU64 and Lemire's rule so that it can count redraws. n = 300 000 makes about
    // n²/2³³ ≈ 10 redraws per shuffle, so the rejection path is exercised, not just compiled.
    const n = 300_000;
    const rngA = allocate<u64>(4);
    const rngB = allocate<u64>(4);
    const a = allocate<u32>(n);
    const b = allocate<u32>(n);
    let redraws = 0;
    for (let seed = 1; seed <= 3; seed++) {
      seedRng(rngA, <f64>seed);
      seedRng(rngB, <f64>seed);
      identityOrder(a, n);
      identityOrder(b, n);
      for (let i = n - 1; i > 0; i--) {
        const range = <u32>(i + 1);
        let m = (nextU64(rngA) >> 32) * <u64>range;
        let low = <u32>m;
        if (low < range) {
          const threshold: u32 = (<u32>0 - range) % range;
          while (low < threshold) {
            redraws++;
            m = (nextU64(rngA) >> 32) * <u64>range;
            low = <u32>m;
          }
        }
        const j = <i32>(m >> 32);
        const tmp = at<u32>(a, i);
        put<u32>(a, i, at<u32>(a, j));
        put<u32>(a, j, tmp);
      }
      shuffle(b, n, rngB);
      expect<i32>(memory.compare(a, b, <usize>n << 2)).toBe(0, "same order, seed " + seed.toString());
      expect<i32>(memory.compare(rngA, rngB, 32)).toBe(0, "same generator state after, seed " + seed.toString());
    }
    expect<i32>(redraws).toBeGreaterThan(0, "no redraw happened: the rejection path went untested");
    heap.free(a);
    heap.free(b);
    heap.free(rngA);
    heap.free(rngB);
  });

  it("drawWithReplacement stays in [0, n), covers it, and writes exactly count values", () => {
    const rng = allocate<u64>(4);
    seedRng(rng, 11);
    const out = allocate<u32>(1001);
    put<u32>(out, 1000, SENTINEL);
    drawWithReplacement(out, 1000, 7, rng);
    const seen = allocate<u32>(7);
    for (let t = 0; t < 1000; t++) {
      const v = at<u32>(out, t);
      expect<bool>(v < 7).toBe(true, "draw " + t.toString() + " = " + v.toString());
      if (v < 7) put<u32>(seen, <i32>v, 1);
    }
    for (let v = 0; v < 7; v++) expect<u32>(at<u32>(seen, v)).toBe(1, "value " + v.toString() + " never drawn");
    expect<u32>(at<u32>(out, 1000)).toBe(SENTINEL, "wrote past count");
    drawWithReplacement(out, 50, 1, rng);
    for (let t = 0; t < 50; t++) expect<u32>(at<u32>(out, t)).toBe(0, "n = 1 always draws 0");
    put<u32>(out, 0, SENTINEL);
    drawWithReplacement(out, 0, 7, rng);
    expect<u32>(at<u32>(out, 0)).toBe(SENTINEL, "count = 0 writes nothing");
    // The draws are boundedU32(n) in sequence from the same stream.
    const twin = allocate<u64>(4);
    seedRng(rng, 42);
    seedRng(twin, 42);
    drawWithReplacement(out, 100, 13, rng);
    for (let t = 0; t < 100; t++) expect<u32>(at<u32>(out, t)).toBe(boundedU32(twin, 13), "draw " + t.toString());
    heap.free(twin);
    heap.free(seen);
    heap.free(out);
    heap.free(rng);
  });
});
