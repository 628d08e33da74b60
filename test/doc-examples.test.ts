// The @example blocks of the public API's doc comments (bindings/**/*.ts, the code TypeDoc shows
// in `npm run docs`) are true code: each ```ts block is compiled (esbuild strips the types) and run
// as its own module against the built package, importing "wasm-mle" as a user does, and must finish
// without an error. Console output is discarded: the examples' comments state it for readers.
import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { transformSync } from "esbuild";
import { describe, expect, it } from "vitest";

const REPO = fileURLToPath(new URL("..", import.meta.url));
// inside the package, so that `import "wasm-mle"` resolves to the package itself (dist/)
const SCRATCH = join(REPO, "test", "artifacts", "doc-examples");

function sources(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sources(join(folder, entry.name)) : entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts") ? [join(folder, entry.name)] : [],
  );
}

interface Example {
  readonly where: string;
  readonly code: string;
}

/** Every ```ts block after an @example tag in a /** … *\/ comment. */
function examples(): Example[] {
  const found: Example[] = [];
  for (const file of sources(join(REPO, "bindings"))) {
    const text = readFileSync(file, "utf8");
    for (const comment of text.matchAll(/\/\*\*([\s\S]*?)\*\//g)) {
      const body = comment[1].split("\n").map((line) => line.replace(/^\s*\* ?/, "")).join("\n");
      const line = text.slice(0, comment.index).split("\n").length;
      for (const block of body.matchAll(/@example\s*\n```ts\n([\s\S]*?)```/g)) found.push({ where: `${relative(REPO, file)}:${line}`, code: block[1] });
    }
  }
  return found;
}

describe("doc-comment examples", () => {
  const all = examples();

  it("exist for the public API (TypeDoc's plugin demands one per public symbol)", () => {
    expect(all.length).toBeGreaterThan(50);
  });

  it("all run against the built package without an error", () => {
    rmSync(SCRATCH, { recursive: true, force: true });
    mkdirSync(SCRATCH, { recursive: true });
    const files = all.map((example, i) => {
      const file = join(SCRATCH, `example-${i}.mjs`);
      writeFileSync(file, transformSync(example.code, { loader: "ts", format: "esm" }).code);
      return file;
    });
    // one process runs them all, one after another, and reports which failed
    const runner = join(SCRATCH, "run.mjs");
    writeFileSync(
      runner,
      `const failures = [];
       console.log = () => {}; console.info = () => {}; console.warn = () => {};
       for (const [i, file] of ${JSON.stringify(files)}.entries()) {
         try { await import(file); } catch (error) { failures.push({ i, error: String(error?.stack ?? error).split("\\n").slice(0, 3).join(" | ") }); }
       }
       process.stdout.write(JSON.stringify(failures));`,
    );
    const failures: { i: number; error: string }[] = JSON.parse(execFileSync(process.execPath, [runner], { cwd: REPO, encoding: "utf8", timeout: 120_000 }));
    expect(failures.map(({ i, error }) => `${all[i].where}: ${error}`)).toEqual([]);
  }, 180_000);
});
