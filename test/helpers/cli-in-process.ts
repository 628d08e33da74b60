// Runs the CLI's run() in this process with stdout and stderr captured: seconds faster than a
// child process, and under Stryker the mutants of bindings/cli/ are then switched in-process.
import { vi } from "vitest";
import { run } from "../../dist/cli/main.js";

export async function runInProcess(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const write = vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => (out.push(String(chunk)), true));
  const writeError = vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => (err.push(String(chunk)), true));
  try {
    const code = await run(args);
    return { code, stdout: out.join(""), stderr: err.join("") };
  } finally {
    write.mockRestore();
    writeError.mockRestore();
  }
}
