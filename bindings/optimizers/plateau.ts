// The "adaptive" schedule, host side: torch.optim.lr_scheduler.ReduceLROnPlateau(mode="min",
// threshold_mode="rel", cooldown=0) on the epoch objective (see: torch/optim/lr_scheduler.py
// `ReduceLROnPlateau.step`, `_reduce_lr`, `_is_better`). After each epoch: a value below
// best − threshold·|best| is an improvement (torch writes best·(1 − threshold), the same for
// positive objectives; |best| keeps the test right for the negative ones a poisson fit can have);
// otherwise a bad epoch, and more than `patience` bad epochs in a row multiply the rate by
// `factor`, not below `minLearningRate` (a change of ≤ 1e-8, torch's eps, is skipped), and reset
// the count. The kernel treats the schedule as constant: the host writes the new LEARNING_RATE.

/** torch's `eps`: a reduction smaller than this is not applied. */
const NEGLIGIBLE_CHANGE = 1e-8;

export interface PlateauSettings {
  readonly factor: number;
  readonly patience: number;
  readonly threshold: number;
  readonly minLearningRate: number;
}

/**
 * What ReduceLROnPlateau remembers between epochs besides the rate (torch's `best` and
 * `num_bad_epochs`): part of the training state, so a resumed fit reduces exactly when one
 * uninterrupted fit would. null before the first epoch (best = +∞, no bad epochs).
 */
export interface PlateauCounters {
  /** The best epoch objective so far. */
  readonly best: number;
  /** Epochs since it, up to `patience` (a reduction resets the count). */
  readonly badEpochs: number;
}

export class PlateauSchedule {
  private best: number;
  private badEpochs: number;

  /** Starts from `rate` and `counters` (null: a fresh fit), as a resumed fit carries them on. */
  constructor(
    private readonly settings: PlateauSettings,
    private rate: number,
    counters: PlateauCounters | null = null,
  ) {
    this.best = counters?.best ?? Infinity;
    this.badEpochs = counters?.badEpochs ?? 0;
  }

  get learningRate(): number {
    return this.rate;
  }

  /** The counters after the epochs observed so far (null before the first). */
  get counters(): PlateauCounters | null {
    return this.best === Infinity ? null : { best: this.best, badEpochs: this.badEpochs };
  }

  /** Records one epoch's objective; returns the learning rate for the next epoch. */
  observe(objective: number): number {
    const { factor, patience, threshold, minLearningRate } = this.settings;
    // the first epoch always improves on best = +∞ (∞ − threshold·∞ would be NaN)
    if (this.best === Infinity ? objective < Infinity : objective < this.best - threshold * Math.abs(this.best)) {
      this.best = objective;
      this.badEpochs = 0;
    } else {
      this.badEpochs++;
    }
    if (this.badEpochs > patience) {
      const lowered = Math.max(this.rate * factor, minLearningRate);
      if (this.rate - lowered > NEGLIGIBLE_CHANGE) this.rate = lowered;
      this.badEpochs = 0;
    }
    return this.rate;
  }
}
