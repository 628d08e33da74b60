// The classes a WorkerTrainer revives on the calling thread: every WasmMleError class the package
// exports must be in the worker protocol's registry, or an error of a new class would cross as a
// plain WasmMleError and lose its class.
import { describe, expect, it } from "vitest";
import * as wasmMle from "../../dist/index.js";
import { WASM_MLE_ERRORS } from "../../dist/worker/protocol.js";

describe("the worker protocol's error registry", () => {
  it("lists every exported WasmMleError class, under its own name", () => {
    const exported = Object.entries(wasmMle)
      .filter(([, value]) => typeof value === "function" && (value === wasmMle.WasmMleError || value.prototype instanceof wasmMle.WasmMleError))
      .map(([name]) => name)
      .sort();
    expect(exported.length).toBeGreaterThan(15);
    expect([...WASM_MLE_ERRORS.keys()].sort()).toEqual(exported);
    for (const [name, errorClass] of WASM_MLE_ERRORS) expect(errorClass).toBe((wasmMle as Record<string, unknown>)[name]);
  });
});
