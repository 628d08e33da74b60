import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { serveFolders } from "./browser-server.js";

/** Debian's Chromium (`apt-get install -y chromium`); CHROMIUM_PATH overrides it. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

const inCI = (() => {
  const value = process.env.CI;
  return value !== undefined && value !== "" && value !== "0" && value.toLowerCase() !== "false";
})();

/**
 * Whether the browser tests run here. Locally a missing Chromium skips them with a loud notice;
 * under CI they always run, so a missing Chromium fails them instead of passing silently.
 */
export function chromiumPlan(): { run: boolean; missing: boolean } {
  const missing = !existsSync(CHROMIUM_PATH);
  if (missing && !inCI) {
    console.warn(
      [
        "",
        "!".repeat(100),
        `!!! SKIPPING the Chromium cross-environment tests: no Chromium at ${CHROMIUM_PATH}.`,
        "!!! Install it with `apt-get install -y chromium` (or set CHROMIUM_PATH). Under CI=true this is a failure.",
        "!".repeat(100),
        "",
      ].join("\n"),
    );
  }
  return { run: !missing || inCI, missing };
}

// Without the background-networking flags Chromium keeps probing a network the tests do not have.
const CHROMIUM_ARGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
];

export interface HeadlessChromium {
  readonly context: BrowserContext;
  close(): Promise<void>;
}

/** Launches headless Chromium with a fresh, throw-away profile. */
export async function launchChromium(): Promise<HeadlessChromium> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`CI requires Chromium for the cross-environment test, but ${CHROMIUM_PATH} does not exist: run \`apt-get install -y chromium\` or set CHROMIUM_PATH.`);
  }
  const profile = await mkdtemp(join(tmpdir(), "wasm-mle-chromium-"));
  try {
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: CHROMIUM_ARGS,
      timeout: 60_000,
    });
    return {
      context,
      close: async () => {
        await context.close();
        await rm(profile, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(profile, { recursive: true, force: true });
    throw error;
  }
}

/** A page whose uncaught exceptions, console errors and failed requests are collected in `problems`. */
export async function openWatchedPage(context: BrowserContext): Promise<{ page: Page; problems: string[] }> {
  const page = await context.newPage();
  const problems: string[] = [];
  page.on("pageerror", (error) => problems.push(`pageerror: ${error.stack ?? error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console.error: ${message.text()}`);
  });
  page.on("requestfailed", (request) => problems.push(`request failed: ${request.url()} (${request.failure()?.errorText})`));
  page.on("response", (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  return { page, problems };
}

/**
 * Serves `folders` of `root`, opens `pagePath` in a fresh headless Chromium, waits (up to
 * `timeoutMs`) for the page to set `window[outcomeName]`, and returns that with the page's
 * problems; the browser and the server are closed however it ends.
 */
export async function pageOutcome<T>(
  root: string, folders: readonly string[], pagePath: string, outcomeName: string, timeoutMs: number,
): Promise<{ outcome: T; problems: string[] }> {
  const server = await serveFolders(root, folders);
  let browser: HeadlessChromium | undefined;
  try {
    browser = await launchChromium();
    const { page, problems } = await openWatchedPage(browser.context);
    await page.goto(server.origin + pagePath);
    await page.waitForFunction(`window.${outcomeName} !== undefined`, undefined, { timeout: timeoutMs });
    return { outcome: (await page.evaluate(`window.${outcomeName}`)) as T, problems };
  } finally {
    await browser?.close();
    await server.close();
  }
}
