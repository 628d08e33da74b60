// Scenario: streaming (issue 9 item 5). ≥ 5 GB of generated rows (more than wasm32 can address)
// go through Trainer.partialFit one chunk at a time in a child process (bench/scenarios/stream-child.js),
// once per mode: "staged", the generator writes each chunk into the trainer's chunkBuffer views and
// partialFit reads it in place, checking each batch as the epoch reaches it; "copied", the generator
// writes the caller's own typed arrays and partialFit copies and checks them on the way in.
// Throughput = rows / CPU time inside partialFit (the generator's time is left out); its median
// chunk is set against the median in-memory sgd epoch (CPU time) over 2^20 rows of the same
// generator in the same child, "sequential" (the like-for-like pass: rows in stored order, one
// update per batch) and "shuffle" (fit's default). Peak memory = process.resourceUsage().maxRSS
// against the RSS of Node + library + trainer before any data, in chunks (a chunk = its X and y bytes).
// Targets (staged): rate ≥ 80 % of the sequential in-memory epoch; peak − baseline ≤ 2 chunks, the
// library's chunk region counted and no caller buffer besides it.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { bytes, outcome, rate, ratio, table } from "../lib/report.js";

const child = fileURLToPath(new URL("./stream-child.js", import.meta.url));
const FEATURES = 32;
const BATCH = 32;
const CHUNK_ROWS = 262_144;
const MEMORY_ROWS = 1_048_576;
const TARGET_RATE = 0.8;
const TARGET_CHUNKS = 2;
/** Least squares on 20M rows of y = 0.5 + x·w + 0.1·noise at lr 0.01: within 0.01 of w, or something is wrong. */
const COEFFICIENT_TOLERANCE = 0.01;

export default {
  id: "stream",
  title: "Streaming ≥ 5 GB through partialFit: throughput and peak memory",

  async run({ quick, log }) {
    const totalBytes = quick ? 64 * 2 ** 20 : 5 * 2 ** 30;
    const memoryRows = quick ? 65_536 : MEMORY_ROWS;
    const rowsOut = [];
    const outcomes = [];
    for (const dtype of ["float64", "float32"]) {
      for (const mode of ["staged", "copied"]) {
        log(`  ${dtype}, ${mode}: streaming ${bytes(totalBytes)} in chunks of ${CHUNK_ROWS} rows × ${FEATURES} …`);
        const run = spawnSync(process.execPath, [child, dtype, FEATURES, CHUNK_ROWS, totalBytes, BATCH, memoryRows, mode].map(String), {
          encoding: "utf8", maxBuffer: 2 ** 24,
        });
        let r = null;
        try {
          r = JSON.parse(run.stdout);
        } catch {
          outcomes.push(outcome("check", `stream child ran (${dtype}, ${mode})`, false, `exit ${run.status}: ${(run.stderr ?? "").split("\n").slice(0, 3).join(" ")}`));
          continue;
        }
        outcomes.push(outcome("check", `streamed fit recovers the coefficients (${dtype}, ${mode})`, r.worst <= COEFFICIENT_TOLERANCE, `max |θ − truth| = ${r.worst.toExponential(1)}`));
        const vsSequential = r.medianChunkRate / r.inMemory.sequential;
        const vsShuffle = r.medianChunkRate / r.inMemory.shuffle;
        const overBaseline = r.peak - r.rssBefore;
        const chunks = overBaseline / r.chunkBytes;
        if (mode === "staged") {
          outcomes.push(outcome("target", `partialFit rate ≥ ${TARGET_RATE * 100} % of the sequential in-memory sgd epoch (${dtype}, chunk buffer)`, vsSequential >= TARGET_RATE,
            `${ratio(vsSequential)} (${ratio(vsShuffle)} of a shuffled epoch)`));
          outcomes.push(outcome("target", `peak memory ≤ ${TARGET_CHUNKS} chunks, no caller buffer (${dtype}, chunk buffer)`, chunks <= TARGET_CHUNKS, `${chunks.toFixed(2)} chunks`));
        }
        rowsOut.push([dtype, mode === "staged" ? "chunk buffer" : "caller's arrays, copied", r.rows.toLocaleString("en-US"), bytes(r.streamedBytes), bytes(r.chunkBytes),
          `${rate(r.streamRate)} rows/s`, `${rate(r.medianChunkRate)} rows/s`, `${rate(r.inMemory.sequential)} rows/s`, ratio(vsSequential),
          `${rate(r.inMemory.shuffle)} rows/s`, ratio(vsShuffle), bytes(overBaseline), chunks.toFixed(2)]);
        log(`    ${rate(r.medianChunkRate)} rows/s median chunk (${ratio(vsSequential)} of sequential, ${ratio(vsShuffle)} of shuffled in-memory); peak ${chunks.toFixed(2)} chunks over baseline`);
      }
    }
    const section = [
      `## ${this.title}`,
      "",
      `Generated gaussian rows (d = ${FEATURES}, xorshift32 uniforms, y = 0.5 + x·w + 0.1·noise) streamed through \`partialFit\` (sgd, batch ${BATCH}, SIMD) in chunks of ` +
        `${CHUNK_ROWS.toLocaleString("en-US")} rows, ${bytes(totalBytes)} per run, one child process per row. "chunk buffer": the generator writes each chunk into ` +
        "`trainer.chunkBuffer(rows, cols)`'s views and partialFit reads it in place, checking each batch (X finite, y in the family's domain, weights) just before its update; " +
        "\"caller's arrays, copied\": the generator writes the caller's own Float64Array/Float32Array and partialFit copies and checks it. Timed: CPU time inside partialFit only " +
        "(the generator's time is not counted); \"total\" = rows / all that time, \"median chunk\" = rows of one chunk / the median chunk's time, which the ratios set against " +
        `the median of 3 in-memory \`fit\` epochs (CPU time) over ${memoryRows.toLocaleString("en-US")} rows of the same generator already in WASM memory, with sampling "sequential" ` +
        "(the like-for-like pass) and \"shuffle\" (fit's default, slower from scattered reads). Peak = maxRSS of the child over its RSS after importing the library and creating " +
        "the trainer, in chunks of X and y bytes: the chunk buffer's run holds the library's one chunk region and no other copy; the copying run holds the caller's buffer and the library's copy.",
      "",
      table(["dtype", "chunks from", "rows", "streamed", "chunk", "partialFit (total)", "partialFit (median chunk)", "in-memory sequential", "ratio", "in-memory shuffle", "ratio",
        "peak − baseline", "in chunks"], rowsOut),
    ].join("\n");
    return { sections: [section], outcomes };
  },
};
