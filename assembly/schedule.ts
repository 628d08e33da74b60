// Learning-rate schedules, lr_t for update t (t = 1 at the first update) after e completed
// epochs. Ids as the training context's SCHEDULE field (design: issue 9):
//   0 constant      lr
//   1 invscaling    lr / t^A                          (see: sklearn _sgd_fast.pyx `eta0 / pow(t, power_t)`)
//   2 optimal       1 / (l2·(t + A)), A = t0          (the convention; t0 is sklearn's optimal_init)
//   3 step          lr · B^⌊e/A⌋                      (see: torch StepLR, step_size = A, gamma = B)
//   4 exponential   lr · A^e                          (see: torch ExponentialLR, gamma = A)
//   5 cosine        lr·t/A for t ≤ A (warm-up), then B + ½(lr − B)(1 + cos(π·min(1, (t − A)/(T − A))))
//                   (the formula: A = warm-up steps, B = minimum rate, T = total steps;
//                   past T it stays at B)
//   6 adaptive      lr (the host lowers LEARNING_RATE between epochs: ReduceLROnPlateau)
// Scalar work once per update, never per coordinate.
import {
  CTX_EPOCHS_DONE, CTX_L2, CTX_LEARNING_RATE, CTX_SCHEDULE, CTX_SCHEDULE_A, CTX_SCHEDULE_B, CTX_STEP,
  CTX_TOTAL_STEPS, ctxInt, ctxNum,
  SCHEDULE_COSINE, SCHEDULE_EXPONENTIAL, SCHEDULE_INVSCALING, SCHEDULE_OPTIMAL, SCHEDULE_STEP,
} from "./context";

export function scheduledLearningRate(
  kind: i32, learningRate: f64, t: f64, epochsDone: f64, totalSteps: f64, a: f64, b: f64, l2: f64,
): f64 {
  switch (kind) {
    case SCHEDULE_INVSCALING: return learningRate / Math.pow(t, a);
    case SCHEDULE_OPTIMAL: return 1.0 / (l2 * (t + a));
    case SCHEDULE_STEP: return learningRate * Math.pow(b, Math.floor(epochsDone / a));
    case SCHEDULE_EXPONENTIAL: return learningRate * Math.pow(a, epochsDone);
    case SCHEDULE_COSINE: return cosineRate(learningRate, t, totalSteps, a, b);
    default: return learningRate; // constant, adaptive
  }
}

function cosineRate(learningRate: f64, t: f64, totalSteps: f64, warmup: f64, minimum: f64): f64 {
  if (t <= warmup) return learningRate * t / warmup;
  const progress = totalSteps > warmup ? min(1.0, (t - warmup) / (totalSteps - warmup)) : 1.0;
  return minimum + 0.5 * (learningRate - minimum) * (1.0 + Math.cos(Math.PI * progress));
}

/** lr_t of the context's schedule at its current STEP and EPOCHS_DONE. */
export function learningRateAt(ctx: usize): f64 {
  return scheduledLearningRate(
    ctxInt(ctx, CTX_SCHEDULE), ctxNum(ctx, CTX_LEARNING_RATE), ctxNum(ctx, CTX_STEP), ctxNum(ctx, CTX_EPOCHS_DONE),
    ctxNum(ctx, CTX_TOTAL_STEPS), ctxNum(ctx, CTX_SCHEDULE_A), ctxNum(ctx, CTX_SCHEDULE_B), ctxNum(ctx, CTX_L2),
  );
}
