// The learning rate of the update about to be made, from the training context's header. The
// schedules themselves are bindings/optimizers/schedule-math.ts, portable code compiled into this
// binary and imported by the host, so both sides compute lr_t from one source. Scalar work once
// per update, never per coordinate.
import { scheduledLearningRate } from "../bindings/optimizers/schedule-math";
import {
  CTX_EPOCHS_DONE, CTX_L2, CTX_LEARNING_RATE, CTX_SCHEDULE, CTX_SCHEDULE_A, CTX_SCHEDULE_B, CTX_STEP,
  CTX_TOTAL_STEPS, ctxInt, ctxNum,
} from "./context";

/** lr_t of the context's schedule at its current STEP and EPOCHS_DONE. */
export function learningRateAt(ctx: usize): f64 {
  return scheduledLearningRate(
    <f64>ctxInt(ctx, CTX_SCHEDULE), ctxNum(ctx, CTX_LEARNING_RATE), ctxNum(ctx, CTX_STEP), ctxNum(ctx, CTX_EPOCHS_DONE),
    ctxNum(ctx, CTX_TOTAL_STEPS), ctxNum(ctx, CTX_SCHEDULE_A), ctxNum(ctx, CTX_SCHEDULE_B), ctxNum(ctx, CTX_L2),
  );
}
