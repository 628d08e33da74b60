import type { ValidatedOptions } from "../options.js";
import { toFeatureMajor } from "../fit-result.js";
import type { CoordinateDescent } from "./coordinate-descent.js";
import { ALPHA_FLOOR_FOR_LAMBDA_MAX, defaultLambdaMinRatio, lambdaSequence, penaltiesAt, type ValidatedPathOptions } from "./lambda.js";
import { CD_DEFAULT_MAX_ITERATIONS } from "./cd-optimizer.js";

/** glmnet.control's defaults for the early end of a default path. */
export const PATH_END = Object.freeze({
  /** fdev: stop when the deviance ratio rises by less than this (see runPath for each family's measure). */
  minimumRelativeGain: 1e-5,
  /** devmax: stop when the deviance ratio exceeds this. */
  maximumDevianceRatio: 0.999,
  /** mnlam: the rules apply from this many λ values on. */
  minimumLambdas: 5,
});

/**
 * A regularisation path ({@link Trainer.fitPath}): one solution per λ, in decreasing λ.
 *
 * @example
 * ```ts
 * import { Trainer } from "wasm-mle";
 * const X = [[0.1, 1.2], [0.8, 0.3], [1.5, 2.2], [2.1, 0.4], [2.9, 1.9], [3.3, 0.8], [4.2, 2.5], [4.8, 0.1]];
 * const y = [0.9, 1.6, 3.4, 3.1, 5.2, 4.4, 6.9, 5.3];
 * const trainer = await Trainer.create({ family: "gaussian" });
 * const path = trainer.fitPath(X, y, { alpha: 1, nLambda: 10 });
 * console.log(path.df[0], path.devianceRatio[0]); // 0 0: λ_max sets every coefficient to 0
 * const last = path.coefficients.length - 1;
 * console.log(path.coefficients[last], path.intercepts[last]); // the least penalised fit
 * trainer.dispose();
 * ```
 */
export interface RegularizationPath {
  /** The elastic-net mix α of the path. */
  readonly alpha: number;
  /** The λ values, decreasing. */
  readonly lambdas: Float64Array;
  /** The l1 = λα each λ maps to (see PathOptions.alpha): a single fit with it and `l2` has the same solution. */
  readonly l1: Float64Array;
  /** The l2 each λ maps to: λ(1 − α), gaussian λ(1 − α)/σ_y. */
  readonly l2: Float64Array;
  /** One Float64Array of d·K per λ, feature-major (j·K + c), on the original scale of X. */
  readonly coefficients: Float64Array[];
  /** One Float64Array of K per λ. */
  readonly intercepts: Float64Array[];
  /** 2·(L_saturated − L) weighted by the rows' weights, per λ. */
  readonly deviance: Float64Array;
  /** The deviance of the intercept-only model (η = 0 without an intercept). */
  readonly nullDeviance: number;
  /** 1 − deviance/nullDeviance per λ (glmnet's dev.ratio). */
  readonly devianceRatio: Float64Array;
  /** Features with a non-zero coefficient (in any class) per λ. */
  readonly df: Int32Array;
  /** IRLS iterations per λ. */
  readonly iterations: Int32Array;
  /** Whether every λ's solve met the tolerance. */
  readonly converged: boolean;
  /** Notes on the path (λ values whose solve hit maxIterations). */
  readonly warnings: string[];
}

/**
 * glmnet's pathwise coordinate descent: λ_max (the smallest λ at which every penalised coefficient
 * is 0, from the gradient at the model with only the intercept and the unpenalised features),
 * the default sequence down to λ_max·lambdaMinRatio, warm starts and the sequential strong rule
 * from one λ to the next, and the early end of a default path once the deviance ratio stops
 * rising (by < 1e-5 of itself) or passes 0.999, from the fifth λ on.
 * see: Friedman, Hastie & Tibshirani (2010), J. Stat. Softw. 33(1), §2.5; glmnet's elnet/lognet
 *      Fortran (mnlam, fdev, devmax checks after each λ).
 */
export function runPath(
  solver: CoordinateDescent, o: ValidatedOptions, path: ValidatedPathOptions, rows: number, responseScale: number,
  fixedLambdas: Float64Array | null = path.lambdas,
): RegularizationPath {
  const { d, K } = solver;
  const W = solver.weightTotal;
  const maxIterations = o.maxIterations ?? CD_DEFAULT_MAX_ITERATIONS;
  const ySd = responseScale > 0 ? responseScale : 1;
  let lambdas = fixedLambdas;
  let previousL1: number | null = null;
  if (lambdas === null) {
    solver.solve(Infinity, 0, null, o.tolerance, maxIterations);
    previousL1 = Infinity;
    const lambdaMax = lambdaMaxAt(solver, Math.max(path.alpha, ALPHA_FLOOR_FOR_LAMBDA_MAX), W);
    lambdas = lambdaSequence(lambdaMax, path.nLambda, path.lambdaMinRatio ?? defaultLambdaMinRatio(rows, d));
  }
  const out = {
    l1: [] as number[], l2: [] as number[], coefficients: [] as Float64Array[], intercepts: [] as Float64Array[],
    deviance: [] as number[], devianceRatio: [] as number[], df: [] as number[], iterations: [] as number[],
  };
  let converged = true;
  for (let i = 0; i < lambdas.length; i++) {
    const { l1, l2 } = penaltiesAt(lambdas[i], path.alpha, o, ySd);
    // λ_max's solution is the model already fitted (glmnet reports its λ = ∞ fit there): solving
    // again would let rounding lift the feature whose gradient defines λ_max to ±1e-17.
    const outcome = fixedLambdas === null && i === 0 ? { iterations: 0, converged: true } : solver.solve(l1, l2, previousL1, o.tolerance, maxIterations);
    previousL1 = l1;
    converged &&= outcome.converged;
    const theta = solver.parameters();
    const ratio = solver.nullDeviance > 0 ? 1 - solver.deviance / solver.nullDeviance : 0;
    out.l1.push(l1);
    out.l2.push(l2);
    out.coefficients.push(toFeatureMajor(theta, d, K));
    out.intercepts.push(theta.slice(d * K));
    out.deviance.push(solver.deviance);
    out.devianceRatio.push(ratio);
    out.df.push(solver.nonZero());
    out.iterations.push(outcome.iterations);
    if (fixedLambdas === null && i + 1 >= PATH_END.minimumLambdas) {
      // Gaussian: the gain over the last λ relative to the ratio; bernoulli and multinomial: the
      // gain itself; poisson: the gain over the last mnlam − 1 λ relative to the ratio, against 10·fdev.
      // see: glmnetpp elnet_path/{gaussian,binomial,poisson}_base.hpp, process_point_fit and
      //      ElnetPathPoissonBase::initialize_path (sml *= 10).
      const poisson = o.family.name === "poisson";
      const gain = ratio - out.devianceRatio[i - (poisson ? PATH_END.minimumLambdas - 1 : 1)];
      const scale = o.family.name === "gaussian" || poisson ? ratio : 1;
      if (gain < PATH_END.minimumRelativeGain * (poisson ? 10 : 1) * scale || ratio > PATH_END.maximumDevianceRatio) break;
    }
  }
  const count = out.l1.length;
  return {
    alpha: path.alpha,
    lambdas: lambdas.slice(0, count),
    l1: Float64Array.from(out.l1),
    l2: Float64Array.from(out.l2),
    coefficients: out.coefficients,
    intercepts: out.intercepts,
    deviance: Float64Array.from(out.deviance),
    nullDeviance: solver.nullDeviance,
    devianceRatio: Float64Array.from(out.devianceRatio),
    df: Int32Array.from(out.df),
    iterations: Int32Array.from(out.iterations),
    converged,
    warnings: converged ? [] : [`Coordinate descent did not converge at every λ within ${maxIterations} iterations (maxIterations); see path.iterations.`],
  };
}

/** max over penalised features j (and classes) of |∇ⱼ|/(W·α·fⱼσⱼ) at the current solution. */
function lambdaMaxAt(solver: CoordinateDescent, alpha: number, W: number): number {
  let max = 0;
  for (let c = 0; c < solver.K; c++) {
    const g = solver.gradient(c);
    for (let j = 0; j < solver.d; j++) {
      const weight = solver.l1Weight(j);
      if (weight > 0) max = Math.max(max, Math.abs(g[j]) / (W * alpha * weight));
    }
  }
  return max;
}
