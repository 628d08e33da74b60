// Scenario: peak WebAssembly memory of a fit (issue item 7). The data must live in WASM memory
// once, in the chosen dtype: peak ≤ 1.2·n·d·bytes + O(n + d·K).
import { Trainer } from "../../dist/index.js";
import { makeRegression, dataFor } from "../lib/data.js";
import { bytes, outcome, table } from "../lib/report.js";

/**
 * The O(n + d·K) allowance, with its constants: per row 16 bytes (y and sample weights in the
 * dtype plus the u32 visiting order: at most 8 + 8 + 4 = 20 in f64, 12 in f32; 16 covers every
 * f32 layout and all but weighted f64 ones), per parameter 64 bytes (W, G and optimizer scratch),
 * and a fixed 1 MiB (static data below the heap base, 64 KiB page rounding, per-chunk scratch).
 */
const PER_ROW_BYTES = 16;
const PER_PARAMETER_BYTES = 64;
const FIXED_BYTES = 2 ** 20;
const DATA_FACTOR = 1.2;

export function memoryBudget(n, d, K, bytesPerValue) {
  return DATA_FACTOR * n * d * bytesPerValue + PER_ROW_BYTES * n + PER_PARAMETER_BYTES * d * K + FIXED_BYTES;
}

export default {
  id: "memory",
  title: "Peak WebAssembly memory of a fit",

  async run({ quick, overrides, log }) {
    const n = overrides.memoryRows ?? (quick ? 100_000 : 1_000_000);
    const d = 32;
    const K = 1;
    log(`data ${n}×${d} for the memory scenario …`);
    const problem = makeRegression(n, d, 99);
    const rows = [];
    const outcomes = [];
    for (const dtype of ["float32", "float64"]) {
      const bytesPerValue = dtype === "float32" ? 4 : 8;
      const { X, y } = dataFor(problem, dtype);
      const trainer = await Trainer.create({ family: "gaussian", optimizer: "sgd", dtype, epochs: 1, batchSize: 32, learningRate: 0.01, tolerance: 0 });
      try {
        const before = trainer.memoryBytes;
        trainer.fit({ data: X, rows: n, cols: d }, y);
        const afterFit = trainer.memoryBytes;
        trainer.fit({ data: X, rows: n, cols: d }, y);
        const afterRefit = trainer.memoryBytes;
        const dataBytes = n * d * bytesPerValue;
        const budget = memoryBudget(n, d, K, bytesPerValue);
        log(`  ${dtype}: ${bytes(afterFit)} after fit (data ${bytes(dataBytes)}, budget ${bytes(budget)})`);
        rows.push([n, d, dtype, bytes(before), bytes(dataBytes), bytes(afterFit), `${(afterFit / dataBytes).toFixed(3)}×`, bytes(budget), bytes(afterRefit)]);
        // The issue states the requirement at 1M×32 f32; f64 is shown and checked the same way.
        outcomes.push(outcome("check", `peak WASM memory ≤ budget (${n}×${d} ${dtype})`, afterFit <= budget,
          `${bytes(afterFit)} = ${(afterFit / dataBytes).toFixed(3)}·n·d·${bytesPerValue} B`, `budget ${bytes(budget)}`));
        outcomes.push(outcome("check", `a second fit of the same size does not grow memory (${dtype})`, afterRefit === afterFit, `${bytes(afterRefit)}`));
      } finally {
        trainer.dispose();
      }
    }
    const section = [
      `## ${this.title}`,
      "",
      `Trainer.fit of ${n}×${d} (gaussian, sgd, 1 epoch) with X passed as { data: TypedArray, rows, cols }; memory = trainer.memoryBytes ` +
      `(the instance's WebAssembly.Memory size, which only grows, so after the fit it is the fit's peak). ` +
      `Budget = ${DATA_FACTOR}·n·d·bytes + ${PER_ROW_BYTES} B/row + ${PER_PARAMETER_BYTES} B/parameter + 1 MiB (see bench/scenarios/memory.js for what each term covers). ` +
      `JS-side copies (the caller's own arrays) are not WASM memory and are not counted.`,
      "",
      table(["n", "d", "dtype", "before fit", "n·d·bytes", "after fit (peak)", "peak / data", "budget", "after a 2nd fit"], rows),
    ].join("\n");
    return { sections: [section], outcomes };
  },
};
