// Embeds the kernel binaries of build/ into TypeScript modules as base64 of their zlib (deflate) stream, so the package loads
// the same bytes in Node, in browsers and under any bundler, with no fetch, file access or MIME setup.
// Each build ships in parts (see KERNEL_FILES): the kernels (assembly/index.ts), the epoch loop of
// gd/sgd/the adaptive rules (assembly/epochs.ts: a second module over the same memory, which only
// trainers of those optimizers load), and the build's static data, the musl exp/log tables (6 kB,
// 5.8 kB gzipped), once for both: they are taken out of each module (their data and datacount
// sections, identical in both, checked here) and bindings/wasm/load.ts writes them into the
// instance's memory at their addresses before instantiating, the bytes an active data segment would
// have written (the memory is the host's: importMemory).
import { readFileSync, writeFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { deflateSync } from "node:zlib";
import { fileURLToPath } from "node:url";

/** The modules of each build, by part, and their text (asc's textFile, read for the globals check). */
export const KERNEL_FILES = {
  simd: { kernels: "build/mle.simd.wasm", epochs: "build/mle.simd-epochs.wasm" },
  scalar: { kernels: "build/mle.scalar.wasm", epochs: "build/mle.scalar-epochs.wasm" },
};

/** The builds whose static data has a module (bindings/wasm/load.ts imports it); the scalar build has none (shrinkLevel 1: musl's table-free exp and log). */
const DATA_MODULE_BUILDS = ["simd"];

const DATA_SECTION = 11;
const DATACOUNT_SECTION = 12;

function readLeb(bytes, at) {
  let value = 0;
  let shift = 0;
  let byte;
  do {
    byte = bytes[at++];
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
  } while (byte & 0x80);
  return { value, at };
}

/**
 * Splits a module into its bytes without the data and datacount sections and its active data
 * segments ({ offset, bytes }: `i32.const offset` placements, the only form asc emits for static
 * data of an imported memory). Anything else in the data section is refused, so a new form of
 * static data cannot be dropped silently.
 */
export function splitStaticData(wasm) {
  const kept = [wasm.subarray(0, 8)];
  const segments = [];
  let at = 8;
  while (at < wasm.length) {
    const start = at;
    const id = wasm[at++];
    const size = readLeb(wasm, at);
    const end = size.at + size.value;
    if (id === DATA_SECTION) {
      let p = size.at;
      const count = readLeb(wasm, p);
      p = count.at;
      for (let i = 0; i < count.value; i++) {
        const flags = readLeb(wasm, p);
        // 0: active, memory 0, an offset expression; 0x41 = i32.const, 0x0b = end
        if (flags.value !== 0 || wasm[flags.at] !== 0x41) throw new Error(`data segment ${i}: not an i32.const placement of memory 0 (flags ${flags.value})`);
        const offset = readLeb(wasm, flags.at + 1);
        if (wasm[offset.at] !== 0x0b || offset.value >= 2 ** 31) throw new Error(`data segment ${i}: offset expression is not one i32.const`);
        const length = readLeb(wasm, offset.at + 1);
        segments.push({ offset: offset.value, bytes: wasm.subarray(length.at, length.at + length.value) });
        p = length.at + length.value;
      }
      if (p !== end) throw new Error("data section: bytes left after its segments");
    } else if (id !== DATACOUNT_SECTION) {
      kept.push(wasm.subarray(start, end));
    }
    at = end;
  }
  return { code: Buffer.concat(kept), segments };
}

/**
 * The static data as 16 byte planes (byte k of every 16-byte group, for k = 0 … 15): the tables are
 * pairs of f64 whose high bytes repeat from entry to entry, which deflate finds once they sit side by
 * side (5.1 instead of 5.9 kB gzipped); bindings/wasm/load.ts fromBytePlanes undoes it.
 */
export function toBytePlanes(data) {
  if (data.length % 16 !== 0) throw new Error(`static data of ${data.length} bytes: not whole 16-byte groups`);
  const groups = data.length / 16;
  const planes = Buffer.alloc(data.length);
  for (let k = 0; k < 16; k++) for (let g = 0; g < groups; g++) planes[k * groups + g] = data[g * 16 + k];
  return planes;
}

const sha256 = (bytes) => createHash("sha256").update(bytes).digest("hex");
// deflated before base64: 14 kB instead of 19 kB gzipped for the SIMD build (base64 of the raw bytes
// hides their byte patterns from gzip); bindings/wasm/load.ts inflates them once per part.
const deflatedBase64 = (bytes) => deflateSync(bytes, { level: 9 }).toString("base64");
const root = (path) => new URL(`../${path}`, import.meta.url);

/**
 * The names of a module's mutable globals, from its .wat: the two parts of a build are separate
 * instances, so a mutable global in both would be two variables where the source has one.
 */
function mutableGlobals(file) {
  const text = readFileSync(root(file.replace(/\.wasm$/, ".wat")), "utf8");
  return [...text.matchAll(/^ \(global (\S+) \(mut /gm)].map(([, name]) => name);
}

/** What each build embeds: its modules (without static data) with their hashes, and the static data. */
export function embeddedBuilds() {
  const builds = {};
  for (const [build, files] of Object.entries(KERNEL_FILES)) {
    const parts = {};
    let data = null;
    for (const [part, file] of Object.entries(files)) {
      const bytes = readFileSync(root(file));
      const { code, segments } = splitStaticData(bytes);
      const layout = segments.map(({ offset, bytes: b }) => `${offset}:${sha256(b)}`).join(",");
      if (data === null) data = { segments, layout };
      else if (layout !== data.layout) throw new Error(`${file}: its static data differs from ${files.kernels}'s, so one copy cannot serve both`);
      parts[part] = { code, bytes };
    }
    const shared = mutableGlobals(files.kernels).filter((name) => mutableGlobals(files.epochs).includes(name));
    if (shared.length > 0) throw new Error(`build ${build}: mutable globals ${shared.join(", ")} are in both ${files.kernels} and ${files.epochs}, separate instances`);
    if (data.segments.length > 0 !== DATA_MODULE_BUILDS.includes(build)) {
      throw new Error(`build ${build}: ${data.segments.length} static data segments, but bindings/wasm/load.ts ${DATA_MODULE_BUILDS.includes(build) ? "imports" : "has no"} a data module for it`);
    }
    // what each kernel set runs, as asc wrote it (data included): the kernels, and those with the epochs
    const sha256s = { core: sha256(parts.kernels.bytes), all: sha256(Buffer.concat([parts.kernels.bytes, parts.epochs.bytes])) };
    builds[build] = { parts, segments: data.segments, sha256s };
  }
  return builds;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const builds = embeddedBuilds();
  const { version } = JSON.parse(readFileSync(root("package.json"), "utf8"));
  const hashes = Object.entries(builds).map(([build, { sha256s }]) => `  ${build}: { core: ${JSON.stringify(sha256s.core)}, all: ${JSON.stringify(sha256s.all)} },`);
  // Each binary and each build's static data get a module of their own, which bindings/wasm/load.ts
  // imports dynamically: the bundle puts each in a chunk loaded only when a kernel instance that needs it
  // is first created (the scalar one only on hosts without WebAssembly SIMD). The hashes, the version and
  // where static data goes stay eager.
  const source = `// Generated by scripts/embed-wasm.js from build/*.wasm and package.json. Do not edit.
/**
 * The package version, fixed at build time (a bundle cannot find package.json relative to itself).
 *
 * @example
 * \`\`\`ts
 * import { version } from "wasm-mle";
 * console.log(version); // e.g. "0.1.0"
 * \`\`\`
 */
export const PACKAGE_VERSION: string = ${JSON.stringify(version)};
/** SHA-256 of what each kernel set runs: the kernels' module as asc wrote it ("core"), followed by the epochs' ("all"). */
export const WASM_SHA256: { readonly [build in "simd" | "scalar"]: { readonly core: string; readonly all: string } } = {
${hashes.join("\n")}
};
/** Static data of each build: [offset, length] pairs of the segments in its data module, in order. */
export const STATIC_SEGMENTS: { readonly simd: readonly (readonly [number, number])[]; readonly scalar: readonly (readonly [number, number])[] } = {
${Object.entries(builds).map(([build, { segments }]) => `  ${build}: [${segments.map(({ offset, bytes }) => `[${offset}, ${bytes.length}]`).join(", ")}],`).join("\n")}
};
`;
  writeFileSync(root("bindings/wasm/binaries.generated.ts"), source);
  // Typed as string, so the declaration files tsc emits stay small (not the bytes as a literal type).
  for (const [build, { parts, segments }] of Object.entries(builds)) {
    for (const [part, { code }] of Object.entries(parts)) {
      const name = part === "kernels" ? `${build}-binary` : `${build}-${part}-binary`;
      writeFileSync(root(`bindings/wasm/${name}.generated.ts`), `// Generated by scripts/embed-wasm.js from ${KERNEL_FILES[build][part]} (its static data apart). Do not edit.
export const WASM_DEFLATED_BASE64: string = ${JSON.stringify(deflatedBase64(code))};
`);
    }
    if (segments.length === 0) continue;
    writeFileSync(root(`bindings/wasm/${build}-data.generated.ts`), `// Generated by scripts/embed-wasm.js from the data sections of ${Object.values(KERNEL_FILES[build]).join(" and ")}. Do not edit.
export const DATA_DEFLATED_BASE64: string = ${JSON.stringify(deflatedBase64(toBytePlanes(Buffer.concat(segments.map(({ bytes }) => bytes)))))};
`);
  }
}
