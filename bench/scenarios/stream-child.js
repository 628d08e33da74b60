// Child process of bench/scenarios/stream.js: streams generated rows through Trainer.partialFit
// and reports, as JSON on stdout, the CPU time spent inside partialFit, the peak RSS
// (process.resourceUsage().maxRSS, read before any other large allocation) against the RSS just
// before the first chunk, and then the in-memory epoch rate of the same rows for comparison.
// Modes: "staged" fills the trainer's chunkBuffer views (partialFit reads them in place, checking
// each batch as it goes); "copied" fills the caller's own typed arrays, which partialFit copies in.
// Usage: node stream-child.js <dtype> <features> <chunkRows> <totalBytes> <batchSize> <memoryRows> <mode>
import { Trainer } from "../../dist/index.js";

const [dtype, d, chunkRows, totalBytes, batchSize, memoryRows, mode] = process.argv.slice(2).map((v, k) => (k === 0 || k === 6 ? v : Number(v)));
const bytesPerValue = dtype === "float32" ? 4 : 8;
const rowBytes = (d + 1) * bytesPerValue;
const chunks = Math.ceil(totalBytes / (chunkRows * rowBytes));
const truth = Float64Array.from({ length: d }, (_, j) => ((j % 7) - 3) / 8);

/** xorshift32 uniforms in [−1, 1) and y = 0.5 + x·truth + 0.1·noise, written into reused buffers. */
let seed = 2463534242;
function fill(X, y, rows) {
  for (let i = 0; i < rows; i++) {
    let eta = 0.5;
    for (let j = 0; j < d; j++) {
      seed ^= seed << 13; seed ^= seed >>> 17; seed ^= seed << 5;
      const x = (seed >>> 0) / 2147483648 - 1;
      X[i * d + j] = x;
      eta += x * truth[j];
    }
    seed ^= seed << 13; seed ^= seed >>> 17; seed ^= seed << 5;
    y[i] = eta + 0.1 * ((seed >>> 0) / 2147483648 - 1);
  }
}

const cpu = () => { const { user, system } = process.cpuUsage(); return (user + system) / 1e6; };
const options = { optimizer: "sgd", learningRate: 0.01, batchSize, dtype, kernels: "simd" };
const stream = await Trainer.create(options);
const Array_ = dtype === "float32" ? Float32Array : Float64Array;
// Node, the library and a trainer, before any data: what the run costs without streaming.
const rssBefore = process.memoryUsage().rss;
// staged: the library's chunk region is the only chunk; copied: the caller's buffer, then the library's copy
const buffer = mode === "staged" ? stream.chunkBuffer(chunkRows, d) : null;
const X = buffer ? buffer.X.data : new Array_(chunkRows * d);
const y = buffer ? buffer.y : new Array_(chunkRows);
const matrix = { data: X, rows: chunkRows, cols: d };
let inside = 0;
const perChunk = [];
for (let k = 0; k < chunks; k++) {
  fill(X, y, chunkRows);
  const started = cpu();
  stream.partialFit(matrix, y);
  const spent = cpu() - started;
  inside += spent;
  perChunk.push(spent);
}
perChunk.sort((a, b) => a - b);
const peak = process.resourceUsage().maxRSS * 1024;
const state = stream.saveState();
const theta = new Float64Array(d + 1);
const bytes = Uint8Array.from(state.theta.match(/../g), (h) => parseInt(h, 16));
(dtype === "float32" ? new Float32Array(bytes.buffer) : new Float64Array(bytes.buffer)).forEach((v, j) => (theta[j] = v));
const worst = Math.max(...truth.map((w, j) => Math.abs(theta[j] - w)), Math.abs(theta[d] - 0.5));
stream.dispose();

// In-memory epochs over memoryRows rows of the same generator, one fit per sampler.
const XM = new Array_(memoryRows * d);
const yM = new Array_(memoryRows);
fill(XM, yM, memoryRows);
const inMemory = {};
for (const sampling of ["sequential", "shuffle"]) {
  const trainer = await Trainer.create({ ...options, sampling, epochs: 4, tolerance: 0 });
  const marks = [];
  trainer.fit({ data: XM, rows: memoryRows, cols: d }, yM, { onEpoch: () => void marks.push(cpu()) });
  trainer.dispose();
  const gaps = marks.slice(1).map((m, k) => m - marks[k]).sort((a, b) => a - b);
  inMemory[sampling] = memoryRows / gaps[gaps.length >> 1];
}
process.stdout.write(JSON.stringify({
  mode, chunks, rows: chunks * chunkRows, streamedBytes: chunks * chunkRows * rowBytes, chunkBytes: chunkRows * rowBytes,
  streamRate: (chunks * chunkRows) / inside, medianChunkRate: chunkRows / perChunk[perChunk.length >> 1], insideSeconds: inside, rssBefore, peak, worst, inMemory,
}));
