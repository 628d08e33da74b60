// The non-finite scan (assembly/kernels/validate.ts): the SIMD twin must return exactly the
// scalar twin's index, −1 for all-finite data, for a bad value at every position of every length
// 0 … 2·64 + 5 (whole blocks, a block boundary, the scalar tail), for NaN, ±Infinity, and in f32
// also for the largest finite values (which must pass).
import { firstNonFiniteScalar, firstNonFiniteSimd } from "../../assembly/kernels/validate";
import { allocate, put, TestData, typeName } from "./support";

const LONGEST = 2 * 64 + 5;

/** Cases where a twin missed: counted in the loop, reported once (as-pect's messages are costly to build). */
function checkEveryPosition<T>(bad: T, label: string): void {
  const data = new TestData(3);
  let cases = 0;
  let misses = 0;
  let firstMiss = "";
  for (let n = 0; n <= LONGEST; n++) {
    const x = allocate<T>(n);
    data.fill<T>(x, n);
    cases++;
    if (firstNonFiniteSimd<T>(x, n) != -1 || firstNonFiniteScalar<T>(x, n) != -1) {
      if (misses++ == 0) firstMiss = "all finite, n = " + n.toString();
    }
    for (let position = 0; position < n; position++) {
      data.fill<T>(x, n);
      put<T>(x, position, bad);
      if (position + 3 < n) put<T>(x, position + 3, bad); // a later bad value must not win
      cases++;
      if (firstNonFiniteScalar<T>(x, n) != position || firstNonFiniteSimd<T>(x, n) != position) {
        if (misses++ == 0) firstMiss = label + " at " + position.toString() + ", n = " + n.toString();
      }
    }
  }
  expect(cases).toBe((LONGEST + 1) * (LONGEST + 2) / 2);
  expect(misses).toBe(0, typeName<T>() + ": first miss " + firstMiss);
}

describe("firstNonFinite: SIMD twin against scalar", () => {
  it("finds NaN at every position, f64 and f32", () => {
    checkEveryPosition<f64>(NaN, "NaN");
    checkEveryPosition<f32>(<f32>NaN, "NaN");
  });
  it("finds +Infinity and −Infinity, f64 and f32", () => {
    checkEveryPosition<f64>(Infinity, "+Infinity");
    checkEveryPosition<f64>(-Infinity, "-Infinity");
    checkEveryPosition<f32>(<f32>Infinity, "+Infinity");
    checkEveryPosition<f32>(<f32>-Infinity, "-Infinity");
  });
  it("lets the largest finite values and signed zeros through", () => {
    const x = allocate<f64>(70);
    for (let i = 0; i < 70; i++) put<f64>(x, i, i % 3 == 0 ? f64.MAX_VALUE : i % 3 == 1 ? -f64.MAX_VALUE : -0.0);
    expect(firstNonFiniteSimd<f64>(x, 70)).toBe(-1);
    const y = allocate<f32>(70);
    for (let i = 0; i < 70; i++) put<f32>(y, i, i % 2 == 0 ? f32.MAX_VALUE : -f32.MIN_NORMAL_VALUE);
    expect(firstNonFiniteSimd<f32>(y, 70)).toBe(-1);
  });
});
