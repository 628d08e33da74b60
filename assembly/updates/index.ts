// One optimizer update per mini-batch, over the training context (design: issue 9). The epoch
// kernel accumulates GRAD = Σ s·∂nll/∂θ over a batch and calls applyUpdate with
// gradScale = WEIGHT_SCALE/|B|; the update owns the rest:
//   t ← t + 1;  lr_t = schedule(t, e);  θ ← rule(θ, g, slots);  θ̄ ← average(θ̄, θ);  GRAD ← 0
// with g_j = gradScale·GRAD_j + (j < PENALISED ? l2·θ_j : 0) for every rule but plain SGD, whose
// fused step keeps today's arithmetic (θ·(1 − lr·l2) − lr·scale·G, see kernels/vector.ts) so its
// epoch costs what it did. The rule is picked once per batch; each kernel runs twice, over the
// penalised weights (with l2) and over the intercepts (l2 = 0, no decay), and the intercepts are
// left alone (GRAD still zeroed) when FIT_INTERCEPT = 0. With L1_STATE ≠ 0 (penalty factors, L1)
// the factors first weight the l2 term in GRAD (factorRidge), and after the rule the penalised
// weights are truncated toward 0 by the cumulative L1 penalty (l1.ts), before the averaging.
import {
  CTX_AVERAGE, CTX_AVERAGE_START, CTX_BETA1, CTX_BETA2, CTX_EPSILON, CTX_FIT_INTERCEPT, CTX_GRAD, CTX_L1, CTX_L1_STATE, CTX_L2,
  CTX_MOMENTUM, CTX_PARAMS, CTX_PENALISED, CTX_RHO, CTX_RULE, CTX_SLOTS, CTX_STEP, CTX_STEP_SIZE, CTX_THETA,
  CTX_WEIGHT_DECAY, ctxInt, ctxNum, ctxPtr, setCtxNum,
  RULE_ADAGRAD, RULE_ADAM, RULE_ADAMW, RULE_MOMENTUM, RULE_NESTEROV, RULE_RMSPROP, RULE_SGD,
} from "../context";
import { learningRateAt } from "../schedule";
import { adamSecondCorrection, adamStepSize } from "../../bindings/optimizers/schedule-math";
import { decayStep } from "../kernels/vector";
import { slotRule } from "./slot-rule";
import { Momentum } from "./momentum";
import { Nesterov } from "./nesterov";
import { AdaGrad } from "./adagrad";
import { RmsProp } from "./rmsprop";
import { adamStep } from "./adam";
import { adamwDecay } from "./adamw";
import { averageStep } from "./average";
import { excessSquareSum, factorRidge, l1Truncate, weightedAbsSum } from "./l1";

/**
 * What L1_STATE adds to the epoch's (l2/2)·Σ θ_j²: l1·Σ f_j·|θ_j| + (l2/2)·Σ (f_j − 1)·θ_j² over the
 * penalised coordinates (0 without L1_STATE), so the sum is Σ f_j·((l2/2)·θ_j² + l1·|θ_j|).
 */
export function factorPenalty<T>(ctx: usize): f64 {
  const state = ctxPtr(ctx, CTX_L1_STATE);
  if (state == 0) return 0.0;
  const theta = ctxPtr(ctx, CTX_THETA), penalised = ctxInt(ctx, CTX_PENALISED);
  const l1 = ctxNum(ctx, CTX_L1), l2 = ctxNum(ctx, CTX_L2);
  return (l1 == 0 ? 0.0 : l1 * weightedAbsSum<T>(theta, state, penalised)) + (l2 == 0 ? 0.0 : 0.5 * l2 * excessSquareSum<T>(theta, state, penalised));
}

/**
 * The cumulative L1 truncation of the penalised coordinates after the rule's step. L1_STATE holds
 * three vectors of PENALISED values of T: the penalty factors f, the accumulated u and the
 * received q (l1.ts). The rules with a second moment pass it as the per-coordinate step.
 * see: Tsuruoka et al. (2009) §3.2 for the cumulative penalty with one step size.
 */
function l1Step<T>(ctx: usize, rule: i32, penalised: i32, lr: f64, t: f64): void {
  const state = ctxPtr(ctx, CTX_L1_STATE);
  const stride = <usize>penalised << alignof<T>();
  let moment: usize = 0;
  let correction = 1.0;
  let step = lr;
  // heavy-ball and Nesterov move θ by lr·v, and v settles at g/(1 − μ): their step along the
  // gradient is lr/(1 − μ), which the penalty must match for the fixed point to be the lasso's
  if (rule == RULE_MOMENTUM || rule == RULE_NESTEROV) step = lr / (1.0 - ctxNum(ctx, CTX_MOMENTUM));
  else if (rule == RULE_ADAGRAD || rule == RULE_RMSPROP) moment = ctxPtr(ctx, CTX_SLOTS);
  else if (rule == RULE_ADAM || rule == RULE_ADAMW) {
    moment = ctxPtr(ctx, CTX_SLOTS) + (<usize>ctxInt(ctx, CTX_PARAMS) << alignof<T>());
    correction = adamSecondCorrection(ctxNum(ctx, CTX_BETA2), t);
  }
  l1Truncate<T>(ctxPtr(ctx, CTX_THETA), state, state + stride, state + 2 * stride, moment, penalised,
    step * ctxNum(ctx, CTX_L1), correction, ctxNum(ctx, CTX_EPSILON));
}

/**
 * One rule over coordinates [start, start + n) (pointers advanced to start), with the range's l2
 * and AdamW decay; slot pointers are the slots' bases.
 */
function ruleStep<T>(
  ctx: usize, rule: i32, start: i32, n: i32, lr: f64, l2: f64, scale: f64, t: f64, decoupledDecay: f64,
): void {
  const offset = <usize>start << alignof<T>();
  const theta = ctxPtr(ctx, CTX_THETA) + offset;
  const grad = ctxPtr(ctx, CTX_GRAD) + offset;
  const slot0 = ctxPtr(ctx, CTX_SLOTS) + offset;
  const epsilon = ctxNum(ctx, CTX_EPSILON);
  switch (rule) {
    case RULE_MOMENTUM: slotRule<T, Momentum>(theta, grad, slot0, n, lr, l2, scale, ctxNum(ctx, CTX_MOMENTUM), 0, 0); break;
    case RULE_NESTEROV: slotRule<T, Nesterov>(theta, grad, slot0, n, lr, l2, scale, ctxNum(ctx, CTX_MOMENTUM), 0, 0); break;
    case RULE_ADAGRAD: slotRule<T, AdaGrad>(theta, grad, slot0, n, lr, l2, scale, epsilon, 0, 0); break;
    case RULE_RMSPROP: {
      const rho = ctxNum(ctx, CTX_RHO);
      slotRule<T, RmsProp>(theta, grad, slot0, n, lr, l2, scale, rho, 1.0 - rho, epsilon);
      break;
    }
    default: {
      // adam, adamw: slot 1 (v) starts P values after slot 0 (m)
      const slot1 = slot0 + (<usize>ctxInt(ctx, CTX_PARAMS) << alignof<T>());
      const beta1 = ctxNum(ctx, CTX_BETA1), beta2 = ctxNum(ctx, CTX_BETA2);
      const stepSize = adamStepSize(lr, beta1, t);
      const correction = adamSecondCorrection(beta2, t);
      adamStep<T>(theta, grad, slot0, slot1, n, stepSize, l2, scale, beta1, beta2, epsilon, correction, decoupledDecay);
    }
  }
}

export function applyUpdate<T>(ctx: usize, gradScale: f64): void {
  const t = ctxNum(ctx, CTX_STEP) + 1.0;
  setCtxNum(ctx, CTX_STEP, t);
  const lr = learningRateAt(ctx);
  setCtxNum(ctx, CTX_STEP_SIZE, lr);
  const rule = ctxInt(ctx, CTX_RULE);
  const params = ctxInt(ctx, CTX_PARAMS);
  const penalised = ctxInt(ctx, CTX_PENALISED);
  const intercepts = params - penalised;
  const fitIntercept = ctxInt(ctx, CTX_FIT_INTERCEPT) != 0;
  const l2 = ctxNum(ctx, CTX_L2);
  const l1State = ctxPtr(ctx, CTX_L1_STATE);
  if (l1State != 0 && l2 != 0) factorRidge<T>(ctxPtr(ctx, CTX_GRAD), ctxPtr(ctx, CTX_THETA), l1State, penalised, l2 / gradScale);
  if (rule == RULE_SGD) {
    const theta = ctxPtr(ctx, CTX_THETA), grad = ctxPtr(ctx, CTX_GRAD);
    const interceptOffset = <usize>penalised << alignof<T>();
    const step = <T>(lr * gradScale);
    decayStep<T>(theta, grad, penalised, <T>(1.0 - lr * l2), step);
    decayStep<T>(theta + interceptOffset, grad + interceptOffset, intercepts, <T>1, fitIntercept ? step : <T>0);
  } else {
    const decay = rule == RULE_ADAMW ? adamwDecay(lr, ctxNum(ctx, CTX_WEIGHT_DECAY)) : 1.0;
    ruleStep<T>(ctx, rule, 0, penalised, lr, l2, gradScale, t, decay);
    if (fitIntercept) {
      ruleStep<T>(ctx, rule, penalised, intercepts, lr, 0.0, gradScale, t, 1.0);
    } else {
      memory.fill(ctxPtr(ctx, CTX_GRAD) + (<usize>penalised << alignof<T>()), 0, <usize>intercepts << alignof<T>());
    }
  }
  if (l1State != 0 && ctxNum(ctx, CTX_L1) != 0) l1Step<T>(ctx, rule, penalised, lr, t);
  const average = ctxPtr(ctx, CTX_AVERAGE);
  const averageStart = ctxNum(ctx, CTX_AVERAGE_START);
  if (average != 0 && averageStart > 0 && t >= averageStart) {
    averageStep<T>(average, ctxPtr(ctx, CTX_THETA), params, t - averageStart + 1.0);
  }
}
