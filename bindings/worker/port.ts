/**
 * One shape for both kinds of worker: a browser module Worker (new Worker(url, { type: "module" }))
 * or Node's worker_threads.Worker, chosen by what the host has (Node 20 has no global Worker).
 * Node's worker is unref'd while idle, so a WorkerTrainer that is never disposed does not keep
 * the process alive.
 */
import type { Reply, Request } from "./protocol.js";

export interface WorkerPort {
  post(message: Request, transfer: Transferable[]): void;
  /** Holds the process open (Node) while a request is pending; no-op in browsers. */
  hold(pending: boolean): void;
  terminate(): void;
}

export interface PortEvents {
  message(reply: Reply): void;
  /** The worker could not load, or died: `detail` says how. */
  failure(detail: string): void;
}

type NodeWorker = import("node:worker_threads").Worker;

/** The worker script beside this module (in dist/worker/ after tsc, in dist/ after the bundle). */
function scriptUrl(): URL {
  return new URL("./worker-thread.js", import.meta.url);
}

export async function spawnWorker(events: PortEvents): Promise<WorkerPort> {
  if (typeof Worker === "function") {
    // The literal `new Worker(new URL(…, import.meta.url), { type: "module" })` is what bundlers (Vite, webpack) recognise.
    const worker = new Worker(new URL("./worker-thread.js", import.meta.url), { type: "module" });
    worker.onmessage = (event: MessageEvent<Reply>) => events.message(event.data);
    worker.onerror = (event: ErrorEvent) => {
      event.preventDefault();
      events.failure(event.message || `the worker script ${scriptUrl()} failed to load or threw`);
    };
    worker.onmessageerror = () => events.failure("a reply could not be deserialised");
    return {
      post: (message, transfer) => worker.postMessage(message, transfer),
      hold: () => {},
      terminate: () => worker.terminate(),
    };
  }
  const { Worker: NodeWorkerClass } = await import("node:worker_threads");
  // Workers inherit the process's execArgv, and `node --input-type=module -e …` would make every worker refuse to start.
  const execArgv = process.execArgv.filter((flag) => !flag.startsWith("--input-type"));
  const worker: NodeWorker = new NodeWorkerClass(scriptUrl(), { execArgv });
  let terminated = false;
  worker.on("message", (reply: Reply) => events.message(reply));
  worker.on("error", (error: Error) => events.failure(`${error.name}: ${error.message}`));
  worker.on("messageerror", () => events.failure("a reply could not be deserialised"));
  worker.on("exit", (code) => {
    if (!terminated) events.failure(`the worker exited with code ${code}`);
  });
  worker.unref();
  return {
    post: (message, transfer) => worker.postMessage(message, transfer as import("node:worker_threads").TransferListItem[]),
    hold: (pending) => (pending ? worker.ref() : worker.unref()),
    terminate: () => {
      terminated = true;
      void worker.terminate();
    },
  };
}
