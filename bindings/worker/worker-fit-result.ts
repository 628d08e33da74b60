import { StaleFitError } from "../errors.js";
import { FitRecord, type FitResultData } from "../fit-result.js";
import type { FitSummary, SummaryOptions } from "../inference/summary.js";
import type { WorkerTrainer } from "./worker-trainer.js";

/** The trainer a WorkerFitResult asks for its summary (not an own field: the result stays plain data). */
const owners = new WeakMap<WorkerFitResult, { trainer: WorkerTrainer; generation: number }>();

/**
 * A FitResult from a WorkerTrainer: the same data as own fields (so it too survives
 * structuredClone, and `FitResult.fromJSON` rebuilds a FitResult from it), with `summary()`
 * computed in the worker and therefore asynchronous.
 */
export class WorkerFitResult extends FitRecord {
  /** @internal */
  constructor(data: FitResultData, trainer: WorkerTrainer, generation: number) {
    super(data);
    owners.set(this, { trainer, generation });
  }

  /**
   * fit.summary() of Trainer, computed in the worker from the data it still holds: the same
   * numbers, errors (StaleFitError after the WorkerTrainer's next successful fit, an aborted fit, or dispose) and options.
   */
  summary(options?: SummaryOptions): Promise<FitSummary> {
    const owner = owners.get(this);
    if (owner === undefined) return Promise.reject(new StaleFitError("summary", "fit"));
    return owner.trainer.summaryOf(owner.generation, options);
  }
}
