// The cross-environment scenarios, shared verbatim by Node (test/cross-environment.test.ts) and
// Chromium (test/browser/cross-environment.js). Plain JS so both load the same file unchanged: any
// difference in the results comes from the host, never from the scenario definitions.
//
// Data generation uses only integer arithmetic, + − × ÷ and comparisons, which IEEE 754 defines
// exactly; no Math.log/exp/cos, whose last bit an engine is free to choose. So the data is the same
// bits everywhere by construction, and each result carries a checksum of it to prove that.

/** Rows per data set: not a multiple of any batch size below, so the last mini-batch is partial. */
export const ROWS = 203;
/** Features: straddles the SIMD widths (f64x2, f32x4) so vector tails and scalar tails both run. */
export const FEATURES = 7;
/** Seed of the batch sampler in every scenario. */
export const SAMPLER_SEED = 20_240_917;

export const FAMILIES = [
  { family: "gaussian" },
  { family: "bernoulli" },
  { family: "poisson" },
  { family: "multinomial", classes: 3 },
];

export const DTYPES = ["float64", "float32"];

/** "auto" is SIMD on every host we test; "scalar" forces the other binary. */
export const KERNELS = ["auto", "scalar"];

/**
 * Optimizer settings, crossed with every family, dtype and kernel build. Adding an optimizer to the
 * cross-environment check is one line here, e.g. `{ name: "newton", options: { optimizer: "newton" } }`.
 * tolerance 0 runs every epoch so the whole history is compared.
 */
export const OPTIMIZER_SETTINGS = [
  { name: "sgd-shuffle", options: { optimizer: "sgd", sampling: "shuffle", batchSize: 16, learningRate: 0.05, epochs: 12, tolerance: 0 } },
  { name: "sgd-replacement", options: { optimizer: "sgd", sampling: "replacement", batchSize: 10, learningRate: 0.05, epochs: 12, tolerance: 0, l2: 0.01 } },
  { name: "gd", options: { optimizer: "gd", learningRate: 0.3, epochs: 40, tolerance: 0, l2: 0.001 } },
  // issue 9's rules, schedules and averaging: their state (slots, step, averaged θ) must resume to the same bits here too
  { name: "adam-invscaling", options: { optimizer: "adam", batchSize: 16, learningRate: 0.05, epochs: 12, tolerance: 0, l2: 0.01, schedule: { kind: "invscaling", power: 0.25 } } },
  { name: "momentum-step", options: { optimizer: "momentum", sampling: "replacement", batchSize: 10, learningRate: 0.02, momentum: 0.9, epochs: 12, tolerance: 0, schedule: { kind: "step", every: 4, factor: 0.5 } } },
  { name: "nesterov-exponential", options: { optimizer: "nesterov", batchSize: 16, learningRate: 0.02, momentum: 0.8, epochs: 12, tolerance: 0, schedule: { kind: "exponential", gamma: 0.9 } } },
  { name: "adagrad-optimal", options: { optimizer: "adagrad", sampling: "replacement", batchSize: 10, epochs: 12, tolerance: 0, l2: 0.01, schedule: { kind: "optimal" } } },
  { name: "rmsprop", options: { optimizer: "rmsprop", batchSize: 16, learningRate: 0.01, epochs: 12, tolerance: 0 } },
  { name: "adamw", options: { optimizer: "adamw", batchSize: 16, learningRate: 0.02, epochs: 12, tolerance: 0, weightDecay: 0.01 } },
  { name: "asgd", options: { optimizer: "sgd", batchSize: 16, learningRate: 0.05, epochs: 12, tolerance: 0, average: 3 } },
  // issue 10's cumulative L1 penalty: its (u, q) state resumes with the rest
  { name: "sgd-l1", options: { optimizer: "sgd", batchSize: 16, learningRate: 0.05, epochs: 12, tolerance: 0, l1: 0.02, schedule: { kind: "invscaling", power: 0.5 } } },
  { name: "adam-elastic-net", options: { optimizer: "adam", batchSize: 16, learningRate: 0.05, epochs: 12, tolerance: 0, l1: 0.02, l2: 0.01 } },
  { name: "newton", options: { optimizer: "newton" } },
  { name: "newton-l2", options: { optimizer: "newton", l2: 0.001 } },
  { name: "lbfgs", options: { optimizer: "lbfgs", l2: 0.001 } },
  // standardize: true for the non-cd optimizers: the in-place z-scores and the mapping back (coefficients, summary) in both
  { name: "adam-standardized", options: { optimizer: "adam", standardize: true, batchSize: 16, learningRate: 0.05, epochs: 12, tolerance: 0, l2: 0.01 } },
  { name: "newton-standardized", options: { optimizer: "newton", standardize: true, l2: 0.001 } },
];

/** Every (family × dtype × kernels × optimizer setting), each with a stable, readable name. */
export function scenarios() {
  const list = [];
  for (const familyOptions of FAMILIES) {
    for (const dtype of DTYPES) {
      for (const kernels of KERNELS) {
        for (const setting of OPTIMIZER_SETTINGS) {
          list.push({
            name: `${familyOptions.family}/${dtype}/${kernels}/${setting.name}`,
            options: { ...familyOptions, dtype, kernels, seed: SAMPLER_SEED, ...setting.options },
          });
        }
      }
    }
  }
  return list;
}

/**
 * mulberry32: a 32-bit seeded generator made of integer operations only, so every JS engine gives
 * the same sequence. Returns uniforms in [0, 1) with 32 random bits.
 * see: https://gist.github.com/tommyettinger/46a874533244883189143505d203312c
 */
export function seededUniform(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Irwin–Hall: the sum of 12 uniforms minus 6 has mean 0, variance 1 and needs no transcendental. */
function approximatelyNormal(uniform) {
  let sum = 0;
  for (let k = 0; k < 12; k++) sum += uniform();
  return sum - 6;
}

/**
 * A synthetic data set for one family: X (ROWS × FEATURES, row-major) and y in the family's domain,
 * drawn from a linear predictor with fixed true coefficients. The same dataSeed gives the same bits.
 */
export function syntheticData(familyOptions, dataSeed = 7) {
  const uniform = seededUniform(dataSeed);
  const classes = familyOptions.classes ?? 1;
  const X = new Float64Array(ROWS * FEATURES);
  const y = new Float64Array(ROWS);
  const trueCoefficients = (j, c) => ((j + 2 * c) % 5) / 5 - 0.4;
  for (let i = 0; i < ROWS; i++) {
    for (let j = 0; j < FEATURES; j++) {
      // Mixed scales: uniform [-1, 1) and standard-normal-like columns.
      X[i * FEATURES + j] = j % 2 === 0 ? 2 * uniform() - 1 : approximatelyNormal(uniform);
    }
    const eta = (c) => {
      let sum = 0.25 * c - 0.1;
      for (let j = 0; j < FEATURES; j++) sum += X[i * FEATURES + j] * trueCoefficients(j, c);
      return sum;
    };
    switch (familyOptions.family) {
      case "gaussian":
        y[i] = eta(0) + 0.5 * approximatelyNormal(uniform);
        break;
      case "bernoulli":
        // A probit-like threshold model: a valid 0/1 response without evaluating a sigmoid.
        y[i] = eta(0) + approximatelyNormal(uniform) > 0 ? 1 : 0;
        break;
      case "poisson": {
        // Binomial(20, λ/20) with λ a clamped linear rate: counts close to Poisson(λ) without exp.
        const rate = Math.min(8, Math.max(0.2, 1.5 + eta(0)));
        let count = 0;
        for (let trial = 0; trial < 20; trial++) if (uniform() < rate / 20) count++;
        y[i] = count;
        break;
      }
      case "multinomial": {
        let best = 0;
        let bestScore = -Infinity;
        for (let c = 0; c < classes; c++) {
          const score = eta(c) + approximatelyNormal(uniform);
          if (score > bestScore) {
            bestScore = score;
            best = c;
          }
        }
        y[i] = best;
        break;
      }
      default:
        throw new Error(`syntheticData: no generator for family ${JSON.stringify(familyOptions.family)}`);
    }
  }
  return { X: { data: X, rows: ROWS, cols: FEATURES }, y };
}

/** The exact bytes of a Float64Array (or a number) as lowercase hex: equal strings ⇔ equal bits. */
export function float64Hex(values) {
  const array = typeof values === "number" ? Float64Array.of(values) : values;
  const bytes = new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
  let hex = "";
  for (const byte of bytes) hex += byte.toString(16).padStart(2, "0");
  return hex;
}

/** The inverse of float64Hex, for error messages that show the differing values. */
export function hexToFloat64(hex) {
  const bytes = new Uint8Array(hex.length / 2);
  for (let k = 0; k < bytes.length; k++) bytes[k] = parseInt(hex.slice(2 * k, 2 * k + 2), 16);
  return new Float64Array(bytes.buffer);
}

/** FNV-1a over the bytes of the data: shows both hosts fitted the very same X and y. */
function dataChecksum(X, y) {
  let hash = 0x811c9dc5;
  for (const array of [X.data, y]) {
    for (const byte of new Uint8Array(array.buffer, array.byteOffset, array.byteLength)) {
      hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
    }
  }
  return hash.toString(16).padStart(8, "0");
}

/** Every number of a summary, in a fixed order (null → NaN): per term, then the model figures. */
function summaryFigures(summary) {
  const figures = [];
  for (const t of summary.terms) figures.push(t.estimate, t.stdError, t.statistic, t.pValue, t.ciLower, t.ciUpper);
  for (const key of ["logLikelihood", "nullLogLikelihood", "deviance", "nullDeviance", "aic", "bic", "pseudoRSquared", "rSquared", "adjustedRSquared", "dispersion"]) {
    figures.push(summary[key] ?? NaN);
  }
  return Float64Array.from(figures);
}

/** Optimizers without an epoch state to save and resume. */
const EXACT_OPTIMIZERS = ["newton", "lbfgs", "auto"];

/** A saved state's bits: θ, RNG (hex), step and completed epochs. */
function stateBits(state) {
  return `${state.theta}/${state.l1 ?? ""}/${state.rng}/${state.step}/${state.epochsDone}`;
}

/**
 * The state of the whole fit, and of half its epochs saved, sent through JSON text, restored with
 * Trainer.restore and resumed for the other half (fit(X, y, { resume: true })): equal strings ⇔ the
 * resumed fit has the same bits.
 */
async function resumedHalfway(Trainer, options, X, y, whole) {
  const half = await Trainer.create({ ...options, epochs: options.epochs / 2 });
  let restored = null;
  try {
    half.fit(X, y);
    restored = await Trainer.restore(JSON.parse(JSON.stringify(half.saveState())));
    restored.fit(X, y, { resume: true });
    return { state: stateBits(whole.saveState()), resumedState: stateBits(restored.saveState()) };
  } finally {
    half.dispose();
    restored?.dispose();
  }
}

/**
 * Runs every scenario with the given Trainer and Model classes (dist/index.js in Node, the browser
 * bundle in Chromium) and returns JSON-safe records whose float fields are hex bit patterns. Each
 * fit's model also goes through JSON text and Model.fromJSON, and predicts again. A scenario that
 * throws is recorded with its error rather than aborting the rest.
 */
export async function runScenarios(Trainer, Model) {
  const dataByFamily = new Map(FAMILIES.map((f) => [f.family, syntheticData(f)]));
  const results = [];
  for (const scenario of scenarios()) {
    const { X, y } = dataByFamily.get(scenario.options.family);
    const record = { name: scenario.name, data: dataChecksum(X, y) };
    let trainer = null;
    try {
      trainer = await Trainer.create(scenario.options);
      const fit = trainer.fit(X, y);
      Object.assign(record, {
        kernels: fit.kernels,
        dtype: fit.dtype,
        optimizer: fit.optimizer,
        epochs: fit.epochs,
        stopReason: fit.stopReason,
        coefficients: float64Hex(fit.coefficients),
        intercept: float64Hex(fit.intercept),
        objective: float64Hex(fit.objective),
        logLikelihood: float64Hex(fit.logLikelihood),
        history: float64Hex(fit.history),
        summary: float64Hex(summaryFigures(fit.summary())),
        predictions: float64Hex(trainer.predict(X)),
      });
      const saved = await Model.fromJSON(JSON.parse(JSON.stringify(fit.model())), { kernels: scenario.options.kernels });
      record.modelPredictions = float64Hex(saved.predict(X));
      // a standardised fit keeps no state to resume (TrainingStateError, reason "standardize")
      if (!EXACT_OPTIMIZERS.includes(scenario.options.optimizer) && !scenario.options.standardize) Object.assign(record, await resumedHalfway(Trainer, scenario.options, X, y, trainer));
    } catch (error) {
      record.error = `${error?.name ?? "Error"}: ${error?.message ?? String(error)}`;
    } finally {
      trainer?.dispose();
    }
    results.push(record);
  }
  return results;
}
