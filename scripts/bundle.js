// Bundles what the package ships from tsc's output in dist/ (no source maps: the package ships no
// sources for them to point at), in one minified ES-module build with two entry points:
// - dist/wasm-mle.js: the library, with no runtime dependencies. The same files serve Node, bundlers and a plain
//   <script type="module"> or import map in browsers.
// - dist/cli.js: the command line, with its own dependencies (commander, csv-parse, cli-progress)
//   left as imports.
// What both use lands in shared dist/chunks/chunk-*.js files: one copy of the code, one set of error
// classes. What only a dynamic import reaches gets a chunk of its own there, which hosts download
// only when needed: the scalar kernels (hosts without WebAssembly SIMD) and fflate's inflater (hosts
// without DecompressionStream).
import { rmSync } from "node:fs";
import { build } from "esbuild";

const dist = (path) => new URL(`../dist/${path}`, import.meta.url).pathname;

// Chunk names carry a content hash: drop the previous build's, or they would be packed too.
rmSync(dist("chunks"), { recursive: true, force: true });

await build({
  entryPoints: { "wasm-mle": dist("index.js"), cli: dist("cli/main.js") },
  outdir: dist(""),
  chunkNames: "chunks/[name]-[hash]",
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
