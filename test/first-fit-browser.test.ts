// What real Chromium fetches for a first fit, per option set of `npm run size`: a page imports
// dist/wasm-mle.js, runs `await Trainer.create(options)` and `fit`, and the server (gzip -9 per
// file, no caching) counts the bytes it sent. They must be exactly the files and bytes that
// scripts/size.js reports from Node's loads — so the size rows are what a browser does.
import { createServer, type Server } from "node:http";
import { readFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FIRST_FIT_CEILING_BYTES, FIRST_FIT_OPTION_SETS, firstFit } from "../scripts/size.js";
import { chromiumPlan, launchChromium, openWatchedPage, type HeadlessChromium } from "./helpers/browser-chromium.js";

const DIST = fileURLToPath(new URL("../dist/", import.meta.url));

/** The page: a first fit with the options of its query string, then `window.firstFit` = its coefficients or error. */
const PAGE = `<!doctype html><meta charset="utf-8"><title>first fit</title>
<script type="module">
  const options = JSON.parse(new URLSearchParams(location.search).get("options"));
  try {
    const { Trainer } = await import("/dist/wasm-mle.js");
    const trainer = await Trainer.create(options);
    const X = Array.from({ length: 40 }, (_, i) => [Math.sin(i), Math.cos(3 * i), (i % 7) / 7]);
    const y = X.map(([a, b], i) => (options.family === "gaussian" || options.family === undefined ? a - b + 0.1 * Math.sin(5 * i) : (i * 7 + (a > 0 ? 1 : 0)) % 2));
    const fit = trainer.fit(X, y);
    window.firstFit = { coefficients: Array.from(fit.coefficients), kernels: trainer.kernels };
  } catch (error) {
    window.firstFit = { error: String(error && error.stack || error) };
  }
</script>`;

/** Serves the page and dist/ gzipped -9 file by file, recording the bytes sent for each dist file. */
async function countingServer(): Promise<{ origin: string; sent: Map<string, number>; close(): Promise<void> }> {
  const sent = new Map<string, number>();
  const server: Server = createServer((request, response) => {
    const { pathname } = new URL(request.url ?? "/", "http://127.0.0.1");
    if (pathname === "/favicon.ico") {
      response.writeHead(204).end();
      return;
    }
    if (pathname === "/first-fit.html") {
      response.writeHead(200, { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" }).end(PAGE);
      return;
    }
    const name = pathname.replace(/^\/dist\//, "");
    if (!pathname.startsWith("/dist/") || !/^[\w./-]+\.js$/.test(name) || name.includes("..")) {
      response.writeHead(404).end();
      return;
    }
    let body: Buffer;
    try {
      body = gzipSync(readFileSync(DIST + name), { level: 9 });
    } catch {
      response.writeHead(404).end();
      return;
    }
    sent.set(name, (sent.get(name) ?? 0) + body.length);
    response.writeHead(200, { "Content-Type": "text/javascript; charset=utf-8", "Content-Encoding": "gzip", "Content-Length": body.length, "Cache-Control": "no-store" });
    response.end(body);
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", () => done()));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    sent,
    close: () => new Promise<void>((done) => {
      server.closeAllConnections();
      server.close(() => done());
    }),
  };
}

const plan = chromiumPlan();
describe.runIf(plan.run)("what Chromium fetches for a first fit", () => {
  let browser: HeadlessChromium;
  let server: Awaited<ReturnType<typeof countingServer>>;
  beforeAll(async () => {
    server = await countingServer();
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  for (const [name, options] of Object.entries(FIRST_FIT_OPTION_SETS)) {
    it(`${name}: the files and bytes Node's measurement reports`, async () => {
      server.sent.clear();
      const { page, problems } = await openWatchedPage(browser.context);
      await page.goto(`${server.origin}/first-fit.html?options=${encodeURIComponent(JSON.stringify(options))}`);
      await page.waitForFunction("window.firstFit !== undefined", undefined, { timeout: 60_000 });
      const outcome = (await page.evaluate("window.firstFit")) as { coefficients?: number[]; kernels?: string; error?: string };
      await page.close();
      expect(outcome.error).toBeUndefined();
      expect(problems).toEqual([]);
      expect(outcome.kernels).toBe("simd");
      expect(outcome.coefficients).toHaveLength(3);
      const node = firstFit(options);
      const fetched = [...server.sent.keys()];
      expect(fetched.sort()).toEqual([...node.files].sort());
      const bytes = [...server.sent.values()].reduce((sum, n) => sum + n, 0);
      console.log(`[first fit in Chromium] ${name}: ${fetched.length} files, ${(bytes / 1000).toFixed(1)} kB gzipped (target 60 kB)`);
      expect(bytes).toBe(node.gzipBytes);
      expect(bytes).toBeLessThanOrEqual(FIRST_FIT_CEILING_BYTES);
    }, 120_000);
  }
});
