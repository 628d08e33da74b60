// Bundles what the package ships from tsc's output in dist/ (no source maps: the package ships no
// sources for them to point at), in one minified ES-module build with two entry points:
// - dist/wasm-mle.js: the library, with the @stdlib special functions inlined (installing wasm-mle
//   does not pull their ~230 packages). The same files serve Node, bundlers and a plain
//   <script type="module"> or import map in browsers.
// - dist/cli.js: the command line, with its own dependencies (commander, csv-parse, cli-progress)
//   left as imports.
// What both use lands in shared dist/chunk-*.js files: one copy of the code, one set of error classes.
import { readdirSync, rmSync } from "node:fs";
import { build } from "esbuild";

const dist = (path) => new URL(`../dist/${path}`, import.meta.url).pathname;

// Chunk names carry a content hash: drop the previous build's, or they would be packed too.
for (const name of readdirSync(dist(""))) if (/^chunk-.*\.js$/.test(name)) rmSync(dist(name));

await build({
  entryPoints: { "wasm-mle": dist("index.js"), cli: dist("cli/main.js") },
  outdir: dist(""),
  bundle: true,
  splitting: true,
  format: "esm",
  // "browser" picks the browser builds of dependencies (those run in Node too); only the CLI imports Node built-ins.
  platform: "browser",
  target: "es2022",
  external: ["node:*", "commander", "csv-parse", "cli-progress"],
  minify: true,
  // Error classes report new.target.name: minified names would make every error "e".
  keepNames: true,
  legalComments: "eof",
  logLevel: "warning",
});
