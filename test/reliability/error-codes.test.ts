// Every error class's `code` is part of the API (README, "### Errors": "carry a code"): programs
// branch on it, across a worker's structured clone too. Each is raised here through the public
// API where a call can raise it, and constructed directly where the situation is costly to make
// (a 4 GiB layout, a dead worker); the code must be the documented one.
import { describe, expect, test } from "vitest";
import {
  AbortError, BusyError, CollinearityError, DataTooLargeError, DetachedFitError, DisposedError, DivergenceError, FitResult,
  IncompatibleStateError, InvalidDataError, InvalidModelError, InvalidOptionError, InvalidStateError, Model, NotFittedError,
  ProblemTooLargeError, SeparationError, StaleFitError, Trainer, TrainingStateError, UnknownLevelError, WasmMleError, WorkerFailedError,
} from "../../dist/index.js";
import { thrownBy } from "../helpers/thrown.js";

const X = [[0], [1], [2], [3], [4], [5]];
const y = [1, 0.5, 2.5, 2, 4.5, 4];
const rejection = (promise: Promise<unknown>) => promise.then(() => undefined, (error: unknown) => error);

describe("error codes", () => {
  test("raised by the API", async () => {
    const t = await Trainer.create({ optimizer: "newton" });
    const fit = t.fit(X, y);
    const sgd = await Trainer.create({ optimizer: "sgd", epochs: 3 });
    const disposed = await Trainer.create({});
    disposed.dispose();
    let busy: unknown;
    const cases: [unknown, new (...args: never[]) => WasmMleError, string][] = [
      [await rejection(Trainer.create({ learningRate: 0 })), InvalidOptionError, "INVALID_OPTION"],
      [thrownBy(() => t.fit([[0], [Number.NaN]], [1, 2])), InvalidDataError, "INVALID_DATA"],
      [thrownBy(() => t.fit(X.map((r) => [r[0], 2 * r[0]]), y)), CollinearityError, "COLLINEAR"],
      [thrownBy(() => t.predict([[1, 2]])), InvalidDataError, "INVALID_DATA"],
      [thrownBy(() => sgd.predict(X)), NotFittedError, "NOT_FITTED"],
      [thrownBy(() => sgd.saveState()), TrainingStateError, "TRAINING_STATE"],
      [thrownBy(() => disposed.fit(X, y)), DisposedError, "DISPOSED"],
      [await rejection(Trainer.restore({ format: "nothing" })), InvalidStateError, "INVALID_STATE"],
      [await rejection(Model.fromJSON({ format: "nothing" })), InvalidModelError, "INVALID_MODEL"],
      [thrownBy(() => sgd.fit(X, y, { signal: AbortSignal.abort() })), AbortError, "ABORTED"],
    ];
    for (const [error, type, code] of cases) {
      expect(error, code).toBeInstanceOf(type);
      expect((error as WasmMleError).code, type.name).toBe(code);
    }
    const bernoulli = await Trainer.create({ family: "bernoulli", optimizer: "newton" });
    const separated = thrownBy(() => bernoulli.fit(X, [0, 0, 0, 1, 1, 1]));
    expect(separated).toBeInstanceOf(SeparationError);
    expect((separated as WasmMleError).code).toBe("SEPARATION");
    const wide = thrownBy(() => t.fit([[1, 2, 3], [4, 5, 7]], [1, 2]));
    expect(wide).toBeInstanceOf(ProblemTooLargeError);
    expect((wide as WasmMleError).code).toBe("TOO_LARGE");
    const diverging = await Trainer.create({ optimizer: "gd", learningRate: 1e6, epochs: 50 });
    const diverged = thrownBy(() => diverging.fit(X, y));
    expect(diverged).toBeInstanceOf(DivergenceError);
    expect((diverged as WasmMleError).code).toBe("DIVERGED");
    sgd.fit(X, y, { onEpoch: () => void (busy = thrownBy(() => sgd.predict(X))) });
    expect(busy).toBeInstanceOf(BusyError);
    expect((busy as WasmMleError).code).toBe("BUSY");
    const first = sgd.fit(X, y);
    sgd.fit(X, y);
    const stale = thrownBy(() => first.summary());
    expect(stale).toBeInstanceOf(StaleFitError);
    expect((stale as WasmMleError).code).toBe("STALE_FIT");
    const rebuilt = await FitResult.fromJSON(JSON.parse(JSON.stringify(fit)));
    const noData = thrownBy(() => rebuilt.summary());
    expect(noData).toBeInstanceOf(DetachedFitError);
    expect((noData as WasmMleError).code).toBe("DETACHED_FIT");
    const state = sgd.saveState();
    const other = await rejection(Trainer.restore({ ...state, formatVersion: 99 }));
    expect(other).toBeInstanceOf(IncompatibleStateError);
    expect((other as WasmMleError).code).toBe("INCOMPATIBLE_STATE");
    for (const trainer of [t, sgd, bernoulli, diverging]) trainer.dispose();
  });

  test("constructed where the situation is costly to make", () => {
    expect(new DataTooLargeError(2 ** 33, 2 ** 32, "X").code).toBe("DATA_TOO_LARGE");
    expect(new UnknownLevelError("colour", "mauve", ["red", "blue"], 3).code).toBe("UNKNOWN_LEVEL");
    expect(new WorkerFailedError("fit", "exit code 1").code).toBe("WORKER_FAILED");
  });
});
