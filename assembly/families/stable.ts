// Numerically guarded helpers shared by the families (f64 throughout).

/**
 * log(1 + eˣ) without overflow or loss of precision.
 * see: M. Mächler, "Accurately Computing log(1 − exp(−|a|))", Rmpfr vignette (2012), eq. (10):
 * cutoffs −37, 18, 33.3; the same ones as scikit-learn's `_loss.pyx` log1pexp.
 */
// @ts-ignore: decorator
@inline export function log1pexp(x: f64): f64 {
  if (x <= -37.0) return Math.exp(x);
  if (x <= 18.0) return Math.log1p(Math.exp(x));
  if (x <= 33.3) return x + Math.exp(-x);
  return x;
}

/** σ(x) = 1 / (1 + e⁻ˣ), branching on the sign so exp never overflows. */
// @ts-ignore: decorator
@inline export function sigmoid(x: f64): f64 {
  if (x >= 0) return 1.0 / (1.0 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1.0 + e);
}
