/**
 * What a WorkerTrainer's worker does with its requests (worker-thread.ts connects it to the thread's
 * port): one Trainer per worker, requests handled one at a time in the order they arrive, each reply
 * carrying the request's id, errors serialised with their class (protocol.ts). Kept apart from the
 * thread's start-up so a test can serve a MessageChannel in its own thread.
 */
import { StaleFitError } from "../errors.js";
import type { FitResult } from "../fit-result.js";
import { validateSummaryOptions } from "../inference/summary-options.js";
import { Model } from "../model.js";
import { Trainer, type EpochProgress } from "../trainer.js";
import { serializeError, type Reply, type Request } from "./protocol.js";

/** The worker's side of its channel: a browser worker's global scope or Node's parentPort. */
export interface Endpoint {
  post(reply: Reply, transfer?: Transferable[]): void;
  listen(handler: (request: Request) => void): void;
}

/** Progress is posted at most once per this many ms (a frame), in batches, so every epoch arrives without flooding the main thread. */
const PROGRESS_INTERVAL_MS = 16;

/** Answers the requests arriving at `port`, in order, until the worker ends. */
export function serve(port: Endpoint): void {
  let trainer: Trainer | null = null;
  /** The last successful fit, whose summary() the main side may ask for by generation. */
  let latest: { generation: number; fit: FitResult } | null = null;
  /** After a respawn: the last fitted model, for predict() until this worker's trainer fits. */
  let restored: Model | null = null;

  const started = (): Trainer => {
    if (trainer === null) throw new Error("wasm-mle worker: a request arrived before create");
    return trainer;
  };

  const handle = async (request: Request): Promise<void> => {
    switch (request.type) {
      case "create":
        trainer = await Trainer.create(request.options as never);
        return port.post({ id: request.id, ok: true, value: { kernels: trainer.kernels } });
      case "restore":
        restored = await Model.fromJSON(request.model, { kernels: started().kernels });
        return port.post({ id: request.id, ok: true, value: null });
      case "fit": {
        let batch: EpochProgress[] = [];
        let lastPost = performance.now();
        const flush = () => {
          if (batch.length > 0) port.post({ id: request.id, progress: batch });
          batch = [];
          lastPost = performance.now();
        };
        const onEpoch = request.progress
          ? (progress: EpochProgress) => {
              batch.push(progress);
              if (performance.now() - lastPost >= PROGRESS_INTERVAL_MS) flush();
            }
          : undefined;
        const options = {
          ...(request.sampleWeight === undefined ? {} : { sampleWeight: request.sampleWeight }),
          ...(request.validation === undefined ? {} : { validation: request.validation as never }),
          ...(request.resume === undefined ? {} : { resume: request.resume }),
          ...(onEpoch ? { onEpoch } : {}),
        };
        const fit = started().fit(request.X, request.y, options);
        flush();
        latest = { generation: request.generation, fit };
        restored = null;
        // The fit's arrays are small (d·K + epochs); they are cloned, so the worker's FitResult stays whole.
        return port.post({ id: request.id, ok: true, value: { ...fit } });
      }
      case "summary": {
        validateSummaryOptions(request.options);
        if (latest?.generation !== request.generation) throw new StaleFitError("summary", "fit");
        return port.post({ id: request.id, ok: true, value: latest.fit.summary(request.options) });
      }
      case "predict": {
        const predictions = restored ? restored.predict(request.X) : started().predict(request.X);
        return port.post({ id: request.id, ok: true, value: predictions }, [predictions.buffer]);
      }
      case "evaluate": {
        const { X, y, coefficients, intercept, sampleWeight } = request;
        const value = started().evaluate(X, y, coefficients, intercept, sampleWeight === undefined ? {} : { sampleWeight });
        return port.post({ id: request.id, ok: true, value });
      }
    }
  };

  let queue: Promise<void> = Promise.resolve();
  port.listen((request) => {
    queue = queue.then(() => handle(request)).catch((error: unknown) => port.post({ id: request.id, ok: false, error: serializeError(error) }));
  });
}
