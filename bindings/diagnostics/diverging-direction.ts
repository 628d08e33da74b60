import { SeparationError } from "../errors.js";
import { toFeatureMajor } from "../fit-result.js";
import type { ResolvedOptimizer, ValidatedOptions } from "../options.js";
import type { DataSession, Parameters } from "../session.js";
import { blockClass, fromTermOrder, termIndex, termLabel, termLayout, toTermOrder, type TermLayout } from "../optimizers/fisher-scoring.js";
import { minimizeLbfgs, type LbfgsSettings } from "../optimizers/lbfgs.js";
import { unmovedRowsObjective } from "./unmoved-rows.js";
import { atLimit, linearPredictor, meanLoss, rowData, type RowData } from "./row-losses.js";

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
const PROBE_STALL_TOLERANCE = { float64: 1e-12, float32: 1e-6 } as const;
/** How far along a candidate ray the loss is followed: until the most-moved row's η has moved by 2^12 = 4096. */
const RAY_DOUBLINGS = 12;
/**
 * Largest rise of the mean loss along the ray, relative to the mean |nllᵢ|, still taken as flat.
 * Rows moving the wrong way by Δη cost ~Δη·sᵢ/W, far above it; rounding in f64 is ~1e-15.
 */
const RAY_RISE_TOLERANCE = 1e-9;
/** A ray whose largest motion is below this fraction of Σ|x_ij·Δ_j| lies numerically in X's null space (collinearity, not divergence). */
const NULL_SPACE_RATIO = 1e-8;
/** Rows whose loss falls to this are numerically perfectly fitted (the 1e-6 of newton.ts's EXTREME_PROBABILITY). */
const EXTREME_LOSS = 1e-6;
/** Rows whose loss is this small at the probe's end count as at their limit when refitting the others. */
const LIMIT_LOSS = 1e-8;
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
 * Two stages. A probe continues from the fitted β with L-BFGS on the unpenalised loss to a gap at
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
export function checkExistenceAfterFit(session: DataSession, o: ValidatedOptions, params: Parameters, iterations: number, optimizer: ResolvedOptimizer): void {
  if (o.l2 > 0 || o.family.name === "gaussian") return;
  const layout = termLayout(session.d, session.K, o.fitIntercept, false);
  const fitted = toTermOrder(layout, params);
  let divergence: Divergence | null;
  let objective: number;
  try {
    session.writeParameters(params);
    objective = session.objective(0);
    divergence = findDivergence(session, o, layout, fitted);
  } finally {
    session.writeParameters(params);
  }
  if (!divergence) return;
  const terms = termIndex(layout, o.featureNames);
  throw new SeparationError(
    divergence.diverging.map((k) => termLabel(layout, terms[k])),
    iterations,
    divergence.extremeRows,
    { coefficients: toFeatureMajor(params.W, session.d, session.K), intercept: params.b.slice(), objective },
    { family: o.family.name as "bernoulli" | "poisson" | "multinomial", optimizer, detectedBy: "iterations" },
  );
}

interface Divergence {
  /** Term-order indices of the terms that grow along the ray. */
  diverging: number[];
  extremeRows: number;
}

function findDivergence(session: DataSession, o: ValidatedOptions, layout: TermLayout, fitted: Float64Array): Divergence | null {
  const probe = followLoss(session, o, layout, fitted);
  if (!probe) return null;
  const { end, iterates } = probe;
  const data = rowData(session, o);
  const here = linearPredictor(data, layout, end).eta;
  const candidates: Float64Array[] = [];
  for (const back of LOOKBACKS) if (iterates.length > back) candidates.push(difference(end, iterates[iterates.length - 1 - back]));
  candidates.push(difference(end, fitted), Float64Array.from(end));
  for (const direction of candidates) {
    const found = lossNeverRises(data, layout, here, direction);
    if (found) return found;
  }
  // Where the fit had already driven the separated rows to rounding level, the probe's steps show
  // no direction. Refit the rows not at their limit alone, from β = 0: they are fitted as well by
  // β* (a diverging direction leaves them unmoved), so Δ = β* − β_N moves only the rows at the limit.
  const limit = new Uint8Array(data.n);
  let limitCount = 0;
  for (let i = 0; i < data.n; i++) {
    if (data.weights && !(data.weights[i] > 0)) continue;
    if (atLimit(data, layout, i, here, null, 0, LIMIT_LOSS)) {
      limit[i] = 1;
      limitCount++;
    }
  }
  if (limitCount === 0) return null;
  const refit = minimizeLbfgs(unmovedRowsObjective(session, data, layout, limit, limitCount), new Float64Array(layout.size), probeSettings(o));
  if (refit.stopReason !== "converged") return null;
  return lossNeverRises(data, layout, here, difference(end, refit.x));
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
 * last accepted iterates. null unless it ends converged (PROBE_* tolerances).
 */
function followLoss(session: DataSession, o: ValidatedOptions, layout: TermLayout, start: Float64Array): { end: Float64Array; iterates: Float64Array[] } | null {
  const kept = Math.max(...LOOKBACKS) + 1;
  const iterates: Float64Array[] = [start];
  let recent: { x: Float64Array; value: number }[] = [];
  const result = minimizeLbfgs(
    (beta) => {
      session.writeParameters(fromTermOrder(layout, beta));
      const { objective, W, b } = session.gradient(0);
      recent.push({ x: beta, value: objective });
      return { value: objective, gradient: termGradient(layout, W, b) };
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
  if (result.stopReason !== "converged") return null;
  return { end: result.x, iterates };
}

/**
 * Follows β* + t·Δ for t = 2^k / A (A the largest |x_i·Δ|), k = 0 … RAY_DOUBLINGS. A divergence
 * when the loss never rises by more than rounding and some rows moved to a numerically perfect fit.
 */
function lossNeverRises(data: RowData, layout: TermLayout, here: Float64Array, direction: Float64Array): Divergence | null {
  const { eta: motion, magnitude } = linearPredictor(data, layout, direction);
  let largest = 0;
  let bound = 0;
  for (let i = 0; i < data.n; i++) {
    if (data.weights && !(data.weights[i] > 0)) continue;
    for (let block = 0; block < layout.blocks; block++) largest = Math.max(largest, Math.abs(motion[i * layout.blocks + block]));
    bound = Math.max(bound, magnitude[i]);
  }
  if (!(largest > NULL_SPACE_RATIO * bound)) return null;
  const start = meanLoss(data, layout, here);
  const ceiling = start.value + RAY_RISE_TOLERANCE * start.scale;
  let t = 0;
  for (let k = 0; k <= RAY_DOUBLINGS; k++) {
    t = 2 ** k / largest;
    if (!(meanLoss(data, layout, here, motion, t).value <= ceiling)) return null;
  }
  let extremeRows = 0;
  for (let i = 0; i < data.n; i++) {
    if (data.weights && !(data.weights[i] > 0)) continue;
    let moved = 0;
    for (let block = 0; block < layout.blocks; block++) moved = Math.max(moved, Math.abs(t * motion[i * layout.blocks + block]));
    if (moved >= 1 && atLimit(data, layout, i, here, motion, t, EXTREME_LOSS)) extremeRows++;
  }
  if (extremeRows === 0) return null;
  return { diverging: divergingTerms(data, layout, direction), extremeRows };
}

/** Terms whose effect on η along Δ (|Δ_k|·max|x_k|, 1 for intercepts) is a visible share of the largest. */
function divergingTerms(data: RowData, layout: TermLayout, direction: Float64Array): number[] {
  const first = layout.fitIntercept ? 1 : 0;
  const effect = Array.from(direction, (value, k) => {
    const j = (k % layout.termsPerBlock) - first;
    return Math.abs(value) * (j < 0 ? 1 : data.columnScale[j]);
  });
  const largest = Math.max(...effect);
  return effect.flatMap((value, k) => (value >= DIVERGING_SHARE * largest ? [k] : []));
}

/** The gradient in term order: the baseline form's free classes take the class-major gradient as it is. */
function termGradient(layout: TermLayout, W: Float64Array, b: Float64Array): Float64Array {
  const { d, termsPerBlock } = layout;
  const first = layout.fitIntercept ? 1 : 0;
  const g = new Float64Array(layout.size);
  for (let block = 0; block < layout.blocks; block++) {
    const c = blockClass(layout, block);
    if (first) g[block * termsPerBlock] = b[c];
    for (let j = 0; j < d; j++) g[block * termsPerBlock + first + j] = W[c * d + j];
  }
  return g;
}

function difference(a: Float64Array, b: Float64Array): Float64Array {
  return a.map((value, k) => value - b[k]);
}
