// Runs the CLI as a user does, `node bin/wasm-mle.js …` in a child process (after `npm run build`).
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { expect } from "vitest";

export const REPO_ROOT = new URL("../..", import.meta.url).pathname;
const CLI = join(REPO_ROOT, "bin", "wasm-mle.js");

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function wasmMle(args: string[], options: { input?: string; nodeFlags?: string[]; env?: Record<string, string> } = {}): CliRun {
  const result = spawnSync(process.execPath, [...(options.nodeFlags ?? []), CLI, ...args], {
    cwd: REPO_ROOT, encoding: "utf8", input: options.input, timeout: 120_000, maxBuffer: 64 * 2 ** 20,
    env: { ...process.env, ...options.env },
  });
  if (result.error) throw result.error;
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** An expected failure: its exit code, a message on stderr, nothing on stdout, and no stack trace. */
export function expectFailure(run: CliRun, code: number, message: RegExp): void {
  expect(run.stderr).toMatch(message);
  expect(run.code).toBe(code);
  expect(run.stdout).toBe("");
  expect(run.stderr).not.toMatch(/\n\s+at /);
}
