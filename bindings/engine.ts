// The engine chunk: what trainers run once they exist, imported by loadEngine()
// (bindings/engine-loader.ts) and by nothing else at run time. Every sync method of a Trainer
// reaches its code through the Engine its async factory loaded; a static import of any of these
// modules from the library's API surface would pull them back into the eager bundle
// (scripts/size.js and test/package.test.ts measure it). What only some options reach is in parts
// of its own (bindings/engine-parts.ts), and the training state's decoder comes with
// Trainer.restore only (bindings/training/state-decode.ts). A Model runs bindings/model-engine.ts.
export { validateOptions } from "./options.js";
export { unusedWarningsFor } from "./training/unused-warnings.js";
export { partsNeeded } from "./engine-parts.js";
export { TrainerCore } from "./trainer/core.js";
export { fitModel } from "./trainer/fit.js";
export { evaluateAt, predictMean } from "./trainer/predict.js";
export { crossValidateOn, fitPathOn } from "./trainer/path.js";
export { fitChunk, stageChunk } from "./trainer/chunk.js";
export { kernelSetFor } from "./training/partial-fit.js";
