// The worker script's start (bindings/worker/worker-thread.ts), imported in this thread with its
// host faked, so what it does is checked where Stryker's mutants are switched: in a Node worker it
// serves parentPort, in a browser worker the global scope (onmessage / postMessage), and outside a
// worker it refuses to start.
import { EventEmitter } from "node:events";
import { afterEach, describe, expect, it, vi } from "vitest";

afterEach(() => {
  vi.resetModules();
  vi.doUnmock("node:worker_threads");
  vi.unstubAllGlobals();
  delete (globalThis as { onmessage?: unknown }).onmessage;
});

const created = { ok: true, value: { kernels: expect.stringMatching(/^(simd|scalar)$/) } };

function fakeParentPort() {
  return Object.assign(new EventEmitter(), {
    posted: [] as unknown[][],
    postMessage(...args: unknown[]) {
      this.posted.push(args);
    },
  });
}

describe("worker-thread.js", () => {
  it("in a Node worker: answers parentPort's requests on parentPort", async () => {
    const parentPort = fakeParentPort();
    vi.doMock("node:worker_threads", () => ({ parentPort }));
    await import("../../dist/worker/worker-thread.js");
    parentPort.emit("message", { id: 1, type: "create", options: {} });
    await vi.waitFor(() => expect(parentPort.posted).toHaveLength(1), { timeout: 20_000 });
    expect(parentPort.posted[0]).toEqual([{ id: 1, ...created }, []]);
  });

  it("outside any worker: refuses to start", async () => {
    vi.doMock("node:worker_threads", () => ({ parentPort: null }));
    await expect(import("../../dist/worker/worker-thread.js")).rejects.toThrow(/must run in a Worker/);
  });

  it("in a browser worker: answers onmessage's requests with postMessage", async () => {
    const posted: unknown[][] = [];
    vi.stubGlobal("WorkerGlobalScope", class {
      static [Symbol.hasInstance](value: unknown) {
        return value === globalThis;
      }
    });
    vi.stubGlobal("postMessage", (...args: unknown[]) => void posted.push(args));
    vi.doMock("node:worker_threads", () => ({ parentPort: null }));
    await import("../../dist/worker/worker-thread.js");
    (globalThis as unknown as { onmessage(event: { data: unknown }): void }).onmessage({ data: { id: 2, type: "create", options: {} } });
    await vi.waitFor(() => expect(posted).toHaveLength(1), { timeout: 20_000 });
    expect(posted[0]).toEqual([{ id: 2, ...created }, []]);
  });

  it("a WorkerGlobalScope this thread is not an instance of is not a browser worker", async () => {
    vi.stubGlobal("WorkerGlobalScope", class {});
    const parentPort = fakeParentPort();
    vi.doMock("node:worker_threads", () => ({ parentPort }));
    await import("../../dist/worker/worker-thread.js");
    parentPort.emit("message", { id: 3, type: "create", options: {} });
    await vi.waitFor(() => expect(parentPort.posted).toHaveLength(1), { timeout: 20_000 });
    expect(parentPort.posted[0][0]).toMatchObject({ id: 3, ok: true });
  });
});
