import { DataTooLargeError, ProblemTooLargeError } from "../errors.js";
import { EXACT_WORK_LIMIT_SECONDS, exactWorkEstimate, newtonRefusal, summaryRefusal } from "../optimizers/exact-work.js";
import { termLayout } from "../optimizers/fisher-scoring.js";
import type { ResolvedOptimizer, ValidatedOptions } from "../options.js";
import { CliResourceError } from "./cli-error.js";
import type { PrintableFit } from "./format-fit.js";

export interface ExactWorkRequest {
  /** Data rows, or null when only the header has been read. */
  readonly rows: number | null;
  readonly cols: number;
  readonly options: ValidatedOptions;
  readonly optimizer: ResolvedOptimizer;
  /** Whether the output will print the summary (standard errors). */
  readonly summary: boolean;
}

/**
 * Refuses, before any fitting, what the library would refuse only after it: optimizer newton or a
 * summary whose p × p factorisation takes longer than EXACT_WORK_LIMIT_SECONDS, or newton with
 * fewer rows than coefficients and no l2 (bindings/optimizers/exact-work.ts decides, with the same
 * working rows and p as newton.ts and inference/factor.ts pass it). With rows still unknown (only
 * the header read) the rows-free part of the work is judged, so 200,000 columns are refused
 * before the data is read. The message names the real cause, p = (columns + intercept) × class
 * blocks, and gives advice in CLI syntax.
 */
export function checkExactWork(request: ExactWorkRequest): void {
  const { rows, cols, options, optimizer, summary } = request;
  const K = options.classes;
  // The term layout newton and the summary share (bindings/optimizers/newton.ts, newtonLayout).
  const layout = termLayout(cols, K, options.fitIntercept, K > 1 && options.l2 > 0);
  const P = layout.size;
  const penalised = options.l2 > 0;
  const workingRows = rows === null ? null : rows * layout.rowsPerObservation;
  const judge = (computation: "newton" | "summary"): { reason: "work" | "rows"; seconds: number } | null => {
    if (workingRows === null) {
      const { seconds } = exactWorkEstimate(0, P, penalised, computation);
      return seconds > EXACT_WORK_LIMIT_SECONDS ? { reason: "work", seconds } : null;
    }
    const refusal = computation === "newton" ? newtonRefusal(workingRows, P, penalised) : summaryRefusal(workingRows, P, penalised);
    return refusal && { reason: refusal.reason, seconds: refusal.estimatedSeconds };
  };
  const newton = optimizer === "newton" ? judge("newton") : null;
  const inference = summary ? judge("summary") : null;
  if (!newton && !inference) return;

  const coefficients =
    `p = ${P.toLocaleString("en-US")} coefficients: (${cols.toLocaleString("en-US")} feature columns${options.fitIntercept ? " + intercept" : ""})` +
    (layout.blocks === 1 ? "" : layout.blocks === K ? ` × ${K} classes` : ` × ${layout.blocks} class blocks (${K} classes, the first is the baseline)`);
  const lbfgs = options.optimizer === "auto" ? "--optimizer lbfgs (auto chose newton)" : "--optimizer lbfgs";
  if (newton?.reason === "rows") {
    throw new CliResourceError(
      `--optimizer newton needs at least as many rows as coefficients without --l2: ${rows!.toLocaleString("en-US")} rows < ${coefficients}, ` +
        `so some coefficients are not determined by the data. Use --l2 1e-4, or ${lbfgs} with --l2 1e-4, or fewer columns (--features a,b,c).`,
    );
  }
  const who = newton && inference ? "--optimizer newton and the summary (standard errors)" : newton ? "--optimizer newton" : "the summary (standard errors)";
  const seconds = Math.max(newton?.seconds ?? 0, inference?.seconds ?? 0);
  const triangleBytes = 8 * (P + 1) ** 2;
  const size = triangleBytes >= 2 ** 30 ? `, and its factor alone is ${(triangleBytes / 2 ** 30).toFixed(1)} GiB of f64` : "";
  const advice = [newton ? lbfgs : null, inference ? "--no-summary (coefficients without standard errors)" : null, "fewer columns (--features a,b,c)"];
  throw new CliResourceError(
    `${who} would factorise a p × p matrix for ${coefficients}: about ${formatSeconds(seconds)} of work` +
      `${rows === null ? "" : ` on ${rows.toLocaleString("en-US")} rows`}, more than the ${EXACT_WORK_LIMIT_SECONDS} s allowed${size}. ` +
      `The cause is p, not the rows or --dtype (the factor is p × p, always in f64). ` +
      `Use ${advice.filter((item): item is string => item !== null).join(", or ")}.`,
  );
}

/**
 * The fit, with its summary checked: when the library still refuses the summary as too large,
 * the fit is kept (printed without standard errors, with a warning) instead of being thrown away.
 */
export function summaryUnavailable(fit: PrintableFit): PrintableFit {
  if (typeof fit.summary !== "function") return fit;
  try {
    fit.summary();
    return fit;
  } catch (error) {
    if (!(error instanceof ProblemTooLargeError) && !(error instanceof DataTooLargeError)) throw error;
    const warnings = [...fit.warnings, `no standard errors: ${error.message} (--no-summary skips them).`];
    return { ...fit, summary: undefined, warnings };
  }
}

function formatSeconds(seconds: number): string {
  if (seconds < 120) return `${Math.ceil(seconds)} s`;
  if (seconds < 2 * 3600) return `${Math.round(seconds / 60)} minutes`;
  if (seconds < 2 * 86400) return `${Math.round(seconds / 3600)} hours`;
  if (seconds < 2 * 365 * 86400) return `${Math.round(seconds / 86400)} days`;
  return `${(seconds / (365 * 86400)).toPrecision(2)} years`;
}
