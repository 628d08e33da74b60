import { expect } from "vitest";
import { InvalidDataError } from "../../dist/index.js";

/** What `run` throws, or undefined when it returns: for tests that inspect an error's fields. */
export function thrownBy(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
}

/** The error a promise-returning call rejects (or throws) with, or undefined when it resolves. */
export async function rejectionOf(run: () => unknown): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  return undefined;
}

/** The error `run` throws, checked to be a `type`: for tests that then read its fields. */
export function thrownAs<E extends Error>(run: () => unknown, type: abstract new (...args: never[]) => E): E {
  const error = thrownBy(run);
  expect(error).toBeInstanceOf(type);
  return error as E;
}

/** The InvalidDataError `run` throws, checked to name `field`: for tests that then read its value and index. */
export function invalidDataOf(run: () => unknown, field: InvalidDataError["field"]): InvalidDataError {
  const error = thrownAs(run, InvalidDataError);
  expect(error.field).toBe(field);
  return error;
}
