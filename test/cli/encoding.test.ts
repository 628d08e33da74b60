// The `encoding` of a saved model (bindings/encoding.ts): Model.fromJSON checks it against the
// model's featureNames and family, and a tampered or foreign one is an InvalidModelError naming
// the field, never a crash; the layout writes indicator rows as patsy's Treatment coding does.
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { EncodedLayout, sortLevels } from "../../dist/encoding.js";
import { InvalidModelError, Model, UnknownLevelError } from "../../dist/index.js";

const base = {
  format: "wasm-mle-model", version: 1, family: "bernoulli", classes: 1, dtype: "float64", fitIntercept: true,
  featureNames: ["x", "firm[T.GM]", "firm[T.IBM]"], coefficients: [0.5, -1, 2], intercept: [0.25], options: {},
};
const encoding = {
  columns: [{ name: "x", kind: "numeric" }, { name: "firm", kind: "categorical", levels: ["Ford", "GM", "IBM"], reference: "Ford" }],
  target: { name: "y", labels: ["no", "yes"], positive: "yes" },
};

async function refusal(value: unknown): Promise<InvalidModelError> {
  try {
    await Model.fromJSON({ ...base, encoding: value });
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidModelError);
    return error as InvalidModelError;
  }
  throw new Error("accepted");
}

describe("Model.fromJSON checks the encoding", () => {
  test("the CLI's encoding is accepted and kept", async () => {
    const model = await Model.fromJSON({ ...base, encoding });
    expect(model.toJSON().encoding).toEqual(encoding);
  });

  test.each([
    ["encoded names that are not the featureNames", { ...encoding, columns: [encoding.columns[1], encoding.columns[0]] }, "encoding.columns"],
    ["a reference that is not the first level", { ...encoding, columns: [encoding.columns[0], { ...encoding.columns[1], reference: "GM" }] }, "encoding.columns[1].reference"],
    ["a missing reference", { ...encoding, columns: [encoding.columns[0], { name: "firm", kind: "categorical", levels: ["Ford", "GM", "IBM"] }] }, "encoding.columns[1].reference"],
    ["repeated levels", { ...encoding, columns: [encoding.columns[0], { ...encoding.columns[1], levels: ["Ford", "GM", "GM"] }] }, "encoding.columns[1].levels"],
    ["an unknown kind", { ...encoding, columns: [{ name: "x", kind: "date" }, encoding.columns[1]] }, "encoding.columns[0].kind"],
    ["a column twice", { columns: [encoding.columns[0], encoding.columns[0]] }, "encoding.columns"],
    ["an unknown field", { ...encoding, extra: 1 }, "encoding.extra"],
    ["labels for the wrong family count", { ...encoding, target: { name: "y", labels: ["a", "b", "c"], positive: "c" } }, "encoding.target.labels"],
    ["a positive that is not the second label", { ...encoding, target: { name: "y", labels: ["no", "yes"], positive: "no" } }, "encoding.target.positive"],
    ["no columns", { columns: [] }, "encoding.columns"],
    ["a string for columns", { columns: "x,firm" }, "encoding.columns"],
    ["a null column", { columns: [null, encoding.columns[1]] }, "encoding.columns[0]"],
  ])("%s → InvalidModelError naming %s", async (_name, value, field) => {
    expect((await refusal(value)).field).toBe(field);
  });

  test("fuzzed encodings give InvalidModelError or a model, never another error", async () => {
    const json = fc.letrec((tie) => ({
      value: fc.oneof({ depthSize: "small" }, fc.constant(null), fc.boolean(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.string(), fc.array(tie("value"), { maxLength: 4 }), fc.dictionary(fc.string(), tie("value"), { maxKeys: 4 })),
    })).value;
    const mutated = fc.oneof(
      json,
      fc.record({ columns: fc.array(fc.oneof(json, fc.record({ name: fc.constantFrom("x", "firm", ""), kind: fc.constantFrom("numeric", "categorical", "other"), levels: fc.oneof(json, fc.array(fc.constantFrom("Ford", "GM", "IBM", ""), { maxLength: 4 })), reference: fc.oneof(fc.constant(null), fc.constantFrom("Ford", "GM"), json) }, { requiredKeys: ["name", "kind"] })), { maxLength: 3 }) }),
    );
    await fc.assert(
      fc.asyncProperty(mutated, async (value) => {
        try {
          await Model.fromJSON({ ...base, encoding: value });
        } catch (error) {
          if (!(error instanceof InvalidModelError)) throw error;
        }
      }),
      { numRuns: 300, seed: 7 },
    );
  });
});

describe("EncodedLayout", () => {
  test("reference coding: the reference level is all zeros, each other level one indicator", () => {
    const layout = new EncodedLayout(encoding.columns as never);
    expect(layout.names).toEqual(["x", "firm[T.GM]", "firm[T.IBM]"]);
    const out = new Float64Array(6);
    layout.write([1.5, 0], 0, out, 0);
    layout.write([2.5, 2], 0, out, 3);
    expect(Array.from(out)).toEqual([1.5, 0, 0, 2.5, 0, 1]);
    expect(layout.levelIndex(1, "GM")).toBe(1);
    expect(() => layout.levelIndex(1, "Tesla", 4)).toThrow(UnknownLevelError);
    expect(() => layout.levelIndex(1, "Tesla", 4)).toThrow(/Row 5: column "firm" has the level "Tesla", which the model was not fitted with; its known levels are "Ford", "GM", "IBM"/);
  });

  test("full coding without a reference level (no intercept): a column per level, named col[level]", () => {
    const layout = new EncodedLayout([{ name: "g", kind: "categorical", levels: ["a", "b"], reference: null }]);
    expect(layout.names).toEqual(["g[a]", "g[b]"]);
    const out = [9, 9];
    layout.write([0], 0, out, 0);
    expect(out).toEqual([1, 0]);
  });

  test("levels sort as patsy (Python's sorted): numbers numerically, text by code point", () => {
    const isNumber = (t: string) => /^-?\d+(\.\d+)?$/.test(t);
    expect(sortLevels(["10", "9", "1.5"], isNumber, Number)).toEqual(["1.5", "9", "10"]);
    expect(sortLevels(["b", "B", "a", "Z", "é", "😀", "\uffff"], isNumber, Number)).toEqual(["B", "Z", "a", "b", "é", "\uffff", "😀"]);
  });
});
