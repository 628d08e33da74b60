import { SCALAR_WASM_BASE64, SCALAR_WASM_SHA256, SIMD_WASM_BASE64, SIMD_WASM_SHA256 } from "./binaries.generated.js";
import type { KernelExports } from "./abi.js";
import { WASM_PAGE_BYTES } from "./abi.js";
import { WasmMleError } from "../errors.js";
import { FAMILIES } from "../families/index.js";
import type { FamilyName } from "../families/index.js";
import { checkContextLayout } from "./context.js";

export type ResolvedBuild = "simd" | "scalar";

const BINARIES: Record<ResolvedBuild, { base64: string; sha256: string }> = {
  simd: { base64: SIMD_WASM_BASE64, sha256: SIMD_WASM_SHA256 },
  scalar: { base64: SCALAR_WASM_BASE64, sha256: SCALAR_WASM_SHA256 },
};

const bytesCache = new Map<ResolvedBuild, Uint8Array<ArrayBuffer>>();
const moduleCache = new Map<ResolvedBuild, Promise<WebAssembly.Module>>();

function wasmBytes(build: ResolvedBuild): Uint8Array<ArrayBuffer> {
  let bytes = bytesCache.get(build);
  if (!bytes) {
    const binary = atob(BINARIES[build].base64);
    bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    bytesCache.set(build, bytes);
  }
  return bytes;
}

/** Feature detection: the host supports our SIMD binary iff it validates. */
export function simdSupported(): boolean {
  return WebAssembly.validate(wasmBytes("simd"));
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
  return BINARIES[build].sha256;
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
    compiled = WebAssembly.compile(wasmBytes(build));
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
