// The engine's separation part (bindings/engine-parts.ts): the check after a fit that a finite
// maximum-likelihood estimate exists (the rays, the linear program, the certificate), which only
// bernoulli, poisson and multinomial fits can fail; loaded with a trainer of those families.
export { checkExistenceAfterFit, checkUnpenalisedExistence, separationBehind } from "../diagnostics/diverging-direction.js";
