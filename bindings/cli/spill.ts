import { closeSync, mkdtempSync, openSync, readSync, rmSync, unlinkSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BlockedFloats, type FloatDtype } from "./float-blocks.js";
import { floatArray, floatArrayOver, type FloatArray } from "../wasm/arena.js";

/** Turns a raw row (as stored) into a row of X, e.g. categorical level numbers into indicator columns. */
export interface RowEncoder {
  readonly width: number;
  write(raw: ArrayLike<number>, rawOffset: number, out: { [i: number]: number }, outOffset: number): void;
}

/** Values gathered in memory before one write to the file. */
const WRITE_BLOCK_VALUES = 1 << 16;
/** Bytes of rows read back per read: the only part of X the CLI holds while the trainer copies it. */
const READ_BLOCK_BYTES = 4 * 2 ** 20;

/**
 * X staged in a temporary file instead of memory. Trainer.fit copies X into WebAssembly memory,
 * so an in-memory staging array and that copy are both resident during the copy: 2× the numeric
 * size before anything else (measured 2.29× for a 950 MiB CSV, bench/results/cli-stream.md).
 * Here the values go to an anonymous temporary file as they are parsed (created in TMPDIR and
 * unlinked at once, so nothing is left behind even if the process is killed), and the trainer
 * reads them back one row at a time through `rows()`, so only the WASM copy is resident. The
 * file's pages live in the kernel's page cache, which is not the process's memory and is
 * reclaimable — except on a tmpfs TMPDIR, where they take RAM like the staging array would.
 */
export class SpilledRows extends BlockedFloats {
  private readonly fd: number;

  /** Creates the file; throws (an fs error) when TMPDIR cannot hold one, so the caller can stage in memory instead. */
  constructor(
    dtype: FloatDtype,
    private readonly cols: number,
    /** Turns a failed write (a full disk) into the error to throw. */
    private readonly onWriteError: (error: Error) => never,
  ) {
    super(dtype, WRITE_BLOCK_VALUES);
    const dir = mkdtempSync(join(tmpdir(), "wasm-mle-"));
    const path = join(dir, "X.bin");
    try {
      this.fd = openSync(path, "w+", 0o600);
      unlinkSync(path);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  /**
   * The rows as an array-like of `rows` rows for Trainer.fit: a read-only Proxy of an array whose
   * element i is a fresh typed array (a copy, so holding it is safe) with row i, read from the file
   * in blocks of READ_BLOCK_BYTES, and encoded by `encode` when given. Any access order works; the trainer reads in order.
   */
  rows(encode?: RowEncoder): ArrayLike<number>[] {
    this.flush();
    const { cols, bytesPerValue, fd } = this;
    const rows = this.stored / cols;
    const blockRows = Math.max(1, Math.floor(READ_BLOCK_BYTES / (cols * bytesPerValue)));
    const bytes = new Uint8Array(blockRows * cols * bytesPerValue);
    const values = floatArrayOver(this.dtype, bytes.buffer);
    let first = 0;
    let count = 0;
    const row = (i: number): FloatArray => {
      if (i < first || i >= first + count) {
        first = i;
        count = Math.min(blockRows, rows - i);
        const wanted = count * cols * bytesPerValue;
        let got = 0;
        while (got < wanted) {
          const n = readSync(fd, bytes, got, wanted - got, i * cols * bytesPerValue + got);
          if (n === 0) throw new Error(`the CLI's temporary copy of X ended early (row ${i})`);
          got += n;
        }
      }
      const start = (i - first) * cols;
      if (!encode) return values.slice(start, start + cols);
      const out = floatArray(this.dtype, encode.width);
      encode.write(values, start, out, 0);
      return out;
    };
    const index = (key: string | symbol): number => {
      if (typeof key !== "string") return -1;
      const i = Number(key);
      return Number.isInteger(i) && i >= 0 && i < rows && String(i) === key ? i : -1;
    };
    return new Proxy([] as ArrayLike<number>[], {
      get(target, key, receiver) {
        if (key === "length") return rows;
        const i = index(key);
        return i >= 0 ? row(i) : Reflect.get(target, key, receiver);
      },
      has(target, key) {
        return index(key) >= 0 || Reflect.has(target, key);
      },
      set() {
        return false;
      },
    });
  }

  /** Closes the file (its space is freed: it has no name). */
  close(): void {
    closeSync(this.fd);
  }

  protected store(values: FloatArray): void {
    const bytes = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
    let done = 0;
    try {
      while (done < bytes.length) done += writeSync(this.fd, bytes, done, bytes.length - done, this.stored * this.bytesPerValue + done);
    } catch (error) {
      this.onWriteError(error as Error);
    }
  }
}
