import { createServer, type Server } from "node:http";
import { readFile } from "node:fs/promises";
import { extname, resolve, sep } from "node:path";
import type { AddressInfo } from "node:net";

const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  // Streaming compilation (WebAssembly.compileStreaming) refuses any other type.
  ".wasm": "application/wasm",
};

export interface StaticServer {
  /** "http://127.0.0.1:<port>" */
  readonly origin: string;
  close(): Promise<void>;
}

/**
 * Serves the files under `root` whose URL path starts with one of `folders` (e.g. "dist/browser"),
 * on 127.0.0.1 at a free port. Everything else, and any path escaping those folders, is a 404.
 */
export async function serveFolders(root: string, folders: readonly string[]): Promise<StaticServer> {
  const allowed = folders.map((folder) => resolve(root, folder) + sep);
  const server: Server = createServer(async (request, response) => {
    const pathname = decodeURIComponent(new URL(request.url ?? "/", "http://127.0.0.1").pathname);
    const file = resolve(root, "." + pathname);
    const contentType = CONTENT_TYPES[extname(file)];
    if ((request.method !== "GET" && request.method !== "HEAD") || !contentType || !allowed.some((prefix) => file.startsWith(prefix))) {
      response.writeHead(404).end();
      return;
    }
    try {
      const body = await readFile(file);
      response.writeHead(200, { "Content-Type": contentType, "Content-Length": body.length, "Cache-Control": "no-store" });
      response.end(request.method === "HEAD" ? undefined : body);
    } catch {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((done, fail) => {
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => done());
  });
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((done) => {
      server.closeAllConnections();
      server.close(() => done());
    }),
  };
}
