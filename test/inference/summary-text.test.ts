// summary().text shows every figure of the FitSummary it prints, each after its label, as
// statsmodels' summary() lays them out: model-level figures to 8 significant digits, the
// coefficient table to 4 decimals (3 for the statistic and p; exponent notation below 1e-3), one block per class for
// multinomial, the interval's bounds from `level`, then the notes and warnings numbered.
// Expected strings are computed from the FitSummary's own fields, for several kinds of fit.
import { describe, expect, test } from "vitest";
import { Trainer, type FitSummary, type TrainerOptions } from "../../dist/index.js";
import { syntheticData } from "../helpers/fixtures.js";

const figure = (v: number) => (Number.isInteger(v) && Math.abs(v) < 1e9 ? String(v) : String(Number(v.toPrecision(8))));
// 4 decimals, or 4 significant digits in exponent notation where 4 decimals would hide the value
const fixed = (v: number) => (v === 0 || (Math.abs(v) >= 1e-3 && Math.abs(v) < 1e6) ? v.toFixed(4) : v.toExponential(3));

/** The header line holding `label`, and the value printed after it (up to the next label or the end). */
function headerValue(text: string, label: string): string | undefined {
  const line = text.split("\n").find((l) => l.includes(label));
  if (line === undefined) return undefined;
  return line.slice(line.indexOf(label) + label.length).trim().split(/\s{2,}/)[0];
}

function checkText(s: FitSummary, weighted: boolean) {
  const text = s.text;
  const lines = text.split("\n");
  expect(lines[0].trim()).toBe(`${s.family[0].toUpperCase()}${s.family.slice(1)} regression results (maximum likelihood${s.l2 > 0 ? ", L2-penalised" : ""})`);
  const expected: [string, string][] = [
    ["Family:", s.family], ["Link:", s.link], ["Optimizer:", s.optimizer], ["Converged:", s.converged ? "yes" : "no"],
    ["Iterations:", String(s.iterations)], ["Covariance:", s.covariance], ["L2 penalty:", figure(s.l2)], ["Dispersion:", figure(s.dispersion)],
    ["No. Observations:", String(s.nobs)], ["Df Residuals:", figure(s.dfResidual)], ["Df Model:", String(s.dfModel)],
    ["Log-Likelihood:", figure(s.logLikelihood)], ["Deviance:", figure(s.deviance)], ["Null deviance:", figure(s.nullDeviance)],
    ["AIC:", figure(s.aic)], ["BIC:", figure(s.bic)],
  ];
  if (s.family === "gaussian") expected.push(["R-squared:", figure(s.rSquared!)], ["Adj. R-squared:", figure(s.adjustedRSquared!)]);
  else expected.push(["Pseudo R-squ. (McFadden):", figure(s.pseudoRSquared!)]);
  for (const [label, value] of expected) expect(headerValue(text, label), label).toBe(value);
  expect(headerValue(text, "Sum of weights:")).toBe(weighted ? figure(s.weightTotal) : undefined);
  expect(text.includes("Pseudo R-squ.")).toBe(s.family !== "gaussian");
  // the coefficient rows, in order, one block per output
  const lower = String(Number(((1 - s.level) / 2).toFixed(6)));
  const upper = String(Number((1 - (1 - s.level) / 2).toFixed(6)));
  const heads = lines.filter((l) => l.includes("coef") && l.includes("std err"));
  const outputs = [...new Set(s.terms.map((t) => t.output))];
  expect(heads).toHaveLength(outputs.length);
  heads.forEach((head, k) => {
    expect(head.split(/\s+/).filter(Boolean)).toEqual([
      ...(s.family === "multinomial" ? ["class", String(outputs[k])] : []), "coef", "std", "err", s.statisticName, `P>|${s.statisticName}|`, `[${lower}`, `${upper}]`,
    ]);
  });
  const rows = lines.filter((l) => s.terms.some((t) => l.startsWith(`${t.term} `)));
  expect(rows).toHaveLength(s.terms.length);
  s.terms.forEach((t, i) => {
    expect(rows[i].split(/\s+/).slice(0, 7), t.term).toEqual([t.term, fixed(t.estimate), fixed(t.stdError), t.statistic.toFixed(3), t.pValue.toFixed(3), fixed(t.ciLower), fixed(t.ciUpper)]);
  });
  // notes, then warnings, numbered from 1, each starting with its text
  const section = (name: string, items: readonly string[]) => {
    if (items.length === 0) return expect(lines).not.toContain(name);
    const start = lines.indexOf(name);
    expect(start, name).toBeGreaterThan(0);
    const numbered = lines.slice(start + 1).filter((l) => /^\[\d+\] /.test(l));
    items.forEach((item, i) => expect(numbered[i], name).toBe(`[${i + 1}] ${item}`.slice(0, numbered[i].length)));
  };
  section("Notes:", s.notes);
  section("Warnings:", s.warnings);
}

describe("summary().text", () => {
  const cases: [string, TrainerOptions, number, boolean, number][] = [
    ["gaussian, weighted", { family: "gaussian", optimizer: "newton" }, 3, true, 0.95],
    ["bernoulli, penalised, 90 % intervals", { family: "bernoulli", optimizer: "newton", l2: 0.1 }, 2, false, 0.9],
    ["poisson, lbfgs", { family: "poisson", optimizer: "lbfgs" }, 2, false, 0.99],
    ["multinomial, 3 classes", { family: "multinomial", classes: 3, optimizer: "newton" }, 2, true, 0.95],
  ];
  for (const [name, options, cols, weighted, level] of cases) {
    test(name, async () => {
      const { X, y } = syntheticData(options.family!, 80, cols, 5, options.classes ?? 2);
      const t = await Trainer.create(options);
      const sampleWeight = weighted ? y.map((_, i) => 0.5 + (i % 3)) : undefined;
      const summary = t.fit(X, y, sampleWeight ? { sampleWeight } : {}).summary({ level });
      t.dispose();
      expect(summary.level).toBe(level);
      checkText(summary, weighted);
    });
  }
});

describe("the summary's notes say which covariance and form the figures use", () => {
  const note = (s: FitSummary) => s.notes.find((n) => n.startsWith("Covariance: "));
  test("one note per kind of fit and covariance", async () => {
    const fitOf = async (options: TrainerOptions, family: "gaussian" | "poisson" | "multinomial" = options.family as never) => {
      const { X, y } = syntheticData(family, 60, 2, 8);
      const t = await Trainer.create({ optimizer: "newton", ...options });
      const fit = t.fit(X, y);
      return { fit, dispose: () => t.dispose() };
    };
    const gaussian = await fitOf({ family: "gaussian" });
    expect(note(gaussian.fit.summary())).toBe("Covariance: s²·(XᵀWX)⁻¹ with s² = RSS/(W − k); t statistics with W − k degrees of freedom.");
    const poisson = await fitOf({ family: "poisson" });
    expect(note(poisson.fit.summary())).toBe("Covariance: inverse Fisher information at the estimates (scale 1); z statistics.");
    const ridge = await fitOf({ family: "poisson", l2: 0.1 });
    expect(note(ridge.fit.summary())).toBe("Covariance: inverse penalised Hessian (I + W·l2·P)⁻¹.");
    expect(note(ridge.fit.summary({ covariance: "sandwich" }))).toBe("Covariance: sandwich H⁻¹·I·H⁻¹ (penalised Hessian H, Fisher information I).");
    expect(() => poisson.fit.summary({ covariance: "sandwich" })).toThrow(/equals it when there is no penalty/);
    const ridgeGaussian = await fitOf({ family: "gaussian", l2: 0.1 });
    expect(note(ridgeGaussian.fit.summary())).toBe("Covariance: inverse penalised Hessian (I + W·l2·P)⁻¹, times the dispersion.");
    expect(note(ridgeGaussian.fit.summary({ covariance: "sandwich" }))).toBe("Covariance: sandwich H⁻¹·I·H⁻¹ (penalised Hessian H, Fisher information I), times the dispersion.");
    const multinomial = await fitOf({ family: "multinomial", classes: 3 });
    expect(multinomial.fit.summary().notes[0]).toMatch(/^Baseline form \(as statsmodels MNLogit\)/);
    for (const f of [gaussian, poisson, ridge, ridgeGaussian, multinomial]) f.dispose();
  });
});
