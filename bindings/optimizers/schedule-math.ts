// The learning-rate schedules and Adam's bias corrections, written once in portable TypeScript
// (`number`, Math.floor/min/exp/log/sqrt only, no imports): assembly/schedule.ts and
// assembly/updates/index.ts compile this very file into the WASM binary, and host code and tests
// import it, so both sides compute the same rates from one source. Its own powers and cosine
// replace Math.pow and Math.cos, which the binary would otherwise carry as ~13 KB of table-driven
// code for a few calls per update.
//
// Schedule ids as the training context's SCHEDULE field (design: issue 9); t = update (1 at the
// first), e = completed epochs, T = total updates:
//   0 constant      lr
//   1 invscaling    lr / t^A                          (see: sklearn _sgd_fast.pyx `eta0 / pow(t, power_t)`)
//   2 optimal       1 / (l2·(t + A)), A = t0          (the convention; t0 is sklearn's optimal_init)
//   3 step          lr · B^⌊e/A⌋                      (see: torch StepLR, step_size = A, gamma = B)
//   4 exponential   lr · A^e                          (see: torch ExponentialLR, gamma = A)
//   5 cosine        lr·t/A for t ≤ A (warm-up), then B + ½(lr − B)(1 + cos(π·min(1, (t − A)/(T − A))))
//                   (the formula: A = warm-up steps, B = minimum rate; past T it stays at B)
//   6 adaptive      lr (the host lowers LEARNING_RATE between epochs: ReduceLROnPlateau)

/** lr_t of schedule `kind` (ids above). */
export function scheduledLearningRate(kind: number, learningRate: number, t: number, epochsDone: number, totalSteps: number, a: number, b: number, l2: number): number {
  if (kind == 1) return learningRate / powReal(t, a);
  if (kind == 2) return 1 / (l2 * (t + a));
  if (kind == 3) return learningRate * powInteger(b, Math.floor(epochsDone / a));
  if (kind == 4) return learningRate * powInteger(a, epochsDone);
  if (kind == 5) {
    if (t <= a) return learningRate * t / a;
    const progress: number = totalSteps > a ? Math.min(1, (t - a) / (totalSteps - a)) : 1;
    return b + 0.5 * (learningRate - b) * (1 + cosPi(progress));
  }
  return learningRate;
}

/**
 * x^k for an integer k ≥ 0 by binary powering (see: Knuth, TAOCP vol. 2, §4.6.3, Algorithm A):
 * at most 2·log₂k + 1 roundings, and since each squaring doubles the relative error so far, a
 * relative error ≤ k·2⁻⁵² (for Adam's β2 = 0.999 the absolute error of β2ᵗ stays below
 * 2⁻⁵²/(e·|ln β2|) ≈ 8e-14 at every t). Exact for exactly representable results. Used for β^t,
 * γ^e and factor^⌊e/every⌋, whose exponents are update and epoch counts.
 */
export function powInteger(x: number, k: number): number {
  let result: number = 1;
  let base: number = x;
  let n: number = k;
  while (n > 0) {
    const half: number = Math.floor(n / 2);
    if (n - 2 * half == 1) result = result * base;
    n = half;
    if (n > 0) base = base * base;
  }
  return result;
}

/** x^p for x > 0 as e^(p·ln x) (invscaling's t^power, p real): relative error ≈ |p·ln x|·2⁻⁵³. */
export function powReal(x: number, p: number): number {
  return Math.exp(p * Math.log(x));
}

/**
 * cos(π·p) for p ∈ [0, 1] (the cosine schedule's progress). The reduction is exact: k = round(2p),
 * r = p − k/2 ∈ [−¼, ¼] (a difference of nearby binary fractions), x = π·r ∈ [−π/4, π/4], then
 * musl's kernels (see: musl src/math/__cos.c, __sin.c; the constants as AssemblyScript's
 * std/assembly/math.ts cos_kern/sin_kern): cos(π·p) = cos x, −sin x or −cos x for k = 0, 1, 2.
 */
export function cosPi(p: number): number {
  const k: number = Math.floor(2 * p + 0.5);
  const x: number = 3.141592653589793 * (p - 0.5 * k);
  const z: number = x * x;
  const w: number = z * z;
  if (k == 1) {
    const r: number = 8.33333333332248946124e-3 + z * (-1.98412698298579493134e-4 + z * 2.75573137070700676789e-6) +
      z * w * (-2.50507602534068634195e-8 + z * 1.58969099521155010221e-10);
    return -(x + z * x * (-1.66666666666666324348e-1 + z * r));
  }
  const r: number = z * (4.16666666666666019037e-2 + z * (-1.38888888888741095749e-3 + z * 2.48015872894767294178e-5)) +
    w * w * (-2.75573143513906633035e-7 + z * (2.08757232129817482790e-9 + z * -1.13596475577881948265e-11));
  const hz: number = 0.5 * z;
  const v: number = 1 - hz;
  const c: number = v + (((1 - v) - hz) + z * r);
  return k == 0 ? c : -c;
}

/** Adam's step size lr/(1 − β1ᵗ) (see: torch/optim/adam.py `step_size = lr / bias_correction1`). */
export function adamStepSize(lr: number, beta1: number, t: number): number {
  return lr / (1 - powInteger(beta1, t));
}

/** √(1 − β2ᵗ), torch's `bias_correction2_sqrt`. */
export function adamSecondCorrection(beta2: number, t: number): number {
  return Math.sqrt(1 - powInteger(beta2, t));
}
