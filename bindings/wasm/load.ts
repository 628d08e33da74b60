import { SCALAR_WASM_SHA256, SIMD_WASM_SHA256 } from "./binaries.generated.js";
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

const SHA256: Record<ResolvedBuild, string> = { simd: SIMD_WASM_SHA256, scalar: SCALAR_WASM_SHA256 };

const moduleCache = new Map<ResolvedBuild, Promise<WebAssembly.Module>>();

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
 * The raw bytes of a build. Each sits in a module of its own (a chunk of the bundle), loaded by the
 * first kernel instance of that build: importing the library loads neither, and hosts with SIMD
 * never load the scalar one.
 */
export async function wasmBytes(build: ResolvedBuild): Promise<Uint8Array<ArrayBuffer>> {
  const { WASM_DEFLATED_BASE64 } = build === "simd" ? await import("./simd-binary.generated.js") : await import("./scalar-binary.generated.js");
  return inflate(decodeBase64(WASM_DEFLATED_BASE64));
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

/** SHA-256 of the binary a build runs, so results can name exactly which code produced them. */
export function binaryHash(build: ResolvedBuild): string {
  return SHA256[build];
}

/** A kernel instance with its own memory: one per Trainer, gone with it. */
export interface KernelInstance {
  readonly build: ResolvedBuild;
  readonly memory: WebAssembly.Memory;
  readonly exports: KernelExports;
  readonly heapBase: number;
}

export async function instantiateKernels(build: ResolvedBuild): Promise<KernelInstance> {
  let compiled = moduleCache.get(build);
  if (!compiled) {
    compiled = wasmBytes(build).then((bytes) => WebAssembly.compile(bytes));
    // a failed load must not be cached: the next create() tries again
    compiled.catch(() => moduleCache.delete(build));
    moduleCache.set(build, compiled);
  }
  const memory = new WebAssembly.Memory({ initial: 1 });
  const instance = await WebAssembly.instantiate(await compiled, {
    env: {
      memory,
      abort(_message: number, _file: number, line: number, column: number) {
        throw new WasmMleError("WASM_ABORT", `WASM kernel aborted at ${line}:${column}`);
      },
    },
  });
  const exports = instance.exports as unknown as KernelExports;
  const heapBase = exports.heapBase();
  if (heapBase > WASM_PAGE_BYTES) throw new WasmMleError("WASM_LAYOUT", `static data (${heapBase} bytes) exceeds the first page`);
  checkContextLayout(exports);
  checkFamilyIds(exports);
  return { build, memory, exports, heapBase };
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
