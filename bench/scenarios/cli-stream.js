// Scenario: peak memory of the CLI on a ~1 GB CSV (issue 8 item 11). The CLI reads its file as a
// stream in the fit's dtype; the target is peak RSS ≤ 2 × rows·cols·bytes (cols = feature columns,
// bytes = 8 for float64, 4 for float32), for the default staging (X in a temporary file) and, for
// comparison, --staging memory (X in a typed array). The file is generated in a temp dir,
// fitted by `node bin/wasm-mle.js fit` in a child process under /usr/bin/time -v (its "Maximum
// resident set size" is the child's peak RSS), and deleted afterwards.
import { spawnSync } from "node:child_process";
import { closeSync, existsSync, mkdtempSync, openSync, rmSync, statSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { bytes, outcome, ratio, table } from "../lib/report.js";

const TIME = "/usr/bin/time";
const TARGET_RATIO = 2;
/** Gaussian data y = 0.5 + x·w + noise(0.01), so the fit can be checked against w. */
const NOISE = 0.01;
/** With n in the millions the least-squares estimate is within a few 1e-5 of w; far looser than that is a wrong read. */
const COEFFICIENT_TOLERANCE = 1e-3;

const cli = fileURLToPath(new URL("../../bin/wasm-mle.js", import.meta.url));

/** Writes rows × (cols + 1) cells ("-0.123456") and returns the generating coefficients. */
function writeCsv(path, rows, cols) {
  const w = Array.from({ length: cols }, (_, j) => ((j % 7) - 3) / 4);
  let seed = 12345;
  const uniform = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
  const fd = openSync(path, "w");
  try {
    writeSync(fd, `${Array.from({ length: cols }, (_, j) => `x${j}`).join(",")},y\n`);
    const blockRows = 20_000;
    for (let start = 0; start < rows; start += blockRows) {
      const lines = [];
      for (let i = start; i < Math.min(rows, start + blockRows); i++) {
        const cells = new Array(cols + 1);
        let eta = 0.5;
        for (let j = 0; j < cols; j++) {
          const x = Number((2 * uniform() - 1).toFixed(6));
          eta += w[j] * x;
          cells[j] = x.toFixed(6);
        }
        // Irwin–Hall: the sum of 12 uniforms minus 6 is close to a standard normal.
        let z = -6;
        for (let k = 0; k < 12; k++) z += uniform();
        cells[cols] = (eta + NOISE * z).toFixed(6);
        lines.push(cells.join(","));
      }
      writeSync(fd, `${lines.join("\n")}\n`);
    }
  } finally {
    closeSync(fd);
  }
  return w;
}

/** Runs the CLI under /usr/bin/time -v; returns its exit code, JSON output, peak RSS and wall time. */
function runCli(path, dtype, staging) {
  const args = ["-v", process.execPath, cli, "fit", path, "--target", "y", "--optimizer", "newton", "--dtype", dtype, "--staging", staging, "--json"];
  const started = performance.now();
  const result = spawnSync(TIME, args, { encoding: "utf8", maxBuffer: 64 * 2 ** 20 });
  const seconds = (performance.now() - started) / 1000;
  const peak = /Maximum resident set size \(kbytes\): (\d+)/.exec(result.stderr ?? "");
  let fit = null;
  try {
    fit = JSON.parse(result.stdout);
  } catch {
    // reported below through the check
  }
  return { code: result.status, fit, peakBytes: peak ? Number(peak[1]) * 1024 : NaN, seconds, stderr: result.stderr ?? "" };
}

/** Peak RSS of Node importing the library and creating a trainer: what any run costs before data. */
function baselineRss() {
  const script = `const { Trainer } = await import(${JSON.stringify(new URL("../../dist/index.js", import.meta.url).href)}); await Trainer.create({});`;
  const result = spawnSync(TIME, ["-v", process.execPath, "--input-type=module", "-e", script], { encoding: "utf8" });
  const peak = /Maximum resident set size \(kbytes\): (\d+)/.exec(result.stderr ?? "");
  return peak ? Number(peak[1]) * 1024 : NaN;
}

export default {
  id: "cli-stream",
  title: "CLI on a ~1 GB CSV: peak RSS against the numeric size",

  async run({ quick, log }) {
    if (!existsSync(TIME)) {
      return { sections: [`## ${this.title}\n\nSkipped: ${TIME} (GNU time) is not installed, so the child's peak RSS cannot be read.`], outcomes: [] };
    }
    const cols = 20;
    // ~200 bytes per row: 5M rows ≈ 1 GB; quick mode ≈ 40 MB.
    const rows = quick ? 200_000 : 5_000_000;
    const dir = mkdtempSync(join(tmpdir(), "wasm-mle-cli-stream-"));
    const path = join(dir, "big.csv");
    const rowsOut = [];
    const outcomes = [];
    try {
      log(`writing ${rows}×${cols + 1} CSV to ${path} …`);
      const w = writeCsv(path, rows, cols);
      const fileBytes = statSync(path).size;
      const baseline = baselineRss();
      for (const [dtype, staging] of [["float64", "file"], ["float32", "file"], ["float64", "memory"], ["float32", "memory"]]) {
        log(`  wasm-mle fit --dtype ${dtype} --staging ${staging} (${bytes(fileBytes)}) …`);
        const run = runCli(path, dtype, staging);
        const bytesPerValue = dtype === "float32" ? 4 : 8;
        const numeric = rows * cols * bytesPerValue;
        const withTarget = rows * (cols + 1) * bytesPerValue;
        const worst = run.fit ? Math.max(...w.map((wj, j) => Math.abs(run.fit.coefficients[`x${j}`] - wj))) : NaN;
        const ok = run.code === 0 && run.fit?.n === rows && worst <= COEFFICIENT_TOLERANCE;
        outcomes.push(outcome("check", `CLI fit of the 1 GB file is right (${dtype}, --staging ${staging})`, ok,
          ok ? `max |coef − w| = ${worst.toExponential(1)}` : `exit ${run.code}: ${run.stderr.split("\n").slice(0, 3).join(" ")}`));
        const peakRatio = run.peakBytes / numeric;
        // The target is for the default; --staging memory is shown to say what the file saves.
        if (staging === "file") {
          outcomes.push(outcome("target", `peak RSS ≤ ${TARGET_RATIO} × rows·cols·bytes (${dtype}, default staging)`, peakRatio <= TARGET_RATIO,
            `${ratio(peakRatio)} (${bytes(run.peakBytes)} for ${bytes(numeric)})`));
        }
        rowsOut.push([dtype, staging, rows.toLocaleString("en-US"), cols, bytes(fileBytes), bytes(numeric), bytes(run.peakBytes), ratio(peakRatio),
          ratio(run.peakBytes / withTarget), ratio((run.peakBytes - baseline) / numeric), `${run.seconds.toFixed(1)} s`]);
        log(`    peak ${bytes(run.peakBytes)} = ${ratio(peakRatio)} of ${bytes(numeric)}, ${run.seconds.toFixed(1)} s`);
      }
      const section = [
        `## ${this.title}`,
        "",
        `\`wasm-mle fit big.csv --target y --optimizer newton --dtype <dtype> --staging <staging> --json\` in a child process on a generated CSV ` +
          `(${cols} feature columns + y, cells like -0.123456); peak RSS = "Maximum resident set size" of \`/usr/bin/time -v\`. ` +
          `The file is read as a stream (csv-parse's stream Parser). With \`--staging memory\` X goes into one in-place-growing typed array, ` +
          `then Trainer.fit copies it into WebAssembly memory: both are resident at that moment, so 2× the numeric size is that design's floor ` +
          `before Node itself (${bytes(baseline)} peak for importing the library and creating a trainer), y (staged in f64, copied by the ` +
          `trainer and into WASM) and csv-parse's buffers. With \`--staging file\` (the default) X goes to an unlinked temporary file in TMPDIR ` +
          `as it is parsed and the trainer reads it back row by row (4 MiB at a time), so only the WASM copy of X is resident; the file's pages ` +
          `sit in the kernel's page cache, which is not counted in RSS and is reclaimable (unless TMPDIR is a tmpfs).`,
        "",
        table(["dtype", "staging", "rows", "cols", "file", "rows·cols·bytes", "peak RSS", "peak / numeric", "peak / (rows·(cols+1)·bytes)", "(peak − Node baseline) / numeric", "wall time"], rowsOut),
      ].join("\n");
      return { sections: [section], outcomes };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
