// Plain-TypeScript twins of the WASM update rules (assembly/updates/*) and schedules
// (assembly/schedule.ts): the same formulas, the same operations in the same order, in f64.
// Portable on purpose: this file compiles both as TypeScript (host tests) and as AssemblyScript
// (test/assembly/updates.spec.ts compares the kernels with it bit for bit), so it uses only
// `number`, Float64Array, Math and no imports. A range of coordinates is a subarray; the caller
// passes l2 = 0 (and decay = 1) for the intercepts.

/** torch.optim.SGD(momentum=μ): v ← μ·v + g, θ ← θ − lr·v; G zeroed. */
export function momentumTwin(theta: Float64Array, grad: Float64Array, velocity: Float64Array, lr: number, l2: number, scale: number, momentum: number): void {
  for (let i = 0; i < theta.length; i++) {
    const g: number = scale * grad[i] + l2 * theta[i];
    const v: number = momentum * velocity[i] + g;
    velocity[i] = v;
    theta[i] = theta[i] - lr * v;
    grad[i] = 0;
  }
}

/** torch.optim.SGD(momentum=μ, nesterov=True): v ← μ·v + g, θ ← θ − lr·(g + μ·v). */
export function nesterovTwin(theta: Float64Array, grad: Float64Array, velocity: Float64Array, lr: number, l2: number, scale: number, momentum: number): void {
  for (let i = 0; i < theta.length; i++) {
    const g: number = scale * grad[i] + l2 * theta[i];
    const v: number = momentum * velocity[i] + g;
    velocity[i] = v;
    theta[i] = theta[i] - lr * (g + momentum * v);
    grad[i] = 0;
  }
}

/** torch.optim.Adagrad: s ← s + g·g, θ ← θ − lr·(g/(√s + ε)). */
export function adagradTwin(theta: Float64Array, grad: Float64Array, sumSquares: Float64Array, lr: number, l2: number, scale: number, epsilon: number): void {
  for (let i = 0; i < theta.length; i++) {
    const g: number = scale * grad[i] + l2 * theta[i];
    const s: number = sumSquares[i] + g * g;
    sumSquares[i] = s;
    theta[i] = theta[i] - lr * (g / (Math.sqrt(s) + epsilon));
    grad[i] = 0;
  }
}

/** torch.optim.RMSprop (alpha = ρ): a ← ρ·a + (1 − ρ)·(g·g), θ ← θ − lr·(g/(√a + ε)). */
export function rmspropTwin(theta: Float64Array, grad: Float64Array, meanSquare: Float64Array, lr: number, l2: number, scale: number, rho: number, epsilon: number): void {
  const keep: number = 1 - rho;
  for (let i = 0; i < theta.length; i++) {
    const g: number = scale * grad[i] + l2 * theta[i];
    const a: number = rho * meanSquare[i] + keep * (g * g);
    meanSquare[i] = a;
    theta[i] = theta[i] - lr * (g / (Math.sqrt(a) + epsilon));
    grad[i] = 0;
  }
}

/**
 * torch.optim.Adam / AdamW: m ← β1·m + (1 − β1)·g, v ← β2·v + (1 − β2)·(g·g),
 * θ ← decay·θ − stepSize·(m/(√v/√(1 − β2ᵗ) + ε)); decay = 1 (Adam) or 1 − lr·weightDecay (AdamW).
 */
export function adamTwin(
  theta: Float64Array, grad: Float64Array, m: Float64Array, v: Float64Array, stepSize: number, l2: number, scale: number,
  beta1: number, beta2: number, epsilon: number, biasCorrection2Sqrt: number, decay: number,
): void {
  const keep1: number = 1 - beta1;
  const keep2: number = 1 - beta2;
  for (let i = 0; i < theta.length; i++) {
    const g: number = scale * grad[i] + l2 * theta[i];
    const first: number = beta1 * m[i] + keep1 * g;
    const second: number = beta2 * v[i] + keep2 * (g * g);
    m[i] = first;
    v[i] = second;
    const denominator: number = Math.sqrt(second) / biasCorrection2Sqrt + epsilon;
    theta[i] = decay * theta[i] - stepSize * (first / denominator);
    grad[i] = 0;
  }
}

/** Adam's step size lr/(1 − β1ᵗ) (see: torch/optim/adam.py `step_size = lr / bias_correction1`). */
export function adamStepSizeTwin(lr: number, beta1: number, t: number): number {
  return lr / (1 - Math.pow(beta1, t));
}

/** √(1 − β2ᵗ), torch's `bias_correction2_sqrt`. */
export function adamSecondCorrectionTwin(beta2: number, t: number): number {
  return Math.sqrt(1 - Math.pow(beta2, t));
}

/** Today's plain SGD step (assembly/kernels/vector.ts decayStep): θ ← decay·θ − step·G. */
export function decayStepTwin(theta: Float64Array, grad: Float64Array, decay: number, step: number): void {
  for (let i = 0; i < theta.length; i++) {
    theta[i] = decay * theta[i] - step * grad[i];
    grad[i] = 0;
  }
}

/** sklearn's ASGD: θ̄ ← θ̄ + (θ − θ̄)/k, k = t − t0 + 1. */
export function averageTwin(average: Float64Array, theta: Float64Array, k: number): void {
  for (let i = 0; i < theta.length; i++) {
    const mean: number = average[i];
    average[i] = mean + (theta[i] - mean) / k;
  }
}

/** assembly/schedule.ts scheduledLearningRate, id for id (0 constant … 6 adaptive). */
export function scheduledLearningRateTwin(kind: number, learningRate: number, t: number, epochsDone: number, totalSteps: number, a: number, b: number, l2: number): number {
  if (kind == 1) return learningRate / Math.pow(t, a);
  if (kind == 2) return 1 / (l2 * (t + a));
  if (kind == 3) return learningRate * Math.pow(b, Math.floor(epochsDone / a));
  if (kind == 4) return learningRate * Math.pow(a, epochsDone);
  if (kind == 5) {
    if (t <= a) return learningRate * t / a;
    const progress: number = totalSteps > a ? Math.min(1, (t - a) / (totalSteps - a)) : 1;
    return b + 0.5 * (learningRate - b) * (1 + Math.cos(Math.PI * progress));
  }
  return learningRate;
}
