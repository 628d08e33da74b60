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

/** The InvalidDataError `run` throws, checked to name `field`: for tests that then read its value and index. */
export function invalidDataOf(run: () => unknown, field: InvalidDataError["field"]): InvalidDataError {
  const error = thrownBy(run) as InvalidDataError;
  expect(error).toBeInstanceOf(InvalidDataError);
  expect(error.field).toBe(field);
  return error;
}
