// run(), the CLI's entry (bindings/cli/main.ts), in-process: how each kind of failure ends — the
// library's typed errors and the CLI's own as one "wasm-mle: error:" line with their exit code, a bug
// (anything else thrown) as an internal error with its trace and exit code 1 — and commander's own
// exits (help, version, usage errors).
import { afterEach, describe, expect, test, vi } from "vitest";
import { Trainer, WasmMleError } from "../../dist/index.js";
import { runInProcess } from "../helpers/cli-in-process.js";
import { scratchDirectory } from "../helpers/cli.js";

const scratch = scratchDirectory("cli-run");
const csv = scratch.file("small.csv", "x,y\n1,2\n2,4.5\n3,5.5\n4,8\n");
afterEach(() => vi.restoreAllMocks());

describe("run: how a command ends", () => {
  test("a fit prints its report and exits 0", async () => {
    const run = await runInProcess(["fit", csv, "-t", "y", "-q"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^gaussian model of "y" on 1 feature, 4 rows of .*small\.csv\n/);
    expect(run.stderr).toBe("");
  });

  test("a thrown non-library error is an internal error: its stack on stderr, exit code 1", async () => {
    vi.spyOn(Trainer, "create").mockRejectedValue(new RangeError("boom"));
    const run = await runInProcess(["fit", csv, "-t", "y", "-q"]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(/^wasm-mle: internal error \(please report it\): RangeError: boom\n\s+at /);
    vi.spyOn(Trainer, "create").mockRejectedValue("a string");
    expect((await runInProcess(["fit", csv, "-t", "y", "-q"])).stderr).toBe("wasm-mle: internal error (please report it): a string\n");
  });

  test("a library error is one line with the advice in flags, and the exit code of its kind", async () => {
    vi.spyOn(Trainer, "create").mockRejectedValue(new WasmMleError("SOMETHING", 'It did not work; try optimizer "lbfgs" or l2: 1e-4.'));
    const run = await runInProcess(["fit", csv, "-t", "y", "-q"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe("wasm-mle: error: It did not work; try --optimizer lbfgs or --l2 1e-4.\n");
    expect(run.stderr.split("\n")).toHaveLength(2);
  });

  test("the CLI's own input errors exit 2 on one line", async () => {
    const run = await runInProcess(["fit", scratch.path("absent.csv"), "-t", "y"]);
    expect(run).toMatchObject({ code: 2, stdout: "" });
    expect(run.stderr).toMatch(/^wasm-mle: error: cannot read ".*absent\.csv": no such file\.\n$/);
  });

  test("commander: help and version exit 0, a usage error 2", async () => {
    expect((await runInProcess(["fit", "--help"])).code).toBe(0);
    expect((await runInProcess(["-V"])).code).toBe(0);
    const usage = await runInProcess(["fit", csv]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/required option '-t, --target <column>' not specified/);
  });
});
