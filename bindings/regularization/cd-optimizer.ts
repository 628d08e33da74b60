import type { Optimizer, OptimizerOutcome } from "../optimizers/optimizer.js";
import type { ValidatedOptions } from "../options.js";
import type { DataSession } from "../session.js";
import { floatView } from "../wasm/arena.js";
import { CoordinateDescent, type CdRows } from "./coordinate-descent.js";
import { cdRegions } from "./cd-regions.js";

/** Outer (IRLS) iterations of "cd" per solve when maxIterations is not given. */
export const CD_DEFAULT_MAX_ITERATIONS = 100;

/** The session's y and weights as host f64 copies, for a solver over all its rows. */
export function sessionRows(session: DataSession, o: ValidatedOptions): CdRows {
  const y = Float64Array.from(floatView(session.memory, o.dtype, session.pointer("y"), session.n));
  const weights = session.weighted ? Float64Array.from(floatView(session.memory, o.dtype, session.pointer("sampleWeight"), session.n)) : undefined;
  return { y, weights, weightTotal: session.weightTotal };
}

/** A solver over the session's rows with their own weights. */
export function sessionSolver(session: DataSession, o: ValidatedOptions): CoordinateDescent {
  return new CoordinateDescent(session, o, sessionRows(session, o), session.weighted ? session.pointer("sampleWeight") : 0);
}

/**
 * optimizer "cd": glmnet's coordinate descent at the trainer's (l1, l2), from the intercept-only
 * start with every feature in the working set (bindings/regularization/coordinate-descent.ts).
 * `tolerance` is glmnet's thresh, `maxIterations` bounds the IRLS iterations.
 */
export const coordinateDescent: Optimizer = {
  regions(rows, cols, o) {
    return cdRegions(rows, cols, o.classes, o.family.name);
  },

  run(session, o, onEpoch): OptimizerOutcome & { penalty: number } {
    const solver = sessionSolver(session, o);
    const maxIterations = o.maxIterations ?? CD_DEFAULT_MAX_ITERATIONS;
    const outcome = solver.solve(o.l1, o.l2, null, o.tolerance, maxIterations);
    const penalty = solver.penalty(o.l1, o.l2);
    const objective = solver.loss / session.weightTotal + penalty;
    const theta = solver.parameters();
    session.writeParameters(theta);
    const stopped = onEpoch !== undefined && onEpoch({ epoch: outcome.iterations, objective, epochs: maxIterations }) === false;
    const warnings = outcome.converged ? [] : [`Coordinate descent did not converge in ${maxIterations} iterations (maxIterations); the estimates are the last iterate.`];
    return {
      theta,
      history: Float64Array.of(objective),
      epochs: outcome.iterations,
      stopReason: outcome.converged ? "converged" : stopped ? "callback" : "maxIterations",
      warnings,
      penalty,
    };
  },
};
