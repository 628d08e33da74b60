import { InvalidOptionError, describe } from "../errors.js";
import { ownOptions } from "../option-checks.js";
import type { SummaryOptions } from "./summary.js";

// Apart from summary.ts: a fit rebuilt from data (FitResult.fromJSON) checks summary options without
// the statistics code, which stays in the engine chunk (bindings/engine.ts).

const SUMMARY_OPTION_NAMES = ["level", "covariance"];
const DEFAULT_LEVEL = 0.95;

/** Checks summary options once; names the bad value and what would be valid. */
export function validateSummaryOptions(options: unknown): Required<SummaryOptions> {
  if (options === undefined) return { level: DEFAULT_LEVEL, covariance: "fisher" };
  // own enumerable keys of a plain object only, as for the trainer's options (an inherited
  // Object.prototype.level is not an option; a Map is refused, not read as the defaults)
  const own = ownOptions(options, "summary options", "a plain object { level?, covariance? }");
  for (const key of Object.keys(own)) {
    if (!SUMMARY_OPTION_NAMES.includes(key)) {
      throw new InvalidOptionError(key, own[key], `a known summary option (${SUMMARY_OPTION_NAMES.join(", ")})`);
    }
  }
  const { level = DEFAULT_LEVEL, covariance = "fisher" } = own as SummaryOptions;
  if (typeof level !== "number" || !(level > 0 && level < 1)) throw new InvalidOptionError("level", level, "a number strictly between 0 and 1, such as 0.95");
  if (covariance !== "fisher" && covariance !== "sandwich") throw new InvalidOptionError("covariance", covariance, `"fisher" or "sandwich", got ${describe(covariance)}`);
  return { level, covariance };
}
