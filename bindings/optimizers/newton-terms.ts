// The parts of Newton's setup that more than its loop uses: the multinomial form (the summaries'
// information factor too), the size refusal ("auto" asks it when options are resolved) and the
// centring of symmetric intercepts. The loop (newton.ts) comes with the engine's newton part only.
import type { ValidatedOptions } from "../options.js";
import type { Theta } from "../session.js";
import { termLayout, type TermLayout } from "./fisher-scoring.js";
import { newtonRefusal } from "./exact-work.js";

/**
 * Which multinomial form a fit uses: symmetric (all K classes) with an L2 penalty, baseline
 * (class 0 fixed at zero) without one.
 */
export function newtonLayout(d: number, o: ValidatedOptions): TermLayout {
  return termLayout(d, o.classes, o.fitIntercept, o.classes > 1 && o.l2 > 0);
}

/** Why newton refuses a fit of rows × cols under these options (too much work, too few rows), or null. */
export function newtonRefusalFor(rows: number, cols: number, o: ValidatedOptions): ReturnType<typeof newtonRefusal> {
  const layout = newtonLayout(cols, o);
  return newtonRefusal(rows * layout.rowsPerObservation, layout.size, o.l2 > 0);
}

/** Symmetric multinomial intercepts are defined up to a common shift: report them centred (sum 0). */
export function centred(layout: TermLayout, theta: Theta): Theta {
  if (!layout.symmetric || !layout.fitIntercept) return theta;
  const out = theta.slice();
  const intercepts = out.subarray(layout.d * layout.K);
  let mean = 0;
  for (let c = 0; c < layout.K; c++) mean += intercepts[c] / layout.K;
  for (let c = 0; c < layout.K; c++) intercepts[c] -= mean;
  return out;
}
