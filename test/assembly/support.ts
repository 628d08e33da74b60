// Shared helpers for the kernel specs. The kernels take raw pointers, so the specs hand them raw,
// zeroed heap buffers exactly as the host does, and compare results either bit for bit (where the
// computation is deterministic) or within a tolerance stated next to each check.

/** A zeroed buffer of `count` values of T (never collected; release with heap.free). */
export function allocate<T>(count: i32): usize {
  const bytes = <usize>max(count, 1) << alignof<T>();
  const pointer = heap.alloc(bytes);
  memory.fill(pointer, 0, bytes);
  return pointer;
}

// @ts-ignore: decorator
@inline export function at<T>(pointer: usize, i: i32): T {
  return load<T>(pointer + (<usize>i << alignof<T>()));
}

// @ts-ignore: decorator
@inline export function put<T>(pointer: usize, i: i32, value: T): void {
  store<T>(pointer + (<usize>i << alignof<T>()), value);
}

/** Writes `values` (given as f64, converted to T) from index 0. */
export function putAll<T>(pointer: usize, values: f64[]): void {
  for (let i = 0; i < values.length; i++) put<T>(pointer, i, <T>values[i]);
}

/**
 * Deterministic test data: a 32-bit LCG (Numerical Recipes constants 1664525, 1013904223), two
 * draws per value for a full 53-bit fraction, so f64 products and sums are not exact and f32
 * values round on conversion. Values lie in [-1, 1).
 */
export class TestData {
  private state: u32;
  constructor(seed: u32) {
    this.state = seed;
  }
  private nextBits(): u32 {
    this.state = this.state * 1664525 + 1013904223;
    return this.state;
  }
  next(): f64 {
    const high = <u64>(this.nextBits() >> 6); // 26 bits
    const low = <u64>(this.nextBits() >> 5); // 27 bits
    return <f64>((high << 27) | low) * f64.EPSILON - 1.0; // 2⁻⁵² scales 53 bits to [0, 2)
  }
  fill<T>(pointer: usize, count: i32): void {
    for (let i = 0; i < count; i++) put<T>(pointer, i, <T>this.next());
  }
}

/** Bit pattern of a T as u64, so NaN, −0 and last-bit differences all count as differences. */
// @ts-ignore: decorator
@inline export function bitsOf<T>(value: T): u64 {
  if (sizeof<T>() == 4) return <u64>reinterpret<u32>(<f32>value);
  return reinterpret<u64>(<f64>value);
}

/** First index < count where the two buffers differ bitwise, or −1. */
export function firstBitDifference<T>(a: usize, b: usize, count: i32): i32 {
  for (let i = 0; i < count; i++) {
    if (bitsOf<T>(at<T>(a, i)) != bitsOf<T>(at<T>(b, i))) return i;
  }
  return -1;
}

/** |actual − expected| ≤ tolerance (absolute), reported with the context in `message`. */
export function expectWithin(actual: f64, expected: f64, tolerance: f64, message: string): void {
  expect<bool>(isFinite(actual)).toBe(true, message + ": result is not finite");
  expect<f64>(Math.abs(actual - expected)).toBeLessThanOrEqual(tolerance, message);
}

/** |actual − expected| ≤ rtol·|expected| (relative), for values away from zero. */
export function expectRelative(actual: f64, expected: f64, rtol: f64, message: string): void {
  expectWithin(actual, expected, rtol * Math.abs(expected), message);
}

/** The precision's machine epsilon as f64 (2⁻²³ for f32, 2⁻⁵² for f64). */
// @ts-ignore: decorator
@inline export function epsilonOf<T>(): f64 {
  return sizeof<T>() == 4 ? <f64>f32.EPSILON : f64.EPSILON;
}

export function typeName<T>(): string {
  return sizeof<T>() == 4 ? "f32" : "f64";
}

/** n values of T from `pointer`, widened to f64 (to hand to a plain-TypeScript twin). */
export function toArray<T>(pointer: usize, n: i32): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = <f64>at<T>(pointer, i);
  return out;
}

/**
 * A kernel's n values against its TypeScript twin's: bit for bit in f64; in f32 (the twin run in
 * f64 on the same f32 inputs) |Δ| ≤ 1e-4·(1 + |x|) per value.
 */
export function expectTwinClose<T>(pointer: usize, twin: Float64Array, n: i32, what: string): void {
  for (let i = 0; i < n; i++) {
    const actual = <f64>at<T>(pointer, i);
    if (sizeof<T>() == 8) {
      expect<u64>(bitsOf<T>(<T>actual)).toBe(reinterpret<u64>(twin[i]), what + " vs TS twin bitwise at " + i.toString());
    } else {
      expect<f64>(Math.abs(actual - twin[i])).toBeLessThanOrEqual(1e-4 * (1.0 + Math.abs(twin[i])), what + " vs TS twin at " + i.toString());
    }
  }
}
