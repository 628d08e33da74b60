// `npm run demo` serves this folder; `npm run demo:build` writes a static site to build/demo/.
// "wasm-mle" is the built package in dist/ (what npm ships), not the TypeScript sources.
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

const repo = fileURLToPath(new URL("../..", import.meta.url));

export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  base: "./",
  resolve: { alias: { "wasm-mle": `${repo}dist/wasm-mle.js` } },
  worker: { format: "es" },
  server: { fs: { allow: [repo] } },
  build: { outDir: `${repo}build/demo`, emptyOutDir: true, target: "es2022", chunkSizeWarningLimit: 200 },
  logLevel: "warn",
});
