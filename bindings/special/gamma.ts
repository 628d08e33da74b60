/**
 * log Γ(x) for x > 0 and log B(a, b), in plain arithmetic (deterministic bits on every engine).
 * Stirling's series for x ≥ 8, the recurrence Γ(x) = Γ(x + n)/(x(x+1)…(x+n−1)) below, and exact
 * factorials for small integers (log-factorials of counts are the common case: Poisson's log y!).
 *
 * see: DLMF 5.11.1 (Stirling's series, coefficients B₂ₖ/(2k(2k−1))); Didonato & Morris (1992),
 *   ACM TOMS 708, `betaln` and `algdiv`, for log B without the cancellation of three log Γ.
 */
import { ln, log1p } from "./elementary.js";

const HALF_LOG_TWO_PI = 0.91893853320467274178; // ½·log(2π)

/** The remainder of Stirling's series, log Γ(x) − ((x − ½)log x − x + ½ log 2π), for x ≥ 8 (error < 1e−16). */
function stirlingCorrection(x: number): number {
  const r = 1 / x;
  const r2 = r * r;
  // B₂ₖ/(2k(2k−1)) for k = 1…8: 1/12, −1/360, 1/1260, −1/1680, 1/1188, −691/360360, 1/156, −3617/122400
  return (
    r *
    (1 / 12 +
      r2 * (-1 / 360 + r2 * (1 / 1260 + r2 * (-1 / 1680 + r2 * (1 / 1188 + r2 * (-691 / 360360 + r2 * (1 / 156 + r2 * (-3617 / 122400))))))))
  );
}

/** log Γ(x) for x > 0 (NaN otherwise; +∞ at 0 and ∞). Absolute error ~1e−15, relative ~1e−16 away from x = 1, 2. */
export function logGamma(x: number): number {
  if (Number.isNaN(x) || x < 0) return NaN;
  if (x === 0 || x === Infinity) return Infinity;
  if (x >= 8) return (x - 0.5) * ln(x) - x + HALF_LOG_TWO_PI + stirlingCorrection(x);
  if (Number.isInteger(x)) {
    // (x − 1)! is exact in binary64 up to 22!
    let factorial = 1;
    for (let k = 2; k < x; k++) factorial *= k;
    return ln(factorial);
  }
  let product = 1;
  let shifted = x;
  while (shifted < 8) product *= shifted++;
  return logGamma(shifted) - ln(product);
}

/** log B(a, b) = log Γ(a) + log Γ(b) − log Γ(a + b) for a, b > 0. see: TOMS 708 betaln */
export function logBeta(a: number, b: number): number {
  const small = Math.min(a, b);
  const large = Math.max(a, b);
  if (large < 8) return logGamma(small) + logGamma(large) - logGamma(small + large);
  const correction = stirlingCorrection(large) - stirlingCorrection(small + large);
  if (small < 8) {
    // log Γ(large) − log Γ(large + small) without subtracting two large numbers (TOMS 708 algdiv)
    const ratio = -(large - 0.5) * log1p(small / large) - small * ln(small + large) + small + correction;
    return logGamma(small) + ratio;
  }
  const h = small / large;
  const c = h / (1 + h);
  return HALF_LOG_TWO_PI - 0.5 * ln(large) + (small - 0.5) * ln(c) - large * log1p(h) + stirlingCorrection(small) + correction;
}
