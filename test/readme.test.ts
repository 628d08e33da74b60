// The README's first example runs as printed (with the package import pointed at the build).
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
  const [coefficients, intercept, logLikelihood] = printed[0] as [Float64Array, Float64Array, number];
  expect(coefficients[0]).toBeGreaterThan(0);
  expect(Number.isFinite(intercept[0])).toBe(true);
  expect(logLikelihood).toBeLessThan(0);
  expect(String(printed[1][0])).toMatch(/std err/);
  const probability = (printed[2][0] as Float64Array)[0];
  expect(probability).toBeGreaterThan(0.5);
  expect(probability).toBeLessThan(1);
});
