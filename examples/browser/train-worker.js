// The demo's training thread: one fit per "train" message, progress posted in batches (at most one
// message per 50 ms: an sgd epoch can take microseconds, and a message per epoch would flood the
// page's thread), the result posted as plain data (coefficients, the summary's terms and figures, the model JSON).
// Cancelling terminates this worker (the page starts a fresh one), so a fit never blocks the page.
import { Trainer } from "wasm-mle";

self.onmessage = async ({ data: request }) => {
  let trainer;
  try {
    trainer = await Trainer.create(request.options);
    let pending = [];
    let lastPost = performance.now();
    const flush = () => {
      if (pending.length > 0) self.postMessage({ type: "epochs", points: pending });
      pending = [];
      lastPost = performance.now();
    };
    const fit = trainer.fit(request.X, request.y, {
      onEpoch: ({ epoch, objective }) => {
        pending.push([epoch, objective]);
        if (performance.now() - lastPost >= 50) flush();
      },
    });
    flush();
    let summary = null;
    let summaryError = null;
    try {
      const { terms, text, warnings, notes, statisticName, level, logLikelihood, aic, bic, deviance, pseudoRSquared, rSquared, nobs } = fit.summary();
      summary = { terms, text, warnings, notes, statisticName, level, logLikelihood, aic, bic, deviance, pseudoRSquared, rSquared, nobs };
    } catch (error) {
      summaryError = `${error.name}: ${error.message}`;
    }
    self.postMessage({
      type: "done",
      coefficients: Array.from(fit.coefficients),
      intercept: Array.from(fit.intercept),
      history: Array.from(fit.history),
      epochs: fit.epochs,
      stopReason: fit.stopReason,
      optimizer: fit.optimizer,
      kernels: fit.kernels,
      summary,
      summaryError,
      model: fit.model(),
    });
  } catch (error) {
    self.postMessage({ type: "error", name: error.name, code: error.code, message: error.message });
  } finally {
    trainer?.dispose();
  }
};
