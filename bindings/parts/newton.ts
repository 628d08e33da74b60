// The engine's newton part (bindings/engine-parts.ts): Newton/IRLS's loop, loaded with a trainer
// whose options can resolve to "newton" ("newton", or "auto" without l1, standardize or factors).
export { newton } from "../optimizers/newton.js";
