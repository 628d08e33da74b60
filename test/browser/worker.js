// Runs WorkerTrainer fits in a Web Worker while a PerformanceObserver watches the main thread for
// long tasks (> 50 ms), then aborts a worker fit and a synchronous fit; leaves everything on
// window.workerOutcome for test/worker/worker-chromium.test.ts.
const status = document.getElementById("status");
const hex = (array) => Array.from(new Uint8Array(array.buffer, array.byteOffset, array.byteLength), (b) => b.toString(16).padStart(2, "0")).join("");
const settle = () => new Promise((done) => setTimeout(done, 200));

try {
  const { WorkerTrainer, AbortError } = await import("wasm-mle/worker");
  const { Trainer } = await import("wasm-mle");
  const { workerProblem, NEWTON_OPTIONS, SGD_OPTIONS, LONG_SGD_OPTIONS, ABORT_AT_EPOCH } = await import("./worker-scenario.js");
  const { X, yBinary, yReal } = workerProblem();
  // Copies made before the watched window and handed over with transfer: true (zero-copy), the
  // route the README gives for large data; the default would copy each 16 MB X once on this thread.
  const handOver = () => ({ X: { data: X.data.slice(), rows: X.rows, cols: X.cols }, yBinary: yBinary.slice(), yReal: yReal.slice() });
  const forNewton = handOver();
  const forSgd = handOver();
  const forPredict = handOver();
  await settle();

  // One observer for the watched window and for the control below, so the control proves that this
  // very observer sees a blocked main thread. Long-animation-frame entries name the scripts (invoker,
  // source) that ran in a long frame, which a longtask's attribution ("unknown/window") does not.
  const longTasks = [];
  const observer = new PerformanceObserver((list) => longTasks.push(...list.getEntries().map((e) => ({ startTime: e.startTime, duration: e.duration }))));
  observer.observe({ type: "longtask" });
  const longFrames = [];
  const frameObserver = new PerformanceObserver((list) => longFrames.push(...list.getEntries().map((e) => ({
    startTime: e.startTime, duration: e.duration,
    scripts: e.scripts.map((s) => ({ invoker: s.invoker, source: `${s.sourceURL.replace(location.origin, "")}:${s.sourceCharPosition}`, duration: s.duration })),
  }))));
  if (PerformanceObserver.supportedEntryTypes.includes("long-animation-frame")) frameObserver.observe({ type: "long-animation-frame" });

  // A second, independent witness: the largest gap between ticks of a 5 ms timer.
  let lastTick = performance.now();
  let largestTimerGapMs = 0;
  const heartbeat = setInterval(() => {
    const now = performance.now();
    largestTimerGapMs = Math.max(largestTimerGapMs, now - lastTick);
    lastTick = now;
  }, 5);

  // From create() to the last result: the window no long task may fall into.
  const started = performance.now();
  const newtonTrainer = await WorkerTrainer.create(NEWTON_OPTIONS);
  // Where each step ended, to place a long task if one shows up.
  const marks = { created: performance.now() };
  const callStarted = performance.now();
  const newtonFitting = newtonTrainer.fit(forNewton.X, forNewton.yBinary, { transfer: true });
  const fitCallMs = performance.now() - callStarted;
  const newtonFit = await newtonFitting;
  marks.newtonFit = performance.now();
  const newtonSummary = await newtonFit.summary();
  marks.summary = performance.now();
  const sgdTrainer = await WorkerTrainer.create(SGD_OPTIONS);
  marks.sgdCreated = performance.now();
  const sgdEpochs = [];
  const sgdFit = await sgdTrainer.fit(forSgd.X, forSgd.yReal, { transfer: true, onEpoch: ({ epoch }) => void sgdEpochs.push(epoch) });
  marks.sgdFit = performance.now();
  const predictions = await sgdTrainer.predict(forPredict.X, { transfer: true });
  const finished = performance.now();
  clearInterval(heartbeat);
  await settle();

  // Abort a worker fit from its third epoch's progress: the rejection, and no progress after it.
  const abortTrainer = await WorkerTrainer.create(LONG_SGD_OPTIONS);
  const controller = new AbortController();
  const seen = [];
  let abortedAt = 0;
  const progressTimes = [];
  const aborted = await abortTrainer
    .fit(X, yReal, {
      signal: controller.signal,
      onEpoch: ({ epoch }) => {
        seen.push(epoch);
        progressTimes.push(performance.now());
        if (epoch === ABORT_AT_EPOCH) {
          abortedAt = performance.now();
          controller.abort();
        }
      },
    })
    .then(() => null, (error) => ({ isAbortError: error instanceof AbortError, name: error.name, code: error.code }));
  const abortLatencyMs = performance.now() - abortedAt;
  const afterAbort = await abortTrainer.fit({ data: X.data.subarray(0, 2000 * X.cols), rows: 2000, cols: X.cols }, yReal.subarray(0, 2000), {});

  // The same fits in this thread (after the watched window): the worker's bits, and a synchronous abort.
  // Control: the same observer does see the long task of the newton fit run in this thread.
  const sync = await Trainer.create(NEWTON_OPTIONS);
  // In a timer task: continuations of WebAssembly's own promises are not tasks the Long Tasks API attributes.
  const controlStarted = performance.now();
  const syncNewton = await new Promise((done) => setTimeout(() => done(sync.fit(X, yBinary)), 0));
  const controlEnded = performance.now();
  const controlMs = controlEnded - controlStarted;
  await settle();
  observer.disconnect();
  frameObserver.disconnect();
  const within = (from, to) => (t) => t.startTime + t.duration > from && t.startTime < to;
  const syncSgd = await Trainer.create(SGD_OPTIONS);
  const syncSgdFit = syncSgd.fit(X, yReal);
  const syncLong = await Trainer.create(LONG_SGD_OPTIONS);
  const syncController = new AbortController();
  const syncStarted = performance.now();
  const syncAborted = syncLong.fit(X, yReal, { signal: syncController.signal, onEpoch: ({ epoch }) => { if (epoch === ABORT_AT_EPOCH) syncController.abort(); } });
  const syncEpochMs = (performance.now() - syncStarted) / syncAborted.epochs;

  window.workerOutcome = {
    windowMs: finished - started,
    marks: Object.fromEntries(Object.entries({ ...marks, finished }).map(([step, at]) => [step, Math.round(at - started)])),
    controlLongTasks: longTasks.filter(within(controlStarted, controlEnded)).map((t) => t.duration),
    largestTimerGapMs,
    fitCallMs,
    controlMs,
    longTasks: longTasks.filter(within(started, finished)).map((t) => ({ ...t, startTime: t.startTime - started })),
    longFrames: longFrames.filter(within(started, finished)).map((t) => ({ ...t, startTime: t.startTime - started })),
    newton: { coefficients: hex(newtonFit.coefficients), intercept: hex(newtonFit.intercept), epochs: newtonFit.epochs, stopReason: newtonFit.stopReason, kernels: newtonFit.kernels },
    newtonSummaryText: newtonSummary.text,
    syncNewton: { coefficients: hex(syncNewton.coefficients), intercept: hex(syncNewton.intercept), summaryText: syncNewton.summary().text },
    sgd: { coefficients: hex(sgdFit.coefficients), history: hex(sgdFit.history), epochs: sgdFit.epochs, progress: sgdEpochs },
    syncSgd: { coefficients: hex(syncSgdFit.coefficients), history: hex(syncSgdFit.history), predictions: hex(syncSgd.predict(X)) },
    predictions: hex(predictions),
    abort: { error: aborted, seen, abortLatencyMs, progressTimes, usableAfter: afterAbort.epochs },
    syncAbort: { stopReason: syncAborted.stopReason, epochs: syncAborted.epochs, epochMs: syncEpochMs },
  };
  for (const t of [newtonTrainer, sgdTrainer, abortTrainer, sync, syncSgd, syncLong]) t.dispose();
  status.textContent = "done";
} catch (error) {
  window.workerOutcome = { error: String(error?.stack ?? error) };
  status.textContent = `failed: ${error}`;
}
