// The engine's lbfgs part (bindings/engine-parts.ts): the L-BFGS optimizer in standardised
// coordinates, loaded with a trainer whose options can resolve to "lbfgs" ("lbfgs", or "auto"
// without l1, standardize or factors). Its minimiser is shared with the separation part.
export { lbfgs } from "../optimizers/lbfgs.js";
