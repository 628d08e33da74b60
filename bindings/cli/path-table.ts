import type { CrossValidation, RegularizationPath } from "../index.js";

const MEASURE_NAMES: Record<CrossValidation["measure"], string> = {
  deviance: "Deviance", mse: "Mean-Squared Error", class: "Misclassification Error", auc: "AUC",
};

const signif = (value: number, digits: number) => Number(value.toPrecision(digits)).toString();

function columns(rows: string[][], left: number): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) => r.map((cell, c) => (c < left ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join("  ")).join("\n");
}

/** `--path`: the λ table as glmnet's print(): Df, %Dev (2 decimals), Lambda (4 significant digits). */
export function formatPathTable(path: RegularizationPath): string {
  const rows = [["", "Df", "%Dev", "Lambda"]];
  path.lambdas.forEach((lambda, i) => rows.push([String(i + 1), String(path.df[i]), (100 * path.devianceRatio[i]).toFixed(2), signif(lambda, 4)]));
  return `alpha = ${path.alpha}; l1 = λα, l2 = λ(1 − α)${path.l2.length > 0 && path.l2[0] !== path.lambdas[0] * (1 - path.alpha) ? "/σ_y" : ""}\n\n${columns(rows, 1)}\n`;
}

/** `--cv`: cv.glmnet's print(): the measure at lambda.min and lambda.1se with its standard error and non-zeros. */
export function formatCvTable(cv: CrossValidation): string {
  const rows = [["", "Lambda", "Index", "Measure", "SE", "Nonzero"]];
  for (const [name, i] of [["min", cv.indexMin], ["1se", cv.index1se]] as const) {
    rows.push([name, signif(cv.lambdas[i], 4), String(i + 1), signif(cv.mean[i], 4), signif(cv.standardError[i], 4), String(cv.path.df[i])]);
  }
  return `Measure: ${MEASURE_NAMES[cv.measure]}\n\n${columns(rows, 1)}\n`;
}
