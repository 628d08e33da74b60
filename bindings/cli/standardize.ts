/** Per-column shift and scale: the fit sees z = (x − mean) / scale. */
export interface ColumnScaling {
  readonly mean: Float64Array;
  readonly scale: Float64Array;
}

export interface FlatMatrix {
  /** Float32Array for --dtype float32: the standardised copy keeps the dtype (half the memory). */
  readonly data: Float32Array | Float64Array;
  readonly rows: number;
  readonly cols: number;
}

/**
 * A standardised copy of X: each column minus its mean (only when `center`, i.e. when an intercept
 * can absorb the shift) divided by its population standard deviation. A constant column is left
 * as it is (mean 0, scale 1) so the trainer's own collinearity check sees it unchanged.
 */
export function standardizeColumns(X: FlatMatrix, center: boolean): { X: FlatMatrix; scaling: ColumnScaling } {
  const { data, rows, cols } = X;
  const mean = new Float64Array(cols);
  const scale = new Float64Array(cols);
  for (let j = 0; j < cols; j++) {
    let sum = 0;
    for (let i = 0; i < rows; i++) sum += data[i * cols + j];
    const columnMean = sum / rows;
    // Two passes: the sum of squared deviations from the mean, not E[x²] − E[x]², which cancels.
    let squares = 0;
    for (let i = 0; i < rows; i++) squares += (data[i * cols + j] - columnMean) ** 2;
    const sd = Math.sqrt(squares / rows);
    const constant = !(sd > 0);
    mean[j] = constant || !center ? 0 : columnMean;
    scale[j] = constant ? 1 : sd;
  }
  const out = data instanceof Float32Array ? new Float32Array(rows * cols) : new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) out[i * cols + j] = (data[i * cols + j] - mean[j]) / scale[j];
  }
  return { X: { data: out, rows, cols }, scaling: { mean, scale } };
}

/**
 * Maps parameters fitted on standardised columns back to the original columns. From
 * η = b' + Σⱼ w'ⱼ·(xⱼ − mⱼ)/sⱼ = (b' − Σⱼ w'ⱼ·mⱼ/sⱼ) + Σⱼ (w'ⱼ/sⱼ)·xⱼ:
 *   wⱼ = w'ⱼ / sⱼ,   b = b' − Σⱼ w'ⱼ·mⱼ / sⱼ   (per class for multinomial).
 * The linear predictor, hence the likelihood, is unchanged; an L2 penalty is not (it was applied
 * to w', so the mapped w is not the L2 optimum on the original scale).
 * `coefficients` is feature-major (feature j, class c at j·K + c), as in FitResult.
 */
export function unstandardize(
  coefficients: ArrayLike<number>,
  intercept: ArrayLike<number>,
  scaling: ColumnScaling,
  classes: number,
): { coefficients: Float64Array; intercept: Float64Array } {
  const cols = scaling.scale.length;
  const original = new Float64Array(cols * classes);
  const shifted = Float64Array.from(intercept);
  for (let j = 0; j < cols; j++) {
    for (let c = 0; c < classes; c++) {
      const w = coefficients[j * classes + c] / scaling.scale[j];
      original[j * classes + c] = w;
      shifted[c] -= w * scaling.mean[j];
    }
  }
  return { coefficients: original, intercept: shifted };
}
