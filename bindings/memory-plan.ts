import { DataTooLargeError } from "./errors.js";
import { WASM_MAX_BYTES } from "./wasm/abi.js";
import { alignUp } from "./wasm/arena.js";

/** The bytes a live fit's data occupies in WASM memory. */
export interface Region {
  readonly start: number;
  readonly end: number;
}

/**
 * Where a trainer puts things in its one WASM memory. The live fit's data (which its summary()
 * reads) is never overwritten by a later call until that call has succeeded:
 *
 * - a new fit goes where it does not overlap the live data: below it when it fits between the
 *   heap base and the live start, else right after it ("ping-pong" between two places), so memory
 *   stays within about twice the largest fit however many fits run; only when it fits in neither
 *   place does the live data have to be given up first;
 * - predict() and evaluate() lay out one scratch region right after the live data's end (the
 *   layout's real end, not the memory size), the same place on every call.
 */
export class MemoryPlan {
  constructor(private readonly heapBase: number) {}

  /** Where a new fit of `bytes` goes beside `live`, or null when it only fits by overwriting it. */
  fitBase(live: Region | null, bytes: number): number | null {
    const bottom = alignUp(this.heapBase);
    if (live === null || bottom + bytes <= live.start) return bottom;
    const after = alignUp(live.end);
    return after + bytes <= WASM_MAX_BYTES ? after : null;
  }

  /** Where predict/evaluate scratch goes: after the live data, or from the bottom when there is none. */
  scratchBase(live: Region | null): number {
    return live === null ? alignUp(this.heapBase) : alignUp(live.end);
  }

  get bottom(): number {
    return alignUp(this.heapBase);
  }

  /**
   * Runs `place(base)` at `preferred`; when that base is null or the layout does not fit there
   * (DataTooLargeError: past 4 GiB, or the host refused to grow memory), and it would fit from the
   * bottom, calls `release()` (the live data is given up) and runs `place(bottom)`.
   */
  placeOrRelease<T>(preferred: number | null, bytes: number, release: () => void, place: (base: number) => T): T {
    if (preferred !== null && preferred !== this.bottom) {
      try {
        return place(preferred);
      } catch (error) {
        if (!(error instanceof DataTooLargeError) || this.bottom + bytes > WASM_MAX_BYTES) throw error;
      }
    } else if (preferred === this.bottom) {
      return place(preferred);
    }
    if (this.bottom + bytes <= WASM_MAX_BYTES) release();
    return place(this.bottom);
  }
}
