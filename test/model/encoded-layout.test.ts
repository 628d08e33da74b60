// EncodedLayout and sortLevels (bindings/encoding.ts) beyond one categorical column: several
// categorical columns side by side, raw and output offsets, the numeric ties of patsy's sort,
// prefixes by code point, and the unknown level's place.
import { describe, expect, it } from "vitest";
import { UnknownLevelError } from "../../dist/index.js";
import { InvalidModelError } from "../../dist/index.js";
import { EncodedLayout, MAX_LEVELS, checkEncoding, sortLevels } from "../../dist/encoding.js";
import { thrownAs, thrownBy } from "../helpers/thrown.js";

const isNumber = (t: string) => t.trim() !== "" && Number.isFinite(Number(t));

describe("EncodedLayout", () => {
  const layout = new EncodedLayout([
    { name: "g", kind: "categorical", levels: ["a", "b", "c"], reference: "a" },
    { name: "h", kind: "categorical", levels: ["u", "v"], reference: null },
    { name: "x", kind: "numeric" },
    { name: "k", kind: "categorical", levels: ["p", "q"], reference: "p" },
  ]);

  it("names and width: the reference has no column, full coding has one per level", () => {
    expect(layout.names).toEqual(["g[T.b]", "g[T.c]", "h[u]", "h[v]", "x", "k[T.q]"]);
    expect(layout.width).toBe(6);
    expect(layout.hasCategorical).toBe(true);
    expect(new EncodedLayout([{ name: "x", kind: "numeric" }, { name: "z", kind: "numeric" }]).hasCategorical).toBe(false);
  });

  it("writes each column into its own slots, clearing what was there, at the given offsets", () => {
    const out = new Array(14).fill(7);
    // raw rows of 4: (g = c, h = v, x = 2.5, k = q) at raw offset 4 → out offset 1; (a, u, −1, p) at 0 → 7
    const raw = [0, 0, -1, 0, 2, 1, 2.5, 1];
    layout.write(raw, 4, out, 1);
    layout.write(raw, 0, out, 7);
    expect(out).toEqual([7, 0, 1, 0, 1, 2.5, 1, 0, 0, 1, 0, -1, 0, 7]);
  });

  it("levelIndex: the level's index, else UnknownLevelError with the row or the place", () => {
    expect([layout.levelIndex(0, "a"), layout.levelIndex(0, "c"), layout.levelIndex(1, "v"), layout.levelIndex(3, "q")]).toEqual([0, 2, 1, 1]);
    const error = thrownBy(() => layout.levelIndex(3, "r", 0)) as UnknownLevelError;
    expect(error).toBeInstanceOf(UnknownLevelError);
    expect([error.column, error.level, error.knownLevels, error.row]).toEqual(["k", "r", ["p", "q"], 0]);
    expect((thrownBy(() => layout.levelIndex(1, "w", undefined, "file.csv line 3")) as Error).message).toMatch(/^file\.csv line 3: column "h"/);
    expect(MAX_LEVELS).toBe(65535);
  });
});

describe("sortLevels", () => {
  it("numbers numerically, equal numbers by text; text by code point, a prefix first", () => {
    expect(sortLevels(["2", "10", "-1", "2.0", "1e1"], isNumber, Number)).toEqual(["-1", "2", "2.0", "10", "1e1"]);
    expect(sortLevels(["ab", "a", "b", "aa"], isNumber, Number)).toEqual(["a", "aa", "ab", "b"]);
    expect(sortLevels(["10", "9", "x"], isNumber, Number)).toEqual(["10", "9", "x"]);
    expect(sortLevels(["😀b", "😀a", "\uffff"], isNumber, Number)).toEqual(["\uffff", "😀a", "😀b"]);
    const levels = ["b", "a"];
    expect(sortLevels(levels, isNumber, Number)).not.toBe(levels);
    expect(levels).toEqual(["b", "a"]);
  });
});

describe("checkEncoding", () => {
  const full = { columns: [{ name: "g", kind: "categorical", levels: ["a", "b"], reference: null }, { name: "x", kind: "numeric" }] };
  const names = ["g[a]", "g[b]", "x"];
  const refusal = (value: Record<string, unknown>, family = "bernoulli", classes = 1) => thrownAs(() => checkEncoding(value, names, family, classes), InvalidModelError);

  it("accepts full coding (reference null) and targets that fit the family", () => {
    expect(() => checkEncoding(full, names, "gaussian", 1)).not.toThrow();
    expect(() => checkEncoding({ ...full, target: { name: "y" } }, names, "poisson", 1)).not.toThrow();
    expect(() => checkEncoding({ ...full, target: { name: "y", labels: ["no", "yes"], positive: "yes" } }, names, "bernoulli", 1)).not.toThrow();
    expect(() => checkEncoding({ ...full, target: { name: "y", labels: ["a", "b", "c"] } }, names, "multinomial", 3)).not.toThrow();
  });

  it.each([
    ["a reference that is not a string", { columns: [{ ...full.columns[0], reference: 0 }, full.columns[1]] }, "encoding.columns[0].reference"],
    ["a numeric column with levels", { columns: [full.columns[0], { name: "x", kind: "numeric", levels: [] }] }, "encoding.columns[1].kind"],
    ["a column without a name", { columns: [{ ...full.columns[0], name: "" }, full.columns[1]] }, "encoding.columns[0]"],
    ["levels that are not strings", { columns: [{ ...full.columns[0], levels: ["a", 2] }, full.columns[1]] }, "encoding.columns[0].levels"],
    ["no levels", { columns: [{ ...full.columns[0], levels: [] }, full.columns[1]] }, "encoding.columns[0].levels"],
    ["names that are not the features", { columns: [full.columns[0]] }, "encoding.columns"],
    ["a target without a name", { ...full, target: { name: "" } }, "encoding.target"],
    ["a target that is text", { ...full, target: "y" }, "encoding.target"],
    ["a target with another field", { ...full, target: { name: "y", classes: 2 } }, "encoding.target.classes"],
    ["bernoulli labels without the positive one", { ...full, target: { name: "y", labels: ["no", "yes"] } }, "encoding.target.positive"],
    ["a positive without labels", { ...full, target: { name: "y", positive: "yes" } }, "encoding.target.labels"],
    ["repeated labels", { ...full, target: { name: "y", labels: ["no", "no"], positive: "no" } }, "encoding.target.labels"],
  ])("refuses %s", (_name, value, field) => {
    expect(refusal(value as Record<string, unknown>).field).toBe(field);
  });

  it("labels by family: none for gaussian and poisson, K for multinomial without a positive", () => {
    expect(refusal({ ...full, target: { name: "y", labels: ["a"] } }, "gaussian").expected).toBe('none for family "gaussian"');
    expect(refusal({ ...full, target: { name: "y", labels: ["a", "b"] } }, "multinomial", 3).expected).toBe("3 distinct strings, one per class");
    expect(refusal({ ...full, target: { name: "y", labels: ["a", "b", "c"], positive: "c" } }, "multinomial", 3).expected).toBe("none for multinomial");
    expect(refusal({ ...full, target: { name: "y", labels: ["no", "yes"], positive: "no" } }).expected).toBe('the second label "yes"');
  });
});
