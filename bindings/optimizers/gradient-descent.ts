import { DivergenceError } from "../errors.js";
import type { StopReason } from "../fit-result.js";
import { relativeChangeBelow, type Optimizer } from "./optimizer.js";
import { PlateauSchedule } from "./plateau.js";

/**
 * How far the objective may climb above its start before gd/sgd call it divergence: a factor of
 * 1e10 (a constant step that is too large grows the objective geometrically, so it passes any
 * such bound within a few epochs, while a working fit never rises above its start by more than
 * noise). Without it, an sgd objective could climb to 1e295 and be returned as a result.
 */
export const DIVERGENCE_GROWTH = 1e10;
/** Scale floor for a start at or near 0 (an exact fit), so rounding noise above 0 is not growth. */
const DIVERGENCE_SCALE_FLOOR = 1e-8;

/**
 * Full-batch ("gd") and mini-batch ("sgd") gradient descent with a constant learning rate. Each
 * epoch is one WASM call (sampling, forward pass, gradient and update all inside). Stops when the
 * epoch objective changes by less than `tolerance` (relative) for `patience` epochs in a row, when
 * `onEpoch` returns false, or after `epochs` epochs; a non-finite objective, or one that grows to
 * DIVERGENCE_GROWTH times its start, is a DivergenceError.
 */
export const gradientDescent: Optimizer = Object.freeze<Optimizer>({
  run(session, o, onEpoch, monitor) {
    const history = new Float64Array(o.epochs);
    // gd's first epoch value is f at the start exactly; sgd's is a mean over moving parameters.
    let start: number | null = o.optimizer === "gd" ? null : session.objective();
    let epochs = 0;
    let stopReason: StopReason = "maxEpochs";
    let calmEpochs = 0;
    let previous = Number.NaN;
    // a resumed fit goes on from the rate and counters of its state (a fresh context holds learningRate and none)
    const plateau = o.schedule?.kind === "adaptive" ? new PlateauSchedule(o.schedule, session.context.learningRate, session.context.plateau) : null;
    while (epochs < o.epochs) {
      const value = session.epoch();
      epochs++;
      const reference = (start ??= value);
      if (!Number.isFinite(value) || value - reference >= DIVERGENCE_GROWTH * Math.max(Math.abs(reference), DIVERGENCE_SCALE_FLOOR)) {
        throw new DivergenceError(epochs, value, o.learningRate, epochs > 1 ? history[epochs - 2] : null, Number.isFinite(value) ? reference : null, o);
      }
      history[epochs - 1] = value;
      if (plateau) {
        session.setLearningRate(plateau.observe(value));
        session.context.plateau = plateau.counters;
      }
      const earlyStop = monitor?.afterEpoch(epochs) === true;
      // Called for every epoch, the last one included (as newton and lbfgs call it for every
      // iteration); a stop the fit reached on its own outranks the callback's, as in newton.
      const callbackStop = onEpoch !== undefined && onEpoch({ epoch: epochs, objective: value, epochs: o.epochs, ...(monitor && { validationObjective: monitor.latest }) }) === false;
      if (earlyStop) {
        stopReason = "earlyStopping";
        break;
      }
      calmEpochs = relativeChangeBelow(previous, value, o.tolerance) ? calmEpochs + 1 : 0;
      previous = value;
      if (calmEpochs >= o.patience) {
        stopReason = "converged";
        break;
      }
      if (callbackStop) {
        stopReason = "callback";
        break;
      }
    }
    return { theta: session.readParameters(), history: history.slice(0, epochs), epochs, stopReason };
  },
});
