/** How much of a long value (a cell, a column name, a flag) a message shows. */
export const SHOWN_CHARACTERS = 40;
/** File paths are shown whole unless absurdly long. */
export const SHOWN_PATH_CHARACTERS = 400;
/** How many names a message lists before it says how many more there are. */
const LISTED_NAMES = 12;

/**
 * Plain decimal notation, the only numbers the CLI reads (cells and numeric flags alike):
 * Number() would also take "", " 5", "0x10", "0b1", "Infinity" and "1_000".
 */
export const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * A user-supplied string as a message shows it: JSON-quoted, and when longer than 40 characters
 * only its start, then how long it is — a 50 MB cell must not be echoed into the terminal.
 */
export function quote(text: string, shown = SHOWN_CHARACTERS): string {
  if (text.length <= shown) return JSON.stringify(text);
  let head = text.slice(0, shown);
  // Do not cut a surrogate pair in half.
  if (/[\uD800-\uDBFF]$/.test(head)) head = head.slice(0, -1);
  return `${JSON.stringify(head)}… (${text.length.toLocaleString("en-US")} characters)`;
}

/** Quoted names, the first dozen only when there are many (a 200,000-column header). */
export function listNames(names: readonly string[]): string {
  const shown = names.slice(0, LISTED_NAMES).map((name) => quote(name)).join(", ");
  return names.length > LISTED_NAMES ? `${shown}, … (${names.length} columns in all)` : shown;
}

/** Shortens every JSON-quoted string inside a message written by someone else (csv-parse). */
export function shortenQuoted(message: string): string {
  return message.replace(/"(?:[^"\\]|\\.)*"/g, (quoted) => {
    // Short, or already cut by the library (40 characters and "…").
    if (quoted.length <= SHOWN_CHARACTERS + 2 || (quoted.length === SHOWN_CHARACTERS + 3 && quoted.endsWith('…"'))) return quoted;
    try {
      return quote(JSON.parse(quoted) as string);
    } catch {
      return `${quoted.slice(0, SHOWN_CHARACTERS + 1)}…" (${quoted.length - 2} characters)`;
    }
  });
}
