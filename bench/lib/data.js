// Synthetic regression data shared by every variant of a scenario, generated once per (n, d).
import { Xoshiro256 } from "../baselines/plain-sgd.js";

const TWO_POW_32 = 4294967296;

/** Standard normal draws by Box–Muller from a seeded xoshiro256** stream (deterministic per seed). */
export function normalStream(seed) {
  const rng = new Xoshiro256(seed);
  let spare = null;
  return () => {
    if (spare !== null) {
      const value = spare;
      spare = null;
      return value;
    }
    const u = (rng.nextU32() + 0.5) / TWO_POW_32;
    const v = (rng.nextU32() + 0.5) / TWO_POW_32;
    const radius = Math.sqrt(-2 * Math.log(u));
    spare = radius * Math.sin(2 * Math.PI * v);
    return radius * Math.cos(2 * Math.PI * v);
  };
}

/**
 * A least-squares problem y = 0.5 + X·β + 0.5·ε with X, ε ~ N(0, 1) and β ~ N(0, 1/d) (so the
 * signal has unit variance). Values are rounded to float32 once, so the f32 and f64 runs see the
 * very same numbers: X32/y32 for float32 variants, X64/y64 (exact copies) for float64 ones.
 */
export function makeRegression(n, d, seed = 2024) {
  const normal = normalStream(seed);
  const beta = new Float64Array(d);
  for (let j = 0; j < d; j++) beta[j] = normal() / Math.sqrt(d);
  const X32 = new Float32Array(n * d);
  const y32 = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let signal = 0.5;
    const base = i * d;
    for (let j = 0; j < d; j++) {
      const x = Math.fround(normal());
      X32[base + j] = x;
      signal += x * beta[j];
    }
    y32[i] = signal + 0.5 * normal();
  }
  return { n, d, X32, y32, X64: Float64Array.from(X32), y64: Float64Array.from(y32), noiseVariance: 0.25 };
}

/** The data arrays in the storage type of a dtype. */
export function dataFor(problem, dtype) {
  return dtype === "float32" ? { X: problem.X32, y: problem.y32 } : { X: problem.X64, y: problem.y64 };
}
