import { ChunkBufferError, InvalidDataError } from "../errors.js";
import type { ValidatedOptions } from "../options.js";
import { copyResponse, copyWeights, flatData, nonFiniteCellError, type Matrix, type MatrixShape } from "../data.js";
import { sessionRegions } from "../session.js";
import type { KernelInstance } from "../wasm/load.js";
import { floatView, planLayout, type FloatArray, type Layout } from "../wasm/arena.js";

/**
 * A chunk buffer: typed-array views over the trainer's WebAssembly memory, in its dtype, where
 * `partialFit` reads a chunk in place instead of copying it (see {@link Trainer.chunkBuffer}).
 * Write up to `rows` rows into them, then pass `X` and `y` (and `sampleWeight`) to partialFit;
 * for fewer rows pass `{ data: X.data.subarray(0, r·cols), rows: r, cols }` and `y.subarray(0, r)`.
 * The buffer lives across partialFit calls on it and predict and evaluate (which lay out after it);
 * fit, a fit's summary(), partialFit of ordinary arrays, chunkBuffer of another shape and dispose
 * end it. The getters return views over the memory as it is now; a view kept from before memory
 * grew (predict of many rows may grow it), or any use of an ended buffer, is a
 * {@link ChunkBufferError} "stale", never silent garbage. chunkBuffer() of the same shape returns
 * this same buffer again, alive once more (its contents unspecified if another call wrote there):
 * calling it before each chunk is cheap. Values are stored as the
 * typed array stores them (float32 rounds on write); partialFit checks them as it passes them.
 *
 * @example
 * ```ts
 * import { Trainer, type ChunkBuffer } from "wasm-mle";
 * const trainer = await Trainer.create({ optimizer: "sgd", batchSize: 2 });
 * const chunk: ChunkBuffer = trainer.chunkBuffer(4, 1);
 * chunk.X.data.set([1, 2, 3, 4]);
 * chunk.y.set([2, 4, 6, 8]);
 * trainer.partialFit(chunk.X, chunk.y); // no copy: the rows are read where they were written
 * ```
 */
export interface ChunkBuffer {
  /** Rows the buffer holds at most. */
  readonly rows: number;
  /** Columns (features) of every row. */
  readonly cols: number;
  /** The chunk's X as a {@link Matrix}. */
  readonly X: {
    /** rows·cols values, row after row. */
    readonly data: Float32Array | Float64Array;
    /** The buffer's rows. */
    readonly rows: number;
    /** The buffer's columns. */
    readonly cols: number;
  };
  /** One response per row. */
  readonly y: Float32Array | Float64Array;
  /** One weight per row, when the buffer was made with `{ sampleWeight: true }`. */
  readonly sampleWeight: Float32Array | Float64Array | undefined;
}

/** Options of chunkBuffer(). */
export interface ChunkBufferOptions {
  /** Also lay out a sampleWeight view (default false). */
  sampleWeight?: boolean;
}

/** A staged chunk partialFit recognised: its rows and where they are. */
export interface StagedChunk {
  readonly rows: number;
  readonly layout: Layout<string>;
  readonly weighted: boolean;
  readonly views: { readonly X: FloatArray; readonly y: FloatArray; readonly sampleWeight: FloatArray | undefined };
}

interface Staged {
  readonly layout: Layout<string>;
  readonly capacity: number;
  readonly cols: number;
  readonly weighted: boolean;
  /** The memory buffer `views` are over (memory may grow while the chunk buffer lives: predict, evaluate). */
  buffer: ArrayBufferLike;
  views: StagedChunk["views"];
  chunk?: ChunkBuffer;
}

/**
 * The trainer's current chunk buffer, if any, and the memory buffers it ever handed views over
 * (a view over one of those that is not current is stale: memory grew, or the region was reused).
 */
export class ChunkStaging {
  private current: Staged | null = null;
  /** The last buffer laid out, current or not: chunkBuffer() of the same shape at the same place hands it out again. */
  private last: Staged | null = null;
  private readonly issued = new WeakSet<ArrayBufferLike>();
  /** Which buffer each view handed out belongs to. */
  private readonly owner = new WeakMap<object, Staged>();

  constructor(private readonly kernels: KernelInstance, private readonly options: ValidatedOptions) {}

  /** Lays out a chunk of `rows` × `cols` from `base` (growing memory now, once) and returns its views. */
  stage(base: number, rows: number, cols: number, weighted: boolean): ChunkBuffer {
    const memory = this.kernels.memory;
    const regions = sessionRegions({ rows, cols }, this.options, weighted);
    const layout = planLayout(memory, base, regions, `A chunk buffer of ${rows} rows × ${cols} features in ${this.options.dtype}`);
    // partialFit's sessions over this layout read rows in stored order and never reorder them
    this.kernels.exports.identityOrder(layout.pointers.order, rows);
    const last = this.last;
    if (last && last.capacity === rows && last.cols === cols && last.weighted === weighted && last.layout.start === layout.start) {
      this.current = last;
      return last.chunk!;
    }
    const staged = { layout, capacity: rows, cols, weighted } as Staged;
    this.current = this.last = staged;
    const live = () => {
      if (this.current !== staged) throw new ChunkBufferError("stale", "this ChunkBuffer");
      return this.refresh(staged);
    };
    let X: ChunkBuffer["X"] | null = null;
    return (staged.chunk = Object.freeze({
      rows, cols,
      get X() {
        const data = live().X;
        if (X?.data !== data) X = Object.freeze({ data, rows, cols });
        return X;
      },
      get y() { return live().y; },
      get sampleWeight() { return live().sampleWeight; },
    }));
  }

  /** The staged views over the memory as it is now (fresh ones after it grew; the old ones are stale from then on). */
  private refresh(staged: Staged): StagedChunk["views"] {
    const memory = this.kernels.memory;
    if (staged.buffer !== memory.buffer) {
      staged.buffer = memory.buffer;
      staged.views = this.views(staged, staged.capacity);
      this.issued.add(memory.buffer);
      for (const view of [staged.views.X, staged.views.y, staged.views.sampleWeight]) if (view) this.owner.set(view, staged);
    }
    return staged.views;
  }

  /** The end of the live chunk buffer's region (predict and evaluate lay out after it), or null. */
  get end(): number | null {
    return this.current?.layout.end ?? null;
  }

  /** Another call is about to lay out memory: the views handed out so far are stale from now on. */
  invalidate(): void {
    this.current = null;
  }

  /**
   * The staged chunk that X, y and sampleWeight are, or null when none of them is a view over this
   * trainer's memory (ordinary arrays: copied as always). Views that are not exactly the current
   * buffer's (stale, another place, or mixed with ordinary arrays) are a ChunkBufferError.
   */
  match(X: Matrix, shape: MatrixShape, y: unknown, sampleWeight: unknown): StagedChunk | null {
    // stale views first: after this, a view over this trainer's memory is one over its memory now
    this.refuseStale(X, y, sampleWeight);
    const data = flatData(X);
    if (![data, y, sampleWeight].some((value) => this.over(value))) return null;
    const staged = this.current!;
    this.refresh(staged);
    const rows = shape.rows;
    if (shape.cols !== staged.cols || rows > staged.capacity) {
      throw new ChunkBufferError("mismatch", `X (${rows} × ${shape.cols}) does not fit the chunk buffer (${staged.capacity} × ${staged.cols})`);
    }
    if (sampleWeight !== undefined && !staged.weighted) {
      throw new ChunkBufferError("mismatch", "sampleWeight was given but the chunk buffer has none; make it with chunkBuffer(rows, cols, { sampleWeight: true })");
    }
    const views = this.views(staged, rows);
    const expected: ["X" | "y" | "sampleWeight", unknown, FloatArray | undefined][] = [["X", data, views.X], ["y", y, views.y], ["sampleWeight", sampleWeight, views.sampleWeight]];
    for (const [name, value, view] of expected) {
      if (value === undefined && name === "sampleWeight") continue;
      if (this.same(value, view!)) continue;
      const length = ArrayBuffer.isView(value) ? (value as FloatArray).length : Number.NaN;
      if (this.over(value) && (value as FloatArray).byteOffset === view!.byteOffset && length !== view!.length) {
        throw new InvalidDataError(name, `${name === "X" ? "X.data" : name} has ${length} values but X has ${rows} rows${name === "X" ? ` × ${shape.cols}` : ""}`, length);
      }
      throw new ChunkBufferError("mismatch", `${name === "X" ? "X.data" : name} is not the chunk buffer's own view (pass the buffer's X, y${staged.weighted ? " and sampleWeight" : ""}, or subarrays of them from index 0)`);
    }
    return { rows, layout: staged.layout, weighted: sampleWeight !== undefined, views };
  }

  /** Throws ChunkBufferError "stale" when X.data, y or sampleWeight is a view of a chunk buffer that is no longer current (before anything reads their lengths: a grown memory left them empty). */
  refuseStale(X: Matrix, y: unknown, sampleWeight: unknown): void {
    const memory = this.kernels.memory;
    const staged = this.current;
    const stale = [flatData(X), y, sampleWeight].some((value) => ArrayBuffer.isView(value) &&
      ((this.issued.has(value.buffer) && (value.buffer !== memory.buffer || !staged)) || (this.owner.has(value) && this.owner.get(value) !== staged)));
    if (stale) throw new ChunkBufferError("stale", "partialFit's X, y or sampleWeight");
  }

  /**
   * The InvalidDataError the copy path would have thrown for this chunk (the checking epoch only
   * says that a batch failed): y, then the weights, then X, by the same checks and messages.
   */
  explainFault(chunk: StagedChunk): Error {
    const o = this.options;
    const { rows, views } = chunk;
    const cols = views.X.length / rows;
    try {
      copyResponse(views.y, rows, o.family, o.classes, o.dtype);
      if (chunk.weighted) copyWeights(views.sampleWeight, rows, o.dtype);
      const scan = o.dtype === "float32" ? this.kernels.exports.firstNonFiniteF32 : this.kernels.exports.firstNonFiniteF64;
      const k = scan(chunk.layout.pointers.X, rows * cols);
      if (k >= 0) return nonFiniteCellError(k, cols, views.X[k]);
    } catch (error) {
      return error as Error;
    }
    return new Error("wasm-mle: the epoch's data check found a bad value that the host's checks do not; please report this with the chunk");
  }

  private views(staged: Staged, rows: number): StagedChunk["views"] {
    const { memory } = this.kernels;
    const dtype = this.options.dtype;
    const p = staged.layout.pointers;
    return {
      X: floatView(memory, dtype, p.X, rows * staged.cols),
      y: floatView(memory, dtype, p.y, rows),
      sampleWeight: staged.weighted ? floatView(memory, dtype, p.sampleWeight, rows) : undefined,
    };
  }

  /** A typed array over this trainer's memory (as it is now: match refused stale views first). */
  private over(value: unknown): boolean {
    return ArrayBuffer.isView(value) && value.buffer === this.kernels.memory.buffer;
  }

  private same(value: unknown, view: FloatArray): boolean {
    return ArrayBuffer.isView(value) && value.buffer === view.buffer && value.byteOffset === view.byteOffset &&
      (value as FloatArray).length === view.length && Object.getPrototypeOf(value) === Object.getPrototypeOf(view);
  }
}
