// The library under test: Trainer with the SIMD or the scalar kernel binary.
import { Trainer } from "../../dist/index.js";
import { dataFor } from "../lib/data.js";

/** A variant over any build's Trainer class (bench/scenarios/sgd-vs-previous.js loads another revision's). */
export function trainerVariant(kernels, label, TrainerClass = Trainer, id = kernels) {
  return {
    id,
    label,
    timing: "epochs",
    supports: () => true,
    /** A trainer for one grid cell; fit() copies the data in and runs `epochs` epochs from the usual start. */
    async open(problem, cell) {
      const { X, y } = dataFor(problem, cell.dtype);
      const matrix = { data: X, rows: problem.n, cols: problem.d };
      const trainer = await TrainerClass.create({
        family: "gaussian", optimizer: cell.optimizer ?? "sgd", kernels, dtype: cell.dtype, batchSize: cell.batchSize,
        learningRate: cell.learningRate, l2: cell.l2, seed: cell.seed, epochs: cell.epochs, tolerance: 0,
      });
      if (trainer.kernels !== kernels) throw new Error(`asked for ${kernels} kernels, got ${trainer.kernels}`);
      return {
        fit(epochs, onEpoch) {
          if (epochs !== cell.epochs) throw new Error(`this trainer was created for ${cell.epochs} epochs, not ${epochs}`);
          const fit = trainer.fit(matrix, y, onEpoch ? { onEpoch: () => { onEpoch(); } } : {});
          return { W: fit.coefficients, b: fit.intercept[0] };
        },
        get memoryBytes() {
          return trainer.memoryBytes;
        },
        close() {
          trainer.dispose();
        },
      };
    },
  };
}

export const wasmSimd = trainerVariant("simd", "wasm-mle SIMD");
export const wasmScalar = trainerVariant("scalar", "wasm-mle scalar");
