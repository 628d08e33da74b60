/**
 * Logarithm and exponential in plain IEEE-754 arithmetic, so every engine gives the same bits:
 * `Math.log` and `Math.exp` may differ by an ulp between engines (V8 in Node 20 and Chromium 156
 * do, seen here), and a start or a p-value that differs by an ulp breaks bit-identical results.
 *
 * see: FreeBSD msun e_log.c and e_exp.c (Sun Microsystems, 1993: "Permission to use, copy, modify,
 * and distribute this software is freely granted, provided that this notice is preserved."), as
 * ported to JavaScript by @stdlib/math-base-special-ln and -exp (Apache-2.0); same algorithm and
 * constants, so `ln` gives stdlib's bits (test/special/elementary.test.ts checks that).
 */

const words = new DataView(new ArrayBuffer(8));

function highWord(x: number): number {
  words.setFloat64(0, x, true);
  return words.getInt32(4, true);
}

function withHighWord(x: number, high: number): number {
  words.setFloat64(0, x, true);
  words.setInt32(4, high, true);
  return words.getFloat64(0, true);
}

/** 2^n for an integer n in [−1022, 1023], built from its exponent bits (exact). */
function powerOfTwo(n: number): number {
  words.setInt32(4, (n + 1023) << 20, true);
  words.setInt32(0, 0, true);
  return words.getFloat64(0, true);
}

/** y·2^k with one rounding, k in [−1075, 1024] (what exp needs). see: FreeBSD s_scalbn.c */
function scale(y: number, k: number): number {
  if (k > 1023) return y * powerOfTwo(1023) * powerOfTwo(k - 1023);
  // y·2^(k+54) is exact in the normal range; the last product rounds once into the subnormals.
  if (k < -1022) return y * powerOfTwo(k + 54) * powerOfTwo(-54);
  return y * powerOfTwo(k);
}

const LN2_HI = 6.9314718036912381649e-1; // 0x3FE62E42 FEE00000
const LN2_LO = 1.90821492927058770002e-10; // 0x3DEA39EF 35793C76
const TWO54 = 1.8014398509481984e16; // 2^54

/** Natural logarithm, < 1 ulp. see: FreeBSD e_log.c */
export function ln(x: number): number {
  if (x === 0) return -Infinity;
  if (Number.isNaN(x) || x < 0) return NaN;
  let hx = highWord(x);
  let k = 0;
  if (hx < 0x00100000) {
    // subnormal: scale up first
    k -= 54;
    x *= TWO54;
    hx = highWord(x);
  }
  if (hx >= 0x7ff00000) return x + x;
  k += (hx >> 20) - 1023;
  hx &= 0x000fffff;
  const i = (hx + 0x95f64) & 0x100000;
  // normalise x or x/2 into [√2/2, √2)
  x = withHighWord(x, hx | (i ^ 0x3ff00000));
  k += i >> 20;
  const f = x - 1;
  if ((0x000fffff & (2 + hx)) < 3) {
    // −2^−20 ≤ f < 2^−20
    if (f === 0) return k === 0 ? 0 : k * LN2_HI + k * LN2_LO;
    const R = f * f * (0.5 - 0.33333333333333333 * f);
    return k === 0 ? f - R : k * LN2_HI - (R - k * LN2_LO - f);
  }
  const s = f / (2 + f);
  const z = s * s;
  const w = z * z;
  const t1 = w * (0.3999999999940942 + w * (0.22222198432149784 + w * 0.15313837699209373));
  const t2 = z * (0.6666666666666735 + w * (0.2857142874366239 + w * (0.1818357216161805 + w * 0.14798198605116586)));
  const R = t2 + t1;
  if (((hx - 0x6147a) | (0x6b851 - hx)) > 0) {
    const hfsq = 0.5 * f * f;
    return k === 0 ? f - (hfsq - s * (hfsq + R)) : k * LN2_HI - (hfsq - (s * (hfsq + R) + k * LN2_LO) - f);
  }
  return k === 0 ? f - s * (f - R) : k * LN2_HI - (s * (f - R) - k * LN2_LO - f);
}

/** log(1 + x), accurate for small x. see: Goldberg (1991) "What every computer scientist should know…", Theorem 4 */
export function log1p(x: number): number {
  const u = 1 + x;
  if (u === 1) return x;
  // Beyond 2^53, u − 1 rounds to u itself and log(1 + x) = log u to far below an ulp, while the
  // product ln(u)·x below would overflow past x ≈ 2.5e305 (it gave +∞ for log1p(1.7e308)).
  if (u > 2 ** 53) return ln(u);
  return (ln(u) * x) / (u - 1);
}

/** e^x, < 1 ulp. see: FreeBSD e_exp.c */
export function exp(x: number): number {
  if (Number.isNaN(x) || x === Infinity) return x;
  if (x === -Infinity) return 0;
  if (x > 7.09782712893383973096e2) return Infinity;
  if (x < -7.45133219101941108420e2) return 0;
  if (x > -3.725290298461914e-9 && x < 3.725290298461914e-9) return 1 + x; // |x| < 2^−28
  const k = Math.trunc(1.442695040888963387 * x + (x < 0 ? -0.5 : 0.5));
  const hi = x - k * LN2_HI;
  const lo = k * LN2_LO;
  const r = hi - lo;
  const t = r * r;
  const c =
    r - t * (0.16666666666666602 + t * (-0.0027777777777015593 + t * (0.00006613756321437934 + t * (-0.0000016533902205465252 + t * 4.1381367970572385e-8))));
  return scale(1 - (lo - (r * c) / (2 - c) - hi), k);
}
