/**
 * How long an exact computation on n rows and p coefficients takes, estimated up front from its
 * operation count, so newton and summary() refuse a problem that would run for minutes or hours
 * (cost ~ n·p² + p³) instead of starting it. The CLI calls the same functions before fitting.
 *
 * Operation counts (flops, one multiply or add each):
 *   - one Householder pass over the working rows (assembly/linalg/householder.ts stackRows):
 *     2·m·q² for m rows stacked under a q×q triangle, q = p + 1 (the response column); with an l2
 *     penalty p more rows (the ridge rows √(W·l2)·e_j). see: Golub & Van Loan, "Matrix
 *     Computations" (4th ed.), §5.2.1 (2mn² − 2n³/3 for Householder QR; the triangle on top adds
 *     the −2n³/3 back). This runs in WASM.
 *   - the p³ terms on the host (JS): newton's κ₁(R) check (p³/3) and the rank re-triangularisation
 *     after a dependent column (≤ 2·p³); summary()'s covariance, R⁻¹ (p³/3), R⁻¹R⁻ᵀ (p³/3) and
 *     the sandwich's three products (≤ 3·p³). HOST_CUBIC_FLOPS holds a bound for each.
 */
import { ProblemTooLargeError } from "../errors.js";

/**
 * Assumed WASM rate of the Householder pass: measured 8.4–8.9 GFlop/s (SIMD build) and 2.5–3.2
 * (scalar build) on this project's 2-core benchmark machine (Node 20, n = 4k–20k, p = 200–400);
 * 2e9 is below both, to leave room for slower devices and browsers.
 */
export const WASM_FLOPS_PER_SECOND = 2e9;
/** Assumed JS rate of the p³ loops: measured ~1e9 for upperTriangularInverse at p = 600; 2.5e8 is 4× below. */
export const HOST_FLOPS_PER_SECOND = 2.5e8;
/** Host flops per p³ (see the header): newton's κ₁(R) check with room for a rank repair; summary()'s covariance. */
const HOST_CUBIC_FLOPS = { newton: 1, summary: 4 } as const;
/**
 * Longest one factorisation may take at the assumed rates: a few seconds. The 1M × 64 gaussian
 * and bernoulli fits of the README's benchmark (8.5 GFlop each, ~1.2 s here) stay allowed.
 *
 * @example
 * ```ts
 * import { EXACT_WORK_LIMIT_SECONDS, exactWorkEstimate } from "wasm-mle";
 * const newtonAccepts = exactWorkEstimate(1e6, 65).seconds <= EXACT_WORK_LIMIT_SECONDS; // true
 * ```
 */
export const EXACT_WORK_LIMIT_SECONDS = 10;

/**
 * The work of one exact factorisation, from {@link exactWorkEstimate}.
 *
 * @example
 * ```ts
 * import { exactWorkEstimate } from "wasm-mle";
 * const { seconds, triangleBytes } = exactWorkEstimate(100_000, 21);
 * ```
 */
export interface ExactWorkEstimate {
  /** Flops of one Householder pass in WASM. */
  readonly wasmFlops: number;
  /** Flops of the p³ work on the host. */
  readonly hostFlops: number;
  /** Both at the assumed rates: the time of one factorisation (one Newton iteration, or a summary). */
  readonly seconds: number;
  /** Bytes of the (p+1)×(p+1) triangle itself (WASM), which summary() copies a few times in JS. */
  readonly triangleBytes: number;
}

/**
 * Work of one exact factorisation of `rows` working rows and `coefficients` parameters
 * (multinomial: rows·(K − 1) working rows and (d + 1)·(K − 1) or (d + 1)·K coefficients).
 * @example
 * ```ts
 * import { exactWorkEstimate } from "wasm-mle";
 * console.log(exactWorkEstimate(1e6, 65).seconds); // ≈ 4.4 (8.6 GFlop at 2e9 flop/s, plus p³ on the host)
 * ```
 */
export function exactWorkEstimate(
  rows: number, coefficients: number, penalised = false, computation: "newton" | "summary" = "newton",
): ExactWorkEstimate {
  const q = coefficients + 1;
  const wasmFlops = 2 * (rows + (penalised ? coefficients : 0)) * q * q;
  const hostFlops = HOST_CUBIC_FLOPS[computation] * coefficients ** 3;
  return {
    wasmFlops,
    hostFlops,
    seconds: wasmFlops / WASM_FLOPS_PER_SECOND + hostFlops / HOST_FLOPS_PER_SECOND,
    triangleBytes: 8 * q * q,
  };
}

function describeWork(estimate: ExactWorkEstimate): string {
  const flops = estimate.wasmFlops + estimate.hostFlops;
  return `about ${(flops / 1e9).toPrecision(3)} GFlop per factorisation, ~${Math.ceil(estimate.seconds)} s at a conservative ` +
    `${WASM_FLOPS_PER_SECOND / 1e9} GFlop/s (limit ${EXACT_WORK_LIMIT_SECONDS} s)`;
}

/**
 * Why optimizer "newton" refuses this problem, or null when it accepts it: fewer working rows than
 * coefficients without an l2 penalty (the MLE is not unique), or one iteration's factorisation
 * over EXACT_WORK_LIMIT_SECONDS.
 * @param rows working rows: observations, times K − 1 for multinomial
 * @param coefficients parameters to estimate, intercepts included
 * @param penalised whether an l2 penalty makes the estimate unique
 * @example
 * ```ts
 * import { newtonRefusal } from "wasm-mle";
 * console.log(newtonRefusal(10, 20, false)?.reason); // "rows": fewer rows than coefficients
 * console.log(newtonRefusal(10_000, 20, false)); // null: newton may run
 * ```
 */
export function newtonRefusal(rows: number, coefficients: number, penalised: boolean): ProblemTooLargeError | null {
  const estimate = exactWorkEstimate(rows, coefficients, penalised);
  if (!penalised && rows < coefficients) {
    return new ProblemTooLargeError(
      "newton", "rows", rows, coefficients, estimate.seconds, EXACT_WORK_LIMIT_SECONDS,
      `Optimizer "newton" needs at least as many rows as coefficients without an l2 penalty: ${rows} rows < ${coefficients} ` +
        `coefficients, so at least ${coefficients - rows} of them are not determined by the data. Add an l2 penalty (for example ` +
        `l2: 1e-4), or use fewer features; optimizer "lbfgs" with l2 also fits it.`,
    );
  }
  if (estimate.seconds > EXACT_WORK_LIMIT_SECONDS) {
    return new ProblemTooLargeError(
      "newton", "work", rows, coefficients, estimate.seconds, EXACT_WORK_LIMIT_SECONDS,
      `Optimizer "newton" is too costly for ${rows} rows × ${coefficients} coefficients: its QR factorisation needs ` +
        `${describeWork(estimate)}, and a fit takes several. Use optimizer "lbfgs" (O(rows·coefficients) per iteration), ` +
        `with an l2 penalty if the problem is ill-posed, or fewer coefficients.`,
    );
  }
  return null;
}

/**
 * Why fit.summary() refuses a fit, or null: its p×p Fisher information factor and covariance would
 * take over EXACT_WORK_LIMIT_SECONDS. The cause is the number of coefficients (the factor is p×p,
 * always f64), so the message names it rather than the rows or the dtype. Memory follows from the
 * same bound: the time limit alone caps p near 850 (4·p³ host flops at 2.5e8/s ≤ 10 s), where the
 * ~12 p×p f64 copies the covariance makes stay below 70 MiB, so no separate memory test is needed.
 * @param rows observations
 * @param coefficients parameters of the fit, intercepts included
 * @param penalised whether the fit had an l2 penalty
 * @example
 * ```ts
 * import { summaryRefusal } from "wasm-mle";
 * console.log(summaryRefusal(1e6, 2000, true)?.computation); // "summary": a 2000×2000 factor is too much work
 * ```
 */
export function summaryRefusal(rows: number, coefficients: number, penalised: boolean): ProblemTooLargeError | null {
  const estimate = exactWorkEstimate(rows, coefficients, penalised, "summary");
  if (estimate.seconds <= EXACT_WORK_LIMIT_SECONDS) return null;
  return new ProblemTooLargeError(
    "summary", "work", rows, coefficients, estimate.seconds, EXACT_WORK_LIMIT_SECONDS,
    `summary() needs the ${coefficients}×${coefficients} Fisher information factor of this fit's ${coefficients} coefficients ` +
      `(${(estimate.triangleBytes / 2 ** 20).toFixed(1)} MiB per copy) and its inverse: ${describeWork(estimate)}. ` +
      `The cause is the number of coefficients (${coefficients}), not the rows or the dtype: standard errors are offered up to a ` +
      `few hundred coefficients; fit fewer features to get a summary. The fit's coefficients and predict() are unaffected.`,
  );
}
