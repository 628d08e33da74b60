// How an error crosses between a WorkerTrainer and its worker (bindings/worker/protocol.ts): what
// serializeError keeps and what reviveError rebuilds on the other side; and the browser branch of
// spawnWorker (bindings/worker/port.ts), which Node never takes by itself (it has no global Worker).
import { afterEach, describe, expect, it, vi } from "vitest";
import { InvalidOptionError, StaleFitError, WasmMleError } from "../../dist/index.js";
import { reviveError, serializeError } from "../../dist/worker/protocol.js";
import { spawnWorker } from "../../dist/worker/port.js";

/** An Error whose name, code, message and stack are own enumerable fields, as any thrown object's may be. */
function errorWithOwnFields(fields: Record<string, unknown>): Error {
  const error = new Error("unused");
  for (const [key, value] of Object.entries(fields)) Object.defineProperty(error, key, { value, enumerable: true, writable: true, configurable: true });
  return error;
}

describe("serializeError", () => {
  it("a thrown non-Error becomes a plain Error naming the value", () => {
    expect(serializeError(42)).toEqual({ name: "Error", message: "a non-Error value was thrown: 42", fields: {} });
    expect(serializeError("oops").message).toBe('a non-Error value was thrown: "oops"');
    expect(serializeError({ message: "like an error" })).toEqual({ name: "Error", message: "a non-Error value was thrown: an object", fields: {} });
  });

  it("keeps name, code, message and stack apart from the error's other own fields", () => {
    const error = errorWithOwnFields({ name: "CustomError", code: "CUSTOM", message: "went wrong", stack: "CustomError: went wrong\n    at here", rows: 3 });
    expect(serializeError(error)).toEqual({ name: "CustomError", code: "CUSTOM", message: "went wrong", stack: "CustomError: went wrong\n    at here", fields: { rows: 3 } });
  });

  it("a code that is not a string is left out; fields are copies, and what cannot be cloned is described", () => {
    const nested = { limits: [1, 2] };
    const serialized = serializeError(errorWithOwnFields({ code: 7, nested, callback: () => 1 }));
    expect(serialized.code).toBeUndefined();
    expect(serialized.fields).toEqual({ nested: { limits: [1, 2] }, callback: "a function" });
    expect(serialized.fields.nested).not.toBe(nested);
    expect(() => structuredClone(serialized)).not.toThrow();
  });

  it("a WasmMleError: its class's name, code and constructor fields", () => {
    const error = new InvalidOptionError("learningRate", 0, "a finite number > 0");
    const serialized = serializeError(error);
    expect(serialized).toMatchObject({ name: "InvalidOptionError", code: "INVALID_OPTION", message: error.message, stack: error.stack });
    expect(serialized.fields).toEqual({ option: "learningRate", value: 0, expected: "a finite number > 0" });
  });
});

describe("reviveError", () => {
  it("one of ours: the same class, name, code, message, stack and fields", () => {
    const original = new StaleFitError("summary", "fit");
    const revived = reviveError(structuredClone(serializeError(original)));
    expect(revived).toBeInstanceOf(StaleFitError);
    expect(revived).toBeInstanceOf(WasmMleError);
    expect(revived.message).toBe(original.message);
    expect(revived.stack).toBe(original.stack);
    expect({ ...revived }).toEqual({ ...original });
    expect(Object.getOwnPropertyDescriptor(revived, "name")).toEqual({ value: "StaleFitError", enumerable: true, writable: true, configurable: true });
    expect(Object.getOwnPropertyDescriptor(revived, "message")).toEqual({ value: original.message, enumerable: false, writable: true, configurable: true });
  });

  it("a built-in error type keeps its prototype's name; an unknown class is an Error with its name", () => {
    const typeError = reviveError({ name: "TypeError", message: "not a function", fields: {} });
    expect(typeError).toBeInstanceOf(TypeError);
    expect(typeError.name).toBe("TypeError");
    expect(Object.keys(typeError)).toEqual([]);
    expect(Object.hasOwn(typeError, "name")).toBe(false);
    const unknown = reviveError({ name: "DOMException", code: "ABORT_ERR", message: "aborted", fields: { extra: 1 } });
    expect(Object.getPrototypeOf(unknown)).toBe(Error.prototype);
    expect({ ...unknown }).toEqual({ name: "DOMException", code: "ABORT_ERR", extra: 1 });
    expect(unknown.message).toBe("aborted");
  });

  it("no code or stack given: none is made up", () => {
    const revived = reviveError({ name: "Error", message: "plain", fields: {} });
    expect(Object.hasOwn(revived, "code")).toBe(false);
    expect(Object.hasOwn(revived, "stack")).toBe(false);
    expect(Object.getOwnPropertyNames(revived)).toEqual(["message"]);
  });
});

describe("spawnWorker where the host has a global Worker (a browser)", () => {
  afterEach(() => vi.unstubAllGlobals());

  class FakeWorker {
    static made: FakeWorker[] = [];
    posted: unknown[] = [];
    terminated = 0;
    onmessage?: (event: { data: unknown }) => void;
    onerror?: (event: { message: string; preventDefault(): void }) => void;
    onmessageerror?: () => void;
    constructor(readonly url: URL, readonly options: unknown) {
      FakeWorker.made.push(this);
    }
    postMessage(message: unknown, transfer: unknown) {
      this.posted.push([message, transfer]);
    }
    terminate() {
      this.terminated++;
    }
  }

  it("starts the module worker beside port.js and wires its events and calls", async () => {
    vi.stubGlobal("Worker", FakeWorker);
    const replies: unknown[] = [];
    const failures: string[] = [];
    const port = await spawnWorker({ message: (reply) => void replies.push(reply), failure: (detail) => void failures.push(detail) });
    const worker = FakeWorker.made.at(-1)!;
    expect(worker.url.href).toMatch(/\/worker\/worker-thread\.js$/);
    expect(worker.options).toEqual({ type: "module" });
    worker.onmessage!({ data: { id: 1, ok: true, value: null } });
    expect(replies).toEqual([{ id: 1, ok: true, value: null }]);
    const transfer = [new ArrayBuffer(8)];
    port.post({ id: 2, type: "predict", X: [[1]] }, transfer);
    expect(worker.posted).toEqual([[{ id: 2, type: "predict", X: [[1]] }, transfer]]);
    port.hold(true);
    port.hold(false);
    expect(worker.terminated).toBe(0);
    port.terminate();
    expect(worker.terminated).toBe(1);

    let prevented = 0;
    worker.onerror!({ message: "SyntaxError: bad token", preventDefault: () => void prevented++ });
    worker.onerror!({ message: "", preventDefault: () => void prevented++ });
    worker.onmessageerror!();
    expect(prevented).toBe(2);
    expect(failures[0]).toBe("SyntaxError: bad token");
    expect(failures[1]).toMatch(/^the worker script .*\/worker\/worker-thread\.js failed to load or threw$/);
    expect(failures[2]).toBe("a reply could not be deserialised");
    expect(failures).toHaveLength(3);
  });
});

describe("spawnWorker in Node: a worker_threads Worker running worker-thread.js", () => {
  it("starts even when this process runs with --input-type (which a worker refuses), by leaving that flag out", async () => {
    process.execArgv.push("--input-type=module");
    let port: Awaited<ReturnType<typeof spawnWorker>>;
    const failures: string[] = [];
    try {
      const reply = new Promise<unknown>((resolve) => {
        void spawnWorker({ message: resolve, failure: (detail) => (failures.push(detail), resolve(detail)) }).then((p) => {
          port = p;
          p.post({ id: 7, type: "create", options: {} }, []);
        });
      });
      expect(await reply).toMatchObject({ id: 7, ok: true });
      expect(failures).toEqual([]);
    } finally {
      process.execArgv.pop();
      port!?.terminate();
    }
  });

  it("answers requests; terminate() ends it without reporting a failure", async () => {
    const replies: { id: number; ok?: boolean; value?: unknown }[] = [];
    const failures: string[] = [];
    let replied: () => void = () => {};
    const port = await spawnWorker({
      message: (reply) => {
        replies.push(reply as never);
        replied();
      },
      failure: (detail) => void failures.push(detail),
    });
    port.hold(true);
    await new Promise<void>((resolve) => {
      replied = resolve;
      port.post({ id: 1, type: "create", options: {} }, []);
    });
    expect(replies).toEqual([{ id: 1, ok: true, value: { kernels: expect.stringMatching(/^(simd|scalar)$/) } }]);
    port.hold(false);
    port.terminate();
    // a terminated worker's exit event follows within a few turns of the event loop; none may be reported as a failure
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(failures).toEqual([]);
  });
});
