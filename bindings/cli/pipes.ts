let installed = false;

/**
 * When the reader of stdout goes away (`wasm-mle --help | head`, `wasm-mle fit … | head -1`), the
 * next write fails with EPIPE, which Node reports as an unhandled 'error' event: a stack trace.
 * Nobody is left to read the output, so the CLI ends at once, quietly, with exit code 0 (the
 * reader cut the output short on purpose). A closed stderr only loses messages: the error is
 * ignored so the command still ends with its own exit code. Other write errors keep their report.
 */
export function endQuietlyOnClosedPipes(): void {
  if (installed) return;
  installed = true;
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(0);
    throw error;
  });
  process.stderr.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "EPIPE") throw error;
  });
}
