import type { ValidatedOptions } from "../options.js";
import type { DataSession, Theta } from "../session.js";
import { floatView } from "../wasm/arena.js";
import { columnMoments, saturatedLoss } from "./standardization.js";
import { penaltyCentre } from "./penalty-centre.js";

/** Coordinate passes allowed per inner solve (glmnet's maxit default, which also counts passes). */
export const CD_MAX_PASSES = 100_000;
/** Halvings of one proximal Newton step before it counts as no progress (as newton's step halving). */
const MAX_STEP_HALVINGS = 30;
/** A rise in f this small relative to |f| is rounding noise, not a worse step. */
const OBJECTIVE_NOISE = 1e-12;
/** Slack of the KKT test that adds a coordinate to the working set: |gₖ| > l1ₖ·(1 + slack). */
const KKT_SLACK = 1e-9;

/** The WASM scratch coordinate descent needs for n rows, d features and K outputs (bytes). */
export function cdRegions(rows: number, cols: number, K: number): Record<string, number> {
  const dim = cols + 1;
  return {
    cdV: rows * 8, cdR: rows * 8, cdH: dim * dim * 8, cdG: K * dim * 8, cdBeta: K * dim * 8,
    cdL1: dim * 8, cdL2: dim * 8, cdCentre: dim * 8, cdCoords: dim * 4, cdSlots: dim * 4, cdActive: dim * 4, cdRows: dim * 4,
    cdW: Math.max(1, cols * K) * 8, cdB: K * 8, cdEta: K * 8,
    // (dim + m)·GRAM_BLOCK_ROWS (64) f64 for gramColumns' transposed blocks, m ≤ dim.
    cdGramScratch: 2 * dim * 64 * 8,
  };
}

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
    this.ptr = Object.fromEntries(Object.keys(cdRegions(0, 0, 1)).map((name) => [name, session.pointer(name)]));
    this.exactQuadratic = o.family.name === "gaussian";
    const X = floatView(session.memory, o.dtype, session.pointer("X"), session.n * d);
    const moments = columnMoments(X, session.n, d, rows.weights, rows.weightTotal, o.fitIntercept);
    this.centre = moments.centre;
    // Not given (null) means standardised, glmnet's default.
    this.scale = o.standardize !== false ? moments.scale : new Float64Array(d).fill(1);
    // A constant column (an all-zero one without an intercept) carries no information: fixed at 0, as glmnet's ju.
    this.excluded = Uint8Array.from(moments.scale, (s) => (s === 0 ? 1 : 0));
    const given = o.penaltyFactor ?? new Array<number>(d).fill(1);
    const total = given.reduce((a, b) => a + b, 0);
    this.factor = Float64Array.from(given, (f) => (f * d) / total);
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
    this.loss = this.refreshAll();
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
      if (K > 1) this.shiftAcrossClasses(l1, l2);
      if (change > thresh) continue;
      if (!this.addKktViolators(l1Vector)) return { iterations, converged: true };
    }
    return { iterations, converged: false };
  }

  /** Gaussian: CD on the exact quadratic, its Gram columns cached across solves; returns 0 (done). */
  private descendExact(c: number, thresh: number): number {
    const coords = this.coordinates();
    this.ensureColumns(coords, false);
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
   * minimised by CD over the working set, then halved until f does not rise. Returns the step's
   * max Hₖₖ·Δₖ² (the outer convergence measure).
   */
  private proximalNewtonStep(c: number, l1: number, l2: number, thresh: number): number {
    const { K, dim } = this;
    const W = this.rows.weightTotal;
    if (K > 1) this.loss = this.refresh(c);
    const before = this.loss / W + this.penalty(l1, l2);
    const coords = this.coordinates();
    this.ensureColumns(coords, true);
    const start = this.f64("cdBeta", K * dim).slice(c * dim, (c + 1) * dim);
    this.descend(c, coords.length, thresh);
    const target = this.f64("cdBeta", K * dim).slice(c * dim, (c + 1) * dim);
    const H = this.f64("cdH", dim * dim);
    let change = 0;
    for (const k of coords) change = Math.max(change, H[k * dim + k] * (target[k] - start[k]) ** 2);
    let scale = 1;
    for (let halvings = 0; ; halvings++) {
      const loss = this.refresh(c);
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

  /**
   * Multinomial: adding one constant to a feature's K coefficients leaves the likelihood as it is,
   * so the optimum has, for every feature, the shift c that minimises Σₖ a·|wₖ − c| + (q/2)·(wₖ − c)²
   * (a = l1·fσ, q = l2·fσ²). Cycling over the classes reaches it only slowly (only the penalty
   * curves that direction), so each sweep ends by taking it, as glmnet's elc does. Shifts are
   * exact in the likelihood: all K linear predictors move by the same amount.
   * see: glmnet's multnet and elc (Fortran); Friedman, Hastie & Tibshirani (2010), §4.
   */
  private shiftAcrossClasses(l1: number, l2: number): void {
    const { d, K, dim } = this;
    const beta = this.f64("cdBeta", K * dim);
    for (let j = 0; j < d; j++) {
      const weight = this.factor[j] * this.scale[j];
      if (this.excluded[j]) continue;
      const values = Array.from({ length: K }, (_, c) => beta[c * dim + j]);
      // An unpenalised feature's shift is free: it is reported centred (Σₖ wₖ = 0), as an unpenalised fit's.
      const shift = weight === 0 ? values.reduce((a, v) => a + v, 0) / K : penaltyCentre(values, l1 * weight, l2 * weight * this.scale[j]);
      if (shift === 0) continue;
      for (let c = 0; c < K; c++) {
        beta[c * dim + j] -= shift;
        beta[c * dim + d] -= shift * this.centre[j];
      }
    }
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
   * Gram columns of the working set at the current working weights. Gaussian (weights fixed): each
   * column once, complete over all dim coordinates, as it enters — the entries at coordinates whose
   * columns exist copied from those (H is symmetric), the rest computed. IRLS (weights changed):
   * only the working set's block, every iteration; the other entries are stale, which only makes
   * the gradient of features outside the working set stale until the next pass recomputes it.
   */
  private ensureColumns(coords: number[], weightsChanged: boolean): void {
    const { dim } = this;
    if (weightsChanged) this.columnReady.fill(0);
    const missing = coords.filter((k) => !this.columnReady[k]);
    if (missing.length === 0) return;
    const asked = new Set(missing);
    const rows = [...missing];
    if (this.exactQuadratic) {
      for (let k = 0; k < dim; k++) if (!this.columnReady[k] && !asked.has(k)) rows.push(k);
    } else {
      for (const k of coords) if (!asked.has(k)) rows.push(k);
    }
    this.i32("cdActive", dim).set(missing);
    this.i32("cdRows", dim).set(rows);
    const s = this.session;
    const gram = this.o.dtype === "float32" ? this.abi.cdGramF32 : this.abi.cdGramF64;
    const p = this.ptr;
    gram(s.pointer("X"), s.n, this.d, p.cdV, p.cdCentre, p.cdActive, missing.length, p.cdRows, rows.length, p.cdH, p.cdGramScratch);
    for (const a of missing) this.columnReady[a] = 1;
    if (!this.exactQuadratic) return;
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

  /** Working rows and gradient of output c at the current coefficients; returns Σ s·nll. */
  private refresh(c: number): number {
    const s = this.session;
    const p = this.ptr;
    const theta = this.parameters();
    this.f64("cdW", this.d * this.K).set(theta.subarray(0, this.d * this.K));
    this.f64("cdB", this.K).set(theta.subarray(this.d * this.K));
    const working = this.o.dtype === "float32" ? this.abi.cdWorkingF32 : this.abi.cdWorkingF64;
    const loss = working(this.o.family.abiId, s.pointer("X"), s.pointer("y"), this.weightsPointer, s.n, this.d, this.K, c, p.cdW, p.cdB, p.cdEta, p.cdV, p.cdR);
    const gradient = this.o.dtype === "float32" ? this.abi.cdGradientF32 : this.abi.cdGradientF64;
    gradient(s.pointer("X"), s.n, this.d, p.cdR, p.cdCentre, p.cdG + c * this.dim * 8);
    return loss;
  }

  /** Every output's working rows and gradient (the last output's working weights stay in cdV); returns Σ s·nll. */
  private refreshAll(): number {
    let loss = 0;
    for (let c = this.K - 1; c >= 0; c--) loss = this.refresh(c);
    return loss;
  }

  private f64(region: string, length: number): Float64Array {
    return new Float64Array(this.session.memory.buffer, this.ptr[region], length);
  }

  private i32(region: string, length: number): Int32Array {
    return new Int32Array(this.session.memory.buffer, this.ptr[region], length);
  }
}

