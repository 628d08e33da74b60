// What a result table is stamped with, so numbers are never read without their hardware.
import os from "node:os";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";

function gitRevision(cwd) {
  try {
    const head = execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd, stdio: ["ignore", "pipe", "ignore"] }).toString().trim();
    const dirty = execFileSync("git", ["status", "--porcelain", "--untracked-files=no"], { cwd, stdio: ["ignore", "pipe", "ignore"] }).toString().trim();
    return dirty ? `${head} (+ uncommitted changes)` : head;
  } catch {
    return "unknown";
  }
}

export function machineStamp(packageRoot) {
  const cpus = os.cpus();
  const pkg = JSON.parse(readFileSync(new URL("package.json", packageRoot), "utf8"));
  return {
    cpu: cpus[0]?.model?.trim() ?? "unknown",
    cores: cpus.length,
    node: process.version,
    v8: process.versions.v8,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    date: new Date().toISOString(),
    loadAverage: os.loadavg().map((v) => v.toFixed(2)).join(" / "),
    memoryGiB: (os.totalmem() / 2 ** 30).toFixed(1),
    package: `${pkg.name}@${pkg.version}`,
    revision: gitRevision(new URL(".", packageRoot)),
  };
}
