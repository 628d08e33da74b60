// Plain-TypeScript twins of the WASM update rules (assembly/updates/*) and schedules
// (assembly/schedule.ts): the same formulas, the same operations in the same order, in f64.
// Portable on purpose: this file compiles both as TypeScript (host tests) and as AssemblyScript
// (test/assembly/updates.spec.ts compares the kernels with it bit for bit), so it uses only
// `number`, Float64Array, Math and no imports. A range of coordinates is a subarray; the caller
// passes l2 = 0 (and decay = 1) for the intercepts. The schedules and Adam's bias corrections are
// not twinned: the kernel compiles their one source, schedule-math.ts, which the host imports too.

/** torch.optim.SGD(momentum=μ): v ← μ·v + g, θ ← θ − lr·v; G zeroed. */
export function momentumTwin(theta: Float64Array, grad: Float64Array, velocity: Float64Array, lr: number, l2: number, scale: number, momentum: number): void {
  // Stryker disable next-line EqualityOperator: i = length only reads undefined and writes past the end of typed arrays, which JS ignores
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
  // Stryker disable next-line EqualityOperator: i = length only reads undefined and writes past the end of typed arrays, which JS ignores
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
  // Stryker disable next-line EqualityOperator: i = length only reads undefined and writes past the end of typed arrays, which JS ignores
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
  // Stryker disable next-line EqualityOperator: i = length only reads undefined and writes past the end of typed arrays, which JS ignores
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
  // Stryker disable next-line EqualityOperator: i = length only reads undefined and writes past the end of typed arrays, which JS ignores
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

/** Today's plain SGD step (assembly/kernels/vector.ts decayStep): θ ← decay·θ − step·G. */
export function decayStepTwin(theta: Float64Array, grad: Float64Array, decay: number, step: number): void {
  // Stryker disable next-line EqualityOperator: i = length only reads undefined and writes past the end of typed arrays, which JS ignores
  for (let i = 0; i < theta.length; i++) {
    theta[i] = decay * theta[i] - step * grad[i];
    grad[i] = 0;
  }
}

/** sklearn's ASGD: θ̄ ← θ̄ + (θ − θ̄)/k, k = t − t0 + 1. */
export function averageTwin(average: Float64Array, theta: Float64Array, k: number): void {
  // Stryker disable next-line EqualityOperator: i = length only reads undefined and writes past the end of typed arrays, which JS ignores
  for (let i = 0; i < theta.length; i++) {
    const mean: number = average[i];
    average[i] = mean + (theta[i] - mean) / k;
  }
}

/**
 * The cumulative-penalty L1 truncation (assembly/updates/l1.ts; sklearn's `l1penalty`):
 * u ← u + f·lrL1/(√m/c + ε) (or f·lrL1 when `moment` is empty), then θ clipped toward 0 by
 * u ± q without crossing, q ← q + (θ_new − θ_old).
 */
export function l1TruncateTwin(
  theta: Float64Array, factor: Float64Array, accumulated: Float64Array, received: Float64Array, moment: Float64Array,
  lrL1: number, correction: number, epsilon: number,
): void {
  // Stryker disable next-line EqualityOperator: i = length only reads undefined and writes past the end of typed arrays, which JS ignores
  for (let i = 0; i < theta.length; i++) {
    const scaled: number = moment.length == 0 ? lrL1 : lrL1 / (Math.sqrt(moment[i]) / correction + epsilon);
    const u: number = accumulated[i] + factor[i] * scaled;
    accumulated[i] = u;
    const z: number = theta[i];
    const q: number = received[i];
    let w: number = z;
    if (z > 0) w = Math.max(0, z - (u + q));
    else if (z < 0) w = Math.min(0, z + (u - q));
    theta[i] = w;
    received[i] = q + (w - z);
  }
}

/** The factor-weighted ridge term folded into G (assembly/updates/l1.ts factorRidge): G ← G + ((f − 1)·c)·θ. */
export function factorRidgeTwin(grad: Float64Array, theta: Float64Array, factor: Float64Array, c: number): void {
  // Stryker disable next-line EqualityOperator: i = length only reads undefined and writes past the end of typed arrays, which JS ignores
  for (let i = 0; i < grad.length; i++) grad[i] = grad[i] + ((factor[i] - 1) * c) * theta[i];
}
