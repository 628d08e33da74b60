import type { ValidatedOptions } from "../options.js";
import type { DataSession, Theta } from "../session.js";
import { floatView } from "../wasm/arena.js";
import { columnMoments, saturatedLoss } from "./standardization.js";
import { shiftAcrossClasses } from "./penalty-centre.js";
import { cdRegions } from "./cd-regions.js";
import { rescaledPenaltyFactors } from "./penalty-factor.js";

/** Coordinate passes allowed per inner solve (glmnet's maxit default, which also counts passes). */
export const CD_MAX_PASSES = 100_000;
/** Halvings of one proximal Newton step before it counts as no progress (as newton's step halving). */
const MAX_STEP_HALVINGS = 30;
/** A rise in f this small relative to |f| is rounding noise, not a worse step. */
const OBJECTIVE_NOISE = 1e-12;
/** Slack of the KKT test that adds a coordinate to the working set: |gₖ| > l1ₖ·(1 + slack). */
const KKT_SLACK = 1e-9;

/** The rows a solver fits: the session's data with these weights (0 leaves a row out, as cross-validation does). */
export interface CdRows {
  /** Host copy of the weights written at `weightsPointer` (undefined: every row weighs 1). */
  weights: Float64Array | undefined;
  weightTotal: number;
  y: Float64Array;
}

export interface SolveOutcome {
  /** IRLS iterations (gaussian: rounds of descent and KKT check). */
  iterations: number;
  converged: boolean;
}

/**
 * glmnet's coordinate descent on  f = (1/W)·Σ sᵢ·nllᵢ + Σⱼ fⱼ·((l2/2)·(σⱼwⱼ)² + l1·|σⱼwⱼ|), one
 * (l1, l2) at a time, warm-started from the previous solution. Gaussian: one quadratic, whose Gram
 * columns are computed once, as coordinates enter (covariance updates). Other families: proximal
 * Newton, the IRLS quadratic of each output in turn (multinomial: its diagonal block, as glmnet)
 * minimised by CD, with step halving when f does not fall. Coordinates live in centred units
 * (intercept b̃ = b + Σ centreⱼ·wⱼ), the features in their own units with the penalty scaled by σⱼ.
 * see: Friedman, Hastie & Tibshirani (2010), J. Stat. Softw. 33(1); Tibshirani et al. (2012),
 *      "Strong rules for discarding predictors in lasso-type problems", JRSS B 74(2), §2 and §7.
 */
export class CoordinateDescent {
  readonly d: number;
  readonly K: number;
  readonly dim: number;
  readonly centre: Float64Array;
  /** σⱼ under standardize, else 1 (0 for a constant column, which stays at 0). */
  readonly scale: Float64Array;
  /** penaltyFactor rescaled to sum to d (glmnet's vp). */
  readonly factor: Float64Array;
  readonly nullDeviance: number;
  readonly saturated: number;
  /** Σ s·nll at the current coefficients. */
  loss: number;
  private readonly strong: Uint8Array;
  private readonly excluded: Uint8Array;
  private readonly columnReady: Uint8Array;
  private readonly exactQuadratic: boolean;

  private readonly abi: DataSession["exports"];
  private readonly ptr: Record<string, number>;

  constructor(
    private readonly session: DataSession,
    private readonly o: ValidatedOptions,
    private readonly rows: CdRows,
    private readonly weightsPointer: number,
  ) {
    const d = session.d;
    this.d = d;
    this.K = o.classes;
    this.dim = d + 1;
    this.abi = session.exports;
    this.ptr = Object.fromEntries(Object.keys(cdRegions(0, 0, 1, "gaussian")).map((name) => [name, session.pointer(name)]));
    this.exactQuadratic = o.family.name === "gaussian";
    const X = floatView(session.memory, o.dtype, session.pointer("X"), session.n * d);
    const moments = columnMoments(X, session.n, d, rows.weights, rows.weightTotal, o.fitIntercept);
    this.centre = moments.centre;
    // Not given (null) means standardised, glmnet's default.
    this.scale = o.standardize !== false ? moments.scale : new Float64Array(d).fill(1);
    // A constant column (an all-zero one without an intercept) carries no information: fixed at 0, as glmnet's ju.
    this.excluded = Uint8Array.from(moments.scale, (s) => (s === 0 ? 1 : 0));
    this.factor = rescaledPenaltyFactors(o.penaltyFactor, d);
    this.strong = new Uint8Array(d);
    this.columnReady = new Uint8Array(this.dim);
    this.f64("cdCentre", this.dim).set(this.centre);
    this.f64("cdCentre", this.dim)[d] = 0;
    const slots = this.i32("cdSlots", this.dim);
    for (let k = 0; k < this.dim; k++) slots[k] = k;
    this.f64("cdBeta", this.K * this.dim).fill(0);
    const start = o.fitIntercept ? o.family.interceptStart(rows.y, rows.weights, this.K) : new Float64Array(this.K);
    const beta = this.f64("cdBeta", this.K * this.dim);
    for (let c = 0; c < this.K; c++) beta[c * this.dim + d] = start[c];
    this.saturated = saturatedLoss(o.family.name, rows.y, rows.weights);
    // Every centred column at once: X streams once, and the Gram columns and KKT checks read them all.
    const all = this.i32("cdRows", this.dim);
    for (let k = 0; k < this.dim; k++) all[k] = k;
    const columns = o.dtype === "float32" ? this.abi.cdColumnsF32 : this.abi.cdColumnsF64;
    columns(session.pointer("X"), session.n, d, this.ptr.cdCentre, this.ptr.cdRows, this.dim, this.ptr.cdXt);
    this.predictors();
    this.loss = this.refreshGradients(true);
    this.nullDeviance = 2 * (this.loss - this.saturated);
  }

  /** Σ sᵢ over the rows this solver fits. */
  get weightTotal(): number {
    return this.rows.weightTotal;
  }

  /** Deviance 2·(L − L_saturated) at the current coefficients (weighted by the rows' weights). */
  get deviance(): number {
    return 2 * (this.loss - this.saturated);
  }

  /** The negative loss gradient Σ rᵢ·x̃ᵢ of output c (length dim), as of the last pass. */
  gradient(c: number): Float64Array {
    return this.f64("cdG", this.K * this.dim).slice(c * this.dim, (c + 1) * this.dim);
  }

  /** The penalty's L1 weight of feature j per unit l1 (fⱼ·σⱼ; 0 = unpenalised), or −1 when it is left out. */
  l1Weight(j: number): number {
    return this.excluded[j] ? -1 : this.factor[j] * this.scale[j];
  }

  /** θ on the original scale, [W class-major | b] (multinomial intercepts centred when fitted). */
  parameters(): Theta {
    const { d, K, dim } = this;
    const beta = this.f64("cdBeta", K * dim);
    const theta = new Float64Array(d * K + K);
    const W = theta.subarray(0, d * K);
    const b = theta.subarray(d * K);
    for (let c = 0; c < K; c++) {
      let shift = 0;
      for (let j = 0; j < d; j++) {
        W[c * d + j] = beta[c * dim + j];
        shift += this.centre[j] * beta[c * dim + j];
      }
      b[c] = this.o.fitIntercept ? beta[c * dim + d] - shift : 0;
    }
    if (K > 1 && this.o.fitIntercept) {
      const mean = b.reduce((a, v) => a + v, 0) / K;
      for (let c = 0; c < K; c++) b[c] -= mean;
    }
    return theta;
  }

  /** Σⱼ fⱼ·((l2/2)·(σⱼwⱼ)² + l1·|σⱼwⱼ|) at the current coefficients. */
  penalty(l1: number, l2: number): number {
    const beta = this.f64("cdBeta", this.K * this.dim);
    let sum = 0;
    for (let c = 0; c < this.K; c++) {
      for (let j = 0; j < this.d; j++) {
        const w = this.scale[j] * beta[c * this.dim + j];
        // Unpenalised (fⱼ = 0) terms add nothing, even at l1 = ∞ (0·∞ is NaN).
        if (w !== 0 && this.factor[j] !== 0) sum += this.factor[j] * ((l1 === 0 ? 0 : l1 * Math.abs(w)) + (l2 === 0 ? 0 : 0.5 * l2 * w * w));
      }
    }
    return sum;
  }

  /** Features with a non-zero coefficient in some output. */
  nonZero(): number {
    const beta = this.f64("cdBeta", this.K * this.dim);
    let count = 0;
    for (let j = 0; j < this.d; j++) {
      for (let c = 0; c < this.K; c++) {
        if (beta[c * this.dim + j] !== 0) {
          count++;
          break;
        }
      }
    }
    return count;
  }

  /**
   * Minimises f at (l1, l2) from the current coefficients. `previousL1` (the last solve's l1, or
   * null for a cold start) sets glmnet's sequential strong rule: feature j joins the working set
   * when |∇ⱼ| > W·(2·l1 − previousL1)·fⱼσⱼ; the KKT check after convergence adds any it missed.
   * Converged when a pass moves no coefficient by more than glmnet's thresh = tolerance × null
   * deviance, measured as max Hₖₖ·Δₖ² (and, for IRLS, when the outer step does too).
   */
  solve(l1: number, l2: number, previousL1: number | null, tolerance: number, maxIterations: number): SolveOutcome {
    const { d, K, dim } = this;
    const W = this.rows.weightTotal;
    const ruleL1 = l1 === Infinity ? Infinity : previousL1 === null ? -Infinity : Number.isFinite(previousL1) ? 2 * l1 - previousL1 : l1;
    // Stryker disable next-line EqualityOperator: j = d reads factor[d] and scale[d] past their ends (weight NaN, no comparison holds) and writes strong[d], past the end of a length-d Uint8Array, where writes are dropped
    for (let j = 0; j < d; j++) {
      if (this.excluded[j] || this.strong[j]) continue;
      const weight = this.factor[j] * this.scale[j];
      if (weight === 0 || !(ruleL1 < Infinity)) {
        if (weight === 0) this.strong[j] = 1;
        continue;
      }
      for (let c = 0; c < K; c++) {
        if (Math.abs(this.f64("cdG", K * dim)[c * dim + j]) > W * ruleL1 * weight) this.strong[j] = 1;
      }
    }
    const l1Vector = this.f64("cdL1", dim);
    const l2Vector = this.f64("cdL2", dim);
    for (let j = 0; j < d; j++) {
      const weight = this.factor[j] * this.scale[j];
      l1Vector[j] = weight === 0 ? 0 : W * l1 * weight;
      l2Vector[j] = weight === 0 ? 0 : W * l2 * this.factor[j] * this.scale[j] * this.scale[j];
    }
    l1Vector[d] = 0;
    l2Vector[d] = 0;
    const thresh = tolerance * Math.max(this.nullDeviance, Number.MIN_VALUE);
    let iterations = 0;
    while (iterations < maxIterations) {
      iterations++;
      let change = 0;
      for (let c = 0; c < K; c++) change = Math.max(change, this.exactQuadratic ? this.descendExact(c, thresh) : this.proximalNewtonStep(c, l1, l2, thresh));
      if (K > 1 && shiftAcrossClasses(this.f64("cdBeta", K * dim), K, d, this.centre, this.excluded, this.factor, this.scale, l1, l2)) this.predictors();
      if (change > thresh) continue;
      // The IRLS solves read gradients off the residual: the KKT check needs them at the solution.
      if (!this.exactQuadratic) this.refreshGradients(false);
      if (!this.addKktViolators(l1Vector)) return { iterations, converged: true };
    }
    return { iterations, converged: false };
  }

  /** Gaussian: CD on the exact quadratic, its Gram columns cached across solves; returns 0 (done). */
  private descendExact(c: number, thresh: number): number {
    const coords = this.coordinates();
    this.ensureColumns(coords);
    const g = this.f64("cdG", this.K * this.dim);
    const before = g.slice(c * this.dim, (c + 1) * this.dim);
    const start = this.f64("cdBeta", this.K * this.dim).slice(c * this.dim, (c + 1) * this.dim);
    this.descend(c, coords.length, thresh);
    // L(β + Δ) = L(β) − gᵀΔ + ½·ΔᵀHΔ and g' = g − HΔ give L(β + Δ) = L(β) − ½·Δᵀ(g + g').
    const after = this.f64("cdG", this.K * this.dim);
    const beta = this.f64("cdBeta", this.K * this.dim);
    let drop = 0;
    for (let k = 0; k < this.dim; k++) drop += (beta[c * this.dim + k] - start[k]) * (before[k] + after[c * this.dim + k]);
    this.loss -= 0.5 * drop;
    return 0;
  }

  /**
   * One damped proximal Newton step on output c: the IRLS quadratic at the current coefficients,
   * minimised by naive CD over the working set (assembly/cd/naive.ts), then halved until f does not
   * rise. Returns the step's max xvₖ·Δₖ² (the outer convergence measure). On return, cdV and cdR
   * hold output c's working rows at the new coefficients.
   */
  private proximalNewtonStep(c: number, l1: number, l2: number, thresh: number): number {
    const { K, dim } = this;
    const n = this.session.n;
    const W = this.rows.weightTotal;
    const p = this.ptr;
    if (K > 1) this.loss = this.working(c);
    const before = this.loss / W + this.penalty(l1, l2);
    const coords = this.coordinates();
    const start = this.f64("cdBeta", K * dim).slice(c * dim, (c + 1) * dim);
    const offset = c * dim * 8;
    this.abi.descendNaive(p.cdXt, n, p.cdCoords, coords.length, p.cdV, p.cdR, p.cdXv, p.cdBeta + offset, p.cdL1, p.cdL2, thresh, CD_MAX_PASSES, p.cdActive);
    const target = this.f64("cdBeta", K * dim).slice(c * dim, (c + 1) * dim);
    const xv = this.f64("cdXv", dim);
    const delta = this.f64("cdDelta", dim);
    let change = 0;
    for (const k of coords) {
      delta[k] = target[k] - start[k];
      change = Math.max(change, xv[k] * delta[k] ** 2);
    }
    // η moves by X̃·Δβ; each trial length is taken from the step's start, so halvings add no rounding.
    const eta = p.cdEta + c * n * 8;
    this.abi.predictorStep(p.cdXt, n, p.cdCoords, coords.length, p.cdDelta, p.cdStep);
    this.f64("cdEtaStart", n).set(new Float64Array(this.session.memory.buffer, eta, n));
    let scale = 1;
    for (let halvings = 0; ; halvings++) {
      this.abi.movePredictor(eta, p.cdEtaStart, p.cdStep, scale, n);
      const loss = this.working(c);
      if (loss / W + this.penalty(l1, l2) <= before + OBJECTIVE_NOISE * Math.abs(before) || halvings === MAX_STEP_HALVINGS) {
        this.loss = loss;
        break;
      }
      scale /= 2;
      const beta = this.f64("cdBeta", K * dim);
      for (let k = 0; k < dim; k++) beta[c * dim + k] = start[k] + scale * (target[k] - start[k]);
    }
    return change * scale * scale;
  }

  /** Adds the features outside the working set whose gradient breaks the KKT condition; true if any. */
  private addKktViolators(l1Vector: Float64Array): boolean {
    const { d, K, dim } = this;
    const g = this.f64("cdG", K * dim);
    let added = false;
    for (let j = 0; j < d; j++) {
      if (this.strong[j] || this.excluded[j]) continue;
      for (let c = 0; c < K; c++) {
        if (Math.abs(g[c * dim + j]) > l1Vector[j] * (1 + KKT_SLACK)) {
          this.strong[j] = 1;
          added = true;
        }
      }
    }
    return added;
  }

  /** The working set in cdCoords: the intercept (when fitted) and the strong features. */
  private coordinates(): number[] {
    const coords: number[] = [];
    for (let j = 0; j < this.d; j++) if (this.strong[j]) coords.push(j);
    if (this.o.fitIntercept) coords.push(this.d);
    this.i32("cdCoords", this.dim).set(coords);
    return coords;
  }

  /**
   * Gaussian Gram columns of the working set (the weights never change): each column once,
   * complete over all dim coordinates, as it enters — the entries at coordinates whose columns
   * exist copied from those (H is symmetric), the rest computed.
   */
  private ensureColumns(coords: number[]): void {
    const { dim } = this;
    const missing = coords.filter((k) => !this.columnReady[k]);
    if (missing.length === 0) return;
    const asked = new Set(missing);
    const rows = [...missing];
    for (let k = 0; k < dim; k++) if (!this.columnReady[k] && !asked.has(k)) rows.push(k);
    this.i32("cdActive", dim).set(missing);
    this.i32("cdRows", dim).set(rows);
    const p = this.ptr;
    this.abi.gramColumns(p.cdXt, this.session.n, p.cdV, p.cdActive, missing.length, p.cdRows, rows.length, dim, p.cdH, p.cdGramScratch);
    for (const a of missing) this.columnReady[a] = 1;
    const H = this.f64("cdH", dim * dim);
    for (const a of missing) {
      for (let k = 0; k < dim; k++) if (this.columnReady[k] && !asked.has(k)) H[a * dim + k] = H[k * dim + a];
    }
  }

  private descend(c: number, m: number, thresh: number): void {
    const p = this.ptr;
    const offset = c * this.dim * 8;
    this.abi.descend(p.cdH, p.cdSlots, p.cdCoords, m, this.dim, p.cdG + offset, p.cdBeta + offset, p.cdL1, p.cdL2, thresh, CD_MAX_PASSES, p.cdActive);
  }

  /** η of every output at the current coefficients, from X (after a start or a shift across classes). */
  private predictors(): void {
    const theta = this.parameters();
    this.f64("cdW", this.d * this.K).set(theta.subarray(0, this.d * this.K));
    this.f64("cdB", this.K).set(theta.subarray(this.d * this.K));
    const predictors = this.o.dtype === "float32" ? this.abi.cdPredictorsF32 : this.abi.cdPredictorsF64;
    const p = this.ptr;
    predictors(this.session.pointer("X"), this.session.n, this.d, this.K, p.cdW, p.cdB, p.cdEta);
  }

  /** Working rows of output c (cdV, cdR) at the predictors in cdEta; returns Σ s·nll. */
  private working(c: number): number {
    const s = this.session;
    const p = this.ptr;
    const working = this.o.dtype === "float32" ? this.abi.cdWorkingF32 : this.abi.cdWorkingF64;
    return working(this.o.family.abiId, s.pointer("y"), this.weightsPointer, s.n, this.K, c, p.cdEta, p.cdRow, p.cdV, p.cdR);
  }

  /**
   * Gradients in cdG at the current coefficients, of every coordinate when `all`, else (the KKT
   * check of the IRLS solves) of the features outside the working set only: inside it they are read
   * off the residual as CD goes, and nothing reads cdG there. The last output's working rows stay
   * in cdV, cdR; with one output they are current after every step and reused. Returns Σ s·nll.
   */
  private refreshGradients(all: boolean): number {
    const { session: s, ptr: p, dim } = this;
    const coords: number[] = [];
    for (let k = 0; k < dim; k++) if (all || (k < this.d && !this.strong[k] && !this.excluded[k])) coords.push(k);
    this.i32("cdRows", dim).set(coords);
    for (let c = 0; c < this.K; c++) {
      if (all || this.K > 1) this.loss = this.working(c);
      this.abi.columnGradients(p.cdXt, s.n, p.cdRows, coords.length, p.cdR, p.cdG + c * dim * 8);
    }
    return this.loss;
  }

  private f64(region: string, length: number): Float64Array {
    return new Float64Array(this.session.memory.buffer, this.ptr[region], length);
  }

  private i32(region: string, length: number): Int32Array {
    return new Int32Array(this.session.memory.buffer, this.ptr[region], length);
  }
}

