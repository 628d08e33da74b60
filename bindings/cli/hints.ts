/**
 * The library's advice is written for its API (`collinear: "drop"`, `l2: 1e-4`, `optimizer
 * "lbfgs"`); a CLI user needs the flags. Each rule rewrites one phrasing the library uses
 * (bindings/errors.ts, optimizers/exact-work.ts, optimizers/lbfgs.ts, optimizers/newton.ts,
 * inference/summary.ts, numbers.ts); test/cli/syntax.test.ts holds them against the library's text.
 */
const RULES: readonly [RegExp, string][] = [
  [/\bpass collinear: "drop"/g, "give --collinear drop"],
  [/\bcollinear: "drop"/g, "--collinear drop"],
  [/\(for example l2: ([^)]+)\)/g, "(for example --l2 $1)"],
  [/\bl2: (\d[\w.+-]*)/g, "--l2 $1"],
  [/\bl2 > 0\b/g, "--l2 1e-4"],
  [/\bwith l2\b/g, "with --l2"],
  [/\buse l2 to\b/g, "use --l2 to"],
  [/\boptimizer "(newton|lbfgs|gd|sgd|auto)"/gi, "--optimizer $1"],
  [/\bdtype "(float32|float64)"/g, "--dtype $1"],
  [/\b[Ss]chedule "(constant|invscaling|optimal|step|exponential|cosine|adaptive)"/g, "--schedule $1"],
  [/, or float64\)/g, ", or --dtype float64)"],
  [/\blearningRate than (\S+) \(for example (\S+)\)/g, "--learning-rate than $1 (for example --learning-rate $2)"],
  [/\blearningRate\b/g, "--learning-rate"],
  [/\(maxIterations\)/g, "(--max-iterations)"],
  [/\b([Ss])tandardise the features\b/g, "$1tandardise the features (--standardize)"],
  [/\bfit without an intercept\b/g, "fit without an intercept (--no-intercept)"],
  [/\brelabel y and lower classes\b/g, "relabel y and lower --classes"],
  [/\b([Aa]dd) an [Ll]2 penalty(?! \()/g, "$1 an L2 penalty (--l2 1e-4)"],
  [/\bfit fewer features to get a summary\b/g, "fit fewer features (--features) to get a summary, or skip it (--no-summary)"],
];

/** A library message (error or warning) with its advice in CLI syntax. */
export function cliHints(message: string): string {
  let out = message;
  for (const [pattern, replacement] of RULES) out = out.replace(pattern, replacement);
  return out;
}
