// Gaussian, identity link. y ∈ ℝ. On the linear predictor η (σ² profiled out):
//   nll(η) = ½(y − η)²,  μ = η,  ∂nll/∂η = μ − y,  ∂²nll/∂η² = 1.
// see: McCullagh & Nelder, Generalized Linear Models (2nd ed.), §2.2.2 and Table 2.1.
// The row loops that use these point functions are written once, in ./rows.ts.

@final @unmanaged export class Gaussian {
  /** Inverse link. */
  // @ts-ignore: decorator
  @inline mean(eta: f64): f64 {
    return eta;
  }

  /** nll at η, given μ = mean(η). */
  // @ts-ignore: decorator
  @inline loss(eta: f64, y: f64, mu: f64): f64 {
    const r = y - eta;
    return 0.5 * r * r;
  }

  /** ∂²nll/∂η² (the IRLS working weight before the prior weight). */
  // @ts-ignore: decorator
  @inline workingWeight(eta: f64, mu: f64): f64 {
    return 1.0;
  }

  /** The IRLS working response u = s(y − μ)/√(s·w), given root = √(s·w): √s·(y − η), as written. */
  // @ts-ignore: decorator
  @inline workingResponse(s: f64, root: f64, eta: f64, y: f64, mu: f64): f64 {
    return root * (y - eta);
  }
}
