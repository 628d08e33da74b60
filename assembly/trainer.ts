// Whole passes over the data, generic over the storage type T: one SGD/GD epoch, the exact
// objective, the exact gradient, and predictions. The host calls each once per epoch (or once per
// evaluation); mini-batches never cross the WASM boundary.
//
// Rows are processed in chunks of CHUNK samples: forward pass into `eta`, the family turns it into
// weighted residuals r = s·∂nll/∂η (one branch on the family per chunk, none inside the row loops),
// then G += Σ r·x. Scratch `eta` and `residual` hold CHUNK·K f64 each.
// An epoch with one output (K = 1) and short rows instead runs a fused pass per row (η, r, then
// G += r·x while the row is in L1; the same operations in the same order per value, so the same
// bits). Before each chunk of shuffled or drawn rows it touches every cache line of them and their
// y and weights (touchRows) so their misses overlap: at n = 1e5, fetching scattered rows, not
// arithmetic, is most of an epoch. Longer rows are touched and processed in slices of about
// SLICE_BYTES, so a slice is still in L1/L2 when the three passes read it.
import { accumulateGradient, linearPredictor, sumWeights, touchRows } from "./kernels/rows";
import { decayStep, sumSquares } from "./kernels/vector";
import { drawWithReplacement, identityOrder, shuffle } from "./kernels/sampling";
import { gaussianFusedPass, gaussianResiduals } from "./families/gaussian";
import { bernoulliFusedPass, bernoulliResiduals } from "./families/bernoulli";
import { poissonFusedPass, poissonResiduals } from "./families/poisson";
import { multinomialResiduals, softmaxRows } from "./families/multinomial";
import { sigmoid } from "./families/stable";

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

export const FAMILY_GAUSSIAN: i32 = 0;
export const FAMILY_BERNOULLI: i32 = 1;
export const FAMILY_POISSON: i32 = 2;
export const FAMILY_MULTINOMIAL: i32 = 3;

export const SAMPLING_SEQUENTIAL: i32 = 0;
export const SAMPLING_SHUFFLE: i32 = 1;
export const SAMPLING_REPLACEMENT: i32 = 2;

/**
 * Σ s·nll over one chunk, writing residuals; the only place that branches on the family. The sum
 * starts from lossBefore, so a chunk run in slices adds up in the same order as in one go.
 */
function chunkResiduals<T>(
  family: i32, y: usize, sw: usize, order: usize, start: i32, count: i32, K: i32,
  eta: usize, residual: usize, lossBefore: f64 = 0.0,
): f64 {
  switch (family) {
    case FAMILY_GAUSSIAN: return gaussianResiduals<T>(y, sw, order, start, count, eta, residual, lossBefore);
    case FAMILY_BERNOULLI: return bernoulliResiduals<T>(y, sw, order, start, count, eta, residual, lossBefore);
    case FAMILY_POISSON: return poissonResiduals<T>(y, sw, order, start, count, eta, residual, lossBefore);
    default: return multinomialResiduals<T>(y, sw, order, start, count, K, eta, residual, lossBefore);
  }
}

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
    case FAMILY_GAUSSIAN: return gaussianFusedPass<T>(X, d, W, b, G, Gb, y, sw, order, count);
    case FAMILY_BERNOULLI: return bernoulliFusedPass<T>(X, d, W, b, G, Gb, y, sw, order, count);
    default: return poissonFusedPass<T>(X, d, W, b, G, Gb, y, sw, order, count);
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
 * One epoch of mini-batch gradient descent on
 *   f(b, W) = (1/Wtot)·Σ sᵢ·nllᵢ + (l2/2)·‖W‖²   (intercept b unpenalised).
 * Each batch B steps along the unbiased estimate n/(|B|·Wtot)·Σ_{i∈B} sᵢ∇nllᵢ + l2·W, so a full
 * batch (gd) is the exact gradient. `order` (n u32) is reshuffled in place when sampling is
 * SHUFFLE; with REPLACEMENT each batch's ids are drawn into `draws` (batchSize u32).
 * G (d·K) and Gb (K) must be zero on entry and are zero on exit.
 * Returns the mean of Σ s·nll over the samples visited, each at the parameters before its batch's
 * update, plus the penalty at the epoch's start: for gd this is exactly f at the epoch's start.
 */
export function epoch<T>(
  family: i32, X: usize, y: usize, sw: usize, n: i32, d: i32, K: i32,
  W: usize, b: usize, G: usize, Gb: usize, eta: usize, residual: usize,
  order: usize, draws: usize, rng: usize, sampling: i32, batchSize: i32,
  learningRate: f64, l2: f64, fitIntercept: bool, weightTotal: f64,
): f64 {
  const penalty = penaltyOf<T>(W, d * K, l2);
  // Each epoch shuffles the identity, not the last epoch's order: its permutation is then a function
  // of the RNG state alone, so a saved state (RNG bytes, no order) resumes with the same batches.
  if (sampling == SAMPLING_SHUFFLE) {
    identityOrder(order, n);
    shuffle(order, n, rng);
  }
  const decay = <T>(1.0 - learningRate * l2);
  const fused = family != FAMILY_MULTINOMIAL && (<i32>d << alignof<T>()) <= FUSED_MAX_ROW_BYTES;
  const sliceRows = max(1, SLICE_BYTES / max(1, d << alignof<T>()));
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
    // lr·gradScale with gradScale = (n/W)/|B| (design9's WEIGHT_SCALE/|B|): with W = n (unweighted,
    // or partialFit's chunks) the scale is 1/|B| exactly, whatever n, so chunks ≡ their concatenation.
    const step = <T>(learningRate * (<f64>n / weightTotal / <f64>batch));
    decayStep<T>(W, G, d * K, decay, step);
    decayStep<T>(b, Gb, K, <T>1, fitIntercept ? step : <T>0);
  }
  // draws with replacement can, rarely, visit only zero-weight rows: no loss was observed then
  return (weightSeen > 0 ? lossSum / weightSeen : 0.0) + penalty;
}

/**
 * (l2/2)·‖W‖², and exactly 0 without a penalty even when ‖W‖² overflows (the coefficients of
 * features scaled by 1e-160 are ~1e160; 0·∞ would make the objective NaN).
 */
// @ts-ignore: decorator
@inline function penaltyOf<T>(W: usize, count: i32, l2: f64): f64 {
  return l2 == 0 ? 0.0 : 0.5 * l2 * sumSquares<T>(W, count);
}

/** f(b, W) over all n rows; W and b are f64 whatever T, η and the sums f64 (kernels/vector's wide kernels). */
export function objective<T>(
  family: i32, X: usize, y: usize, sw: usize, n: i32, d: i32, K: i32,
  W: usize, b: usize, eta: usize, residual: usize, l2: f64, weightTotal: f64,
): f64 {
  let loss = 0.0;
  for (let start = 0; start < n; start += CHUNK) {
    loss += chunkPass<T, f64>(family, X, y, sw, d, K, W, b, 0, 0, 0, start, min(CHUNK, n - start), eta, residual);
  }
  return loss / weightTotal + penaltyOf<f64>(W, d * K, l2);
}

/**
 * The exact gradient of f into G (d·K, class-major) and Gb (K), overwriting them; returns f.
 * W, b, G and Gb are f64 whatever T, and so are η and every sum (kernels/vector's wide kernels).
 * Gb is the true derivative even when the intercept is not fitted (the host ignores it then).
 */
export function gradient<T>(
  family: i32, X: usize, y: usize, sw: usize, n: i32, d: i32, K: i32,
  W: usize, b: usize, G: usize, Gb: usize, eta: usize, residual: usize, l2: f64, weightTotal: f64,
): f64 {
  memory.fill(G, 0, <usize>(d * K) << 3);
  memory.fill(Gb, 0, <usize>K << 3);
  let loss = 0.0;
  for (let start = 0; start < n; start += CHUNK) {
    loss += chunkPass<T, f64>(family, X, y, sw, d, K, W, b, G, Gb, 0, start, min(CHUNK, n - start), eta, residual);
  }
  const inverseWeight = 1.0 / weightTotal;
  for (let j = 0; j < d * K; j++) {
    const offset = <usize>j << 3;
    store<f64>(G + offset, load<f64>(G + offset) * inverseWeight + l2 * load<f64>(W + offset));
  }
  for (let c = 0; c < K; c++) {
    const offset = <usize>c << 3;
    store<f64>(Gb + offset, load<f64>(Gb + offset) * inverseWeight);
  }
  return loss * inverseWeight + penaltyOf<f64>(W, d * K, l2);
}

/** out[i·K + c] = the mean response (μ, or class probabilities for multinomial), f64. */
export function predictMean<T>(family: i32, X: usize, n: i32, d: i32, K: i32, W: usize, b: usize, out: usize): void {
  linearPredictor<T>(X, d, K, W, b, 0, 0, n, out);
  if (family == FAMILY_GAUSSIAN) return;
  if (family == FAMILY_MULTINOMIAL) {
    softmaxRows(out, n, K);
    return;
  }
  for (let i = 0; i < n; i++) {
    const p = out + (<usize>i << 3);
    const e = load<f64>(p);
    store<f64>(p, family == FAMILY_BERNOULLI ? sigmoid(e) : Math.exp(e));
  }
}
