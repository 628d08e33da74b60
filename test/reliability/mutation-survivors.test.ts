// Tests written for mutants that survived a Stryker run (test/MUTATION.md): each pins a behaviour
// that no test checked — the reason a check exists, not only that some error comes out.
import { describe, expect, test } from "vitest";
import { InvalidDataError, InvalidOptionError, Trainer, metrics } from "../../dist/index.js";
import { thrownBy } from "../helpers/thrown.js";

describe("data shapes are refused for the stated reason", () => {
  test("flat data: cols must be an integer ≥ 1 (not reported as some later length mismatch)", async () => {
    const t = await Trainer.create({ optimizer: "gd" });
    for (const cols of [0, -1, 1.5]) {
      const error = thrownBy(() => t.fit({ data: [1, 2, 3], rows: 2, cols }, [1, 2]));
      expect(error, `cols ${cols}`).toBeInstanceOf(InvalidDataError);
      expect((error as Error).message, `cols ${cols}`).toMatch(/cols must be an integer ≥ 1/);
    }
    t.dispose();
  });

  test("a row that changes between the shape check and the copy (a getter) is refused, naming the row", async () => {
    const rows = [[1, 2], [3, 4], [5, 7]];
    let reads = 0;
    const X = new Proxy(rows, {
      get(target, key, receiver) {
        if (key === "1") return ++reads === 1 ? target[1] : [3];
        return Reflect.get(target, key, receiver);
      },
    });
    const t = await Trainer.create({ optimizer: "gd" });
    const error = thrownBy(() => t.fit(X, [1, 2, 3]));
    t.dispose();
    expect(error).toBeInstanceOf(InvalidDataError);
    expect((error as InvalidDataError).index).toBe(1);
    expect((error as Error).message).toMatch(/row 1 changed while it was copied/);
  });

  test("a non-number cell says that no value is converted; a non-finite number does not", async () => {
    const t = await Trainer.create({ optimizer: "gd" });
    const text = thrownBy(() => t.fit([[1], ["2" as unknown as number], [3]], [1, 2, 3])) as Error;
    const nan = thrownBy(() => t.fit([[1], [Number.NaN], [3]], [1, 2, 3])) as Error;
    t.dispose();
    expect(text).toBeInstanceOf(InvalidDataError);
    expect(text.message).toMatch(/only values of type number are accepted; none is converted/);
    expect(nan).toBeInstanceOf(InvalidDataError);
    expect(nan.message).toMatch(/NaN is not a finite number/);
    expect(nan.message).not.toMatch(/none is converted/);
  });
});

describe("options and metric arguments", () => {
  test("null or a non-object as options is an InvalidOptionError, not a TypeError", async () => {
    for (const value of [null, 5, "l2"]) {
      const error = await Trainer.create(value as never).then(() => null, (e: unknown) => e);
      expect(error, String(value)).toBeInstanceOf(InvalidOptionError);
    }
  });

  test("confusionMatrix with an empty labels list is refused", () => {
    const error = thrownBy(() => metrics.confusionMatrix([0, 1, 1], [0, 1, 0], { labels: [] }));
    expect(error).toBeInstanceOf(InvalidDataError);
    expect((error as InvalidDataError).field).toBe("labels");
  });
});
