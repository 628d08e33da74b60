/**
 * The text table of a FitSummary, laid out like statsmodels' `summary()`: a two-column header of
 * model-level figures, a coefficient table (one block per class for multinomial), then notes and
 * warnings. Only presentation lives here; every number comes from the FitSummary.
 */
import type { FitSummary } from "./summary.js";

const WIDTH = 78;
const CELL = 11;

export function formatSummary(s: Omit<FitSummary, "text">): string {
  const title = `${capitalise(s.family)} regression results (maximum likelihood${s.l2 > 0 ? ", L2-penalised" : ""})`;
  const left: [string, string][] = [
    ["Family:", s.family],
    ["Link:", s.link],
    ["Optimizer:", s.optimizer],
    ["Converged:", s.converged ? "yes" : "no"],
    ["Iterations:", String(s.iterations)],
    ["Covariance:", s.covariance],
    ["L2 penalty:", figure(s.l2)],
    ["Dispersion:", figure(s.dispersion)],
  ];
  const right: [string, string][] = [
    ["No. Observations:", String(s.nobs)],
    ...(s.weightTotal !== s.nobs ? [["Sum of weights:", figure(s.weightTotal)] as [string, string]] : []),
    ["Df Residuals:", figure(s.dfResidual)],
    ["Df Model:", String(s.dfModel)],
    ["Log-Likelihood:", figure(s.logLikelihood)],
    ["Deviance:", figure(s.deviance)],
    ["Null deviance:", figure(s.nullDeviance)],
    ["AIC:", figure(s.aic)],
    ["BIC:", figure(s.bic)],
    ...(s.family === "gaussian"
      ? [["R-squared:", s.rSquared === null ? "n/a" : figure(s.rSquared)], ["Adj. R-squared:", s.adjustedRSquared === null ? "n/a" : figure(s.adjustedRSquared)]] as [string, string][]
      : [["Pseudo R-squ. (McFadden):", s.pseudoRSquared === null ? "n/a" : figure(s.pseudoRSquared)]] as [string, string][]),
  ];
  const half = WIDTH / 2;
  const pair = ([label, value]: [string, string] = ["", ""], width: number) =>
    // at least one space between them, even for a value as wide as its column
    label === "" ? " ".repeat(width) : label + " " + value.padStart(width - label.length - 1);
  const header: string[] = [];
  for (let row = 0; row < Math.max(left.length, right.length); row++) {
    header.push((pair(left[row], half - 2) + "  " + pair(right[row], half)).trimEnd());
  }

  const stat = s.statisticName;
  const lowerLabel = `[${trimNumber((1 - s.level) / 2)}`;
  const upperLabel = `${trimNumber(1 - (1 - s.level) / 2)}]`;
  const nameWidth = Math.max(12, ...s.terms.map((t) => t.term.length + 1));
  const columns = ["coef", "std err", stat, `P>|${stat}|`, lowerLabel, upperLabel];
  const headRow = (label: string) => label.padEnd(nameWidth) + columns.map((c) => c.padStart(CELL)).join("");
  const tableWidth = nameWidth + CELL * columns.length;
  const multinomial = s.family === "multinomial";
  const table: string[] = [];
  const outputs = [...new Set(s.terms.map((t) => t.output))];
  for (const output of outputs) {
    if (table.length > 0) table.push("-".repeat(tableWidth));
    table.push(headRow(multinomial ? `class ${output}` : ""));
    table.push("-".repeat(tableWidth));
    for (const t of s.terms.filter((term) => term.output === output)) {
      table.push(
        t.term.padEnd(nameWidth) +
          [cell(t.estimate), cell(t.stdError), statisticCell(t.statistic), probability(t.pValue), cell(t.ciLower), cell(t.ciUpper)]
            .map((c) => c.padStart(CELL))
            .join("") +
          (t.reason ? `  ${t.reason}` : ""),
      );
    }
  }

  const rule = "=".repeat(Math.max(WIDTH, tableWidth));
  const lines = [centre(title, rule.length), rule, ...header, rule, ...table, rule];
  if (s.notes.length > 0) lines.push("Notes:", ...numbered(s.notes));
  if (s.warnings.length > 0) lines.push("Warnings:", ...numbered(s.warnings));
  return lines.join("\n") + "\n";
}

/** A model-level figure: up to 8 significant digits, exponent outside [1e-4, 1e9). */
function figure(value: number): string {
  if (!Number.isFinite(value)) return Number.isNaN(value) ? "nan" : String(value);
  if (value === 0 || Number.isInteger(value) && Math.abs(value) < 1e9) return String(value);
  const magnitude = Math.abs(value);
  return magnitude >= 1e-4 && magnitude < 1e9 ? String(Number(value.toPrecision(8))) : value.toExponential(4);
}

/** A coefficient-table cell: 4 decimals, exponent notation when that would hide the value. */
function cell(value: number): string {
  if (!Number.isFinite(value)) return Number.isNaN(value) ? "nan" : String(value);
  const magnitude = Math.abs(value);
  return value === 0 || (magnitude >= 1e-3 && magnitude < 1e6) ? value.toFixed(4) : value.toExponential(3);
}

function statisticCell(value: number): string {
  return Number.isFinite(value) && Math.abs(value) < 1e6 ? value.toFixed(3) : cell(value);
}

/** p-values with 3 decimals as statsmodels prints them (0.000 below 0.0005). */
function probability(p: number): string {
  return Number.isFinite(p) ? p.toFixed(3) : "nan";
}

function trimNumber(value: number): string {
  return String(Number(value.toFixed(6)));
}

function numbered(items: readonly string[]): string[] {
  return items.flatMap((item, i) => wrap(`[${i + 1}] ${item}`, WIDTH, "    "));
}

function wrap(text: string, width: number, indent: string): string[] {
  const out: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    if (line.length > 0 && line.length + 1 + word.length > width) {
      out.push(line);
      line = indent + word;
    } else {
      line = line.length > 0 ? `${line} ${word}` : word;
    }
  }
  if (line.length > 0) out.push(line);
  return out;
}

function centre(text: string, width: number): string {
  return " ".repeat(Math.max(0, Math.floor((width - text.length) / 2))) + text;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
