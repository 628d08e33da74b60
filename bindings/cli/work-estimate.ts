import { DataTooLargeError, WasmMleError } from "../errors.js";
import { fisherScoringRegions, termLayout } from "../optimizers/fisher-scoring.js";
import type { ResolvedOptimizer, ValidatedOptions } from "../options.js";
import { WASM_MAX_BYTES } from "../wasm/abi.js";
import { CliResourceError } from "./cli-error.js";
import type { PrintableFit } from "./format-fit.js";

/**
 * The most floating-point operations the CLI lets a p × p factorisation take before it refuses up
 * front. The f64 Householder row updates of assembly/irls.ts ran at 3.4–6.4 GFLOP/s on the
 * reference machine (bernoulli newton fit and summary, 20,000 × 200 and 5,000 × 600), so a
 * summary within budget takes well under a minute and a Newton iteration a few seconds.
 */
export const SUMMARY_FLOP_BUDGET = 1e11;
export const NEWTON_ITERATION_FLOP_BUDGET = 2e10;
/** The summary also inverts the factor in JS (bindings/inference/covariance.ts): a few p × p f64 arrays. */
const HOST_FACTOR_BYTES_BUDGET = 2 ** 30;

export interface ExactWorkRequest {
  /** Data rows, or null when only the header has been read. */
  readonly rows: number | null;
  readonly cols: number;
  readonly options: ValidatedOptions;
  readonly optimizer: ResolvedOptimizer;
  /** Whether the output will print the summary (standard errors). */
  readonly summary: boolean;
}

/** What a p × p factorisation of this problem costs (bytes of WASM scratch, flops of one data pass). */
export function factorisationWork(rows: number, cols: number, options: ValidatedOptions) {
  const K = options.classes;
  // The term layout Newton and the summary share (bindings/optimizers/newton.ts, newtonLayout).
  const layout = termLayout(cols, K, options.fitIntercept, K > 1 && options.l2 > 0);
  const P = layout.size;
  const scratchBytes = Object.values(fisherScoringRegions(layout)).reduce((sum, bytes) => sum + bytes, 0);
  const bytesPerValue = options.dtype === "float32" ? 4 : 8;
  // X, y and the visiting order in the fit's layout (bindings/session.ts).
  const dataBytes = rows * (cols + 1) * bytesPerValue + rows * 4;
  // Householder QR of the n·r × P working rows: 2·m·P² − 2P³/3 flops (Golub & Van Loan, §5.2.1).
  const passFlops = Math.max(0, 2 * rows * layout.rowsPerObservation * P * P - (2 / 3) * P ** 3);
  return { P, blocks: layout.blocks, scratchBytes, dataBytes, passFlops, hostBytes: P * P * 8 };
}

/**
 * Refuses, before any fitting, an exact fit (newton) or a summary whose p × p factorisation could
 * not be done: too large for WebAssembly or host memory, or more work than the budgets above.
 * The cause is named — p, the number of coefficients, is (columns + intercept) × outputs, and its
 * factor grows as p² in f64 whatever --dtype says — with advice in CLI syntax.
 */
export function checkExactWork(request: ExactWorkRequest): void {
  const { rows, cols, options, optimizer, summary } = request;
  const newton = optimizer === "newton";
  if (!newton && !summary) return;
  const work = factorisationWork(rows ?? 0, cols, options);
  const summaryPasses = options.l2 > 0 ? 2 : 1;
  const summaryFlops = summaryPasses * work.passFlops + work.P ** 3;
  // Data that alone does not fit is refused by its own check (GrowableFloats, DataTooLargeError).
  const dataFits = work.dataBytes <= WASM_MAX_BYTES;
  const tooBig = (dataFits && work.dataBytes + work.scratchBytes > WASM_MAX_BYTES) || (summary && work.hostBytes > HOST_FACTOR_BYTES_BUDGET);
  // With rows unknown (header only) the pass costs count as 0: only the p³ part is judged.
  const newtonTooSlow = newton && work.passFlops > NEWTON_ITERATION_FLOP_BUDGET;
  const summaryTooSlow = summary && summaryFlops > SUMMARY_FLOP_BUDGET;
  if (!tooBig && !newtonTooSlow && !summaryTooSlow) return;

  const who = tooBig
    ? newton && summary ? "--optimizer newton and the summary (standard errors)" : newton ? "--optimizer newton" : "the summary (standard errors)"
    : newtonTooSlow ? "--optimizer newton" : "the summary (standard errors)";
  const coefficients =
    `p = ${work.P.toLocaleString("en-US")} coefficients: (${cols.toLocaleString("en-US")} feature columns` +
    `${options.fitIntercept ? " + intercept" : ""})` +
    (work.blocks === 1 ? "" : work.blocks === options.classes ? ` × ${work.blocks} classes` : ` × ${work.blocks} class blocks (${options.classes} classes, the first is the baseline)`);
  const rowsText = rows === null ? "" : ` on ${rows.toLocaleString("en-US")} rows`;
  const cost = tooBig
    ? `its p × p factor alone needs ${formatBytes(Math.max(work.scratchBytes, work.hostBytes))} in float64 (the factor grows as p², always in f64; --dtype float32 and fewer rows do not shrink it)`
    : newtonTooSlow
      ? `each Newton iteration is about ${work.passFlops.toExponential(1)} floating-point operations${rowsText}, more than the ${NEWTON_ITERATION_FLOP_BUDGET.toExponential(0)} the CLI allows`
      : `the summary is about ${summaryFlops.toExponential(1)} floating-point operations${rowsText}, more than the ${SUMMARY_FLOP_BUDGET.toExponential(0)} (under a minute) the CLI allows`;
  const advice = [
    newton && (tooBig || newtonTooSlow) ? (options.optimizer === "auto" ? "--optimizer lbfgs (auto chose newton)" : "--optimizer lbfgs") : null,
    summary && (tooBig || summaryTooSlow) ? "--no-summary (coefficients without standard errors)" : null,
    "fewer columns (--features a,b,c)",
    tooBig ? null : "fewer rows",
  ].filter((item): item is string => item !== null);
  throw new CliResourceError(`${who} would factorise a p × p matrix for ${coefficients}; ${cost}. Use ${advice.join(", or ")}.`);
}

/**
 * The fit, with its summary checked: when the library refuses the summary as too large, the fit is
 * kept (printed without standard errors, with a warning) instead of being thrown away.
 */
export function summaryUnavailable(fit: PrintableFit): PrintableFit {
  if (typeof fit.summary !== "function") return fit;
  try {
    fit.summary();
    return fit;
  } catch (error) {
    if (!(error instanceof DataTooLargeError) && !(error instanceof WasmMleError && /TOO_LARGE/.test(error.code))) throw error;
    const warnings = [...fit.warnings, `no standard errors: ${error.message} (--no-summary skips them).`];
    return { ...fit, summary: undefined, warnings };
  }
}

function formatBytes(bytes: number): string {
  return bytes >= 2 ** 30 ? `${(bytes / 2 ** 30).toFixed(1)} GiB` : `${(bytes / 2 ** 20).toFixed(1)} MiB`;
}
