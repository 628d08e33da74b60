/**
 * The options that only some optimizers use (their table: training/unused-options.ts). Trainer.create
 * loads that table only when the caller gave one of these, so a first fit with none downloads nothing more.
 */
export const UNUSED_OPTION_NAMES = ["learningRate", "epochs", "patience", "batchSize", "sampling", "seed", "maxIterations", "lbfgsMemory", "collinear"] as const;

/** Whether any of the options given may go unused by some optimizer. */
export function mayGoUnused(given: readonly string[]): boolean {
  return given.some((name) => (UNUSED_OPTION_NAMES as readonly string[]).includes(name));
}
