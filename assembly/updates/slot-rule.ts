// The loop of the one-slot update rules (momentum.ts, nesterov.ts, adagrad.ts, rmsprop.ts), written
// once; per coordinate
//   g = scale·G + l2·θ  (gradient.ts),   θ ← R.scalar(θ, g, slot, lr, c1, c2, c3),   G ← 0
// where the rule R updates its slot in place and returns the new θ; c1…c3 are the rule's constants
// (unused ones are 0 and fold away). A rule is a stateless @final @unmanaged class of @inline
// methods that never read `this`, called on a null instance as families/rows.ts calls its family
// classes (AssemblyScript has no static call through a type parameter): each instantiation inlines
// its rule into the loop, as if written out by hand. SIMD: one vector a step, then the scalar loop over the tail; each rule's
// lanes method does its scalar method's operations in the same order, so the twins agree bit for
// bit. Adam (adam.ts) keeps a loop of its own: two slots and eight constants.
import { gradientAt, gradientLanes, lanesOf } from "./gradient";

export function slotRuleScalar<T, R>(theta: usize, grad: usize, slot: usize, n: i32, lr: f64, l2: f64, scale: f64, c1: f64, c2: f64, c3: f64): void {
  const rule = changetype<R>(0);
  const lrT = <T>lr, l2T = <T>l2, scaleT = <T>scale, c1T = <T>c1, c2T = <T>c2, c3T = <T>c3;
  for (let i = 0; i < n; i++) {
    const offset = <usize>i << alignof<T>();
    const g = gradientAt<T>(theta + offset, grad + offset, scaleT, l2T);
    store<T>(theta + offset, rule.scalar<T>(load<T>(theta + offset), g, slot + offset, lrT, c1T, c2T, c3T));
    store<T>(grad + offset, <T>0);
  }
}

export function slotRuleSimd<T, R>(theta: usize, grad: usize, slot: usize, n: i32, lr: f64, l2: f64, scale: f64, c1: f64, c2: f64, c3: f64): void {
  const rule = changetype<R>(0);
  const L = lanesOf<T>();
  const lrV = v128.splat<T>(<T>lr), l2V = v128.splat<T>(<T>l2), scaleV = v128.splat<T>(<T>scale);
  const c1V = v128.splat<T>(<T>c1), c2V = v128.splat<T>(<T>c2), c3V = v128.splat<T>(<T>c3);
  const zero = v128.splat<T>(<T>0);
  let i = 0;
  for (; i + L <= n; i += L) {
    const g = gradientLanes<T>(theta, grad, scaleV, l2V);
    v128.store(theta, rule.lanes<T>(v128.load(theta), g, slot, lrV, c1V, c2V, c3V));
    v128.store(grad, zero);
    theta += 16;
    grad += 16;
    slot += 16;
  }
  slotRuleScalar<T, R>(theta, grad, slot, n - i, lr, l2, scale, c1, c2, c3);
}

// @ts-ignore: decorator
@inline export function slotRule<T, R>(theta: usize, grad: usize, slot: usize, n: i32, lr: f64, l2: f64, scale: f64, c1: f64, c2: f64, c3: f64): void {
  if (ASC_FEATURE_SIMD) slotRuleSimd<T, R>(theta, grad, slot, n, lr, l2, scale, c1, c2, c3);
  else slotRuleScalar<T, R>(theta, grad, slot, n, lr, l2, scale, c1, c2, c3);
}
