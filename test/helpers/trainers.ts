import { afterAll, expect } from "vitest";
import { InvalidOptionError, Trainer, type TrainerOptions } from "../../dist/index.js";
import type { KernelInstance } from "../../dist/wasm/load.js";

/**
 * A `trainer(options)` for a test file that creates trainers (`defaults` under the given options)
 * and disposes of them all after the file's tests.
 */
export function disposingTrainers(defaults: TrainerOptions = {}): (options: TrainerOptions) => Promise<Trainer> {
  const created: Trainer[] = [];
  afterAll(() => created.forEach((t) => t.dispose()));
  return async (options) => {
    const t = await Trainer.create({ ...defaults, ...options });
    created.push(t);
    return t;
  };
}

/**
 * The trainer's kernel instance (exports and memory), for tests that drive a DataSession or the
 * memory directly. It lives in the trainer's private TrainerCore (bindings/trainer/core.ts).
 */
export function kernelInstanceOf(trainer: Trainer): KernelInstance {
  const instance = (trainer as unknown as { core: { kernelInstance: KernelInstance | null } }).core.kernelInstance;
  if (instance === null) throw new Error("the trainer is disposed");
  return instance;
}

/** The InvalidOptionError Trainer.create throws for `options` (a test fails if it accepts them). */
export async function creationRefusal(options: Record<string, unknown>): Promise<InvalidOptionError> {
  const error = await Trainer.create(options as TrainerOptions).then(
    (t) => {
      t.dispose();
      throw new Error(`accepted ${JSON.stringify(options)}`);
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InvalidOptionError);
  return error as InvalidOptionError;
}
