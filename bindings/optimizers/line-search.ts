/**
 * A line search for the strong Wolfe conditions on φ(α) = f(x + α·p):
 *   sufficient decrease  φ(α) ≤ φ(0) + c1·α·φ'(0)
 *   curvature            |φ'(α)| ≤ c2·|φ'(0)|
 * Bracketing phase then zoom phase, with safeguarded cubic interpolation.
 * see: Nocedal & Wright, Numerical Optimization, 2nd ed. (2006), §3.5, Algorithms 3.5 and 3.6.
 *
 * A trial point whose value or slope is not finite counts as φ = +∞: it fails sufficient decrease,
 * so the search backs off towards the last good step instead of giving up. Two departures from the
 * textbook, both for rounding near an optimum: a point meeting both conditions is accepted when
 * first seen (Algorithm 3.6 would reject one whose φ ties the bracket's low end), and the search
 * gives up once the decrease it is after can no longer show in float64.
 */

/** One evaluation of the line function; callers may attach more (the full gradient, say). */
export interface LinePoint {
  /** The step length α. */
  readonly alpha: number;
  /** φ(α), or +∞ where the objective is not finite there. */
  readonly value: number;
  /** φ'(α) = ∇f(x + α·p)·p. */
  readonly slope: number;
}

export interface LineSearchSettings {
  /** Sufficient-decrease constant c1 ∈ (0, 1) (default 1e-4). */
  readonly c1?: number;
  /** Curvature constant c2 ∈ (c1, 1) (default 0.9, the usual choice for quasi-Newton directions). */
  readonly c2?: number;
  /** Largest step tried (default 1e10). */
  readonly maxStep?: number;
  /** Evaluations of φ allowed, beyond φ(0) (default 30). */
  readonly maxEvaluations?: number;
}

export type LineSearchStatus =
  /** Both strong Wolfe conditions hold at `point`. */
  | "wolfe"
  /** The evaluation budget or the bracket ran out; `point` satisfies sufficient decrease only. */
  | "decrease"
  /** slopeLineSearch: |φ'| ≤ c2·|φ'(0)| at `point`, and φ within the allowance of φ(0). */
  | "slope"
  /** No step with sufficient decrease was found; `point` is the start (α = 0). */
  | "failed";

export interface LineSearchResult<P extends LinePoint> {
  readonly status: LineSearchStatus;
  readonly point: P;
  /** Evaluations of φ made (φ(0) not counted). */
  readonly evaluations: number;
}

const DEFAULT_C1 = 1e-4;
const DEFAULT_C2 = 0.9;
const DEFAULT_MAX_STEP = 1e10;
const DEFAULT_MAX_EVALUATIONS = 30;
/** Zoom trials are kept at least this fraction of the bracket away from its ends. */
const INTERPOLATION_MARGIN = 0.1;
/**
 * If two zoom trials have not shrunk the bracket to this fraction of its width, the next trial
 * bisects. see: MINPACK-2 dcsrch (Moré & Thuente, ACM TOMS 20(3), 1994), its factor p66.
 */
const SHRINK_FACTOR_PER_TWO_TRIALS = 0.66;
/** Extrapolation grows the step by a factor in [1.1, 4] of the last increment. */
const EXTRAPOLATION_MIN = 1.1;
const EXTRAPOLATION_MAX = 4;
/** A bracket narrower than this (relative to its ends) can no longer separate trial points. */
const BRACKET_RELATIVE_WIDTH = 1e-14; // a few float64 ulps above ε ≈ 2.2e-16
/**
 * While no step has lowered φ yet, steps whose predicted change α·|φ'(0)| is below this fraction of
 * |φ(0)| cannot show a decrease in float64 (ε ≈ 2.2e-16), so the search gives up rather than
 * bisecting on down to α = 0: this is what happens at an optimum reached to rounding level.
 */
const UNRESOLVABLE_CHANGE = 1e-15;

/**
 * Finds a step α > 0 along a descent direction (φ'(0) < 0) that meets the strong Wolfe conditions.
 * `evaluate(α)` returns φ(α) and φ'(α) (and anything else the caller wants back for the chosen
 * step, such as the gradient there); `start` is the point at α = 0 and `initialStep` the first α.
 *
 * @example
 * const phi = (alpha: number) => ({ alpha, value: (alpha - 2) ** 2, slope: 2 * (alpha - 2) });
 * strongWolfeLineSearch(phi, phi(0), 1).point.alpha; // 2 (cubic interpolation is exact on a quadratic)
 */
export function strongWolfeLineSearch<P extends LinePoint>(
  evaluate: (alpha: number) => P,
  start: P,
  initialStep: number,
  settings: LineSearchSettings = {},
): LineSearchResult<P> {
  const c1 = settings.c1 ?? DEFAULT_C1;
  const c2 = settings.c2 ?? DEFAULT_C2;
  const maxStep = settings.maxStep ?? DEFAULT_MAX_STEP;
  const maxEvaluations = settings.maxEvaluations ?? DEFAULT_MAX_EVALUATIONS;
  if (!(start.slope < 0) || !Number.isFinite(start.value)) {
    return { status: "failed", point: start, evaluations: 0 };
  }
  let evaluations = 0;
  const probe = (alpha: number): P => {
    evaluations++;
    return sanitise(evaluate(alpha));
  };
  const sufficientDecrease = (p: P) => p.value <= start.value + c1 * p.alpha * start.slope;
  const curvature = (p: P) => Math.abs(p.slope) <= -c2 * start.slope;

  // Algorithm 3.5: grow the step until a bracket [lo, hi] is known to contain Wolfe points.
  let previous = start;
  let alpha = Math.min(initialStep, maxStep);
  for (;;) {
    const current = probe(alpha);
    const decreases = sufficientDecrease(current);
    // A Wolfe point is accepted as soon as it is seen, even where rounding makes φ tie with or
    // exceed the previous trial's value (the order of Algorithm 3.5's tests would reject it).
    if (decreases && curvature(current)) return { status: "wolfe", point: current, evaluations };
    if (!decreases || (previous !== start && current.value >= previous.value)) return zoom(previous, current);
    if (current.slope >= 0) return zoom(current, previous);
    if (alpha >= maxStep || evaluations >= maxEvaluations) return { status: "decrease", point: current, evaluations };
    const increment = current.alpha - previous.alpha;
    const low = current.alpha + EXTRAPOLATION_MIN * increment;
    const high = current.alpha + EXTRAPOLATION_MAX * increment;
    const trial = cubicMinimiser(previous, current);
    alpha = Math.min(maxStep, Number.isFinite(trial) && trial >= low && trial <= high ? trial : high);
    previous = current;
  }

  // Algorithm 3.6: shrink the bracket; lo always has sufficient decrease and the lowest value yet,
  // and φ'(lo)·(hi − lo) < 0, so a Wolfe point lies between them.
  function zoom(lo: P, hi: P): LineSearchResult<P> {
    let widthBefore = Number.POSITIVE_INFINITY;
    let widthTwoTrialsBefore = Number.POSITIVE_INFINITY;
    while (evaluations < maxEvaluations) {
      const left = Math.min(lo.alpha, hi.alpha);
      const right = Math.max(lo.alpha, hi.alpha);
      const width = right - left;
      if (width <= BRACKET_RELATIVE_WIDTH * right) break;
      if (lo === start && -right * start.slope <= UNRESOLVABLE_CHANGE * Math.abs(start.value)) break;
      // Interpolate, clamped away from the ends; bisect when the cubic is undefined (an end is
      // not finite) or interpolation has stopped shrinking the bracket fast enough.
      let alpha = cubicMinimiser(lo, hi);
      if (Number.isNaN(alpha) || width > SHRINK_FACTOR_PER_TWO_TRIALS * widthTwoTrialsBefore) {
        alpha = left + 0.5 * width;
      } else {
        alpha = Math.min(right - INTERPOLATION_MARGIN * width, Math.max(left + INTERPOLATION_MARGIN * width, alpha));
      }
      widthTwoTrialsBefore = widthBefore;
      widthBefore = width;
      const trial = probe(alpha);
      const decreases = sufficientDecrease(trial);
      if (decreases && curvature(trial)) return { status: "wolfe", point: trial, evaluations };
      if (!decreases || trial.value >= lo.value) {
        hi = trial;
      } else {
        if (trial.slope * (hi.alpha - lo.alpha) >= 0) hi = lo;
        lo = trial;
      }
    }
    return lo === start ? { status: "failed", point: start, evaluations } : { status: "decrease", point: lo, evaluations };
  }
}

/**
 * The minimiser of the cubic through (a, φ(a), φ'(a)) and (b, φ(b), φ'(b)); NaN when the cubic has
 * no local minimum or an end is not finite.
 * see: Nocedal & Wright (2006), eq. (3.59).
 */
export function cubicMinimiser(a: LinePoint, b: LinePoint): number {
  if (!Number.isFinite(a.value) || !Number.isFinite(b.value)) return Number.NaN;
  const d1 = a.slope + b.slope - (3 * (a.value - b.value)) / (a.alpha - b.alpha);
  const discriminant = d1 * d1 - a.slope * b.slope;
  if (!(discriminant >= 0)) return Number.NaN;
  const d2 = Math.sign(b.alpha - a.alpha) * Math.sqrt(discriminant);
  const denominator = b.slope - a.slope + 2 * d2;
  if (denominator === 0) return Number.NaN;
  return b.alpha - (b.alpha - a.alpha) * ((b.slope + d2 - d1) / denominator);
}

/** A point with a non-finite value or slope becomes φ = +∞ (its slope is then meaningless). */
function sanitise<P extends LinePoint>(point: P): P {
  if (Number.isFinite(point.value) && Number.isFinite(point.slope)) return point;
  return { ...point, value: Number.POSITIVE_INFINITY, slope: Number.NaN };
}

export interface SlopeSearchSettings {
  /** Curvature constant c2 ∈ (0, 1): accept α with |φ'(α)| ≤ c2·|φ'(0)| (default 0.9). */
  readonly c2?: number;
  /** φ(α) may exceed φ(0) by at most this (absolute): the rounding noise of φ (default 0). */
  readonly allowance?: number;
  /** Evaluations of φ allowed, beyond φ(0) (default 20). */
  readonly maxEvaluations?: number;
}

/** Slope trials move at most this many times the last step length outward while φ' < 0. */
const SLOPE_EXTRAPOLATION_MAX = 4;

/**
 * A line search on the slope alone, for when φ can no longer show a decrease (its changes are
 * below its rounding) but φ' still can: it looks for α with |φ'(α)| ≤ c2·|φ'(0)| — the strong
 * Wolfe curvature condition — and φ(α) ≤ φ(0) + allowance, by secant steps on φ' kept inside the
 * bracket. Such a step has φ'(α) > φ'(0), so sᵀy > 0 and an L-BFGS update stays positive definite;
 * on a convex φ it lowers the true φ although the computed one may not show it.
 * see: Hager & Zhang, "A new conjugate gradient method with guaranteed descent and an efficient
 *      line search", SIAM J. Optim. 16(1), 2005, §4 (the approximate Wolfe conditions, for the
 *      same reason: near a minimiser φ is resolved far worse than φ').
 *
 * @example
 * const phi = (alpha: number) => ({ alpha, value: 0, slope: alpha - 2 }); // φ flat to rounding, φ' = α − 2
 * slopeLineSearch(phi, phi(0), 1).point.alpha; // 2 (one secant step on a linear φ')
 */
export function slopeLineSearch<P extends LinePoint>(
  evaluate: (alpha: number) => P,
  start: P,
  initialStep: number,
  settings: SlopeSearchSettings = {},
): LineSearchResult<P> {
  const c2 = settings.c2 ?? DEFAULT_C2;
  const allowance = settings.allowance ?? 0;
  const maxEvaluations = settings.maxEvaluations ?? 20;
  if (!(start.slope < 0) || !Number.isFinite(start.value)) return { status: "failed", point: start, evaluations: 0 };
  let evaluations = 0;
  let lo: P = start;
  let hi: P | null = null;
  let alpha = initialStep;
  while (evaluations < maxEvaluations) {
    evaluations++;
    const trial = sanitise(evaluate(alpha));
    const admissible = trial.value <= start.value + allowance;
    if (admissible && Math.abs(trial.slope) <= -c2 * start.slope) return { status: "slope", point: trial, evaluations };
    // Stryker disable next-line EqualityOperator: an admissible trial with slope 0 meets |φ'| ≤ c2·|φ'(0)| and was returned above, so < and <= 0 see the same trials
    if (admissible && trial.slope < 0) lo = trial;
    else hi = trial;
    if (hi === null) {
      // Still descending: the secant root of φ', at most SLOPE_EXTRAPOLATION_MAX× further out.
      const root = secantRoot(start, lo);
      alpha = Math.min(Number.isFinite(root) && root > lo.alpha ? root : 2 * lo.alpha, lo.alpha * (1 + SLOPE_EXTRAPOLATION_MAX));
    } else {
      const width = hi.alpha - lo.alpha;
      if (!(width > BRACKET_RELATIVE_WIDTH * hi.alpha)) break;
      // Secant between a descending end and a rising (or inadmissible) one, kept off both ends.
      // sanitise leaves a slope finite or NaN, and NaN > 0 is false
      const root = hi.slope > 0 ? secantRoot(lo, hi) : Number.NaN;
      alpha = Number.isFinite(root)
        ? Math.min(hi.alpha - INTERPOLATION_MARGIN * width, Math.max(lo.alpha + INTERPOLATION_MARGIN * width, root))
        : lo.alpha + 0.5 * width;
    }
  }
  return { status: "failed", point: start, evaluations };
}

/** The zero of the line through (a.α, φ'(a)) and (b.α, φ'(b)); NaN when the slopes are equal. */
function secantRoot(a: LinePoint, b: LinePoint): number {
  const change = b.slope - a.slope;
  return change > 0 ? a.alpha - (a.slope * (b.alpha - a.alpha)) / change : Number.NaN;
}
