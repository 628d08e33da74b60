import { AbortError, DisposedError, InvalidDataError, InvalidOptionError, StaleFitError, WorkerFailedError, describe } from "../errors.js";
import { checkSignal, throwIfAborted, type AbortSignalLike } from "../abort.js";
import type { Matrix } from "../data.js";
import { modelOfFit, type FitResultData } from "../fit-result.js";
import type { FitSummary, SummaryOptions } from "../inference/summary.js";
import type { ModelData } from "../model.js";
import { ownOptions, validateOptions, type TrainerOptions, type ValidatedOptions } from "../options.js";
import type { EpochProgress, FitOptions, Trainer } from "../trainer.js";
import type { ResolvedBuild } from "../wasm/load.js";
import { guardedRead, thrownWhileReading } from "../input-guard.js";
import { packMatrix, packVector, type Packed } from "./pack.js";
import { spawnWorker, type WorkerPort } from "./port.js";
import { WorkerFitResult } from "./worker-fit-result.js";
import { reviveError, type CreatedReply, type Reply, type Request } from "./protocol.js";

/** WorkerTrainer.fit's options: Trainer.fit's, plus `transfer`. */
export interface WorkerFitOptions extends FitOptions {
  /**
   * Hand the caller's Float64Array buffers (X's data, y, sampleWeight) to the worker instead of
   * copying them: no copy at all, and those arrays are detached (length 0) afterwards. Default false:
   * one copy on this thread (nested rows are packed once into a row-major Float64Array), moved by transfer.
   */
  transfer?: boolean;
}

type PackedVector = Packed<ArrayLike<number>>;

const FIT_OPTION_NAMES = ["sampleWeight", "onEpoch", "validation", "resume", "signal", "transfer"];

type Method = "create" | "fit" | "summary" | "predict" | "evaluate";

interface InFlight {
  method: Method;
  resolve(value: unknown): void;
  reject(error: unknown): void;
  onProgress?(progress: EpochProgress[]): void;
}

/**
 * Trainer in a worker (a browser module Worker or a Node worker_thread): the same options, results
 * and errors, with every method asynchronous, so a long fit never blocks this thread. Calls run
 * one at a time in the order made. Abort (signal, or onEpoch returning false) rejects the fit
 * with an AbortError at once, without SharedArrayBuffer: the worker is terminated mid-epoch and a
 * fresh one is started for the next call with the last fitted model, so predict() gives the same
 * bits; summaries of fits made before the abort are gone (StaleFitError).
 * @example
 * import { WorkerTrainer } from "wasm-mle/worker";
 * const wt = await WorkerTrainer.create({ family: "bernoulli", optimizer: "newton" });
 * const controller = new AbortController();
 * const fit = await wt.fit({ data: Xflat, rows, cols }, y, { signal: controller.signal, onEpoch: (p) => console.log(p.epoch) });
 * console.log((await fit.summary()).text);
 * await wt.predict([[0.7, 1.2]]);
 * wt.dispose();
 */
export class WorkerTrainer {
  private port: WorkerPort | null = null;
  private ready: Promise<void> | null = null;
  private readonly inFlight = new Map<number, InFlight>();
  private nextId = 1;
  private queue: Promise<unknown> = Promise.resolve();
  /** Numbers the fits started, so a summary request names the fit it belongs to. */
  private fits = 0;
  /** The last successful fit's model, restored into a fresh worker after an abort or a crash. */
  private lastModel: ModelData | null = null;
  private build: ResolvedBuild | null = null;
  private isDisposed = false;

  private constructor(
    /** The validated options (frozen), as Trainer#options. */
    readonly options: ValidatedOptions,
    private readonly rawOptions: Record<string, unknown>,
  ) {}

  /** Validates the options here (the same InvalidOptionError as Trainer.create), then starts the worker and its kernels. */
  static async create(options: TrainerOptions = {}): Promise<WorkerTrainer> {
    const validated = validateOptions(options);
    const trainer = new WorkerTrainer(validated, { ...ownOptions(options ?? {}, "options", "a plain object of trainer options") });
    await trainer.startWorker();
    return trainer;
  }

  /** "simd" or "scalar": the kernel binary the worker runs. */
  get kernels(): ResolvedBuild {
    if (this.isDisposed || this.build === null) throw new DisposedError("kernels");
    return this.build;
  }

  /**
   * True after dispose(): every later call rejects with a DisposedError.
   * @example
   * ```ts
   * import { WorkerTrainer } from "wasm-mle/worker";
   * const wt = await WorkerTrainer.create();
   * wt.dispose();
   * console.log(wt.disposed); // true
   * ```
   */
  get disposed(): boolean {
    return this.isDisposed;
  }

  /**
   * Trainer#fit in the worker. X goes over as one row-major Float64Array (nested rows are packed
   * once here; typed arrays copied once, or handed over with `transfer: true`). `onEpoch` receives
   * every epoch's progress here, batched (at most one message per 16 ms); since the worker cannot
   * wait for its answer, returning false aborts the fit as the signal does (an AbortError, not a
   * fit with stopReason "callback"), and an onEpoch that throws rejects the fit with its error.
   */
  fit(X: Matrix, y: ArrayLike<number>, fitOptions: WorkerFitOptions = {}): Promise<WorkerFitResult> {
    let checked: ReturnType<typeof checkWorkerFitOptions>;
    let packed: { x: ReturnType<typeof packMatrix>; yPacked: PackedVector; w?: PackedVector; v?: ReturnType<typeof packValidation> };
    try {
      checked = checkWorkerFitOptions(fitOptions);
      throwIfAborted(checked.signal, "fit");
      const { sampleWeight, transfer, validation } = checked;
      packed = {
        x: packMatrix(X, transfer), yPacked: packVector(y, transfer),
        w: sampleWeight === undefined ? undefined : packVector(sampleWeight, transfer, "sampleWeight"),
        v: validation === undefined ? undefined : packValidation(validation, transfer),
      };
    } catch (error) {
      return Promise.reject(error);
    }
    const { onEpoch, signal, resume } = checked;
    const { x, yPacked, w, v } = packed;
    // Stryker disable next-line UpdateOperator: a generation only has to differ from the others (summary() compares it for equality; restore ignores it), and --this.fits numbers -1, -2, … just as uniquely
    const generation = ++this.fits;
    return new Promise<WorkerFitResult>((resolve, reject) => {
      let settled = false;
      let sent: number | null = null;
      const finish = (error: unknown, value?: FitResultData) => {
        if (settled) return;
        settled = true;
        signal?.removeEventListener?.("abort", onAbort);
        if (error !== null) return reject(error);
        this.lastModel = modelOfFit(value!);
        resolve(new WorkerFitResult(value!, this, generation));
      };
      // In flight: only terminating the worker stops a synchronous fit; queued: it is simply never sent.
      const stop = (error: unknown) => {
        if (settled) return;
        // Stryker disable next-line ConditionalExpression: abandonWorker(null) finds no call in flight under id null and returns, as skipping it does
        if (sent !== null) this.abandonWorker(sent);
        finish(error);
      };
      const onAbort = () => stop(new AbortError("fit", signal!.reason));
      signal?.addEventListener?.("abort", onAbort, { once: true });
      const onProgress = onEpoch && ((batch: EpochProgress[]) => {
        for (const progress of batch) {
          if (settled) return;
          let verdict: boolean | void;
          try {
            verdict = onEpoch(progress);
          } catch (error) {
            return stop(error);
          }
          if (signal?.aborted) return onAbort();
          if (verdict === false) return stop(new AbortError("fit"));
        }
      });
      this.enqueue("fit", async () => {
        if (settled) return;
        await this.startWorker();
        if (settled) return;
        const request = {
          type: "fit", generation, X: x.wire, y: yPacked.wire, progress: onEpoch !== undefined,
          ...(w ? { sampleWeight: w.wire } : {}), ...(v ? { validation: v.wire } : {}), ...(resume === undefined ? {} : { resume }),
        } as const;
        const { id, reply } = this.send(request, [...x.transfer, ...yPacked.transfer, ...(w?.transfer ?? []), ...(v?.transfer ?? [])], "fit", onProgress);
        sent = id;
        return reply;
      }).then((value) => finish(null, value as FitResultData), (error) => finish(error));
    });
  }

  /** Trainer#predict of the last successful fit, in the worker; `transfer: true` hands X's Float64Array over as fit() does. */
  predict(X: Matrix, predictOptions: { transfer?: boolean } = {}): Promise<Float64Array> {
    let x: ReturnType<typeof packMatrix>;
    try {
      const raw = ownOptions(predictOptions, "predictOptions", "a plain object { transfer? }");
      for (const key of Object.keys(raw)) if (key !== "transfer") throw new InvalidOptionError(key, raw[key], "a known predict option (transfer)");
      const transfer = raw.transfer ?? false;
      if (typeof transfer !== "boolean") throw new InvalidOptionError("transfer", transfer, "true or false");
      x = packMatrix(X, transfer);
    } catch (error) {
      return Promise.reject(error);
    }
    return this.enqueue("predict", async () => {
      await this.startWorker();
      return this.send({ type: "predict", X: x.wire }, x.transfer, "predict").reply as Promise<Float64Array>;
    });
  }

  /** Trainer#evaluate in the worker: f and its exact gradient at the given parameters. */
  evaluate(
    X: Matrix, y: ArrayLike<number>, coefficients: ArrayLike<number>, intercept: ArrayLike<number>, fitOptions: Pick<FitOptions, "sampleWeight"> = {},
  ): Promise<ReturnType<Trainer["evaluate"]>> {
    let x: ReturnType<typeof packMatrix>;
    let parts: PackedVector[];
    try {
      const raw = ownOptions(fitOptions, "fitOptions", "a plain object { sampleWeight? }");
      for (const key of Object.keys(raw)) if (key !== "sampleWeight") throw new InvalidOptionError(key, raw[key], "a known evaluate option (sampleWeight)");
      const sampleWeight = raw.sampleWeight as ArrayLike<number> | undefined;
      x = packMatrix(X, false);
      parts = [
        packVector(y, false), packVector(coefficients, false, "coefficients"), packVector(intercept, false, "intercept"),
        ...(sampleWeight === undefined ? [] : [packVector(sampleWeight, false, "sampleWeight")]),
      ];
    } catch (error) {
      return Promise.reject(error);
    }
    return this.enqueue("evaluate", async () => {
      await this.startWorker();
      const request = {
        type: "evaluate", X: x.wire, y: parts[0].wire, coefficients: parts[1].wire, intercept: parts[2].wire,
        ...(parts[3] ? { sampleWeight: parts[3].wire } : {}),
      } as const;
      return this.send(request, [...x.transfer, ...parts.flatMap((p) => p.transfer)], "evaluate").reply as Promise<ReturnType<Trainer["evaluate"]>>;
    });
  }

  /** Ends the worker at once (a running fit is stopped and rejects with a DisposedError). Idempotent; later calls reject with DisposedError. */
  dispose(): void {
    // Stryker disable next-line ConditionalExpression: a second dispose() without this guard finds port null and no call in flight, so it changes nothing either
    if (this.isDisposed) return;
    this.isDisposed = true;
    this.port?.terminate();
    this.port = null;
    this.ready = null;
    for (const [id, call] of this.inFlight) {
      this.inFlight.delete(id);
      call.reject(call.method === "summary" ? new StaleFitError("summary", "dispose") : new DisposedError(call.method, call.method === "fit"));
    }
  }

  /** @internal WorkerFitResult#summary. */
  summaryOf(generation: number, options: SummaryOptions | undefined): Promise<FitSummary> {
    if (this.isDisposed) return Promise.reject(new StaleFitError("summary", "dispose"));
    return this.enqueue("summary", async () => {
      if (this.isDisposed) throw new StaleFitError("summary", "dispose");
      await this.startWorker();
      return this.send({ type: "summary", generation, options }, [], "summary").reply as Promise<FitSummary>;
    });
  }

  /** Runs `call` after every earlier call has finished, so the worker sees requests in the order they were made. */
  private enqueue<T>(method: Method, call: () => Promise<T>): Promise<T> {
    const result = this.queue.then(() => {
      if (this.isDisposed) throw method === "summary" ? new StaleFitError("summary", "dispose") : new DisposedError(method);
      return call();
    });
    this.queue = result.catch(() => {});
    return result;
  }

  /** Starts a worker if there is none (first call, or after an abort or crash) and restores the last fitted model into it. */
  private startWorker(): Promise<void> {
    this.ready ??= (async () => {
      const port = await spawnWorker({
        message: (reply) => this.receive(reply),
        failure: (detail) => this.workerFailed(port, detail),
      });
      if (this.isDisposed) return port.terminate();
      this.port = port;
      const created = (await this.send({ type: "create", options: this.rawOptions }, [], "create").reply) as CreatedReply;
      this.build = created.kernels;
      if (this.lastModel !== null) await this.send({ type: "restore", model: this.lastModel, generation: this.fits }, [], "create").reply;
    })().catch((error: unknown) => {
      this.ready = null;
      throw error;
    });
    return this.ready;
  }

  private send(request: DistributiveOmit<Request, "id">, transfer: ArrayBuffer[], method: Method, onProgress?: InFlight["onProgress"]): { id: number; reply: Promise<unknown> } {
    const port = this.port;
    if (port === null) throw new DisposedError(method);
    // Stryker disable next-line UpdateOperator: request ids only have to be unique among the calls in flight; counting down gives unique ids too
    const id = this.nextId++;
    const reply = new Promise<unknown>((resolve, reject) => this.inFlight.set(id, { method, resolve, reject, onProgress }));
    try {
      port.post({ ...request, id } as Request, transfer);
    } catch (error) {
      this.inFlight.delete(id);
      // Only what the structured clone refuses gets here (a Proxy, a function among the values).
      throw new InvalidDataError("X", `the data cannot be sent to the worker (${thrownWhileReading(error)})`);
    }
    port.hold(true);
    return { id, reply };
  }

  private receive(reply: Reply): void {
    const call = this.inFlight.get(reply.id);
    if (call === undefined) return;
    if ("progress" in reply) return call.onProgress?.(reply.progress);
    this.inFlight.delete(reply.id);
    // Calls run one at a time (enqueue), so none is left pending now.
    this.port?.hold(false);
    if (reply.ok) call.resolve(reply.value);
    else call.reject(reviveError(reply.error));
  }

  /** Terminates the worker running request `id` (aborted); its other calls cannot be pending (one at a time). */
  private abandonWorker(id: number): void {
    const call = this.inFlight.get(id);
    if (call === undefined) return;
    this.inFlight.delete(id);
    call.reject(new AbortError(call.method));
    this.port?.terminate();
    this.port = null;
    this.ready = null;
  }

  private workerFailed(port: WorkerPort, detail: string): void {
    if (this.port !== port && this.port !== null) return;
    port.terminate();
    this.port = null;
    this.ready = null;
    for (const [id, call] of this.inFlight) {
      this.inFlight.delete(id);
      call.reject(new WorkerFailedError(call.method, detail));
    }
  }
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** WorkerTrainer.fit's options, checked here as Trainer.fit checks its own. */
function checkWorkerFitOptions(fitOptions: unknown): {
  sampleWeight?: ArrayLike<number>; onEpoch?: FitOptions["onEpoch"]; signal?: AbortSignalLike; transfer: boolean; validation?: unknown; resume?: boolean;
} {
  const raw = ownOptions(fitOptions, "fitOptions", "a plain object { sampleWeight?, onEpoch?, validation?, resume?, signal?, transfer? }");
  for (const key of Object.keys(raw)) {
    if (!FIT_OPTION_NAMES.includes(key)) throw new InvalidOptionError(key, raw[key], `a known fit option (${FIT_OPTION_NAMES.join(", ")})`);
  }
  const { sampleWeight, onEpoch, transfer = false } = raw as WorkerFitOptions;
  if (onEpoch !== undefined && typeof onEpoch !== "function") throw new InvalidOptionError("onEpoch", onEpoch, `a function, got ${describe(onEpoch)}`);
  if (typeof transfer !== "boolean") throw new InvalidOptionError("transfer", transfer, "true or false");
  // resume is checked by the worker's trainer (the same InvalidOptionError); it resumes that worker's state, gone after an abort.
  return { sampleWeight, onEpoch, signal: checkSignal(raw.signal), transfer, validation: raw.validation, resume: raw.resume as boolean | undefined };
}

/** The validation rows packed as X and y are; anything but a plain { X, y, sampleWeight? } goes as given, for the worker's trainer to refuse. */
function packValidation(validation: unknown, handOver: boolean): { wire: unknown; transfer: ArrayBuffer[] } {
  return guardedRead(() => validationOf(validation, handOver), (why) => new InvalidOptionError("validation", validation, `a plain object { X, y, sampleWeight? } that can be read (${why})`));
}

function validationOf(validation: unknown, handOver: boolean): { wire: unknown; transfer: ArrayBuffer[] } {
  if (typeof validation !== "object" || validation === null || Object.getPrototypeOf(validation) !== Object.prototype) return { wire: validation, transfer: [] };
  const { X, y, sampleWeight, ...rest } = validation as { X: Matrix; y: ArrayLike<number>; sampleWeight?: ArrayLike<number> };
  const parts = { X: packMatrix(X, handOver), y: packVector(y, handOver), ...(sampleWeight === undefined ? {} : { sampleWeight: packVector(sampleWeight, handOver) }) };
  const wire = { ...rest, ...Object.fromEntries(Object.entries(parts).map(([key, part]) => [key, part.wire])) };
  return { wire, transfer: Object.values(parts).flatMap((part) => part.transfer) };
}
