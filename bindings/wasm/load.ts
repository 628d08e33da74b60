import { STATIC_SEGMENTS, WASM_SHA256 } from "./binaries.generated.js";
import type { KernelExports } from "./abi.js";
import { WASM_PAGE_BYTES } from "./abi.js";
import { WasmMleError } from "../errors.js";
import { FAMILIES } from "../families/index.js";
import type { FamilyName } from "../families/index.js";
import { checkContextLayout } from "./context.js";

/**
 * The kernel binary a trainer or model runs ("auto" resolved).
 *
 * @example
 * ```ts
 * import { Trainer, type ResolvedBuild } from "wasm-mle";
 * const trainer = await Trainer.create({});
 * const build: ResolvedBuild = trainer.kernels; // "simd" where supported
 * ```
 */
export type ResolvedBuild = "simd" | "scalar";

/**
 * Which kernels an instance holds: "core", every kernel but the epoch loop that gd, sgd and the
 * adaptive rules run, which the exact optimizers and saved models need no more than; or "all", with
 * the epoch loop, a second module (assembly/epochs.ts) instantiated over the same memory. Each
 * build ships both parts and its static data (scripts/embed-wasm.js); the SIMD kernels' chunk is
 * 9.3 kB gzipped, the epochs' 9.1, the tables 5.1.
 */
export type KernelSet = "all" | "core";

/** A build's modules: the kernels, and the epoch loop. */
type Part = "kernels" | "epochs";

/** The embedded modules by build and part, each in a chunk of its own (scripts/embed-wasm.js). */
const BINARIES: Record<ResolvedBuild, Record<Part, () => Promise<{ WASM_DEFLATED_BASE64: string }>>> = {
  simd: { kernels: () => import("./simd-binary.generated.js"), epochs: () => import("./simd-epochs-binary.generated.js") },
  scalar: { kernels: () => import("./scalar-binary.generated.js"), epochs: () => import("./scalar-epochs-binary.generated.js") },
};

/** Each build's static data (the musl exp/log tables of the SIMD build), shared by its modules. */
const STATIC_DATA: Partial<Record<ResolvedBuild, () => Promise<{ DATA_DEFLATED_BASE64: string }>>> = {
  simd: () => import("./simd-data.generated.js"),
};

const moduleCache = new Map<string, Promise<WebAssembly.Module>>();
const staticDataCache = new Map<ResolvedBuild, Promise<Uint8Array<ArrayBuffer>>>();

function decodeBase64(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/**
 * Inflates an embedded binary (scripts/embed-wasm.js deflates them). DecompressionStream where the
 * host has it (zlib format, which every DecompressionStream reads: Node ≥ 18, Chrome 80, Firefox 113, Safari 16.4); elsewhere fflate's inflater, a chunk of its own
 * that only such hosts download.
 */
async function inflate(deflated: Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer>> {
  if (typeof DecompressionStream === "function") {
    const stream = new Blob([deflated]).stream().pipeThrough(new DecompressionStream("deflate"));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  }
  const { unzlibSync } = await import("./inflate-fallback.js");
  return unzlibSync(deflated) as Uint8Array<ArrayBuffer>;
}

/**
 * The bytes of one of a build's modules, without its static data (staticData). Each sits in a module
 * of its own (a chunk of the bundle), loaded by the first kernel instance that needs it: importing the
 * library loads none, and hosts with SIMD never load the scalar ones.
 */
export async function wasmBytes(build: ResolvedBuild, part: Part = "kernels"): Promise<Uint8Array<ArrayBuffer>> {
  const { WASM_DEFLATED_BASE64 } = await BINARIES[build][part]();
  return inflate(decodeBase64(WASM_DEFLATED_BASE64));
}

/** A build's module, compiled once per process. */
function compiledPart(build: ResolvedBuild, part: Part): Promise<WebAssembly.Module> {
  const key = `${build}/${part}`;
  let compiled = moduleCache.get(key);
  if (!compiled) {
    compiled = wasmBytes(build, part).then((bytes) => WebAssembly.compile(bytes));
    // a failed load must not be cached: the next create() tries again
    compiled.catch(() => moduleCache.delete(key));
    moduleCache.set(key, compiled);
  }
  return compiled;
}

/** Undoes scripts/embed-wasm.js toBytePlanes: byte k of every 16-byte group sits in plane k. */
function fromBytePlanes(planes: Uint8Array<ArrayBuffer>): Uint8Array<ArrayBuffer> {
  const groups = planes.length >> 4;
  const data = new Uint8Array(planes.length);
  for (let k = 0; k < 16; k++) for (let g = 0; g < groups; g++) data[(g << 4) + k] = planes[k * groups + g];
  return data;
}

/** A build's static data, the segments of STATIC_SEGMENTS one after another (empty for the scalar build). */
export function staticData(build: ResolvedBuild): Promise<Uint8Array<ArrayBuffer>> {
  let data = staticDataCache.get(build);
  if (!data) {
    const load = STATIC_DATA[build];
    data = load ? load().then(async ({ DATA_DEFLATED_BASE64 }) => fromBytePlanes(await inflate(decodeBase64(DATA_DEFLATED_BASE64)))) : Promise.resolve(new Uint8Array(0));
    data.catch(() => staticDataCache.delete(build));
    staticDataCache.set(build, data);
  }
  return data;
}

// A module whose one function uses v128 (i32.const 0; i8x16.splat; i8x16.popcnt): it validates
// exactly where the fixed-width SIMD proposal our SIMD build uses is implemented (no relaxed SIMD),
// so the answer is known synchronously without inflating the build (test/wasm-loading.test.ts checks
// that it agrees with validating the build itself).
const SIMD_PROBE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7b, 0x03, 0x02, 0x01, 0x00,
  0x0a, 0x0a, 0x01, 0x08, 0x00, 0x41, 0x00, 0xfd, 0x0f, 0xfd, 0x62, 0x0b,
]);
let simdValidates: boolean | undefined;

/**
 * Feature detection: whether the host supports WebAssembly SIMD, which our SIMD binary needs.
 *
 * @example
 * ```ts
 * import { Trainer, simdSupported } from "wasm-mle";
 * const trainer = await Trainer.create({ kernels: simdSupported() ? "simd" : "scalar" }); // what "auto" does
 * ```
 */
export function simdSupported(): boolean {
  return (simdValidates ??= WebAssembly.validate(SIMD_PROBE));
}

export function resolveBuild(requested: "auto" | ResolvedBuild): ResolvedBuild {
  if (requested === "scalar") return "scalar";
  const supported = simdSupported();
  if (requested === "simd" && !supported) {
    throw new WasmMleError("SIMD_UNSUPPORTED", 'kernels: "simd" was requested but this host does not support WebAssembly SIMD; use "auto" or "scalar".');
  }
  return supported ? "simd" : "scalar";
}

/**
 * SHA-256 of what a build runs for a kernel set (its modules as asc wrote them, one after the other),
 * so results can name exactly which code produced them. Training states come from "all" (only the
 * epoch-based optimizers have one).
 */
export function binaryHash(build: ResolvedBuild, set: KernelSet = "all"): string {
  return WASM_SHA256[build][set];
}

/** A kernel instance with its own memory: one per Trainer, gone with it. */
export interface KernelInstance {
  readonly build: ResolvedBuild;
  /** The kernels it holds: "core" has no epochF32/epochF64. */
  readonly set: KernelSet;
  readonly memory: WebAssembly.Memory;
  readonly exports: KernelExports;
  readonly heapBase: number;
}

/** Instantiates a build's kernels for a kernel set ("all" unless the caller knows it needs no epochs). */
export async function instantiateKernels(build: ResolvedBuild, set: KernelSet = "all"): Promise<KernelInstance> {
  const [kernels, epochs, data] = await Promise.all([
    compiledPart(build, "kernels"), set === "all" ? compiledPart(build, "epochs") : null, staticData(build),
  ]);
  const memory = new WebAssembly.Memory({ initial: 1 });
  // what the modules' data segments held, at the same addresses (scripts/embed-wasm.js took them out)
  let read = 0;
  for (const [offset, length] of STATIC_SEGMENTS[build]) {
    new Uint8Array(memory.buffer, offset, length).set(data.subarray(read, read + length));
    read += length;
  }
  const imports = {
    env: {
      memory,
      abort(_message: number, _file: number, line: number, column: number) {
        throw new WasmMleError("WASM_ABORT", `WASM kernel aborted at ${line}:${column}`);
      },
    },
  };
  const instance = await WebAssembly.instantiate(kernels, imports);
  // the epoch loop's module shares the memory and nothing else (assembly/epochs.ts)
  const epochExports = epochs ? (await WebAssembly.instantiate(epochs, imports)).exports : {};
  const exports = { ...instance.exports, ...epochExports } as unknown as KernelExports;
  const heapBase = exports.heapBase();
  if (heapBase > WASM_PAGE_BYTES) throw new WasmMleError("WASM_LAYOUT", `static data (${heapBase} bytes) exceeds the first page`);
  checkContextLayout(exports);
  checkFamilyIds(exports);
  return { build, set, memory, exports, heapBase };
}

/** The host's family table must name the ids the binary switches on (issue 9: no hand-kept sync). */
function checkFamilyIds(exports: KernelExports): void {
  const binaryIds: Record<FamilyName, number> = {
    gaussian: exports.familyIdGaussian(),
    bernoulli: exports.familyIdBernoulli(),
    poisson: exports.familyIdPoisson(),
    multinomial: exports.familyIdMultinomial(),
  };
  for (const name of Object.keys(binaryIds) as FamilyName[]) {
    if (FAMILIES[name].abiId !== binaryIds[name]) {
      throw new WasmMleError("WASM_LAYOUT", `kernels: family ${name} has id ${binaryIds[name]} in the binary but ${FAMILIES[name].abiId} on the host`);
    }
  }
}
