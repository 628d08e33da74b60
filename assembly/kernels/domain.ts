// Value-domain scans of y and of sample weights where they already are in WASM memory. The epoch
// runs them on each batch when the host staged a chunk in place (partialFit over chunkBuffer views,
// assembly/data-check.ts) instead of checking a copy on the way in. The host's checks are the
// definition and these accept exactly the same values: finite numbers (bindings/numbers.ts
// copyFinite), each family's y (bindings/families/*.ts checkResponse), weights finite and ≥ 0
// (copyWeights). Each scan returns the index of the first value outside the domain, or −1.
// Each SIMD kernel has a scalar twin with the same signature; ASC_FEATURE_SIMD picks one.
import { lanes } from "./vector";
import { FAMILY_BERNOULLI, FAMILY_MULTINOMIAL, FAMILY_POISSON } from "../families/index";

// A domain is a class of two @inline tests that never read `this` (as the family classes in
// ../families): `holds` on one value, `lanesHold` on a vector of T, all-ones in each lane where it
// holds. `limit` is the class count for ClassLabel, unused by the others. x − x is 0 exactly when
// x is finite (NaN and ±Infinity give NaN).

@final @unmanaged class Finite {
  // @ts-ignore: decorator
  @inline holds<T>(v: T, limit: T): bool {
    return v - v == 0;
  }
  // @ts-ignore: decorator
  @inline lanesHold<T>(v: v128, limit: v128): v128 {
    return v128.eq<T>(v128.sub<T>(v, v), v128.splat<T>(<T>0));
  }
}

/** Bernoulli: 0 or 1 (−0 is 0). */
@final @unmanaged class BinaryLabel {
  // @ts-ignore: decorator
  @inline holds<T>(v: T, limit: T): bool {
    return v == 0 || v == 1;
  }
  // @ts-ignore: decorator
  @inline lanesHold<T>(v: v128, limit: v128): v128 {
    return v128.or(v128.eq<T>(v, v128.splat<T>(<T>0)), v128.eq<T>(v, v128.splat<T>(<T>1)));
  }
}

/** Poisson: a finite integer ≥ 0 (Number.isInteger(v) && v >= 0). */
@final @unmanaged class Count {
  // @ts-ignore: decorator
  @inline holds<T>(v: T, limit: T): bool {
    return v - v == 0 && v >= 0 && floor<T>(v) == v;
  }
  // @ts-ignore: decorator
  @inline lanesHold<T>(v: v128, limit: v128): v128 {
    return v128.and(
      v128.and(v128.eq<T>(v128.sub<T>(v, v), v128.splat<T>(<T>0)), v128.ge<T>(v, v128.splat<T>(<T>0))),
      v128.eq<T>(v128.floor<T>(v), v),
    );
  }
}

/** Multinomial: an integer label 0 ≤ v < limit (= classes). */
@final @unmanaged class ClassLabel {
  // @ts-ignore: decorator
  @inline holds<T>(v: T, limit: T): bool {
    return v >= 0 && v < limit && floor<T>(v) == v;
  }
  // @ts-ignore: decorator
  @inline lanesHold<T>(v: v128, limit: v128): v128 {
    return v128.and(v128.and(v128.ge<T>(v, v128.splat<T>(<T>0)), v128.lt<T>(v, limit)), v128.eq<T>(v128.floor<T>(v), v));
  }
}

/** Sample weights: finite and ≥ 0. */
@final @unmanaged class NonNegative {
  // @ts-ignore: decorator
  @inline holds<T>(v: T, limit: T): bool {
    return v - v == 0 && v >= 0;
  }
  // @ts-ignore: decorator
  @inline lanesHold<T>(v: v128, limit: v128): v128 {
    return v128.and(v128.eq<T>(v128.sub<T>(v, v), v128.splat<T>(<T>0)), v128.ge<T>(v, v128.splat<T>(<T>0)));
  }
}

// @ts-ignore: decorator
@inline function firstOutsideScalar<T, D>(x: usize, n: i32, limit: T): i32 {
  const domain = changetype<D>(0);
  for (let i = 0; i < n; i++) {
    if (!domain.holds<T>(load<T>(x + (<usize>i << alignof<T>())), limit)) return i;
  }
  return -1;
}

/**
 * Twin of firstOutsideScalar: ANDs the masks of four vectors (one branch per 64 bytes; the scans
 * run on a batch's 32 or so values, so they must cost little), then one vector at a time; the
 * scalar test finds the index only inside a failing group, and runs the tail.
 */
// @ts-ignore: decorator
@inline function firstOutsideSimd<T, D>(x: usize, n: i32, limit: T): i32 {
  const domain = changetype<D>(0);
  const L = lanes<T>();
  const limits = v128.splat<T>(limit);
  let i = 0;
  for (; i + 4 * L <= n; i += 4 * L) {
    const at = x + (<usize>i << alignof<T>());
    const holds = v128.and(
      v128.and(domain.lanesHold<T>(v128.load(at), limits), domain.lanesHold<T>(v128.load(at, 16), limits)),
      v128.and(domain.lanesHold<T>(v128.load(at, 32), limits), domain.lanesHold<T>(v128.load(at, 48), limits)),
    );
    if (!i32x4.all_true(holds)) return i + firstOutsideScalar<T, D>(at, 4 * L, limit);
  }
  for (; i + L <= n; i += L) {
    const at = x + (<usize>i << alignof<T>());
    if (!i32x4.all_true(domain.lanesHold<T>(v128.load(at), limits))) return i + firstOutsideScalar<T, D>(at, L, limit);
  }
  const tail = firstOutsideScalar<T, D>(x + (<usize>i << alignof<T>()), n - i, limit);
  return tail < 0 ? -1 : i + tail;
}

// The two loops as classes, so that the family's switch below is written once for both twins.
@final @unmanaged class ScalarScan {
  // @ts-ignore: decorator
  @inline first<T, D>(x: usize, n: i32, limit: T): i32 {
    return firstOutsideScalar<T, D>(x, n, limit);
  }
}

@final @unmanaged class SimdScan {
  // @ts-ignore: decorator
  @inline first<T, D>(x: usize, n: i32, limit: T): i32 {
    return firstOutsideSimd<T, D>(x, n, limit);
  }
}

/** y's domain by family, picked once per call (no family branch inside the loop). */
// @ts-ignore: decorator
@inline function firstBadResponseBy<T, S>(family: i32, y: usize, n: i32, classes: i32): i32 {
  const scan = changetype<S>(0);
  switch (family) {
    case FAMILY_BERNOULLI: return scan.first<T, BinaryLabel>(y, n, <T>0);
    case FAMILY_POISSON: return scan.first<T, Count>(y, n, <T>0);
    case FAMILY_MULTINOMIAL: return scan.first<T, ClassLabel>(y, n, <T>classes);
    default: return scan.first<T, Finite>(y, n, <T>0);
  }
}

/** Index of the first y[0 .. n) outside the family's domain, or −1. */
export function firstBadResponseScalar<T>(family: i32, y: usize, n: i32, classes: i32): i32 {
  return firstBadResponseBy<T, ScalarScan>(family, y, n, classes);
}

/** Twin of firstBadResponseScalar. */
export function firstBadResponseSimd<T>(family: i32, y: usize, n: i32, classes: i32): i32 {
  return firstBadResponseBy<T, SimdScan>(family, y, n, classes);
}

/** Index of the first weight of s[0 .. n) that is not a finite number ≥ 0, or −1. */
export function firstBadWeightScalar<T>(s: usize, n: i32): i32 {
  return firstOutsideScalar<T, NonNegative>(s, n, <T>0);
}

/** Twin of firstBadWeightScalar. */
export function firstBadWeightSimd<T>(s: usize, n: i32): i32 {
  return firstOutsideSimd<T, NonNegative>(s, n, <T>0);
}

/**
 * Index of the first non-finite value of x[0 .. n), or −1: kernels/validate.ts's firstNonFinite
 * for a few values (a batch's gradient, P of them), which its 64-value blocks would leave to the
 * scalar tail.
 */
export function firstNonFiniteOfFewScalar<T>(x: usize, n: i32): i32 {
  return firstOutsideScalar<T, Finite>(x, n, <T>0);
}

/** Twin of firstNonFiniteOfFewScalar. */
export function firstNonFiniteOfFewSimd<T>(x: usize, n: i32): i32 {
  return firstOutsideSimd<T, Finite>(x, n, <T>0);
}

// @ts-ignore: decorator
@inline export function firstNonFiniteOfFew<T>(x: usize, n: i32): i32 {
  if (ASC_FEATURE_SIMD) return firstNonFiniteOfFewSimd<T>(x, n);
  return firstNonFiniteOfFewScalar<T>(x, n);
}

// @ts-ignore: decorator
@inline export function firstBadResponse<T>(family: i32, y: usize, n: i32, classes: i32): i32 {
  if (ASC_FEATURE_SIMD) return firstBadResponseSimd<T>(family, y, n, classes);
  return firstBadResponseScalar<T>(family, y, n, classes);
}

// @ts-ignore: decorator
@inline export function firstBadWeight<T>(s: usize, n: i32): i32 {
  if (ASC_FEATURE_SIMD) return firstBadWeightSimd<T>(s, n);
  return firstBadWeightScalar<T>(s, n);
}
