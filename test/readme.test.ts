// The README's first example runs as printed (with the package import pointed at the build), and
// prints statsmodels' answer: test/fixtures/readme_first_example.json (statsmodels Logit, checked
// by a scipy refit; made by test/fixtures/gen/readme_first_example.py).
import { readFileSync, writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { expect, test, vi } from "vitest";

test("the README's first example runs and fits", async () => {
  const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
  const section = readme.slice(readme.indexOf("## First example"));
  const code = section.slice(section.indexOf("```js") + 5, section.indexOf("```", section.indexOf("```js") + 5));
  expect(code.split("\n").filter((line) => line.trim()).length).toBeLessThan(15);
  const distIndex = pathToFileURL(new URL("../dist/index.js", import.meta.url).pathname).href;
  const file = join(mkdtempSync(join(tmpdir(), "wasm-mle-readme-")), "example.mjs");
  writeFileSync(file, code.replace('from "wasm-mle"', `from ${JSON.stringify(distIndex)}`));
  const printed: unknown[][] = [];
  const log = vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => void printed.push(args));
  try {
    await import(pathToFileURL(file).href);
  } finally {
    log.mockRestore();
  }
  expect(printed).toHaveLength(3);
  const ref = JSON.parse(readFileSync(new URL("./fixtures/readme_first_example.json", import.meta.url), "utf8"));
  // The reference agrees with its refit to ref.check.max_rel_diff (0); 1e-12 is our own rounding
  // on this 10-row, well-conditioned problem.
  const tolerance = Math.max(10 * ref.check.max_rel_diff, 1e-12);
  const relative = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);
  const [coefficients, intercept, logLikelihood] = printed[0] as [Float64Array, Float64Array, number];
  expect(coefficients).toHaveLength(1);
  expect(relative(coefficients[0], ref.coef)).toBeLessThan(tolerance);
  expect(relative(intercept[0], ref.intercept)).toBeLessThan(tolerance);
  expect(relative(logLikelihood, ref.llf)).toBeLessThan(tolerance);
  // The table prints each term's estimate, std err, z, p and 95% interval, rounded as shown.
  const table = String(printed[1][0]);
  const row = (term: string) => table.split("\n").find((line) => line.trim().startsWith(`${term} `))!.trim().split(/\s+/).slice(1).map(Number);
  for (const [term, k, estimate, stdError] of [["intercept", 0, ref.intercept, ref.intercept_bse], ["x0", 1, ref.coef, ref.coef_bse]] as const) {
    const [e, se, z, p, lower, upper] = row(term);
    expect(e).toBeCloseTo(estimate, 4);
    expect(se).toBeCloseTo(stdError, 4);
    expect(z).toBeCloseTo(estimate / stdError, 3);
    expect(p).toBeCloseTo(ref.pvalues[k], 3);
    expect(lower).toBeCloseTo(ref.conf_int_95[k][0], 4);
    expect(upper).toBeCloseTo(ref.conf_int_95[k][1], 4);
  }
  const probability = (printed[2][0] as Float64Array)[0];
  expect(relative(probability, ref.predict_at_0_7)).toBeLessThan(tolerance);
});
