import { DivergenceError } from "../errors.js";
import type { StopReason } from "../fit-result.js";
import { relativeChangeBelow, type Optimizer } from "./optimizer.js";

/**
 * Full-batch ("gd") and mini-batch ("sgd") gradient descent with a constant learning rate. Each
 * epoch is one WASM call (sampling, forward pass, gradient and update all inside). Stops when the
 * epoch objective changes by less than `tolerance` (relative) for `patience` epochs in a row, when
 * `onEpoch` returns false, or after `epochs` epochs; a non-finite objective is a DivergenceError.
 */
export const gradientDescent: Optimizer = {
  run(session, o, onEpoch) {
    const history = new Float64Array(o.epochs);
    let epochs = 0;
    let stopReason: StopReason = "maxEpochs";
    let calmEpochs = 0;
    let previous = Number.NaN;
    while (epochs < o.epochs) {
      const value = session.epoch();
      epochs++;
      if (!Number.isFinite(value)) {
        throw new DivergenceError(epochs, value, o.learningRate, epochs > 1 ? history[epochs - 2] : null);
      }
      history[epochs - 1] = value;
      calmEpochs = relativeChangeBelow(previous, value, o.tolerance) ? calmEpochs + 1 : 0;
      previous = value;
      if (calmEpochs >= o.patience) {
        stopReason = "converged";
        break;
      }
      if (onEpoch && onEpoch({ epoch: epochs, objective: value, epochs: o.epochs }) === false) {
        stopReason = "callback";
        break;
      }
    }
    return { params: session.readParameters(), history: history.slice(0, epochs), epochs, stopReason };
  },
};
