import { blockClass, type TermLayout } from "../optimizers/fisher-scoring.js";
import type { RowData } from "./row-losses.js";

/**
 * The exact test of whether an unpenalised bernoulli/multinomial/poisson likelihood has a finite
 * maximiser, as a linear program on the rows the fit saw (positive weights only; their size does
 * not matter). Write each row's outcome constraints as a_r·d ≥ 0 (r strict) and b_k·d = 0:
 *   bernoulli:   a_i = ±x̃_i (+ for y = 1), every row;
 *   multinomial: a_(i,c) = x̃_i in block yᵢ minus x̃_i in block c, for c ≠ yᵢ (class 0's block fixed at 0);
 *   poisson:     a_i = −x̃_i where yᵢ = 0, b_i = x̃_i where yᵢ > 0;
 * (x̃ = [1, x] with an intercept). The MLE fails to exist exactly when some d has every a_r·d ≥ 0,
 * every b_k·d = 0 and some a_r·d > 0 (complete or quasi-complete separation; Albert & Anderson 1984;
 * Haberman 1974 for poisson). By Stiemke's lemma exactly one of that and "some y > 0 and v have
 * Σ y_r a_r + Σ v_k b_k = 0" holds, so phase I of the simplex method on the second (p equations,
 * y = 1 + u, u ≥ 0, v = v⁺ − v⁻, artificials w ≥ 0) decides: optimum 0 means a finite MLE; above
 * 0 its simplex multipliers π give the separating direction d = −π, which is checked row by row.
 * see: Stiemke (1915), Math. Ann. 76; Konis (2007), DPhil thesis, Oxford (the LP view of separation);
 * Chvátal (1983), "Linear Programming", ch. 7–8 (revised simplex, phase I, Bland's rule).
 * The basis is p × p (p terms), so the cost is O(rows·outcomes·p) per iteration; the caller gives
 * up (null) beyond WORK_LIMIT, where the diverging-direction probe decides instead.
 */
export interface SeparationVerdict {
  separated: boolean;
  /** Term-order direction along which the loss never rises (separated only). */
  direction: Float64Array | null;
  /** Rows with some outcome driven towards probability (poisson: mean) 0 along `direction`. */
  extremeRows: number;
}

/**
 * Estimated work (3p iterations, each a pricing pass over rows × outcomes × terms per block and a
 * p × p update) above this, or more than MAX_TERMS terms: the exact test is not tried (a few
 * seconds of JS at most; the basis inverse is p² doubles).
 */
const WORK_LIMIT = 2e9;
const MAX_TERMS = 1000;
/** Phase-I infeasibility at most this (relative to its start) counts as 0: a strictly positive y exists. */
const FEASIBLE = 1e-9;
/** Reduced costs above −this count as non-negative (optimality); pivots below this as zero. */
const PRICE_TOLERANCE = 1e-11;
const PIVOT_TOLERANCE = 1e-9;
/** The certificate d is accepted when no row moves the wrong way by more than this (relative to |a_r|·|d|)... */
const WRONG_WAY = 1e-9;
/** ...and some row moves the right way by at least this. */
const RIGHT_WAY = 1e-7;
/** A centred column whose spread is at most this fraction of its largest |x| is constant (its mean rounds). */
const CONSTANT_SPREAD = 1e-12;
/** Refactorise B⁻¹ from its columns this often, so update rounding does not accumulate. */
const REFACTOR_EVERY = 50;
/** Degenerate pivots in a row before switching from steepest reduced cost to Bland's rule (no cycling). */
const DEGENERATE_RUN = 20;

/** `layout` must be the baseline form (termLayout(…, symmetric = false)), as the existence check uses. */
export function separationByLinearProgram(data: RowData, layout: TermLayout): SeparationVerdict | null {
  const rows: number[] = [];
  for (let i = 0; i < data.n; i++) if (!data.weights || data.weights[i] > 0) rows.push(i);
  const width = layout.termsPerBlock;
  const p = layout.size;
  const outcomes = data.family === "multinomial" ? layout.K - 1 : 1;
  if (rows.length === 0 || p > MAX_TERMS || 3 * p * (rows.length * outcomes * width + p * p) > WORK_LIMIT) return null;
  const { design, back } = standardisedDesign(data, layout, rows);
  const program = new PhaseOne(data, layout, rows, design);
  const pi = program.solve();
  if (!pi) return null;
  if (program.infeasibility() <= FEASIBLE * program.startInfeasibility) return { separated: false, direction: null, extremeRows: 0 };
  const dStandard = pi.map((value) => -value);
  const moved = program.check(dStandard);
  if (!moved) return null;
  return { separated: true, direction: back(dStandard), extremeRows: moved };
}

/**
 * a_r of outcome constraint s of a row with response y and x̃ row x into `out` (length layout.size):
 * bernoulli ±x̃ (+ for y = 1); poisson −x̃ for y = 0, x̃ (the equality b) for y > 0; multinomial
 * (s indexes the classes other than y, in order) x̃ in y's block minus x̃ in that class's block,
 * class c ≥ 1 in block c − 1 and class 0 in none (the baseline form).
 */
export function outcomeConstraint(family: RowData["family"], layout: TermLayout, y: number, x: ArrayLike<number>, s: number, out: Float64Array): void {
  out.fill(0);
  const width = layout.termsPerBlock;
  if (family === "bernoulli") {
    for (let j = 0; j < width; j++) out[j] = y === 1 ? x[j] : -x[j];
    return;
  }
  if (family === "poisson") {
    for (let j = 0; j < width; j++) out[j] = y === 0 ? -x[j] : x[j];
    return;
  }
  const other = s < y ? s : s + 1;
  if (y !== 0) for (let j = 0; j < width; j++) out[(y - 1) * width + j] += x[j];
  if (other !== 0) for (let j = 0; j < width; j++) out[(other - 1) * width + j] -= x[j];
}

/**
 * x̃ rows (intercept 1, then features centred when there is an intercept and scaled to max |x| 1):
 * a change of variables that keeps the verdict and keeps the program well scaled; `back` maps a
 * direction in these coordinates to term order on the original columns.
 */
export function standardisedDesign(data: RowData, layout: TermLayout, rows: number[]): { design: Float64Array; back: (d: Float64Array) => Float64Array } {
  const { d, X } = data;
  const first = layout.fitIntercept ? 1 : 0;
  const width = layout.termsPerBlock;
  const centre = new Float64Array(d);
  const scale = new Float64Array(d);
  if (first) {
    for (const i of rows) for (let j = 0; j < d; j++) centre[j] += X[i * d + j] / rows.length;
  }
  const size = new Float64Array(d);
  for (const i of rows) {
    for (let j = 0; j < d; j++) {
      scale[j] = Math.max(scale[j], Math.abs(X[i * d + j] - centre[j]));
      size[j] = Math.max(size[j], Math.abs(X[i * d + j]));
    }
  }
  // A constant column centres to rounding, not to 0: it is the intercept's direction, not its own.
  for (let j = 0; j < d; j++) if (first && scale[j] <= CONSTANT_SPREAD * size[j]) scale[j] = 0;
  const design = new Float64Array(rows.length * width);
  rows.forEach((i, r) => {
    if (first) design[r * width] = 1;
    for (let j = 0; j < d; j++) design[r * width + first + j] = scale[j] > 0 ? (X[i * d + j] - centre[j]) / scale[j] : 0;
  });
  const back = (direction: Float64Array) => {
    const out = new Float64Array(direction.length);
    for (let block = 0; block < layout.blocks; block++) {
      const offset = block * width;
      let shift = 0;
      for (let j = 0; j < d; j++) {
        const w = scale[j] > 0 ? direction[offset + first + j] / scale[j] : 0;
        out[offset + first + j] = w;
        shift += w * centre[j];
      }
      if (first) out[offset] = direction[offset] - shift;
    }
    return out;
  };
  return { design, back };
}

/**
 * Phase I of the revised simplex method with an explicit p × p basis inverse. Variables, in order:
 * u_r (one per strict constraint r, listed row by row), v⁺_k and v⁻_k (poisson rows with y > 0),
 * then the p artificials. Columns are built on demand from the x̃ rows, never stored.
 */
class PhaseOne {
  private readonly p: number;
  private readonly width: number;
  private readonly strictPerRow: number;
  private readonly kinds: ("strict" | "equality")[];
  private readonly rhs: Float64Array;
  private readonly artificialSign: Float64Array;
  private readonly basis: Int32Array;
  private readonly inverse: Float64Array;
  private readonly values: Float64Array;
  private readonly variables: number;
  private readonly scratch: Float64Array;
  readonly startInfeasibility: number;

  constructor(
    private readonly data: RowData, private readonly layout: TermLayout, private readonly rows: number[], private readonly design: Float64Array,
  ) {
    this.p = layout.size;
    this.width = layout.termsPerBlock;
    this.strictPerRow = data.family === "multinomial" ? layout.K - 1 : 1;
    this.kinds = rows.map((i) => (data.family === "poisson" && data.y[i] > 0 ? "equality" : "strict"));
    this.variables = rows.length * this.strictPerRow * 2;
    this.scratch = new Float64Array(this.p);
    // b = −Σ_r a_r (y = 1 + u moves the ones to the right-hand side).
    this.rhs = new Float64Array(this.p);
    const column = new Float64Array(this.p);
    for (let r = 0; r < rows.length; r++) {
      if (this.kinds[r] !== "strict") continue;
      for (let s = 0; s < this.strictPerRow; s++) {
        this.constraint(r, s, column);
        for (let k = 0; k < this.p; k++) this.rhs[k] -= column[k];
      }
    }
    this.artificialSign = this.rhs.map((value) => (value < 0 ? -1 : 1));
    this.basis = Int32Array.from({ length: this.p }, (_, k) => this.variables + k);
    this.inverse = new Float64Array(this.p * this.p);
    for (let k = 0; k < this.p; k++) this.inverse[k * this.p + k] = this.artificialSign[k];
    this.values = this.rhs.map(Math.abs);
    this.startInfeasibility = this.infeasibility();
  }

  infeasibility(): number {
    let sum = 0;
    for (let k = 0; k < this.p; k++) if (this.basis[k] >= this.variables) sum += this.values[k];
    return sum;
  }

  /** a_r for strict constraint s of row r into `out`. */
  private constraint(r: number, s: number, out: Float64Array): void {
    outcomeConstraint(this.data.family, this.layout, this.data.y[this.rows[r]], this.design.subarray(r * this.width, (r + 1) * this.width), s, out);
  }

  /** The column of variable `id` into `out`. */
  private column(id: number, out: Float64Array): void {
    if (id >= this.variables) {
      out.fill(0);
      out[id - this.variables] = this.artificialSign[id - this.variables];
      return;
    }
    const sign = id % 2 === 0 ? 1 : -1;
    const slot = id >> 1;
    this.constraint(Math.floor(slot / this.strictPerRow), slot % this.strictPerRow, out);
    if (sign < 0) for (let k = 0; k < this.p; k++) out[k] = -out[k];
  }

  /** Whether variable `id` exists: u_r (even ids of strict rows), v± (equality rows, first outcome only). */
  private exists(id: number): boolean {
    const slot = id >> 1;
    const r = Math.floor(slot / this.strictPerRow);
    if (this.kinds[r] === "strict") return id % 2 === 0;
    return slot % this.strictPerRow === 0;
  }

  /** Runs phase I to optimality; returns the simplex multipliers π, or null if it did not finish. */
  solve(): Float64Array | null {
    const { p } = this;
    const pi = new Float64Array(p);
    const alpha = new Float64Array(p);
    const column = new Float64Array(p);
    let degenerate = 0;
    const limit = 50 * p + 1000;
    for (let iteration = 0; iteration < limit; iteration++) {
      if (iteration > 0 && iteration % REFACTOR_EVERY === 0 && !this.refactor()) return null;
      // π = c_Bᵀ B⁻¹ with cost 1 on artificials.
      pi.fill(0);
      for (let k = 0; k < p; k++) {
        if (this.basis[k] < this.variables) continue;
        for (let j = 0; j < p; j++) pi[j] += this.inverse[k * p + j];
      }
      const entering = this.price(pi, degenerate >= DEGENERATE_RUN);
      if (entering < 0) return pi;
      this.column(entering, column);
      for (let k = 0; k < p; k++) {
        let sum = 0;
        for (let j = 0; j < p; j++) sum += this.inverse[k * p + j] * column[j];
        alpha[k] = sum;
      }
      let leave = -1;
      let ratio = Infinity;
      for (let k = 0; k < p; k++) {
        if (!(alpha[k] > PIVOT_TOLERANCE)) continue;
        const candidate = Math.max(this.values[k], 0) / alpha[k];
        // Ties go to artificials (driving them out), then to the lower variable id (Bland).
        const better = candidate < ratio - 1e-14 * Math.max(1, ratio) ||
          (candidate <= ratio + 1e-14 * Math.max(1, ratio) && leave >= 0 && this.preferLeaving(k, leave));
        if (leave < 0 || better) {
          leave = k;
          ratio = candidate;
        }
      }
      // Unbounded phase I cannot happen (the objective is ≥ 0); a missing pivot is rounding: give up.
      if (leave < 0) return null;
      degenerate = ratio === 0 ? degenerate + 1 : 0;
      this.pivot(leave, entering, alpha, ratio);
    }
    return null;
  }

  private preferLeaving(k: number, current: number): boolean {
    const artificial = (index: number) => this.basis[index] >= this.variables;
    if (artificial(k) !== artificial(current)) return artificial(k);
    return this.basis[k] < this.basis[current];
  }

  /** The entering variable: most negative reduced cost −π·column (Bland: the first negative), −1 at optimality. */
  private price(pi: Float64Array, bland: boolean): number {
    const { width, strictPerRow } = this;
    const blocks = this.layout.blocks;
    const inBasis = new Set(this.basis);
    const q = new Float64Array(Math.max(1, this.layout.K));
    let best = -1;
    let bestCost = -PRICE_TOLERANCE;
    for (let r = 0; r < this.rows.length; r++) {
      const x = this.design.subarray(r * width, (r + 1) * width);
      // q_c = π_block(c)·x̃ (0 for the baseline class), so π·a_(i,c) = ± (q_y − q_c).
      for (let block = 0; block < blocks; block++) {
        let sum = 0;
        for (let j = 0; j < width; j++) sum += pi[block * width + j] * x[j];
        q[this.data.family === "multinomial" ? blockClass(this.layout, block) : 0] = sum;
      }
      if (this.data.family === "multinomial") q[0] = 0;
      const y = this.data.y[this.rows[r]];
      for (let s = 0; s < strictPerRow; s++) {
        let dot: number;
        if (this.data.family === "bernoulli") dot = y === 1 ? q[0] : -q[0];
        else if (this.data.family === "poisson") dot = this.kinds[r] === "strict" ? -q[0] : q[0];
        else dot = q[y] - q[s < y ? s : s + 1];
        for (const sign of [1, -1]) {
          const id = ((r * strictPerRow + s) << 1) + (sign < 0 ? 1 : 0);
          if (!this.exists(id) || inBasis.has(id)) continue;
          const reduced = -sign * dot;
          if (reduced < bestCost) {
            best = id;
            bestCost = reduced;
            if (bland) return best;
          }
        }
      }
    }
    return best;
  }

  private pivot(leave: number, entering: number, alpha: Float64Array, step: number): void {
    const { p } = this;
    for (let k = 0; k < p; k++) this.values[k] -= step * alpha[k];
    this.values[leave] = step;
    const pivotRow = leave * p;
    const a = alpha[leave];
    for (let j = 0; j < p; j++) this.inverse[pivotRow + j] /= a;
    for (let k = 0; k < p; k++) {
      if (k === leave || alpha[k] === 0) continue;
      const factor = alpha[k];
      for (let j = 0; j < p; j++) this.inverse[k * p + j] -= factor * this.inverse[pivotRow + j];
    }
    this.basis[leave] = entering;
  }

  /** B⁻¹ and x_B = B⁻¹·b again from the basis columns (Gauss–Jordan, partial pivoting); false if B is singular. */
  private refactor(): boolean {
    const { p } = this;
    const n2 = 2 * p;
    const work = new Float64Array(p * n2);
    const column = this.scratch;
    for (let k = 0; k < p; k++) {
      this.column(this.basis[k], column);
      for (let j = 0; j < p; j++) work[j * n2 + k] = column[j];
      work[k * n2 + p + k] = 1;
    }
    for (let c = 0; c < p; c++) {
      let top = c;
      for (let r = c + 1; r < p; r++) if (Math.abs(work[r * n2 + c]) > Math.abs(work[top * n2 + c])) top = r;
      if (!(Math.abs(work[top * n2 + c]) > 1e-13)) return false;
      if (top !== c) for (let j = 0; j < n2; j++) [work[c * n2 + j], work[top * n2 + j]] = [work[top * n2 + j], work[c * n2 + j]];
      const lead = work[c * n2 + c];
      for (let j = 0; j < n2; j++) work[c * n2 + j] /= lead;
      for (let r = 0; r < p; r++) {
        if (r === c || work[r * n2 + c] === 0) continue;
        const factor = work[r * n2 + c];
        for (let j = 0; j < n2; j++) work[r * n2 + j] -= factor * work[c * n2 + j];
      }
    }
    for (let k = 0; k < p; k++) {
      let sum = 0;
      for (let j = 0; j < p; j++) {
        this.inverse[k * p + j] = work[k * n2 + p + j];
        sum += work[k * n2 + p + j] * this.rhs[j];
      }
      this.values[k] = sum;
    }
    return true;
  }

  /**
   * Checks d row by row: every a_r·d ≥ −WRONG_WAY·|a_r|·|d|, every |b_k·d| within it, and returns
   * the number of rows with some a_r·d ≥ RIGHT_WAY·|a_r|·|d| (0: d shows nothing).
   */
  check(d: Float64Array): number {
    const norm = Math.hypot(...d);
    if (!(norm > 0)) return 0;
    const column = new Float64Array(this.p);
    let moved = 0;
    for (let r = 0; r < this.rows.length; r++) {
      let rowMoved = false;
      for (let s = 0; s < this.strictPerRow; s++) {
        if (this.kinds[r] === "equality" && s > 0) break;
        this.constraint(r, s, column);
        let dot = 0;
        let size = 0;
        for (let k = 0; k < this.p; k++) {
          dot += column[k] * d[k];
          size += column[k] * column[k];
        }
        const bound = Math.sqrt(size) * norm;
        if (this.kinds[r] === "equality") {
          if (Math.abs(dot) > WRONG_WAY * bound) return 0;
        } else {
          if (dot < -WRONG_WAY * bound) return 0;
          if (dot >= RIGHT_WAY * bound) rowMoved = true;
        }
      }
      if (rowMoved) moved++;
    }
    return moved;
  }
}
