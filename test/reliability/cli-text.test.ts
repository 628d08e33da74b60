// The CLI's message helpers (bindings/cli/text.ts), at their edges: how much of a long value a
// message shows, where a list of names is cut, and which quoted strings of a library's message are
// shortened. Survivors of a Stryker check run on text.ts (test/MUTATION.md) each move one edge.
import { describe, expect, test } from "vitest";
import { SHOWN_CHARACTERS, listNames, quote, shortenQuoted } from "../../dist/cli/text.js";

const letters = (count: number) => Array.from({ length: count }, (_, i) => String.fromCharCode(97 + (i % 26))).join("");

describe("quote", () => {
  test(`up to ${SHOWN_CHARACTERS} characters whole; one more is cut there and its length told`, () => {
    expect(quote(letters(SHOWN_CHARACTERS))).toBe(JSON.stringify(letters(SHOWN_CHARACTERS)));
    expect(quote(letters(SHOWN_CHARACTERS + 1))).toBe(`${JSON.stringify(letters(SHOWN_CHARACTERS))}… (41 characters)`);
    expect(quote(letters(1234), 5)).toBe('"abcde"… (1,234 characters)');
  });

  test("a surrogate pair across the cut is left out whole, never halved", () => {
    const text = `${letters(SHOWN_CHARACTERS - 1)}😀tail`;
    expect(quote(text)).toBe(`${JSON.stringify(letters(SHOWN_CHARACTERS - 1))}… (${text.length} characters)`);
    // A pair that ends before the cut stays.
    const inside = `${letters(SHOWN_CHARACTERS - 2)}😀tail`;
    expect(quote(inside)).toBe(`${JSON.stringify(`${letters(SHOWN_CHARACTERS - 2)}😀`)}… (${inside.length} characters)`);
  });
});

describe("listNames", () => {
  const names = Array.from({ length: 13 }, (_, i) => `c${i}`);
  test("twelve names are listed whole; from thirteen on, the first twelve and the count", () => {
    expect(listNames(names.slice(0, 12))).toBe(names.slice(0, 12).map((n) => `"${n}"`).join(", "));
    expect(listNames(names)).toBe(`${names.slice(0, 12).map((n) => `"${n}"`).join(", ")}, … (13 columns in all)`);
  });
});

describe("shortenQuoted", () => {
  const within = JSON.stringify(letters(SHOWN_CHARACTERS));
  test("quoted strings of up to 40 characters, and those the library already cut (40 and …), are left alone", () => {
    expect(shortenQuoted(`bad value ${within} here`)).toBe(`bad value ${within} here`);
    const cut = `"${letters(SHOWN_CHARACTERS)}…"`;
    expect(shortenQuoted(`value ${cut}`)).toBe(`value ${cut}`);
    // The same length without the library's mark is a 41-character value: shortened.
    const plain = `"${letters(SHOWN_CHARACTERS + 1)}"`;
    expect(shortenQuoted(`value ${plain}`)).toBe(`value ${quote(letters(SHOWN_CHARACTERS + 1))}`);
  });

  test("longer ones are cut as quote() cuts them, each on its own", () => {
    const long = letters(100);
    expect(shortenQuoted(`a ${JSON.stringify(long)} b ${within}`)).toBe(`a ${quote(long)} b ${within}`);
  });

  test("a quoted run that is not valid JSON is cut by characters", () => {
    const broken = `"${letters(50)}\\x"`;
    expect(shortenQuoted(`got ${broken}`)).toBe(`got ${broken.slice(0, SHOWN_CHARACTERS + 1)}…" (${broken.length - 2} characters)`);
  });
});
