// fast-check over the public API with the inputs users get wrong (issue 11; house rule "a result is
// either right or says it is not"): option objects with random keys and values, fits with odd
// shapes, NaN, ±Infinity, strings and empty or ragged rows, predict with the wrong width, partialFit
// sequences whose width changes, Model.fromJSON of mutated valid models, and metrics with mismatched
// lengths and extreme values. Every outcome is a typed error or a finite result; what these runs
// found is pinned beside them: predictions that overflowed came out NaN (multinomial) or ±Infinity,
// a float32 model whose coefficient overflows float32 loaded and predicted ±Infinity, and r2, rmse
// and mae overflowed to NaN or ±Infinity on finite values near 1e308.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InvalidDataError, InvalidModelError, Model, Trainer, WasmMleError, metrics, type FitResult } from "../../dist/index.js";

const X = [[1, 2, 0.5], [2, 1.5, 1], [3, 4, 0], [4, 3, 2], [5, 7, 1], [6, 5, 0], [0, 1, 1], [2, 2, 3], [1, 1, 1]];
const RESPONSES = {
  gaussian: [1, 2, 3, 4, 5, 6, 0.5, 2, 1],
  bernoulli: [1, 0, 0, 1, 1, 0, 0, 1, 1],
  poisson: [1, 0, 2, 1, 3, 0, 1, 2, 1],
  multinomial: [0, 1, 2, 0, 1, 2, 0, 1, 2],
} as const;
type Family = keyof typeof RESPONSES;
const FAMILY_NAMES = Object.keys(RESPONSES) as Family[];
const extra = (family: Family) => (family === "multinomial" ? { classes: 3, l2: 0.1 } : family === "bernoulli" ? { l2: 0.1 } : {});

/** Runs `call`; its error must be one of ours. Returns the value, or undefined when it was refused. */
function typedOrValue<T>(what: string, call: () => T): T | undefined {
  try {
    return call();
  } catch (error) {
    expect(error, `${what}: ${String((error as Error)?.message)}`).toBeInstanceOf(WasmMleError);
    return undefined;
  }
}

const allFinite = (values: ArrayLike<number>) => Array.from(values).every(Number.isFinite);
const RUNS = { seed: 20261201, numRuns: 200 } as const;
const DELETE = Symbol("delete the field");
const odd = fc.constantFrom(NaN, Infinity, -Infinity, "1", null, undefined, true, [1], 1e308, -1e308, 3.5e38, 5e-324);

describe("trainer options with random keys and values", () => {
  const KNOWN = ["family", "optimizer", "l2", "l1", "penaltyFactor", "featureNames", "epochs", "learningRate", "seed", "dtype", "fitIntercept", "batchSize", "tolerance", "classes", "standardize", "maxIterations", "collinear", "sampling", "schedule", "earlyStopping"];
  const value = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom("gaussian", "bernoulli", "poisson", "multinomial", "sgd", "newton", "lbfgs", "cd", "adam", "float32", "float64", "drop", "shuffle", 0, 1, 3, 0.01, -1, true, false) },
    { weight: 1, arbitrary: fc.oneof(fc.anything(), odd) },
  );
  const options = fc.dictionary(fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...KNOWN) }, { weight: 1, arbitrary: fc.string() }), value, { maxKeys: 4 });

  it("create is a typed refusal or a trainer whose fit is a typed refusal or finite", async () => {
    await fc.assert(
      fc.asyncProperty(options, async (raw) => {
        const trainer = await Trainer.create(raw as never).catch((error: unknown) => {
          expect(error).toBeInstanceOf(WasmMleError);
          return undefined;
        });
        if (trainer === undefined) return;
        try {
          const family = trainer.options.family.name as Family;
          const fit = typedOrValue("fit", () => trainer.fit(X, [...RESPONSES[family]]));
          if (fit) expect(allFinite([...fit.coefficients, ...fit.intercept, ...trainer.predict(X)])).toBe(true);
        } finally {
          trainer.dispose();
        }
      }),
      RUNS,
    );
  }, 60_000);
});

describe("fit, predict and partialFit with odd data", () => {
  const trainers: Record<string, Trainer> = {};
  const fittedWidths = new Map<string, number>();
  beforeAll(async () => {
    for (const family of FAMILY_NAMES) {
      for (const optimizer of ["newton", "lbfgs", "sgd", "cd"]) {
        for (const dtype of ["float64", "float32"]) trainers[`${family}/${optimizer}/${dtype}`] = await Trainer.create({ family, optimizer, dtype, epochs: 5, ...extra(family) } as never);
      }
    }
  });
  afterAll(() => Object.values(trainers).forEach((trainer) => trainer.dispose()));

  const problem = fc.record({
    key: fc.constantFrom(...["gaussian", "bernoulli", "poisson", "multinomial"].flatMap((f) => ["newton", "lbfgs", "sgd", "cd"].flatMap((o) => [`${f}/${o}/float64`, `${f}/${o}/float32`]))),
    rows: fc.integer({ min: 0, max: 9 }),
    cols: fc.integer({ min: 0, max: 3 }),
    badCell: fc.option(fc.tuple(fc.nat(26), odd), { freq: 2 }),
    badLabel: fc.option(fc.tuple(fc.nat(8), odd), { freq: 2 }),
    ragged: fc.option(fc.nat(8), { freq: 4 }),
    flat: fc.boolean(),
    predictCols: fc.integer({ min: 0, max: 4 }),
  });

  it("fit is a typed refusal or finite; predict refuses any other width than the fitted model's and is finite at it", () => {
    fc.assert(
      fc.property(problem, (p) => {
        const trainer = trainers[p.key];
        const family = p.key.split("/")[0] as Family;
        const rows: unknown[][] = X.slice(0, p.rows).map((row) => row.slice(0, p.cols));
        if (p.badCell && rows.length > 0 && p.cols > 0) rows[p.badCell[0] % rows.length][p.badCell[0] % p.cols] = p.badCell[1];
        if (p.ragged !== null && rows.length > 0) rows[p.ragged % rows.length].push(1);
        const y: unknown[] = RESPONSES[family].slice(0, p.rows);
        if (p.badLabel && y.length > 0) y[p.badLabel[0] % y.length] = p.badLabel[1];
        const data = p.flat ? { data: rows.flat(), rows: p.rows, cols: p.cols } : rows;
        const fit = typedOrValue("fit", () => trainer.fit(data as never, y as never)) as FitResult | undefined;
        if (fit) {
          expect(allFinite([...fit.coefficients, ...fit.intercept])).toBe(true);
          // a refused fit keeps the trainer's last model, and its width (one row "ragged" by one is a wider X)
          fittedWidths.set(p.key, fit.coefficients.length / (family === "multinomial" ? 3 : 1));
        }
        const width = fittedWidths.get(p.key);
        const asked = X.slice(0, 3).map((row) => [...row, 1, 1].slice(0, p.predictCols));
        const predicted = typedOrValue("predict", () => trainer.predict(asked));
        if (predicted) {
          expect(p.predictCols).toBe(width);
          expect(allFinite(predicted)).toBe(true);
        }
      }),
      { ...RUNS, numRuns: 600 },
    );
  }, 60_000);

  it("partialFit sequences with changing widths: each step a typed refusal or finite, the state's width kept", async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...FAMILY_NAMES), fc.array(fc.record({ rows: fc.integer({ min: 1, max: 9 }), cols: fc.integer({ min: 1, max: 3 }) }), { minLength: 1, maxLength: 6 }), async (family, steps) => {
        const trainer = await Trainer.create({ family, optimizer: "sgd", ...extra(family) } as never);
        let width: number | null = null;
        try {
          for (const { rows, cols } of steps) {
            const result = typedOrValue("partialFit", () => trainer.partialFit(X.slice(0, rows).map((row) => row.slice(0, cols)), RESPONSES[family].slice(0, rows)));
            if (result !== undefined) {
              if (width !== null) expect(cols).toBe(width);
              width = cols;
              expect(allFinite(trainer.predict(X.map((row) => row.slice(0, cols))))).toBe(true);
            }
          }
        } finally {
          trainer.dispose();
        }
      }),
      { ...RUNS, numRuns: 120 },
    );
  }, 60_000);
});

describe("Model.fromJSON of mutated valid models", () => {
  const documents: Record<string, unknown>[] = [];
  beforeAll(async () => {
    for (const family of FAMILY_NAMES) {
      for (const dtype of ["float64", "float32"]) {
        const trainer = await Trainer.create({ family, dtype, featureNames: ["a", "b", "c"], ...extra(family) } as never);
        documents.push(JSON.parse(JSON.stringify(trainer.fit(X, [...RESPONSES[family]]).model())));
        trainer.dispose();
      }
    }
  });

  /** Every path into a JSON document, [] being the document itself. */
  const paths = (value: unknown, at: string[] = []): string[][] =>
    typeof value === "object" && value !== null ? [at, ...Object.entries(value).flatMap(([key, v]) => paths(v, [...at, key]))] : [at];
  const replacement = fc.oneof(fc.jsonValue(), fc.constantFrom("__proto__", -1, 0, 2, 1e39, 1e308, -1e308, "float16", "multinomial", [], {}, [1, 2], null), fc.constant(DELETE));

  it("is a typed refusal, or a model whose predictions are finite or a typed refusal (1e39 in a float32 model, 1e308 anywhere)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat(documents.length - 1), fc.array(fc.tuple(fc.nat(), replacement), { minLength: 1, maxLength: 3 }), async (which, edits) => {
        const document = structuredClone(documents[which]);
        for (const [index, value] of edits) {
          const candidates = paths(document).filter((path) => path.length > 0);
          const path = candidates[index % candidates.length];
          const parent = path.slice(0, -1).reduce<Record<string, unknown>>((node, key) => node[key] as Record<string, unknown>, document);
          if (value !== DELETE) parent[path.at(-1)!] = value;
          else if (Array.isArray(parent)) parent.splice(Number(path.at(-1)), 1);
          else delete parent[path.at(-1)!];
        }
        const model = await Model.fromJSON(JSON.parse(JSON.stringify(document))).catch((error: unknown) => {
          expect(error).toBeInstanceOf(InvalidModelError);
          return undefined;
        });
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
        if (model === undefined) return;
        const rows = X.map((row) => Array.from({ length: model.features }, (_, j) => row[j % 3]));
        const predicted = typedOrValue("predict", () => model.predict(rows));
        if (predicted) expect(allFinite(predicted)).toBe(true);
      }),
      { ...RUNS, numRuns: 800 },
    );
  }, 60_000);

  it("a float32 model with a coefficient beyond float32 is refused, naming it; an overflowing X·β is refused, naming the row", async () => {
    const float32 = structuredClone(documents[1]) as { coefficients: number[]; dtype: string };
    expect(float32.dtype).toBe("float32");
    float32.coefficients[1] = 1e39;
    await expect(Model.fromJSON(float32)).rejects.toMatchObject({ field: "coefficients[1]" });
    for (const document of documents.filter((d) => d.dtype === "float64")) {
      // finite coefficients whose X·β overflows at row 1 (they predicted ±Infinity, or NaN for multinomial)
      const model = await Model.fromJSON({ ...document, coefficients: (document.coefficients as number[]).map(() => 1e308) });
      const rows = [[0, 0, 0], [1, 1, 1]];
      // a bernoulli P(y = 1) saturates at 1; every other family's mean overflows
      if (model.family === "bernoulli") expect(Array.from(model.predict(rows))[1]).toBe(1);
      else expect(() => model.predict(rows)).toThrow(/^Invalid X: row 1 gives the prediction (Infinity|NaN)/);
    }
  });
});

describe("metrics with mismatched lengths and extreme values", () => {
  const value = fc.oneof(
    { weight: 10, arbitrary: fc.constantFrom(0, 1, 2) },
    { weight: 5, arbitrary: fc.double({ min: -3, max: 3, noNaN: true }) },
    { weight: 2, arbitrary: fc.constantFrom(NaN, Infinity, "1", null, 1e308, -1e308, 5e-324) },
  );
  const vector = fc.array(value, { maxLength: 7 });
  const NAMES = ["r2", "mae", "rmse", "poissonDevianceExplained", "accuracy", "confusionMatrix", "rocAuc", "logLoss"] as const;

  it("refuse different lengths and non-numbers with a typed error; every result is a finite number", () => {
    fc.assert(
      fc.property(fc.constantFrom(...NAMES), vector, vector, fc.option(vector, { nil: undefined }), (name, yTrue, yPred, sampleWeight) => {
        const metric = metrics[name] as (a: unknown, b: unknown, o?: unknown) => number | number[][];
        const result = typedOrValue(name, () => metric(yTrue, yPred, sampleWeight === undefined ? undefined : { sampleWeight }));
        if (result === undefined) return;
        if (name !== "logLoss") expect(yPred.length).toBe(yTrue.length);
        if (sampleWeight !== undefined) expect(sampleWeight.length).toBe(yTrue.length);
        expect(allFinite(Array.isArray(result) ? result.flat() : [result])).toBe(true);
      }),
      { ...RUNS, numRuns: 3000 },
    );
  });

  it("r2, rmse and mae do not overflow on finite values near 1e308 (they gave NaN, Infinity, −Infinity)", () => {
    expect(metrics.r2([5e-324, 0, 1, 1e308], [0, 2, 8e-171, -9e-220])).toBeCloseTo(-1 / 3, 12);
    expect(metrics.rmse([1e308, -1e308], [0, 0])).toBe(1e308);
    expect(metrics.mae([1e308, -1e308, 0], [0, 0, 0]) / (1e308 / 1.5)).toBeCloseTo(1, 15);
    // the ordinary case keeps its bits (scikit-learn's documented values)
    expect([metrics.r2([3, -0.5, 2, 7], [2.5, 0, 2, 8]), metrics.rmse([3, -0.5, 2, 7], [2.5, 0, 2, 8])]).toEqual([0.9486081370449679, 0.6123724356957945]);
  });
});
