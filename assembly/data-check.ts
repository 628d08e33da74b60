// The checks a checking epoch (context field CHECK_DATA = 1) makes on each batch just before its
// update, while the batch's rows are still in cache: the host staged the chunk in WASM memory
// itself (partialFit over chunkBuffer views) and skipped the copy and the separate scans that
// ordinary arrays get on the way in (bindings/data.ts copyMatrix, bindings/numbers.ts). A fault
// stops the epoch; the host then restores the state it had before the call (the context is
// rebuilt from the host's copy of it each call) and names the value with its usual checks.
//
// X is not scanned row by row: every x_ij of the batch has been multiplied into G_cj += r·x_ij
// (assembly/families/rows.ts, assembly/kernels/rows.ts accumulateGradient, for every row whatever
// its weight), and r·x is NaN or ±Infinity for a non-finite x whatever r is (0·∞ = NaN, and NaN
// and ±∞ stay non-finite under + with anything), so a finite G (P values) proves the batch's
// |B|·d values finite. Only a non-finite G (bad data, or an overflow that the host reports as
// divergence) pays for the scan of the rows. At d = 32 the row scan alone cost 30 % of a
// sequential epoch (f64 SIMD, 2^20 rows, EPYC).
import { CTX_DATA_FAULT, CTX_FAMILY, CTX_GRAD, CTX_INPUTS, CTX_OUTPUTS, CTX_PARAMS, CTX_SW, CTX_X, CTX_Y, ctxInt, ctxPtr, setCtxInt } from "./context";
import { firstNonFinite } from "./kernels/validate";
import { firstBadResponse, firstBadWeight, firstNonFiniteOfFew } from "./kernels/domain";

/** Rows start .. start+count−1 (sequential sampling: stored order) after their passes, before the update: false = a fault, recorded. */
export function batchIsClean<T>(ctx: usize, start: i32, count: i32): bool {
  const d = ctxInt(ctx, CTX_INPUTS);
  const sw = ctxPtr(ctx, CTX_SW);
  const first = <usize>start << alignof<T>();
  const bad =
    (firstNonFiniteOfFew<T>(ctxPtr(ctx, CTX_GRAD), ctxInt(ctx, CTX_PARAMS)) >= 0 &&
      firstNonFinite<T>(ctxPtr(ctx, CTX_X) + <usize>d * first, count * d) >= 0) ||
    firstBadResponse<T>(ctxInt(ctx, CTX_FAMILY), ctxPtr(ctx, CTX_Y) + first, count, ctxInt(ctx, CTX_OUTPUTS)) >= 0 ||
    (sw != 0 && firstBadWeight<T>(sw + first, count) >= 0);
  if (bad) setCtxInt(ctx, CTX_DATA_FAULT, start + 1);
  return !bad;
}

/** After the last batch: the weights seen must sum to a finite W > 0 (copyWeights' rule); false = a fault at 1 + n. */
export function weightsAreUsable(ctx: usize, rows: i32, weightSeen: f64): bool {
  if (weightSeen > 0 && weightSeen < Infinity) return true;
  setCtxInt(ctx, CTX_DATA_FAULT, rows + 1);
  return false;
}
