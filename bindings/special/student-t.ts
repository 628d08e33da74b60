/**
 * Student's t distribution with ν > 0 degrees of freedom (ν need not be an integer: frequency
 * weights make W − k fractional): the lower tail P(T ≤ −|t|) through the regularized incomplete
 * beta function, and its inverse by safeguarded Newton steps. Plain arithmetic throughout, so the
 * bits are the same on every engine.
 *
 * see: DLMF 8.17.22 (continued fraction for I_x(a, b)) evaluated by the modified Lentz method
 *   (Press et al., Numerical Recipes 3rd ed. §6.4 `betacf`); P(T ≤ −|t|) = ½·I_{ν/(ν+t²)}(ν/2, ½)
 *   (DLMF 8.17.5 with Abramowitz & Stegun 26.7.1). Beyond ν = 1e4 the continued fraction loses
 *   about ε·ν/t² and stops converging, so there the asymptotic expansion of I_x(a, b) for a large
 *   and b ≤ 1 takes over (DiDonato & Morris 1992, ACM TOMS 708, `bgrat`, eqs. 9–9.6).
 */
import { exp, ln, log1p } from "./elementary.js";
import { logBeta } from "./gamma.js";
import { erfc, normalCdf, normalUpperQuantile } from "./normal.js";

const EPSILON = Number.EPSILON;
const TINY = 1e-300;
const MAX_TERMS = 100_000;

/** The continued fraction of I_x(a, b)·a·B(a, b)/(x^a·y^b); converges fast for x < (a + 1)/(a + b + 2). */
function betaContinuedFraction(a: number, b: number, x: number): number {
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= MAX_TERMS; m++) {
    const m2 = 2 * m;
    // even step d_{2m}, then odd step d_{2m+1} (DLMF 8.17.23)
    let aa = (m * (b - m) * x) / ((a - 1 + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + 1 + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) <= EPSILON) return h;
  }
  // Unreachable for the (a, b, x) this module passes (a ≤ 5e3, and the fraction for I_y(b, a) only
  // with y ≤ ½; no throw on a log-spaced grid of 46818 (t, ν) over f64, test/special/student-t-extremes.test.ts);
  // a result that did not converge would be a silent wrong number, so say so.
  throw new RangeError(`incomplete beta: continued fraction did not converge for a=${a}, b=${b}, x=${x}`);
}

/**
 * I_x(a, b) given x and y = 1 − x separately (so callers can pass a y that was never rounded
 * through 1 − x) and their logarithms.
 */
function regularizedBeta(a: number, b: number, x: number, y: number, logX: number, logY: number): number {
  if (logX === -Infinity) return 0;
  if (y === 0) return 1;
  // x^a·y^b/B(a, b), in logs so neither factor underflows on its own
  const front = exp(a * logX + b * logY - logBeta(a, b));
  // The switch x ≥ (a + 1)/(a + b + 2), tested on y = 1 − x when x is near 1, where x itself is rounded.
  const complement = x > 0.5 ? y <= (b + 1) / (a + b + 2) : x >= (a + 1) / (a + b + 2);
  if (complement) return 1 - (front * betaContinuedFraction(b, a, y)) / b;
  // Below the switch the fraction is moderate, so a front factor under the subnormals makes I_x 0;
  // returning it spares a fraction that need not converge for a beyond ~1e15 (ν = 1e308, t = 1e154).
  if (front === 0) return 0;
  const direct = (front * betaContinuedFraction(a, b, x)) / a;
  // With x near 1 (large a: many degrees of freedom) the direct fraction cancels, losing about
  // ε/y relative; 1 − I_y(b, a) loses about ε/I_x instead, so it is the better of the two when
  // I_x > y, provided y·(a + b) is small enough for that fraction to converge without loss
  // (beyond ≈ 5 it loses more than the direct one; measured), and y is not near 1 (a vanishing ν
  // and |t| ≫ √ν), where that fraction does not converge at all.
  // Measured against mpmath (test/special/): ≤ 1e−13 relative up to ν = 1e4, where largeNuLowerTail takes over.
  if (direct <= y || y * (a + b) >= 5 || y > 0.5) return Math.min(direct, 1);
  return 1 - (front * betaContinuedFraction(b, a, y)) / b;
}

/** Where the asymptotic expansion replaces the continued fraction: both are within 1e-13 there (measured against mpmath). */
const LARGE_NU = 1e4;
/** (2m + 1)! for m = 0, 1, …: the denominators of the p_n recursion (TOMS 708 eq. 9.3). */
const ODD_FACTORIALS: number[] = [];
for (let k = 1, factorial = 1; ODD_FACTORIALS.length < 30; k++) {
  factorial *= k;
  if (k % 2 === 1) ODD_FACTORIALS.push(factorial);
}

/**
 * P(T ≤ −|t|) = ½·I_x(a, ½) for ν > LARGE_NU by the expansion I_x(a, b) = Γ(a + b)/(Γ(a)·T^b)·Σ p_n·J_n,
 * T = a + (b − 1)/2, u = −T·ln x, J_0 = Q(b, u) = erfc(√u) for b = ½ (TOMS 708 `bgrat`, eqs. 9–9.6;
 * Boost.Math's `beta_small_b_large_a_series` is the same recursion). No cancellation: every term is
 * positive or a small correction, so the tail keeps its relative accuracy down to the subnormals.
 * Measured against mpmath (60 digits): ≤ 1.3e−13 relative for ν from 1e4 to 1e308 and all t.
 */
function largeNuLowerTail(t: number, nu: number): number {
  const a = nu / 2;
  const b = 0.5;
  const bigT = a - 0.25;
  const t2 = t * t;
  const ratio = t2 / nu;
  // u = T·ln(1 + t²/ν), formed from t² so it does not underflow when t²/ν does
  const logRatioTerm = ratio < 1e-5 ? 1 - ratio * (0.5 - ratio / 3) : log1p(ratio) / ratio;
  const u = (0.5 - 0.25 / nu) * t2 * logRatioTerm;
  // e^−u and erfc(√u) are below the subnormals beyond 745.2; u is +∞ once t² overflows
  if (!(u < 746)) return 0;
  // |t| < 1e-161 or so: ½ − O(|t|) is ½ in f64
  if (u === 0) return 0.5;
  // Γ(a + ½)/(Γ(a)·√(a − ¼)) = 1 + 1/(64a²) + 1/(128a³) + 5/(8192a⁴) + O(a⁻⁵) (series checked with mpmath)
  const gammaRatio = 1 + (1 / 64 + (1 / 128 + 5 / 8192 / a) / a) / (a * a);
  const rootU = Math.sqrt(u);
  // h = u^b·e^−u/Γ(b): the scale of J_n (j below is J_n/h)
  const h = (rootU * exp(-u)) / Math.sqrt(Math.PI);
  const q = erfc(rootU);
  if (h === 0) return 0.5 * gammaRatio * q;
  const logX = -log1p(ratio);
  const halfLogXSquared = (logX / 2) * (logX / 2);
  const fourTSquared = 4 * bigT * bigT;
  const p = [1];
  let j = q / h;
  let sum = j;
  let logXPower = 1;
  let b2n = b;
  for (let n = 1; n < ODD_FACTORIALS.length; n++) {
    let pn = 0;
    for (let m = 1; m < n; m++) pn += ((m * b - n) * p[n - m]) / ODD_FACTORIALS[m];
    pn = pn / n + (b - 1) / ODD_FACTORIALS[n];
    p.push(pn);
    j = (b2n * (b2n + 1) * j + (u + b2n + 1) * logXPower) / fourTSquared;
    logXPower *= halfLogXSquared;
    b2n += 2;
    const term = pn * j;
    sum += term;
    // ν > 1e4 needs at most 7 terms (measured); the table's 30 is TOMS 708's own bound
    if (Math.abs(term) <= EPSILON * Math.abs(sum)) break;
  }
  return 0.5 * gammaRatio * h * sum;
}

/** P(T ≤ −|t|): the lower tail at −|t|, accurate in relative terms however small. */
export function studentTLowerTail(t: number, nu: number): number {
  // (a NaN t would keep the continued fraction from converging; ±∞ and 0 need no case of their own:
  // the logarithms below give x = 0, hence 0, and y = 0 gives ½)
  if (Number.isNaN(t) || !(nu > 0)) return NaN;
  if (nu === Infinity) return normalCdf(-Math.abs(t));
  if (nu > LARGE_NU) return largeNuLowerTail(t, nu);
  const t2 = t * t;
  const ratio = t2 / nu;
  if (ratio === Infinity || nu + t2 === Infinity) {
    // t² or t²/ν beyond f64 (|t| > 1.3e154, or a vanishing ν): ln x = ln ν − ln(ν + t²) from the
    // logarithms, the larger of ln t² and ln ν absorbing the other (no cancellation: x is tiny
    // here). A vanishing ν has tails so heavy that P(T ≤ −|t|) is near ½ even so (ν = 1e-300:
    // P(T ≤ −1e200) = ½ to 1e-13); x itself may underflow to 0, its logarithm does not.
    const logT2 = 2 * ln(Math.abs(t));
    const logNu = ln(nu);
    const larger = Math.max(logT2, logNu);
    const logSum = larger + log1p(exp(Math.min(logT2, logNu) - larger));
    return 0.5 * regularizedBeta(nu / 2, 0.5, exp(logNu - logSum), exp(logT2 - logSum), logNu - logSum, logT2 - logSum);
  }
  // x = ν/(ν + t²), y = t²/(ν + t²), both formed without cancellation
  const sum = nu + t2;
  const x = nu / sum;
  const y = t2 / sum;
  const logX = -log1p(ratio);
  const logY = ln(t2) - ln(sum);
  return 0.5 * regularizedBeta(nu / 2, 0.5, x, y, logX, logY);
}

/** The density of T at t. */
function studentTDensity(t: number, nu: number): number {
  return exp(-logBeta(nu / 2, 0.5) - 0.5 * ln(nu) - ((nu + 1) / 2) * log1p((t * t) / nu));
}

/**
 * The upper-tail quantile: q ≥ 0 with P(T > q) = tail, for tail in (0, ½]. Newton steps on
 * P(T ≤ −q) − tail, kept inside a bracket that shrinks every step (bisection when a step leaves it),
 * from the Cornish–Fisher start of the normal quantile (Abramowitz & Stegun 26.7.5).
 */
export function studentTUpperQuantile(tail: number, nu: number): number {
  if (!(nu > 0) || !(tail > 0 && tail <= 0.5)) return NaN;
  if (tail === 0.5) return 0;
  if (nu === Infinity) return normalUpperQuantile(tail);
  const z = normalUpperQuantile(tail);
  const z2 = z * z;
  let q = z + (z * (z2 + 1)) / (4 * nu) + (z * (5 * z2 * z2 + 16 * z2 + 3)) / (96 * nu * nu);
  if (!(q > 0) || !Number.isFinite(q)) q = z;
  // bracket: P(T ≤ −lo) ≥ tail ≥ P(T ≤ −hi)
  let lo = 0;
  let hi = q;
  while (studentTLowerTail(hi, nu) > tail) {
    lo = hi;
    hi *= 2;
    if (hi === Infinity) return Infinity;
  }
  for (let iteration = 0; iteration < 2000; iteration++) {
    const excess = studentTLowerTail(q, nu) - tail;
    if (excess === 0) return q;
    if (excess > 0) lo = q;
    else hi = q;
    let next = q + excess / studentTDensity(q, nu);
    if (!(next > lo && next < hi)) next = lo + (hi - lo) / 2;
    if (Math.abs(next - q) <= 2 * EPSILON * q || next === lo || next === hi) return next;
    q = next;
  }
  return q;
}
