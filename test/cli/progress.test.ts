// The fit's progress bar on stderr (bindings/cli/progress.ts), in-process on a non-TTY stderr: only
// with --progress (force) does it write, its first state and its last — the total taken from the
// epochs the trainer reports, the objective to 8 significant digits — and disabled (--quiet,
// --json) it writes nothing.
import { afterEach, describe, expect, test, vi } from "vitest";
import { FitProgress } from "../../dist/cli/progress.js";

afterEach(() => vi.restoreAllMocks());

function stderrOf(run: () => void): string {
  const written: string[] = [];
  vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => (written.push(String(chunk)), true));
  const tty = process.stderr.isTTY;
  process.stderr.isTTY = false;
  try {
    run();
  } finally {
    process.stderr.isTTY = tty;
    vi.restoreAllMocks();
  }
  return written.join("");
}

describe("FitProgress on a stderr that is not a terminal", () => {
  test("forced: the start, then the final epoch and objective over the trainer's epoch count", () => {
    const text = stderrOf(() => {
      const bar = new FitProgress(true, true, 10);
      bar.onEpoch({ epoch: 1, epochs: 20, objective: 1.5 } as never);
      bar.onEpoch({ epoch: 2, epochs: 20, objective: 1.25 } as never);
      bar.finish(3, 0.5);
    });
    const lines = text.split("\n").filter((line) => line !== "");
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^fitting \[░{40}\] 0\/10 epochs \| objective …$/);
    expect(lines[1]).toMatch(/^fitting \[█{6}░{34}\] 3\/20 epochs \| objective 0\.50000000$/);
  });

  test("forced, a failed fit: finish(0, null) stops the bar at the last epoch it was told of", () => {
    const text = stderrOf(() => {
      const bar = new FitProgress(true, true, 4);
      bar.onEpoch({ epoch: 1, epochs: 4, objective: 2 } as never);
      bar.finish(0, null);
    });
    expect(text.split("\n").filter((line) => line !== "").at(-1)).toMatch(/\] 1\/4 epochs \| objective 2\.0000000$/);
  });

  test("not forced, or disabled: nothing at all", () => {
    for (const [enabled, force] of [[true, false], [false, true], [false, false]]) {
      expect(stderrOf(() => {
        const bar = new FitProgress(enabled, force, 5);
        bar.onEpoch({ epoch: 1, epochs: 5, objective: 1 } as never);
        bar.finish(1, 1);
      })).toBe("");
    }
  });
});
