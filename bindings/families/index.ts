import type { Family, FamilyName } from "./family.js";
import { gaussian } from "./gaussian.js";
import { bernoulli } from "./bernoulli.js";
import { poisson } from "./poisson.js";
import { multinomial } from "./multinomial.js";

export type { Family, FamilyName } from "./family.js";

/**
 * The families by name. Frozen, table and entries alike: validated options hold these objects, so
 * a caller who could change `FAMILIES.poisson.checkResponse` would change what later fits accept.
 *
 * @example
 * ```ts
 * import { FAMILIES } from "wasm-mle";
 * for (const family of Object.values(FAMILIES)) console.log(family.name, family.link, family.responseDomain);
 * ```
 */
export const FAMILIES: Readonly<Record<FamilyName, Family>> = Object.freeze({
  gaussian: Object.freeze(gaussian),
  bernoulli: Object.freeze(bernoulli),
  poisson: Object.freeze(poisson),
  multinomial: Object.freeze(multinomial),
});
