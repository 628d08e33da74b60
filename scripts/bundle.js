// Bundles what the package ships from tsc's output in dist/ (no source maps: the package ships no
// sources for them to point at):
// - dist/wasm-mle.js: the library as one minified, self-contained ES module with the @stdlib special
//   functions inlined (installing wasm-mle does not pull their ~230 packages). The same file serves
//   Node, bundlers and a plain <script type="module"> or import map in browsers.
// - dist/cli.js: the command line, importing the library from ./wasm-mle.js (one copy of the code,
//   one set of error classes) and its own dependencies (commander, csv-parse, cli-progress).
import { build } from "esbuild";

const dist = (path) => new URL(`../dist/${path}`, import.meta.url).pathname;
const common = {
  bundle: true,
  format: "esm",
  target: "es2022",
  minify: true,
  // Error classes report new.target.name: minified names would make every error "e".
  keepNames: true,
  legalComments: "eof",
  logLevel: "warning",
};

await build({ ...common, entryPoints: [dist("index.js")], outfile: dist("wasm-mle.js"), platform: "browser" });

/** The CLI's imports of library modules (outside dist/cli/) resolve to the library bundle, which exports them all. */
const libraryFromBundle = {
  name: "library-from-bundle",
  setup(plugin) {
    plugin.onResolve({ filter: /^\.\.\// }, (args) => (args.importer.includes("/dist/cli/") ? { path: "./wasm-mle.js", external: true } : undefined));
  },
};

await build({
  ...common,
  entryPoints: [dist("cli/main.js")],
  outfile: dist("cli.js"),
  platform: "node",
  target: "node20",
  external: ["commander", "csv-parse", "cli-progress"],
  plugins: [libraryFromBundle],
});
