// The CLI's reading of a multinomial target (bindings/cli/class-target.ts): labels that are all
// digit strings are class indices as written (with --classes); anything else — a digit with a
// letter before or after it — is a text label, sorted and numbered. Survivors of the 2 % Stryker
// sample (test/MUTATION.md): `/^\d+$/` read as `/\d+$/` or `/^\d+/` took "a1" or "1a" for indices.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { seededRandom } from "../helpers/fixtures.js";
import { wasmMle } from "../helpers/cli.js";

const scratch = mkdtempSync(join(tmpdir(), "wasm-mle-class-labels-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** 90 rows, three overlapping classes along x, labelled by `labels[class]`. */
function csvWith(labels: readonly string[]): string {
  const random = seededRandom(9);
  const lines = ["x,z,cls"];
  for (let i = 0; i < 90; i++) {
    const k = i % 3;
    lines.push(`${(k + 2 * random()).toFixed(4)},${random().toFixed(4)},${labels[(k + (random() < 0.3 ? 1 : 0)) % 3]}`);
  }
  const path = join(scratch, `${labels.join("-")}.csv`);
  writeFileSync(path, lines.join("\n") + "\n");
  return path;
}

describe("multinomial target labels", () => {
  for (const labels of [["a0", "a1", "a2"], ["0a", "1a", "2a"]]) {
    test(`${labels.join(", ")}: text labels, sorted and numbered, also with --classes 3`, () => {
      const run = wasmMle(["fit", csvWith(labels), "-t", "cls", "-f", "multinomial", "--classes", "3", "-o", "newton", "--json"]);
      expect(run.stderr).toBe("");
      expect(run.code).toBe(0);
      expect(JSON.parse(run.stdout).classLabels).toEqual(labels);
    });
  }

});
