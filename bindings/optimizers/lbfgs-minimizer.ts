import type { StopReason } from "../fit-result.js";
import { slopeLineSearch, strongWolfeLineSearch, type LinePoint, type LineSearchSettings } from "./line-search.js";

/** The objective and its gradient at x. A non-finite value is allowed: the line search backs off. */
export interface Evaluation {
  readonly value: number;
  readonly gradient: Float64Array;
}

export type ObjectiveFunction = (x: Float64Array) => Evaluation;

export interface LbfgsSettings {
  /** Correction pairs kept, m ≥ 1 (default 10). */
  readonly memory?: number;
  /** Iterations allowed (default 1000). */
  readonly maxIterations?: number;
  /**
   * Converged when both estimates of the remaining decrease f − f* (see {@link gapEstimates}) are
   * at most gapTolerance·F, F = max(|f|, objectiveScale) (default 1e-15; 0 disables the test).
   */
  readonly gapTolerance?: number;
  /**
   * When no step along either the quasi-Newton direction or −g lowers f any more (f − f* is at
   * the resolution of f), the run counts as converged if both gap estimates are at most
   * stallGapTolerance·F (default 1e-10), else it stops with "lineSearchFailed".
   */
  readonly stallGapTolerance?: number;
  /** The floor of F, so that f* = 0 (a perfect fit, a test function) still has a scale (default 1). */
  readonly objectiveScale?: number;
  /**
   * The typical curvature c of f in these coordinates: ½‖g‖²/c estimates f − f* when the Hessian
   * is near c·I, which holds for a well-preconditioned problem (default 1).
   */
  readonly curvature?: number;
  /**
   * When set, a failed strong Wolfe search is followed by a search on the slope alone
   * ({@link slopeLineSearch}) whose steps may raise the computed f by up to this·F (its rounding
   * noise); off by default, so that f never rises from one iteration to the next.
   */
  readonly slopeSearchAllowance?: number;
  /** Called after every iteration with its 1-based number and f; return false to stop. */
  readonly onIteration?: (iteration: number, value: number) => boolean | void;
  readonly lineSearch?: LineSearchSettings;
}

export type LbfgsStopReason = Extract<StopReason, "converged" | "maxIterations" | "callback" | "lineSearchFailed">;

export interface LbfgsResult {
  /** The last accepted point (the start if no step was accepted). */
  readonly x: Float64Array;
  readonly value: number;
  readonly gradient: Float64Array;
  readonly iterations: number;
  /** f after each iteration. */
  readonly history: Float64Array;
  /** Objective/gradient evaluations, the one at the start included. */
  readonly evaluations: number;
  readonly stopReason: LbfgsStopReason;
  /** The larger of the two gap estimates at x, relative to F: what the stop was decided on. */
  readonly relativeGapEstimate: number;
}

export const DEFAULT_MAX_ITERATIONS = 1000;
const DEFAULT_MEMORY = 10;
const DEFAULT_GAP_TOLERANCE = 1e-15;
const DEFAULT_STALL_GAP_TOLERANCE = 1e-10;
/**
 * Slope-only steps in a row before a failed strong Wolfe search counts as a stall: where φ' is
 * as noisy as φ, they would otherwise go on without progress until maxIterations.
 */
const MAX_SLOPE_STEPS_IN_ROW = 20;
/** A pair with sᵀy ≤ ε·yᵀy carries no usable curvature; skipping it keeps ρ = 1/sᵀy and γ = sᵀy/yᵀy positive and finite. */
const CURVATURE_EPSILON = 2.220446049250313e-16;

interface TrialPoint extends LinePoint {
  readonly x: Float64Array;
  readonly gradient: Float64Array;
}

/**
 * Minimises a smooth function by limited-memory BFGS: the two-loop recursion applies the inverse
 * Hessian approximation built from the last m steps s = x₊ − x and gradient changes y = g₊ − g,
 * starting from H₀ = (sᵀy / yᵀy)·I, and each step is chosen by a strong Wolfe line search (so
 * sᵀy > 0 and the approximation stays positive definite). The first step, and any step after the
 * memory is cleared, goes along −g/c (c the caller's curvature, default 1), capped at length 1.
 * see: Nocedal & Wright, Numerical Optimization, 2nd ed. (2006), Algorithm 7.4 (two-loop
 * recursion), Algorithm 7.5 (L-BFGS) and eq. (7.20) (the scaling of H₀).
 *
 * Stopping is on the objective's own scale, not on an absolute gradient size: near x*,
 * f − f* ≈ ½·gᵀ∇²f⁻¹g, estimated twice — by the quasi-Newton decrement ½·gᵀHg (H the L-BFGS
 * inverse Hessian, the curvature actually met along the path; see Nocedal & Wright eq. (6.21)
 * and Boyd & Vandenberghe, Convex Optimization, §9.5.1, the Newton decrement) and by ½‖g‖²/c
 * (c the caller's typical curvature). Neither alone is safe — H knows little of directions the
 * path has not explored, c knows nothing of correlation — so both must be below
 * gapTolerance·max(|f|, objectiveScale). If the line search finds no decrease along the
 * quasi-Newton direction, a search on the slope alone is tried when slopeSearchAllowance is set
 * (f is then below its resolution, φ' is not; at most 20 such steps in a row); failing that, the
 * memory is cleared and steepest descent is tried once; if that fails too, f cannot be lowered at
 * its resolution: "converged" when both estimates are below stallGapTolerance·F, else
 * "lineSearchFailed".
 *
 * @example
 * const quadratic = (x: Float64Array) => ({ value: x[0] ** 2 + 10 * x[1] ** 2, gradient: Float64Array.of(2 * x[0], 20 * x[1]) });
 * minimizeLbfgs(quadratic, Float64Array.of(3, -1)).x; // ≈ [0, 0]
 */
export function minimizeLbfgs(objective: ObjectiveFunction, start: Float64Array, settings: LbfgsSettings = {}): LbfgsResult {
  const memory = settings.memory ?? DEFAULT_MEMORY;
  const maxIterations = settings.maxIterations ?? DEFAULT_MAX_ITERATIONS;
  const gapTolerance = settings.gapTolerance ?? DEFAULT_GAP_TOLERANCE;
  const stallGapTolerance = settings.stallGapTolerance ?? DEFAULT_STALL_GAP_TOLERANCE;
  const objectiveScale = settings.objectiveScale ?? 1;
  const curvature = settings.curvature ?? 1;
  const slopeAllowance = settings.slopeSearchAllowance;
  const p = start.length;

  let evaluations = 0;
  const evaluate = (x: Float64Array): Evaluation => {
    evaluations++;
    return objective(x);
  };
  let x: Float64Array = Float64Array.from(start);
  const first = evaluate(x);
  let value = first.value;
  let gradient: Float64Array = Float64Array.from(first.gradient);
  const history: number[] = [];
  const pairs = new CorrectionPairs(memory, p, 1 / curvature);
  const direction = new Float64Array(p);
  /**
   * The largest quasi-Newton decrement seen at the current x: after a failed search clears the
   * memory, the estimate made with the learned curvature still stands.
   */
  let decrementAtX = 0;
  /** max(decrements, ½‖g‖²/c) / F at x, with `direction` = −H·g already computed. */
  const relativeGap = () => {
    const { decrement, gradientGap } = gapEstimates(gradient, direction, curvature);
    return Math.max(decrementAtX, decrement, gradientGap) / Math.max(Math.abs(value), objectiveScale);
  };
  const finish = (stopReason: LbfgsStopReason): LbfgsResult => ({
    x, value, gradient, iterations: history.length, history: Float64Array.from(history), evaluations, stopReason,
    relativeGapEstimate: relativeGap(),
  });
  if (!Number.isFinite(value) || !gradient.every(Number.isFinite)) return finish("lineSearchFailed");
  const quasiNewtonDirection = () => {
    pairs.applyInverseHessian(gradient, direction);
    // Stryker disable next-line EqualityOperator: i = p only negates direction[p], past the end of a Float64Array (reads undefined, the write is dropped)
    for (let i = 0; i < p; i++) direction[i] = -direction[i];
    decrementAtX = Math.max(decrementAtX, gapEstimates(gradient, direction, curvature).decrement);
  };
  const steepestDescentDirection = () => {
    pairs.clear();
    quasiNewtonDirection();
  };

  quasiNewtonDirection();
  if (relativeGap() <= gapTolerance) return finish("converged");
  let slopeStepsInRow = 0;
  while (history.length < maxIterations) {
    let slope = dot(gradient, direction);
    // Rounding can spoil the approximation far into a run; steepest descent always descends.
    if (!(slope < 0)) {
      steepestDescentDirection();
      slope = dot(gradient, direction);
    }
    const here: TrialPoint = { alpha: 0, value, slope, x, gradient };
    // Without pairs the step −g/c is Newton's for a Hessian c·I; it is capped at length 1.
    const initialStep = pairs.size === 0 ? Math.min(1, 1 / Math.sqrt(dot(direction, direction))) : 1;
    const along = (alpha: number): TrialPoint => {
      const trial = new Float64Array(p);
      // Stryker disable next-line EqualityOperator: i = p only writes trial[p], past the end of a Float64Array (dropped)
      for (let i = 0; i < p; i++) trial[i] = x[i] + alpha * direction[i];
      const at = evaluate(trial);
      return { alpha, value: at.value, slope: dot(at.gradient, direction), x: trial, gradient: Float64Array.from(at.gradient) };
    };
    let search = strongWolfeLineSearch(along, here, initialStep, settings.lineSearch);
    // f no longer shows the decrease, but the gap estimates say there is more to gain: follow
    // the slope, which rounding spares far longer (a bounded number of times in a row).
    if (search.status === "failed" && slopeAllowance !== undefined && slopeStepsInRow < MAX_SLOPE_STEPS_IN_ROW && relativeGap() > gapTolerance) {
      search = slopeLineSearch(along, here, initialStep, { allowance: slopeAllowance * Math.max(Math.abs(value), objectiveScale) });
      if (search.status !== "failed") slopeStepsInRow++;
    } else if (search.status !== "failed") {
      slopeStepsInRow = 0;
    }

    if (search.status === "failed") {
      if (pairs.size === 0) {
        quasiNewtonDirection();
        return finish(relativeGap() <= stallGapTolerance ? "converged" : "lineSearchFailed");
      }
      steepestDescentDirection();
      continue;
    }
    const next = search.point;
    pairs.push(next.x, x, next.gradient, gradient);
    x = next.x;
    value = next.value;
    gradient = next.gradient;
    history.push(value);
    decrementAtX = 0;
    quasiNewtonDirection();

    const converged = relativeGap() <= gapTolerance;
    const stopRequested = settings.onIteration?.(history.length, value) === false;
    if (converged) return finish("converged");
    if (stopRequested) return finish("callback");
  }
  return finish("maxIterations");
}

/**
 * Two estimates of f − f* at a point with gradient g, given the L-BFGS direction d = −H·g:
 * the quasi-Newton decrement ½·gᵀHg = −½·gᵀd, and ½‖g‖²/c for a Hessian near c·I.
 * see: Boyd & Vandenberghe (2004), §9.5.1: f − f* ≈ λ²/2, λ² = gᵀ∇²f⁻¹g the Newton decrement.
 */
export function gapEstimates(g: Float64Array, d: Float64Array, curvature: number): { decrement: number; gradientGap: number } {
  return { decrement: Math.max(0, -0.5 * dot(g, d)), gradientGap: (0.5 * dot(g, g)) / curvature };
}

/** The last m pairs (s, y, ρ = 1/sᵀy) in a ring buffer, oldest first. */
class CorrectionPairs {
  private readonly s: Float64Array[];
  private readonly y: Float64Array[];
  private readonly rho: Float64Array;
  private readonly alpha: Float64Array;
  private spareS: Float64Array;
  private spareY: Float64Array;
  private newest = -1;
  size = 0;

  /** `initialScale` is H₀ = initialScale·I while no pair is stored (1/c: the caller's curvature guess). */
  constructor(private readonly capacity: number, private readonly length: number, private readonly initialScale: number) {
    this.s = Array.from({ length: capacity }, () => new Float64Array(length));
    this.y = Array.from({ length: capacity }, () => new Float64Array(length));
    this.rho = new Float64Array(capacity);
    this.alpha = new Float64Array(capacity);
    this.spareS = new Float64Array(length);
    this.spareY = new Float64Array(length);
  }

  clear(): void {
    this.size = 0;
    this.newest = -1;
  }

  /** Stores s = xNew − xOld, y = gNew − gOld unless sᵀy shows no positive curvature. */
  push(xNew: Float64Array, xOld: Float64Array, gNew: Float64Array, gOld: Float64Array): void {
    const s = this.spareS;
    const y = this.spareY;
    // Stryker disable next-line EqualityOperator: i = length only writes s[length] and y[length], past the ends of Float64Arrays (dropped)
    for (let i = 0; i < this.length; i++) {
      s[i] = xNew[i] - xOld[i];
      y[i] = gNew[i] - gOld[i];
    }
    const sy = dot(s, y);
    if (!(sy > CURVATURE_EPSILON * dot(y, y))) return;
    // The new pair takes the oldest slot; the evicted buffers become the next spares.
    const slot = (this.newest + 1) % this.capacity;
    this.spareS = this.s[slot];
    this.spareY = this.y[slot];
    this.s[slot] = s;
    this.y[slot] = y;
    this.rho[slot] = 1 / sy;
    this.newest = slot;
    this.size = Math.min(this.size + 1, this.capacity);
  }

  /** out = H·g by the two-loop recursion (Nocedal & Wright Algorithm 7.4); H = H₀ with no pairs. */
  applyInverseHessian(g: Float64Array, out: Float64Array): void {
    out.set(g);
    if (this.size === 0) {
      // Stryker disable next-line EqualityOperator: i = length only scales out[length], past the end of a Float64Array (dropped)
      for (let i = 0; i < this.length; i++) out[i] *= this.initialScale;
      return;
    }
    const slotOf = (age: number) => (this.newest - age + this.capacity) % this.capacity;
    for (let age = 0; age < this.size; age++) {
      const k = slotOf(age);
      const a = this.rho[k] * dot(this.s[k], out);
      this.alpha[k] = a;
      axpy(-a, this.y[k], out);
    }
    const newestY = this.y[this.newest];
    // see: Nocedal & Wright (2006), eq. (7.20): γ = sᵀy / yᵀy = 1 / (ρ·yᵀy).
    const gamma = 1 / (this.rho[this.newest] * dot(newestY, newestY));
    // Stryker disable next-line EqualityOperator: i = length only scales out[length], past the end of a Float64Array (dropped)
    for (let i = 0; i < this.length; i++) out[i] *= gamma;
    for (let age = this.size - 1; age >= 0; age--) {
      const k = slotOf(age);
      const b = this.rho[k] * dot(this.y[k], out);
      axpy(this.alpha[k] - b, this.s[k], out);
    }
  }
}

export function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
}

function axpy(a: number, x: Float64Array, y: Float64Array): void {
  // Stryker disable next-line EqualityOperator: i = length only writes y[length], past the end of a Float64Array (dropped)
  for (let i = 0; i < y.length; i++) y[i] += a * x[i];
}

export function maxAbs(a: Float64Array): number {
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]));
  return max;
}
