/**
 * The standard normal distribution: Φ(x) through erfc, and its quantile by Halley steps on it, each in
 * plain arithmetic (deterministic bits on every engine) and accurate to a few ulps far into the tails.
 *
 * see: FreeBSD msun s_erf.c (Sun Microsystems, 1993; "Permission to use, copy, modify, and distribute
 * this software is freely granted, provided that this notice is preserved.") for erfc, as ported by
 * @stdlib (math-base-special-erfc; Apache-2.0), whose coefficients these are.
 */
import { exp, ln } from "./elementary.js";

function polynomial(c: readonly number[], x: number): number {
  let sum = 0;
  for (let i = c.length - 1; i >= 0; i--) sum = sum * x + c[i];
  return sum;
}

// s_erf.c's coefficient sets, lowest order first (pp0…, qq1…, pa0…, qa1…, ra0…, sa1…, rb0…, sb1…)
const PP = [1.28379167095512558561e-1, -0.3250421072470015, -0.02848174957559851, -0.005770270296489442, -0.000023763016656650163];
const QQ = [1, 0.39791722395915535, 0.0650222499887673, 0.005081306281875766, 0.00013249473800432164, -0.000003960228278775368];
const PA = [-2.36211856075265944077e-3, 0.41485611868374833, -0.3722078760357013, 0.31834661990116175, -0.11089469428239668, 0.035478304325618236, -0.002166375594868791];
const QA = [1, 0.10642088040084423, 0.540397917702171, 0.07182865441419627, 0.12617121980876164, 0.01363708391202905, 0.011984499846799107];
const RA = [-9.86494403484714822705e-3, -0.6938585727071818, -10.558626225323291, -62.375332450326006, -162.39666946257347, -184.60509290671104, -81.2874355063066, -9.814329344169145];
const SA = [1, 19.651271667439257, 137.65775414351904, 434.56587747522923, 645.3872717332679, 429.00814002756783, 108.63500554177944, 6.570249770319282, -0.0604244152148581];
const RB = [-9.86494292470009928597e-3, -0.799283237680523, -17.757954917754752, -160.63638485582192, -637.5664433683896, -1025.0951316110772, -483.5191916086514];
const SB = [1, 30.33806074348246, 325.7925129965739, 1536.729586084437, 3199.8582195085955, 2553.0504064331644, 474.52854120695537, -22.44095244658582];
const ERX = 8.45062911510467529297e-1;

const words = new DataView(new ArrayBuffer(8));

/** The complementary error function erfc(x) = 1 − erf(x). see: s_erf.c */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x === Infinity) return 0;
  if (x === -Infinity) return 2;
  const ax = Math.abs(x);
  if (ax < 0.84375) {
    // (below |x| = 2^−56, s_erf.c returns 1 − x; this formula rounds to the same 1)
    const z = x * x;
    const y = polynomial(PP, z) / polynomial(QQ, z);
    if (x < 0.25) return 1 - (x + x * y);
    return 0.5 - (x * y + (x - 0.5));
  }
  if (ax < 1.25) {
    const s = ax - 1;
    const pq = polynomial(PA, s) / polynomial(QA, s);
    return x < 0 ? 1 + ERX + pq : 1 - ERX - pq;
  }
  if (ax >= 28) return x < 0 ? 2 : 0;
  // (s_erf.c returns 2 − tiny below −6; the formula's 2 − r/|x| rounds to 2 there, r/|x| < 2.2e−17)
  const s = 1 / (ax * ax);
  const rs = ax < 2.857142857142857 ? polynomial(RA, s) / polynomial(SA, s) : polynomial(RB, s) / polynomial(SB, s);
  // z: x with its low word cleared, so −z² is exact and exp(−x²) loses nothing to rounding
  words.setFloat64(0, ax, true);
  words.setInt32(0, 0, true);
  const z = words.getFloat64(0, true);
  const r = exp(-(z * z) - 0.5625) * exp((z - ax) * (z + ax) + rs);
  return x < 0 ? 2 - r / ax : r / ax;
}

/** Φ(x) = P(Z ≤ x) for the standard normal: ½·erfc(−x/√2), accurate in the lower tail too. */
export function normalCdf(x: number): number {
  return 0.5 * erfc(-x / Math.SQRT2);
}

/**
 * The upper-tail normal quantile: z with P(Z > z) = tail, for tail in (0, ½]. Taking the tail
 * (not 1 − tail) keeps small tails exact. Halley steps on Φ(−z) − tail from Abramowitz & Stegun
 * 26.2.23 (|error| < 4.5e−4); each step's error is about the cube of the last, and erfc's own
 * accuracy bounds the result (≤ 1e−13 relative against mpmath down to tails of 1e−300, test/special).
 */
export function normalUpperQuantile(tail: number): number {
  if (Number.isNaN(tail) || !(tail >= 0 && tail <= 0.5)) return NaN;
  if (tail === 0.5) return 0;
  if (tail === 0) return Infinity;
  const w = Math.sqrt(-2 * ln(tail));
  let z = w - (2.515517 + w * (0.802853 + w * 0.010328)) / (1 + w * (1.432788 + w * (0.189269 + w * 0.001308)));
  for (let step = 0; step < 8; step++) {
    // u = (Φ(−z) − tail)/φ(z); Halley: z += u/(1 + z·u/2)
    const density = exp(-0.5 * z * z) * 0.3989422804014327; // 1/√(2π)
    const u = (normalCdf(-z) - tail) / density;
    const next = z + u / (1 + (z * u) / 2);
    if (Math.abs(next - z) <= 2 * Number.EPSILON * Math.abs(next)) return next;
    z = next;
  }
  return z;
}
