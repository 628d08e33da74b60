import type { Optimizer } from "./optimizer.js";
import { DEFAULT_MAX_ITERATIONS, maxAbs, minimizeLbfgs } from "./lbfgs-minimizer.js";
import { columnMoments, freeParameters, interceptOnlyCurvature, StandardisedCoordinates } from "./lbfgs-reparametrisation.js";
import { addScaledPenalty, objectiveAt, ridgeCurvatures } from "../training/penalty.js";

export { minimizeLbfgs, gapEstimates, type Evaluation, type LbfgsResult, type LbfgsSettings, type LbfgsStopReason, type ObjectiveFunction } from "./lbfgs-minimizer.js";

/**
 * The converged test's relative gap tolerance: 1e-6·tolerance (1e-14 by default). The estimates it
 * bounds can undershoot f − f* by the condition number of the standardised Hessian (≲ 1e4 for
 * columns correlated at ρ = 0.999 or rare events), which leaves a true gap ≪ tolerance.
 */
const GAP_TOLERANCE_FACTOR = 1e-6;
/**
 * When f can no longer be lowered at its resolution (offset columns cancel ~log10(offset/spread)
 * digits in η), L-BFGS first follows the slope (steps allowed to raise the computed f by
 * SLOPE_STEP_ALLOWANCE·|f|, its rounding); when that fails too, a gap estimate up to
 * 1e-4·tolerance (1e-12 by default) still counts as converged — 1e4 below the tolerance, for
 * the estimate's own undershoot.
 */
const STALL_GAP_TOLERANCE_FACTOR = 1e-4;
const SLOPE_STEP_ALLOWANCE = 1e-12;
// No float32 floors: the objective and gradient kernels evaluate f64 parameters over float32 rows
// with f64 sums (assembly/kernels/vector.ts, wide kernels), so float32 data resolves f as float64
// data does; the problem solved is the one on the float32-rounded data.
/** F = max(|f|, this·|f at the start|): a perfect fit (f* = 0) is measured against where it began. */
const OBJECTIVE_FLOOR_FROM_START = 1e-8;

/**
 * L-BFGS over the trainer's parameters, each objective/gradient evaluation one WASM pass over the
 * data (DataSession.gradient) at the parameters mapped from standardised coordinates
 * ({@link StandardisedCoordinates}: columns centred and scaled, penalty included), so that column
 * scales and offsets do not slow it down or fool its stopping test. Iterations count as epochs;
 * `history` holds f after each iteration.
 * Stops with "converged" when both estimates of the remaining decrease f − f* in standardised
 * coordinates — the quasi-Newton decrement ½gᵀHg and ½‖g‖²/v — are ≤ 1e-6·tolerance·F,
 * F = max(|f|, 1e-8·|f₀|) (1e-14 by default), or when no step lowers f any more (neither by
 * the strong Wolfe search nor by following the slope) while they are ≤ 1e-4·tolerance·F (f is
 * then optimal to its resolution); "lineSearchFailed" when no step lowers f with a larger estimate; "maxIterations" after maxIterations (default 1000); "callback" when
 * onEpoch returns false. tolerance = 0 turns the converged tests off. Every stop other than
 * "converged" and "callback" comes with a warning giving the estimated relative gap.
 * Penalised multinomial fits come back with their intercepts centred (sum 0).
 */
export const lbfgs: Optimizer = {
  run(session, o, onEpoch) {
    const { d, K } = session;
    const free = freeParameters(o);
    // θ in the context's layout, moved in place: each evaluation writes it back into the context.
    const theta = session.readParameters();
    const intercepts = theta.subarray(d * K);
    if (free.firstClass > 0) {
      // Shift the intercept-only start so class 0 sits at zero (softmax ignores a common shift).
      const reference = intercepts[0];
      for (let c = 0; c < K; c++) intercepts[c] -= reference;
      theta.fill(0, 0, d);
    }
    const coordinates = new StandardisedCoordinates(free, d, K, columnMoments(session, o), ridgeCurvatures(o, d, 1), interceptOnlyCurvature(session, o));
    const maxIterations = o.maxIterations ?? DEFAULT_MAX_ITERATIONS;
    const startValue = objectiveAt(session, o, theta);
    const result = minimizeLbfgs(
      (x) => {
        coordinates.toModel(x, theta);
        session.writeParameters(theta);
        if (!o.penaltyFactor) {
          const { objective, gradient } = session.gradient();
          return { value: objective, gradient: coordinates.gradientFromModel(gradient) };
        }
        // the factors' ridge Σ fⱼ·(l2/2)·w_cj², which the kernels' (l2/2)·‖w‖² is not
        const { objective, gradient } = session.gradient(0);
        const penalty = addScaledPenalty(o, d, K, theta, gradient, null);
        return { value: objective + penalty, gradient: coordinates.gradientFromModel(gradient) };
      },
      coordinates.fromModel(theta),
      {
        memory: o.lbfgsMemory,
        maxIterations,
        gapTolerance: o.tolerance > 0 ? GAP_TOLERANCE_FACTOR * o.tolerance : 0,
        stallGapTolerance: o.tolerance > 0 ? STALL_GAP_TOLERANCE_FACTOR * o.tolerance : 0,
        objectiveScale: OBJECTIVE_FLOOR_FROM_START * Math.abs(startValue),
        slopeSearchAllowance: SLOPE_STEP_ALLOWANCE,
        curvature: coordinates.curvature,
        onIteration: onEpoch && ((iteration, value) => onEpoch({ epoch: iteration, objective: value, epochs: maxIterations })),
      },
    );
    coordinates.toModel(result.x, theta);
    if (o.family.name === "multinomial" && free.firstClass === 0 && o.fitIntercept) {
      const mean = intercepts.reduce((sum, v) => sum + v, 0) / K;
      for (let c = 0; c < K; c++) intercepts[c] -= mean;
    }
    session.writeParameters(theta);
    const warnings: string[] = [];
    const gap = result.relativeGapEstimate.toExponential(1);
    if (result.stopReason === "maxIterations") {
      warnings.push(
        `L-BFGS did not converge in ${maxIterations} iterations (maxIterations); the estimates are the last iterate, whose objective ` +
          `is an estimated ${gap} (relative) above the optimum.`,
      );
    } else if (result.stopReason === "lineSearchFailed") {
      warnings.push(
        `L-BFGS stopped after ${result.iterations} iterations: no step lowered the objective, although it is an estimated ${gap} ` +
          `(relative) above the optimum (largest standardised gradient entry ${maxAbs(result.gradient).toExponential(2)}); ` +
          `the problem may be nearly singular or its objective too coarse at this precision (try optimizer "newton", l2 > 0, or float64).`,
      );
    }
    // The float64 parameters, as newton returns them: under float32 storage the copy in memory is
    // rounded, and where columns lie far from zero that rounding alone moves f by (ε₃₂·offset/spread)².
    return { theta, history: result.history, epochs: result.iterations, stopReason: result.stopReason, warnings };
  },
};
