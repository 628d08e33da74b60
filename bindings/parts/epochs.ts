// The engine's epochs part (bindings/engine-parts.ts): what only gd, sgd and the adaptive
// optimizers run — their epoch loop, the validation rows and monitor of early stopping, and the
// chunk buffer partialFit reads in place — loaded with a trainer whose optimizer is one of them.
export { gradientDescent } from "../optimizers/gradient-descent.js";
export { splitForValidation, ValidationMonitor } from "../training/validation.js";
export { ChunkStaging } from "../training/staging.js";
