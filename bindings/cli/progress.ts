import cliProgress from "cli-progress";
import type { EpochProgress } from "../trainer.js";
import { formatNumber } from "./format-fit.js";

/**
 * A progress bar on stderr, fed by Trainer.fit's onEpoch callback. The fit runs synchronously, so
 * cli-progress's timer never fires during it; its synchronous redraw (throttled to its fps) is
 * what updates the bar. On a non-TTY it writes only when `force` is set (first and last state).
 */
export class FitProgress {
  private readonly bar: cliProgress.SingleBar | null;

  constructor(enabled: boolean, force: boolean, total: number) {
    const stream = process.stderr;
    this.bar =
      enabled && (stream.isTTY || force)
        ? new cliProgress.SingleBar(
            {
              stream,
              format: "fitting [{bar}] {value}/{total} epochs | objective {objective}",
              noTTYOutput: force,
              hideCursor: true,
              clearOnComplete: false,
              fps: 20,
            },
            cliProgress.Presets.shades_classic,
          )
        : null;
    this.bar?.start(total, 0, { objective: "…" });
  }

  /** An onEpoch callback for Trainer.fit; never stops the fit. */
  readonly onEpoch = (progress: EpochProgress): void => {
    if (!this.bar) return;
    if (this.bar.getTotal() !== progress.epochs) this.bar.setTotal(progress.epochs);
    this.bar.update(progress.epoch, { objective: formatNumber(progress.objective, 8) });
  };

  /** Shows the final state (a converged fit stops before its last onEpoch) and releases the terminal. */
  finish(epochs: number, objective: number | null): void {
    if (!this.bar) return;
    if (objective !== null) this.bar.update(epochs, { objective: formatNumber(objective, 8) });
    this.bar.stop();
  }
}
