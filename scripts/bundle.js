// Bundles what the package ships from tsc's output in dist/ (no source maps: the package ships no
// sources for them to point at), in one minified ES-module build with two entry points:
// - dist/wasm-mle.js: the library, with no runtime dependencies. The same files serve Node, bundlers
//   and a plain <script type="module"> or import map in browsers.
// - dist/cli.js: the command line, its dependencies (commander, csv-parse, cli-progress) left as imports.
// What both use lands in shared chunks in dist/chunks/: one copy of the code, one set of error
// classes. What only a dynamic import reaches gets a chunk of its own there, downloaded only when
// needed: the SIMD kernels (at the first Trainer.create or Model.fromJSON), the scalar kernels
// (instead, on hosts without WebAssembly SIMD) and fflate's inflater (hosts without DecompressionStream).
import { mkdirSync, readdirSync, rmSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import { build } from "esbuild";
import { minify } from "terser";

const dist = (path) => new URL(`../dist/${path}`, import.meta.url).pathname;

// Chunk names carry a content hash: drop the previous build's, or they would be packed too.
rmSync(dist("chunks"), { recursive: true, force: true });
/**
 * Each file's source map goes to build/bundle-maps/ (git-ignored, never shipped, linked from no
 * file), for scripts/first-fit-groups.js: it maps each byte a first fit downloads to its module.
 * Made on every build, because esbuild's chunk hashes (and so the code, which names the chunks)
 * differ with and without maps.
 */
const MAPS = new URL("../build/bundle-maps/", import.meta.url).pathname;
rmSync(MAPS, { recursive: true, force: true });

/**
 * Appends `Object.defineProperty(C, "name", { value: "C" })` for each exported error class of tsc's
 * output (`export class C extends …Error`): they report new.target.name, which minified names would
 * turn into "e"; esbuild's keepNames would keep every function's name (2.6 kB gzipped). Also
 * prepends the imports of LOADED_BEFORE (one onLoad hook per file: esbuild takes the first).
 */
const errorClassNames = {
  name: "error-class-names",
  setup(build) {
    build.onLoad({ filter: /\/dist\/.*\.js$/ }, async ({ path }) => {
      const source = withLoadedBefore(path, await readFile(path, "utf8"));
      const names = [...source.matchAll(/^export class (\w+) extends \w*Error\b/gm)].map(([, name]) => name);
      const kept = names.map((name) => `Object.defineProperty(${name}, "name", { value: ${JSON.stringify(name)} });`).join("\n");
      return { contents: names.length > 0 ? `${source}\n${kept}\n` : source, loader: "js" };
    });
  },
};

/**
 * esbuild puts each module in the chunk of the set of entry points (static or dynamic) that reach
 * it, so a module that the library's entry and the engine both import ends up in a small chunk of
 * its own, and so does one that the engine and one of its parts share: a first fit then fetched 22
 * to 24 files, each gzipped alone. But the engine only ever runs after the entry has loaded, and a
 * part (and the state decoder) only with the engine (bindings/engine-loader.ts), so making each of
 * them import what is loaded before it changes nothing that runs and lets those modules stay in the
 * bigger chunks: 13 to 16 files and about 2 kB less for a first fit (`npm run size`). The CLI and
 * the worker thread load the whole library anyway. wasm-mle/worker (worker/index.js) imports the
 * library's entry too: its workers load that anyway (worker-thread.js), so index.js, the Trainer
 * class and trainTestSplit leave a chunk of their own for the bundle's shared chunk: a file fewer
 * and 0.7 kB less for every first fit (the README's example 76.3 → 75.6 kB) and for a worker's
 * static files in all (28.3 → 27.7 kB); `import "wasm-mle/worker"` loads 1.5 kB more before its
 * worker starts.
 */
const LOADED_BEFORE = [
  { importer: /\/dist\/(engine|model-engine|fit-result-data|cli\/main|worker\/index|worker\/worker-thread|parts\/\w+|training\/state-decode)\.js$/, before: "index.js" },
  { importer: /\/dist\/(parts\/\w+|training\/state-decode)\.js$/, before: "engine.js" },
];
function withLoadedBefore(path, source) {
  const imports = LOADED_BEFORE.filter(({ importer }) => importer.test(path)).map(({ before }) => {
    const specifier = relative(dirname(path), dist(before));
    return `import ${JSON.stringify(specifier.startsWith(".") ? specifier : `./${specifier}`)};\n`;
  });
  return imports.join("") + source;
}

const { metafile } = await build({
  // wasm-mle/worker: WorkerTrainer (worker.js) and the script its workers run (worker-thread.js, found
  // beside worker.js by URL, so the code that starts workers must stay in worker.js, not a chunk).
  entryPoints: { "wasm-mle": dist("index.js"), cli: dist("cli/main.js"), worker: dist("worker/index.js"), "worker-thread": dist("worker/worker-thread.js") },
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
  plugins: [errorClassNames],
  legalComments: "eof",
  logLevel: "warning",
  metafile: true,
  sourcemap: "external",
});

/**
 * terser over each file esbuild wrote: its compressor, three passes over whole ES modules (module:
 * every top-level name is local unless exported), finds what esbuild's minifier leaves (constants it
 * can inline, property accesses it can fold, unused top-level code): 1.8 kB less for a first fit of
 * the README's example (`npm run size`), and hoisting function declarations to the top of their
 * scope (where JavaScript runs them from anyway) 0.1 kB more. Names that exports and imports between
 * chunks carry stay as they are (terser never renames an export); error classes keep their names
 * through errorClassNames' defineProperty; the legal comments esbuild moved to the end stay ("some").
 */
async function compress(file) {
  const code = await readFile(file, "utf8");
  const sourceMap = { content: await readFile(`${file}.map`, "utf8") };
  const result = await minify(code, { module: true, ecma: 2022, compress: { passes: 3, hoist_funs: true }, format: { comments: "some" }, sourceMap });
  await writeFile(file, result.code);
  const map = join(MAPS, `${relative(dist(""), file)}.map`);
  mkdirSync(dirname(map), { recursive: true });
  await writeFile(map, result.map);
  rmSync(`${file}.map`);
}
await Promise.all(Object.keys(metafile.outputs).filter((file) => file.endsWith(".js")).map((file) => compress(file)));

// Only the declarations a user's compiler can reach ship (see the script).
await import("./prune-declarations.js");
