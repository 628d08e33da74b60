// The README's error table (section "### Errors") lists every error class of bindings/errors/*.ts
// (which bindings/errors.ts re-exports), and nothing else: a new class without a row, or a row for
// a class that no longer exists, fails here. Every class is also exported from the package and is a WasmMleError with a stable code.
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import * as wasmMle from "../../dist/index.js";

const errorModules = new URL("../../bindings/errors/", import.meta.url);
const source = readdirSync(errorModules).filter((file) => file.endsWith(".ts")).map((file) => readFileSync(new URL(file, errorModules), "utf8")).join("\n");
const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");

/** Classes declared in bindings/errors/*.ts, except the base class the table's header names. */
const declared = [...source.matchAll(/^export class (\w+) extends (\w+)/gm)].map((m) => m[1]).filter((name) => name !== "WasmMleError");

/** Backticked names in the first column of the table under "### Errors". */
function tableClasses(): string[] {
  const start = readme.indexOf("### Errors");
  expect(start, "README section ### Errors").toBeGreaterThanOrEqual(0);
  const section = readme.slice(start, readme.indexOf("\n#", start + 1));
  const rows = section.split("\n").filter((line) => line.startsWith("|") && !/^\|\s*-/.test(line)).slice(1);
  return rows.flatMap((row) => [...row.split("|")[1].matchAll(/`(\w+)`/g)].map((m) => m[1]));
}

describe("the README's error table", () => {
  test("bindings/errors/*.ts declare error classes (the parse found them)", () => {
    expect(declared.length).toBeGreaterThanOrEqual(10);
    expect(declared).toContain("InvalidDataError");
  });

  test("every declared error class has a row", () => {
    const listed = new Set(tableClasses());
    expect(declared.filter((name) => !listed.has(name)), "classes missing from the README's error table").toEqual([]);
  });

  test("every row names a declared error class", () => {
    const known = new Set(declared);
    expect(tableClasses().filter((name) => !known.has(name)), "rows for classes that bindings/errors/*.ts do not declare").toEqual([]);
  });

  test("every declared class is exported from the package as a WasmMleError subclass", () => {
    const exported = wasmMle as unknown as Record<string, unknown>;
    for (const name of declared) {
      const value = exported[name];
      expect(typeof value, `${name} exported from bindings/index.ts`).toBe("function");
      expect((value as { prototype: unknown }).prototype instanceof wasmMle.WasmMleError, `${name} extends WasmMleError`).toBe(true);
    }
  });
});
