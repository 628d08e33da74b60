// The CLI's output files as a unit (bindings/cli/output-file.ts): the checks before any data is
// read (a name, not a directory, in a directory that exists), and writeAllOrNothing — a failed write
// leaves no partial file and an existing file as it was, a link's target is replaced (not the link),
// a device is written directly, and a failed write names the flag and the path.
import { existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Writable } from "node:stream";
import { describe, expect, test } from "vitest";
import { CliInputError } from "../../dist/cli/cli-error.js";
import { cliRefusal } from "../helpers/cli-refusal.js";
import { checkWritableFile, writeAllOrNothing } from "../../dist/cli/output-file.js";
import { scratchDirectory } from "../helpers/cli.js";

const scratch = scratchDirectory("output-file");


/** A write callback that ends the output with `text` (as the CLI's --save does). */
const writing = (text: string) => (output: Writable) =>
  new Promise<void>((resolve, reject) => {
    output.once("error", reject);
    output.end(text, (error?: Error | null) => (error ? reject(error) : resolve()));
  });

describe("checkWritableFile", () => {
  test("refuses no name, a directory and a file in a directory that does not exist; accepts a new or an existing file", () => {
    expect(cliRefusal(() => checkWritableFile("", "--save"))).toBe("--save needs a file name.");
    expect(cliRefusal(() => checkWritableFile(scratch.dir, "--output"))).toBe(`--output ${JSON.stringify(scratch.dir)} is a directory; give a file name.`);
    const missing = join(scratch.dir, "no-such-dir");
    expect(cliRefusal(() => checkWritableFile(join(missing, "m.json"), "--save"))).toBe(
      `--save ${JSON.stringify(join(missing, "m.json"))}: its directory ${JSON.stringify(missing)} does not exist.`,
    );
    expect(() => checkWritableFile(scratch.path("new.json"), "--save")).not.toThrow();
    expect(() => checkWritableFile(scratch.file("old.json", "{}"), "--save")).not.toThrow();
  });
});

describe("writeAllOrNothing", () => {
  const leftovers = (dir: string) => readdirSync(dir).filter((name) => name.endsWith(".partial"));

  test("a new file gets the content; an existing one is replaced; no temporary file stays", async () => {
    const dir = join(scratch.dir, "plain");
    mkdirSync(dir);
    const path = join(dir, "out.csv");
    await writeAllOrNothing(path, "--output", writing("a\n1\n"));
    expect(readFileSync(path, "utf8")).toBe("a\n1\n");
    await writeAllOrNothing(path, "--output", writing("b\n2\n"));
    expect(readFileSync(path, "utf8")).toBe("b\n2\n");
    expect(leftovers(dir)).toEqual([]);
  });

  test("a failed write passes its error on, leaves the old file as it was and no temporary file", async () => {
    const dir = join(scratch.dir, "failing");
    mkdirSync(dir);
    const path = join(dir, "out.csv");
    writeFileSync(path, "old\n");
    const failure = new Error("bad row 9");
    await expect(writeAllOrNothing(path, "--output", async (output) => {
      output.write("half of it\n");
      throw failure;
    })).rejects.toBe(failure);
    expect(readFileSync(path, "utf8")).toBe("old\n");
    expect(leftovers(dir)).toEqual([]);
    await expect(writeAllOrNothing(join(dir, "new.csv"), "--output", async () => {
      throw failure;
    })).rejects.toBe(failure);
    expect(existsSync(join(dir, "new.csv"))).toBe(false);
    expect(leftovers(dir)).toEqual([]);
  });

  test("through a symbolic link the target is replaced and the link stays a link", async () => {
    const dir = join(scratch.dir, "linked");
    mkdirSync(dir);
    const target = join(dir, "target.json");
    writeFileSync(target, "old");
    const link = join(dir, "link.json");
    symlinkSync(target, link);
    await writeAllOrNothing(link, "--save", writing("new"));
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(target, "utf8")).toBe("new");
    expect(leftovers(dir)).toEqual([]);
  });

  test("a device is written directly; its failed write names the flag and the path", async () => {
    await expect(writeAllOrNothing("/dev/null", "--output", writing("discarded\n"))).resolves.toBeUndefined();
    const full = writeAllOrNothing("/dev/full", "--output", writing("x".repeat(100)));
    await expect(full).rejects.toBeInstanceOf(CliInputError);
    await expect(full).rejects.toThrow(/^cannot write --output "\/dev\/full": ENOSPC/);
  });

  test("a path that cannot be looked up or opened is refused with the flag and the path", async () => {
    const file = scratch.file("plain.txt", "x");
    await expect(writeAllOrNothing(join(file, "under-a-file.csv"), "--save", writing("x"))).rejects.toThrow(/^cannot write --save ".*under-a-file\.csv": ENOTDIR/);
    await expect(writeAllOrNothing(scratch.dir, "--output", writing("x"))).rejects.toThrow(/^cannot write --output ".*": EISDIR/);
  });
});
