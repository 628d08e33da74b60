// The L2 penalty, in one place: P(θ) = (l2/2)·Σ_{j < penalised} θ_j² over the weights only (the
// intercepts after them are never penalised), its gradient l2·θ_j, and the SGD shrink factor
// 1 − lr·l2 that applies it as a scale (sklearn's `wscale` idea, see kernels/vector decayStep).
import { sumSquares } from "./kernels/vector";

/** (l2/2)·‖θ[0, penalised)‖², summed in f64; θ holds values of A. */
// @ts-ignore: decorator
@inline export function l2Penalty<A>(theta: usize, penalised: i32, l2: f64): f64 {
  return l2 == 0 ? 0.0 : 0.5 * l2 * sumSquares<A>(theta, penalised);
}

/** ∂P/∂θ_j = l2·θ_j for j < penalised, else 0. */
// @ts-ignore: decorator
@inline export function l2GradientAt(theta: f64, j: i32, penalised: i32, l2: f64): f64 {
  return j < penalised ? l2 * theta : 0.0;
}

/** The factor a plain gradient step of size lr multiplies the penalised weights by. */
// @ts-ignore: decorator
@inline export function l2Shrink(learningRate: f64, l2: f64): f64 {
  return 1.0 - learningRate * l2;
}
