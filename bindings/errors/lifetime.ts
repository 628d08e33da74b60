// Errors of a trainer's lifetime: disposed, not fitted yet, busy with a fit, a fit's data released.
import { WasmMleError } from "./base.js";

/**
 * The trainer was used after dispose(), or (`duringFit`) dispose() was called from the running
 * fit's onEpoch: that fit stops at the epoch boundary and returns nothing.
 *
 * @example
 * ```ts
 * import { DisposedError, Trainer } from "wasm-mle";
 * const trainer = await Trainer.create({});
 * trainer.dispose();
 * try {
 *   trainer.fit([[1], [2]], [1, 2]);
 * } catch (error) {
 *   if (error instanceof DisposedError) console.log(error.code); // "DISPOSED"
 * }
 * ```
 */
export class DisposedError extends WasmMleError {
  /**
   * @param method The Trainer method that was called.
   * @param duringFit True when dispose() came from the running fit's onEpoch.
   */
  constructor(method: string, readonly duringFit = false) {
    super(
      "DISPOSED",
      duringFit
        ? `dispose() was called while Trainer.${method}() was running (from its onEpoch callback): the fit stopped and returns nothing.`
        : `Trainer.${method}() was called after dispose(); create a new Trainer.`,
    );
  }
}

/**
 * predict() before any successful fit().
 *
 * @example
 * ```ts
 * import { NotFittedError, Trainer } from "wasm-mle";
 * const trainer = await Trainer.create({});
 * try {
 *   trainer.predict([[1]]);
 * } catch (error) {
 *   if (error instanceof NotFittedError) console.log(error.message); // says to call fit(X, y) first
 * }
 * ```
 */
export class NotFittedError extends WasmMleError {
  constructor(method: string) {
    super("NOT_FITTED", `Trainer.${method}() needs a fitted model; call fit(X, y) first.`);
  }
}

const STALE_CAUSE = {
  fit: "fit() was called again",
  dispose: "dispose() was called",
  predict: "predict() needed its memory (the new data did not fit in WebAssembly memory beside it)",
  evaluate: "evaluate() needed its memory (the new data did not fit in WebAssembly memory beside it)",
  partialFit: "partialFit() needed its memory (the chunk did not fit in WebAssembly memory beside it)",
} as const;

/**
 * fit.summary() after the trainer released that fit's data: summaries are computed from the data
 * the trainer still holds in WebAssembly memory, which the next fit() or dispose() frees (and a
 * predict()/evaluate() whose data only fits in memory by reusing that space).
 *
 * @example
 * ```ts
 * import { StaleFitError, Trainer } from "wasm-mle";
 * const trainer = await Trainer.create({ optimizer: "newton" });
 * const first = trainer.fit([[1], [2], [3]], [1, 2, 4]);
 * trainer.fit([[1], [2], [3]], [2, 3, 5]);
 * try {
 *   first.summary();
 * } catch (error) {
 *   if (error instanceof StaleFitError) console.log(error.releasedBy); // "fit"
 * }
 * ```
 */
export class StaleFitError extends WasmMleError {
  /**
   * @param method The method of the fit that was called ("summary").
   * @param releasedBy What released that fit's data.
   */
  constructor(method: string, readonly releasedBy: "fit" | "dispose" | "predict" | "evaluate" | "partialFit") {
    super(
      "STALE_FIT",
      `fit.${method}() needs the data of its fit, which the trainer released when ${STALE_CAUSE[releasedBy]}. ` +
        `Call ${method}() before the next fit() or dispose() (its result stays valid afterwards), or fit this model again.`,
    );
  }
}

/**
 * A Trainer method (or fit.summary()) was called while a fit of the same trainer is running, i.e.
 * from its onEpoch callback. The call is refused before it touches anything, so the running fit
 * is unaffected; read-only getters (kernels, memoryBytes, disposed, options) stay available.
 *
 * @example
 * ```ts
 * import { BusyError, Trainer } from "wasm-mle";
 * const trainer = await Trainer.create({ optimizer: "gd" });
 * trainer.fit([[1], [2]], [1, 2], {
 *   onEpoch: () => {
 *     try {
 *       trainer.predict([[3]]);
 *     } catch (error) {
 *       if (error instanceof BusyError) console.log(error.called); // "predict"
 *     }
 *     return false;
 *   },
 * });
 * ```
 */
export class BusyError extends WasmMleError {
  /**
   * @param running The method that is running.
   * @param called The method that was refused.
   */
  constructor(readonly running: "fit", readonly called: "fit" | "predict" | "evaluate" | "partialFit" | "chunkBuffer" | "summary") {
    super(
      "BUSY",
      `${called === "summary" ? "fit.summary" : `Trainer.${called}`}() was called while Trainer.${running}() of the same trainer is running ` +
        `(from its onEpoch callback); the trainer's memory is in use. Call it after fit() returns, or use a second Trainer.`,
    );
  }
}

/**
 * partialFit was given views over the trainer's WebAssembly memory that are not its current chunk
 * buffer's (`reason` "stale": the buffer ended — fit, summary, partialFit of other arrays,
 * chunkBuffer of another shape — or memory grew since the views were taken; read them from the
 * ChunkBuffer again, or call chunkBuffer() and refill), or views that do not match it (`reason`
 * "mismatch": another place, size or type, or mixed with ordinary arrays). Nothing was read or changed.
 * @example
 * ```ts
 * import { ChunkBufferError, Trainer } from "wasm-mle";
 * const trainer = await Trainer.create({ optimizer: "sgd" });
 * const { X, y } = trainer.chunkBuffer(2, 1);
 * trainer.chunkBuffer(3, 1); // a buffer of another shape (or fit, …) ends the first one
 * try {
 *   trainer.partialFit(X, y);
 * } catch (error) {
 *   if (error instanceof ChunkBufferError) console.log(error.reason); // "stale"
 * }
 * ```
 */
export class ChunkBufferError extends WasmMleError {
  constructor(
    /** "stale": the views outlived their buffer; "mismatch": they are not the buffer's views. */
    readonly reason: "stale" | "mismatch",
    /** What was wrong, in words. */
    readonly detail: string,
  ) {
    super(
      "CHUNK_BUFFER",
      reason === "stale"
        ? `${detail}: a stale chunk buffer. Since the views were taken the buffer ended (fit, summary, partialFit of other arrays, chunkBuffer of another shape) or memory grew; read the views from the ChunkBuffer again, or call trainer.chunkBuffer(rows, cols) and write the chunk into its views.`
        : `Not the trainer's chunk buffer: ${detail}.`,
    );
  }
}
