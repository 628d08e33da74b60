// Property tests (issue 8, item 12) with fast-check, in bounded, seeded runs so CI is
// deterministic: any input gives finite results or a WasmMleError; the SIMD and scalar builds
// agree within the tolerance the determinism tests state; newton's gradient vanishes at its
// optimum; gd, lbfgs and newton agree on strictly convex (L2-penalised) problems.
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { FAMILIES, SeparationError, Trainer, WasmMleError, simdSupported, type FamilyName, type TrainerOptions } from "../../dist/index.js";
import { safeLearningRate, seededRandom, type Fixture } from "../helpers/fixtures.js";

/** Bounded and reproducible: the same seed in CI and locally; a failure prints its seed and path. */
const RUNS = { seed: 20261201, numRuns: 40, endOnFailure: true } as const;

/** Data for a family from a seed: n × d normal features and a response of the family's domain. */
function problem(family: FamilyName, n: number, d: number, seed: number, classes = 3, signal = 0.8) {
  const random = seededRandom(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const X = Array.from({ length: n }, () => Array.from({ length: d }, normal));
  const truth = Array.from({ length: d * classes }, () => signal * normal());
  const eta = (row: number[], c: number) => row.reduce((s, x, j) => s + x * truth[c * d + j], 0);
  const y = X.map((row) => {
    if (family === "gaussian") return 0.5 + eta(row, 0) + normal();
    if (family === "bernoulli") return random() < 1 / (1 + Math.exp(-eta(row, 0))) ? 1 : 0;
    if (family === "poisson") {
      const mu = Math.exp(Math.min(3, 0.2 + 0.5 * eta(row, 0)));
      let k = 0;
      for (let p = Math.exp(-mu), s = p, u = random(); u > s; s += p) p *= mu / ++k;
      return k;
    }
    const scores = Array.from({ length: classes }, (_, c) => eta(row, c) - Math.log(-Math.log(1 - random() * 0.999999)));
    return scores.indexOf(Math.max(...scores));
  });
  return { X, y };
}

const FAMILY_NAMES = Object.keys(FAMILIES) as FamilyName[];

/** The MLE can exist: every class occurs (bernoulli, multinomial), or some count is positive (poisson). */
function everyOutcomeOccurs(family: FamilyName, y: number[], classes = 3): boolean {
  if (family === "bernoulli") return y.includes(0) && y.includes(1);
  if (family === "multinomial") return Array.from({ length: classes }, (_, c) => y.includes(c)).every(Boolean);
  if (family === "poisson") return y.some((v) => v > 0);
  return true;
}

/** Either a result, or the WasmMleError thrown (anything else is rethrown). */
function outcome<T>(body: () => T): { value: T } | { error: WasmMleError } {
  try {
    return { value: body() };
  } catch (error) {
    if (error instanceof WasmMleError) return { error };
    throw error;
  }
}

const allFinite = (values: ArrayLike<number>) => Array.from(values).every(Number.isFinite);

/** Runs `body`; a WasmMleError is an acceptable outcome (returns null), anything else thrown fails. */
function finiteOrTyped<T>(body: () => T): T | null {
  try {
    return body();
  } catch (error) {
    if (error instanceof WasmMleError) {
      expect(typeof error.code).toBe("string");
      expect(error.message.length).toBeGreaterThan(0);
      return null;
    }
    throw error;
  }
}

// Cells that a careless caller hands in: ordinary values, zeros, huge and tiny magnitudes,
// subnormals, and the non-finite ones that must be refused.
const cell = fc.oneof(
  { weight: 6, arbitrary: fc.double({ min: -10, max: 10, noNaN: true }) },
  { weight: 1, arbitrary: fc.constantFrom(0, 1, -1, 1e300, -1e300, 1e-300, 5e-324, 1e154, 1e-160, 3.4e38, 1e39) },
  { weight: 1, arbitrary: fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY) },
);

const responseCell = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 0, max: 2 }) },
  { weight: 2, arbitrary: fc.double({ min: -5, max: 50, noNaN: true }) },
  { weight: 1, arbitrary: fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, 1e300, -1, 0.5, 1e39, 1e-46) },
);

const options = fc.record({
  family: fc.constantFrom(...FAMILY_NAMES),
  optimizer: fc.constantFrom("gd", "sgd", "newton", "lbfgs", "auto"),
  l2: fc.oneof(fc.constant(0), fc.double({ min: 1e-6, max: 10, noNaN: true })),
  learningRate: fc.oneof(fc.double({ min: 1e-4, max: 1, noNaN: true }), fc.constantFrom(10, 1e6)),
  epochs: fc.integer({ min: 1, max: 20 }),
  maxIterations: fc.integer({ min: 1, max: 30 }),
  batchSize: fc.integer({ min: 1, max: 16 }),
  dtype: fc.constantFrom("float64", "float32"),
  fitIntercept: fc.boolean(),
  kernels: fc.constantFrom("auto", "scalar"),
});

describe("any input gives finite results or a WasmMleError", () => {
  test("fit, predict, evaluate and summary on arbitrary small data and options", async () => {
    await fc.assert(
      fc.asyncProperty(
        options,
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 4 }),
        fc.array(cell, { minLength: 48, maxLength: 48 }),
        fc.array(responseCell, { minLength: 12, maxLength: 12 }),
        fc.option(fc.array(fc.oneof(fc.double({ min: 0, max: 5, noNaN: true }), fc.constantFrom(0, 1e300, Number.NaN, -1)), { minLength: 12, maxLength: 12 }), { nil: undefined }),
        async (o, n, d, cells, responses, weights) => {
          const X = Array.from({ length: n }, (_, i) => cells.slice(i * d, i * d + d));
          const y = responses.slice(0, n);
          const sampleWeight = weights?.slice(0, n);
          const trainerOptions: TrainerOptions = { ...o, classes: o.family === "multinomial" ? 3 : undefined } as TrainerOptions;
          const trainer = finiteOrTyped(() => Trainer.create(trainerOptions));
          if (trainer === null) return;
          const t = await trainer;
          try {
            const fit = finiteOrTyped(() => t.fit(X, y, { sampleWeight }));
            if (fit === null) return;
            expect(allFinite(fit.coefficients), "coefficients").toBe(true);
            expect(allFinite(fit.intercept), "intercept").toBe(true);
            expect(Number.isFinite(fit.objective), "objective").toBe(true);
            // Only a perfect gaussian fit (RSS = 0, σ̂² = 0) has an infinite log-likelihood: +∞, with a warning.
            if (!Number.isFinite(fit.logLikelihood)) {
              expect([o.family, fit.logLikelihood]).toEqual(["gaussian", Number.POSITIVE_INFINITY]);
              expect(fit.warnings.length, "a warning for the infinite log-likelihood").toBeGreaterThan(0);
            }
            const predicted = finiteOrTyped(() => t.predict(X));
            if (predicted !== null) {
              expect(predicted).toHaveLength(n * (o.family === "multinomial" ? 3 : 1));
              // means of the family: within its range, though exp(η) may overflow for poisson
              if (o.family === "bernoulli" || o.family === "multinomial") expect(Array.from(predicted).every((p) => p >= 0 && p <= 1)).toBe(true);
              else if (o.family === "gaussian") expect(allFinite(predicted)).toBe(true);
              else expect(Array.from(predicted).every((p) => p >= 0 && !Number.isNaN(p))).toBe(true);
            }
            const evaluated = finiteOrTyped(() => t.evaluate(X, y, fit.coefficients, fit.intercept, { sampleWeight }));
            if (evaluated !== null) expect(Number.isNaN(evaluated.objective)).toBe(false);
            const summary = finiteOrTyped(() => fit.summary());
            if (summary !== null) {
              // a standard error is a number or NaN with a stated reason, never a silent NaN
              for (const term of summary.terms) if (!Number.isFinite(term.stdError)) expect(term.reason, term.term).toBeTruthy();
            }
          } finally {
            t.dispose();
          }
        },
      ),
      { ...RUNS, numRuns: 150 },
    );
  });
});

describe.runIf(simdSupported())("SIMD ≡ scalar within the stated tolerance", () => {
  // One full-batch pass (evaluate) differs only in the summation order of the dot products:
  // ~d·ε relative per η, so 1e-12 of each value's scale in f64. After epochs of SGD the
  // differences compound; test/determinism.test.ts states 1e-9 (f64) and 2e-3 (f32) for that.
  test("objective and gradient of one pass, for shapes straddling the vector width", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...FAMILY_NAMES),
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 0, max: 9 }),
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        async (family, n, d0, seed, l2) => {
          const d = d0 + 1;
          const K = family === "multinomial" ? 3 : 1;
          const { X, y } = problem(family, n, d, seed);
          const random = seededRandom(seed ^ 0x5bd1e995);
          const coefficients = Array.from({ length: d * K }, () => random() - 0.5);
          const intercept = Array.from({ length: K }, () => random() - 0.5);
          const evaluate = async (kernels: "simd" | "scalar") => {
            const t = await Trainer.create({ family, classes: family === "multinomial" ? 3 : undefined, kernels, l2 });
            const result = t.evaluate(X, y, coefficients, intercept);
            t.dispose();
            return result;
          };
          const [simd, scalar] = [await evaluate("simd"), await evaluate("scalar")];
          const scale = Math.max(1, Math.abs(scalar.objective), ...Array.from(scalar.coefficients, Math.abs));
          expect(Math.abs(simd.objective - scalar.objective)).toBeLessThanOrEqual(1e-12 * scale);
          simd.coefficients.forEach((g, j) => expect(Math.abs(g - scalar.coefficients[j])).toBeLessThanOrEqual(1e-12 * scale));
          simd.intercept.forEach((g, c) => expect(Math.abs(g - scalar.intercept[c])).toBeLessThanOrEqual(1e-12 * scale));
        },
      ),
      RUNS,
    );
  });

  test("SGD fits for every family and dtype", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...FAMILY_NAMES),
        fc.constantFrom("float64", "float32"),
        fc.integer({ min: 5, max: 80 }),
        fc.integer({ min: 1, max: 9 }),
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        async (family, dtype, n, d, seed) => {
          const { X, y } = problem(family, n, d, seed);
          const fit = async (kernels: "simd" | "scalar") => {
            const t = await Trainer.create({ family, classes: family === "multinomial" ? 3 : undefined, optimizer: "sgd", dtype, kernels, epochs: 15, tolerance: 0, learningRate: 0.05, seed });
            const result = outcome(() => t.fit(X, y));
            t.dispose();
            return result;
          };
          const [simd, scalar] = [await fit("simd"), await fit("scalar")];
          // data that no MLE fits (a class that never occurs) are refused alike by both builds
          if ("error" in simd || "error" in scalar) {
            expect("error" in simd && "error" in scalar, "both builds refuse").toBe(true);
            const [a, b] = [(simd as { error: WasmMleError }).error, (scalar as { error: WasmMleError }).error];
            expect(a.code).toBe(b.code);
            if (a instanceof SeparationError) expect(a.diverging).toEqual((b as SeparationError).diverging);
            return;
          }
          const tolerance = dtype === "float64" ? 1e-9 : 2e-3;
          const scale = Math.max(1, ...Array.from(scalar.value.coefficients, Math.abs));
          simd.value.coefficients.forEach((c, j) => expect(Math.abs(c - scalar.value.coefficients[j]) / scale).toBeLessThan(tolerance));
          expect(Math.abs(simd.value.objective - scalar.value.objective) / Math.max(1, Math.abs(scalar.value.objective))).toBeLessThan(tolerance);
        },
      ),
      { ...RUNS, numRuns: 25 },
    );
  });
});

/** A problem with enough rows and noise that its MLE exists, or an L2 penalty that makes it exist. */
const convexProblem = fc.record({
  family: fc.constantFrom(...FAMILY_NAMES),
  n: fc.integer({ min: 40, max: 160 }),
  d: fc.integer({ min: 1, max: 5 }),
  seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
  l2: fc.double({ min: 0.01, max: 1, noNaN: true }),
  weighted: fc.boolean(),
});

function weightsFor(seed: number, n: number): number[] {
  const random = seededRandom(seed + 17);
  return Array.from({ length: n }, () => 0.2 + 2 * random());
}

describe("optimality", () => {
  test("newton's gradient at its optimum is ~0 (with and without l2, weighted or not)", async () => {
    await fc.assert(
      fc.asyncProperty(convexProblem, fc.boolean(), async ({ family, n, d, seed, l2, weighted }, penalised) => {
        const { X, y } = problem(family, n, d, seed, 3, 0.5);
        fc.pre(everyOutcomeOccurs(family, y));
        const sampleWeight = weighted ? weightsFor(seed, n) : undefined;
        const t = await Trainer.create({ family, classes: family === "multinomial" ? 3 : undefined, optimizer: "newton", l2: penalised ? l2 : 0 });
        try {
          const fit = finiteOrTyped(() => t.fit(X, y, { sampleWeight }));
          // without a penalty a small sample can be separated: then newton must say so
          if (fit === null) return expect(penalised).toBe(false);
          expect(fit.converged).toBe(true);
          const g = t.evaluate(X, y, fit.coefficients, fit.intercept, { sampleWeight });
          // f is a mean over rows, O(1); at an exact optimum the gradient is rounding: ~1e-15·scale.
          const scale = Math.max(1, ...X.flat().map(Math.abs), ...y.map(Math.abs));
          for (const value of [...g.coefficients, ...g.intercept]) expect(Math.abs(value)).toBeLessThan(1e-8 * scale);
        } finally {
          t.dispose();
        }
      }),
      RUNS,
    );
  });

  test("gd, lbfgs and newton agree on strictly convex L2-penalised problems", async () => {
    await fc.assert(
      fc.asyncProperty(convexProblem, async ({ family, n, d, seed, l2, weighted }) => {
        const { X, y } = problem(family, n, d, seed, 3, 0.5);
        fc.pre(everyOutcomeOccurs(family, y));
        const sampleWeight = weighted ? weightsFor(seed, n) : undefined;
        const classes = family === "multinomial" ? 3 : undefined;
        const fitWith = async (extra: TrainerOptions) => {
          const t = await Trainer.create({ family, classes, l2, ...extra });
          const fit = t.fit(X, y, { sampleWeight });
          t.dispose();
          return fit;
        };
        const newton = await fitWith({ optimizer: "newton" });
        const lbfgs = await fitWith({ optimizer: "lbfgs", tolerance: 1e-12, maxIterations: 1000 });
        // gd with step 1/L converges linearly at rate 1 − l2/L at least: enough epochs for 1e-12.
        const pseudo = { family, X, y, objective: { l2 } } as unknown as Fixture;
        const learningRate = safeLearningRate(pseudo) * (family === "poisson" ? 0.5 : 1);
        const epochs = Math.min(200_000, Math.ceil((30 / (l2 * learningRate)) * 1.2));
        const gd = await fitWith({ optimizer: "gd", learningRate, epochs, tolerance: 0 });
        const params = (fit: typeof newton) => {
          // the intercepts of a symmetric multinomial fit are defined up to a common shift: centre them
          const mean = classes ? fit.intercept.reduce((s, b) => s + b, 0) / classes : 0;
          return [...fit.coefficients, ...Array.from(fit.intercept, (b) => b - mean)];
        };
        const reference = params(newton);
        const scale = Math.max(1, ...reference.map(Math.abs));
        for (const [name, other] of [["lbfgs", lbfgs], ["gd", gd]] as const) {
          params(other).forEach((v, j) => expect(Math.abs(v - reference[j]) / scale, `${name} parameter ${j}`).toBeLessThan(1e-6));
          expect(Math.abs(other.objective - newton.objective) / Math.max(1, Math.abs(newton.objective)), `${name} objective`).toBeLessThan(1e-10);
          expect(other.objective, name).toBeGreaterThanOrEqual(newton.objective - 1e-12 * Math.max(1, Math.abs(newton.objective)));
        }
      }),
      { ...RUNS, numRuns: 30 },
    );
  });
});
