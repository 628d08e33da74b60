// Issue 8, finding 4: L-BFGS reported `converged: true` far from the optimum on badly scaled
// problems (47 of 151 "converged" fits > 1e-6 off; Longley's objective 2.8× the optimum). Here a
// seeded suite of such problems (test/reliability/stress-problems.js, shared with
// bench/scenarios/lbfgs-stress.js) is fitted by lbfgs with its defaults and by newton as the
// reference: lbfgs must reach a relative objective gap ≤ 1e-10 on ≥ 99 % of them, and must never
// say "converged" with a gap > 1e-8. Both bars hold for float32 storage too (issue 8 item 6: the
// exact objective and gradient kernels sum in f64 at f64 parameters), on the float32-rounded data.
import { describe, expect, it } from "vitest";
import { Trainer, type FitResult, type TrainerOptions } from "../../dist/index.js";
import { loadFixture, relativeError } from "../helpers/fixtures.js";
import { stressProblems } from "./stress-problems.js";

/** Problems generated; those newton cannot certify are left out (and counted). */
const PROBLEMS = 400;
const SEED = 20261201;
/** The two bars. */
const REACHED_GAP = 1e-10;
const HONEST_GAP = 1e-8;

interface Outcome {
  describe: string;
  family: string;
  gap: number;
  fit: FitResult;
}

type Problem = ReturnType<typeof stressProblems>[number];

function optionsOf(problem: Problem): TrainerOptions {
  return {
    family: problem.family as TrainerOptions["family"],
    ...(problem.classes ? { classes: problem.classes } : {}),
    l2: problem.l2,
    fitIntercept: problem.fitIntercept,
  };
}

async function fitWith(problem: Problem, options: TrainerOptions): Promise<FitResult> {
  const trainer = await Trainer.create({ ...optionsOf(problem), ...options });
  try {
    return trainer.fit({ data: problem.X, rows: problem.n, cols: problem.d }, problem.y, problem.weights ? { sampleWeight: problem.weights } : {});
  } finally {
    trainer.dispose();
  }
}

/** The problem with X, y and weights rounded to float32, as a float32 fit stores them. */
function roundedToFloat32(problem: Problem): Problem {
  const round = (values: ArrayLike<number> | undefined) => values && Float64Array.from(Float32Array.from(values));
  return { ...problem, X: round(problem.X)!, y: round(problem.y)!, weights: round(problem.weights) } as Problem;
}

/** f at a fit's parameters, evaluated by the float64 kernels. */
async function float64Objective(problem: Problem, fit: FitResult): Promise<number> {
  const trainer = await Trainer.create(optionsOf(problem));
  try {
    const X = { data: problem.X, rows: problem.n, cols: problem.d };
    return trainer.evaluate(X, problem.y, fit.coefficients, fit.intercept, problem.weights ? { sampleWeight: problem.weights } : {}).objective;
  } finally {
    trainer.dispose();
  }
}

/**
 * Newton (tolerance 1e-14: it stops once its steps no longer move β) is the reference where it
 * certifies its own answer; a problem where it refuses (an error) or does not converge is no
 * reference and is reported as dropped. Under float32 (issue 8 item 6) the problem is the one the
 * float32 fit stores: X, y and weights rounded to float32, which newton then solves in float64,
 * and the float32 lbfgs fit is scored by a float64 evaluation of its parameters.
 */
async function runSuite(dtype: "float64" | "float32"): Promise<{ outcomes: Outcome[]; dropped: string[] }> {
  const outcomes: Outcome[] = [];
  const dropped: string[] = [];
  for (const original of stressProblems(PROBLEMS, SEED)) {
    const problem = dtype === "float32" ? roundedToFloat32(original) : original;
    let reference: FitResult;
    try {
      reference = await fitWith(problem, { optimizer: "newton", tolerance: 1e-14 });
    } catch (error) {
      dropped.push(`${problem.describe}: newton threw ${(error as { code?: string }).code ?? error}`);
      continue;
    }
    if (!reference.converged) {
      dropped.push(`${problem.describe}: newton stopped with ${reference.stopReason}`);
      continue;
    }
    const fit = await fitWith(problem, { optimizer: "lbfgs", dtype });
    const value = dtype === "float32" ? await float64Objective(problem, fit) : fit.objective;
    outcomes.push({ describe: problem.describe, family: problem.family, gap: (value - reference.objective) / Math.abs(reference.objective), fit });
  }
  return { outcomes, dropped };
}

describe("L-BFGS on the seeded stress suite (newton as the reference)", () => {
  it.each(["float64", "float32"] as const)(`%s: reaches a relative gap ≤ ${REACHED_GAP} on ≥ 99 % and never reports converged with a gap > ${HONEST_GAP}`, async (dtype) => {
    const { outcomes, dropped } = await runSuite(dtype);
    // At least 200 valid problems, every family well represented.
    expect(outcomes.length, dropped.join("\n")).toBeGreaterThanOrEqual(200);
    for (const family of ["gaussian", "bernoulli", "poisson", "multinomial"]) {
      expect(outcomes.filter((o) => o.family === family).length, family).toBeGreaterThanOrEqual(50);
    }
    const falseClaims = outcomes.filter((o) => o.fit.converged && o.gap > HONEST_GAP);
    expect(falseClaims.map((o) => `${o.describe}: gap ${o.gap.toExponential(1)}`)).toEqual([]);
    const missed = outcomes.filter((o) => !(o.gap <= REACHED_GAP));
    expect(missed.length, missed.map((o) => `${o.describe}: gap ${o.gap.toExponential(1)}, ${o.fit.stopReason}`).join("\n")).toBeLessThanOrEqual(
      Math.floor(0.01 * outcomes.length),
    );
    // Every fit that does not claim convergence says why, with its stop reason and a warning.
    for (const o of outcomes.filter((x) => !x.fit.converged)) {
      expect(["maxIterations", "lineSearchFailed"], o.describe).toContain(o.fit.stopReason);
      expect(o.fit.warnings.join(" "), o.describe).toMatch(/estimated .* above the optimum/);
    }
    // Within the default iteration budget (1000), as the issue asks.
    for (const o of outcomes) expect(o.fit.epochs).toBeLessThanOrEqual(1000);
  });

  it("covers what the issue names: scales 1e-3…1e4, offsets to 1e4, ρ to 0.999, rare events, large counts, penalised/weighted or not", () => {
    const problems = stressProblems(PROBLEMS, SEED);
    const scales = problems.flatMap((p) => p.scales);
    expect(Math.min(...scales)).toBeLessThan(2e-3);
    expect(Math.max(...scales)).toBeGreaterThan(5e3);
    const offsetRatios = problems.flatMap((p) => p.offsets.map((o, j) => Math.abs(o) / p.scales[j]));
    expect(Math.max(...offsetRatios)).toBeGreaterThan(5e3);
    expect(problems.filter((p) => p.rho === 0.999).length).toBeGreaterThanOrEqual(40);
    const positiveShare = (p: Problem) => p.y.reduce((s, v) => s + v, 0) / p.n;
    const rare = problems.filter((p) => p.family === "bernoulli" && positiveShare(p) <= 0.025);
    expect(rare.length).toBeGreaterThanOrEqual(15);
    const meanCount = (p: Problem) => p.y.reduce((s, v) => s + v, 0) / p.n;
    expect(problems.filter((p) => p.family === "poisson" && meanCount(p) >= 1e3).length).toBeGreaterThanOrEqual(15);
    for (const predicate of [(p: Problem) => p.l2 > 0, (p: Problem) => p.l2 === 0, (p: Problem) => !!p.weights, (p: Problem) => !p.weights, (p: Problem) => !p.fitIntercept]) {
      expect(problems.filter(predicate).length).toBeGreaterThanOrEqual(40);
    }
    // Same seed, same problems, bit for bit.
    const again = stressProblems(3, SEED);
    again.forEach((p, i) => expect(Array.from(p.X)).toEqual(Array.from(problems[i].X)));
  });
});

describe("L-BFGS on Longley's data (columns near 1e5)", () => {
  // Before: lbfgs stopped "converged" at 2.76× the optimum. The fixture (statsmodels 0.13.5; the
  // 60-digit solution, which matches NIST StRD's certified values to 2.4e-15) is in
  // test/fixtures/sm_longley_ols.json, made by test/fixtures/sm_longley_ols.py.
  it("reaches newton's objective to 1e-10 relative and says converged", async () => {
    const fx = loadFixture("sm_longley_ols");
    const fits: Record<string, FitResult> = {};
    for (const optimizer of ["newton", "lbfgs"] as const) {
      const trainer = await Trainer.create({ optimizer });
      fits[optimizer] = trainer.fit(fx.X, fx.y);
      trainer.dispose();
    }
    const target = fx.objective.value_at_reference;
    expect(relativeError(fits.newton.objective, target)).toBeLessThan(1e-11);
    expect((fits.lbfgs.objective - fits.newton.objective) / fits.newton.objective).toBeLessThan(REACHED_GAP);
    expect(fits.lbfgs).toMatchObject({ converged: true, stopReason: "converged", warnings: [] });
    // The design's condition number (~5e9 raw, ~1e4 standardised) turns an objective gap g into
    // coefficient errors up to ~√(g·κ): 1e-5 relative leaves room above the ~1e-6 observed.
    const exact = [fx.reference.intercept, ...fx.reference.coef];
    const estimate = [fits.lbfgs.intercept[0], ...fits.lbfgs.coefficients];
    estimate.forEach((value, j) => expect(relativeError(value, exact[j]), fx.feature_names[j - 1] ?? "intercept").toBeLessThan(1e-5));
  });
});
