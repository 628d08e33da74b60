// The value-domain scans of a staged chunk (assembly/kernels/domain.ts) and the per-batch check
// built on them (assembly/data-check.ts). The host's checks are the definition: each domain is
// compared with a plain predicate written from bindings/families/*.ts checkResponse and
// bindings/numbers.ts copyWeights, on every value of a table of edge values; the SIMD twins must
// return exactly the scalar twins' index for a bad value at every position of every length
// 0 … 4·lanes·2 + 3 (whole groups of four vectors, single vectors, the scalar tail), f64 and f32.
import {
  firstBadResponseScalar, firstBadResponseSimd, firstBadWeightScalar, firstBadWeightSimd,
  firstNonFiniteOfFewScalar, firstNonFiniteOfFewSimd,
} from "../../assembly/kernels/domain";
import { batchIsClean, weightsAreUsable } from "../../assembly/data-check";
import {
  CTX_DATA_FAULT, CTX_FAMILY, CTX_FIELDS, CTX_GRAD, CTX_INPUTS, CTX_OUTPUTS, CTX_PARAMS, CTX_SW, CTX_X, CTX_Y, ctxInt, setCtxInt, setCtxPtr,
} from "../../assembly/context";
import { FAMILY_BERNOULLI, FAMILY_GAUSSIAN, FAMILY_MULTINOMIAL, FAMILY_POISSON } from "../../assembly/families/index";
import { allocate, put, typeName } from "./support";

const CLASSES = 3;
const EDGES: f64[] = [0, -0.0, 1, 2, 3, -1, 0.5, 1.5, 2.5, 1e300, -1e300, 4503599627370497, NaN, Infinity, -Infinity, f64.MIN_VALUE];

/** The host's verdict on y for a family (checkResponse after copyFinite's finiteness). */
function hostAcceptsResponse(family: i32, v: f64): bool {
  if (!isFinite(v)) return false;
  if (family == FAMILY_BERNOULLI) return v == 0 || v == 1;
  if (family == FAMILY_POISSON) return v >= 0 && Math.floor(v) == v;
  if (family == FAMILY_MULTINOMIAL) return v >= 0 && v < CLASSES && Math.floor(v) == v;
  return true;
}

function hostAcceptsWeight(v: f64): bool {
  return isFinite(v) && v >= 0;
}

const FAMILIES: i32[] = [FAMILY_GAUSSIAN, FAMILY_BERNOULLI, FAMILY_POISSON, FAMILY_MULTINOMIAL];
/** A value every domain accepts (0 is a label, a count and a weight). */
const GOOD: f64 = 0;
const LONGEST = 4 * 4 * 2 + 3;

function checkTwins<T>(): void {
  let misses = 0;
  let firstMiss = "";
  for (let f = 0; f < FAMILIES.length; f++) {
    const family = FAMILIES[f];
    for (let e = 0; e < EDGES.length; e++) {
      const value = <T>EDGES[e];
      // the stored value (f32 rounds) is what the host would see in a float32 view
      const accepted = hostAcceptsResponse(family, <f64>value);
      for (let n = 1; n <= LONGEST; n++) {
        const y = allocate<T>(n);
        for (let position = 0; position < n; position++) {
          for (let i = 0; i < n; i++) put<T>(y, i, <T>GOOD);
          put<T>(y, position, value);
          const expected = accepted ? -1 : position;
          if (firstBadResponseScalar<T>(family, y, n, CLASSES) != expected || firstBadResponseSimd<T>(family, y, n, CLASSES) != expected) {
            if (misses++ == 0) firstMiss = "family " + family.toString() + " y = " + EDGES[e].toString() + " at " + position.toString() + ", n = " + n.toString();
          }
          const weightExpected = hostAcceptsWeight(<f64>value) ? -1 : position;
          if (firstBadWeightScalar<T>(y, n) != weightExpected || firstBadWeightSimd<T>(y, n) != weightExpected) {
            if (misses++ == 0) firstMiss = "weight " + EDGES[e].toString() + " at " + position.toString() + ", n = " + n.toString();
          }
          const finiteExpected = isFinite(<f64>value) ? -1 : position;
          if (firstNonFiniteOfFewScalar<T>(y, n) != finiteExpected || firstNonFiniteOfFewSimd<T>(y, n) != finiteExpected) {
            if (misses++ == 0) firstMiss = "finite " + EDGES[e].toString() + " at " + position.toString() + ", n = " + n.toString();
          }
        }
        heap.free(y);
      }
    }
  }
  expect(misses).toBe(0, typeName<T>() + ": first miss " + firstMiss);
}

describe("domain scans: the host's rules, SIMD twin against scalar", () => {
  it("f64", () => {
    checkTwins<f64>();
  });
  it("f32", () => {
    checkTwins<f32>();
  });
  it("empty input has no bad value", () => {
    const y = allocate<f64>(1);
    put<f64>(y, 0, NaN);
    expect(firstBadResponseSimd<f64>(FAMILY_GAUSSIAN, y, 0, CLASSES)).toBe(-1);
    expect(firstBadWeightSimd<f64>(y, 0)).toBe(-1);
  });
});

/** A context header over a 4-row × 2-column batch, its gradient (P = 3), y and weights. */
function batchContext<T>(weighted: bool): usize {
  const ctx = allocate<f64>(CTX_FIELDS);
  const X = allocate<T>(8);
  const y = allocate<T>(4);
  const sw = allocate<T>(4);
  const G = allocate<T>(3);
  for (let i = 0; i < 8; i++) put<T>(X, i, <T>(0.25 * <f64>i));
  for (let i = 0; i < 4; i++) {
    put<T>(y, i, <T>(i & 1));
    put<T>(sw, i, <T>1);
  }
  setCtxPtr(ctx, CTX_X, X);
  setCtxPtr(ctx, CTX_Y, y);
  setCtxPtr(ctx, CTX_SW, weighted ? sw : 0);
  setCtxPtr(ctx, CTX_GRAD, G);
  setCtxInt(ctx, CTX_INPUTS, 2);
  setCtxInt(ctx, CTX_OUTPUTS, 1);
  setCtxInt(ctx, CTX_PARAMS, 3);
  setCtxInt(ctx, CTX_FAMILY, FAMILY_BERNOULLI);
  return ctx;
}

function checkBatch<T>(): void {
  const ctx = batchContext<T>(true);
  const X = <usize>load<u32>(ctx + (<usize>CTX_X << 3));
  const y = <usize>load<u32>(ctx + (<usize>CTX_Y << 3));
  const sw = <usize>load<u32>(ctx + (<usize>CTX_SW << 3));
  const G = <usize>load<u32>(ctx + (<usize>CTX_GRAD << 3));
  expect(batchIsClean<T>(ctx, 0, 4)).toBe(true);
  expect(ctxInt(ctx, CTX_DATA_FAULT)).toBe(0);
  // a non-finite G alone (an overflow) is not bad data: X is scanned and found finite
  put<T>(G, 1, <T>Infinity);
  expect(batchIsClean<T>(ctx, 0, 4)).toBe(true);
  // with a non-finite x in the batch's rows (rows 2..3 are X[4..7]) it is
  put<T>(X, 6, <T>NaN);
  expect(batchIsClean<T>(ctx, 2, 2)).toBe(false);
  expect(ctxInt(ctx, CTX_DATA_FAULT)).toBe(3);
  // … but only within the batch: rows 0..1 are clean
  setCtxInt(ctx, CTX_DATA_FAULT, 0);
  expect(batchIsClean<T>(ctx, 0, 2)).toBe(true);
  put<T>(X, 6, <T>0);
  put<T>(G, 1, <T>0);
  // y outside bernoulli's {0, 1}, then a negative weight, each in row 1
  put<T>(y, 1, <T>2);
  expect(batchIsClean<T>(ctx, 0, 2)).toBe(false);
  expect(ctxInt(ctx, CTX_DATA_FAULT)).toBe(1);
  put<T>(y, 1, <T>1);
  put<T>(sw, 1, <T>-1);
  expect(batchIsClean<T>(ctx, 0, 2)).toBe(false);
  put<T>(sw, 1, <T>1);
  setCtxInt(ctx, CTX_DATA_FAULT, 0);
  expect(batchIsClean<T>(ctx, 0, 4)).toBe(true);
  // the weights' sum: 0 or not finite is a fault at 1 + n
  expect(weightsAreUsable(ctx, 4, 3.5)).toBe(true);
  expect(weightsAreUsable(ctx, 4, 0)).toBe(false);
  expect(ctxInt(ctx, CTX_DATA_FAULT)).toBe(5);
  expect(weightsAreUsable(ctx, 4, Infinity)).toBe(false);
  // unweighted: the weights region is not read
  const unweighted = batchContext<T>(false);
  expect(batchIsClean<T>(unweighted, 0, 4)).toBe(true);
}

describe("batchIsClean: a batch's check before its update", () => {
  it("f64", () => {
    checkBatch<f64>();
  });
  it("f32", () => {
    checkBatch<f32>();
  });
});
