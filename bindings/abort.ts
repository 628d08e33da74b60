/**
 * AbortSignal support shared by Trainer.fit and WorkerTrainer.fit. A synchronous fit cannot be
 * interrupted from outside its thread, so the signal is read where every optimizer already
 * yields to the caller: after each epoch/iteration, right after onEpoch (which may itself call
 * controller.abort()).
 */
import { AbortError, InvalidOptionError, describe } from "./errors.js";
import { guardedRead } from "./input-guard.js";
import type { EpochProgress } from "./trainer.js";

/**
 * The part of AbortSignal a fit reads (a DOM or Node AbortSignal, or anything shaped like one).
 * @example
 * ```ts
 * import { Trainer, type AbortSignalLike } from "wasm-mle";
 * const controller = new AbortController();
 * const signal: AbortSignalLike = controller.signal;
 * const trainer = await Trainer.create({ optimizer: "sgd", epochs: 100 });
 * const fit = trainer.fit([[1], [2], [3]], [1, 2, 4], { signal, onEpoch: ({ epoch }) => void (epoch === 3 && controller.abort()) });
 * console.log(fit.stopReason, fit.epochs); // "aborted" 3
 * ```
 */
export interface AbortSignalLike {
  /** True once aborted: the fit stops after the epoch it is read at. */
  readonly aborted: boolean;
  /** Why it was aborted (AbortError.reason). */
  readonly reason?: unknown;
  /** WorkerTrainer listens, to abort a fit in flight at once. */
  addEventListener?(type: "abort", listener: () => void, options?: { once?: boolean }): void;
  /** WorkerTrainer stops listening when the fit has settled. */
  removeEventListener?(type: "abort", listener: () => void): void;
}

/** The signal fit option: undefined, or an object with a boolean `aborted` (AbortController's signal). */
export function checkSignal(signal: unknown): AbortSignalLike | undefined {
  if (signal === undefined) return undefined;
  const expected = "an AbortSignal (new AbortController().signal)";
  const aborted = guardedRead(
    () => (typeof signal === "object" && signal !== null ? (signal as AbortSignalLike).aborted : undefined),
    (why) => new InvalidOptionError("signal", signal, `${expected} whose aborted can be read (${why})`),
  );
  if (typeof aborted !== "boolean") throw new InvalidOptionError("signal", signal, `${expected}, got ${describe(signal)}`);
  return signal as AbortSignalLike;
}

/** An already aborted signal: the fit does not start (as fetch() with an aborted signal). */
export function throwIfAborted(signal: AbortSignalLike | undefined, method: string): void {
  if (signal?.aborted) throw new AbortError(method, signal.reason);
}

type EpochHook = (progress: EpochProgress) => boolean | void;

/**
 * onEpoch as the optimizers see it when a signal is given: the user's callback first, then the
 * signal; an aborted signal stops the optimizer as a `false` from onEpoch does, and `aborted()`
 * tells the trainer to report stopReason "aborted" rather than "callback".
 */
export function withSignal(onEpoch: EpochHook | undefined, signal: AbortSignalLike | undefined): { hook: EpochHook | undefined; aborted(): boolean } {
  if (signal === undefined) return { hook: onEpoch, aborted: () => false };
  let stoppedBySignal = false;
  const hook: EpochHook = (progress) => {
    const verdict = onEpoch?.(progress);
    if (signal.aborted) {
      stoppedBySignal = true;
      return false;
    }
    return verdict;
  };
  return { hook, aborted: () => stoppedBySignal };
}

/** The warning of a fit stopped by its signal (FitResult.warnings). */
export function abortedWarning(epochs: number, optimizer: string): string {
  return `Aborted by the fit's signal after ${epochs} ${optimizer === "gd" || optimizer === "sgd" ? "epochs" : "iterations"}: ` +
    "the estimates are the last iterate, not the optimum (and were not checked for a missing finite MLE).";
}
