// Data checks run where the data already are: after the host copies X into WASM memory, one pass
// here finds the first value that is not finite (NaN, ±Infinity, or an f64 that overflowed f32
// on the way in), so the host can name it in its error. A JS loop over a typed-array view took
// ~30 ms for 1e6 × 16 f64 values; this pass is memory-bound.
// Each SIMD kernel has a scalar twin with the same signature; ASC_FEATURE_SIMD picks one.
/** Values checked per block before the SIMD twin tests its accumulated mask (a multiple of 64 bytes' worth). */
const BLOCK: i32 = 64;

/** Index of the first non-finite value of x[0 .. n), or −1. x − x is 0 exactly when x is finite. */
export function firstNonFiniteScalar<T>(x: usize, n: i32): i32 {
  for (let i = 0; i < n; i++) {
    const v = load<T>(x + (<usize>i << alignof<T>()));
    if (v - v != 0) return i;
  }
  return -1;
}

/**
 * Twin of firstNonFiniteScalar: ANDs the lanes' "x − x == 0" masks over a block and only scans a
 * block whose mask has a zero lane, so the answer is the same index.
 */
export function firstNonFiniteSimd<T>(x: usize, n: i32): i32 {
  const zero = v128.splat<T>(<T>0);
  let start = 0;
  for (; start + BLOCK <= n; start += BLOCK) {
    const block = x + (<usize>start << alignof<T>());
    let finite = v128.splat<i32>(-1);
    for (let offset: usize = 0; offset < (<usize>BLOCK << alignof<T>()); offset += <usize>(4 * 16)) {
      const a = v128.load(block + offset);
      const b = v128.load(block + offset, 16);
      const c = v128.load(block + offset, 32);
      const d = v128.load(block + offset, 48);
      finite = v128.and(finite, v128.and(
        v128.and(v128.eq<T>(v128.sub<T>(a, a), zero), v128.eq<T>(v128.sub<T>(b, b), zero)),
        v128.and(v128.eq<T>(v128.sub<T>(c, c), zero), v128.eq<T>(v128.sub<T>(d, d), zero)),
      ));
    }
    if (!i32x4.all_true(finite)) return start + firstNonFiniteScalar<T>(block, BLOCK);
  }
  const tail = firstNonFiniteScalar<T>(x + (<usize>start << alignof<T>()), n - start);
  return tail < 0 ? -1 : start + tail;
}

// @ts-ignore: decorator
@inline export function firstNonFinite<T>(x: usize, n: i32): i32 {
  if (ASC_FEATURE_SIMD) return firstNonFiniteSimd<T>(x, n);
  return firstNonFiniteScalar<T>(x, n);
}
