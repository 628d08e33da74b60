import { TrainingStateError } from "../errors.js";
import type { ValidatedOptions } from "../options.js";
import type { DataSession } from "../session.js";
import { binaryHash, type ResolvedBuild } from "../wasm/load.js";
import { batchesPerEpoch, checkStateFeatures, checkStateful, readSessionState } from "./partial-fit.js";
import { encodeState, type TrainingState, type TrainingStateData } from "./state.js";

type Counters = Pick<TrainingState, "step" | "epochsDone" | "learningRate">;

/**
 * A trainer's training state between calls (what fit, partialFit or restore left: θ, optimizer
 * slots, RNG, t, epochs), and the running fit's session while onEpoch runs, so that saveState()
 * called from there holds the epoch just finished.
 */
export class CarriedState {
  private held: { state: TrainingState; features: number } | null = null;
  private running: { session: DataSession; before: Counters; epochs: number } | null = null;

  constructor(private readonly options: ValidatedOptions) {}

  get state(): TrainingState | null {
    return this.held?.state ?? null;
  }

  get features(): number | null {
    return this.held?.features ?? null;
  }

  set(state: TrainingState | null, features: number): void {
    this.held = state && { state, features };
  }

  clear(): void {
    this.held = null;
    this.running = null;
  }

  /** The state fit(X, y, { resume: true }) continues from; refused without one or with other columns. */
  toResume(cols: number): TrainingState {
    checkStateful(this.options, "fit", false);
    if (!this.held) throw new TrainingStateError("fit", "none", "resume: true needs a training state; call fit or partialFit first, or Trainer.restore a saved one");
    checkStateFeatures("fit", this.held.features, cols);
    return this.held.state;
  }

  /** Runs a fit over `session` from `before`, letting saveState() read it after each epoch. */
  during<T>(session: DataSession, before: Counters, run: () => T): T {
    this.running = { session, before, epochs: 0 };
    try {
      return run();
    } finally {
      this.running = null;
    }
  }

  /** Called as each epoch of the running fit ends, before onEpoch. */
  epochDone(epoch: number): void {
    if (this.running) this.running.epochs = epoch;
  }

  /** The state after a fit over `session` that ran `epochs` epochs from `before`. */
  after(session: DataSession, before: Counters, epochs: number): TrainingState {
    return readSessionState(session, this.options, before, epochs * batchesPerEpoch(this.options, session.n), epochs);
  }

  save(build: ResolvedBuild): TrainingStateData {
    checkStateful(this.options, "saveState", false);
    const run = this.running;
    const current = run ? { state: this.after(run.session, run.before, run.epochs), features: run.session.d } : this.held;
    if (!current) throw new TrainingStateError("saveState", "none", "there is no training state yet; call fit or partialFit first");
    return encodeState(this.options, build, binaryHash(build), current.features, current.state);
  }
}
