import { WasmMleError, describe } from "./errors.js";

// Reading a value of the caller's can throw before any check sees it: a revoked Proxy throws a
// TypeError on every operation, a Proxy's get/ownKeys/getPrototypeOf trap or an accessor can throw
// anything. These wrap the places that read the caller's options, data and documents, so that such
// a throw becomes the typed error of the argument read, raised before anything is changed.

/** Whether `error` is one of ours (instanceof itself runs a Proxy's getPrototypeOf trap, so it is guarded too). */
function isOurs(error: unknown): boolean {
  try {
    return error instanceof WasmMleError;
  } catch {
    return false;
  }
}

/** "reading it threw TypeError: Cannot perform 'get' on a proxy that has been revoked", for a message. */
export function thrownWhileReading(error: unknown): string {
  try {
    if (error instanceof Error) return `reading it threw ${String(error.name)}: ${String(error.message)}`;
  } catch {
    // an Error whose name or message is itself a throwing getter
  }
  return `reading it threw ${describe(error)}`;
}

/**
 * Runs `read`, which reads a value of the caller's; our own errors pass through, anything else
 * it throws becomes `refuse(why)`, `why` saying what was thrown.
 */
export function guardedRead<T>(read: () => T, refuse: (why: string) => WasmMleError): T {
  try {
    return read();
  } catch (error) {
    if (isOurs(error)) throw error;
    throw refuse(thrownWhileReading(error));
  }
}
