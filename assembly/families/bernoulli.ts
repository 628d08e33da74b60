// Bernoulli, logit link. y ∈ {0, 1}. On the linear predictor η:
//   nll(η) = log(1 + e^η) − yη,  μ = σ(η),  ∂nll/∂η = μ − y,  ∂²nll/∂η² = σ(η)(1 − σ(η)).
// see: McCullagh & Nelder, GLM (2nd ed.), §4.3; stable forms as in scikit-learn `_loss.pyx`
// (CyHalfBinomialLoss). The row loops that use these point functions are written once, in ./rows.ts.
import { log1pexp, sigmoid } from "./stable";

@final @unmanaged export class Bernoulli {
  // @ts-ignore: decorator
  @inline mean(eta: f64): f64 {
    return sigmoid(eta);
  }

  // @ts-ignore: decorator
  @inline loss(eta: f64, y: f64, mu: f64): f64 {
    return log1pexp(eta) - y * eta;
  }

  /** π(1 − π) with 1 − π taken as σ(−η), so it does not cancel when π is near 1. */
  // @ts-ignore: decorator
  @inline workingWeight(eta: f64, mu: f64): f64 {
    return mu * sigmoid(-eta);
  }

  /** s(y − π)/root, with y − π written as y(1 − π) − (1 − y)π so neither term cancels. */
  // @ts-ignore: decorator
  @inline workingResponse(s: f64, root: f64, eta: f64, y: f64, mu: f64): f64 {
    return s * (y * sigmoid(-eta) - (1.0 - y) * mu) / root;
  }
}
