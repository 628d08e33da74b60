// What a fit's summary() says once its data is gone (bindings/trainer/core.ts sessionOf): the
// StaleFitError names what released it — a later fit, or dispose() — and a refused fit releases
// nothing, so the last successful fit's summary still works.
import { describe, expect, it } from "vitest";
import { BusyError, InvalidDataError, StaleFitError } from "../../dist/index.js";
import { syntheticData } from "../helpers/fixtures.js";
import { thrownBy } from "../helpers/thrown.js";
import { disposingTrainers } from "../helpers/trainers.js";

const trainer = disposingTrainers({ optimizer: "newton" });
const { X, y } = syntheticData("gaussian", 30, 2, 6);

describe("summary() after its fit's data is released", () => {
  it("a later fit releases it (releasedBy fit); a refused fit does not; dispose() does (releasedBy dispose)", async () => {
    const t = await trainer({});
    const first = t.fit(X, y);
    const second = t.fit(X, y.map((v) => 2 * v));
    const stale = thrownBy(() => first.summary()) as StaleFitError;
    expect(stale).toBeInstanceOf(StaleFitError);
    expect(stale.releasedBy).toBe("fit");
    expect(thrownBy(() => t.fit(X, y.map(() => Number.NaN)))).toBeInstanceOf(InvalidDataError);
    expect(second.summary().terms.map((term) => term.estimate)).toEqual([second.intercept[0], ...second.coefficients]);
    t.dispose();
    const disposed = thrownBy(() => second.summary()) as StaleFitError;
    expect(disposed).toBeInstanceOf(StaleFitError);
    expect(disposed.releasedBy).toBe("dispose");
    expect((thrownBy(() => first.summary()) as StaleFitError).releasedBy).toBe("dispose");
  });

  it("summary() while a fit of the same trainer runs is a BusyError naming fit and summary", async () => {
    const t = await trainer({ optimizer: "gd", epochs: 3, tolerance: 0 });
    const done = t.fit(X, y);
    let busy: unknown;
    t.fit(X, y, { onEpoch: () => void (busy ??= thrownBy(() => done.summary())) });
    expect(busy).toBeInstanceOf(BusyError);
    expect((busy as Error).message).toMatch(/^fit\.summary\(\) was called while Trainer\.fit\(\)/);
    expect(thrownBy(() => done.summary())).toBeInstanceOf(StaleFitError);
  });
});
