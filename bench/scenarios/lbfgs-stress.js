// Scenario: L-BFGS with its default settings on the seeded stress suite of issue 8 (columns on
// scales 1e-3…1e4, offsets up to 1e4 spreads, ρ up to 0.999, rare events, large counts, penalised
// and not, weighted and not; test/reliability/stress-problems.js), newton as the reference. It
// reports how far lbfgs ends from the optimum and whether its `converged` flag can be believed:
// the distribution of relative objective gaps and iterations, per family and overall.
import { Trainer } from "../../dist/index.js";
import { stressProblems } from "../../test/reliability/stress-problems.js";
import { outcome, table } from "../lib/report.js";

/** The suite's base seed (the vitest suite uses the same one, on its first 400 problems). */
const SEED = 20261201;
/**
 * The issue's bars: reached on ≥ 99 %, and no converged fit beyond the honesty gap; for float32
 * too (issue 8 item 6), on the float32-rounded problem, since the objective and gradient kernels
 * sum in f64 at f64 parameters.
 */
const BARS = { float64: { reached: 1e-10, honest: 1e-8 }, float32: { reached: 1e-10, honest: 1e-8 } };
const REACHED_SHARE = 0.99;

function settings(quick) {
  return quick ? { problems: 200, dtypes: ["float64"] } : { problems: 2000, dtypes: ["float64", "float32"] };
}

async function fitWith(problem, options) {
  const trainer = await Trainer.create({
    family: problem.family, ...(problem.classes ? { classes: problem.classes } : {}), l2: problem.l2, fitIntercept: problem.fitIntercept, ...options,
  });
  try {
    const started = performance.now();
    const fit = trainer.fit({ data: problem.X, rows: problem.n, cols: problem.d }, problem.y, problem.weights ? { sampleWeight: problem.weights } : {});
    return { fit, wallMs: performance.now() - started };
  } finally {
    trainer.dispose();
  }
}

/** The problem with X, y and weights rounded to float32, as a float32 fit stores them. */
function roundedToFloat32(problem) {
  const round = (values) => values && Float64Array.from(Float32Array.from(values));
  return { ...problem, X: round(problem.X), y: round(problem.y), weights: round(problem.weights) };
}

/** f at a fit's parameters, evaluated by the float64 kernels. */
async function exactObjective(problem, fit) {
  const trainer = await Trainer.create({
    family: problem.family, ...(problem.classes ? { classes: problem.classes } : {}), l2: problem.l2, fitIntercept: problem.fitIntercept,
  });
  try {
    const X = { data: problem.X, rows: problem.n, cols: problem.d };
    return trainer.evaluate(X, problem.y, fit.coefficients, fit.intercept, problem.weights ? { sampleWeight: problem.weights } : {}).objective;
  } finally {
    trainer.dispose();
  }
}

const quantile = (sorted, q) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] : Number.NaN);
const sci = (v) => (!Number.isFinite(v) ? "–" : v <= 0 ? "≤ 0" : v < 1e-16 ? "<1e-16" : v.toExponential(1));

/** One row of the distribution table for a group of outcomes. */
function summarise(label, group, { reached: reachedGap, honest: honestGap }) {
  const gaps = group.map((o) => Math.max(0, o.gap)).sort((a, b) => a - b);
  const iterations = group.map((o) => o.fit.epochs).sort((a, b) => a - b);
  const converged = group.filter((o) => o.fit.converged);
  const falseClaims = converged.filter((o) => o.gap > honestGap);
  const reached = group.filter((o) => o.gap <= reachedGap);
  const unexplained = group.filter((o) => !o.fit.converged && o.fit.warnings.length === 0);
  return {
    label, count: group.length, reached: reached.length, converged: converged.length, falseClaims: falseClaims.length,
    honest: group.length - falseClaims.length - unexplained.length,
    cells: [
      label, String(group.length),
      `${reached.length} (${((100 * reached.length) / group.length).toFixed(1)} %)`,
      sci(quantile(gaps, 0.5)), sci(quantile(gaps, 0.95)), sci(gaps[gaps.length - 1]),
      String(quantile(iterations, 0.5)), String(quantile(iterations, 0.95)), String(iterations[iterations.length - 1]),
      String(converged.length), String(group.length - falseClaims.length - unexplained.length),
    ],
  };
}

export default {
  id: "lbfgs-stress",
  title: "L-BFGS on the seeded stress suite (newton as the reference)",

  async run({ quick, log }) {
    const config = settings(quick);
    const problems = stressProblems(config.problems, SEED);
    const sections = [];
    const outcomes = [];
    for (const dtype of config.dtypes) {
      const results = [];
      const dropped = [];
      let lbfgsMs = 0;
      for (const original of problems) {
        // float32 storage rounds the data: the problem a float32 fit solves is the rounded one, so
        // that is what both fits see, and the float32 fit is scored by a float64 evaluation of it.
        const problem = dtype === "float32" ? roundedToFloat32(original) : original;
        let reference;
        try {
          reference = (await fitWith(problem, { optimizer: "newton", tolerance: 1e-14 })).fit;
        } catch (error) {
          dropped.push(`${problem.describe}: newton threw ${error.code ?? error.message}`);
          continue;
        }
        if (!reference.converged) {
          dropped.push(`${problem.describe}: newton ${reference.stopReason}`);
          continue;
        }
        const { fit, wallMs } = await fitWith(problem, { optimizer: "lbfgs", dtype });
        lbfgsMs += wallMs;
        const value = dtype === "float32" ? await exactObjective(problem, fit) : fit.objective;
        results.push({ problem, fit, gap: (value - reference.objective) / Math.abs(reference.objective) });
      }
      log(`  ${dtype}: ${results.length} problems (${dropped.length} dropped), lbfgs ${(lbfgsMs / 1000).toFixed(1)} s in all`);
      const bars = BARS[dtype];
      const { reached: reachedGap, honest: honestGap } = bars;
      const groups = ["gaussian", "bernoulli", "poisson", "multinomial"].map((family) => summarise(family, results.filter((o) => o.problem.family === family), bars));
      const special = [
        ["rare events (bernoulli ≤ 2.5 % positives)", (o) => o.problem.family === "bernoulli" && o.problem.y.reduce((s, v) => s + v, 0) / o.problem.n <= 0.025],
        ["large counts (poisson mean ≥ 1e3)", (o) => o.problem.family === "poisson" && o.problem.y.reduce((s, v) => s + v, 0) / o.problem.n >= 1e3],
        ["ρ = 0.999", (o) => o.problem.rho === 0.999],
        ["no intercept", (o) => !o.problem.fitIntercept],
        ["penalised (l2 > 0)", (o) => o.problem.l2 > 0],
        ["weighted", (o) => !!o.problem.weights],
      ].map(([label, predicate]) => summarise(label, results.filter(predicate), bars));
      const all = summarise("all", results, bars);
      const worst = [...results].sort((a, b) => b.gap - a.gap).slice(0, 5);
      sections.push([
        `## L-BFGS stress suite, ${dtype} (${results.length} problems, seed ${SEED})`,
        "",
        `Problems 0…${config.problems - 1} of test/reliability/stress-problems.js: four families in turn, n 200–600 (rare events 1,500–2,500), d 2–8, ` +
          `column scales 10^U(−3, 4), offsets ±scale·10^U(0, 4) in half the columns, equicorrelation ρ ∈ {0, 0.5, 0.9, 0.99, 0.999}, ` +
          `l2 = 0 or 10^U(−6, −1), weights in half, no intercept in one in eight. lbfgs runs with its defaults (tolerance 1e-8, maxIterations 1000); ` +
          `the reference is newton at tolerance 1e-14 in float64 (problems where newton throws or does not converge are dropped: ${dropped.length})` +
          (dtype === "float32" ? ", on the data rounded to float32 as the float32 fit stores them, and the float32 fit is scored by a float64 evaluation of its parameters. " : ". ") +
          `gap = (f_lbfgs − f_newton)/|f_newton|, shown as ≤ 0 where lbfgs ends lower (rounding). **honest** = not (converged with gap > ${honestGap}) and ` +
          `every non-converged fit carries a warning. Before this change (issue 8): 47 of 151 "converged" fits on a 220-problem suite of this kind were more than 1e-6 off.`,
        "",
        table(
          ["problems", "n", `gap ≤ ${reachedGap}`, "gap median", "gap 95th", "gap max", "iterations median", "95th", "max", "converged", "honest"],
          [all, ...groups, ...special].map((g) => g.cells),
        ),
        "",
        `Largest gaps: ${worst.map((o) => `${sci(o.gap)} (${o.fit.stopReason}, ${o.fit.epochs} it; ${o.problem.describe})`).join("; ")}.`,
        ...(dropped.length ? ["", `Dropped: ${dropped.join("; ")}.`] : []),
      ].join("\n"));
      outcomes.push(outcome("check", `lbfgs stress suite (${dtype}): no converged fit with gap > ${honestGap}`, all.falseClaims === 0, `${all.falseClaims} of ${all.converged} converged`, `${results.length} problems`));
      outcomes.push(outcome(
        "check", `lbfgs stress suite (${dtype}): gap ≤ ${reachedGap} on ≥ ${100 * REACHED_SHARE} %`, all.reached >= REACHED_SHARE * all.count,
        `${((100 * all.reached) / all.count).toFixed(1)} %`, `${all.reached} of ${all.count}`,
      ));
    }
    return { sections, outcomes };
  },
};
