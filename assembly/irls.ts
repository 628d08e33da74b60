// Newton/IRLS (Fisher scoring) passes over rows [rowStart, rowEnd) of a training context's data
// (assembly/context.ts), generic over the storage type T of X, y and the sample weights; every
// number they produce is f64. They read θ in the context's one layout [W class-major | b] (P f64
// values; in the baseline multinomial form class 0's entries are 0, without an intercept b is 0),
// so η is the exact kernels' η bit for bit.
//
// The working rows' columns are in "term order" (bindings/optimizers/fisher-scoring.ts thetaIndex,
// a permutation of θ's free entries): blocks of [intercept (if fitted), w_0 … w_{d−1}], one block
// for gaussian/bernoulli/poisson; for multinomial classes 1..K−1 (baseline form) or classes
// 0..K−1 (symmetric form). Intercept first, as R's model matrix, so the rank test aliases a
// constant column rather than the intercept.
//
// The Newton step δ solves the weighted least-squares problem  min ‖A·δ − u‖²  whose normal
// equations AᵀA·δ = Aᵀu are the Fisher-scoring system I(β)·δ = −∇(Σ s·nll): for a canonical link
// the rows are aᵢ = √(sᵢwᵢ)·x̃ᵢ with working weight wᵢ = ∂²nll/∂η², and uᵢ = sᵢ(yᵢ − μᵢ)/√(sᵢwᵢ)
// (x̃ = [1, x] with an intercept). Solving for the step instead of for β itself (R's glm.fit uses
// z = η + (y − μ)/w) makes step halving a matter of scaling δ and gives the final iteration the
// accuracy of iterative refinement.
// see: Green (1984), "Iteratively reweighted least squares for maximum likelihood estimation",
//      JRSS B 46(2); R's glm.fit (stats/R/glm.R), which solves each step by Householder QR of
//      √W·X (Cdqrls) rather than by forming XᵀWX.
//
// Multinomial: observation i has the (K−1)×(K−1) weight block Hᵢ = sᵢ(diag(π) − ππᵀ) over classes
// 1..K−1. With its Cholesky factor Hᵢ = LLᵀ the observation becomes K−1 rows Lᵀ ⊗ x̃ᵢ with
// responses L⁻¹gᵢ, gᵢ = sᵢ(e_y − π). In the symmetric form class 0's block is the negated row sum
// (H over all K classes is Tᵀ H₁₁ T with T = [−1 | I], since H·1 = 0). The factor has a closed
// form from the tails T_a = π₀ + Σ_{b≥a} πᵦ, which are sums of positive terms and so keep their
// accuracy when a probability is tiny:  L_aa = √(s·π_a·T_{a+1}/T_a),
// L_ba = −π_b·√(s·π_a/(T_a·T_{a+1})) for b > a.
// see: Böhning (1992), "Multinomial logistic regression algorithm", Ann. Inst. Stat. Math. 44;
//      the pivots are those of Gaussian elimination on diag(π) − ππᵀ (derivation in the PR notes).
import { linearPredictor, weightAt } from "./kernels/rows";
import { stackRows } from "./linalg/householder";
import { sigmoid } from "./families/stable";
import { familyWorking, priorWeight } from "./families/rows";
import { Gaussian } from "./families/gaussian";
import { Bernoulli } from "./families/bernoulli";
import { Poisson } from "./families/poisson";
import { logSumExp } from "./families/multinomial";
import { FAMILY_BERNOULLI, FAMILY_GAUSSIAN, FAMILY_MULTINOMIAL, FAMILY_POISSON } from "./families/index";
import { CTX_ETA, CTX_FAMILY, CTX_FIT_INTERCEPT, CTX_INPUTS, CTX_OUTPUTS, CTX_PENALISED, CTX_SW, CTX_X, CTX_Y, ctxInt, ctxPtr } from "./context";
import { CHUNK } from "./trainer";

// Working weights of the scalar-response families: families/rows.ts familyWorking, one loop
// specialised per family class, so no row loop branches on the family.

/**
 * Multinomial: per observation t, work holds L (q×q row-major, lower, q = K − 1) and then
 * u = L⁻¹g (q values), at offset t·q·(q + 1). Returns Σ s·(logsumexp(η) − η_y).
 */
export function multinomialWorking<T>(y: usize, sw: usize, start: i32, count: i32, K: i32, eta: usize, work: usize, supportOnly: bool = false): f64 {
  const q = K - 1;
  let loss = 0.0;
  for (let t = 0; t < count; t++) {
    const i = start + t;
    const s = priorWeight<T>(sw, i, supportOnly);
    const label = <i32>load<T>(y + (<usize>i << alignof<T>()));
    const etaRow = eta + (<usize>(t * K) << 3);
    const L = work + (<usize>(t * q * (q + 1)) << 3);
    const u = L + (<usize>(q * q) << 3);
    const lse = logSumExp(etaRow, K);
    loss += s * (lse - load<f64>(etaRow + (<usize>label << 3)));
    memory.fill(L, 0, <usize>(q * (q + 1)) << 3);
    if (s == 0) continue;
    // Tails T_a = π₀ + Σ_{b≥a} π_b, accumulated from the last class down; u temporarily holds T_{a+1}.
    let tail = Math.exp(load<f64>(etaRow) - lse);
    for (let a = q; a >= 1; a--) {
      store<f64>(u + (<usize>(a - 1) << 3), tail);
      tail += Math.exp(load<f64>(etaRow + (<usize>a << 3)) - lse);
    }
    for (let a = 1; a <= q; a++) {
      const pa = Math.exp(load<f64>(etaRow + (<usize>a << 3)) - lse);
      const after = load<f64>(u + (<usize>(a - 1) << 3));
      const upTo = after + pa;
      // Underflowed tails give a zero column of L: that direction then carries no information.
      if (after <= 0) continue;
      store<f64>(L + (<usize>((a - 1) * q + (a - 1)) << 3), Math.sqrt(s * pa * after / upTo));
      const column = Math.sqrt(s * pa / (upTo * after));
      for (let b = a + 1; b <= q; b++) {
        const pb = Math.exp(load<f64>(etaRow + (<usize>b << 3)) - lse);
        store<f64>(L + (<usize>((b - 1) * q + (a - 1)) << 3), -pb * column);
      }
    }
    // u = L⁻¹g, g_a = s([y = a] − π_a); a zero pivot (an underflowed probability) drops that row.
    for (let a = 1; a <= q; a++) {
      const pa = Math.exp(load<f64>(etaRow + (<usize>a << 3)) - lse);
      let g = s * ((label == a ? 1.0 : 0.0) - pa);
      const Lrow = L + (<usize>((a - 1) * q) << 3);
      for (let k = 0; k < a - 1; k++) g -= load<f64>(Lrow + (<usize>k << 3)) * load<f64>(u + (<usize>k << 3));
      const diagonal = load<f64>(Lrow + (<usize>(a - 1) << 3));
      store<f64>(u + (<usize>(a - 1) << 3), diagonal > 0 ? g / diagonal : 0.0);
    }
  }
  return loss;
}

/** A (count rows, column-major, ld = count): row t = [√(sw)·x̃ ⊙ mask, u]. */
function scalarFamilyRows<T>(X: usize, d: i32, fitIntercept: bool, start: i32, count: i32, mask: usize, work: usize, A: usize): void {
  const fi = fitIntercept ? 1 : 0;
  const columnBytes = <usize>count << 3;
  const rowBytes = <usize>d << alignof<T>();
  const response = work + columnBytes;
  const responseColumn = A + <usize>(d + fi) * columnBytes;
  for (let t = 0; t < count; t++) {
    const root = load<f64>(work + (<usize>t << 3));
    const row = X + <usize>(start + t) * rowBytes;
    let out = A + (<usize>t << 3);
    if (fitIntercept) {
      store<f64>(out, root * load<f64>(mask));
      out += columnBytes;
    }
    const maskRow = mask + (<usize>fi << 3);
    for (let j = 0; j < d; j++) {
      store<f64>(out, root * <f64>load<T>(row + (<usize>j << alignof<T>())) * load<f64>(maskRow + (<usize>j << 3)));
      out += columnBytes;
    }
    store<f64>(responseColumn + (<usize>t << 3), load<f64>(response + (<usize>t << 3)));
  }
}

/** A (count·q rows, column-major): observation t's rows t·q + r = [Lᵀ[r] ⊗ x̃ ⊙ mask, u_r]. */
function multinomialRows<T>(
  X: usize, d: i32, K: i32, fitIntercept: bool, symmetric: bool, start: i32, count: i32,
  mask: usize, work: usize, A: usize,
): void {
  const q = K - 1;
  const fi = fitIntercept ? 1 : 0;
  const terms = d + fi;
  const blocks = symmetric ? K : q;
  const m = count * q;
  const columnBytes = <usize>m << 3;
  const rowBytes = <usize>d << alignof<T>();
  const responseColumn = A + <usize>(blocks * terms) * columnBytes;
  for (let t = 0; t < count; t++) {
    const row = X + <usize>(start + t) * rowBytes;
    const L = work + (<usize>(t * q * (q + 1)) << 3);
    const u = L + (<usize>(q * q) << 3);
    for (let r = 0; r < q; r++) {
      const outRow = A + (<usize>(t * q + r) << 3);
      // Row r of Lᵀ: entry for class a (1..q) is L[a−1][r]; class 0 (symmetric) gets minus their sum.
      let rowSum = 0.0;
      for (let a = 1; a <= q; a++) rowSum += load<f64>(L + (<usize>((a - 1) * q + r) << 3));
      for (let block = 0; block < blocks; block++) {
        const cls = symmetric ? block : block + 1;
        const coefficient = cls == 0 ? -rowSum : load<f64>(L + (<usize>((cls - 1) * q + r) << 3));
        const maskBlock = mask + (<usize>(block * terms) << 3);
        let out = outRow + <usize>(block * terms) * columnBytes;
        if (fitIntercept) {
          store<f64>(out, coefficient * load<f64>(maskBlock));
          out += columnBytes;
        }
        for (let j = 0; j < d; j++) {
          store<f64>(out, coefficient * <f64>load<T>(row + (<usize>j << alignof<T>())) * load<f64>(maskBlock + (<usize>(fi + j) << 3)));
          out += columnBytes;
        }
      }
      store<f64>(responseColumn + (<usize>(t * q + r) << 3), load<f64>(u + (<usize>r << 3)));
    }
  }
}

/**
 * One Fisher-scoring pass over rows [rowStart, rowEnd) at θ: builds the working rows chunk by
 * chunk and folds them into R ((P+1)×(P+1) row-major, P the terms; the host zeroes it before the
 * first range), so that RᵀR = AᵀA over the rows and R[0:P, P] = Qᵀu. Returns Σ s·nll at θ (with
 * `supportOnly`, the rows' prior weights are taken as 1 where positive, see priorWeight, and the
 * value returned is not the objective).
 * Column j of the working rows is multiplied by mask[j]: 0 leaves it out (zero row and column in
 * R); a power of two equilibrates it exactly (the caller's column scaling).
 * Scratch: the context's ETA (chunkRows ≤ CHUNK); work chunkRows·max(2, (K−1)·K) f64;
 * A (chunkRows·max(1, K−1))·(P+1) f64.
 */
export function newtonPass<T>(
  ctx: usize, theta: usize, rowStart: i32, rowEnd: i32, symmetric: bool, mask: usize,
  R: usize, A: usize, work: usize, chunkRows: i32, supportOnly: bool,
): f64 {
  const family = ctxInt(ctx, CTX_FAMILY);
  const X = ctxPtr(ctx, CTX_X), y = ctxPtr(ctx, CTX_Y), sw = ctxPtr(ctx, CTX_SW);
  const d = ctxInt(ctx, CTX_INPUTS), K = ctxInt(ctx, CTX_OUTPUTS);
  const fitIntercept = ctxInt(ctx, CTX_FIT_INTERCEPT) != 0;
  const b = theta + (<usize>ctxInt(ctx, CTX_PENALISED) << 3);
  const eta = ctxPtr(ctx, CTX_ETA);
  const terms = d + (fitIntercept ? 1 : 0);
  const blocks = K == 1 ? 1 : (symmetric ? K : K - 1);
  const stride = blocks * terms + 1;
  let loss = 0.0;
  for (let start = rowStart; start < rowEnd; start += chunkRows) {
    const count = min(chunkRows, rowEnd - start);
    linearPredictor<T, f64>(X, d, K, theta, b, 0, start, count, eta);
    let m = count;
    switch (family) {
      case FAMILY_GAUSSIAN: loss += familyWorking<Gaussian, T>(y, sw, start, count, eta, work, supportOnly); break;
      case FAMILY_BERNOULLI: loss += familyWorking<Bernoulli, T>(y, sw, start, count, eta, work, supportOnly); break;
      case FAMILY_POISSON: loss += familyWorking<Poisson, T>(y, sw, start, count, eta, work, supportOnly); break;
      default: {
        loss += multinomialWorking<T>(y, sw, start, count, K, eta, work, supportOnly);
        m = count * (K - 1);
      }
    }
    if (family == FAMILY_MULTINOMIAL) multinomialRows<T>(X, d, K, fitIntercept, symmetric, start, count, mask, work, A);
    else scalarFamilyRows<T>(X, d, fitIntercept, start, count, mask, work, A);
    stackRows(R, stride, A, m, stride);
  }
  return loss;
}

/** Rows (s > 0) whose fitted probability min(π, 1 − π) is below threshold; η from the caller. */
function bernoulliExtremes<T>(sw: usize, start: i32, count: i32, eta: usize, threshold: f64): i32 {
  let extreme = 0;
  for (let t = 0; t < count; t++) {
    if (weightAt<T>(sw, start + t) == 0) continue;
    const e = load<f64>(eta + (<usize>t << 3));
    if (min(sigmoid(e), sigmoid(-e)) < threshold) extreme++;
  }
  return extreme;
}

/** Rows (s > 0) with some class probability within threshold of 0 or 1. */
function multinomialExtremes<T>(sw: usize, start: i32, count: i32, K: i32, eta: usize, threshold: f64): i32 {
  let extreme = 0;
  for (let t = 0; t < count; t++) {
    if (weightAt<T>(sw, start + t) == 0) continue;
    const etaRow = eta + (<usize>(t * K) << 3);
    const lse = logSumExp(etaRow, K);
    for (let c = 0; c < K; c++) {
      const p = Math.exp(load<f64>(etaRow + (<usize>c << 3)) - lse);
      if (p < threshold || 1.0 - p < threshold) {
        extreme++;
        break;
      }
    }
  }
  return extreme;
}

/**
 * Separation diagnostics: the number of rows in [rowStart, rowEnd) with s > 0 whose fitted
 * probabilities (bernoulli, or any class of a multinomial) lie within `threshold` of 0 or 1 at θ
 * (P f64 values, the context's layout).
 */
export function extremeFits<T>(ctx: usize, theta: usize, rowStart: i32, rowEnd: i32, threshold: f64): i32 {
  const family = ctxInt(ctx, CTX_FAMILY);
  const X = ctxPtr(ctx, CTX_X), sw = ctxPtr(ctx, CTX_SW);
  const d = ctxInt(ctx, CTX_INPUTS), K = ctxInt(ctx, CTX_OUTPUTS);
  const b = theta + (<usize>ctxInt(ctx, CTX_PENALISED) << 3);
  const eta = ctxPtr(ctx, CTX_ETA);
  let extreme = 0;
  for (let start = rowStart; start < rowEnd; start += CHUNK) {
    const count = min(CHUNK, rowEnd - start);
    linearPredictor<T, f64>(X, d, K, theta, b, 0, start, count, eta);
    if (family == FAMILY_BERNOULLI) extreme += bernoulliExtremes<T>(sw, start, count, eta, threshold);
    else if (family == FAMILY_MULTINOMIAL) extreme += multinomialExtremes<T>(sw, start, count, K, eta, threshold);
  }
  return extreme;
}
