import { type Stats, accessSync, closeSync, constants, openSync, realpathSync, renameSync, rmSync, statSync, writeSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { Writable } from "node:stream";
import { CliInputError } from "./cli-error.js";
import { SHOWN_PATH_CHARACTERS, quote } from "./text.js";

/**
 * Refuses, before any data is read, an output path that cannot be written: a directory, or a file
 * in a directory that does not exist or is not writable (a fit must not be lost to a typo in --save).
 */
export function checkWritableFile(path: string, flag: string): void {
  const shown = quote(path, SHOWN_PATH_CHARACTERS);
  if (path.length === 0) throw new CliInputError(`${flag} needs a file name.`);
  let isDirectory = false;
  try {
    isDirectory = statSync(path).isDirectory();
  } catch {
    // Does not exist yet: its directory must.
  }
  if (isDirectory) throw new CliInputError(`${flag} ${shown} is a directory; give a file name.`);
  const directory = dirname(resolve(path));
  try {
    accessSync(directory, constants.W_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "does not exist" : code === "EACCES" ? "is not writable" : (error as Error).message;
    throw new CliInputError(`${flag} ${shown}: its directory ${quote(directory, SHOWN_PATH_CHARACTERS)} ${why}.`);
  }
}

/**
 * Writes `path` all or nothing: `write` fills a temporary file beside it (beside the file a link
 * points to; the same directory, so the rename stays on one file system), which replaces it only
 * once `write` has succeeded. On failure (a bad row far into the input, a full disk) the temporary
 * file is removed and the error passes on, so no partial file is left and a file already there
 * keeps its old content. A device or pipe (/dev/stdout, a FIFO) cannot be replaced: it is written
 * directly. A failed write to the file itself is a CliInputError naming `flag` and the path.
 */
export async function writeAllOrNothing(path: string, flag: string, write: (output: Writable) => Promise<void>): Promise<void> {
  const cannotWrite = (error: unknown) => new CliInputError(`cannot write ${flag} ${quote(path, SHOWN_PATH_CHARACTERS)}: ${(error as Error).message}.`);
  let target = resolve(path);
  let existing: Stats | null = null;
  try {
    existing = statSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw cannotWrite(error);
  }
  if (existing && !existing.isFile()) return writeThrough(path, "w", cannotWrite, write);
  if (existing) target = realpathSync(path);
  const temporary = join(dirname(target), `.${basename(target)}.${process.pid}.partial`);
  try {
    await writeThrough(temporary, "wx", cannotWrite, write);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
  try {
    renameSync(temporary, target);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw cannotWrite(error);
  }
}

/** Opens `path` (fs flags `flags`), runs `write` on a Writable onto it, and closes it whatever happens. */
async function writeThrough(path: string, flags: string, cannotWrite: (error: unknown) => Error, write: (output: Writable) => Promise<void>): Promise<void> {
  let fd: number;
  try {
    fd = openSync(path, flags, 0o644);
  } catch (error) {
    throw cannotWrite(error);
  }
  const output = new Writable({
    write(chunk: Buffer, _encoding, done) {
      try {
        for (let at = 0; at < chunk.length; ) at += writeSync(fd, chunk, at);
        done();
      } catch (error) {
        done(cannotWrite(error));
      }
    },
  });
  try {
    await write(output);
  } finally {
    closeSync(fd);
  }
}
