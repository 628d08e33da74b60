import type { ValidatedOptions } from "../options.js";
import type { DataSession, Theta } from "../session.js";
import type { Pointer } from "../wasm/abi.js";
import { DataTooLargeError } from "../errors.js";
import { WASM_MAX_BYTES, WASM_PAGE_BYTES } from "../wasm/abi.js";
import {
  FisherScoring, fisherScoringRegions, fromTermOrder, penalisedTerms, termIndex, termLabel, thetaIndex, toTermOrder, type TermLayout,
} from "../optimizers/fisher-scoring.js";
import { ridgeCurvatures } from "../training/penalty.js";
import { columnScaling, triangleColumnNorms } from "../optimizers/column-scaling.js";
import { dependentTerms, rankTolerance } from "../optimizers/rank.js";
import { centred, newtonLayout } from "../optimizers/newton-terms.js";
import { summaryRefusal } from "../optimizers/exact-work.js";
import type { InformationFactor } from "./information.js";

/** An InformationFactor with the reason behind any standard error that cannot be computed. */
export interface ComputedInformationFactor extends InformationFactor {
  /**
   * Terms (labels as in `terms`, "x2" or "x2 (class 1)") that are not aliased but whose
   * information is numerically zero given the earlier terms: their rows and columns of fisherR
   * (and penalizedR) are zero, like aliased terms, and their standard errors are undefined.
   */
  readonly singularTerms: readonly string[];
  /** Largest over smallest positive prior weight (1 unweighted): the summary's test of the gaussian dispersion. */
  readonly weightSpan: number;
}

const ALIGN = 16;
/** Where a session without Newton's regions keeps the factor's scratch: past its own layout. */
const scratchBase = new WeakMap<DataSession, number>();

/**
 * The Fisher-scoring workspace's pointers: the Newton regions when the session has them, else
 * scratch placed right after the session's own layout (its real end, not the memory size, so a
 * summary() per fit does not push memory up by one factor every fit), growing memory once; later
 * calls on the same session reuse that place.
 */
function scratchFor(session: DataSession, layout: TermLayout): Record<string, Pointer> {
  const sizes = fisherScoringRegions(layout);
  const names = Object.keys(sizes);
  try {
    return Object.fromEntries(names.map((name) => [name, session.pointer(name)]));
  } catch {
    // Not a Newton session: fall through to scratch of its own.
  }
  let base = scratchBase.get(session);
  if (base === undefined) {
    base = Math.ceil(session.end / ALIGN) * ALIGN;
    scratchBase.set(session, base);
  }
  const pointers: Record<string, Pointer> = {};
  let offset = base;
  for (const name of names) {
    pointers[name] = offset;
    offset += Math.ceil(sizes[name] / ALIGN) * ALIGN;
  }
  if (offset > WASM_MAX_BYTES) throw new DataTooLargeError(offset, WASM_MAX_BYTES, "The Fisher information factor");
  const missingPages = Math.ceil((offset - session.memory.buffer.byteLength) / WASM_PAGE_BYTES);
  if (missingPages > 0) session.memory.grow(missingPages);
  return pointers;
}

/**
 * Upper-left P×P block of a (P+1)×(P+1) row-major triangle of equilibrated columns, with the
 * column scaling undone: column j divided by c_j (a power of two, so exact).
 */
function unscaledBlock(R: Float64Array, P: number, scale: Float64Array): Float64Array {
  const out = new Float64Array(P * P);
  // + 0 turns the −0 of a left-out column (0 times a negative x) into +0.
  for (let i = 0; i < P; i++) for (let j = i; j < P; j++) out[i * P + j] = R[i * (P + 1) + j] / scale[j] + 0;
  return out;
}

/**
 * The Fisher information factor at given parameters of a live session's data, for the result of
 * any optimizer (newton, lbfgs, gd, sgd): R from a Householder QR of the working rows √W·X at the
 * estimates (assembly/irls.ts, in f64 whatever the dtype), never from inverting XᵀWX; with l2 > 0
 * also the penalised factor, the same rows plus √(W·l2·fⱼ)·e_j per penalised term (fⱼ the
 * rescaled penalty factors, 1 without them; a term with fⱼ = 0 gets no row; times σⱼ with `penaltyScale`).
 *
 * θ (the training context's layout) is read in the fit's term order: multinomial baseline form (subtracting class
 * 0, which leaves the likelihood unchanged) without a penalty, symmetric form with centred
 * intercepts with one.
 *
 * Terms that are numerically dependent on earlier ones (R's rule: a residual ≤ 1e-11·‖column‖,
 * 2^-17 for float32 data, see optimizers/rank.ts; weighted fits test the rows that count, unweighted) and
 * not already aliased are reported in `singularTerms` and zeroed like aliased terms (the summary says why),
 * so a summary never shows a NaN standard error silently. In the symmetric multinomial
 * form with intercepts, the last class's intercept is always among them: the K intercepts are
 * only identified up to a common shift, and are reported centred.
 *
 * @param aliasedTerms labels of terms the fit dropped (FitResult.aliased); their estimates are 0.
 * @param penaltyScale σⱼ when the penalty applies to σⱼ·wⱼ on the session's columns (cd under standardize), else null.
 */
export function informationFactor(
  session: DataSession,
  options: ValidatedOptions,
  theta: Theta,
  aliasedTerms: readonly string[] = [],
  penaltyScale: Float64Array | null = null,
): ComputedInformationFactor {
  const layout = newtonLayout(session.d, options);
  const P = layout.size;
  // Before any pass over the data or any allocation: a p×p factor too costly to compute is refused.
  const refusal = summaryRefusal(session.n * layout.rowsPerObservation, P, options.l2 > 0);
  if (refusal) throw refusal;
  const terms = termIndex(layout, options.featureNames);
  const labels = terms.map((term) => termLabel(layout, term));
  const aliased = labels.map((label) => aliasedTerms.includes(label));
  // θ as the factor's passes read it: baseline form (class 0 at zero) or centred intercepts.
  const at = fromTermOrder(layout, toTermOrder(layout, centred(layout, theta)));
  const estimates = toTermOrder(layout, at);
  const penalised = penalisedTerms(layout);
  const scoring = new FisherScoring(session, layout, scratchFor(session, layout), options.dtype);
  const W = session.weightTotal;
  const ridge = options.l2 > 0 ? W * options.l2 : 0;
  // l2·fⱼ per term (fⱼ the rescaled penalty factors; 0 for intercepts and unpenalised features)
  const curvature = ridgeCurvatures(options, layout.d, layout.K, penaltyScale);
  const index = thetaIndex(layout);

  const mask = new Float64Array(P).map((_, j) => (aliased[j] ? 0 : 1));
  // Equilibrated columns (column-scaling.ts): the QR and the rank test see O(1) columns; R is
  // scaled back at the end (R = R'·diag(c)⁻¹, exact), and the summary re-equilibrates its copy.
  const { scale, supportRows, weightSpan } = columnScaling(session, layout, options.dtype);
  const columnWeights = () => mask.map((m, j) => m * scale[j]);
  const ridgeRows = (rowWeightTotal: number) =>
    new Float64Array(P).map((_, j) => (ridge > 0 && penalised[j] && mask[j] !== 0 ? Math.sqrt(rowWeightTotal * curvature[index[j]]) * scale[j] : 0));

  // Which terms carry no information: one rank sweep (rank.ts) over the factor of the rows that
  // count, unweighted when there are prior weights (assembly/irls.ts priorWeight), with the ridge
  // rows on the same scale; then the factor itself with those terms left out.
  scoring.pass(at, columnWeights(), session.weighted);
  let data = scoring.triangle();
  if (ridge > 0) scoring.appendDiagonalRows(ridgeRows(session.weighted ? supportRows : W), new Float64Array(P));
  let tested = ridge > 0 ? scoring.triangle() : data;
  const singular = dependentTerms(tested, triangleColumnNorms(tested, P), mask, P, rankTolerance(options.dtype));
  for (const j of singular) mask[j] = 0;
  if (singular.length > 0 || session.weighted) {
    scoring.pass(at, columnWeights());
    data = scoring.triangle();
    if (ridge > 0) scoring.appendDiagonalRows(ridgeRows(W), new Float64Array(P));
    tested = scoring.triangle();
  }
  const fisherR = unscaledBlock(data, P, scale);
  const penalizedR = ridge > 0 ? unscaledBlock(tested, P, scale) : null;

  const singularTerms = singular.sort((a, b) => a - b).map((j) => labels[j]);
  return {
    size: P,
    terms,
    estimates,
    fisherR,
    penalizedR,
    aliased,
    singularTerms,
    weightSpan,
  };
}
