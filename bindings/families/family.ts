/**
 * What the host needs to know about a likelihood family; the loss itself lives in assembly/families.
 *
 * @example
 * ```ts
 * import { FAMILIES, type Family } from "wasm-mle";
 * const poisson: Family = FAMILIES.poisson;
 * console.log(poisson.link, poisson.nll, poisson.checkResponse(-1, 1)); // "log", its nll, why −1 is refused
 * ```
 * Host-side logarithms use special/elementary.ts's ln, not Math.log: engines may differ by an ulp
 * (V8 in Node 20 and Chromium 156 do, seen here), and a start that differs by an ulp makes the
 * whole fit differ. That ln is plain arithmetic, so fits are bit-identical on every host.
 */
export interface Family {
  /** The family's name, its key in FAMILIES. */
  readonly name: FamilyName;
  /** The id the WASM kernels switch on (assembly/trainer.ts FAMILY_*). */
  readonly abiId: number;
  /** The link g with g(μ) = η: identity, logit, log, or softmax (multinomial). */
  readonly link: "identity" | "logit" | "log" | "softmax";
  /** Human-readable domain of y, used in error messages and docs. */
  readonly responseDomain: string;
  /** The nll on η, as documented (terms constant in the parameters dropped). */
  readonly nll: string;
  /** null when y is valid, else why not. */
  checkResponse(value: number, classes: number): string | null;
  /** The intercept-only maximum-likelihood estimate, length K: where every fit starts. */
  interceptStart(y: ArrayLike<number>, weights: ArrayLike<number> | undefined, classes: number): Float64Array;
  /**
   * The log-likelihood at the fitted parameters from the weighted data loss L = Σ sᵢ·nllᵢ
   * (without penalty), W = Σ sᵢ, and y for any constants nll dropped.
   */
  logLikelihood(dataLoss: number, weightTotal: number, y: ArrayLike<number>, weights: ArrayLike<number> | undefined): number;
}

/**
 * The likelihood families: gaussian (identity link), bernoulli (logit), poisson (log), multinomial (softmax).
 *
 * @example
 * ```ts
 * import { Trainer, type FamilyName } from "wasm-mle";
 * const family: FamilyName = "poisson";
 * const trainer = await Trainer.create({ family });
 * ```
 */
export type FamilyName = "gaussian" | "bernoulli" | "poisson" | "multinomial";

export function weightedMean(y: ArrayLike<number>, weights: ArrayLike<number> | undefined): number {
  let sum = 0;
  let total = 0;
  for (let i = 0; i < y.length; i++) {
    const s = weights ? weights[i] : 1;
    sum += s * y[i];
    total += s;
  }
  return sum / total;
}
