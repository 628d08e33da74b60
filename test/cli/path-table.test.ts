// The --path and --cv tables' exact layout (bindings/cli/path-table.ts) on hand-made results: the
// first column left-aligned, the others right-aligned to their widest cell, two spaces apart, and
// the header's "/σ_y" only when the ridge part was rescaled (l2 given and not λ(1 − α)).
import { describe, expect, test } from "vitest";
import { formatCvTable, formatPathTable } from "../../dist/cli/path-table.js";

const path = (l2: number[], alpha = 0.5) => ({ alpha, lambdas: Float64Array.of(0.5, 0.05), df: Int32Array.of(0, 12), devianceRatio: Float64Array.of(0, 0.5), l2: Float64Array.from(l2) });

describe("formatPathTable", () => {
  test("the layout, Df, %Dev to 2 decimals, Lambda to 4 significant digits", () => {
    expect(formatPathTable(path([]) as never)).toBe("alpha = 0.5; l1 = λα, l2 = λ(1 − α)\n\n   Df   %Dev  Lambda\n1   0   0.00     0.5\n2  12  50.00    0.05\n");
  });

  test("/σ_y only when the ridge part is not λ(1 − α)", () => {
    const header = (l2: number[]) => formatPathTable(path(l2) as never).split("\n")[0];
    expect(header([0.25, 0.025])).toBe("alpha = 0.5; l1 = λα, l2 = λ(1 − α)");
    expect(header([0.3, 0.03])).toBe("alpha = 0.5; l1 = λα, l2 = λ(1 − α)/σ_y");
    expect(header([])).toBe("alpha = 0.5; l1 = λα, l2 = λ(1 − α)");
  });
});

describe("formatCvTable", () => {
  test("lambda.min then lambda.1se: Lambda, 1-based Index, Measure and SE to 4 significant digits, Nonzero", () => {
    const cv = { measure: "mse", indexMin: 1, index1se: 0, lambdas: Float64Array.of(0.5, 0.05), mean: Float64Array.of(2.5, 1.23456), standardError: Float64Array.of(0.1, 0.2), path: { df: Int32Array.of(0, 3) } };
    expect(formatCvTable(cv as never)).toBe(
      "Measure: Mean-Squared Error\n\n     Lambda  Index  Measure   SE  Nonzero\nmin    0.05      2    1.235  0.2        3\n1se     0.5      1      2.5  0.1        0\n",
    );
  });
});
