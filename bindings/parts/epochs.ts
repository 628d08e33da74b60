// The engine's epochs part (bindings/engine-parts.ts): what only gd, sgd and the adaptive
// optimizers run — their epoch loop, the validation rows and monitor of early stopping, the
// chunk buffer partialFit reads in place, and partialFit's and chunkBuffer's work once their
// checks have let them run (trainer/chunk.ts) — loaded with a trainer whose optimizer is one of them.
export { gradientDescent } from "../optimizers/gradient-descent.js";
export { splitForValidation, ValidationMonitor } from "../training/validation.js";
export { ChunkStaging } from "../training/staging.js";
export { passChunk, stageRows } from "../trainer/chunk-pass.js";
