import { WASM_MAX_BYTES } from "../wasm/abi.js";
import { floatArrayOver, type FloatArray } from "../wasm/arena.js";
import { BlockedFloats, type FloatDtype } from "./float-blocks.js";

export type { FloatDtype } from "./float-blocks.js";

/** Values are gathered in a small ordinary block and moved to the big buffer a block at a time. */
const BLOCK_VALUES = 1 << 16;
/** A resizable ArrayBuffer (ES2024, Node ≥ 20); the project's TypeScript lib stops at ES2022. */
interface ResizableBuffer extends ArrayBuffer {
  readonly maxByteLength: number;
  resize(byteLength: number): void;
}
const ResizableArrayBuffer = ArrayBuffer as unknown as new (byteLength: number, options: { maxByteLength: number }) => ResizableBuffer;

/** The big buffer grows by at least this much (or an eighth of its size) at a time. */
const MIN_GROWTH_BYTES = 16 * 2 ** 20;

/**
 * An append-only column of floats in the chosen dtype, for data of unknown length read from a
 * stream. It lives in one resizable ArrayBuffer whose maximum (4 GiB, what a 32-bit WebAssembly
 * memory can hold, so more could never be fitted) is reserved as address space only: growing it
 * commits pages in place and never copies, so there is no doubling and no second staging array,
 * and stdin (which cannot be read twice to count rows first) works the same as a file.
 * `finish()` trims the buffer to the values written and returns an exact-length view.
 */
export class GrowableFloats extends BlockedFloats {
  private readonly buffer: ResizableBuffer;

  /** `onFull` is called (and must throw) when the values would exceed the 4 GiB maximum. */
  constructor(dtype: FloatDtype, private readonly onFull: (bytes: number) => never) {
    super(dtype, BLOCK_VALUES);
    this.buffer = new ResizableArrayBuffer(0, { maxByteLength: WASM_MAX_BYTES });
  }

  /** Overwrites every value v by map(v), in place (used to renumber class labels). */
  mapInPlace(map: (value: number) => number): void {
    this.flush();
    const view = this.view(this.stored);
    for (let i = 0; i < view.length; i++) view[i] = map(view[i]);
  }

  /** The values written, as one exact-length array over the trimmed buffer. */
  finish(): FloatArray {
    this.flush();
    this.buffer.resize(this.stored * this.bytesPerValue);
    return this.view(this.stored);
  }

  protected store(values: FloatArray): void {
    const neededBytes = (this.stored + values.length) * this.bytesPerValue;
    if (neededBytes > this.buffer.byteLength) {
      if (neededBytes > this.buffer.maxByteLength) this.onFull(neededBytes);
      const grown = Math.max(neededBytes, this.buffer.byteLength + Math.max(MIN_GROWTH_BYTES, this.buffer.byteLength / 8));
      this.buffer.resize(Math.min(this.buffer.maxByteLength, Math.ceil(grown / 8) * 8));
    }
    this.view(values.length, this.stored).set(values);
  }

  private view(length: number, offset = 0): FloatArray {
    const byteOffset = offset * this.bytesPerValue;
    return floatArrayOver(this.dtype, this.buffer as unknown as ArrayBufferLike, byteOffset, length);
  }
}
