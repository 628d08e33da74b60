import type { Family, FamilyName } from "./family.js";
import { gaussian } from "./gaussian.js";
import { bernoulli } from "./bernoulli.js";
import { poisson } from "./poisson.js";
import { multinomial } from "./multinomial.js";

export type { Family, FamilyName } from "./family.js";

export const FAMILIES: Readonly<Record<FamilyName, Family>> = { gaussian, bernoulli, poisson, multinomial };
