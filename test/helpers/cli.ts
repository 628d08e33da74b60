// Runs the CLI as a user does, `node bin/wasm-mle.js …` in a child process (after `npm run build`).
// Under Stryker (npm run mutate) the child is made to run the test's active mutant and to report
// the mutants it reaches, so mutation testing sees the CLI too (test/helpers/stryker-child.js).
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect } from "vitest";

export const REPO_ROOT = new URL("../..", import.meta.url).pathname;
const CLI = join(REPO_ROOT, "bin", "wasm-mle.js");
const STRYKER_CHILD = join(REPO_ROOT, "test", "helpers", "stryker-child.js");
/** A child that outlives this under Stryker is a mutant looping forever: killed by its watchdog. */
const STRYKER_CHILD_DEADLINE_MS = 60_000;

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function wasmMle(args: string[], options: { input?: string; nodeFlags?: string[]; env?: Record<string, string> } = {}): CliRun {
  const stryker = strykerChild();
  try {
    const result = spawnSync(process.execPath, [...(stryker?.nodeFlags ?? []), ...(options.nodeFlags ?? []), CLI, ...args], {
      cwd: REPO_ROOT, encoding: "utf8", input: options.input, timeout: 120_000, maxBuffer: 64 * 2 ** 20,
      env: { ...process.env, ...stryker?.env, ...options.env },
    });
    if (result.error) throw result.error;
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
  } finally {
    stryker?.collect();
  }
}

/** An expected failure: its exit code, a message on stderr, nothing on stdout, and no stack trace. */
export function expectFailure(run: CliRun, code: number, message: RegExp): void {
  expect(run.stderr).toMatch(message);
  expect(run.code).toBe(code);
  expect(run.stdout).toBe("");
  expect(run.stderr).not.toMatch(/\n\s+at /);
}

/**
 * A temporary directory for a test file's CSVs, models and outputs, removed after its tests:
 * `file(name, content)` writes one and returns its path, `path(name)` only names one.
 */
export function scratchDirectory(prefix: string): { dir: string; file(name: string, content: string | Uint8Array): string; path(name: string): string } {
  const dir = mkdtempSync(join(tmpdir(), `wasm-mle-${prefix}-`));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const path = (name: string) => join(dir, name);
  return {
    dir,
    path,
    file(name, content) {
      writeFileSync(path(name), content);
      return path(name);
    },
  };
}

/** The part of Stryker's global namespace (INSTRUMENTER_CONSTANTS of @stryker-mutator/api) used here. */
interface StrykerNamespace {
  activeMutant?: string;
  currentTestId?: string;
  mutantCoverage?: { static: Record<string, number>; perTest: Record<string, Record<string, number>> };
}

let children = 0;
let cliMutants: Set<string> | null = null;

/**
 * The ids of the mutants in the CLI's own code: those the instrumented dist/cli/*.js files switch
 * on or count. Only these are credited to a test from its children, so the library's mutants are
 * still tested in-process only and the CLI tests (a child process each) run for the CLI's mutants.
 */
function mutantsOfTheCli(): Set<string> {
  if (cliMutants) return cliMutants;
  cliMutants = new Set();
  const dir = join(REPO_ROOT, "dist", "cli");
  for (const file of existsSync(dir) ? readdirSync(dir).filter((name) => name.endsWith(".js")) : []) {
    const source = readFileSync(join(dir, file), "utf8");
    for (const [, ids] of source.matchAll(/stry(?:MutAct|Cov)_9fa48\(([^)]*)\)/g)) for (const [, id] of ids.matchAll(/"(\d+)"/g)) cliMutants.add(id);
  }
  return cliMutants;
}

/**
 * Under Stryker, the instrumented sources have created globalThis.__stryker__: the child then gets
 * the active mutant through __STRYKER_ACTIVE_MUTANT__ (dist/ in Stryker's sandbox is built from
 * the instrumented sources, scripts/mutate-sandbox-build.js), and in the coverage run the mutants
 * it reached in the CLI's own code are credited to the current test, which Stryker then runs for
 * them. null otherwise.
 */
function strykerChild(): { nodeFlags: string[]; env: Record<string, string>; collect: () => void } | null {
  const ns = (globalThis as { __stryker__?: StrykerNamespace }).__stryker__;
  if (!ns) return null;
  const coverageFile = join(tmpdir(), `wasm-mle-stryker-${process.pid}-${++children}.json`);
  const env: Record<string, string> = { WASM_MLE_STRYKER_COVERAGE: coverageFile, WASM_MLE_STRYKER_DEADLINE_MS: String(STRYKER_CHILD_DEADLINE_MS) };
  if (ns.activeMutant !== undefined) env.__STRYKER_ACTIVE_MUTANT__ = String(ns.activeMutant);
  const collect = () => {
    if (!existsSync(coverageFile)) return;
    const reached = JSON.parse(readFileSync(coverageFile, "utf8")) as Record<string, number>;
    rmSync(coverageFile, { force: true });
    const test = ns.currentTestId;
    if (!test) return;
    ns.mutantCoverage ??= { static: {}, perTest: {} };
    const covered = (ns.mutantCoverage.perTest[test] ??= {});
    const ofTheCli = mutantsOfTheCli();
    for (const [mutant, hits] of Object.entries(reached)) if (ofTheCli.has(mutant)) covered[mutant] = (covered[mutant] ?? 0) + hits;
  };
  return { nodeFlags: ["--import", STRYKER_CHILD], env, collect };
}
