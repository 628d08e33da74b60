// What a Model runs (its document checks, option validation and prediction), imported by
// loadModelEngine() (bindings/engine-loader.ts) for Model.fromJSON: an app that only loads saved
// models and predicts downloads this, not the trainer engine (bindings/engine.ts); the modules
// both use land in chunks they share.
export { validateOptions } from "./options.js";
export { checkModelData } from "./model-checks.js";
export { predictInMemory } from "./session.js";
