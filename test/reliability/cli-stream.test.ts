// Issue 8, finding 11 and the CLI part of finding 9: the CLI reads its CSV as a stream into typed
// arrays, shortens long values in messages, ends quietly on a closed pipe, names UTF-16 and binary
// files, reads numeric flags strictly, and refuses an impossible p × p factorisation before
// fitting. Each test runs `node bin/wasm-mle.js` in a child process on small generated files.
// Needs `npm run build` (npm test does it).
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, describe, expect, test } from "vitest";
import { expectFailure, wasmMle } from "../helpers/cli.js";

const root = new URL("../..", import.meta.url).pathname;
const cli = join(root, "bin", "wasm-mle.js");
const scratch = mkdtempSync(join(tmpdir(), "wasm-mle-cli-stream-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function file(name: string, content: string | Uint8Array): string {
  const path = join(scratch, name);
  writeFileSync(path, content);
  return path;
}

const smallCsv = () => file("small.csv", "x,y\n1,2.1\n2,3.9\n3,6.2\n4,7.8\n");

describe("the CSV is read as a stream", () => {
  test("a 27 MB file fits in a 24 MB JavaScript heap (it was read into one string: heap out of memory)", () => {
    // 600,000 rows × 5 columns of 6-decimal numbers; only the typed arrays (outside the JS heap) grow.
    let seed = 7;
    const cell = () => ((seed = (seed * 48271) % 2147483647) / 2147483647).toFixed(6);
    const block = Array.from({ length: 1000 }, () => `${cell()},${cell()},${cell()},${cell()},${cell()}`).join("\n");
    const path = file("large.csv", `a,b,c,d,y\n${Array.from({ length: 600 }, () => block).join("\n")}\n`);
    const run = wasmMle(["fit", path, "-t", "y", "-o", "gd", "--epochs", "1", "--no-summary", "--json"], { nodeFlags: ["--max-old-space-size=24"] });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ n: 600_000, features: ["a", "b", "c", "d"] });
  });

  test("a bad header on standard input is reported while the pipe is still open (nothing waits for the end)", async () => {
    const child = spawn(process.execPath, [cli, "fit", "-", "-t", "nope"], { cwd: root });
    let stderr = "";
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.stdin.on("error", () => {}); // the CLI closes its end once it has refused the header
    child.stdin.write("x,y\n1,2\n");
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    child.stdin.destroy();
    expect(code).toBe(2);
    expect(stderr).toMatch(/target column "nope" is not in standard input; its columns are "x", "y"/);
  });

  test("standard input gives the same fit as the file", () => {
    const text = "x,y\n1,2.1\n2,3.9\n3,6.2\n4,7.8\n";
    const fromFile = JSON.parse(wasmMle(["fit", smallCsv(), "-t", "y", "-o", "newton", "--json"]).stdout);
    const fromStdin = JSON.parse(wasmMle(["fit", "-", "-t", "y", "-o", "newton", "--json"], { input: text }).stdout);
    expect(fromStdin.coefficients).toEqual(fromFile.coefficients);
    expect(fromStdin.summary).toEqual(fromFile.summary);
  });

  test("X staged in a temporary file (the default) or in memory gives the same bits, in both dtypes", () => {
    let seed = 3;
    const cell = () => ((seed = (seed * 48271) % 2147483647) / 2147483647 - 0.5).toFixed(6);
    const rows = Array.from({ length: 3000 }, () => `${cell()},${cell()},${cell()},${Number(cell()) > 0 ? 1 : 0}`);
    const path = file("staging.csv", `a,b,c,y\n${rows.join("\n")}\n`);
    for (const dtype of ["float64", "float32"]) {
      const args = ["fit", path, "-t", "y", "-f", "bernoulli", "-o", "newton", "--dtype", dtype, "--json"];
      const staged = wasmMle([...args, "--staging", "file"]);
      expect(staged.code).toBe(0);
      expect(wasmMle([...args, "--staging", "memory"]).stdout).toBe(staged.stdout);
      expect(wasmMle(args).stdout).toBe(staged.stdout);
    }
    expectFailure(wasmMle(["fit", path, "-t", "y", "--staging", "disk"]), 2, /option '--staging <where>' argument 'disk' is invalid\. Allowed choices are file, memory/);
  });

  test("the temporary file leaves nothing behind, and an unusable TMPDIR falls back to memory with the same bits", () => {
    const tmp = join(scratch, "tmp");
    mkdirSync(tmp, { recursive: true });
    const args = ["fit", smallCsv(), "-t", "y", "-o", "newton", "--json"];
    const staged = wasmMle(args, { env: { TMPDIR: tmp } });
    expect(staged.code).toBe(0);
    expect(readdirSync(tmp)).toEqual([]);
    const fallback = wasmMle(args, { env: { TMPDIR: join(scratch, "no-such-dir") } });
    expect(fallback.stderr).toBe("");
    expect(fallback.stdout).toBe(staged.stdout);
  });

  test("line numbers stay right after blank lines and quoted multi-line cells", () => {
    const path = file("lines.csv", 'note,x,y\n"a",1,2\n\n"two\nlines",2,3\n"b",oops,4\n');
    expectFailure(wasmMle(["fit", path, "-t", "y", "--features", "x"]), 2, /data row 3 \(line 6\), column "x" is "oops", not a number/);
  });

  test("under --dtype float32 a cell beyond the float32 range is refused by name (it would become Infinity)", () => {
    const path = file("f32.csv", "x,y\n1,2\n4e38,3\n2,5\n");
    expectFailure(wasmMle(["fit", path, "-t", "y", "--dtype", "float32"]), 2, /data row 2 \(line 3\), column "x" is "4e38", beyond the float32 range .* use --dtype float64/);
    const fit = JSON.parse(wasmMle(["fit", path, "-t", "y", "--dtype", "float64", "-o", "gd", "--epochs", "1", "--json"]).stdout);
    expect(fit.dtype).toBe("float64");
  });

  test("a float32 fit reads the same numbers as the library would", () => {
    const fit = JSON.parse(wasmMle(["fit", smallCsv(), "-t", "y", "--dtype", "float32", "-o", "newton", "--json"]).stdout);
    expect(fit.dtype).toBe("float32");
    // Least squares on 4 points: slope 1.94, intercept 0.15 (float32 arithmetic, so 1e-5).
    expect(fit.coefficients.x).toBeCloseTo(1.94, 5);
    expect(fit.intercept).toBeCloseTo(0.15, 5);
  });
});

describe("long values are shortened in messages", () => {
  test("a 1,000,000-character cell shows its first 40 characters and its length (it was echoed whole)", () => {
    const path = file("long-cell.csv", `x,y\n1,2\n${"7".repeat(20)}${"a".repeat(999_980)},3\n`);
    const run = wasmMle(["fit", path, "-t", "y"]);
    expectFailure(run, 2, /data row 2 \(line 3\), column "x" is "7{20}a{20}"… \(1,000,000 characters\), not a number/);
    expect(run.stderr.length).toBeLessThan(400);
  });

  test("a long column name, target name and flag value are shortened too", () => {
    const name = "n".repeat(5000);
    const path = file("long-name.csv", `${name},y\n1,2\n2,3\n`);
    const missing = wasmMle(["fit", path, "-t", "z".repeat(5000)]);
    expectFailure(missing, 2, /target column "z{40}"… \(5,000 characters\) is not in .*; its columns are "n{40}"… \(5,000 characters\), "y"/);
    expect(missing.stderr.length).toBeLessThan(600);
    const badOptimizer = wasmMle(["fit", path, "-t", "y", "--optimizer", "q".repeat(5000)]);
    expectFailure(badOptimizer, 2, /Invalid option optimizer: got "q{40}"… \(5,000 characters\); expected .* \(--optimizer\)/);
    expect(badOptimizer.stderr.length).toBeLessThan(400);
  });

  test("a header of 5,000 columns lists a dozen names and the count, not all of them", () => {
    const names = Array.from({ length: 5000 }, (_, j) => `c${j}`);
    const path = file("many-columns.csv", `${names.join(",")}\n${names.map(() => "1").join(",")}\n`);
    const run = wasmMle(["fit", path, "-t", "target"]);
    expectFailure(run, 2, /its columns are "c0", "c1", .*"c11", … \(5000 columns in all\)/);
    expect(run.stderr.length).toBeLessThan(400);
  });

  test("csv-parse's own messages are shortened where they quote a value", () => {
    const path = file("quote.csv", `x,y\n1,2\n${"b".repeat(3000)}"oops",3\n`);
    const run = wasmMle(["fit", path, "-t", "y"]);
    expectFailure(run, 2, /not valid CSV: Invalid Opening Quote: .*line 3.*"b{40}"… \(3,000 characters\)/);
    expect(run.stderr.length).toBeLessThan(400);
  });
});

describe("a closed stdout ends the CLI quietly (it died with an EPIPE stack trace)", () => {
  /** Runs the CLI with the read end of its stdout closed before it writes anything. */
  async function withClosedStdout(args: string[]) {
    const child = spawn(process.execPath, [cli, ...args], { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
    child.stdout.destroy();
    let stderr = "";
    child.stderr.on("data", (chunk) => (stderr += chunk));
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    return { code, stderr };
  }

  test.each([
    ["--help"],
    ["fit", "--help"],
    ["--version"],
    ["fit", "SMALL", "-t", "y", "-o", "newton"],
    ["fit", "SMALL", "-t", "y", "-o", "newton", "--json"],
  ])("wasm-mle %s", async (...args: string[]) => {
    const { code, stderr } = await withClosedStdout(args.map((a) => (a === "SMALL" ? smallCsv() : a)));
    expect(stderr).toBe("");
    expect(code).toBe(0);
  });

  test("a closed stderr keeps the command's own exit code", async () => {
    const child = spawn(process.execPath, [cli, "fit", join(scratch, "missing.csv"), "-t", "y"], { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
    child.stderr.destroy();
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    expect(code).toBe(2);
  });
});

describe("a file that is not UTF-8 text is named as such from its first bytes", () => {
  const text = "x,y\n1,2\n2,3\n3,5\n";
  const utf16le = (s: string) => Buffer.from(s, "utf16le");
  const utf16be = (s: string) => Buffer.from(utf16le(s)).swap16();

  test.each([
    ["UTF-16LE with a BOM (it was 'Invalid Record Length')", Buffer.concat([Buffer.from([0xff, 0xfe]), utf16le(text)]), /looks like UTF-16 \(little-endian, with a byte-order mark\); save it as UTF-8/],
    ["UTF-16BE with a BOM", Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(text)]), /looks like UTF-16 \(big-endian, with a byte-order mark\); save it as UTF-8/],
    ["UTF-16LE without a BOM", utf16le(text), /looks like UTF-16 \(little-endian, no byte-order mark.*\); save it as UTF-8/],
    ["UTF-16BE without a BOM", utf16be(text), /looks like UTF-16 \(big-endian, no byte-order mark.*\); save it as UTF-8/],
    ["UTF-32LE with a BOM", Buffer.concat([Buffer.from([0xff, 0xfe, 0, 0]), Buffer.from([...text].flatMap((c) => [c.charCodeAt(0), 0, 0, 0]))]), /looks like UTF-32/],
    ["gzip", gzipSync(text), /is not a text CSV file: it is a gzip-compressed file; decompress it first/],
    ["a ZIP archive (.xlsx)", Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0, 8, 0]), /is not a text CSV file: it is a ZIP archive \(an Excel \.xlsx workbook is one\)/],
    ["binary with NUL bytes", Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0, 0, 0x2c, 0x0a]), /is not a text CSV file: byte 7 is a NUL/],
    ["binary control characters", Buffer.from(Array.from({ length: 200 }, (_, k) => 1 + (k % 8))), /is not a text CSV file: 200 of its first 200 bytes are control characters/],
    ["Latin-1 text", Buffer.from("caf\xe9,y\n1,2\n", "latin1"), /is not UTF-8 text: byte 3 \(0xE9\).*save it as UTF-8/],
  ])("%s", (_name, bytes, message) => {
    expectFailure(wasmMle(["fit", file("encoded.csv", bytes), "-t", "y"]), 2, message);
  });

  test("the same check applies to standard input", () => {
    const result = spawnSync(process.execPath, [cli, "fit", "-", "-t", "y"], { cwd: root, input: utf16le(text) });
    expect(result.status).toBe(2);
    expect(result.stderr.toString()).toMatch(/standard input looks like UTF-16/);
  });

  test("UTF-8 with a BOM and non-ASCII names is fine", () => {
    const path = file("bom.csv", Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from("größe,y\n1,2\n2,3.9\n3,6.1\n")]));
    const run = wasmMle(["fit", path, "-t", "y", "-o", "newton", "--json"]);
    expect(run.code).toBe(0);
    expect(Object.keys(JSON.parse(run.stdout).coefficients)).toEqual(["größe"]);
  });

  test("a directory is named as one", () => {
    const dir = join(scratch, "a-directory");
    mkdirSync(dir, { recursive: true });
    expectFailure(wasmMle(["fit", dir, "-t", "y"]), 2, /cannot read ".*a-directory": it is a directory/);
  });
});

describe("numeric flags are plain decimal numbers, like the cells", () => {
  test.each(["0x10", "0b11", "1e", "", " 5", "5 ", "1_000", "Infinity", "-Infinity", "NaN", "+", "1.2.3", "٣"])("--epochs %j is refused (0x10 was read as 16)", (value) => {
    expectFailure(wasmMle(["fit", smallCsv(), "-t", "y", "-o", "gd", "--epochs", value]), 2, /--epochs needs a decimal number such as 100, 0\.5 or 1e-4, got ".*"; hex, spaces, underscores and Infinity are not numbers here/);
  });

  test.each(["--l2", "--learning-rate", "--tolerance", "--seed", "--batch-size", "--patience", "--max-iterations", "--lbfgs-memory", "--classes"])("%s names itself when refused", (flag) => {
    expectFailure(wasmMle(["fit", smallCsv(), "-t", "y", flag, "0x1"]), 2, new RegExp(`${flag} needs a decimal number .* got "0x1"`));
  });

  test("1e999 overflows and is refused; decimal forms with exponents and signs are accepted", () => {
    expectFailure(wasmMle(["fit", smallCsv(), "-t", "y", "--l2", "1e999"]), 2, /--l2 "1e999" is beyond the range of a double/);
    const run = wasmMle(["fit", smallCsv(), "-t", "y", "-o", "gd", "--epochs", "1e1", "--learning-rate", ".05", "--l2", "+0", "--tolerance", "0", "--json"]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).epochs).toBe(10);
  });

  test("--delimiter must be usable", () => {
    expectFailure(wasmMle(["fit", smallCsv(), "-t", "y", "--delimiter", ""]), 2, /--delimiter "" is not usable/);
    expectFailure(wasmMle(["fit", smallCsv(), "-t", "y", "--delimiter", '"']), 2, /--delimiter "\\"" is not usable/);
    const semicolons = file("semi.csv", "x;y\n1;2.1\n2;3.9\n3;6.2\n");
    expect(wasmMle(["fit", semicolons, "-t", "y", "--delimiter", ";", "-o", "newton", "--json"]).code).toBe(0);
  });
});

describe("an impossible p × p factorisation is refused before fitting, naming its cause", () => {
  // 200,000 feature columns: the summary's factor is p² f64 = 596 GiB whatever the rows or dtype.
  const wide = () => {
    const names = Array.from({ length: 200_000 }, (_, j) => `x${j}`);
    const row = (i: number) => `${names.map((_, j) => ((i * 7 + j) % 10) / 10).join(",")},${i % 2}`;
    return file("wide.csv", `${names.join(",")},y\n${row(0)}\n${row(1)}\n${row(2)}\n`);
  };

  test("200,000 columns: the advice names p = columns + intercept and the flags that help (it fitted, then said 'use float32 or fewer rows')", () => {
    const run = wasmMle(["fit", wide(), "-t", "y", "-f", "bernoulli", "--progress"]);
    expectFailure(run, 1, /the summary \(standard errors\) would factorise a p × p matrix for p = 200,001 coefficients: \(200,000 feature columns \+ intercept\): about .* years of work, more than the 10 s allowed, and its factor alone is 298\.0 GiB of f64\./);
    expect(run.stderr).toMatch(/The cause is p, not the rows or --dtype \(the factor is p × p, always in f64\)\. Use --no-summary \(coefficients without standard errors\), or fewer columns \(--features a,b,c\)\./);
    expect(run.stderr).not.toMatch(/fitting \[/); // refused before the fit: no progress bar was drawn
  });

  test("the refusal comes from the header alone: a bad cell further down is never reached", () => {
    const names = Array.from({ length: 200_000 }, (_, j) => `x${j}`);
    const path = file("wide-bad.csv", `${names.join(",")},y\n${names.map(() => "oops").join(",")},1\n`);
    expectFailure(wasmMle(["fit", path, "-t", "y", "-o", "newton", "--no-summary"]), 1, /--optimizer newton would factorise .* p = 200,001 coefficients.* Use --optimizer lbfgs, or fewer columns/);
  });

  // gaussian: the bernoulli existence check after a fit (bindings/diagnostics/) overflows the call
  // stack at 200,000 terms (Math.max(...effect)); reported to its owner.
  test("with --no-summary and a first-order optimizer the same file fits and prints its coefficients", () => {
    const run = wasmMle(["fit", wide(), "-t", "y", "-o", "gd", "--epochs", "2", "--no-summary", "--json"]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const fit = JSON.parse(run.stdout);
    expect(Object.keys(fit.coefficients)).toHaveLength(200_000);
    expect(fit.summary).toBeUndefined();
  });

  test("the table of a 200,000-term fit is printed (its column widths once overflowed the call stack)", () => {
    const run = wasmMle(["fit", wide(), "-t", "y", "-o", "gd", "--epochs", "1", "--no-summary"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^x199999\s+\S+$/m);
  });

  test("newton with fewer rows than coefficients and no l2 is refused with --l2 advice", () => {
    const names = Array.from({ length: 30 }, (_, j) => `x${j}`);
    const rows = Array.from({ length: 10 }, (_, i) => `${names.map((_, j) => ((i * 3 + j * 7) % 11) / 10).join(",")},${i}`);
    const path = file("short.csv", `${names.join(",")},y\n${rows.join("\n")}\n`);
    expectFailure(wasmMle(["fit", path, "-t", "y"]), 1, /--optimizer newton needs at least as many rows as coefficients without --l2: 10 rows < p = 31 coefficients: \(30 feature columns \+ intercept\).* Use --l2 1e-4, or --optimizer lbfgs \(auto chose newton\) with --l2 1e-4, or fewer columns/);
    expect(wasmMle(["fit", path, "-t", "y", "--l2", "1e-4", "--json"]).code).toBe(0);
  });

  test("multinomial: p counts the class blocks found in the data, not a guess", () => {
    const labels = Array.from({ length: 3000 }, (_, k) => `c${k}`);
    const path = file("many-classes.csv", `a,b,label\n${labels.map((label, k) => `${k % 7},${k % 5},${label}`).join("\n")}\n`);
    const run = wasmMle(["fit", path, "-t", "label", "-f", "multinomial"]);
    expectFailure(run, 1, /the summary \(standard errors\) would factorise a p × p matrix for p = 8,997 coefficients: \(2 feature columns \+ intercept\) × 2999 class blocks \(3000 classes, the first is the baseline\): about .* on 3,000 rows/);
    expect(run.stderr).toMatch(/Use --no-summary/);
  });
});
