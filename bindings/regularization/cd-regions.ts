/**
 * The WASM scratch coordinate descent needs for n rows, d features and K outputs (bytes), with a
 * centred f64 copy of X, column-major with a column of ones (cdXt, n·(d + 1)·8 bytes): the Gram
 * columns, the naive updates and the gradients all read contiguous columns.
 */
export function cdRegions(rows: number, cols: number, K: number, family: string): Record<string, number> {
  const dim = cols + 1;
  const naive = family !== "gaussian";
  return {
    cdV: rows * 8, cdR: rows * 8, cdH: dim * dim * 8, cdG: K * dim * 8, cdBeta: K * dim * 8,
    cdL1: dim * 8, cdL2: dim * 8, cdCentre: dim * 8, cdCoords: dim * 4, cdSlots: dim * 4, cdActive: dim * 4, cdRows: dim * 4,
    cdW: Math.max(1, cols * K) * 8, cdB: K * 8, cdRow: K * 8, cdEta: rows * K * 8, cdXv: dim * 8, cdDelta: dim * 8,
    cdEtaStart: naive ? rows * 8 : 8, cdStep: naive ? rows * 8 : 8, cdXt: rows * dim * 8,
    // m·GRAM_BLOCK_ROWS (256) f64 for gramColumns' weighted blocks, m ≤ dim.
    cdGramScratch: dim * 256 * 8,
  };
}
