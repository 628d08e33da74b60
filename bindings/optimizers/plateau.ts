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

export class PlateauSchedule {
  private best = Infinity;
  private badEpochs = 0;

  constructor(
    private readonly settings: PlateauSettings,
    private rate: number,
  ) {}

  get learningRate(): number {
    return this.rate;
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
