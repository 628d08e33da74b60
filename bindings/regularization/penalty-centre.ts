// The free shift of a multinomial feature's K coefficients (see CoordinateDescent.shiftAcrossClasses).
/**
 * argmin over c of Σₖ a·|wₖ − c| + (q/2)·(wₖ − c)². The derivative a·Σ sign(c − wₖ) + q·Σ(c − wₖ)
 * rises with c; between two sorted wₖ it is linear, at a wₖ it jumps by 2a. Prefers 0 (no shift)
 * when 0 is a minimiser, so a lasso's flat median interval leaves the coefficients alone.
 */
export function penaltyCentre(values: number[], a: number, q: number): number {
  const derivative = (c: number) => values.reduce((sum, w) => sum + a * Math.sign(c - w) + q * (c - w), 0);
  const sorted = [...values].sort((x, y) => x - y);
  const K = sorted.length;
  const total = sorted.reduce((s, v) => s + v, 0);
  if (a === 0) return q > 0 ? total / K : 0;
  // Left and right derivatives at 0 bracket 0: 0 is a minimiser.
  const atZeroLeft = values.reduce((s, w) => s + a * (w < 0 ? 1 : -1) + q * -w, 0);
  const atZeroRight = values.reduce((s, w) => s + a * (w <= 0 ? 1 : -1) + q * -w, 0);
  if (atZeroLeft <= 0 && atZeroRight >= 0) return 0;
  for (let i = 0; i <= K; i++) {
    // Segment (sorted[i−1], sorted[i]): i values below c, K − i above.
    const signs = i - (K - i);
    if (q > 0) {
      const c = (q * total - a * signs) / (K * q);
      const low = i === 0 ? -Infinity : sorted[i - 1];
      const high = i === K ? Infinity : sorted[i];
      if (c > low && c < high) return c;
    }
    if (i < K) {
      const w = sorted[i];
      const left = derivative(w - 0) - a * values.filter((v) => v === w).length;
      const right = left + 2 * a * values.filter((v) => v === w).length;
      if (left <= 0 && right >= 0) return w;
    }
  }
  return 0;
}
