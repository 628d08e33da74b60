// The parts of the engine (bindings/engine.ts) that not every trainer can reach, each a chunk of
// its own (bindings/parts/): Trainer.create and Trainer.restore load, beside the engine and the
// kernels, exactly the parts their validated options can reach (partsNeeded), and every method
// takes a part through part(), which these same predicates guard. A synchronous call can therefore
// never meet a part that was not loaded; test/engine-parts.test.ts runs every synchronous method
// of trainers created with each kind of options to check it.
import type { ResolvedOptimizer, ValidatedOptions } from "./options.js";
import type { Optimizer } from "./optimizers/optimizer.js";
import { coordinateDescent } from "./regularization/cd-optimizer.js";
import { epochBased } from "./training/partial-fit.js";
import type * as NewtonPart from "./parts/newton.js";
import type * as LbfgsPart from "./parts/lbfgs.js";
import type * as EpochsPart from "./parts/epochs.js";
import type * as SeparationPart from "./parts/separation.js";

/** The parts a trainer loaded (null: its options cannot reach that part). */
export interface EngineParts {
  readonly newton: typeof NewtonPart | null;
  readonly lbfgs: typeof LbfgsPart | null;
  readonly epochs: typeof EpochsPart | null;
  readonly separation: typeof SeparationPart | null;
}
export type PartName = keyof EngineParts;

/**
 * The optimizers fit() can run under these options: the one named, or what "auto" picks by the
 * data's size (resolveOptimizer); and "cd" always, for fitPath and crossValidate, which every
 * trainer has, and crossValidate's fit at lambda1se.
 */
export function reachableOptimizers(o: ValidatedOptions): readonly ResolvedOptimizer[] {
  if (o.optimizer !== "auto") return o.optimizer === "cd" ? ["cd"] : [o.optimizer, "cd"];
  if (o.l1 > 0 || o.standardize === true || o.penaltyFactor) return ["cd"];
  return ["newton", "lbfgs", "cd"];
}

/**
 * Whether a fit can lack a finite MLE (separation): not gaussian, whose checks all return at once.
 * A trainer with l2 > 0 needs them too: crossValidate's fit at lambda1se has l1 = λα, l2 = λ(1 − α),
 * both 0 when the caller's `lambdas` hold 0, and that fit is checked as any unpenalised one.
 */
export function separationReachable(o: ValidatedOptions): boolean {
  return o.family.name !== "gaussian";
}

/** The parts a trainer with these options can reach. */
export function partsNeeded(o: ValidatedOptions): PartName[] {
  const optimizers = reachableOptimizers(o);
  const names: PartName[] = [];
  if (optimizers.includes("newton")) names.push("newton");
  if (optimizers.includes("lbfgs")) names.push("lbfgs");
  if (optimizers.some(epochBased)) names.push("epochs");
  if (separationReachable(o)) names.push("separation");
  return names;
}

/** A part the caller's predicate says these options reach; its absence is a bug of partsNeeded, never of the input. */
export function part<K extends PartName>(parts: EngineParts, name: K): NonNullable<EngineParts[K]> {
  const loaded = parts[name];
  if (loaded === null) throw new Error(`wasm-mle bug: the engine's ${name} part is needed but was not loaded (bindings/engine-parts.ts, partsNeeded)`);
  return loaded as NonNullable<EngineParts[K]>;
}

/** The optimizer fit runs for a resolved name (one of reachableOptimizers of the trainer's options). */
export function optimizerOf(parts: EngineParts, name: ResolvedOptimizer): Optimizer {
  if (name === "cd") return coordinateDescent;
  if (name === "newton") return part(parts, "newton").newton;
  if (name === "lbfgs") return part(parts, "lbfgs").lbfgs;
  return part(parts, "epochs").gradientDescent;
}
