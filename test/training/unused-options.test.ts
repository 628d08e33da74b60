// Options an optimizer does not use (bindings/training/unused-options.ts): every option name is used
// by every optimizer, refused where unused, or warned about in FitResult.warnings when given; each
// option × optimizer pair warns exactly when the optimizer that ran does not use it, and the fit's
// numbers are the bits of the fit without that option. Defaults and used options say nothing.
import { afterAll, describe, expect, it } from "vitest";
import { InvalidOptionError, Trainer, type ResolvedOptimizer, type TrainerOptions } from "../../dist/index.js";
import { OPTION_NAMES, UNUSED_OPTION_NAMES, validateOptions } from "../../dist/options.js";
import { EPOCHS, REFUSED_WHERE_UNUSED, UNUSED_OPTION_RULES } from "../../dist/training/unused-options.js";
import { EPOCH_OPTIMIZERS } from "../../dist/optimizers/update-rules.js";
import { WorkerTrainer } from "../../dist/worker/index.js";
import { thrownAs } from "../helpers/thrown.js";

const OPTIMIZERS: ResolvedOptimizer[] = ["gd", "sgd", "newton", "lbfgs", "cd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "adamw"];
const EPOCH: ResolvedOptimizer[] = ["gd", "sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "adamw"];
const EVERY_OPTIMIZER = ["family", "classes", "optimizer", "tolerance", "l2", "fitIntercept", "dtype", "kernels", "featureNames", "standardize", "penaltyFactor"];

/** The spec, written out apart from the module: a value for each option and the optimizers that use it. */
const USED_BY: Record<keyof typeof UNUSED_OPTION_RULES, { value: unknown; users: readonly ResolvedOptimizer[] }> = {
  learningRate: { value: 0.02, users: EPOCH },
  epochs: { value: 7, users: EPOCH },
  patience: { value: 3, users: EPOCH },
  batchSize: { value: 4, users: EPOCH.filter((o) => o !== "gd") },
  sampling: { value: "replacement", users: EPOCH.filter((o) => o !== "gd") },
  seed: { value: 5, users: EPOCH.filter((o) => o !== "gd") },
  maxIterations: { value: 40, users: ["newton", "lbfgs", "cd"] },
  lbfgsMemory: { value: 4, users: ["lbfgs"] },
  collinear: { value: "drop", users: ["newton"] },
};

const X = Array.from({ length: 40 }, (_, i) => [Math.sin(i), ((i * 7) % 11) / 5 - 1]);
const y = X.map(([a, b], i) => 0.5 + a - 0.7 * b + 0.1 * Math.cos(3 * i));
const NOT_USED = / is not used by /;

const trainers: { dispose(): void }[] = [];
afterAll(() => trainers.forEach((t) => t.dispose()));
async function fitWith(options: TrainerOptions, data = { X, y }) {
  const trainer = await Trainer.create(options);
  trainers.push(trainer);
  return trainer.fit(data.X, data.y);
}

describe("the table", () => {
  it("sorts every option name into exactly one of: used by every optimizer, refused where unused, warned where unused", () => {
    const lists = [EVERY_OPTIMIZER, [...REFUSED_WHERE_UNUSED], Object.keys(UNUSED_OPTION_RULES)];
    for (const name of OPTION_NAMES) expect(lists.filter((list) => list.includes(name)).length, name).toBe(1);
    expect(lists.flat().sort()).toEqual([...OPTION_NAMES].sort());
    expect(EPOCHS).toEqual(EPOCH_OPTIMIZERS);
    // what Trainer.create checks before it loads the table
    expect([...UNUSED_OPTION_NAMES].sort()).toEqual(Object.keys(UNUSED_OPTION_RULES).sort());
  });

  it("the refused ones are refused by an optimizer that does not use them", () => {
    const values: Record<(typeof REFUSED_WHERE_UNUSED)[number], unknown> = {
      schedule: "invscaling", momentum: 0.5, beta1: 0.5, beta2: 0.5, epsilon: 1e-6, rho: 0.5, weightDecay: 1e-3,
      average: true, earlyStopping: true, l1: 0.1,
    };
    for (const [option, value] of Object.entries(values)) {
      const error = thrownAs(() => validateOptions({ optimizer: "lbfgs", [option]: value }), InvalidOptionError);
      expect(error.option).toBe(option);
    }
  });
});

describe("each option × optimizer pair", () => {
  for (const optimizer of OPTIMIZERS) {
    it(`${optimizer}: warns for the options it does not use, with the numbers of the fit without them`, async () => {
      const baseline = await fitWith({ optimizer });
      expect(baseline.warnings.filter((w) => NOT_USED.test(w))).toEqual([]);
      for (const [option, { value, users }] of Object.entries(USED_BY)) {
        const fit = await fitWith({ optimizer, [option]: value });
        const warned = fit.warnings.filter((w) => w.startsWith(`${option} is not used by optimizer "${optimizer}": `));
        expect(warned.length, option).toBe(users.includes(optimizer) ? 0 : 1);
        expect(fit.warnings.filter((w) => NOT_USED.test(w)), option).toEqual(warned);
        if (!users.includes(optimizer)) {
          expect(Array.from(fit.coefficients), option).toEqual(Array.from(baseline.coefficients));
          expect(Array.from(fit.intercept), option).toEqual(Array.from(baseline.intercept));
          expect(fit.epochs, option).toBe(baseline.epochs);
        }
      }
    });
  }

  it("names the stand-in: newton and lbfgs stop by maxIterations and tolerance; sgd by epochs", async () => {
    const newton = await fitWith({ optimizer: "newton", epochs: 5, learningRate: 0.1 });
    expect(newton.warnings).toEqual([
      'learningRate is not used by optimizer "newton": it takes Newton steps, halved until the objective falls.',
      'epochs is not used by optimizer "newton": it stops by maxIterations and tolerance.',
    ]);
    expect((await fitWith({ optimizer: "sgd", maxIterations: 5 })).warnings).toEqual(['maxIterations is not used by optimizer "sgd": it stops by epochs, tolerance and patience.']);
    expect(newton.summary().warnings.slice(0, 2)).toEqual(newton.warnings);
  });
});

describe("what is not warned about, and what is", () => {
  it("options left undefined are not given", async () => {
    expect((await fitWith({ optimizer: "newton", epochs: undefined, learningRate: undefined })).warnings).toEqual([]);
  });

  it('"auto" is judged by the optimizer it chose, and the warning says so', async () => {
    const small = await fitWith({ epochs: 5 });
    expect(small.optimizer).toBe("newton");
    expect(small.warnings).toEqual(['epochs is not used by optimizer "newton" (what optimizer "auto" chose): it stops by maxIterations and tolerance.']);
    const lasso = await fitWith({ l1: 0.01, collinear: "drop", maxIterations: 50 });
    expect(lasso.optimizer).toBe("cd");
    expect(lasso.warnings.filter((w) => NOT_USED.test(w))).toEqual([
      'collinear is not used by optimizer "cd" (what optimizer "auto" chose): only newton finds and drops exactly collinear columns; this fit kept them.',
    ]);
  });

  it('learningRate under schedule "optimal" (1/(l2·(t + t0))) is not used; under another schedule it is', async () => {
    const optimal = await fitWith({ optimizer: "sgd", schedule: "optimal", l2: 5, learningRate: 0.5, epochs: 3 });
    expect(optimal.warnings).toEqual(['learningRate is not used by optimizer "sgd" with schedule "optimal": the rate is 1/(l2·(t + t0)).']);
    const unscaled = await fitWith({ optimizer: "sgd", schedule: "optimal", l2: 5, epochs: 3 });
    expect(Array.from(optimal.coefficients)).toEqual(Array.from(unscaled.coefficients));
    expect((await fitWith({ optimizer: "sgd", schedule: "invscaling", learningRate: 0.05, epochs: 3 })).warnings).toEqual([]);
  });

  it('sgd and the rules with sampling "sequential" draw nothing at random: the seed is not used', async () => {
    const sequential = await fitWith({ optimizer: "adam", sampling: "sequential", seed: 3, batchSize: 7 });
    expect(sequential.warnings).toEqual([
      'seed is not used by optimizer "adam" with sampling "sequential": it draws nothing at random (seed draws shuffled or resampled mini-batches and the earlyStopping split).',
    ]);
    expect(Array.from(sequential.coefficients)).toEqual(Array.from((await fitWith({ optimizer: "adam", sampling: "sequential", batchSize: 7 })).coefficients));
    const split = await fitWith({ optimizer: "sgd", sampling: "sequential", seed: 3, earlyStopping: true });
    expect(split.warnings.filter((w) => NOT_USED.test(w))).toEqual([]);
  });

  it("gd uses the seed when earlyStopping splits off validation rows", async () => {
    const fit = await fitWith({ optimizer: "gd", seed: 3, earlyStopping: true, learningRate: 0.1 });
    expect(fit.warnings.filter((w) => NOT_USED.test(w))).toEqual([]);
    const other = await fitWith({ optimizer: "gd", seed: 4, earlyStopping: true, learningRate: 0.1 });
    expect(Array.from(other.coefficients)).not.toEqual(Array.from(fit.coefficients));
  });

  it("a WorkerTrainer's fit carries the same warnings", async () => {
    const options: TrainerOptions = { optimizer: "lbfgs", epochs: 5, batchSize: 8 };
    const worker = await WorkerTrainer.create(options);
    trainers.push(worker);
    const local = await fitWith(options);
    const remote = await worker.fit(X, y);
    expect(remote.warnings).toEqual(local.warnings);
    expect(remote.warnings).toHaveLength(2);
    expect((await remote.summary()).warnings.slice(0, 2)).toEqual(local.warnings);
  });
});
