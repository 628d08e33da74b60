// Vector kernels over raw pointers, generic over the storage type T (f32 or f64).
// Each SIMD kernel has a scalar twin with the same signature; `ASC_FEATURE_SIMD` (a compile-time
// constant set by asconfig's target) picks one, so the scalar binary never contains v128 code.
//
// SIMD loop shape: four independent accumulators (hides add latency), one-vector tail, scalar tail.
// Horizontal sum order, fixed so every host gets the same bits:
//   acc = (acc0 + acc1) + (acc2 + acc3);  f32x4: (l0 + l1) + (l2 + l3);  f64x2: l0 + l1;
//   then the scalar tail is added element by element.
// No relaxed SIMD and no fused multiply-add: mul then add, rounded twice, on every host.
// dot and axpy are inlined into the row loops, which call them once per row: at d = 32 the calls
// cost about 15% of an in-cache epoch, and without them the out-of-order core overlaps more rows'
// loads (f64 SIMD, 1e5 shuffled rows, three-pass epoch: 12.6 → 9.1 ms).

// @ts-ignore: decorator
@inline export function lanes<T>(): i32 {
  return 16 / sizeof<T>();
}

// @ts-ignore: decorator
@inline function horizontalSum<T>(v: v128): T {
  if (sizeof<T>() == 4) {
    return <T>(
      (f32x4.extract_lane(v, 0) + f32x4.extract_lane(v, 1)) +
      (f32x4.extract_lane(v, 2) + f32x4.extract_lane(v, 3))
    );
  }
  return <T>(f64x2.extract_lane(v, 0) + f64x2.extract_lane(v, 1));
}

/** Σ a[i]·b[i], sequential left-to-right sum. */
// @ts-ignore: decorator
@inline export function dotScalar<T>(a: usize, b: usize, n: i32): T {
  let sum: T = <T>0;
  for (let i = 0; i < n; i++) {
    sum += load<T>(a + (<usize>i << alignof<T>())) * load<T>(b + (<usize>i << alignof<T>()));
  }
  return sum;
}

/** Σ a[i]·b[i] with f32x4 / f64x2 lanes; see the file header for the summation order. */
// @ts-ignore: decorator
@inline export function dotSimd<T>(a: usize, b: usize, n: i32): T {
  const L = lanes<T>();
  let acc0 = v128.splat<T>(<T>0);
  let acc1 = acc0, acc2 = acc0, acc3 = acc0;
  let i = 0;
  for (; i + 4 * L <= n; i += 4 * L) {
    acc0 = v128.add<T>(acc0, v128.mul<T>(v128.load(a), v128.load(b)));
    acc1 = v128.add<T>(acc1, v128.mul<T>(v128.load(a, 16), v128.load(b, 16)));
    acc2 = v128.add<T>(acc2, v128.mul<T>(v128.load(a, 32), v128.load(b, 32)));
    acc3 = v128.add<T>(acc3, v128.mul<T>(v128.load(a, 48), v128.load(b, 48)));
    a += 64;
    b += 64;
  }
  for (; i + L <= n; i += L) {
    acc0 = v128.add<T>(acc0, v128.mul<T>(v128.load(a), v128.load(b)));
    a += 16;
    b += 16;
  }
  let sum = horizontalSum<T>(v128.add<T>(v128.add<T>(acc0, acc1), v128.add<T>(acc2, acc3)));
  for (; i < n; i++) {
    sum += load<T>(a) * load<T>(b);
    a += sizeof<T>();
    b += sizeof<T>();
  }
  return sum;
}

/** y[i] += alpha·x[i]. */
// @ts-ignore: decorator
@inline export function axpyScalar<T>(y: usize, x: usize, alpha: T, n: i32): void {
  for (let i = 0; i < n; i++) {
    const offset = <usize>i << alignof<T>();
    store<T>(y + offset, load<T>(y + offset) + alpha * load<T>(x + offset));
  }
}

/** y[i] += alpha·x[i]; elementwise, so bit-identical to the scalar twin. */
// @ts-ignore: decorator
@inline export function axpySimd<T>(y: usize, x: usize, alpha: T, n: i32): void {
  const L = lanes<T>();
  const alphaV = v128.splat<T>(alpha);
  let i = 0;
  for (; i + 2 * L <= n; i += 2 * L) {
    v128.store(y, v128.add<T>(v128.load(y), v128.mul<T>(alphaV, v128.load(x))));
    v128.store(y, v128.add<T>(v128.load(y, 16), v128.mul<T>(alphaV, v128.load(x, 16))), 16);
    x += 32;
    y += 32;
  }
  for (; i + L <= n; i += L) {
    v128.store(y, v128.add<T>(v128.load(y), v128.mul<T>(alphaV, v128.load(x))));
    x += 16;
    y += 16;
  }
  for (; i < n; i++) {
    store<T>(y, load<T>(y) + alpha * load<T>(x));
    x += sizeof<T>();
    y += sizeof<T>();
  }
}

/**
 * The penalised gradient step, w ← decay·w − step·g, then g ← 0 for the next batch.
 * decay = 1 − lr·l2 applies the L2 shrink as a scale (sklearn's `wscale` idea, without the lazy
 * bookkeeping); decay = 1 for the unpenalised intercept.
 */
export function decayStepScalar<T>(w: usize, g: usize, n: i32, decay: T, step: T): void {
  for (let i = 0; i < n; i++) {
    const offset = <usize>i << alignof<T>();
    store<T>(w + offset, decay * load<T>(w + offset) - step * load<T>(g + offset));
    store<T>(g + offset, <T>0);
  }
}

/** Twin of decayStepScalar; elementwise, so bit-identical to it. */
export function decayStepSimd<T>(w: usize, g: usize, n: i32, decay: T, step: T): void {
  const L = lanes<T>();
  const decayV = v128.splat<T>(decay);
  const stepV = v128.splat<T>(step);
  const zero = v128.splat<T>(<T>0);
  let i = 0;
  for (; i + L <= n; i += L) {
    v128.store(w, v128.sub<T>(v128.mul<T>(decayV, v128.load(w)), v128.mul<T>(stepV, v128.load(g))));
    v128.store(g, zero);
    w += 16;
    g += 16;
  }
  for (; i < n; i++) {
    store<T>(w, decay * load<T>(w) - step * load<T>(g));
    store<T>(g, <T>0);
    w += sizeof<T>();
    g += sizeof<T>();
  }
}

// Wide kernels: rows stored as T, weights, sums and gradients in f64. For T = f32 the exact
// objective and gradient then round like f64 ones (~n·ε₆₄ instead of ~n·ε₃₂, and θ is not rounded
// to f32 first): issue 8 item 6, float32 L-BFGS fits that stopped > 1e-5 from the optimum because
// Σ over n rows was carried in f32 at f32-rounded parameters. For T = f64 they are dot/axpy
// themselves, so float64 results keep their bits.

/** Σ a[i]·w[i], a stored as T, w as f64, summed in f64 left to right. */
// @ts-ignore: decorator
@inline export function dotWideScalar<T>(a: usize, w: usize, n: i32): f64 {
  let sum = 0.0;
  for (let i = 0; i < n; i++) {
    sum += <f64>load<T>(a + (<usize>i << alignof<T>())) * load<f64>(w + (<usize>i << 3));
  }
  return sum;
}

/**
 * Twin of dotWideScalar for f32 rows: f32x4 lanes promoted to two f64x2, four f64x2 accumulators
 * over 8 values a step; horizontal order (acc0 + acc1) + (acc2 + acc3), l0 + l1, then the tail.
 */
// @ts-ignore: decorator
@inline export function dotWideSimd<T>(a: usize, w: usize, n: i32): f64 {
  if (sizeof<T>() == 8) return dotSimd<f64>(a, w, n);
  let acc0 = f64x2.splat(0), acc1 = acc0, acc2 = acc0, acc3 = acc0;
  let i = 0;
  for (; i + 8 <= n; i += 8) {
    const a0 = v128.load(a), a1 = v128.load(a, 16);
    acc0 = f64x2.add(acc0, f64x2.mul(f64x2.promote_low_f32x4(a0), v128.load(w)));
    acc1 = f64x2.add(acc1, f64x2.mul(f64x2.promote_low_f32x4(highHalf(a0)), v128.load(w, 16)));
    acc2 = f64x2.add(acc2, f64x2.mul(f64x2.promote_low_f32x4(a1), v128.load(w, 32)));
    acc3 = f64x2.add(acc3, f64x2.mul(f64x2.promote_low_f32x4(highHalf(a1)), v128.load(w, 48)));
    a += 32;
    w += 64;
  }
  const acc = f64x2.add(f64x2.add(acc0, acc1), f64x2.add(acc2, acc3));
  let sum = f64x2.extract_lane(acc, 0) + f64x2.extract_lane(acc, 1);
  for (; i < n; i++) {
    sum += <f64>load<f32>(a) * load<f64>(w);
    a += 4;
    w += 8;
  }
  return sum;
}

/** f32 lanes 2, 3 moved to lanes 0, 1 (for promote_low). */
// @ts-ignore: decorator
@inline function highHalf(v: v128): v128 {
  return v128.shuffle<f32>(v, v, 2, 3, 0, 1);
}

/** y[i] += alpha·x[i] with y in f64 and x stored as T. */
// @ts-ignore: decorator
@inline export function axpyWideScalar<T>(y: usize, x: usize, alpha: f64, n: i32): void {
  for (let i = 0; i < n; i++) {
    const offset = <usize>i << 3;
    store<f64>(y + offset, load<f64>(y + offset) + alpha * <f64>load<T>(x + (<usize>i << alignof<T>())));
  }
}

/** Twin of axpyWideScalar; elementwise, so bit-identical to it. */
// @ts-ignore: decorator
@inline export function axpyWideSimd<T>(y: usize, x: usize, alpha: f64, n: i32): void {
  if (sizeof<T>() == 8) {
    axpySimd<f64>(y, x, alpha, n);
    return;
  }
  const alphaV = f64x2.splat(alpha);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const v = v128.load(x);
    v128.store(y, f64x2.add(v128.load(y), f64x2.mul(alphaV, f64x2.promote_low_f32x4(v))));
    v128.store(y, f64x2.add(v128.load(y, 16), f64x2.mul(alphaV, f64x2.promote_low_f32x4(highHalf(v)))), 16);
    x += 16;
    y += 32;
  }
  for (; i < n; i++) {
    store<f64>(y, load<f64>(y) + alpha * <f64>load<f32>(x));
    x += 4;
    y += 8;
  }
}

// @ts-ignore: decorator
@inline export function dotWide<T>(a: usize, b: usize, n: i32): f64 {
  if (ASC_FEATURE_SIMD) return dotWideSimd<T>(a, b, n);
  return dotWideScalar<T>(a, b, n);
}

// @ts-ignore: decorator
@inline export function axpyWide<T>(y: usize, x: usize, alpha: f64, n: i32): void {
  if (ASC_FEATURE_SIMD) axpyWideSimd<T>(y, x, alpha, n);
  else axpyWideScalar<T>(y, x, alpha, n);
}

// @ts-ignore: decorator
@inline export function dot<T>(a: usize, b: usize, n: i32): T {
  if (ASC_FEATURE_SIMD) return dotSimd<T>(a, b, n);
  return dotScalar<T>(a, b, n);
}

// @ts-ignore: decorator
@inline export function axpy<T>(y: usize, x: usize, alpha: T, n: i32): void {
  if (ASC_FEATURE_SIMD) axpySimd<T>(y, x, alpha, n);
  else axpyScalar<T>(y, x, alpha, n);
}

// @ts-ignore: decorator
@inline export function decayStep<T>(w: usize, g: usize, n: i32, decay: T, step: T): void {
  if (ASC_FEATURE_SIMD) decayStepSimd<T>(w, g, n, decay, step);
  else decayStepScalar<T>(w, g, n, decay, step);
}

/** Σ w[i]², accumulated in f64 (penalty term; d·K values, not a hot loop). */
export function sumSquares<T>(w: usize, n: i32): f64 {
  let sum = 0.0;
  for (let i = 0; i < n; i++) {
    const v = <f64>load<T>(w + (<usize>i << alignof<T>()));
    sum += v * v;
  }
  return sum;
}
