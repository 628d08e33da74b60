import { afterAll } from "vitest";
import { Trainer, type TrainerOptions } from "../../dist/index.js";

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
