// Bundles dist/index.js (and its CommonJS dependencies, such as @stdlib special functions) into one
// self-contained ES module for browsers without a bundler: dist/browser/wasm-mle.js.
import { build } from "esbuild";

await build({
  entryPoints: [new URL("../dist/index.js", import.meta.url).pathname],
  outfile: new URL("../dist/browser/wasm-mle.js", import.meta.url).pathname,
  bundle: true,
  format: "esm",
  platform: "browser",
  target: "es2022",
  sourcemap: true,
  logLevel: "warning",
});
