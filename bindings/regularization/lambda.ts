import { InvalidOptionError } from "../errors.js";
import { ownOptions, type ValidatedOptions } from "../options.js";
import { optionArray } from "../option-checks.js";

/** The smallest α used for λ_max, so a ridge-like path (α → 0) still starts somewhere finite (glmnet: max(alpha, 1e-3)). */
export const ALPHA_FLOOR_FOR_LAMBDA_MAX = 1e-3;

/**
 * Options of {@link Trainer.fitPath} (and of {@link Trainer.crossValidate}): glmnet's (λ, α) and its λ sequence.
 *
 * @example
 * ```ts
 * import { Trainer, type PathOptions } from "wasm-mle";
 * const X = [[0.1, 1.2], [0.8, 0.3], [1.5, 2.2], [2.1, 0.4], [2.9, 1.9], [3.3, 0.8], [4.2, 2.5], [4.8, 0.1]];
 * const y = [0.9, 1.6, 3.4, 3.1, 5.2, 4.4, 6.9, 5.3];
 * const options: PathOptions = { alpha: 0.5, nLambda: 20 };
 * const trainer = await Trainer.create({ family: "gaussian" });
 * console.log(trainer.fitPath(X, y, options).lambdas.length); // ≤ 20 (a default path may end early)
 * trainer.dispose();
 * ```
 */
export interface PathOptions {
  /** The elastic-net mix α ∈ [0, 1]: l1 = λα, l2 = λ(1 − α) (gaussian: λ(1 − α)/σ_y), default 1 (lasso). */
  alpha?: number;
  /** Number of λ values of the default sequence (default 100). */
  nLambda?: number;
  /** λ_min/λ_max of the default sequence, in (0, 1) (default 1e-2 when rows < features, else 1e-4). */
  lambdaMinRatio?: number;
  /** The λ values instead of the default sequence: finite, ≥ 0, fitted in decreasing order, no early end. */
  lambdas?: ArrayLike<number>;
  /** One weight sᵢ ≥ 0 per row (frequency weights); default all 1. */
  sampleWeight?: ArrayLike<number>;
}

export interface ValidatedPathOptions {
  readonly alpha: number;
  readonly nLambda: number;
  readonly lambdaMinRatio: number | null;
  readonly lambdas: Float64Array | null;
  readonly sampleWeight: ArrayLike<number> | undefined;
}

const PATH_OPTION_NAMES = ["alpha", "nLambda", "lambdaMinRatio", "lambdas", "sampleWeight"];

/** Validates fitPath/crossValidate options once (extra names allowed: `extra`). */
export function validatePathOptions(value: unknown, extra: readonly string[] = []): { path: ValidatedPathOptions; raw: Record<string, unknown> } {
  const raw = ownOptions(value ?? {}, "pathOptions", "a plain object { alpha?, nLambda?, lambdaMinRatio?, lambdas?, sampleWeight? }");
  for (const key of Object.keys(raw)) {
    if (!PATH_OPTION_NAMES.includes(key) && !extra.includes(key)) {
      throw new InvalidOptionError(key, raw[key], `a known option (${[...PATH_OPTION_NAMES, ...extra].join(", ")})`);
    }
  }
  const alpha = numberIn("alpha", raw.alpha, 1, (v) => v >= 0 && v <= 1, "a number in [0, 1]");
  const nLambda = numberIn("nLambda", raw.nLambda, 100, (v) => Number.isInteger(v) && v >= 1 && v <= 100_000, "an integer from 1 to 100000");
  const lambdaMinRatio = raw.lambdaMinRatio === undefined ? null : numberIn("lambdaMinRatio", raw.lambdaMinRatio, 0, (v) => v > 0 && v < 1, "a number in (0, 1)");
  let lambdas: Float64Array | null = null;
  if (raw.lambdas !== undefined) {
    const expected = "a non-empty array of finite numbers ≥ 0";
    const list = optionArray("lambdas", raw.lambdas, expected, true);
    if (list === null) throw new InvalidOptionError("lambdas", raw.lambdas, expected);
    if (list.length === 0 || !list.every((v) => typeof v === "number" && Number.isFinite(v) && v >= 0)) throw new InvalidOptionError("lambdas", raw.lambdas, expected);
    lambdas = Float64Array.from(list as number[]).sort().reverse();
    if (raw.nLambda !== undefined || raw.lambdaMinRatio !== undefined) {
      throw new InvalidOptionError(raw.nLambda !== undefined ? "nLambda" : "lambdaMinRatio", raw.nLambda ?? raw.lambdaMinRatio, "no nLambda/lambdaMinRatio together with lambdas (they describe the default sequence)");
    }
  }
  return { path: Object.freeze({ alpha, nLambda, lambdaMinRatio, lambdas, sampleWeight: raw.sampleWeight as ArrayLike<number> | undefined }), raw };
}

function numberIn(option: string, value: unknown, fallback: number, valid: (v: number) => boolean, expected: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isFinite(value) || !valid(value)) throw new InvalidOptionError(option, value, expected);
  return value;
}

/**
 * glmnet's default sequence: nLambda values from λ_max down to λ_max·ratio, equally spaced in log λ.
 * see: glmnet (R) glmnet.R: lambda.min.ratio = ifelse(nobs < nvars, 1e-2, 1e-4); Fortran: alf = flmin^(1/(nlam−1)).
 */
export function lambdaSequence(lambdaMax: number, nLambda: number, ratio: number): Float64Array {
  if (nLambda === 1) return Float64Array.of(lambdaMax);
  const step = Math.pow(ratio, 1 / (nLambda - 1));
  const out = new Float64Array(nLambda);
  out[0] = lambdaMax;
  for (let i = 1; i < nLambda; i++) out[i] = out[i - 1] * step;
  return out;
}

/** The default λ_min/λ_max: glmnet's 1e-2 when there are fewer rows than features, else 1e-4 (see: glmnet.R, ifelse(nobs < nvars, 1e-2, 1e-4)). */
export function defaultLambdaMinRatio(rows: number, cols: number): number {
  return rows < cols ? 1e-2 : 1e-4;
}

/**
 * (l1, l2) of one λ: l1 = λα and l2 = λ(1 − α), except gaussian's ridge part, which glmnet divides
 * by σ_y because it fits y/σ_y at λ/σ_y (then (1/2W)·Σ s·r² + λα‖w‖₁ + λ(1 − α)/(2σ_y)·‖w‖²).
 */
export function penaltiesAt(lambda: number, alpha: number, o: ValidatedOptions, responseScale: number): { l1: number; l2: number } {
  const ridge = lambda * (1 - alpha);
  // (responseScale > 0: runPath passes 1 for a constant y)
  return { l1: lambda * alpha, l2: o.family.name === "gaussian" ? ridge / responseScale : ridge };
}
