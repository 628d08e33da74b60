// Markdown rendering shared by all scenarios, and the report file every run writes.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

/** A markdown table; `align` is a string of l/r per column (default: first left, rest right). */
export function table(header, rows, align = "l" + "r".repeat(header.length - 1)) {
  const rule = [...align].map((a) => (a === "r" ? "---:" : ":---"));
  return [header, rule, ...rows].map((cells) => `| ${cells.join(" | ")} |`).join("\n");
}

/** 1234567 → "1.23 M"; keeps three significant digits. */
export function rate(value) {
  if (!Number.isFinite(value)) return "–";
  const units = [[1e9, " G"], [1e6, " M"], [1e3, " k"]];
  for (const [scale, unit] of units) if (Math.abs(value) >= scale) return `${(value / scale).toPrecision(3)}${unit}`;
  return value.toPrecision(3);
}

export function ms(value) {
  if (!Number.isFinite(value)) return "–";
  return value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2);
}

export function ratio(value) {
  return Number.isFinite(value) ? `${value.toFixed(value >= 100 ? 0 : 2)}×` : "–";
}

export function bytes(value) {
  return `${(value / 2 ** 20).toFixed(1)} MiB`;
}

export function mark(pass) {
  return pass ? "✓" : "✗";
}

/**
 * A target or check outcome. `kind` "check" = correctness (a failure fails the run); "target" =
 * a speed goal (reported; fails the run only under BENCH_STRICT=1).
 */
export function outcome(kind, name, pass, measured, detail = "") {
  return { kind, name, pass, measured, detail };
}

export function stampLines(stamp, mode) {
  return [
    `- CPU: ${stamp.cpu} (${stamp.cores} logical cores, ${stamp.memoryGiB} GiB); load average at start ${stamp.loadAverage}`,
    `- Node ${stamp.node} (V8 ${stamp.v8}), ${stamp.os}`,
    `- ${stamp.package}, revision ${stamp.revision}`,
    `- Date: ${stamp.date}; mode: ${mode}${stamp.loadAverageEnd ? `; load average at the end ${stamp.loadAverageEnd}` : ""}`,
  ].join("\n");
}

export function outcomesTable(outcomes) {
  return table(
    ["", "kind", "what", "measured", "detail"],
    outcomes.map((o) => [mark(o.pass), o.kind, o.name, o.measured, o.detail]),
    "lllll",
  );
}

export function renderReport({ stamp, mode, sections, outcomes }) {
  return [
    "# wasm-mle benchmark",
    "",
    stampLines(stamp, mode),
    "",
    ...sections.flatMap((section) => [section, ""]),
    "## Targets and checks",
    "",
    outcomesTable(outcomes),
    "",
  ].join("\n");
}

export function writeReport(path, markdown) {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, markdown);
}
