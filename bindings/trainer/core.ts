import { BusyError, DisposedError, StaleFitError } from "../errors.js";
import type { ValidatedOptions } from "../options.js";
import type { UnusedWarnings } from "../training/unused-warnings.js";
import { DataSession, sessionRegions, type Theta } from "../session.js";
import { MemoryPlan } from "../memory-plan.js";
import { alignUp, layoutBytes } from "../wasm/arena.js";
import type { KernelInstance } from "../wasm/load.js";
import type { DataPart } from "../training/early-stopping.js";
import type { FitOptions } from "../training/fit-options.js";
import { CarriedState } from "../training/carried.js";
import type { ChunkStaging } from "../training/staging.js";
import type { EngineParts } from "../engine-parts.js";
import { streamingOptions } from "../training/partial-fit.js";

/** The Trainer methods that refuse to run while a fit runs or after dispose(). */
export type TrainerMethod = "fit" | "predict" | "evaluate" | "partialFit";

/**
 * What a Trainer holds between calls — its kernels and memory, the fitted model, the live fit's
 * data and the carried training state — with the guards every method goes through. The Trainer
 * class is the public surface; fit, predict/evaluate, the path and partialFit modules work on this.
 */
export class TrainerCore {
  kernelInstance: KernelInstance | null;
  readonly memoryPlan: MemoryPlan;
  /** The last successful fit's parameters, for predict(); they outlive the fit's data. */
  fitted: { theta: Theta; features: number } | null = null;
  /** Counts successful fits; a fit's summary() works while its number is the latest (its data is still in memory). */
  generation = 0;
  /** The last successful fit's data, for its summary(); dropped on refit/dispose so results never pin WASM memory. */
  liveFit: { generation: number; session: DataSession } | null = null;
  /** What released the last fit's data before the next fit (predict/evaluate when memory ran out). */
  releasedBy: TrainerMethod = "fit";
  /** The method running now (a fit calls onEpoch): every other method but dispose() and saveState() is refused meanwhile. */
  running: "fit" | null = null;
  /** What fit, partialFit or restore left to carry on (gd/sgd and the adaptive optimizers). */
  readonly carried: CarriedState;
  /** partialFit's checked copy of y, reused from chunk to chunk. */
  chunkResponse: Float64Array | null = null;
  /** Options of the fit crossValidate makes at lambda1se (the trainer's own otherwise). */
  optionsOverride: ValidatedOptions | null = null;
  /**
   * The chunk buffer partialFit reads in place (chunkBuffer()); every other call that lays out
   * memory ends it. Null for optimizers without epochs, whose partialFit and chunkBuffer refuse
   * to run (checkStateful): such a trainer never has a chunk buffer to end.
   */
  private readonly chunkStaging: ChunkStaging | null;

  /**
   * `parts`: the engine's parts these options reach (bindings/engine-parts.ts), loaded with the engine.
   * `unusedWarnings`: the warnings of a fit about options the caller gave and its optimizer does not
   * use (training/unused-options.ts); null when no such option was given, or for a restored trainer.
   */
  constructor(
    readonly options: ValidatedOptions, kernels: KernelInstance, readonly parts: EngineParts,
    readonly unusedWarnings: UnusedWarnings | null = null,
  ) {
    this.kernelInstance = kernels;
    this.memoryPlan = new MemoryPlan(kernels.heapBase);
    this.carried = new CarriedState(options);
    this.chunkStaging = parts.epochs && new parts.epochs.ChunkStaging(kernels, streamingOptions(options));
  }

  /** The chunk staging, for partialFit and chunkBuffer once checkStateful has let them run (so the optimizer runs epochs). */
  get staging(): ChunkStaging {
    if (this.chunkStaging === null) throw new Error("wasm-mle bug: a chunk buffer was asked of a trainer whose optimizer runs no epochs (checkStateful refuses those first)");
    return this.chunkStaging;
  }

  /** Ends the chunk buffer, if there is one. */
  private endChunkBuffer(): void {
    this.chunkStaging?.invalidate();
  }

  dispose(): void {
    this.endChunkBuffer();
    this.kernelInstance = null;
    this.fitted = null;
    this.liveFit = null;
    this.carried.clear();
    this.chunkResponse = null;
  }

  /** The data session of fit number `generation`, if the trainer still holds it (and is not busy fitting). */
  sessionOf(generation: number): DataSession {
    if (!this.kernelInstance) throw new StaleFitError("summary", "dispose");
    if (this.running) throw new BusyError(this.running, "summary");
    if (this.liveFit?.generation !== generation) throw new StaleFitError("summary", generation === this.generation ? this.releasedBy : "fit");
    // summary() lays out its scratch right after the fit's data, where a chunk buffer sits
    this.endChunkBuffer();
    return this.liveFit.session;
  }

  /**
   * Lays out and fills a new fit's session, and right after it the validation rows' (needed only
   * during the fit), where neither overlaps the live fit's data (see MemoryPlan).
   */
  placeFit(
    kernels: KernelInstance, train: DataPart, extraRegions: Record<string, number>, held: DataPart | null,
  ): { session: DataSession; validation: DataSession | null } {
    const o = this.options;
    const bytes = layoutBytes(sessionRegions(train.shape, o, train.weights !== undefined, extraRegions)) +
      (held ? layoutBytes(sessionRegions(held.shape, o, held.weights !== undefined)) : 0);
    this.endChunkBuffer();
    const live = this.liveFit?.session ?? null;
    const sessionOf = (part: DataPart, regions: Record<string, number>, base: number) =>
      new DataSession(kernels, o, part.X, part.shape, part.y, part.weights?.values, part.weights?.total ?? part.shape.rows, regions, base);
    return this.memoryPlan.placeOrRelease(this.memoryPlan.fitBase(live, bytes), bytes, () => this.releaseLiveData("fit"), (base) => {
      const session = sessionOf(train, extraRegions, base);
      return { session, validation: held && sessionOf(held, {}, session.end) };
    });
  }

  /**
   * Runs `use` with scratch laid out right after the live fit's data, so its summary() keeps
   * working; when that does not fit in WASM memory, releases the fit's data and lays out from the
   * bottom instead.
   */
  inScratch<T>(method: Exclude<TrainerMethod, "fit">, bytes: number, use: (base: number) => T): T {
    // predict and evaluate go after a chunk buffer and keep it; partialFit of arrays (and a new chunk buffer) takes its place
    const kept = method === "partialFit" ? null : this.chunkStaging?.end ?? null;
    if (kept === null) this.endChunkBuffer();
    const live = this.liveFit?.session ?? null;
    const base = Math.max(this.memoryPlan.scratchBase(live), alignUp(kept ?? 0));
    return this.memoryPlan.placeOrRelease(base, bytes, () => {
      this.endChunkBuffer();
      this.releaseLiveData(method);
    }, use);
  }

  private releaseLiveData(by: TrainerMethod): void {
    if (this.liveFit === null) return;
    this.liveFit = null;
    this.releasedBy = by;
  }

  /** Marks the trainer busy while `run` executes (it calls user code: onEpoch). */
  runExclusively<T>(run: () => T): T {
    this.running = "fit";
    try {
      return run();
    } finally {
      this.running = null;
    }
  }

  /** onEpoch as the optimizer sees it: after the user's callback, a dispose() it made stops the fit. */
  guardedOnEpoch(onEpoch: NonNullable<FitOptions["onEpoch"]>): NonNullable<FitOptions["onEpoch"]> {
    return (progress) => {
      const verdict = onEpoch(progress);
      if (this.kernelInstance === null) throw new DisposedError("fit", true);
      return verdict;
    };
  }

  /** The kernels, when the trainer is neither disposed nor busy with a fit. */
  idle(method: TrainerMethod | "chunkBuffer"): KernelInstance {
    if (!this.kernelInstance) throw new DisposedError(method);
    if (this.running) throw new BusyError(this.running, method);
    return this.kernelInstance;
  }
}
