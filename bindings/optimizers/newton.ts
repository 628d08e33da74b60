import { CollinearityError, ConvergenceError, InvalidDataError, SeparationError, listShortened, type LastEstimate } from "../errors.js";
import type { StopReason } from "../fit-result.js";
import { toFeatureMajor } from "../fit-result.js";
import type { ValidatedOptions } from "../options.js";
import type { DataSession, Theta } from "../session.js";
import {
  FisherScoring, triangleCondition, fisherScoringRegions, fromTermOrder, penalisedTerms, termIndex, termLabel,
  thetaIndex, toTermOrder, type TermLayout,
} from "./fisher-scoring.js";
import { columnScaling, triangleColumnNorms } from "./column-scaling.js";
import { dependentTerms, rankTolerance } from "./rank.js";
import type { Optimizer, OptimizerOutcome } from "./optimizer.js";
import { centred, newtonLayout, newtonRefusalFor } from "./newton-terms.js";
import { objectiveAt, ridgeCurvatures } from "../training/penalty.js";

/** Default iteration limit (glm.fit's maxit is 25; statsmodels' newton 35; we leave room for step halving). */
export const NEWTON_DEFAULT_MAX_ITERATIONS = 100;
/** Halvings of one Newton step before giving up (see: R's glm.fit, which halves until the deviance is finite and lower). */
export const MAX_STEP_HALVINGS = 30;
/** A step this small relative to ‖β‖∞ means the iterate no longer moves: converged. */
const STEP_TOLERANCE = 1e-6;
/** A step this small relative to ‖β‖∞ cannot change f representably: halving it is pointless. */
const STEP_AT_ROUNDING_LEVEL = 1e-8;
/** Largest rise in f (deviance scale) taken as rounding noise when accepting a step. */
const OBJECTIVE_NOISE = 1e-8;
/**
 * Below this largest weight, sᵢ·nllᵢ leaves the normal f64 range once nllᵢ < 2^-122 (a well
 * fitted row), so the objective's changes vanish: 2^-900 ≈ 1.5e-271.
 */
const SMALLEST_USABLE_WEIGHT = 2 ** -900;
/** Column scales c_j within (2^-32, 2^32) keep raw units in the stopping tests (see stopUnit). */
const STOP_UNIT_RANGE = 2 ** 32;
/** Fitted probabilities this close to 0 or 1 count as "numerically 0 or 1" for separation. */
const EXTREME_PROBABILITY = 1e-6;
/** Consecutive steps whose sizes shrink by less than this factor are not converging quadratically. */
const NON_SHRINKING_RATIO = 0.5;
/**
 * Largest κ₁(R) at which a gaussian fit stops after its first full step. With the identity link the
 * working weights do not depend on β, so that step solves the least-squares problem itself, to
 * the accuracy of Householder QR: relative error ≲ ε·(κ + κ²·‖r‖/(‖A‖·‖β‖)) (Golub & Van Loan
 * §5.3.7), below ~2e-10 for κ ≤ 1e3, where the confirming pass over the data could only repeat
 * it. Worse-conditioned problems (unscaled or polynomial columns) still take a second step, which
 * recomputes the residuals at the new β and refines it.
 */
const ONE_STEP_CONDITION = 1e3;

/** Extra facts a Newton fit reports beyond OptimizerOutcome's required fields. */
export interface NewtonReport {
  /** Terms dropped as exactly collinear or constant (collinear: "drop"), by label; their estimates are 0. */
  aliased: string[];
  /** Human-readable notes on anything unusual (dropped terms, iteration limit). */
  warnings: string[];
}

/**
 * Newton's method / IRLS (Fisher scoring, identical for canonical links) on
 *   F(β) = Σ sᵢ·nllᵢ + (W·l2/2)·Σⱼ fⱼ·w_cj²  =  W·f(β)   (fⱼ the rescaled penalty factors, else 1).
 * Each iteration solves the weighted least-squares problem for the step by Householder QR of the
 * working rows in WASM (assembly/irls.ts, assembly/linalg/householder.ts), in f64 whatever the
 * dtype; L2 enters as rows √(W·l2·fⱼ)·e_j. A step that does not lower f is halved, up to 30 times.
 * Converged when the deviance-scale change |ΔF|/(|F| + 0.1) ≤ tolerance (R's glm.fit test) and
 * the step has stopped moving β (or one more Newton step has been taken after the first test),
 * so the estimate is accurate far beyond the objective's tolerance. A well-conditioned gaussian
 * fit stops after one full step, which is the least-squares solution (ONE_STEP_CONDITION).
 * see: R stats/R/glm.R (glm.fit); Nocedal & Wright, "Numerical Optimization" (2nd ed.), §3.3 and
 *      §10.2 (Gauss–Newton as a linear least-squares problem solved by QR).
 */
export const newton: Optimizer = {
  regions(rows, cols, o) {
    // Called before the trainer copies any data: a problem newton cannot finish in a few seconds,
    // or one without enough rows, is refused here, before any pass over the data.
    const refusal = newtonRefusalFor(rows, cols, o);
    if (refusal) throw refusal;
    return fisherScoringRegions(newtonLayout(cols, o));
  },

  run(session, o, onEpoch) {
    return runNewton(session, o, onEpoch);
  },
};

function runNewton(
  session: DataSession,
  o: ValidatedOptions,
  onEpoch: Parameters<Optimizer["run"]>[2],
): OptimizerOutcome & NewtonReport {
  const layout = newtonLayout(session.d, o);
  const P = layout.size;
  const regions = Object.keys(fisherScoringRegions(layout));
  const pointers = Object.fromEntries(regions.map((name) => [name, session.pointer(name)]));
  const scoring = new FisherScoring(session, layout, pointers, o.dtype);
  const terms = termIndex(layout, o.featureNames);
  const penalised = penalisedTerms(layout);
  // Term k of the Newton system is θ[index[k]]: the iterate is θ itself, in the context's layout.
  const index = thetaIndex(layout);
  const W = session.weightTotal;
  const maxIterations = o.maxIterations ?? NEWTON_DEFAULT_MAX_ITERATIONS;

  // The ridge's curvature l2·fⱼ per term (0 for intercepts and unpenalised features, fⱼ = 0).
  const curvature = ridgeCurvatures(o, layout.d, layout.K);
  const ridge = Float64Array.from(index, (i, j) => (penalised[j] ? curvature[i] : 0));
  // Columns left out of the step: aliased terms, and in the symmetric form one class's copy of
  // every unpenalised term (the intercept, a feature with fⱼ = 0), since a common shift of its K
  // copies changes nothing (the trainer centres them at the end).
  const mask = new Float64Array(P).fill(1);
  if (layout.symmetric) for (let j = 0; j < layout.termsPerBlock; j++) if (ridge[j] === 0) mask[j] = 0;
  // Without a penalty every term, with one the features with fⱼ = 0, may be determined by the data alone.
  const unpenalisedFeature = ridge.some((a, j) => penalised[j] && a === 0);
  const aliased: string[] = [];
  const warnings: string[] = [];
  // The QR works on equilibrated columns c_j·x_j (column-scaling.ts); its step comes back in
  // those units (δ_j = c_j·δ'_j) and β itself stays in the caller's units throughout.
  const scaling = columnScaling(session, layout, o.dtype);
  if (scaling.heaviestWeight < SMALLEST_USABLE_WEIGHT) {
    throw new InvalidDataError(
      "sampleWeight",
      `its largest value is ${scaling.heaviestWeight}, so every row's share sᵢ·nllᵢ of the objective underflows in f64 and no step ` +
        `can be judged; multiply all weights by one constant (such as 1/max) to bring them near 1 — the estimates do not change`,
      scaling.heaviestWeight,
    );
  }
  const columnScale = scaling.scale;
  const columnWeights = () => mask.map((m, j) => m * columnScale[j]);
  // Rows √(T·l2·fⱼ)·c_j·e_j over the terms still in the fit: the ridge's part of the QR for rows of total weight T.
  const ridgeEntries = (rowWeightTotal: number) => ridge.map((a, j) => (mask[j] === 0 ? 0 : Math.sqrt(rowWeightTotal * a) * columnScale[j]));
  // Units of the stopping and separation tests (sizes of δ and β): a column's equilibrated units
  // (β_j/c_j) when its largest entry is beyond 2^±32 ≈ 4e9, where raw units would make its
  // coefficient invisible (a column of 1e300 has coefficients of 1e-300) or dominant; raw units
  // otherwise, the units these tests were tuned in (R's glm.fit also works in raw units).
  const stopUnit = columnScale.map((c) => (c < STOP_UNIT_RANGE && c > 1 / STOP_UNIT_RANGE ? 1 : c));

  // f at θ by the exact kernel over the context's data, penalty factors included (objectiveAt).
  const objective = (at: Theta): number => objectiveAt(session, o, at);
  // The deviance-scale relative change of R's glm.fit: |dev − dev_old|/(|dev| + 0.1), dev ∝ 2·N·f,
  // with N the rows that count (= W unweighted): the weights taken at mean 1, so a common factor
  // in them (1e-250 or 1e250) leaves the test, and the fit, unchanged.
  const N = scaling.supportRows;
  const relativeChange = (previous: number, current: number) => (2 * N * Math.abs(current - previous)) / (2 * N * Math.abs(current) + 0.1);

  // The start, with class 0 moved to zero in the baseline form (softmax ignores a common shift).
  let theta = fromTermOrder(layout, toTermOrder(layout, session.readParameters()));
  let value = Number.NaN;
  const history: number[] = [];
  let stopReason: StopReason = "maxIterations";
  let previousStepSize = Infinity;
  let changeWasSmall = false;

  const lastEstimate = (at: Theta, objectiveValue: number): LastEstimate => {
    const estimate = centred(layout, at);
    return { coefficients: toFeatureMajor(estimate, layout.d, layout.K), intercept: estimate.slice(layout.d * layout.K), objective: objectiveValue };
  };

  let iteration = 0;
  let lastStep = new Float64Array(P);
  while (iteration < maxIterations) {
    // Rank test before the first step (weighted: on the rows that count, unweighted; see priorWeight in assembly/irls.ts).
    // With l2 > 0 the test sees the ridge rows too (as the summaries' factor does), so that only
    // terms no penalty determines count: unpenalised features collinear with each other or constant.
    const rankTest = iteration === 0 && (o.l2 === 0 || unpenalisedFeature);
    if (rankTest && session.weighted) {
      scoring.pass(theta, columnWeights(), true);
      if (o.l2 > 0) scoring.appendDiagonalRows(ridgeEntries(scaling.supportRows), new Float64Array(P));
      dropDependentTerms(scoring, theta, mask, layout, terms, o, aliased);
    }
    scoring.pass(theta, columnWeights());
    if (rankTest && !session.weighted) {
      if (o.l2 > 0) scoring.appendDiagonalRows(ridgeEntries(W), new Float64Array(P));
      dropDependentTerms(scoring, theta, mask, layout, terms, o, aliased);
      if (aliased.length > 0 || o.l2 > 0) scoring.pass(theta, columnWeights());
    }
    if (rankTest && aliased.length > 0) {
      warnings.push(`Dropped ${listShortened(aliased)}: exactly collinear with earlier columns or constant; ${aliased.length === 1 ? "its coefficient is" : "their coefficients are"} fixed at 0.`);
    }
    if (iteration === 0) value = objective(theta);
    // Stryker disable next-line EqualityOperator: at l2 = 0 every entry below is 0, and appendDiagonalRows appends only rows with an entry > 0
    if (o.l2 > 0) {
      // Rows √(W·l2·fⱼ)·c_j·e_j with response −√(W·l2·fⱼ)·β_j add W·l2·fⱼ·(δ + β)_j to the normal
      // equations (in the equilibrated units δ'_j = δ_j/c_j): the penalty's Hessian and gradient on
      // the Σ-scale F = W·f. Unpenalised and masked terms get no row (entry 0: appendDiagonalRows skips it).
      const entry = ridgeEntries(W);
      const response = entry.map((e, j) => (e === 0 ? 0 : -Math.sqrt(W * ridge[j]) * theta[index[j]]));
      scoring.appendDiagonalRows(entry, response);
    }
    const step = scoring.solve(mask.map((m) => (m === 0 ? 1 : 0))).map((s, j) => s * columnScale[j]);
    iteration++;

    let scale = 1;
    let trial = theta;
    let trialValue = Number.NaN;
    let accepted = false;
    for (let halvings = 0; halvings <= MAX_STEP_HALVINGS; halvings++) {
      trial = theta.slice();
      index.forEach((i, j) => (trial[i] = theta[i] + scale * step[j]));
      trialValue = objective(trial);
      // A rise within the convergence tolerance (at most 1e-8) is rounding noise in f
      // (poly_illconditioned's objective carries ~1e-9 relative error): the step there refines β.
      if (Number.isFinite(trialValue) && (trialValue <= value || relativeChange(value, trialValue) <= Math.min(o.tolerance, OBJECTIVE_NOISE))) {
        accepted = true;
        break;
      }
      scale /= 2;
    }
    const stepSize = maxAbs(step.map((v, j) => v / stopUnit[j]));
    const betaSize = maxAbs(stopUnit.map((unit, j) => theta[index[j]] / unit));
    if (!accepted) {
      if (stepSize <= STEP_AT_ROUNDING_LEVEL * betaSize) {
        // No representable improvement is left: β is already the optimum to working precision.
        stopReason = "converged";
        history.push(value);
        break;
      }
      throw new ConvergenceError("stepHalving", iteration, lastEstimate(theta, value), MAX_STEP_HALVINGS, weightSpanCause(scaling.weightSpan));
    }
    const change = relativeChange(value, trialValue);
    theta = trial;
    value = trialValue;
    lastStep = step.map((s, j) => (s * scale) / stopUnit[j]);
    history.push(value);
    const callbackStop = onEpoch !== undefined && onEpoch({ epoch: iteration, objective: value, epochs: maxIterations }) === false;

    // Gaussian: the full step from any start lands on the optimum (see ONE_STEP_CONDITION).
    const solvedExactly = o.family.name === "gaussian" && scale === 1 && triangleCondition(scoring.triangle(), mask, P) <= ONE_STEP_CONDITION;
    if (solvedExactly) {
      stopReason = "converged";
      break;
    }
    const small = change <= o.tolerance;
    const stepStill = scale * stepSize <= STEP_TOLERANCE * Math.max(betaSize, Number.MIN_VALUE);
    const notShrinking = scale * stepSize > NON_SHRINKING_RATIO * previousStepSize;
    previousStepSize = scale * stepSize;
    if (small && !stepStill && notShrinking) {
      const separation = separationCheck(scoring, layout, o, theta, lastStep, terms, iteration, value, lastEstimate);
      if (separation) throw separation;
    }
    if (small && (stepStill || (changeWasSmall && !notShrinking))) {
      stopReason = "converged";
      break;
    }
    changeWasSmall = small;
    if (callbackStop) {
      stopReason = "callback";
      break;
    }
  }
  if (stopReason === "maxIterations") {
    const separation = previousStepSize > 0 ? separationCheck(scoring, layout, o, theta, lastStep, terms, iteration, value, lastEstimate) : null;
    if (separation) throw separation;
    warnings.push(`Newton's method did not converge in ${maxIterations} iterations (maxIterations); the estimates are the last iterate.`);
  }

  theta = centred(layout, theta);
  session.writeParameters(theta);
  return { theta, history: Float64Array.from(history), epochs: iteration, stopReason, aliased, warnings };
}

/**
 * When the positive weights span more than 1/ε (f64), a row of the smallest weight moves the
 * objective by less than its rounding next to one of the largest, so the line search cannot see
 * those rows and a step that ruins their fit looks free: the stated cause of a failed fit.
 */
function weightSpanCause(span: number): string | undefined {
  if (!(span > 1 / Number.EPSILON)) return undefined;
  return `sampleWeight spans ${span.toExponential(1)} (largest over smallest positive weight), beyond f64's 1/ε = 4.5e15: ` +
    `next to the heaviest rows the lightest change the objective by less than its rounding, so no step can be judged on them. ` +
    `Bring the weights within a range of about 1e12 (or merge the heavy rows' duplicates into counts of comparable size).`;
}

function maxAbs(values: ArrayLike<number>): number {
  let max = 0;
  for (let i = 0; i < values.length; i++) max = Math.max(max, Math.abs(values[i]));
  return max;
}

/**
 * Finds exactly collinear or constant columns in the QR of the last pass, at the start values
 * (every working weight positive), as dqrdc2 does (rank.ts: one sweep over the triangle, whatever
 * the number found), with the dtype's tolerance, and masks them.
 */
function dropDependentTerms(
  scoring: FisherScoring, theta: Theta, mask: Float64Array, layout: TermLayout,
  terms: ReturnType<typeof termIndex>, o: ValidatedOptions, aliased: string[],
): void {
  const R = scoring.triangle();
  const found = dependentTerms(R, triangleColumnNorms(R, layout.size), mask, layout.size, rankTolerance(o.dtype));
  if (found.length === 0) return;
  const index = thetaIndex(layout);
  for (const j of found) {
    mask[j] = 0;
    theta[index[j]] = 0;
  }
  const labels = found.sort((a, b) => a - b).map((j) => termLabel(layout, terms[j]));
  if (o.collinear === "error") {
    throw new CollinearityError(labels, [...new Set(found.map((j) => terms[j].feature))].sort((a, b) => a - b));
  }
  aliased.push(...labels);
}

/**
 * Separation shows as steps that stop shrinking while fitted probabilities reach 0 or 1: the
 * likelihood keeps rising along a direction in which some coefficients grow without bound.
 * see: Albert & Anderson (1984), "On the existence of maximum likelihood estimates in logistic
 *      regression models", Biometrika 71(1); R's glm.fit warning "fitted probabilities numerically 0 or 1".
 */
function separationCheck(
  scoring: FisherScoring, layout: TermLayout, o: ValidatedOptions, theta: Theta, step: Float64Array,
  terms: ReturnType<typeof termIndex>, iteration: number, value: number,
  lastEstimate: (at: Theta, objectiveValue: number) => LastEstimate,
): SeparationError | null {
  // With l2 > 0 only unpenalised intercepts can still diverge (a constant y, a class that never occurs).
  if (o.family.name !== "bernoulli" && o.family.name !== "multinomial") return null;
  const extremeRows = scoring.extremeFits(theta, EXTREME_PROBABILITY);
  if (extremeRows === 0) return null;
  const largest = maxAbs(step);
  const diverging: string[] = [];
  step.forEach((s, j) => {
    if (Math.abs(s) >= 1e-3 * largest) diverging.push(termLabel(layout, terms[j]));
  });
  return new SeparationError(diverging, iteration, extremeRows, lastEstimate(theta, value), { family: o.family.name, optimizer: "newton", detectedBy: "iterations", unpenalised: o.l2 > 0 });
}
