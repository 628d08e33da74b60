import { ConvergenceError, DivergenceError, SeparationError } from "../errors.js";
import { thetaOf, toFeatureMajor } from "../fit-result.js";
import type { ResolvedOptimizer, ValidatedOptions } from "../options.js";
import { nullModelTheta, type DataSession, type Theta } from "../session.js";
import { fromTermOrder, termIndex, termLabel, termLayout, thetaIndex, toTermOrder, type TermLayout } from "../optimizers/fisher-scoring.js";
import { minimizeLbfgs, type LbfgsSettings } from "../optimizers/lbfgs-minimizer.js";
import { possibleOutcomesObjective } from "./possible-outcomes.js";
import { finiteOptimumCertified } from "./existence-certificate.js";
import { separationByLinearProgram } from "./separation-lp.js";
import { atLimit, linearPredictor, meanLoss, otherOutcomes, rowData, rowLoss, type RowData } from "./row-losses.js";

/** L-BFGS iterations of the probe that follows the fit towards a diverging direction (one or two passes each). */
const PROBE_ITERATIONS = 100;
/**
 * The probe's stop: both of minimizeLbfgs's estimates of f − f* at most tolerance·max(|f|, 1).
 * On separated data the estimate is about the loss the separated rows still carry, so the probe
 * runs on until it is at rounding level (margins ~35), and at a finite optimum it stops at once.
 * float32 gradients carry ~1e-7 relative rounding, so their gap cannot be resolved as finely.
 */
const PROBE_GAP_TOLERANCE = { float64: 1e-15, float32: 1e-9 } as const;
/** A probe that stalls (no step lowers f in floating point) counts only with a gap estimate this small. */
const PROBE_STALL_TOLERANCE = { float64: 1e-12, float32: 1e-3 } as const;
/** How far along a candidate ray the loss is followed: until the most-moved row's η has moved by 2^12 = 4096. */
const RAY_DOUBLINGS = 12;
/**
 * Largest rise of the mean loss along the ray, relative to the mean |nllᵢ|, still taken as flat.
 * Rows moving the wrong way by Δη cost ~Δη·sᵢ/W, far above it; rounding in f64 is ~1e-15.
 */
const RAY_RISE_TOLERANCE = 1e-9;
/** The rise of any one row's loss at the ray's end still taken as rounding (a row moving the wrong way by Δη rises by ~Δη). */
const ROW_RISE_TOLERANCE = 1e-6;
/**
 * Weights spanning more than this (largest / smallest positive) leave light rows below the f64
 * resolution of the mean loss, so neither the probe nor the ray can judge them: no verdict.
 */
const RESOLVABLE_WEIGHT_SPAN = 1e15;
/** A bernoulli/multinomial row with nll above this (probability of its outcome < e^−100) at the probe's end: no verdict. */
const WORST_ROW_LOSS = 100;
/** A ray whose largest motion is below this fraction of Σ|x_ij·Δ_j| lies numerically in X's null space (collinearity, not divergence). */
const NULL_SPACE_RATIO = 1e-8;
/** Outcomes whose fitted probability falls to this are numerically 0 (the 1e-6 of newton.ts's EXTREME_PROBABILITY). */
const EXTREME_PROBABILITY = 1e-6;
/**
 * The outcomes the refit leaves out: probabilities (poisson: means at y = 0) at most SPLIT_HIGHEST
 * that lie below an empty band at least SPLIT_RATIO wide, looked for among those ≤ SPLIT_CEILING.
 */
const SPLIT_HIGHEST = 1e-6;
const SPLIT_RATIO = 1e3;
const SPLIT_CEILING = 1e-2;
/** Splits and refits tried, each from the last flat point of the previous ray. */
const REFIT_ROUNDS = 2;
/** A term the refit reproduces to this (relative) is pinned by the outcomes that remain possible. */
const AGREEMENT = 1e-4;
/** Terms whose effect along the ray is at least this fraction of the largest are reported as diverging. */
const DIVERGING_SHARE = 1e-3;
/** Candidate rays from the end of the probe back to the iterate this many steps before it. */
const LOOKBACKS = [1, 3, 10] as const;

/**
 * After a fit without penalty (bernoulli, multinomial, poisson), decides whether the maximum-
 * likelihood estimate exists, whatever the optimizer reported. The likelihood of these families
 * has no finite maximiser exactly when some direction Δ (with XΔ ≠ 0) never raises the loss:
 * every row's η moves towards its y (or not at all), so the loss falls to that of the rows left
 * unmoved while the coefficients grow without bound (complete/quasi-complete separation; for
 * poisson, means driven to 0 on rows with y = 0 only).
 * see: Albert & Anderson (1984), Biometrika 71(1); Haberman (1974), "The Analysis of Frequency Data", for log-linear models.
 *
 * Decided exactly where the size allows: a proof of existence from the point the fit (or the
 * probe below) reached (existence-certificate.ts), else the simplex method on Stiemke's
 * alternative (separation-lp.ts). Beyond that size, the older two-stage ray test decides:
 * a probe continues from the fitted β with L-BFGS on the unpenalised loss to a gap at
 * rounding level (separated rows' losses only vanish as e^{−margin}, which gd's and sgd's
 * stopping tests accept long before the margins are large). It must end converged, or nothing
 * is concluded. Then rays β* + t·Δ, Δ the probe's last steps (or β* itself), are followed
 * with the loss computed exactly per row in f64, for t doubling until the most-moved row has
 * moved 4096 in η: the MLE does not exist only if the loss never rises above rounding and some
 * rows reach a numerically perfect fit. Where a finite optimum exists β* is it, and every ray
 * from it rises at once; a row a ray moves the wrong way costs ~Δη·sᵢ/W, far above the tolerance.
 * Near-separated data (rows overlapping the best hyperplane) therefore pass: only rows within
 * ~1e-8 (relative) of a separating hyperplane could hide, and those are separated numerically.
 * Leaves the fitted parameters in the session as it found them.
 */
export function checkExistenceAfterFit(session: DataSession, o: ValidatedOptions, theta: Theta, iterations: number, optimizer: ResolvedOptimizer): void {
  if (o.family.name === "gaussian") return;
  if (o.l2 > 0 || o.l1 > 0) {
    checkUnpenalisedExistence(session, o, theta, iterations, optimizer);
    return;
  }
  const layout = termLayout(session.d, session.K, o.fitIntercept, false);
  const fitted = toTermOrder(layout, theta);
  let divergence: Divergence | null;
  let objective: number;
  try {
    session.writeParameters(theta);
    objective = session.objective(0);
    divergence = findDivergence(session, o, layout, fitted);
  } finally {
    session.writeParameters(theta);
  }
  if (!divergence) return;
  const terms = termIndex(layout, o.featureNames);
  throw new SeparationError(
    divergence.diverging.map((k) => termLabel(layout, terms[k])),
    iterations,
    divergence.extremeRows,
    { coefficients: toFeatureMajor(theta, session.d, session.K), intercept: theta.slice(session.d * session.K), objective },
    { family: o.family.name as "bernoulli" | "poisson" | "multinomial", optimizer, detectedBy: "iterations" },
  );
}

/**
 * With a penalty, a finite minimiser fails to exist exactly when the data term has a direction of
 * recession that the penalty does not charge: one in the unpenalised terms only, the intercepts and
 * the features with penaltyFactor fⱼ = 0 (any other direction raises the penalty without bound). So
 * the question is the unpenalised one on those columns, decided exactly by the simplex test
 * (separation-lp.ts) where its size allows; beyond it, no verdict (the fit is returned as it is).
 * Without zero factors every feature is penalised and the checks before the fit (y alone) suffice.
 * see: Rockafellar, "Convex Analysis" (1970), Theorem 27.1(d) (a closed proper convex function
 *      attains its minimum when it has no direction of recession other than its constancy space).
 */
export function checkUnpenalisedExistence(session: DataSession, o: ValidatedOptions, theta: Theta, iterations: number, optimizer: ResolvedOptimizer): void {
  const free = (o.penaltyFactor ?? []).flatMap((f, j) => (f === 0 ? [j] : []));
  if (free.length === 0) return;
  const all = rowData(session, o);
  const X = new Float64Array(all.n * free.length);
  for (let i = 0; i < all.n; i++) free.forEach((j, k) => (X[i * free.length + k] = all.X[i * all.d + j]));
  const data: RowData = { ...all, d: free.length, X, columnScale: Float64Array.from(free, (j) => all.columnScale[j]) };
  const layout = termLayout(free.length, session.K, o.fitIntercept, false);
  const exact = separationByLinearProgram(data, layout);
  if (!exact?.separated || !exact.direction) return;
  const terms = termIndex(layout, free.map((j) => o.featureNames?.[j] ?? `x${j}`));
  session.writeParameters(theta);
  throw new SeparationError(
    divergingTerms(data, layout, exact.direction).map((k) => termLabel(layout, terms[k])),
    iterations,
    exact.extremeRows,
    { coefficients: toFeatureMajor(theta, session.d, session.K), intercept: theta.slice(session.d * session.K), objective: session.objective(0) },
    { family: o.family.name as "bernoulli" | "poisson" | "multinomial", optimizer, detectedBy: "iterations", unpenalised: true },
  );
}

/**
 * Newton can stop with a ConvergenceError (no step lowers f) on separated data before its own
 * separation test fires; the same check at its last estimate tells which it was, so every
 * optimizer reports a missing MLE as a SeparationError. A gd/sgd DivergenceError (a learning rate
 * too large for the data) on data without a finite MLE is reported as that SeparationError too,
 * when the exact test can decide it: no learning rate would give a finite answer there; its last
 * estimate is then the start. Returns the error to throw.
 */
export function separationBehind(error: unknown, session: DataSession, o: ValidatedOptions, optimizer: ResolvedOptimizer): unknown {
  if (error instanceof DivergenceError) return separationBeyondDivergence(error, session, o, optimizer);
  if (!(error instanceof ConvergenceError)) return error;
  const { coefficients, intercept } = error.lastEstimate;
  try {
    checkExistenceAfterFit(session, o, thetaOf(coefficients, intercept, session.d, session.K), error.iterations, optimizer);
  } catch (separation) {
    if (separation instanceof SeparationError) return separation;
    throw separation;
  }
  return error;
}

function separationBeyondDivergence(error: DivergenceError, session: DataSession, o: ValidatedOptions, optimizer: ResolvedOptimizer): unknown {
  if (o.l2 > 0 || o.family.name === "gaussian") return error;
  const layout = termLayout(session.d, session.K, o.fitIntercept, false);
  const data = rowData(session, o);
  const exact = separationByLinearProgram(data, layout);
  if (!exact?.separated || !exact.direction) return error;
  const start = nullModelTheta(o, session.d, data.y, data.weights ?? undefined);
  session.writeParameters(start);
  const terms = termIndex(layout, o.featureNames);
  return new SeparationError(
    divergingTerms(data, layout, exact.direction).map((k) => termLabel(layout, terms[k])),
    error.epoch,
    exact.extremeRows,
    { coefficients: toFeatureMajor(start, session.d, session.K), intercept: start.slice(session.d * session.K), objective: session.objective(0) },
    { family: o.family.name as "bernoulli" | "poisson" | "multinomial", optimizer, detectedBy: "iterations" },
  );
}

interface Divergence {
  /** Term-order indices of the terms that grow along the ray. */
  diverging: number[];
  extremeRows: number;
}

function findDivergence(session: DataSession, o: ValidatedOptions, layout: TermLayout, fitted: Float64Array): Divergence | null {
  // A finite optimum is proved cheaply from a point near it (the fit's, else the probe's end);
  // otherwise the exact test decides wherever its size allows, and the rays below only beyond that.
  const data = rowData(session, o);
  if (finiteOptimumCertified(data, layout, fitted)) return null;
  const probe = followLoss(session, o, layout, fitted);
  if (finiteOptimumCertified(data, layout, probe.end)) return null;
  const exact = separationByLinearProgram(data, layout);
  if (exact) return exact.separated && exact.direction ? { diverging: divergingTerms(data, layout, exact.direction), extremeRows: exact.extremeRows } : null;
  if (!probe.converged) return null;
  const { end, iterates } = probe;
  if (weightSpan(data) > RESOLVABLE_WEIGHT_SPAN) return null;
  const here = linearPredictor(data, layout, end).eta;
  if (data.family !== "poisson") {
    // A near-optimal point of separated data fits every row at least moderately; a row fitted this
    // badly means the mean did not see it (a point the probe cannot have optimised for all rows).
    for (let i = 0; i < data.n; i++) if ((!data.weights || data.weights[i] > 0) && rowLoss(data, layout, i, here, null, 0) > WORST_ROW_LOSS) return null;
  }
  const candidates: Float64Array[] = [];
  for (const back of LOOKBACKS) if (iterates.length > back) candidates.push(difference(end, iterates[iterates.length - 1 - back]));
  candidates.push(difference(end, fitted), Float64Array.from(end));
  const atEnd = meanLoss(data, layout, here);
  const ceiling = atEnd.value + RAY_RISE_TOLERANCE * atEnd.scale;
  for (const direction of candidates) {
    const found = followRay(data, layout, here, direction, ceiling).divergence;
    if (found) return found;
  }
  // Where the fit had already driven the separated rows to rounding level, the probe's steps show
  // no direction. Then the outcomes split cleanly: some numerically impossible, the rest far
  // from it (a wide empty band between, unlike the dense tail of an ordinary fit with strong
  // predictors). Refit without the impossible outcomes, from β = 0: β* fits what remains as well
  // (a diverging direction leaves it unmoved), so Δ = β* − β_N moves only what diverges.
  // Outcomes near the boundary may not look impossible yet and leave the refit separated too; then
  // the terms the refit pins down (those it agrees on with β*) are the finite ones, and β*'s other
  // terms alone, or their change (either way), point along the divergence. A ray that rises late still moved
  // the rest far out, so the split is taken again from its last point that kept the loss flat.
  let point = Float64Array.from(end);
  let pointEta = here;
  for (let round = 0; round < REFIT_ROUNDS; round++) {
    const impossible = impossibleOutcomes(data, layout, pointEta);
    if (!impossible) return null;
    const refit = minimizeLbfgs(possibleOutcomesObjective(data, layout, impossible), new Float64Array(layout.size), probeSettings(o));
    // The refit only proposes directions (the ray decides), so one that ran out of iterations,
    // still separated itself, serves too: its end lies further out along the divergence.
    if (!refit.x.every(Number.isFinite)) return null;
    const change = difference(point, refit.x);
    const pinned = (k: number) => Math.abs(change[k]) <= AGREEMENT * Math.max(1, Math.abs(point[k]));
    const changeOfFree = change.map((value, k) => (pinned(k) ? 0 : value));
    const free = point.map((value, k) => (pinned(k) ? 0 : value));
    let best: { lastFlat: number; motion: Float64Array; direction: Float64Array } | null = null;
    // When what remains is itself still separated the refit runs out further than β*: then the
    // divergence points from β* towards it.
    const reversed = change.map((value) => -value);
    for (const direction of [change, changeOfFree, free, reversed]) {
      const ray = followRay(data, layout, pointEta, direction, ceiling);
      if (ray.divergence) return ray.divergence;
      if (ray.motion && ray.lastFlat > 0 && (!best || ray.lastFlat * maxAbs(direction) > best.lastFlat * maxAbs(best.direction))) {
        best = { lastFlat: ray.lastFlat, motion: ray.motion, direction };
      }
    }
    if (!best) return null;
    const { lastFlat, motion, direction } = best;
    point = point.map((value, k) => value + lastFlat * direction[k]);
    pointEta = pointEta.map((value, k) => value + lastFlat * motion[k]);
  }
  return null;
}

/**
 * Marks (row i, outcome c) at i·K + c when its probability (poisson: mean at y = 0) lies below
 * the widest empty band of at least SPLIT_RATIO among the small ones (≤ SPLIT_CEILING); null
 * when there is no such band.
 */
function impossibleOutcomes(data: RowData, layout: TermLayout, eta: Float64Array): Uint8Array | null {
  const outcomes = Math.max(1, layout.K);
  const all = new Float64Array(data.n * outcomes).fill(Infinity);
  const other = new Float64Array(outcomes);
  for (let i = 0; i < data.n; i++) {
    if (data.weights && !(data.weights[i] > 0)) continue;
    otherOutcomes(data, layout, i, eta, null, 0, other);
    all.set(other, i * outcomes);
  }
  const small = Array.from(all).filter((p) => p <= SPLIT_CEILING).sort((a, b) => a - b);
  if (small.length === 0) return null;
  let split = -1;
  let widest = SPLIT_RATIO;
  // A reduction, not Math.min(...values): one value per row would overflow the call stack.
  const smallestAboveCeiling = Array.from(all).reduce((min, p) => (p > SPLIT_CEILING && p < min ? p : min), 1);
  for (let k = 0; k < small.length; k++) {
    const next = k + 1 < small.length ? small[k + 1] : smallestAboveCeiling;
    const ratio = next / Math.max(small[k], Number.MIN_VALUE);
    if (small[k] <= SPLIT_HIGHEST && ratio >= widest) {
      widest = ratio;
      split = small[k];
    }
  }
  if (split < 0) return null;
  return Uint8Array.from(all, (p) => (p <= split ? 1 : 0));
}

function probeSettings(o: ValidatedOptions): LbfgsSettings {
  return {
    maxIterations: PROBE_ITERATIONS,
    gapTolerance: PROBE_GAP_TOLERANCE[o.dtype],
    stallGapTolerance: PROBE_STALL_TOLERANCE[o.dtype],
  };
}

/**
 * L-BFGS on the unpenalised mean loss from `start` (term order, baseline multinomial), keeping the
 * last accepted iterates; `converged` when it ended on its gap test (PROBE_* tolerances).
 */
function followLoss(session: DataSession, o: ValidatedOptions, layout: TermLayout, start: Float64Array): { end: Float64Array; iterates: Float64Array[]; converged: boolean } {
  const kept = Math.max(...LOOKBACKS) + 1;
  const iterates: Float64Array[] = [start];
  let recent: { x: Float64Array; value: number }[] = [];
  const result = minimizeLbfgs(
    (beta) => {
      session.writeParameters(fromTermOrder(layout, beta));
      const { objective, gradient } = session.gradient(0);
      recent.push({ x: beta, value: objective });
      return { value: objective, gradient: Float64Array.from(thetaIndex(layout), (i) => gradient[i]) };
    },
    start,
    {
      ...probeSettings(o),
      onIteration: (_iteration, value) => {
        // The accepted point is the latest evaluation with the accepted value.
        for (let k = recent.length - 1; k >= 0; k--) {
          if (recent[k].value === value) {
            iterates.push(recent[k].x);
            break;
          }
        }
        recent = [];
        if (iterates.length > kept) iterates.splice(1, iterates.length - kept);
      },
    },
  );
  return { end: result.x, iterates, converged: result.stopReason === "converged" };
}

/**
 * Follows β + t·Δ for t = 2^k / A (A the largest |x_i·Δ|), k = 0 … RAY_DOUBLINGS. A divergence
 * when the loss never rises above `ceiling` (f at β* plus rounding) and some rows moved to a
 * numerically perfect fit; else the last t that kept it flat (0 if none) and the motion X·Δ.
 */
function followRay(
  data: RowData, layout: TermLayout, here: Float64Array, direction: Float64Array, ceiling: number,
): { divergence: Divergence | null; lastFlat: number; motion: Float64Array | null } {
  const { eta: motion, magnitude } = linearPredictor(data, layout, direction);
  let largest = 0;
  let bound = 0;
  for (let i = 0; i < data.n; i++) {
    if (data.weights && !(data.weights[i] > 0)) continue;
    for (let block = 0; block < layout.blocks; block++) largest = Math.max(largest, Math.abs(motion[i * layout.blocks + block]));
    bound = Math.max(bound, magnitude[i]);
  }
  if (!(largest > NULL_SPACE_RATIO * bound)) return { divergence: null, lastFlat: 0, motion: null };
  let t = 0;
  for (let k = 0; k <= RAY_DOUBLINGS; k++) {
    const next = 2 ** k / largest;
    if (!(meanLoss(data, layout, here, motion, next).value <= ceiling)) return { divergence: null, lastFlat: t, motion };
    t = next;
  }
  let extremeRows = 0;
  for (let i = 0; i < data.n; i++) {
    if (data.weights && !(data.weights[i] > 0)) continue;
    // Row by row too: with very unequal weights the mean cannot show a light row moving the wrong way.
    const before = rowLoss(data, layout, i, here, null, 0);
    if (!(rowLoss(data, layout, i, here, motion, t) <= before + ROW_RISE_TOLERANCE * Math.max(1, Math.abs(before)))) {
      return { divergence: null, lastFlat: 0, motion };
    }
    let moved = 0;
    for (let block = 0; block < layout.blocks; block++) moved = Math.max(moved, Math.abs(t * motion[i * layout.blocks + block]));
    if (moved >= 1 && atLimit(data, layout, i, here, motion, t, EXTREME_PROBABILITY)) extremeRows++;
  }
  if (extremeRows === 0) return { divergence: null, lastFlat: t, motion };
  return { divergence: { diverging: divergingTerms(data, layout, direction), extremeRows }, lastFlat: t, motion };
}

/** Terms whose effect on η along Δ (|Δ_k|·max|x_k|, 1 for intercepts) is a visible share of the largest. */
function divergingTerms(data: RowData, layout: TermLayout, direction: Float64Array): number[] {
  const first = layout.fitIntercept ? 1 : 0;
  const effect = Array.from(direction, (value, k) => {
    const j = (k % layout.termsPerBlock) - first;
    return Math.abs(value) * (j < 0 ? 1 : data.columnScale[j]);
  });
  const largest = effect.reduce((max, v) => Math.max(max, v), 0);
  return effect.flatMap((value, k) => (value >= DIVERGING_SHARE * largest ? [k] : []));
}

function weightSpan(data: RowData): number {
  if (!data.weights) return 1;
  let largest = 0;
  let smallest = Infinity;
  for (let i = 0; i < data.n; i++) {
    const s = data.weights[i];
    if (!(s > 0)) continue;
    largest = Math.max(largest, s);
    smallest = Math.min(smallest, s);
  }
  return largest / smallest;
}

function maxAbs(values: Float64Array): number {
  return values.reduce((max, value) => Math.max(max, Math.abs(value)), 0);
}

function difference(a: Float64Array, b: Float64Array): Float64Array {
  return a.map((value, k) => value - b[k]);
}
