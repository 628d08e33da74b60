/**
 * The standard normal distribution: Φ(x) through erfc, and its quantile through erfc⁻¹, each in
 * plain arithmetic (deterministic bits on every engine) and accurate to a few ulps far into the tails.
 *
 * see: FreeBSD msun s_erf.c (Sun Microsystems, 1993; "Permission to use, copy, modify, and distribute
 * this software is freely granted, provided that this notice is preserved.") for erfc, and Boost.Math
 * erf_inv.hpp (John Maddock, Boost Software License 1.0) for erfc⁻¹, both as ported by @stdlib
 * (math-base-special-erfc, -erfcinv; Apache-2.0), whose coefficients these are.
 */
import { exp, ln } from "./elementary.js";

/** p(x) / q(x) with coefficients lowest order first; for |x| > 1 in 1/x (no overflow, same value). */
function rational(p: readonly number[], q: readonly number[], x: number): number {
  let top = 0;
  let bottom = 0;
  if (Math.abs(x) <= 1) {
    for (let i = p.length - 1; i >= 0; i--) top = top * x + p[i];
    for (let i = q.length - 1; i >= 0; i--) bottom = bottom * x + q[i];
    return top / bottom;
  }
  // both polynomials divided by x^(n−1), n the common length (shorter one padded with zeros)
  const n = Math.max(p.length, q.length);
  const inverse = 1 / x;
  for (let i = 0; i < n; i++) top = top * inverse + (p[i] ?? 0);
  for (let i = 0; i < n; i++) bottom = bottom * inverse + (q[i] ?? 0);
  return top / bottom;
}

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
    if (ax < 1.3877787807814457e-17) return 1 - x;
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
  if (x < -6) return 2;
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

// erf_inv.hpp's rational approximations for erfc⁻¹, lowest order first
const R1P = [-0.0005087819496582806, -0.008368748197417368, 0.03348066254097446, -0.012692614766297404, -0.03656379714117627, 0.02198786811111689, 0.008226878746769157, -0.005387729650712429];
const R1Q = [1, -0.9700050433032906, -1.5657455823417585, 1.5622155839842302, 0.662328840472003, -0.7122890234154284, -0.05273963823400997, 0.07952836873415717, -0.0023339375937419, 0.0008862163904564247];
const R2P = [-0.20243350835593876, 0.10526468069939171, 8.3705032834312, 17.644729840837403, -18.851064805871424, -44.6382324441787, 17.445385985570866, 21.12946554483405, -3.6719225470772936];
const R2Q = [1, 6.242641248542475, 3.971343795334387, -28.66081804998, -20.14326346804852, 48.560921310873994, 10.826866735546016, -22.643693341313973, 1.7211476576120028];
const R3P = [-0.1311027816799519, -0.16379404719331705, 0.11703015634199525, 0.38707973897260434, 0.3377855389120359, 0.14286953440815717, 0.029015791000532906, 0.0021455899538880526, -6.794655751811263e-7, 2.8522533178221704e-8, -6.81149956853777e-10];
const R3Q = [1, 3.4662540724256723, 5.381683457070069, 4.778465929458438, 2.5930192162362027, 0.848854343457902, 0.15226433829533179, 0.011059242293464892];
const R4P = [-0.0350353787183178, -0.0022242652921344794, 0.018557330651423107, 0.009508047013259196, 0.0018712349281955923, 0.00015754461742496055, 0.00000460469890584318, -2.304047769118826e-10, 2.6633922742578204e-12];
const R4Q = [1, 1.3653349817554064, 0.7620591645536234, 0.22009110576413124, 0.03415891436709477, 0.00263861676657016, 0.00007646752923027944];
const R5P = [-0.016743100507663373, -0.0011295143874558028, 0.001056288621524929, 0.00020938631748758808, 0.000014962478375834237, 4.4969678992770644e-7, 4.625961635228786e-9, -2.811287356288318e-14, 9.905570997331033e-17];
const R5Q = [1, 0.5914293448864175, 0.1381518657490833, 0.016074608709367652, 0.0009640118070051656, 0.000027533547476472603, 2.82243172016108e-7];

/** erfc⁻¹(q) for q in (0, 1]: the x ≥ 0 with erfc(x) = q. see: erf_inv.hpp, erf_inv_imp */
function erfcInverse(q: number): number {
  const p = 1 - q;
  if (p <= 0.5) {
    const g = p * (p + 10);
    return g * 8.91314744949340820313e-2 + g * rational(R1P, R1Q, p);
  }
  if (q >= 0.25) {
    const g = Math.sqrt(-2 * ln(q));
    return g / (2.249481201171875 + rational(R2P, R2Q, q - 0.25));
  }
  const s = Math.sqrt(-ln(q));
  if (s < 3) return s * (8.07220458984375e-1 + rational(R3P, R3Q, s - 1.125));
  if (s < 6) return s * (9.3995571136474609375e-1 + rational(R4P, R4Q, s - 3));
  return s * (9.8362827301025390625e-1 + rational(R5P, R5Q, s - 6));
}

/**
 * The upper-tail normal quantile: z with P(Z > z) = tail, for tail in (0, ½]. Taking the tail
 * (not 1 − tail) keeps small tails exact: z = √2·erfc⁻¹(2·tail).
 */
export function normalUpperQuantile(tail: number): number {
  if (tail === 0.5) return 0;
  if (tail === 0) return Infinity;
  return Math.SQRT2 * erfcInverse(2 * tail);
}
