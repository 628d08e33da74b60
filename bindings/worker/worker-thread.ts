/**
 * The worker side of WorkerTrainer, started by it (port.ts): connects this worker's channel to the
 * request handler (thread-handler.ts). Runs as a browser module worker or a Node worker_thread.
 */
import { serve, type Endpoint } from "./thread-handler.js";

/**
 * A browser worker's global scope, set up synchronously (before any await) so no request can
 * arrive before its handler; Node's parentPort queues messages until a listener is attached.
 */
function webEndpoint(): Endpoint | null {
  const scope = globalThis as unknown as { WorkerGlobalScope?: Function; postMessage(m: unknown, t: Transferable[]): void; onmessage: unknown };
  if (typeof scope.WorkerGlobalScope !== "function" || !(globalThis instanceof (scope.WorkerGlobalScope as never))) return null;
  return {
    post: (reply, transfer = []) => scope.postMessage(reply, transfer),
    listen: (handler) => {
      scope.onmessage = (event: MessageEvent) => handler(event.data);
    },
  };
}

async function nodeEndpoint(): Promise<Endpoint> {
  const { parentPort } = await import("node:worker_threads");
  if (parentPort === null) throw new Error("wasm-mle's worker-thread.js must run in a Worker (it is started by WorkerTrainer)");
  return {
    post: (reply, transfer = []) => parentPort.postMessage(reply, transfer as import("node:worker_threads").TransferListItem[]),
    listen: (handler) => parentPort.on("message", handler),
  };
}

serve(webEndpoint() ?? (await nodeEndpoint()));
