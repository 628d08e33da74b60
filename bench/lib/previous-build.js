// The previous build a "-vs-previous" scenario compares against: BENCH_PREVIOUS_DIST names its
// dist/index.js (e.g. main built aside: `git archive main | tar -x -C /tmp/base`, link
// node_modules, `npm run build`).
import { pathToFileURL } from "node:url";

/** The previous build's module and path, or the scenario's "skipped" result when BENCH_PREVIOUS_DIST is not set. */
export async function loadPreviousBuild(scenario, log) {
  const previousPath = process.env.BENCH_PREVIOUS_DIST;
  if (!previousPath) {
    log(`${scenario.id}: BENCH_PREVIOUS_DIST not set, skipped`);
    return { skipped: { sections: [`## ${scenario.title}\n\nSkipped: set BENCH_PREVIOUS_DIST to the previous build's dist/index.js (see the scenario's header).`], outcomes: [] } };
  }
  return { previous: await import(pathToFileURL(previousPath).href), previousPath };
}
