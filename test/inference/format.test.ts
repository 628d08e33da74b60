// The summary table's layout (bindings/inference/format.ts) at its edges, on hand-made FitSummary
// objects: the number formats' switches (exponent notation, nan, ±Infinity, n/a), the two-column
// header's widths, the title centred over the rule, blocks per class, reasons after a row, wrapped
// notes. What a reader of the table sees; the figures of real fits are in summary-text.test.ts.
import { describe, expect, it } from "vitest";
import { formatSummary } from "../../dist/inference/format.js";
import type { FitSummary, SummaryTerm } from "../../dist/index.js";

type Printable = Omit<FitSummary, "text">;

function term(name: string, values: Partial<SummaryTerm> = {}): SummaryTerm {
  return { term: name, output: 0, estimate: 1.5, stdError: 0.25, statistic: 6, pValue: 0.01, ciLower: 1, ciUpper: 2, reason: null, ...values };
}

function base(overrides: Partial<Printable> = {}): Printable {
  return {
    terms: [term("intercept"), term("x0")], family: "gaussian", link: "identity", optimizer: "newton", statisticName: "t", level: 0.95,
    covariance: "fisher", covarianceMatrix: new Float64Array(4), logLikelihood: -12.5, nullLogLikelihood: -20, deviance: 3.25, nullDeviance: 9,
    aic: 31, bic: 32.25, pseudoRSquared: null, rSquared: 0.75, adjustedRSquared: 0.5, dispersion: 0.5, nobs: 10, weightTotal: 10,
    dfResidual: 8, dfModel: 1, parameterCount: 2, l2: 0, iterations: 3, converged: true, warnings: [], notes: [],
    ...overrides,
  } as Printable;
}

const lines = (s: Printable) => formatSummary(s).split("\n");
/** The header line that holds `label`, and the text after the label up to the next run of two spaces. */
function after(s: Printable, label: string): string | undefined {
  const line = lines(s).find((l) => l.includes(label));
  return line === undefined ? undefined : line.slice(line.indexOf(label) + label.length).trim().split(/\s{2,}/)[0];
}
/** The cells of the table row of `name`. */
const row = (s: Printable, name: string) => lines(s).find((l) => l.startsWith(`${name} `))!.trim().split(/\s+/);

describe("the header: two columns of label and right-aligned value", () => {
  it("pads each value to its column: 37 characters on the left, 2 spaces, 39 on the right", () => {
    const text = lines(base());
    expect(text[2]).toBe("Family:" + "gaussian".padStart(30) + "  " + "No. Observations:" + "10".padStart(22));
    expect(text[3]).toBe("Link:" + "identity".padStart(32) + "  " + "Df Residuals:" + "8".padStart(26));
    expect(text[5]).toBe("Converged:" + "yes".padStart(27) + "  " + "Log-Likelihood:" + "-12.5".padStart(24));
    // the right column is longer (10 rows against 8): its last rows start after 39 spaces
    expect(text[10]).toBe(" ".repeat(37) + "  " + "R-squared:" + "0.75".padStart(29));
    expect(text[11]).toBe(" ".repeat(37) + "  " + "Adj. R-squared:" + "0.5".padStart(24));
    expect(text[12]).toMatch(/^=+$/);
  });

  it("a value as long as its column keeps one space after its label", () => {
    const optimizer = "x".repeat(40);
    expect(lines(base({ optimizer })).find((l) => l.startsWith("Optimizer:"))).toMatch(new RegExp(`^Optimizer: ${optimizer}  Df Model: +1$`));
    const fits = "x".repeat(26);
    expect(lines(base({ optimizer: fits })).find((l) => l.startsWith("Optimizer:"))).toBe(`Optimizer: ${fits}  Df Model:` + "1".padStart(30));
  });

  it("model-level figures: integers as they are, 8 significant digits, exponent outside [1e-4, 1e9)", () => {
    const figure = (value: number) => after(base({ aic: value }), "AIC:");
    expect(figure(31)).toBe("31");
    expect(figure(0)).toBe("0");
    expect(figure(-4)).toBe("-4");
    expect(figure(123.456789012)).toBe("123.45679");
    expect(figure(1e-4)).toBe("0.0001");
    expect(figure(9.9999e-5)).toBe("9.9999e-5");
    expect(figure(-2.5e-7)).toBe("-2.5000e-7");
    expect(figure(999_999_999)).toBe("999999999");
    expect(figure(1e9)).toBe("1.0000e+9");
    expect(figure(123_456_789.5)).toBe("123456790");
    expect(figure(1_234_567_890.5)).toBe("1.2346e+9");
    expect(figure(Number.NaN)).toBe("nan");
    expect(figure(Number.NEGATIVE_INFINITY)).toBe("-Infinity");
    expect(figure(Number.POSITIVE_INFINITY)).toBe("Infinity");
  });

  it("R² or the pseudo R², n/a when undefined; the sum of weights only when it is not the row count", () => {
    expect(after(base({ rSquared: null, adjustedRSquared: null }), "R-squared:")).toBe("n/a");
    expect(after(base({ rSquared: null, adjustedRSquared: null }), "Adj. R-squared:")).toBe("n/a");
    expect(after(base({ adjustedRSquared: null }), "R-squared:")).toBe("0.75");
    const poisson = base({ family: "poisson", link: "log", statisticName: "z", pseudoRSquared: 0.375, rSquared: null, adjustedRSquared: null });
    expect(after(poisson, "Pseudo R-squ. (McFadden):")).toBe("0.375");
    expect(formatSummary(poisson)).not.toMatch(/R-squared:/);
    expect(after({ ...poisson, pseudoRSquared: null }, "Pseudo R-squ. (McFadden):")).toBe("n/a");
    expect(formatSummary(base())).not.toMatch(/Pseudo/);
    expect(after(base(), "Sum of weights:")).toBeUndefined();
    expect(after(base({ weightTotal: 12.5 }), "Sum of weights:")).toBe("12.5");
    expect(lines(base({ weightTotal: 12.5 }))[3]).toMatch(/Sum of weights: +12\.5$/);
    expect(after(base({ converged: false }), "Converged:")).toBe("no");
  });
});

describe("the coefficient table", () => {
  it("cells: 4 decimals in [1e-3, 1e6) and at 0, else 4 significant digits in exponent notation", () => {
    const cells = (estimate: number) => row(base({ terms: [term("x0", { estimate })] }), "x0")[1];
    expect(cells(0)).toBe("0.0000");
    expect(cells(1e-3)).toBe("0.0010");
    expect(cells(-1e-3)).toBe("-0.0010");
    expect(cells(9.99e-4)).toBe("9.990e-4");
    expect(cells(999_999)).toBe("999999.0000");
    expect(cells(1e6)).toBe("1.000e+6");
    expect(cells(-1e6)).toBe("-1.000e+6");
    expect(cells(Number.NaN)).toBe("nan");
    expect(cells(Number.NEGATIVE_INFINITY)).toBe("-Infinity");
  });

  it("the statistic to 3 decimals below 1e6, then as a cell; p to 3 decimals, nan when undefined", () => {
    const cells = (values: Partial<SummaryTerm>) => row(base({ terms: [term("x0", values)] }), "x0");
    expect(cells({ statistic: 12.34567 })[3]).toBe("12.346");
    expect(cells({ statistic: 999_999.5 })[3]).toBe("999999.500");
    expect(cells({ statistic: -12.3456 })[3]).toBe("-12.346");
    expect(cells({ statistic: 1e6 })[3]).toBe("1.000e+6");
    expect(cells({ statistic: Number.POSITIVE_INFINITY })[3]).toBe("Infinity");
    expect(cells({ statistic: Number.NaN })[3]).toBe("nan");
    expect(cells({ pValue: 0.0004 })[4]).toBe("0.000");
    expect(cells({ pValue: 0.0456 })[4]).toBe("0.046");
    expect(cells({ pValue: Number.NaN })[4]).toBe("nan");
  });

  it("rows: the name padded to 12, six cells of 11, a reason after two spaces", () => {
    const s = base({ terms: [term("x0", { estimate: 1.5, stdError: Number.NaN, statistic: Number.NaN, pValue: Number.NaN, ciLower: Number.NaN, ciUpper: Number.NaN, reason: "aliased (dropped as collinear)" })] });
    const line = lines(s).find((l) => l.startsWith("x0 "))!;
    expect(line).toBe("x0".padEnd(12) + ["1.5000", "nan", "nan", "nan", "nan", "nan"].map((c) => c.padStart(11)).join("") + "  aliased (dropped as collinear)");
    expect(lines(base()).find((l) => l.startsWith("x0 "))).toBe("x0".padEnd(12) + ["1.5000", "0.2500", "6.000", "0.010", "1.0000", "2.0000"].map((c) => c.padStart(11)).join(""));
  });

  it("the interval's columns are named from the level; a long name widens the table and the rules", () => {
    const head = (s: Printable) => lines(s).find((l) => l.includes("std err"))!;
    expect(head(base({ level: 0.99 })).trim().split(/\s+/).slice(-2)).toEqual(["[0.005", "0.995]"]);
    expect(head(base({ level: 0.9 })).trim().split(/\s+/).slice(-2)).toEqual(["[0.05", "0.95]"]);
    expect(head(base())).toBe(" ".repeat(12) + ["coef", "std err", "t", "P>|t|", "[0.025", "0.975]"].map((c) => c.padStart(11)).join(""));
    const name = "a_long_feature_name_here";
    const wide = lines(base({ terms: [term("intercept"), term(name)] }));
    expect(wide.find((l) => l.startsWith(name))!.indexOf("1.5000")).toBe(name.length + 1 + 11 - 6);
    expect(wide[1]).toBe("=".repeat(name.length + 1 + 66));
    expect(wide.filter((l) => /^-+$/.test(l)).every((l) => l.length === name.length + 1 + 66)).toBe(true);
    expect(lines(base())[1]).toBe("=".repeat(78));
  });

  it("one block per class for multinomial, each headed by its class and ruled off", () => {
    const s = base({
      family: "multinomial", link: "softmax", statisticName: "z", pseudoRSquared: 0.2, rSquared: null, adjustedRSquared: null,
      terms: [term("intercept", { output: 1 }), term("x0", { output: 1 }), term("intercept", { output: 2 }), term("x0", { output: 2 })],
    });
    const text = lines(s);
    const heads = text.filter((l) => l.includes("std err"));
    expect(heads.map((l) => l.slice(0, 12))).toEqual(["class 1".padEnd(12), "class 2".padEnd(12)]);
    const second = text.indexOf(heads[1]);
    expect(text[second - 1]).toBe("-".repeat(78));
    expect(text[second + 1]).toBe("-".repeat(78));
    expect(text.filter((l) => l.startsWith("x0 "))).toHaveLength(2);
    expect(text[text.indexOf(heads[0]) - 1]).toMatch(/^=+$/);
    // gaussian: one unnamed block
    expect(lines(base()).filter((l) => l.includes("std err"))[0].slice(0, 12)).toBe(" ".repeat(12));
  });
});

describe("title, notes and warnings", () => {
  it("the title is centred over the rule and says when the fit is penalised", () => {
    const plain = "Gaussian regression results (maximum likelihood)";
    expect(lines(base())[0]).toBe(" ".repeat(Math.floor((78 - plain.length) / 2)) + plain);
    const penalised = "Poisson regression results (maximum likelihood, L2-penalised)";
    expect(lines(base({ family: "poisson", l2: 0.25 }))[0]).toBe(" ".repeat(Math.floor((78 - penalised.length) / 2)) + penalised);
    expect(after(base({ l2: 0.25 }), "L2 penalty:")).toBe("0.25");
  });

  it("numbers notes and warnings and wraps them at 78 columns with a 4-space indent", () => {
    const long = Array.from({ length: 30 }, (_, i) => `word${i}`).join(" ");
    const s = base({ notes: ["short note", long], warnings: ["careful"] });
    const text = formatSummary(s);
    expect(text.endsWith("=\nNotes:\n[1] short note\n" + wrapped(`[2] ${long}`) + "\nWarnings:\n[1] careful\n")).toBe(true);
    expect(formatSummary(base())).toMatch(/=\n$/);
    expect(formatSummary(base())).not.toMatch(/Notes:|Warnings:/);
    expect(formatSummary(base({ warnings: ["w"] }))).toMatch(/=\nWarnings:\n\[1\] w\n$/);
  });
});

/** Greedy wrapping by hand for the note above: words of 5–6 characters, lines up to 78. */
function wrapped(text: string): string {
  const out: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    if (line === "") line = word;
    else if ((line + " " + word).length <= 78) line += " " + word;
    else {
      out.push(line);
      line = "    " + word;
    }
  }
  out.push(line);
  return out.join("\n");
}
