/**
 * Where each kept row of a table came from: its 1-based data row in the file (rows left out for
 * missing values still count) and the CSV line it ends on (blank lines and multi-line cells make
 * the two differ). Stored as runs, a new run wherever either jumps, so a million consecutive rows
 * cost one entry.
 */
export class RowOrigins {
  private readonly keptStarts: number[] = [];
  private readonly dataRowStarts: number[] = [];
  private readonly lineStarts: number[] = [];
  private kept = 0;
  private lastDataRow = -1;
  private lastLine = -1;

  /** Records the next kept row: data row `dataRow` (1-based) ending on `line`. */
  add(dataRow: number, line: number): void {
    if (this.kept === 0 || dataRow !== this.lastDataRow + 1 || line !== this.lastLine + 1) {
      this.keptStarts.push(this.kept);
      this.dataRowStarts.push(dataRow);
      this.lineStarts.push(line);
    }
    this.kept++;
    this.lastDataRow = dataRow;
    this.lastLine = line;
  }

  /** The 1-based data row of kept row `row` (0-based). */
  dataRowOf(row: number): number {
    const run = this.run(row);
    return this.dataRowStarts[run] + (row - this.keptStarts[run]);
  }

  /** The CSV line kept row `row` (0-based) ends on. */
  lineOf(row: number): number {
    const run = this.run(row);
    return this.lineStarts[run] + (row - this.keptStarts[run]);
  }

  private run(row: number): number {
    const starts = this.keptStarts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= row) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
}

/** How many rows with missing values a message lists before it says how many more there are. */
const LISTED_ROWS = 5;

/**
 * The data rows that hold a missing value in a column the model uses: counted all, the first
 * LISTED_ROWS kept with the columns concerned, for the message (--missing error) or the report
 * (--missing drop).
 */
export class MissingRows {
  count = 0;
  private readonly listed: { dataRow: number; line: number; columns: string[] }[] = [];

  add(dataRow: number, line: number, columns: string[]): void {
    this.count++;
    if (this.listed.length < LISTED_ROWS) this.listed.push({ dataRow, line, columns });
  }

  /** "data row 3 (line 4, column "x"), data row 9 (line 10, columns "x", "y"), … and 5 more". */
  describe(quote: (text: string) => string): string {
    const shown = this.listed
      .map(({ dataRow, line, columns }) => `data row ${dataRow} (line ${line}, column${columns.length === 1 ? "" : "s"} ${columns.slice(0, 3).map((column) => quote(column)).join(", ")}${columns.length > 3 ? ", …" : ""})`)
      .join(", ");
    return this.count > this.listed.length ? `${shown}, … and ${(this.count - this.listed.length).toLocaleString("en-US")} more` : shown;
  }

  /** The 1-based data rows listed (at most LISTED_ROWS). */
  get firstRows(): number[] {
    return this.listed.map((entry) => entry.dataRow);
  }
}
