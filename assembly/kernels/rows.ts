// Row-wise passes over a chunk of samples: the forward pass η = b + X·W for K outputs and the
// gradient accumulation G += Σ r·x. A chunk's rows are named either by an index array `order`
// (u32 sample ids: a shuffled epoch or draws with replacement) or, when `order` is 0, by the
// contiguous range start .. start + count (full passes: objective, gradient, predict).
//
// Parameter layout inside WASM is class-major: W[c·d + j], so each output's weights are one
// contiguous d-vector and η_c is a single dot product. The TS side converts to the public
// feature-major layout (j·K + c) when it hands coefficients out.
import { axpy, dot } from "./vector";

// @ts-ignore: decorator
@inline export function sampleAt(order: usize, start: i32, t: i32): i32 {
  return order != 0 ? <i32>load<u32>(order + (<usize>t << 2)) : start + t;
}

/** eta[t·K + c] = b[c] + X[row_t]·W_c, in f64, for t < count. */
export function linearPredictor<T>(
  X: usize, d: i32, K: i32, W: usize, b: usize,
  order: usize, start: i32, count: i32, eta: usize,
): void {
  const rowBytes = <usize>d << alignof<T>();
  for (let t = 0; t < count; t++) {
    const row = X + <usize>sampleAt(order, start, t) * rowBytes;
    for (let c = 0; c < K; c++) {
      const value = <f64>load<T>(b + (<usize>c << alignof<T>())) + <f64>dot<T>(row, W + <usize>c * rowBytes, d);
      store<f64>(eta + ((<usize>(t * K + c)) << 3), value);
    }
  }
}

/** G_c += r[t·K + c]·X[row_t] and Gb[c] += r[t·K + c]; r already carries the sample weight. */
export function accumulateGradient<T>(
  X: usize, d: i32, K: i32, G: usize, Gb: usize,
  order: usize, start: i32, count: i32, residual: usize,
): void {
  const rowBytes = <usize>d << alignof<T>();
  for (let t = 0; t < count; t++) {
    const row = X + <usize>sampleAt(order, start, t) * rowBytes;
    for (let c = 0; c < K; c++) {
      const r = load<f64>(residual + ((<usize>(t * K + c)) << 3));
      axpy<T>(G + <usize>c * rowBytes, row, <T>r, d);
      const gbPtr = Gb + (<usize>c << alignof<T>());
      store<T>(gbPtr, load<T>(gbPtr) + <T>r);
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
