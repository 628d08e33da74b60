import type { FitResult } from "../fit-result.js";
import { cliHints } from "./hints.js";

/** A fit as the CLI prints it: a FitResult, possibly with a summary() (standard errors, issue 4). */
export type PrintableFit = Omit<FitResult, "summary"> & { readonly summary?: () => unknown };

export interface FitLabels {
  /** Class labels in class order (multinomial); default "0".."K−1". */
  readonly classLabels?: readonly string[];
  /** Whether an intercept was fitted; without one the intercept row is left out. */
  readonly fitIntercept: boolean;
}

/** One printed parameter: a term (intercept or feature) for one output class. */
export interface TermRow {
  readonly term: string;
  readonly classIndex: number;
  readonly estimate: number;
  readonly stdError?: number;
  readonly statistic?: number;
  readonly pValue?: number;
  readonly ciLower?: number;
  readonly ciUpper?: number;
}

/** What the CLI takes from `fit.summary()`: per-term inference and the model-level figures. */
export interface Inference {
  readonly statisticName: string;
  readonly level: number;
  readonly terms: readonly TermRow[];
  readonly aic?: number;
  readonly bic?: number;
  readonly pseudoRSquared?: number | null;
  readonly rSquared?: number | null;
  readonly notes: readonly string[];
  readonly warnings: readonly string[];
}

export const INTERCEPT_TERM = "(intercept)";
/** How FitSummary names the intercept term. */
const SUMMARY_INTERCEPT = "intercept";

/**
 * The inference in `fit.summary?.()`, read from the FitSummary shape (`terms[]` of
 * { term, output, estimate, stdError, statistic, pValue, ciLower, ciUpper }, `statisticName`,
 * `level`, `aic`, `bic`, `warnings`, `notes`). Its terms replace the fit's own coefficients in the
 * table because the summary may state them in another parametrisation (multinomial baseline form);
 * this is the one place that reads a summary. Anything unrecognised prints no inference.
 */
export function readInference(fit: PrintableFit): Inference | null {
  if (typeof fit.summary !== "function") return null;
  const summary = fit.summary() as Record<string, unknown> | null;
  if (typeof summary !== "object" || summary === null || !Array.isArray(summary.terms)) return null;
  const terms: TermRow[] = [];
  for (const t of summary.terms as Record<string, unknown>[]) {
    if (typeof t?.term !== "string" || typeof t.estimate !== "number") return null;
    terms.push({
      term: t.term === SUMMARY_INTERCEPT ? INTERCEPT_TERM : t.term,
      classIndex: typeof t.output === "number" ? t.output : 0,
      estimate: t.estimate,
      stdError: numberOr(t.stdError),
      statistic: numberOr(t.statistic),
      pValue: numberOr(t.pValue),
      ciLower: numberOr(t.ciLower),
      ciUpper: numberOr(t.ciUpper),
    });
  }
  const strings = (value: unknown) => (Array.isArray(value) ? value.filter((s): s is string => typeof s === "string") : []);
  return {
    statisticName: typeof summary.statisticName === "string" ? summary.statisticName : "z",
    level: typeof summary.level === "number" ? summary.level : 0.95,
    terms,
    aic: numberOr(summary.aic),
    bic: numberOr(summary.bic),
    pseudoRSquared: typeof summary.pseudoRSquared === "number" ? summary.pseudoRSquared : null,
    rSquared: typeof summary.rSquared === "number" ? summary.rSquared : null,
    notes: strings(summary.notes),
    warnings: strings(summary.warnings),
  };
}

function numberOr(value: unknown): number | undefined {
  return typeof value === "number" ? value : undefined;
}

/** The fit's own parameters as rows: per class, the intercept (if fitted) then each feature. */
function fitTerms(fit: PrintableFit, names: readonly string[], labels: FitLabels): TermRow[] {
  const K = fit.classes;
  const out: TermRow[] = [];
  for (let c = 0; c < K; c++) {
    if (labels.fitIntercept) out.push({ term: INTERCEPT_TERM, classIndex: c, estimate: fit.intercept[c] });
    for (let j = 0; j < names.length; j++) out.push({ term: names[j], classIndex: c, estimate: fit.coefficients[j * K + c] });
  }
  return out;
}

/**
 * The text report of a fit: a coefficient table (term | coefficient, one column per class for a
 * multinomial model; with std err, z, p and a confidence interval when the fit has a summary),
 * then the objective, log-likelihood and how the fit ran, then the summary's notes and warnings.
 */
export function formatFitTable(fit: PrintableFit, names: readonly string[], labels: FitLabels): string {
  const inference = readInference(fit);
  const classNames = classLabelsOf(fit, labels);
  const multi = fit.classes > 1;
  let table: string[][];
  // An L1 fit's summary has no standard error at all (its notes say why): the plain table then.
  if (inference && inference.terms.some((r) => !Number.isNaN(r.stdError))) {
    const stat = inference.statisticName;
    const tail = (1 - inference.level) / 2;
    table = [
      [...(multi ? ["class"] : []), "term", "coefficient", "std err", stat, `P>|${stat}|`, `[${trimmed(tail)}`, `${trimmed(1 - tail)}]`],
      ...inference.terms.map((r) => [
        ...(multi ? [classNames[r.classIndex] ?? String(r.classIndex)] : []),
        r.term, formatNumber(r.estimate), optional(r.stdError, formatNumber), optional(r.statistic, formatFixed),
        optional(r.pValue, formatProbability), optional(r.ciLower, formatNumber), optional(r.ciUpper, formatNumber),
      ]),
    ];
  } else if (multi) {
    const rows = fitTerms(fit, names, labels);
    const perClass = rows.length / fit.classes;
    table = [
      ["term", ...classNames.map((label) => `class ${label}`)],
      ...rows.slice(0, perClass).map((r, t) => [r.term, ...classNames.map((_, c) => formatNumber(rows[c * perClass + t].estimate))]),
    ];
  } else {
    table = [["term", "coefficient"], ...fitTerms(fit, names, labels).map((r) => [r.term, formatNumber(r.estimate)])];
  }
  const figures: string[][] = [
    ["objective", formatNumber(fit.objective, 10)],
    ["log-likelihood", formatNumber(fit.logLikelihood, 10)],
  ];
  if (inference?.aic !== undefined) figures.push(["AIC", formatNumber(inference.aic, 8)]);
  if (inference?.bic !== undefined) figures.push(["BIC", formatNumber(inference.bic, 8)]);
  if (inference?.rSquared != null) figures.push(["R-squared", formatNumber(inference.rSquared, 6)]);
  else if (inference?.pseudoRSquared != null) figures.push(["pseudo R-squared", formatNumber(inference.pseudoRSquared, 6)]);
  figures.push(
    [fit.optimizer === "newton" || fit.optimizer === "lbfgs" ? "iterations" : "epochs", String(fit.epochs)],
    ["converged", `${fit.converged ? "yes" : "no"} (stop reason: ${fit.stopReason})`],
    ["optimizer", String(fit.optimizer)],
    ["kernels", fit.kernels],
    ["dtype", fit.dtype],
    ["n", String(fit.nobs)],
  );
  const remarks = [
    ...(inference?.notes ?? []).map((note) => `note: ${cliHints(note)}`),
    // A summary repeats the fit's own warnings among its own.
    ...(inference ? inference.warnings : fitWarnings(fit)).map((warning) => `warning: ${cliHints(warning)}`),
  ];
  const blocks = [renderTable(table, { rule: true, alignNumbersRight: true }), renderTable(figures, { rule: false, alignNumbersRight: false })];
  if (remarks.length > 0) blocks.push(remarks.join("\n"));
  return `${blocks.join("\n\n")}\n`;
}

/** The same content as formatFitTable as one JSON-ready object, coefficients keyed by feature name. */
export function fitToJson(fit: PrintableFit, names: readonly string[], labels: FitLabels): Record<string, unknown> {
  const K = fit.classes;
  const multi = K > 1;
  const perTerm = (values: ArrayLike<number>, j: number) => (multi ? Array.from({ length: K }, (_, c) => values[j * K + c]) : values[j]);
  const inference = readInference(fit);
  return {
    family: fit.family,
    classes: K,
    ...(multi ? { classLabels: classLabelsOf(fit, labels) } : {}),
    features: [...names],
    intercept: labels.fitIntercept ? (multi ? Array.from(fit.intercept) : fit.intercept[0]) : null,
    coefficients: Object.fromEntries(names.map((name, j) => [name, perTerm(fit.coefficients, j)])),
    objective: fit.objective,
    logLikelihood: fit.logLikelihood,
    epochs: fit.epochs,
    converged: fit.converged,
    stopReason: fit.stopReason,
    optimizer: fit.optimizer,
    kernels: fit.kernels,
    dtype: fit.dtype,
    n: fit.nobs,
    warnings: (inference ? inference.warnings : fitWarnings(fit)).map(cliHints),
    ...(inference ? { summary: inference } : {}),
  };
}

/** Warnings the optimizer attached to the fit (separation, dropped columns …), if it has any. */
function fitWarnings(fit: PrintableFit): readonly string[] {
  const warnings = (fit as { warnings?: unknown }).warnings;
  return Array.isArray(warnings) ? warnings.filter((w): w is string => typeof w === "string") : [];
}

function classLabelsOf(fit: PrintableFit, labels: FitLabels): readonly string[] {
  return labels.classLabels ?? Array.from({ length: fit.classes }, (_, c) => String(c));
}

/**
 * Columns padded to their widest cell, two spaces apart; the first column is left-aligned, the
 * others right-aligned when they hold numbers. `rule` draws a line under the first (header) row.
 */
export function renderTable(rows: readonly (readonly string[])[], layout: { rule: boolean; alignNumbersRight: boolean }): string {
  // A loop, not Math.max(...column): a 200,000-term table would overflow the call stack.
  const widths = rows[0].map((_, col) => rows.reduce((widest, row) => Math.max(widest, row[col].length), 0));
  const line = (row: readonly string[]) =>
    row.map((cell, col) => (col > 0 && layout.alignNumbersRight ? cell.padStart(widths[col]) : cell.padEnd(widths[col]))).join("  ").trimEnd();
  const lines = rows.map(line);
  if (layout.rule) lines.splice(1, 0, widths.map((w) => "-".repeat(w)).join("  "));
  return lines.join("\n");
}

/** `digits` significant digits, switching to exponent notation outside [1e-4, 1e7). */
export function formatNumber(value: number, digits = 7): string {
  if (value === 0) return "0";
  if (!Number.isFinite(value)) return String(value);
  const magnitude = Math.abs(value);
  return magnitude >= 1e-4 && magnitude < 1e7 ? value.toPrecision(digits) : value.toExponential(digits - 1);
}

function optional(value: number | undefined, format: (v: number) => string): string {
  return value === undefined ? "" : format(value);
}

function formatFixed(value: number): string {
  return Number.isFinite(value) ? value.toFixed(3) : String(value);
}

function formatProbability(p: number): string {
  if (!Number.isFinite(p)) return String(p);
  return p < 1e-4 ? p.toExponential(1) : p.toFixed(4);
}

function trimmed(value: number): string {
  return String(Number(value.toFixed(6)));
}
