import { expect } from "vitest";
import { CliInputError } from "../../dist/cli/cli-error.js";
import { thrownBy } from "./thrown.js";

/** The message of the CliInputError `run` throws; the test fails when it throws anything else, or nothing. */
export function cliRefusal(run: () => unknown): string {
  const error = thrownBy(run);
  expect(error).toBeInstanceOf(CliInputError);
  return (error as Error).message;
}
