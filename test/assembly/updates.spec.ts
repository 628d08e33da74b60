// Update rules (assembly/updates/*): every SIMD kernel against its scalar twin and both against the
// plain-TypeScript twin of bindings/optimizers/update-twins.ts (compiled here as AssemblyScript),
// for f32 and f64, at every length 0..4·lanes+1, aligned and misaligned, over three consecutive
// updates (the optimizer state carried from one to the next), with values past the end that must
// stay untouched.
//
// Tolerances:
//   SIMD vs scalar, both precisions: 0 (bit for bit). Every rule is elementwise and uses only
//     +, −, ·, / and √, which are correctly rounded in wasm's scalar and vector forms alike, in
//     the same order in both twins; no fused multiply-add.
//   f64 scalar vs the TypeScript twin: 0 (bit for bit): same formulas, same order, in f64.
//   f32 vs the TypeScript twin run in f64 on the same f32 inputs: |Δ| ≤ 1e-4·(1 + |x|) per value
//     (about 800 f32 ulps: three updates of ~10 roundings each at 2⁻²⁴, amplified by the division
//     by √v + ε where v is small; measured differences are far below it).
import { slotRuleScalar, slotRuleSimd } from "../../assembly/updates/slot-rule";
import { Momentum } from "../../assembly/updates/momentum";
import { Nesterov } from "../../assembly/updates/nesterov";
import { AdaGrad } from "../../assembly/updates/adagrad";
import { RmsProp } from "../../assembly/updates/rmsprop";
import { adamStepScalar, adamStepSimd } from "../../assembly/updates/adam";
import { adamwDecay } from "../../assembly/updates/adamw";
import { averageStepScalar, averageStepSimd } from "../../assembly/updates/average";
import {
  adagradTwin, adamTwin, averageTwin, momentumTwin, nesterovTwin, rmspropTwin,
} from "../../bindings/optimizers/update-twins";
import {
  adamSecondCorrection as adamSecondCorrectionTwin, adamStepSize as adamStepSizeTwin, scheduledLearningRate as scheduledLearningRateTwin,
} from "../../bindings/optimizers/schedule-math";
import { allocate, at, bitsOf, expectTwinClose, firstBitDifference, put, TestData, toArray, typeName } from "./support";

const MOMENTUM: i32 = 1, NESTEROV: i32 = 2, ADAGRAD: i32 = 3, RMSPROP: i32 = 4, ADAM: i32 = 5, ADAMW: i32 = 6;
const AVERAGE: i32 = 7;
const SENTINEL: f64 = 12345.5;
const PAD: i32 = 8;
const STEPS: i32 = 3;
const LR: f64 = 0.05, L2: f64 = 0.3, SCALE: f64 = 0.7, MU: f64 = 0.9, RHO: f64 = 0.99;
const BETA1: f64 = 0.9, BETA2: f64 = 0.999, WEIGHT_DECAY: f64 = 0.01;

function ruleName(rule: i32): string {
  const names = ["sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "adamw", "average"];
  return names[rule];
}

function epsilonFor(rule: i32): f64 {
  return rule == ADAGRAD ? 1e-10 : 1e-8;
}

/** One update of `rule` at step t on buffers (theta, grad, slot0, slot1) of n values. */
function runKernel<T>(rule: i32, simd: bool, theta: usize, grad: usize, s0: usize, s1: usize, n: i32, t: f64): void {
  const eps = epsilonFor(rule);
  if (rule == MOMENTUM) {
    if (simd) slotRuleSimd<T, Momentum>(theta, grad, s0, n, LR, L2, SCALE, MU, 0, 0); else slotRuleScalar<T, Momentum>(theta, grad, s0, n, LR, L2, SCALE, MU, 0, 0);
  } else if (rule == NESTEROV) {
    if (simd) slotRuleSimd<T, Nesterov>(theta, grad, s0, n, LR, L2, SCALE, MU, 0, 0); else slotRuleScalar<T, Nesterov>(theta, grad, s0, n, LR, L2, SCALE, MU, 0, 0);
  } else if (rule == ADAGRAD) {
    if (simd) slotRuleSimd<T, AdaGrad>(theta, grad, s0, n, LR, L2, SCALE, eps, 0, 0); else slotRuleScalar<T, AdaGrad>(theta, grad, s0, n, LR, L2, SCALE, eps, 0, 0);
  } else if (rule == RMSPROP) {
    // the rule's constants ρ, 1 − ρ (rounded in f64, as applyUpdate passes it), ε
    if (simd) slotRuleSimd<T, RmsProp>(theta, grad, s0, n, LR, L2, SCALE, RHO, 1.0 - RHO, eps);
    else slotRuleScalar<T, RmsProp>(theta, grad, s0, n, LR, L2, SCALE, RHO, 1.0 - RHO, eps);
  } else if (rule == AVERAGE) {
    // s0 is the average; grad is unused (the averaging step reads θ only)
    if (simd) averageStepSimd<T>(s0, theta, n, t); else averageStepScalar<T>(s0, theta, n, t);
  } else {
    const stepSize = adamStepSizeTwin(LR, BETA1, t);
    const correction = adamSecondCorrectionTwin(BETA2, t);
    const decay = rule == ADAMW ? adamwDecay(LR, WEIGHT_DECAY) : 1.0;
    if (simd) adamStepSimd<T>(theta, grad, s0, s1, n, stepSize, L2, SCALE, BETA1, BETA2, eps, correction, decay);
    else adamStepScalar<T>(theta, grad, s0, s1, n, stepSize, L2, SCALE, BETA1, BETA2, eps, correction, decay);
  }
}

function runTwin(rule: i32, theta: Float64Array, grad: Float64Array, s0: Float64Array, s1: Float64Array, t: f64): void {
  const eps = epsilonFor(rule);
  if (rule == MOMENTUM) momentumTwin(theta, grad, s0, LR, L2, SCALE, MU);
  else if (rule == NESTEROV) nesterovTwin(theta, grad, s0, LR, L2, SCALE, MU);
  else if (rule == ADAGRAD) adagradTwin(theta, grad, s0, LR, L2, SCALE, eps);
  else if (rule == RMSPROP) rmspropTwin(theta, grad, s0, LR, L2, SCALE, RHO, eps);
  else if (rule == AVERAGE) averageTwin(s0, theta, t);
  else {
    const decay = rule == ADAMW ? 1.0 - LR * WEIGHT_DECAY : 1.0;
    adamTwin(theta, grad, s0, s1, adamStepSizeTwin(LR, BETA1, t), L2, SCALE, BETA1, BETA2, eps, adamSecondCorrectionTwin(BETA2, t), decay);
  }
}

/** Buffer `which` (0 θ, 1 G, 2 slot0, 3 slot1) of copy `copy` (0 scalar, 1 SIMD), misaligned by `misalign`. */
function bufferOf<T>(base: usize, n: i32, copy: i32, which: i32, misalign: i32): usize {
  return base + ((<usize>(copy * 4 + which) * <usize>(n + PAD + 1) + <usize>misalign) << alignof<T>());
}

function checkRule<T>(rule: i32, n: i32, misalign: i32, seed: u32): void {
  const data = new TestData(seed);
  const base = allocate<T>(8 * (n + PAD + 1) + 8);
  for (let which = 0; which < 4; which++) {
    const scalar = bufferOf<T>(base, n, 0, which, misalign);
    for (let i = 0; i < n; i++) {
      const value = data.next();
      // second moments and sums of squares are never negative
      put<T>(scalar, i, <T>(which >= 2 && rule != MOMENTUM && rule != NESTEROV && rule != AVERAGE ? Math.abs(value) : value));
    }
    for (let i = n; i < n + PAD; i++) put<T>(scalar, i, <T>SENTINEL);
    memory.copy(bufferOf<T>(base, n, 1, which, misalign), scalar, <usize>(n + PAD) << alignof<T>());
  }
  const theta = toArray<T>(bufferOf<T>(base, n, 0, 0, misalign), n);
  const grad = new Float64Array(n);
  const s0 = toArray<T>(bufferOf<T>(base, n, 0, 2, misalign), n);
  const s1 = toArray<T>(bufferOf<T>(base, n, 0, 3, misalign), n);
  const context = ruleName(rule) + " " + typeName<T>() + " n=" + n.toString() + " misalign=" + misalign.toString();
  for (let step = 1; step <= STEPS; step++) {
    const t = <f64>step;
    const gScalar = bufferOf<T>(base, n, 0, 1, misalign), gSimd = bufferOf<T>(base, n, 1, 1, misalign);
    for (let i = 0; i < n; i++) {
      const g = <T>data.next();
      put<T>(gScalar, i, g);
      put<T>(gSimd, i, g);
      grad[i] = <f64>g;
    }
    if (rule == AVERAGE) {
      // θ moves between averaging steps, as it does under any rule
      for (let i = 0; i < n; i++) {
        const moved = <T>(<f64>at<T>(bufferOf<T>(base, n, 0, 0, misalign), i) + <f64>at<T>(gScalar, i));
        put<T>(bufferOf<T>(base, n, 0, 0, misalign), i, moved);
        put<T>(bufferOf<T>(base, n, 1, 0, misalign), i, moved);
        theta[i] = <f64>moved;
      }
    }
    runKernel<T>(rule, false, bufferOf<T>(base, n, 0, 0, misalign), gScalar, bufferOf<T>(base, n, 0, 2, misalign), bufferOf<T>(base, n, 0, 3, misalign), n, t);
    runKernel<T>(rule, true, bufferOf<T>(base, n, 1, 0, misalign), gSimd, bufferOf<T>(base, n, 1, 2, misalign), bufferOf<T>(base, n, 1, 3, misalign), n, t);
    runTwin(rule, theta, grad, s0, s1, t);
    const names = ["theta", "grad", "slot0", "slot1"];
    for (let which = 0; which < 4; which++) {
      const scalar = bufferOf<T>(base, n, 0, which, misalign), simd = bufferOf<T>(base, n, 1, which, misalign);
      const what = names[which] + " after update " + step.toString() + ", " + context;
      expect<i32>(firstBitDifference<T>(simd, scalar, n + PAD)).toBe(-1, what + ": SIMD == scalar bitwise, incl. past the end");
      for (let i = n; i < n + PAD; i++) expect<f64>(<f64>at<T>(simd, i)).toBe(SENTINEL, what + ": written past the end");
    }
    expectTwinClose<T>(bufferOf<T>(base, n, 0, 0, misalign), theta, n, "theta after update " + step.toString() + ", " + context);
    expectTwinClose<T>(bufferOf<T>(base, n, 0, 2, misalign), s0, n, "slot0 after update " + step.toString() + ", " + context);
    if (rule == ADAM || rule == ADAMW) expectTwinClose<T>(bufferOf<T>(base, n, 0, 3, misalign), s1, n, "slot1, " + context);
    if (rule != AVERAGE) {
      for (let i = 0; i < n; i++) expect<u64>(bitsOf<T>(at<T>(gScalar, i))).toBe(0, "G left +0 for the next batch, " + context);
    }
  }
  heap.free(base);
}

function rulesSuite<T>(): void {
  describe("update rules, " + typeName<T>(), () => {
    it("every rule: SIMD == scalar == TS twin over three updates, lengths 0..4·lanes+1, aligned and not", () => {
      const longest = 4 * (16 / sizeof<T>()) + 1;
      for (let rule = MOMENTUM; rule <= AVERAGE; rule++) {
        for (let n = 0; n <= longest; n++) {
          checkRule<T>(rule, n, 0, <u32>(100 * rule + n));
          checkRule<T>(rule, n, 1, <u32>(5000 + 100 * rule + n));
        }
        checkRule<T>(rule, 257, 1, <u32>(9000 + rule));
      }
    });

    it("known answers from the definitions (torch.optim's first update from zero state)", () => {
      // θ = 1, G = 2, scale 0.5, l2 0.3 → g = 1.3 at the first step from zero state:
      // momentum: v = g, θ = 1 − lr·g; adam: m̂ = g, v̂ = g², θ = 1 − lr·g/(|g| + ε).
      const theta = allocate<T>(4), grad = allocate<T>(4), s0 = allocate<T>(4), s1 = allocate<T>(4);
      put<T>(theta, 0, <T>1); put<T>(grad, 0, <T>2);
      slotRuleScalar<T, Momentum>(theta, grad, s0, 1, 0.1, 0.3, 0.5, 0.9, 0, 0);
      expect<f64>(<f64>at<T>(s0, 0)).toBeCloseTo(1.3);
      expect<f64>(<f64>at<T>(theta, 0)).toBeCloseTo(1.0 - 0.1 * 1.3);
      put<T>(theta, 0, <T>1); put<T>(grad, 0, <T>2); put<T>(s0, 0, <T>0);
      adamStepScalar<T>(theta, grad, s0, s1, 1, adamStepSizeTwin(0.1, 0.9, 1), 0.3, 0.5, 0.9, 0.999, 1e-8, adamSecondCorrectionTwin(0.999, 1), 1.0);
      expect<f64>(<f64>at<T>(theta, 0)).toBeCloseTo(1.0 - 0.1 * 1.3 / (1.3 + 1e-8));
      // AdamW with a zero gradient only decays: θ = (1 − lr·wd)·θ.
      put<T>(theta, 0, <T>2); put<T>(s0, 0, <T>0); put<T>(s1, 0, <T>0);
      adamStepScalar<T>(theta, grad, s0, s1, 1, 0.1, 0.0, 0.5, 0.9, 0.999, 1e-8, adamSecondCorrectionTwin(0.999, 1), adamwDecay(0.1, 0.01));
      expect<f64>(<f64>at<T>(theta, 0)).toBeCloseTo(2.0 * (1.0 - 0.1 * 0.01));
      heap.free(theta); heap.free(grad); heap.free(s0); heap.free(s1);
    });
  });
}

rulesSuite<f64>();
rulesSuite<f32>();
