import { resolveOptimizer, type ValidatedOptions } from "../options.js";
import type { DataSession, Theta } from "../session.js";
import { centreMultinomial } from "../fit-result.js";
import { columnMoments } from "../regularization/standardization.js";
import { rescaledPenaltyFactors } from "../regularization/penalty-factor.js";
import { shiftedToPenaltyCentre } from "../regularization/penalty-centre.js";
import { floatView } from "../wasm/arena.js";

/**
 * Whether the trainer's objective has a penalty beyond (l2/2)·‖w‖², which the kernels compute
 * themselves: an L1 term, penalty factors, or σⱼ under standardize (given, or cd's default).
 */
export function hasScaledPenalty(o: ValidatedOptions, cols: number, rows: number): boolean {
  return o.l1 > 0 || o.penaltyFactor !== null || (o.standardize ?? resolveOptimizer(o, cols, rows) === "cd");
}

/**
 * θ as a fit returns it (and as early stopping scores it): a ridge-penalised multinomial fit
 * centred across classes (centreMultinomial). With l1 > 0 centring would raise the L1 penalty:
 * coordinate descent returns its own optimum as it is (epochFit false), and an epoch optimizer's
 * fit is moved to each feature's penalty centre, as cd's sweeps move theirs (shiftedToPenaltyCentre;
 * its intercepts centred on the scale of θ).
 */
export function returnedParameters(theta: Theta, d: number, K: number, o: Pick<ValidatedOptions, "l1" | "l2" | "penaltyFactor">, epochFit = true): Theta {
  if (o.l1 > 0 && K > 1 && epochFit) return shiftedToPenaltyCentre(theta, d, K, rescaledPenaltyFactors(o.penaltyFactor, d), o.l1, o.l2, null);
  return centreMultinomial(theta, d, K, o.l1 > 0 ? 0 : o.l2);
}

/**
 * The penalty term of the objective a fit reports, Σⱼ fⱼ·((l2/2)·w_cj² + l1·|w_cj|) over the
 * d·K penalised values of θ (addScaledPenalty, the sum trainer.evaluate adds too), on the
 * coefficients of the session's columns (the standardised ones when the session holds them).
 * Without l1 or factors it is the kernels' one (l2/2)·‖w‖² (assembly/penalty.ts) at the
 * parameters in the session's memory, which must be θ.
 */
export function objectivePenalty(session: DataSession, o: ValidatedOptions, theta: Theta): number {
  return o.l1 > 0 || o.penaltyFactor ? addScaledPenalty(o, session.d, session.K, theta, null, null) : session.penalty(o.l2);
}

/**
 * The whole objective (1/W)·Σ sᵢ·nllᵢ + penalty at θ over the session's rows: writes θ into the
 * session and adds objectivePenalty to the data term, as the fit's own `objective` is computed.
 */
export function objectiveAt(session: DataSession, o: ValidatedOptions, theta: Theta): number {
  session.writeParameters(theta);
  return session.objective(0) + objectivePenalty(session, o, theta);
}

/**
 * l2·fⱼ·σⱼ² for every penalised value of θ (class-major, c·d + j; fⱼ the rescaled factors, 1
 * without any; σⱼ the column scales the penalty applies to, 1 when `scale` is null): the curvature
 * the ridge part adds to coordinate c·d + j, the diagonal that newton, lbfgs and the summaries'
 * penalised Hessian add to the data's.
 */
export function ridgeCurvatures(o: Pick<ValidatedOptions, "l2" | "penaltyFactor">, d: number, K: number, scale: Float64Array | null = null): Float64Array {
  const factors = rescaledPenaltyFactors(o.penaltyFactor, d);
  return Float64Array.from({ length: d * K }, (_, k) => o.l2 * factors[k % d] * (scale ? scale[k % d] ** 2 : 1));
}

/**
 * The σⱼ the trainer's penalty applies to over the session's columns as they are (see addPenalty):
 * their weighted standard deviations (columnMoments) when the trainer standardises but the session
 * holds X as given (cd, and evaluate), else null (all 1).
 */
export function penaltyScales(session: DataSession, o: ValidatedOptions): Float64Array | null {
  const { n, d } = session;
  if (!(o.standardize ?? resolveOptimizer(o, d, n) === "cd")) return null;
  const weights = session.weighted ? floatView(session.memory, o.dtype, session.pointer("sampleWeight"), n) : undefined;
  return columnMoments(floatView(session.memory, o.dtype, session.pointer("X"), n * d), n, d, weights, session.weightTotal, o.fitIntercept).scale;
}

/**
 * The trainer's penalty Σⱼ fⱼ·((l2/2)·(σⱼwⱼ)² + l1·σⱼ·|wⱼ|) at θ (see TrainerOptions): fⱼ the penalty
 * factors rescaled to sum to d, σⱼ the session's columns' weighted standard deviations
 * (columnMoments, as the fit computes them) when the fit standardises, else 1. Adds its gradient
 * into `gradient` (θ's layout; at wⱼ = 0 the L1 term adds 0, the middle of its subdifferential
 * [−l1·fⱼσⱼ, l1·fⱼσⱼ]) and returns its value.
 */
export function addPenalty(session: DataSession, o: ValidatedOptions, theta: Float64Array, gradient: Float64Array): number {
  return addScaledPenalty(o, session.d, session.K, theta, gradient, penaltyScales(session, o));
}

/**
 * addPenalty's sum, and its gradient added into `gradient` unless that is null, on given column
 * scales σⱼ (null: all 1, the penalty on θ itself, as the optimizers minimise it over the
 * session's own, possibly standardised, columns). A part whose weight is 0 adds exactly 0, even
 * where w² overflows (coefficients of X·1e-160 are ~1e160; 0·∞ would be NaN).
 */
export function addScaledPenalty(
  o: Pick<ValidatedOptions, "l1" | "l2" | "penaltyFactor">, d: number, K: number, theta: Float64Array, gradient: Float64Array | null, scale: Float64Array | null,
): number {
  const factors = rescaledPenaltyFactors(o.penaltyFactor, d);
  let penalty = 0;
  for (let c = 0; c < K; c++) {
    for (let j = 0; j < d; j++) {
      const factor = factors[j];
      // Unpenalised columns (fⱼ = 0) add nothing, even where w² overflows (0·∞ is NaN).
      if (factor === 0) continue;
      const s = scale ? scale[j] : 1;
      const w = theta[c * d + j];
      const l2Part = o.l2 * s * s;
      const l1Part = o.l1 * s;
      // so does a ridge of 0 (l2 = 0, or a constant column's σⱼ = 0): the product is taken left to
      // right, ((0.5·0)·w)·w = 0, before w·w could overflow; |w| itself is finite
      penalty += factor * (0.5 * l2Part * w * w + l1Part * Math.abs(w));
      if (gradient) gradient[c * d + j] += factor * (l2Part * w + l1Part * Math.sign(w));
    }
  }
  return penalty;
}
