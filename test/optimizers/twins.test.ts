// The WASM epoch with each update rule and schedule against a plain-TypeScript simulation of the
// same run: batches in stored order (sampling "sequential"), the batch gradient computed here in
// f64, then the TypeScript twins of the rules and schedules (bindings/optimizers/update-twins.ts,
// which the as-pect specs compare with the kernels bit for bit). This checks what the specs cannot:
// that every option reaches its header field, the step counter and the completed-epoch count the
// schedules read, the intercept's exemption and FIT_INTERCEPT = 0, and averaging's start.
// Tolerance: rtol 1e-9 per parameter after 6 epochs (the kernels sum each batch's gradient in a
// different order than the loop below; those 1e-16 differences grow through the rules' divisions);
// float32 storage: rtol 1e-4.
import { describe, expect, it } from "vitest";
import type { TrainerOptions } from "../../dist/index.js";
import {
  adagradTwin, adamTwin, averageTwin, decayStepTwin, momentumTwin, nesterovTwin, rmspropTwin,
} from "../../bindings/optimizers/update-twins.js";
import { adamSecondCorrection, adamStepSize, scheduledLearningRate } from "../../bindings/optimizers/schedule-math.js";
import { syntheticData } from "../helpers/fixtures.js";
import { disposingTrainers } from "../helpers/trainers.js";

const trainer = disposingTrainers({ tolerance: 0, sampling: "sequential" });
const SCHEDULE_IDS = { constant: 0, invscaling: 1, optimal: 2, step: 3, exponential: 4, cosine: 5, adaptive: 6 } as const;
const N = 45, D = 3, BATCH = 10, EPOCHS = 6;

type Family = "gaussian" | "bernoulli" | "poisson";

function residual(family: Family, eta: number, y: number): number {
  if (family === "gaussian") return eta - y;
  if (family === "bernoulli") return 1 / (1 + Math.exp(-eta)) - y;
  return Math.exp(eta) - y;
}

function interceptStart(family: Family, y: number[]): number {
  const mean = y.reduce((s, v) => s + v, 0) / y.length;
  return family === "gaussian" ? mean : family === "bernoulli" ? Math.log(mean / (1 - mean)) : Math.log(mean);
}

/** The run the trainer should perform, in TypeScript: returns θ = [w | b] (or θ̄ with averaging). */
function simulate(family: Family, X: number[][], y: number[], o: Required<Pick<TrainerOptions, "learningRate" | "l2" | "fitIntercept">> & TrainerOptions, schedule: { kind: keyof typeof SCHEDULE_IDS; a: number; b: number }): Float64Array {
  const P = D + 1;
  const theta = new Float64Array(P);
  theta[D] = o.fitIntercept ? interceptStart(family, y) : 0;
  const slot0 = new Float64Array(P), slot1 = new Float64Array(P), average = new Float64Array(P);
  const batches = Math.ceil(N / BATCH);
  const total = EPOCHS * batches;
  const rule = o.optimizer === "sgd" ? "sgd" : o.optimizer!;
  let t = 0;
  for (let e = 0; e < EPOCHS; e++) {
    for (let start = 0; start < N; start += BATCH) {
      const rows = Math.min(BATCH, N - start);
      const grad = new Float64Array(P);
      for (let i = start; i < start + rows; i++) {
        let eta = theta[D];
        for (let j = 0; j < D; j++) eta += X[i][j] * theta[j];
        const r = residual(family, eta, y[i]);
        for (let j = 0; j < D; j++) grad[j] += r * X[i][j];
        grad[D] += r;
      }
      t++;
      const scale = N / N / rows; // (n/W)/|B|, as the epoch kernel
      const lr = scheduledLearningRate(SCHEDULE_IDS[schedule.kind], o.learningRate, t, e, total, schedule.a, schedule.b, o.l2);
      const [w, b] = [theta.subarray(0, D), theta.subarray(D)];
      const [gw, gb] = [grad.subarray(0, D), grad.subarray(D)];
      const parts: [Float64Array, Float64Array, Float64Array, Float64Array, number, number][] = [[w, gw, slot0.subarray(0, D), slot1.subarray(0, D), o.l2, 1]];
      if (rule === "sgd") {
        decayStepTwin(w, gw, 1 - lr * o.l2, lr * scale);
        decayStepTwin(b, gb, 1, o.fitIntercept ? lr * scale : 0);
      } else {
        if (o.fitIntercept) parts.push([b, gb, slot0.subarray(D), slot1.subarray(D), 0, 0]);
        for (const [th, g, s0, s1, l2, penalised] of parts) {
          if (rule === "momentum") momentumTwin(th, g, s0, lr, l2, scale, o.momentum ?? 0.9);
          else if (rule === "nesterov") nesterovTwin(th, g, s0, lr, l2, scale, o.momentum ?? 0.9);
          else if (rule === "adagrad") adagradTwin(th, g, s0, lr, l2, scale, o.epsilon ?? 1e-10);
          else if (rule === "rmsprop") rmspropTwin(th, g, s0, lr, l2, scale, o.rho ?? 0.99, o.epsilon ?? 1e-8);
          else {
            const decay = rule === "adamw" && penalised ? 1 - lr * (o.weightDecay ?? 0.01) : 1;
            const [b1, b2] = [o.beta1 ?? 0.9, o.beta2 ?? 0.999];
            adamTwin(th, g, s0, s1, adamStepSize(lr, b1, t), l2, scale, b1, b2, o.epsilon ?? 1e-8, adamSecondCorrection(b2, t), decay);
          }
        }
      }
      const start0 = o.average === true ? 1 : typeof o.average === "number" ? o.average : 0;
      if (start0 > 0 && t >= start0) averageTwin(average, theta, t - start0 + 1);
    }
  }
  return o.average ? average : theta;
}

type Case = { family: Family; options: TrainerOptions; schedule?: { kind: keyof typeof SCHEDULE_IDS; a: number; b: number } };

const CASES: Case[] = [
  { family: "gaussian", options: { optimizer: "momentum", momentum: 0.8, schedule: { kind: "invscaling", power: 0.5 } }, schedule: { kind: "invscaling", a: 0.5, b: 0 } },
  { family: "bernoulli", options: { optimizer: "nesterov", learningRate: 0.3, schedule: { kind: "step", every: 2, factor: 0.5 } }, schedule: { kind: "step", a: 2, b: 0.5 } },
  { family: "poisson", options: { optimizer: "adagrad", learningRate: 0.2, epsilon: 1e-6, schedule: { kind: "exponential", gamma: 0.8 } }, schedule: { kind: "exponential", a: 0.8, b: 0 } },
  { family: "gaussian", options: { optimizer: "rmsprop", rho: 0.9, schedule: { kind: "cosine", warmupSteps: 7, minLearningRate: 0.001 } }, schedule: { kind: "cosine", a: 7, b: 0.001 } },
  { family: "bernoulli", options: { optimizer: "adam", learningRate: 0.1, beta1: 0.8, beta2: 0.99, epsilon: 1e-6 } },
  { family: "bernoulli", options: { optimizer: "adamw", learningRate: 0.1, weightDecay: 0.05 } },
  { family: "poisson", options: { optimizer: "adamw", weightDecay: 0.2, learningRate: 0.05, fitIntercept: false } },
  { family: "gaussian", options: { optimizer: "adam", fitIntercept: false, schedule: { kind: "cosine" } }, schedule: { kind: "cosine", a: 0, b: 0 } },
  { family: "gaussian", options: { optimizer: "sgd", learningRate: 0.05, schedule: { kind: "exponential", gamma: 0.7 } }, schedule: { kind: "exponential", a: 0.7, b: 0 } },
  { family: "gaussian", options: { optimizer: "sgd", learningRate: 0.05, average: 9 } },
  { family: "bernoulli", options: { optimizer: "adam", learningRate: 0.05, average: true } },
  { family: "bernoulli", options: { optimizer: "sgd", l2: 0.5, schedule: "optimal" }, schedule: { kind: "optimal", a: 1 / (Math.sqrt(1 / Math.sqrt(0.5)) * 0.5), b: 0 } },
];

describe("WASM epoch == TypeScript twin simulation (sequential batches of 10, 6 epochs)", () => {
  for (const { family, options, schedule } of CASES) {
    for (const dtype of ["float64", "float32"] as const) {
      it(`${family}, ${JSON.stringify(options)}, ${dtype}`, async () => {
        const { X, y } = syntheticData(family, N, D, 7);
        const full = { learningRate: 0.01, l2: 0.1, fitIntercept: true, ...options };
        const t = await trainer({ family, batchSize: BATCH, epochs: EPOCHS, dtype, ...full });
        const fit = t.fit(X, y);
        const Xf = dtype === "float32" ? X.map((row) => row.map(Math.fround)) : X;
        const yf = dtype === "float32" ? y.map(Math.fround) : y;
        const expected = simulate(family, Xf, yf, full, schedule ?? { kind: "constant", a: 0, b: 0 });
        const actual = [...fit.coefficients, ...fit.intercept];
        const rtol = dtype === "float32" ? 1e-4 : 1e-9;
        actual.forEach((value, j) => expect(Math.abs(value - expected[j])).toBeLessThanOrEqual(rtol * Math.max(1, Math.abs(expected[j]))));
        if (full.fitIntercept === false) expect(fit.intercept[0]).toBe(0);
      });
    }
  }
});
