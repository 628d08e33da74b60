// The shipped `wasm-mle/worker` entry in a plain Node process: package.json's export resolves to the
// bundle, whose worker script sits beside it; results and revived errors are the bundle's classes;
// and a WorkerTrainer that is never disposed does not keep the process alive.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8"));

describe("wasm-mle/worker as packaged", () => {
  it("exports ./worker with types, browser, import and default conditions, every file shipped", () => {
    const entry = pkg.exports["./worker"];
    expect(Object.keys(entry)).toEqual(["types", "browser", "import", "default"]);
    for (const file of [entry.types, entry.browser, entry.import, "./dist/worker-thread.js"]) {
      expect(existsSync(new URL(`../../${file}`, import.meta.url)), file).toBe(true);
    }
    expect(pkg.files).toEqual(expect.arrayContaining(["dist/worker.js", "dist/worker-thread.js", "dist/**/*.d.ts"]));
  });

  it("runs in a Node process from the bundle: same bits as Trainer, typed errors, and the process exits without dispose()", () => {
    const script = `
      import { WorkerTrainer, AbortError } from "wasm-mle/worker";
      import { Trainer, InvalidDataError } from "wasm-mle";
      const X = [[0.55], [0.72], [0.60], [0.54], [0.42], [0.65], [0.44], [0.89], [0.96], [0.38]];
      const y = [0, 1, 0, 1, 0, 1, 1, 1, 1, 0];
      const wt = await WorkerTrainer.create({ family: "bernoulli", optimizer: "newton" });
      const t = await Trainer.create({ family: "bernoulli", optimizer: "newton" });
      const wfit = await wt.fit(X, y);
      const fit = t.fit(X, y);
      const bad = await wt.fit([[1], [NaN]], [0, 1]).catch((e) => e);
      const aborted = await wt.fit(X, y, { signal: AbortSignal.abort() }).catch((e) => e);
      console.log(JSON.stringify({
        same: wfit.coefficients.every((v, i) => Object.is(v, fit.coefficients[i])),
        p: (await wfit.summary()).terms[1].pValue === fit.summary().terms[1].pValue,
        invalidData: bad instanceof InvalidDataError && bad.code === "INVALID_DATA",
        abort: aborted instanceof AbortError && aborted.name === "AbortError",
      }));
      // no wt.dispose(): the idle worker is unref'd
    `;
    const out = execFileSync("node", ["--input-type=module", "-e", script], { cwd: ROOT, encoding: "utf8", timeout: 60_000 });
    expect(JSON.parse(out)).toEqual({ same: true, p: true, invalidData: true, abort: true });
  });
});
