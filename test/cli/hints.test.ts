// cliHints rewrites each phrasing of the library's advice into the CLI's flags (one rule each,
// bindings/cli/hints.ts); test/cli/syntax.test.ts holds the rules against real library messages,
// this file holds every rule, exactly, including the ones no message in that file exercises.
import { describe, expect, test } from "vitest";
import { cliHints } from "../../dist/cli/hints.js";

describe("cliHints", () => {
  test.each([
    ['or pass collinear: "drop" to fit without them.', "or give --collinear drop to fit without them."],
    ['with collinear: "drop" they are dropped', "with --collinear drop they are dropped"],
    ["add a penalty (for example l2: 1e-4) to fix it", "add a penalty (for example --l2 1e-4) to fix it"],
    ["l2: 0.5 is too small", "--l2 0.5 is too small"],
    ["it needs l2 > 0 here", "it needs --l2 1e-4 here"],
    ["lbfgs with l2 also fits it", "lbfgs with --l2 also fits it"],
    ["(use l2 to regularise it instead)", "(use --l2 to regularise it instead)"],
    ['use optimizer "lbfgs" instead, or optimizer "Newton"', "use --optimizer lbfgs instead, or --optimizer Newton"],
    ['switch to dtype "float32"', "switch to --dtype float32"],
    ['Schedule "optimal" does not use it; schedule "cosine" does', "--schedule optimal does not use it; --schedule cosine does"],
    ["(float32 storage, or float64)", "(float32 storage, or --dtype float64)"],
    ["Try a smaller learningRate than 2 (for example 0.2).", "Try a smaller --learning-rate than 2 (for example --learning-rate 0.2)."],
    ["lower the learningRate", "lower the --learning-rate"],
    ["within 30 iterations (maxIterations)", "within 30 iterations (--max-iterations)"],
    ["Standardise the features, or standardise the features", "Standardise the features (--standardize), or standardise the features (--standardize)"],
    ["or fit without an intercept", "or fit without an intercept (--no-intercept)"],
    ["relabel y and lower classes", "relabel y and lower --classes"],
    ["Add an L2 penalty to get finite estimates; add an l2 penalty", "Add an L2 penalty (--l2 1e-4) to get finite estimates; add an L2 penalty (--l2 1e-4)"],
    ["Add an L2 penalty (for example l2: 1e-4)", "Add an L2 penalty (for example --l2 1e-4)"],
    ["fit fewer features to get a summary", "fit fewer features (--features) to get a summary, or skip it (--no-summary)"],
    ["nothing to translate: l2norm, learningRates2", "nothing to translate: l2norm, learningRates2"],
  ])("%s", (message, translated) => {
    expect(cliHints(message)).toBe(translated);
  });
});
