// The exact least-squares optimum, used to show how close each variant's SGD got (not timed).

/**
 * Minimiser of (1/2n)·‖y − b − X·w‖² + (l2/2)·‖w‖² (intercept unpenalised) by the normal equations
 * (ZᵀZ + n·l2·D)·θ = Zᵀy with Z = [1 | X], D = diag(0, 1, …, 1), solved by Cholesky in f64.
 * O(n·d²) time, O(d²) memory; fine for d ≤ a few hundred.
 * see: Golub & Van Loan, Matrix Computations (4th ed.), Algorithm 4.2.1 (Cholesky).
 */
export function leastSquares(X, y, n, d, l2 = 0) {
  const m = d + 1;
  const gram = new Float64Array(m * m);
  const rhs = new Float64Array(m);
  const z = new Float64Array(m);
  z[0] = 1;
  for (let i = 0; i < n; i++) {
    const base = i * d;
    for (let j = 0; j < d; j++) z[j + 1] = X[base + j];
    const yi = y[i];
    for (let a = 0; a < m; a++) {
      const za = z[a];
      rhs[a] += za * yi;
      const row = a * m;
      for (let b = a; b < m; b++) gram[row + b] += za * z[b];
    }
  }
  for (let a = 1; a < m; a++) gram[a * m + a] += n * l2;
  // In-place Cholesky of the upper triangle: gram = RᵀR, R upper triangular.
  for (let a = 0; a < m; a++) {
    let diag = gram[a * m + a];
    for (let k = 0; k < a; k++) diag -= gram[k * m + a] * gram[k * m + a];
    if (!(diag > 0)) throw new Error(`normal equations are not positive definite at column ${a}`);
    const r = Math.sqrt(diag);
    gram[a * m + a] = r;
    for (let b = a + 1; b < m; b++) {
      let value = gram[a * m + b];
      for (let k = 0; k < a; k++) value -= gram[k * m + a] * gram[k * m + b];
      gram[a * m + b] = value / r;
    }
  }
  // Solve Rᵀu = rhs, then Rθ = u.
  const theta = Float64Array.from(rhs);
  for (let a = 0; a < m; a++) {
    let value = theta[a];
    for (let k = 0; k < a; k++) value -= gram[k * m + a] * theta[k];
    theta[a] = value / gram[a * m + a];
  }
  for (let a = m - 1; a >= 0; a--) {
    let value = theta[a];
    for (let k = a + 1; k < m; k++) value -= gram[a * m + k] * theta[k];
    theta[a] = value / gram[a * m + a];
  }
  return { b: theta[0], W: theta.subarray(1) };
}
