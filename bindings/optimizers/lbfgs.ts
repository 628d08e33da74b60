import type { StopReason } from "../fit-result.js";
import type { ValidatedOptions } from "../options.js";
import type { Parameters } from "../session.js";
import type { Optimizer } from "./optimizer.js";
import { strongWolfeLineSearch, type LinePoint, type LineSearchSettings } from "./line-search.js";

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
  /** Converged when ‖∇f‖∞ ≤ gradientTolerance·max(1, |f|) (default 1e-9; 0 disables the test). */
  readonly gradientTolerance?: number;
  /**
   * Converged when an iteration whose step met the strong Wolfe conditions lowered f by at most
   * objectiveTolerance·max(1, |f|) (default 1e-14, a few dozen ulps: no measurable progress; 0
   * disables the test).
   */
  readonly objectiveTolerance?: number;
  /**
   * When no step along either the quasi-Newton direction or −g lowers f any more, the remaining
   * decrease is below float64 resolution: that counts as converged if ‖∇f‖∞ ≤
   * stallGradientTolerance·max(1, |f|) (default 1e-4), else the stop is "lineSearchFailed".
   */
  readonly stallGradientTolerance?: number;
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
}

const DEFAULT_MEMORY = 10;
const DEFAULT_MAX_ITERATIONS = 1000;
const DEFAULT_GRADIENT_TOLERANCE = 1e-9;
const DEFAULT_OBJECTIVE_TOLERANCE = 1e-14;
const DEFAULT_STALL_GRADIENT_TOLERANCE = 1e-4;
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
 * memory is cleared, goes along −g with length min(1, 1/‖g‖₂).
 * see: Nocedal & Wright, Numerical Optimization, 2nd ed. (2006), Algorithm 7.4 (two-loop
 * recursion), Algorithm 7.5 (L-BFGS) and eq. (7.20) (the scaling of H₀).
 *
 * If the line search finds no decrease along the quasi-Newton direction, the memory is cleared and
 * steepest descent is tried once; if that fails too the search stops: "converged" when the gradient
 * is below stallGradientTolerance (f − f* is then at rounding level), else "lineSearchFailed".
 *
 * @example
 * const quadratic = (x: Float64Array) => ({ value: x[0] ** 2 + 10 * x[1] ** 2, gradient: Float64Array.of(2 * x[0], 20 * x[1]) });
 * minimizeLbfgs(quadratic, Float64Array.of(3, -1)).x; // ≈ [0, 0]
 */
export function minimizeLbfgs(objective: ObjectiveFunction, start: Float64Array, settings: LbfgsSettings = {}): LbfgsResult {
  const memory = settings.memory ?? DEFAULT_MEMORY;
  const maxIterations = settings.maxIterations ?? DEFAULT_MAX_ITERATIONS;
  const gradientTolerance = settings.gradientTolerance ?? DEFAULT_GRADIENT_TOLERANCE;
  const objectiveTolerance = settings.objectiveTolerance ?? DEFAULT_OBJECTIVE_TOLERANCE;
  const stallGradientTolerance = settings.stallGradientTolerance ?? DEFAULT_STALL_GRADIENT_TOLERANCE;
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
  const finish = (stopReason: LbfgsStopReason): LbfgsResult => ({
    x, value, gradient, iterations: history.length, history: Float64Array.from(history), evaluations, stopReason,
  });
  if (!Number.isFinite(value) || !gradient.every(Number.isFinite)) return finish("lineSearchFailed");
  const gradientBelow = (tolerance: number) => tolerance > 0 && maxAbs(gradient) <= tolerance * Math.max(1, Math.abs(value));
  const gradientSmall = () => gradientBelow(gradientTolerance);
  if (gradientSmall()) return finish("converged");

  const pairs = new CorrectionPairs(memory, p);
  const direction = new Float64Array(p);
  while (history.length < maxIterations) {
    pairs.applyInverseHessian(gradient, direction);
    for (let i = 0; i < p; i++) direction[i] = -direction[i];
    let slope = dot(gradient, direction);
    if (!(slope < 0)) {
      // Rounding can spoil the approximation far into a run; steepest descent always descends.
      pairs.clear();
      for (let i = 0; i < p; i++) direction[i] = -gradient[i];
      slope = dot(gradient, direction);
    }
    const here: TrialPoint = { alpha: 0, value, slope, x, gradient };
    const initialStep = pairs.size === 0 ? Math.min(1, 1 / Math.sqrt(-slope)) : 1;
    const search = strongWolfeLineSearch((alpha) => {
      const trial = new Float64Array(p);
      for (let i = 0; i < p; i++) trial[i] = x[i] + alpha * direction[i];
      const at = evaluate(trial);
      return { alpha, value: at.value, slope: dot(at.gradient, direction), x: trial, gradient: Float64Array.from(at.gradient) };
    }, here, initialStep, settings.lineSearch);

    if (search.status === "failed") {
      if (pairs.size === 0) return finish(gradientBelow(stallGradientTolerance) ? "converged" : "lineSearchFailed");
      pairs.clear();
      continue;
    }
    const next = search.point;
    pairs.push(next.x, x, next.gradient, gradient);
    const decrease = value - next.value;
    x = next.x;
    value = next.value;
    gradient = next.gradient;
    history.push(value);

    const converged =
      gradientSmall() ||
      (search.status === "wolfe" && objectiveTolerance > 0 && decrease <= objectiveTolerance * Math.max(1, Math.abs(value)));
    const stopRequested = settings.onIteration?.(history.length, value) === false;
    if (converged) return finish("converged");
    if (stopRequested) return finish("callback");
  }
  return finish("maxIterations");
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

  constructor(private readonly capacity: number, private readonly length: number) {
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

  /** out = H·g by the two-loop recursion (Nocedal & Wright Algorithm 7.4). */
  applyInverseHessian(g: Float64Array, out: Float64Array): void {
    out.set(g);
    if (this.size === 0) return;
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
    for (let i = 0; i < this.length; i++) out[i] *= gamma;
    for (let age = this.size - 1; age >= 0; age--) {
      const k = slotOf(age);
      const b = this.rho[k] * dot(this.y[k], out);
      axpy(this.alpha[k] - b, this.s[k], out);
    }
  }
}

function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
}

function axpy(a: number, x: Float64Array, y: Float64Array): void {
  for (let i = 0; i < y.length; i++) y[i] += a * x[i];
}

function maxAbs(a: Float64Array): number {
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]));
  return max;
}

/**
 * Which entries of (W, b) L-BFGS moves. Multinomial fits without a penalty use the baseline form
 * (class 0's coefficients and intercept fixed at 0, like statsmodels MNLogit), since the symmetric
 * form has no unique optimum then; with l2 > 0 every class is free. Intercepts only when fitted.
 */
interface FreeParameters {
  readonly firstClass: number;
  readonly fitIntercept: boolean;
}

function freeParameters(o: ValidatedOptions): FreeParameters {
  const baseline = o.family.name === "multinomial" && o.l2 === 0;
  return { firstClass: baseline ? 1 : 0, fitIntercept: o.fitIntercept };
}

function pack(free: FreeParameters, d: number, K: number, W: Float64Array, b: Float64Array): Float64Array {
  const classes = K - free.firstClass;
  const x = new Float64Array(classes * d + (free.fitIntercept ? classes : 0));
  x.set(W.subarray(free.firstClass * d, K * d), 0);
  if (free.fitIntercept) x.set(b.subarray(free.firstClass, K), classes * d);
  return x;
}

/** Writes x into the free entries of `into` (the fixed entries keep their values). */
function unpack(free: FreeParameters, d: number, K: number, x: Float64Array, into: Parameters): void {
  const classes = K - free.firstClass;
  into.W.set(x.subarray(0, classes * d), free.firstClass * d);
  if (free.fitIntercept) into.b.set(x.subarray(classes * d), free.firstClass);
}

/** The gradient test's tolerance at f = O(1): a tenth of `tolerance` (1e-9 by default). */
const GRADIENT_TOLERANCE_FACTOR = 0.1;
/**
 * The objective test's: 1e-6·tolerance (1e-14 by default), i.e. only "no measurable progress".
 * gd's test (change ≤ tolerance) would stop L-BFGS in a slow stretch while f is still 1e-9 off.
 */
const OBJECTIVE_TOLERANCE_FACTOR = 1e-6;
/**
 * float32 parameters and data (ε₃₂ ≈ 1.2e-7) limit how small a gradient can be measured, to about
 * 100·ε₃₂ times the scale of x·residual; below that the line search only sees rounding noise.
 */
const FLOAT32_GRADIENT_FLOOR = 1e-5;
/** In float32 a stalled search counts as converged up to this gradient (features of scale ~100 included). */
const FLOAT32_STALL_FLOOR = 1e-2;

/**
 * L-BFGS over the trainer's parameters, each objective/gradient evaluation one WASM pass over the
 * data (DataSession.gradient). Iterations count as epochs; `history` holds f after each iteration.
 * Stops with "converged" when ‖∇f‖∞ ≤ 0.1·tolerance·max(1, |f|), when a strong Wolfe step lowers f
 * by at most 1e-6·tolerance·max(1, |f|), or when no step lowers f any more while ‖∇f‖∞ ≤
 * √tolerance·max(1, |f|) (f is then optimal to rounding); "lineSearchFailed" when no step lowers f
 * with the gradient still larger; "maxIterations" after maxIterations (default 1000); "callback"
 * when onEpoch returns false. tolerance = 0 turns the three tests off.
 * Penalised multinomial fits come back with their intercepts centred (sum 0).
 */
export const lbfgs: Optimizer = {
  run(session, o, onEpoch) {
    const { d, K } = session;
    const free = freeParameters(o);
    const params = session.readParameters();
    if (free.firstClass > 0) {
      // Shift the intercept-only start so class 0 sits at zero (softmax ignores a common shift).
      const reference = params.b[0];
      for (let c = 0; c < K; c++) params.b[c] -= reference;
      params.W.fill(0, 0, d);
    }
    const maxIterations = o.maxIterations ?? DEFAULT_MAX_ITERATIONS;
    const float32 = o.dtype === "float32";
    const gradientTolerance = Math.max(GRADIENT_TOLERANCE_FACTOR * o.tolerance, float32 ? FLOAT32_GRADIENT_FLOOR : 0);
    const result = minimizeLbfgs(
      (x) => {
        unpack(free, d, K, x, params);
        session.writeParameters(params);
        const { objective, W, b } = session.gradient();
        return { value: objective, gradient: pack(free, d, K, W, b) };
      },
      pack(free, d, K, params.W, params.b),
      {
        memory: o.lbfgsMemory,
        maxIterations,
        gradientTolerance,
        objectiveTolerance: OBJECTIVE_TOLERANCE_FACTOR * o.tolerance,
        stallGradientTolerance: Math.max(Math.sqrt(o.tolerance), float32 ? FLOAT32_STALL_FLOOR : 0),
        onIteration: onEpoch && ((iteration, value) => onEpoch({ epoch: iteration, objective: value, epochs: maxIterations })),
      },
    );
    unpack(free, d, K, result.x, params);
    if (o.family.name === "multinomial" && free.firstClass === 0 && o.fitIntercept) {
      const mean = params.b.reduce((sum, v) => sum + v, 0) / K;
      for (let c = 0; c < K; c++) params.b[c] -= mean;
    }
    session.writeParameters(params);
    const warnings: string[] = [];
    if (result.stopReason === "maxIterations") {
      warnings.push(`L-BFGS did not converge in ${maxIterations} iterations (maxIterations); the estimates are the last iterate.`);
    } else if (result.stopReason === "lineSearchFailed") {
      warnings.push(
        `L-BFGS stopped after ${result.iterations} iterations: no step lowered the objective although the gradient's largest entry is ` +
          `${maxAbs(result.gradient).toExponential(2)}; the problem may be badly scaled or nearly singular (try standardised features or optimizer "newton").`,
      );
    }
    return { params: session.readParameters(), history: result.history, epochs: result.iterations, stopReason: result.stopReason, warnings };
  },
};
