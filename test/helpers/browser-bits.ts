import { hexToFloat64 } from "../browser/scenarios.js";
import type { ScenarioResult } from "../browser/scenarios.js";

/** Result fields holding float64 bit patterns (hex); every other field is compared as a value. */
export const FLOAT_FIELDS = ["coefficients", "intercept", "objective", "logLikelihood", "history", "summary", "predictions", "modelPredictions"] as const;
const VALUE_FIELDS = ["data", "error", "kernels", "dtype", "optimizer", "epochs", "stopReason", "state", "resumedState"] as const;

/**
 * Where two hex bit patterns first differ, as "index i: a vs b (bits …)", or null when the bits are
 * identical. One float64 is 16 hex digits.
 */
export function firstBitDifference(left: string, right: string): string | null {
  if (left === right) return null;
  const leftValues = hexToFloat64(left);
  const rightValues = hexToFloat64(right);
  if (leftValues.length !== rightValues.length) return `lengths differ: ${leftValues.length} vs ${rightValues.length} values`;
  for (let i = 0; i < leftValues.length; i++) {
    const leftBits = left.slice(16 * i, 16 * i + 16);
    const rightBits = right.slice(16 * i, 16 * i + 16);
    if (leftBits !== rightBits) {
      return `first difference at index ${i} of ${leftValues.length}: ${leftValues[i]} vs ${rightValues[i]} (bytes ${leftBits} vs ${rightBits})`;
    }
  }
  return "differ in a way the float64 decoding cannot locate";
}

/** Every difference between two runs of the same scenario list, one line each (empty = identical bits). */
export function bitDifferences(leftName: string, left: readonly ScenarioResult[], rightName: string, right: readonly ScenarioResult[]): string[] {
  const differences: string[] = [];
  if (left.length !== right.length) differences.push(`${leftName} ran ${left.length} scenarios, ${rightName} ran ${right.length}`);
  for (let s = 0; s < Math.min(left.length, right.length); s++) {
    const a = left[s];
    const b = right[s];
    if (a.name !== b.name) {
      differences.push(`scenario ${s}: ${leftName} ran ${a.name}, ${rightName} ran ${b.name}`);
      continue;
    }
    for (const field of VALUE_FIELDS) {
      if (a[field] !== b[field]) differences.push(`${a.name} ${field}: ${leftName} ${JSON.stringify(a[field])} vs ${rightName} ${JSON.stringify(b[field])}`);
    }
    for (const field of FLOAT_FIELDS) {
      const where = firstBitDifference(a[field] ?? "", b[field] ?? "");
      if (where !== null) differences.push(`${a.name} ${field} (${leftName} vs ${rightName}): ${where}`);
    }
  }
  return differences;
}
