// Passes over the data of a training context (assembly/context.ts), generic over the storage
// type T: one SGD/GD epoch, and the exact objective, gradient and predictions over a row range
// (context, rowStart, rowEnd). The host calls each once per epoch (or once per evaluation, over
// [0, n)); mini-batches never cross the WASM boundary. Everything the epoch reads and moves (data pointers, θ, GRAD, the RNG, the step
// counter, the update rule and its hyperparameters) is in the context header.
//
// Rows are processed in chunks of CHUNK samples: forward pass into `eta`, the family turns it into
// weighted residuals r = s·∂nll/∂η (one branch on the family per chunk, none inside the row loops:
// families/rows.ts), then GRAD += Σ r·x. Scratch ETA and RESIDUAL hold CHUNK·K f64 each.
// An epoch with one output (K = 1) and short rows instead runs a fused pass per row (η, r, then
// G += r·x while the row is in L1; the same operations in the same order per value, so the same
// bits). Before each chunk of shuffled or drawn rows it touches every cache line of them and their
// y and weights (touchRows) so their misses overlap: at n = 1e5, fetching scattered rows, not
// arithmetic, is most of an epoch. Longer rows are touched and processed in slices of about
// SLICE_BYTES, so a slice is still in L1/L2 when the three passes read it.
import { accumulateGradient, linearPredictor, sumWeights, touchRows } from "./kernels/rows";
import { drawWithReplacement, identityOrder, shuffle } from "./kernels/sampling";
import { chunkResiduals, familyFusedPass, familyMeans } from "./families/rows";
import { Gaussian } from "./families/gaussian";
import { Bernoulli } from "./families/bernoulli";
import { Poisson } from "./families/poisson";
import { softmaxRows } from "./families/multinomial";
import { FAMILY_BERNOULLI, FAMILY_GAUSSIAN, FAMILY_MULTINOMIAL, FAMILY_POISSON } from "./families/index";
import {
  CTX_BATCH_SIZE, CTX_CHECK_DATA, CTX_DRAWS, CTX_ETA, CTX_FAMILY, CTX_GRAD, CTX_INPUTS, CTX_L2, CTX_ORDER, CTX_OUTPUTS, CTX_PARAMS, CTX_PENALISED,
  CTX_RESIDUAL, CTX_ROWS, CTX_SAMPLING, CTX_SW, CTX_THETA, CTX_WEIGHT_SCALE, CTX_WEIGHT_TOTAL, CTX_X, CTX_Y,
  ctxInt, ctxInterceptPtr, ctxNum, ctxPtr, ctxRng,
} from "./context";
import { applyUpdate, factorPenalty } from "./updates/index";
import { l2GradientAt, l2Penalty } from "./penalty";
import { batchIsClean, weightsAreUsable } from "./data-check";

export { FAMILY_BERNOULLI, FAMILY_GAUSSIAN, FAMILY_MULTINOMIAL, FAMILY_POISSON };

export const CHUNK: i32 = 256;

/**
 * Bytes of rows per touched slice in the three-pass path. A chunk of long shuffled rows is run as
 * slices of about this many bytes, each touched (touchRows) and then taken through all three passes
 * while it sits in L1/L2, instead of touching the whole chunk first: at batch 256 a chunk of
 * d = 256 rows is 512 KiB (f64), which the touch pulls in and the two row passes then re-read
 * from L2 after the touch has pushed most of it out of L1. Same operations in the same order
 * (η, r and G += r·x per row; Σ s·nll carried across slices), so the same bits. Measured at
 * n = 1e5, d = 256, batch 256 (EPYC, Node 20): SIMD epochs f64 3.65 → 4.26 M rows/s, f32
 * 6.5 → 7.3; scalar f64 2.35 → 2.65; 32 KiB and 128 KiB slices did the same within noise.
 * Short rows (the fused pass) and batch 32 (chunks of 32 rows ≤ 64 KiB) are unaffected.
 */
export const SLICE_BYTES: i32 = 65536;

/**
 * Longest row (bytes) for the fused one-pass chunk. The fused loop chains η → r → G += r·x within
 * each row; with short rows the out-of-order core overlaps several rows and one pass over the data
 * wins (n = 1e5, d = 32: 5–20% faster), but rows of 1 KiB and more leave no room for that and the
 * three-pass path, whose dot products are independent across rows, was 0–20% faster (d = 256).
 */
export const FUSED_MAX_ROW_BYTES: i32 = 512;

export const SAMPLING_SEQUENTIAL: i32 = 0;
export const SAMPLING_SHUFFLE: i32 = 1;
export const SAMPLING_REPLACEMENT: i32 = 2;

/**
 * Forward pass, residuals and gradient accumulation in one pass over a chunk's rows named by
 * `order`, for the one-output families; the family is picked once per chunk. Multinomial (K > 1)
 * and rows longer than FUSED_MAX_ROW_BYTES go through the three-pass chunkPass.
 */
function fusedChunkPass<T>(
  family: i32, X: usize, y: usize, sw: usize, d: i32, W: usize, b: usize,
  G: usize, Gb: usize, order: usize, count: i32,
): f64 {
  switch (family) {
    case FAMILY_GAUSSIAN: return familyFusedPass<Gaussian, T>(X, d, W, b, G, Gb, y, sw, order, count);
    case FAMILY_BERNOULLI: return familyFusedPass<Bernoulli, T>(X, d, W, b, G, Gb, y, sw, order, count);
    default: return familyFusedPass<Poisson, T>(X, d, W, b, G, Gb, y, sw, order, count);
  }
}

/**
 * Forward pass, residuals and (if G ≠ 0) gradient accumulation for one chunk; returns
 * lossBefore + Σ s·nll.
 */
function chunkPass<T, A = T>(
  family: i32, X: usize, y: usize, sw: usize, d: i32, K: i32, W: usize, b: usize,
  G: usize, Gb: usize, order: usize, start: i32, count: i32, eta: usize, residual: usize,
  lossBefore: f64 = 0.0,
): f64 {
  linearPredictor<T, A>(X, d, K, W, b, order, start, count, eta);
  const loss = chunkResiduals<T>(family, y, sw, order, start, count, K, eta, residual, lossBefore);
  if (G != 0) accumulateGradient<T, A>(X, d, K, G, Gb, order, start, count, residual);
  return loss;
}

/**
 * chunkPass over rows named by `order`, run as slices of sliceRows rows, each touched first (see
 * SLICE_BYTES); Σ s·nll is carried from slice to slice, so it is the chunk's sum, bit for bit.
 */
function slicedChunkPass<T>(
  family: i32, X: usize, y: usize, sw: usize, d: i32, K: i32, W: usize, b: usize,
  G: usize, Gb: usize, order: usize, count: i32, sliceRows: i32, eta: usize, residual: usize,
): f64 {
  let loss = 0.0;
  for (let slice = 0; slice < count; slice += sliceRows) {
    const sliceCount = min(sliceRows, count - slice);
    const sliceOrder = order + (<usize>slice << 2);
    touchRows<T>(X, y, sw, d, sliceOrder, sliceCount);
    loss = chunkPass<T>(family, X, y, sw, d, K, W, b, G, Gb, sliceOrder, 0, sliceCount, eta, residual, loss);
  }
  return loss;
}

/**
 * One epoch of mini-batch gradient descent over the context's data on
 *   f(θ) = (1/W)·Σ sᵢ·nllᵢ + Σⱼ fⱼ·((l2/2)·θⱼ² + l1·|θⱼ|)   (intercepts unpenalised; fⱼ = 1 without L1_STATE).
 * Each batch B accumulates GRAD = Σ_{i∈B} sᵢ∇nllᵢ, then applyUpdate (updates/index.ts) steps with
 * gradScale = WEIGHT_SCALE/|B| = n/(|B|·W), the unbiased estimate of the data part's gradient, so
 * a full batch (gd) is the exact gradient. ORDER (n u32) is reshuffled in place when SAMPLING is
 * SHUFFLE; with REPLACEMENT each batch's ids are drawn into DRAWS (BATCH_SIZE u32).
 * GRAD must be zero on entry and is zero on exit (the update zeroes it).
 * With CHECK_DATA (sequential sampling), each batch's data is checked before its update
 * (data-check.ts); a fault returns NaN at once, with DATA_FAULT set and that batch not applied.
 * Returns the mean of Σ s·nll over the samples visited, each at the parameters before its batch's
 * update, plus the penalty at the epoch's start: for gd this is exactly f at the epoch's start.
 */
export function epoch<T>(ctx: usize): f64 {
  const family = ctxInt(ctx, CTX_FAMILY);
  const X = ctxPtr(ctx, CTX_X), y = ctxPtr(ctx, CTX_Y), sw = ctxPtr(ctx, CTX_SW);
  const n = ctxInt(ctx, CTX_ROWS), d = ctxInt(ctx, CTX_INPUTS), K = ctxInt(ctx, CTX_OUTPUTS);
  const penalised = ctxInt(ctx, CTX_PENALISED);
  const W = ctxPtr(ctx, CTX_THETA), b = W + (<usize>penalised << alignof<T>());
  const G = ctxPtr(ctx, CTX_GRAD), Gb = G + (<usize>penalised << alignof<T>());
  const eta = ctxPtr(ctx, CTX_ETA), residual = ctxPtr(ctx, CTX_RESIDUAL);
  const order = ctxPtr(ctx, CTX_ORDER), draws = ctxPtr(ctx, CTX_DRAWS), rng = ctxRng(ctx);
  const sampling = ctxInt(ctx, CTX_SAMPLING), batchSize = ctxInt(ctx, CTX_BATCH_SIZE);
  const weightScale = ctxNum(ctx, CTX_WEIGHT_SCALE);
  const penalty = l2Penalty<T>(W, penalised, ctxNum(ctx, CTX_L2)) + factorPenalty<T>(ctx);
  // Each epoch shuffles the identity, not the last epoch's order: its permutation is then a function
  // of the RNG state alone, so a saved state (RNG bytes, no order) resumes with the same batches.
  if (sampling == SAMPLING_SHUFFLE) {
    identityOrder(order, n);
    shuffle(order, n, rng);
  }
  const fused = family != FAMILY_MULTINOMIAL && (<i32>d << alignof<T>()) <= FUSED_MAX_ROW_BYTES;
  const sliceRows = max(1, SLICE_BYTES / max(1, d << alignof<T>()));
  const checking = ctxInt(ctx, CTX_CHECK_DATA) != 0 && sampling == SAMPLING_SEQUENTIAL;
  let lossSum = 0.0;
  let weightSeen = 0.0;
  for (let batchStart = 0; batchStart < n; batchStart += batchSize) {
    const batch = min(batchSize, n - batchStart);
    let rows: usize;
    if (sampling == SAMPLING_REPLACEMENT) {
      drawWithReplacement(draws, batch, n, rng);
      rows = draws;
    } else {
      rows = order + (<usize>batchStart << 2);
    }
    for (let chunkStart = 0; chunkStart < batch; chunkStart += CHUNK) {
      const count = min(CHUNK, batch - chunkStart);
      const chunkRows = rows + (<usize>chunkStart << 2);
      if (fused) {
        if (sampling != SAMPLING_SEQUENTIAL) touchRows<T>(X, y, sw, d, chunkRows, count);
        lossSum += fusedChunkPass<T>(family, X, y, sw, d, W, b, G, Gb, chunkRows, count);
      } else if (sampling == SAMPLING_SEQUENTIAL) {
        lossSum += chunkPass<T>(family, X, y, sw, d, K, W, b, G, Gb, chunkRows, 0, count, eta, residual);
      } else {
        lossSum += slicedChunkPass<T>(family, X, y, sw, d, K, W, b, G, Gb, chunkRows, count, sliceRows, eta, residual);
      }
      weightSeen += sumWeights<T>(sw, chunkRows, 0, count);
    }
    if (checking && !batchIsClean<T>(ctx, batchStart, batch)) return NaN;
    // gradScale = WEIGHT_SCALE/|B| = (n/W)/|B|: with W = n (unweighted, or partialFit's chunks) it is
    // 1/|B| exactly, whatever n, so chunks ≡ their concatenation.
    applyUpdate<T>(ctx, weightScale / <f64>batch);
  }
  if (checking && !weightsAreUsable(ctx, n, weightSeen)) return NaN;
  // draws with replacement can, rarely, visit only zero-weight rows: no loss was observed then
  return (weightSeen > 0 ? lossSum / weightSeen : 0.0) + penalty;
}

/**
 * Σ sᵢ·nllᵢ over rows [rowStart, rowEnd) of the context's data at θ (P f64 values in the
 * context's layout, not its THETA), in chunks of CHUNK; with grad ≠ 0 also Σ sᵢ·∇nllᵢ, added
 * into grad (P f64 values, the same layout). θ, η and every sum are f64 whatever T (kernels/vector's
 * wide kernels). The one exact pass behind objective and gradient.
 */
function exactPass<T>(ctx: usize, theta: usize, grad: usize, rowStart: i32, rowEnd: i32): f64 {
  const family = ctxInt(ctx, CTX_FAMILY);
  const X = ctxPtr(ctx, CTX_X), y = ctxPtr(ctx, CTX_Y), sw = ctxPtr(ctx, CTX_SW);
  const d = ctxInt(ctx, CTX_INPUTS), K = ctxInt(ctx, CTX_OUTPUTS);
  const interceptOffset = <usize>ctxInt(ctx, CTX_PENALISED) << 3;
  const eta = ctxPtr(ctx, CTX_ETA), residual = ctxPtr(ctx, CTX_RESIDUAL);
  let loss = 0.0;
  for (let start = rowStart; start < rowEnd; start += CHUNK) {
    loss += chunkPass<T, f64>(
      family, X, y, sw, d, K, theta, theta + interceptOffset, grad, grad + interceptOffset, 0, start, min(CHUNK, rowEnd - start), eta, residual,
    );
  }
  return loss;
}

/**
 * (1/W)·Σ_{rowStart ≤ i < rowEnd} sᵢ·nllᵢ + (l2/2)·‖θ_W‖² at θ (P f64 values, the context's
 * layout): over all rows [0, n), f(θ); W is the attached data's WEIGHT_TOTAL.
 */
export function objective<T>(ctx: usize, theta: usize, rowStart: i32, rowEnd: i32, l2: f64): f64 {
  return exactPass<T>(ctx, theta, 0, rowStart, rowEnd) / ctxNum(ctx, CTX_WEIGHT_TOTAL) + l2Penalty<f64>(theta, ctxInt(ctx, CTX_PENALISED), l2);
}

/**
 * The objective over rows [rowStart, rowEnd) as objective<T> (its value returned), and its exact
 * gradient at θ into grad (P f64 values, the same layout), overwriting it: over [0, n), ∇f. The
 * intercepts' entries are the true derivative even when they are not fitted.
 */
export function gradient<T>(ctx: usize, theta: usize, grad: usize, rowStart: i32, rowEnd: i32, l2: f64): f64 {
  const penalised = ctxInt(ctx, CTX_PENALISED);
  const params = ctxInt(ctx, CTX_PARAMS);
  memory.fill(grad, 0, <usize>params << 3);
  const loss = exactPass<T>(ctx, theta, grad, rowStart, rowEnd);
  const inverseWeight = 1.0 / ctxNum(ctx, CTX_WEIGHT_TOTAL);
  for (let j = 0; j < params; j++) {
    const offset = <usize>j << 3;
    const value = load<f64>(grad + offset) * inverseWeight;
    store<f64>(grad + offset, j < penalised ? value + l2GradientAt(load<f64>(theta + offset), j, penalised, l2) : value);
  }
  // loss / W as objective<T> divides, not loss·(1/W): f here is objective<T>'s f bit for bit, so
  // evaluate() at a fit's parameters equals the validation scores early stopping recorded
  return loss / ctxNum(ctx, CTX_WEIGHT_TOTAL) + l2Penalty<f64>(theta, penalised, l2);
}

/**
 * out[(i − rowStart)·K + c] = the mean response (μ, or class probabilities for multinomial), f64,
 * of rows [rowStart, rowEnd) at the context's own θ (THETA, values of T).
 */
export function predictMean<T>(ctx: usize, out: usize, rowStart: i32, rowEnd: i32): void {
  const count = rowEnd - rowStart;
  const K = ctxInt(ctx, CTX_OUTPUTS);
  linearPredictor<T>(ctxPtr(ctx, CTX_X), ctxInt(ctx, CTX_INPUTS), K, ctxPtr(ctx, CTX_THETA), ctxInterceptPtr<T>(ctx), 0, rowStart, count, out);
  switch (ctxInt(ctx, CTX_FAMILY)) {
    case FAMILY_GAUSSIAN: return;
    case FAMILY_BERNOULLI: familyMeans<Bernoulli>(out, count); return;
    case FAMILY_POISSON: familyMeans<Poisson>(out, count); return;
    default: softmaxRows(out, count, K);
  }
}
