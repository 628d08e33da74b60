// Bundles what the package ships from tsc's output in dist/ (no source maps: the package ships no
// sources for them to point at), as minified ES modules:
// - dist/wasm-mle.js: the library, with no runtime dependencies. The same files serve Node, bundlers
//   and a plain <script type="module"> or import map in browsers. What only a dynamic import reaches
//   gets a chunk of its own in dist/chunks/, which hosts download only when needed: the SIMD kernels
//   (at the first Trainer.create or Model.fromJSON), the scalar kernels (instead, on hosts without
//   WebAssembly SIMD) and fflate's inflater (hosts without DecompressionStream).
// - dist/cli.js: the command line, a build of its own (with its own chunks/cli-*), its dependencies
//   (commander, csv-parse, cli-progress) left as imports. Built apart so that code only the CLI uses
//   never lands in a chunk the library loads; the CLI has its own copy of the library's code.
import { rmSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { build } from "esbuild";

const dist = (path) => new URL(`../dist/${path}`, import.meta.url).pathname;

// Chunk names carry a content hash: drop the previous build's, or they would be packed too.
rmSync(dist("chunks"), { recursive: true, force: true });

/**
 * Appends `Object.defineProperty(C, "name", { value: "C" })` for each exported error class of tsc's
 * output (`export class C extends …Error`): they report new.target.name, which minified names would
 * turn into "e"; esbuild's keepNames would keep every function's name (2.6 kB gzipped).
 */
const errorClassNames = {
  name: "error-class-names",
  setup(build) {
    build.onLoad({ filter: /\/dist\/.*\.js$/ }, async ({ path }) => {
      const source = await readFile(path, "utf8");
      const names = [...source.matchAll(/^export class (\w+) extends \w*Error\b/gm)].map(([, name]) => name);
      const kept = names.map((name) => `Object.defineProperty(${name}, "name", { value: ${JSON.stringify(name)} });`).join("\n");
      return { contents: names.length > 0 ? `${source}\n${kept}\n` : source, loader: "js" };
    });
  },
};

const common = {
  bundle: true,
  splitting: true,
  format: "esm",
  target: "es2022",
  minify: true,
  plugins: [errorClassNames],
  legalComments: "eof",
  logLevel: "warning",
};

const library = await build({
  ...common,
  entryPoints: { "wasm-mle": dist("index.js") },
  outdir: dist(""),
  chunkNames: "chunks/[name]-[hash]",
  // "browser" picks the browser builds of dependencies (those run in Node too)
  platform: "browser",
  metafile: true,
});

// The CLI loads the library's lazy chunks (scalar kernels, inflater) rather than copies of them.
const lazyChunks = new Map();
for (const [output, { entryPoint }] of Object.entries(library.metafile.outputs)) {
  if (entryPoint && output.includes("/chunks/")) lazyChunks.set(entryPoint.replace(/^(.*\/)?dist\//, ""), `./${output.replace(/^(.*\/)?dist\//, "")}`);
}
const sharedLazyChunks = {
  name: "shared-lazy-chunks",
  setup(build) {
    build.onResolve({ filter: /\.generated\.js$|inflate-fallback\.js$/ }, ({ path, resolveDir, kind }) => {
      if (kind !== "dynamic-import") return undefined;
      const target = lazyChunks.get(new URL(path, `file://${resolveDir}/`).pathname.replace(/^(.*\/)?dist\//, ""));
      return target ? { path: target, external: true } : undefined;
    });
  },
};

await build({
  ...common,
  entryPoints: { cli: dist("cli/main.js") },
  outdir: dist(""),
  chunkNames: "chunks/cli-[name]-[hash]",
  platform: "node",
  external: ["commander", "csv-parse", "cli-progress"],
  plugins: [...common.plugins, sharedLazyChunks],
});
