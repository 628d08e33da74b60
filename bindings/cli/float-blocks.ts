import { bytesPerElement, floatArray, type FloatArray } from "../wasm/arena.js";

export type FloatDtype = "float32" | "float64";

/**
 * An append-only run of floats in one dtype, gathered in a small in-memory block and handed to
 * `store` a block at a time: GrowableFloats keeps them in a resizable buffer, SpilledRows in a
 * temporary file. Writing the block out in one piece is what keeps push() cheap per cell.
 */
export abstract class BlockedFloats {
  protected readonly bytesPerValue: number;
  /** Values handed to store() so far (those still in the block not counted). */
  protected stored = 0;
  private readonly block: FloatArray;
  private pending = 0;

  constructor(readonly dtype: FloatDtype, blockValues: number) {
    this.bytesPerValue = bytesPerElement(dtype);
    this.block = floatArray(dtype, blockValues);
  }

  get length(): number {
    return this.stored + this.pending;
  }

  push(value: number): void {
    this.block[this.pending++] = value;
    if (this.pending === this.block.length) this.flush();
  }

  /** Hands the block's values to store(); afterwards every value pushed is stored. */
  protected flush(): void {
    if (this.pending === 0) return;
    this.store(this.block.subarray(0, this.pending));
    this.stored += this.pending;
    this.pending = 0;
  }

  /** Keeps `values`, the ones after the first `stored`; throws (storing nothing more) when it cannot. */
  protected abstract store(values: FloatArray): void;
}
