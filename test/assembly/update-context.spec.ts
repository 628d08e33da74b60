// applyUpdate over the training-context header (assembly/updates/index.ts): the step counter, the
// scheduled rate it records, the split between penalised weights and intercepts (l2, AdamW decay,
// FIT_INTERCEPT = 0), GRAD zeroed, plain SGD's fused step unchanged, and the averaging start.
// Values are compared bit for bit with the TypeScript twins run on the same numbers (f64).
import { applyUpdate } from "../../assembly/updates/index";
import {
  CTX_AVERAGE, CTX_AVERAGE_START, CTX_BETA1, CTX_BETA2, CTX_EPSILON, CTX_FIELDS, CTX_FIT_INTERCEPT, CTX_GRAD, CTX_L2,
  CTX_LEARNING_RATE, CTX_MOMENTUM, CTX_PARAMS, CTX_PENALISED, CTX_RULE, CTX_SCHEDULE, CTX_SCHEDULE_A, CTX_SLOTS,
  CTX_STEP, CTX_STEP_SIZE, CTX_THETA, CTX_WEIGHT_DECAY, ctxNum, setCtxInt, setCtxNum, setCtxPtr,
  RULE_ADAM, RULE_ADAMW, RULE_MOMENTUM, RULE_SGD, SCHEDULE_INVSCALING,
} from "../../assembly/context";
import {
  adamTwin, decayStepTwin, momentumTwin,
} from "../../bindings/optimizers/update-twins";
import {
  adamSecondCorrection as adamSecondCorrectionTwin, adamStepSize as adamStepSizeTwin, scheduledLearningRate as scheduledLearningRateTwin,
} from "../../bindings/optimizers/schedule-math";
import { allocate, at, put, TestData } from "./support";

const D: i32 = 5, K: i32 = 2, P: i32 = D * K + K;

class Setup {
  ctx: usize = allocate<f64>(CTX_FIELDS);
  theta: usize = allocate<f64>(P);
  grad: usize = allocate<f64>(P);
  slots: usize = allocate<f64>(2 * P);
  average: usize = allocate<f64>(P);
  constructor(rule: i32, fitIntercept: bool) {
    setCtxInt(this.ctx, CTX_RULE, rule);
    setCtxInt(this.ctx, CTX_PARAMS, P);
    setCtxInt(this.ctx, CTX_PENALISED, D * K);
    setCtxInt(this.ctx, CTX_FIT_INTERCEPT, fitIntercept ? 1 : 0);
    setCtxPtr(this.ctx, CTX_THETA, this.theta);
    setCtxPtr(this.ctx, CTX_GRAD, this.grad);
    setCtxPtr(this.ctx, CTX_SLOTS, this.slots);
    setCtxNum(this.ctx, CTX_LEARNING_RATE, 0.1);
    setCtxNum(this.ctx, CTX_L2, 0.25);
    setCtxNum(this.ctx, CTX_MOMENTUM, 0.9);
    setCtxNum(this.ctx, CTX_BETA1, 0.9);
    setCtxNum(this.ctx, CTX_BETA2, 0.999);
    setCtxNum(this.ctx, CTX_EPSILON, 1e-8);
    setCtxNum(this.ctx, CTX_WEIGHT_DECAY, 0.01);
  }
  fill(data: TestData, theta: Float64Array, grad: Float64Array): void {
    for (let j = 0; j < P; j++) {
      const g = data.next();
      put<f64>(this.grad, j, g);
      grad[j] = g;
      if (theta[j] == 0) {
        const v = data.next();
        put<f64>(this.theta, j, v);
        theta[j] = v;
      }
    }
  }
}

function expectSame(pointer: usize, values: Float64Array, what: string): void {
  for (let j = 0; j < values.length; j++) {
    expect<u64>(reinterpret<u64>(at<f64>(pointer, j))).toBe(reinterpret<u64>(values[j]), what + " at " + j.toString());
  }
}

describe("applyUpdate over the context header", () => {
  it("counts t before the update, records the scheduled rate, zeroes GRAD", () => {
    const s = new Setup(RULE_MOMENTUM, true);
    setCtxInt(s.ctx, CTX_SCHEDULE, SCHEDULE_INVSCALING);
    setCtxNum(s.ctx, CTX_SCHEDULE_A, 0.5);
    const data = new TestData(3);
    const theta = new Float64Array(P), grad = new Float64Array(P), velocity = new Float64Array(P);
    for (let step = 1; step <= 4; step++) {
      s.fill(data, theta, grad);
      applyUpdate<f64>(s.ctx, 0.5);
      const lr = scheduledLearningRateTwin(1, 0.1, <f64>step, 0, 0, 0.5, 0, 0.25); // invscaling, 0.1/√t
      expect<f64>(Math.abs(lr - 0.1 / Math.sqrt(<f64>step))).toBeLessThanOrEqual(1e-16);
      expect<f64>(ctxNum(s.ctx, CTX_STEP)).toBe(<f64>step);
      expect<f64>(ctxNum(s.ctx, CTX_STEP_SIZE)).toBe(lr);
      momentumTwin(theta.subarray(0, D * K), grad.subarray(0, D * K), velocity.subarray(0, D * K), lr, 0.25, 0.5, 0.9);
      momentumTwin(theta.subarray(D * K), grad.subarray(D * K), velocity.subarray(D * K), lr, 0, 0.5, 0.9);
      expectSame(s.theta, theta, "momentum θ, update " + step.toString());
      expectSame(s.slots, velocity, "momentum v, update " + step.toString());
      for (let j = 0; j < P; j++) expect<f64>(at<f64>(s.grad, j)).toBe(0.0);
    }
  });

  it("plain SGD keeps the fused decay step; intercepts without decay", () => {
    const s = new Setup(RULE_SGD, true);
    const theta = new Float64Array(P), grad = new Float64Array(P);
    s.fill(new TestData(4), theta, grad);
    applyUpdate<f64>(s.ctx, 0.75);
    decayStepTwin(theta.subarray(0, D * K), grad.subarray(0, D * K), 1.0 - 0.1 * 0.25, 0.1 * 0.75);
    decayStepTwin(theta.subarray(D * K), grad.subarray(D * K), 1.0, 0.1 * 0.75);
    expectSame(s.theta, theta, "sgd θ");
  });

  it("AdamW decays the weights, never the intercepts; FIT_INTERCEPT = 0 leaves them alone", () => {
    for (let fit = 0; fit < 2; fit++) {
      const s = new Setup(RULE_ADAMW, fit == 1);
      const theta = new Float64Array(P), grad = new Float64Array(P), m = new Float64Array(P), v = new Float64Array(P);
      const data = new TestData(5 + fit);
      for (let step = 1; step <= 3; step++) {
        s.fill(data, theta, grad);
        const t = <f64>step;
        applyUpdate<f64>(s.ctx, 0.5);
        const stepSize = adamStepSizeTwin(0.1, 0.9, t), correction = adamSecondCorrectionTwin(0.999, t);
        adamTwin(theta.subarray(0, D * K), grad.subarray(0, D * K), m.subarray(0, D * K), v.subarray(0, D * K), stepSize, 0.25, 0.5, 0.9, 0.999, 1e-8, correction, 1.0 - 0.1 * 0.01);
        if (fit == 1) {
          adamTwin(theta.subarray(D * K), grad.subarray(D * K), m.subarray(D * K), v.subarray(D * K), stepSize, 0, 0.5, 0.9, 0.999, 1e-8, correction, 1.0);
        }
        expectSame(s.theta, theta, "adamw θ, fitIntercept " + fit.toString());
        expectSame(s.slots, m, "adamw m");
        expectSame(s.slots + (<usize>P << 3), v, "adamw v");
        for (let j = 0; j < P; j++) expect<f64>(at<f64>(s.grad, j)).toBe(0.0, "GRAD zeroed, intercepts too");
      }
    }
  });

  it("averaging starts at AVERAGE_START: θ̄ = θ there, then the running mean of the iterates", () => {
    const s = new Setup(RULE_ADAM, true);
    setCtxPtr(s.ctx, CTX_AVERAGE, s.average);
    setCtxNum(s.ctx, CTX_AVERAGE_START, 3);
    const data = new TestData(9);
    const theta = new Float64Array(P), grad = new Float64Array(P);
    const sum = new Float64Array(P);
    for (let step = 1; step <= 6; step++) {
      s.fill(data, theta, grad);
      applyUpdate<f64>(s.ctx, 1.0);
      for (let j = 0; j < P; j++) {
        if (step < 3) {
          expect<f64>(at<f64>(s.average, j)).toBe(0.0, "untouched before the start");
          continue;
        }
        sum[j] += at<f64>(s.theta, j);
        if (step == 3) expect<f64>(at<f64>(s.average, j)).toBe(at<f64>(s.theta, j), "θ̄ = θ at the start");
        const mean = sum[j] / <f64>(step - 2);
        expect<f64>(Math.abs(at<f64>(s.average, j) - mean)).toBeLessThanOrEqual(1e-15 * (1.0 + Math.abs(mean)), "running mean");
      }
    }
  });
});
