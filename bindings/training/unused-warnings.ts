import type { ResolvedOptimizer, ValidatedOptions } from "../options.js";

/** A fit's warnings about the options given that its optimizer does not use. */
export type UnusedWarnings = (o: ValidatedOptions, ran: ResolvedOptimizer) => string[];

/**
 * The warnings of a trainer's fits about `given` (the options of UNUSED_OPTION_NAMES it was given), or
 * null for none: Trainer.create loads their table (training/unused-options.ts) only then, so a first
 * fit without one downloads nothing more.
 */
export function unusedWarningsFor(given: readonly string[]): Promise<UnusedWarnings> | null {
  return given.length === 0 ? null : import("./unused-options.js").then((table) => (o, ran) => table.unusedOptionWarnings(given, o, ran));
}
