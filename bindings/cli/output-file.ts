import { accessSync, constants, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
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
