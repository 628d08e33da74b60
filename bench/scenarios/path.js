// Scenario: a 100-λ regularisation path (glmnet's default sequence) on 100k × 100, gaussian and
// bernoulli, wasm-mle's fitPath against R glmnet on the same data in the same run (issue 10 item 7).
// Both are single-threaded. Each side is timed `repeats` times and the best is compared; outside
// the timed part the two paths are checked for the same λ sequence, length, df and deviance ratio.
// The target is on wall time; CPU time (user + system: R's system.time, Node's process.cpuUsage,
// which also counts V8's helper threads) is reported beside it, since on a shared machine the
// two sides' wall times see different load.
import os from "node:os";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Trainer } from "../../dist/index.js";
import { ms, outcome, ratio, table } from "../lib/report.js";

/** Target: fitPath within 1.5× of glmnet's time. */
const TARGET_RATIO = 1.5;
const R_SCRIPT = fileURLToPath(new URL("./path-glmnet.R", import.meta.url));

/** x ~ N(0, 1) by a seeded LCG and Box–Muller; 10 true effects of ±0.5; y gaussian and bernoulli. */
function makeData(n, d, seed) {
  let state = seed >>> 0;
  const uniform = () => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) + 0.5) / 2 ** 32;
  const normal = () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
  const X = new Float64Array(n * d);
  for (let i = 0; i < X.length; i++) X[i] = normal();
  const gaussian = new Float64Array(n);
  const binomial = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let eta = 0;
    for (let j = 0; j < 10 && j < d; j++) eta += (j % 2 ? 0.5 : -0.5) * X[i * d + j];
    gaussian[i] = eta + normal();
    binomial[i] = uniform() < 1 / (1 + Math.exp(-eta)) ? 1 : 0;
  }
  return { X, gaussian, binomial };
}

function rAvailable() {
  try {
    execFileSync("Rscript", ["-e", "suppressMessages(library(glmnet))"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

export default {
  id: "path",
  title: "Regularisation paths: fitPath vs R glmnet (100 λ, single thread)",

  async run({ quick, log }) {
    const n = quick ? 20_000 : 100_000;
    const d = 100;
    const repeats = quick ? 1 : 3;
    const data = makeData(n, d, 20261201);
    const outcomes = [];
    if (!rAvailable()) {
      return { sections: ["R with glmnet is not installed (apt-get install r-cran-glmnet): no comparison was run."], outcomes: [outcome("check", "R glmnet available", false, "missing")] };
    }
    const dir = mkdtempSync(join(os.tmpdir(), "wasm-mle-path-"));
    let reference;
    try {
      writeFileSync(join(dir, "X.bin"), Buffer.from(data.X.buffer));
      writeFileSync(join(dir, "gaussian.bin"), Buffer.from(data.gaussian.buffer));
      writeFileSync(join(dir, "binomial.bin"), Buffer.from(data.binomial.buffer));
      log(`path: R glmnet on ${n} × ${d} …`);
      const env = { ...process.env, OMP_NUM_THREADS: "1", OPENBLAS_NUM_THREADS: "1" };
      reference = execFileSync("Rscript", [R_SCRIPT, dir, String(n), String(d), String(repeats)], { env, encoding: "utf8", maxBuffer: 1 << 26 })
        .trim().split("\n").map((line) => JSON.parse(line));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const rows = [];
    for (const family of ["gaussian", "bernoulli"]) {
      const glmnet = reference.find((r) => r.family === (family === "bernoulli" ? "binomial" : family));
      const y = family === "gaussian" ? data.gaussian : data.binomial;
      const times = [];
      const cpuTimes = [];
      let path;
      for (let r = 0; r < repeats; r++) {
        const trainer = await Trainer.create({ family });
        const start = performance.now();
        const cpuStart = process.cpuUsage();
        path = trainer.fitPath({ data: data.X, rows: n, cols: d }, y, { nLambda: 100 });
        const cpu = process.cpuUsage(cpuStart);
        times.push(performance.now() - start);
        cpuTimes.push((cpu.user + cpu.system) / 1000);
        trainer.dispose();
      }
      const ours = Math.min(...times);
      const theirs = Math.min(...glmnet.seconds) * 1000;
      const oursCpu = Math.min(...cpuTimes);
      const theirsCpu = Math.min(...glmnet.cpuSeconds) * 1000;
      const sameLength = path.lambdas.length === glmnet.lambdas.length;
      const lambdaError = Math.max(...glmnet.lambdas.map((l, i) => Math.abs((path.lambdas[i] ?? Infinity) - l) / l));
      const dfMismatches = glmnet.df.filter((v, i) => path.df[i] !== v).length;
      const devianceError = Math.max(...glmnet.devianceRatio.map((v, i) => Math.abs((path.devianceRatio[i] ?? Infinity) - v)));
      const last = path.coefficients[path.coefficients.length - 1];
      const coefficientError = Math.max(...glmnet.lastCoefficients.map((v, j) => Math.abs(last[j] - v) / Math.max(1, Math.abs(v))));
      const where = `${family} ${n.toLocaleString("en-US")} × ${d}`;
      outcomes.push(outcome("check", `fitPath and glmnet give the same path (${where}): λ, length, df, deviance ratio, last coefficients`,
        sameLength && lambdaError <= 1e-10 && dfMismatches <= 1 && devianceError <= 1e-4 && coefficientError <= 1e-3,
        `λ ${lambdaError.toExponential(1)}, dev ${devianceError.toExponential(1)}, β ${coefficientError.toExponential(1)}`,
        `${path.lambdas.length} vs ${glmnet.lambdas.length} λ, ${dfMismatches} df differ (glmnet at its default thresh 1e-7, so agreement to ~1e-4)`));
      outcomes.push(outcome("target", `fitPath ≤ ${TARGET_RATIO}× glmnet's time (${where})`, ours <= TARGET_RATIO * theirs, ratio(ours / theirs), `${ms(ours)} vs ${ms(theirs)} ms`));
      rows.push([family, `${n.toLocaleString("en-US")} × ${d}`, String(path.lambdas.length), `${ms(ours)}`, `${ms(theirs)}`, ratio(ours / theirs),
        `${ms(oursCpu)}`, `${ms(theirsCpu)}`, ratio(oursCpu / theirsCpu), os.loadavg()[0].toFixed(1)]);
    }
    const section = [
      `Default 100-λ path (glmnet's sequence, early end), x ~ N(0, I), 10 non-zero effects; best of ${repeats}; glmnet ${reference[0].glmnet} via Rscript, same data, same run.`,
      "",
      table(["family", "n × d", "λ fitted", "wasm-mle fitPath ms", "R glmnet ms", "ratio", "wasm-mle CPU ms", "R glmnet CPU ms", "CPU ratio", "load"], rows),
    ].join("\n");
    return { sections: [section], outcomes };
  },
};
