// EncodedLayout and sortLevels (bindings/encoding.ts) beyond one categorical column: several
// categorical columns side by side, raw and output offsets, the numeric ties of patsy's sort,
// prefixes by code point, and the unknown level's place.
import { describe, expect, it } from "vitest";
import { UnknownLevelError } from "../../dist/index.js";
import { EncodedLayout, MAX_LEVELS, sortLevels } from "../../dist/encoding.js";
import { thrownBy } from "../helpers/thrown.js";

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
