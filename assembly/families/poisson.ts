// Poisson, log link. y ∈ {0, 1, 2, …}. On the linear predictor η (the −log y! term is constant
// in the parameters and added back by the host for the log-likelihood):
//   nll(η) = e^η − yη,  μ = e^η,  ∂nll/∂η = μ − y,  ∂²nll/∂η² = μ.
// see: McCullagh & Nelder, GLM (2nd ed.), §6.2; scikit-learn `_loss.pyx` (CyHalfPoissonLoss).
// e^η overflows to +∞ past η ≈ 709.8; the host reports that as divergence rather than clamping.
// The row loops that use these point functions are written once, in ./rows.ts.

@final @unmanaged export class Poisson {
  // @ts-ignore: decorator
  @inline mean(eta: f64): f64 {
    return Math.exp(eta);
  }

  // @ts-ignore: decorator
  @inline loss(eta: f64, y: f64, mu: f64): f64 {
    return mu - y * eta;
  }

  // @ts-ignore: decorator
  @inline workingWeight(eta: f64, mu: f64): f64 {
    return mu;
  }

  // @ts-ignore: decorator
  @inline workingResponse(s: f64, root: f64, eta: f64, y: f64, mu: f64): f64 {
    return s * (y - mu) / root;
  }
}
