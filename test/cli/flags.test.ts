// The flag parsers at their edges (bindings/cli/flags.ts), beyond test/cli/syntax.test.ts: numbers
// in plain decimal notation only, a choice's message quoting a long value, the delimiter's length
// and forbidden characters, the quote's printable-ASCII rule, names gathered over repeats, and the
// CSV flags checked together.
import { describe, expect, test } from "vitest";
import { checkCsvFlags, choiceFlag, decimalFlag, delimiterFlag, namesFlag, quoteFlag } from "../../dist/cli/flags.js";
import { cliRefusal } from "../helpers/cli-refusal.js";

describe("decimalFlag", () => {
  const epochs = decimalFlag("--epochs");
  test.each([["100", 100], ["-0.5", -0.5], ["1e-4", 1e-4], [".5", 0.5], ["5.", 5], ["+2", 2]])("%j is %d", (text, value) => {
    expect(epochs(text)).toBe(value);
  });
  test.each(["", " 5", "0x10", "1_000", "Infinity", "1e", "NaN", "5 "])("%j is refused as not a decimal number", (text) => {
    expect(cliRefusal(() => epochs(text))).toBe(`--epochs needs a decimal number such as 100, 0.5 or 1e-4, got ${JSON.stringify(text)}; hex, spaces, underscores and Infinity are not numbers here.`);
  });
  test("a decimal beyond a double is refused as such", () => {
    expect(cliRefusal(() => epochs("-1e400"))).toBe('--epochs "-1e400" is beyond the range of a double.');
  });
});

describe("choiceFlag", () => {
  const mode = choiceFlag("--missing <mode>", ["error", "drop"]);
  test("a choice passes; another value is refused in commander's words, a value over 40 characters cut", () => {
    expect(mode("drop")).toBe("drop");
    expect(cliRefusal(() => mode("x".repeat(40)))).toBe(`option '--missing <mode>' argument '${"x".repeat(40)}' is invalid. Allowed choices are error, drop.`);
    expect(cliRefusal(() => mode("y".repeat(41)))).toBe(`option '--missing <mode>' argument "${"y".repeat(40)}"… (41 characters) is invalid. Allowed choices are error, drop.`);
  });
});

describe("delimiterFlag and quoteFlag", () => {
  test("a delimiter of 1 to 4 characters without a double quote or line break", () => {
    expect(delimiterFlag("::::")).toBe("::::");
    expect(delimiterFlag(";")).toBe(";");
    for (const bad of [":::::", 'a"', "a\n", "\r"]) expect(cliRefusal(() => delimiterFlag(bad))).toMatch(/^--delimiter .* is not usable; give auto, or 1 to 4 characters/);
  });

  test("one printable ASCII character that is not a delimiter or a space", () => {
    for (const ok of ["'", "`", "~", "!"]) expect(quoteFlag(ok)).toBe(ok);
    for (const bad of ["", "é", "\u007f", " ", "\t", ";", "|", ",", "\n"]) {
      expect(cliRefusal(() => quoteFlag(bad))).toBe(`--quote ${JSON.stringify(bad)} is not usable; give one printable ASCII character such as " or ', or none (no quoting).`);
    }
  });
});

describe("namesFlag and checkCsvFlags", () => {
  test("names gathered over repeats, trimmed, empty ones dropped", () => {
    expect(namesFlag(" a ,, b ,", undefined)).toEqual(["a", "b"]);
    expect(namesFlag("c", ["a"])).toEqual(["a", "c"]);
    expect(namesFlag(",", ["a"])).toEqual(["a"]);
  });

  test("a decimal comma with a delimiter holding a comma; a delimiter holding the quote, unless the delimiter is auto or there is no quote", () => {
    expect(cliRefusal(() => checkCsvFlags({ delimiter: ";,", quote: '"', decimal: "," }))).toMatch(/^--decimal , cannot be used with the delimiter ","/);
    expect(() => checkCsvFlags({ delimiter: ";,", quote: '"', decimal: "." })).not.toThrow();
    expect(cliRefusal(() => checkCsvFlags({ delimiter: "|'", quote: "'", decimal: "." }))).toBe(`--delimiter "|'" holds the quote character "'"; give another --quote (or --quote none).`);
    expect(() => checkCsvFlags({ delimiter: "|'", quote: null, decimal: "." })).not.toThrow();
    expect(() => checkCsvFlags({ delimiter: "auto", quote: "a", decimal: "." })).not.toThrow();
  });
});
