// Row-wise passes over a chunk of samples: the forward pass η = b + X·W for K outputs and the
// gradient accumulation G += Σ r·x. A chunk's rows are named either by an index array `order`
// (u32 sample ids: a shuffled epoch or draws with replacement) or, when `order` is 0, by the
// contiguous range start .. start + count (full passes: objective, gradient, predict).
//
// Parameter layout inside WASM is class-major: W[c·d + j], so each output's weights are one
// contiguous d-vector and η_c is a single dot product. The TS side converts to the public
// feature-major layout (j·K + c) when it hands coefficients out.
import { axpy, axpyWide, dot, dotWide } from "./vector";

// The parameter/accumulator type A of linearPredictor/accumulateGradient is T (the epoch: f32
// parameters and sums for f32 data, for speed) or f64 (the exact objective and gradient: f64
// parameters and sums whatever the storage type, see the wide kernels in ./vector). A is a
// compile-time choice; A = T = f64 is the same code.

// @ts-ignore: decorator
@inline function rowDot<T, A>(row: usize, w: usize, d: i32): f64 {
  if (sizeof<A>() > sizeof<T>()) return dotWide<T>(row, w, d);
  return <f64>dot<T>(row, w, d);
}

// @ts-ignore: decorator
@inline export function sampleAt(order: usize, start: i32, t: i32): i32 {
  return order != 0 ? <i32>load<u32>(order + (<usize>t << 2)) : start + t;
}

/** eta[t·K + c] = b[c] + X[row_t]·W_c, in f64, for t < count; W and b hold values of A. */
export function linearPredictor<T, A = T>(
  X: usize, d: i32, K: i32, W: usize, b: usize,
  order: usize, start: i32, count: i32, eta: usize,
): void {
  const rowBytes = <usize>d << alignof<T>();
  const weightRowBytes = <usize>d << alignof<A>();
  for (let t = 0; t < count; t++) {
    const row = X + <usize>sampleAt(order, start, t) * rowBytes;
    for (let c = 0; c < K; c++) {
      const value = <f64>load<A>(b + (<usize>c << alignof<A>())) + rowDot<T, A>(row, W + <usize>c * weightRowBytes, d);
      store<f64>(eta + ((<usize>(t * K + c)) << 3), value);
    }
  }
}

/**
 * G_c += r[t·K + c]·X[row_t] and Gb[c] += r[t·K + c]; r already carries the sample weight.
 * G and Gb hold values of the accumulator type A.
 */
export function accumulateGradient<T, A = T>(
  X: usize, d: i32, K: i32, G: usize, Gb: usize,
  order: usize, start: i32, count: i32, residual: usize,
): void {
  const rowBytes = <usize>d << alignof<T>();
  const gradientRowBytes = <usize>d << alignof<A>();
  for (let t = 0; t < count; t++) {
    const row = X + <usize>sampleAt(order, start, t) * rowBytes;
    for (let c = 0; c < K; c++) {
      const r = load<f64>(residual + ((<usize>(t * K + c)) << 3));
      if (sizeof<A>() > sizeof<T>()) axpyWide<T>(G + <usize>c * gradientRowBytes, row, r, d);
      else axpy<T>(G + <usize>c * rowBytes, row, <T>r, d);
      const gbPtr = Gb + (<usize>c << alignof<A>());
      store<A>(gbPtr, load<A>(gbPtr) + <A>r);
    }
  }
}

/** Σ s over the chunk's samples (count when unweighted). */
export function sumWeights<T>(sw: usize, order: usize, start: i32, count: i32): f64 {
  if (sw == 0) return <f64>count;
  let sum = 0.0;
  for (let t = 0; t < count; t++) {
    sum += <f64>load<T>(sw + (<usize>sampleAt(order, start, t) << alignof<T>()));
  }
  return sum;
}

// @ts-ignore: decorator
@inline export function weightAt<T>(sw: usize, i: i32): f64 {
  return sw != 0 ? <f64>load<T>(sw + (<usize>i << alignof<T>())) : 1.0;
}

// Sink for touchRows' loads, so no optimiser can drop them as unused.
let touchedWords: i32 = 0;

/**
 * Loads one word from every 64-byte cache line of the rows named by order[0 .. count), and the
 * rows' y (and sample weight, if any), each load independent of the others and of any arithmetic,
 * so the cache and TLB misses of a shuffled chunk overlap instead of stalling the row loop one row
 * at a time. A first sweep loads each row's first word, y and weight (one TLB walk per row, all
 * started early), a second one the rows' remaining lines.
 * Memory traffic only: results are unchanged. Measured on n = 1e5 shuffled rows, d = 32 and 256
 * (EPYC, Node 20): SIMD epochs 1.4–1.6× faster, scalar ones 1.4–2.3×. Not for contiguous rows,
 * which the hardware prefetcher streams: there it doubled the epoch time.
 * y and the weights are touched too because at n = 1e5 they no longer stay in L2 next to the
 * streamed rows (f64: 800 KB each), and their gather sits on the chain η → r → G += r·x; touching
 * them made d = 32 epochs at n = 1e5 faster: f64 SIMD 20–30%, f64 scalar 15–25%, f32 3–10%.
 * Touching ahead instead (rows t + D of the epoch's order while row t is computed) does not pay:
 * WebAssembly has no prefetch, and a load that misses holds up retirement, so touch loads spread
 * among the arithmetic leave only the one or two rows' misses in flight that fit in the reorder
 * buffer. Measured at n = 1e5, d = 32, f64: one row ahead per row (D = 16) 2× slower (SIMD 17.6 →
 * 8.9 M rows/s, scalar 14.3 → 4.9), slices of 4–16 rows 5–30% slower, slices of 32–128 rows (the
 * next chunk while this one is computed) within noise; touching rows ahead inside the d = 256 dot
 * loop was 35–40% slower. Back-to-back bursts keep the most misses in flight.
 */
export function touchRows<T>(X: usize, y: usize, sw: usize, d: i32, order: usize, count: i32): void {
  if (d <= 0) return; // no row to touch; lastWord below would wrap
  const rowBytes = <usize>d << alignof<T>();
  const lastWord = rowBytes - 4;
  let words: i32 = 0;
  for (let t = 0; t < count; t++) {
    const i = <usize>load<u32>(order + (<usize>t << 2));
    words ^= load<i32>(X + i * rowBytes);
    words ^= load<i32>(y + (i << alignof<T>()));
  }
  if (sw != 0) {
    for (let t = 0; t < count; t++) {
      words ^= load<i32>(sw + (<usize>load<u32>(order + (<usize>t << 2)) << alignof<T>()));
    }
  }
  for (let t = 0; t < count; t++) {
    const row = X + <usize>load<u32>(order + (<usize>t << 2)) * rowBytes;
    for (let offset: usize = 64; offset < lastWord; offset += 64) words ^= load<i32>(row + offset);
    words ^= load<i32>(row + lastWord);
  }
  touchedWords ^= words;
}
