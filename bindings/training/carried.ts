import { TrainingStateError } from "../errors.js";
import type { ValidatedOptions } from "../options.js";
import type { DataSession } from "../session.js";
import { binaryHash, type ResolvedBuild } from "../wasm/load.js";
import { checkStateFeatures, checkStateful, readSessionState } from "./partial-fit.js";
import { encodeState, type TrainingState, type TrainingStateData } from "./state.js";

/**
 * A trainer's training state between calls (what fit, partialFit or restore left: θ, optimizer
 * slots, RNG, t, epochs), and the running fit's session while onEpoch runs, so that saveState()
 * called from there holds the epoch just finished.
 */
export class CarriedState {
  private held: { state: TrainingState; features: number } | null = null;
  private running: DataSession | null = null;

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

  /** Runs a fit over `session`, letting saveState() read it after each epoch. */
  during<T>(session: DataSession, run: () => T): T {
    this.running = session;
    try {
      return run();
    } finally {
      this.running = null;
    }
  }

  /** The state in a fit's session after it ran (the context counts t and the epochs itself). */
  after(session: DataSession): TrainingState {
    return readSessionState(session);
  }

  save(build: ResolvedBuild): TrainingStateData {
    checkStateful(this.options, "saveState", false);
    const run = this.running;
    const current = run ? { state: this.after(run), features: run.d } : this.held;
    if (!current) throw new TrainingStateError("saveState", "none", "there is no training state yet; call fit or partialFit first");
    return encodeState(this.options, build, binaryHash(build), current.features, current.state);
  }
}
