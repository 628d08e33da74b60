// The browser demo (examples/browser) as a person uses it, in real headless Chromium: built for
// static hosting with Vite, served from 127.0.0.1, the bundled fair-affairs data trained by newton
// in the page's worker; the coefficients, standard errors and p-values it shows must be the
// library's own (the same fit in Node, same bits), the downloaded model must load, a long sgd fit
// must draw its loss as it goes and stop on Cancel, and the page must log no errors.
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Page } from "playwright-core";
import { build } from "vite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Model, Trainer } from "../../dist/index.js";
import { designMatrix, parseCsv } from "../../examples/browser/data.js";
import { chromiumPlan, launchChromium, openWatchedPage, type HeadlessChromium } from "../helpers/browser-chromium.js";
import { serveFolders, type StaticServer } from "../helpers/browser-server.js";

const REPO = fileURLToPath(new URL("../..", import.meta.url));
const ARTIFACTS = join(REPO, "test", "artifacts");
const FEATURES = ["rate_marriage", "age", "yrs_married", "children", "religious", "educ"];

/** The fit the page should show, made in Node from the same CSV by the same data code. */
async function nodeFit() {
  const columns = parseCsv(readFileSync(join(REPO, "examples/data/fair-affairs.csv"), "utf8"));
  const { X, y } = designMatrix(columns, "affair", FEATURES, "bernoulli");
  const trainer = await Trainer.create({ family: "bernoulli", optimizer: "newton", featureNames: FEATURES });
  const fit = trainer.fit(X, y);
  const summary = fit.summary();
  const model = fit.model();
  const predictions = trainer.predict(X);
  trainer.dispose();
  return { summary, model, X, predictions };
}

/** The table captioned "Coefficients", as the page shows it: row label, shown text and exact value per cell. */
async function shownTable(page: Page) {
  return page.getByRole("table", { name: "Coefficients" }).evaluate((table) =>
    [...table.querySelectorAll("tbody tr")].map((row) => ({
      term: row.querySelector("th")!.textContent,
      cells: [...row.querySelectorAll("td")].map((td) => ({ text: td.textContent, value: td.dataset.value })),
    })),
  );
}

const plan = chromiumPlan();

describe.skipIf(!plan.run)("the browser demo in headless Chromium", () => {
  let site: string;
  let server: StaticServer | undefined;
  let browser: HeadlessChromium | undefined;
  let page: Page;
  let problems: string[];
  let expected: Awaited<ReturnType<typeof nodeFit>>;

  beforeAll(async () => {
    site = mkdtempSync(join(tmpdir(), "wasm-mle-demo-"));
    await build({ configFile: join(REPO, "examples/browser/vite.config.js"), build: { outDir: site, emptyOutDir: true }, logLevel: "error" });
    expected = await nodeFit();
    server = await serveFolders(site, ["."]);
    browser = await launchChromium();
    ({ page, problems } = await openWatchedPage(browser.context));
    await page.goto(`${server.origin}/index.html`);
    await page.getByRole("status").filter({ hasText: "fair-affairs: 1061 rows" }).waitFor({ timeout: 30_000 });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (site) rmSync(site, { recursive: true, force: true });
  });

  it("trains the bundled data set in its worker and shows the library's coefficients, standard errors and p-values", async () => {
    await page.getByLabel("Data set").selectOption("fair-affairs");
    await page.getByLabel("Target").selectOption("affair");
    await page.getByLabel("Family").selectOption("bernoulli");
    await page.getByLabel("Optimizer").selectOption("newton");
    await page.getByLabel("Penalty", { exact: true }).selectOption("none");
    await page.getByRole("button", { name: "Train" }).click();
    await page.getByRole("table", { name: "Coefficients" }).waitFor({ state: "visible", timeout: 30_000 });
    const shown = await shownTable(page);
    expect(shown.map((row) => row.term)).toEqual(expected.summary.terms.map((term) => term.term));
    shown.forEach((row, i) => {
      const term = expected.summary.terms[i];
      const [estimate, stdError, statistic, pValue, lower, upper] = row.cells;
      // the same binary on the same data: the same bits, so the exact values are compared as strings
      expect([estimate.value, stdError.value, statistic.value, pValue.value, lower.value, upper.value], term.term).toEqual(
        [term.estimate, term.stdError, term.statistic, term.pValue, term.ciLower, term.ciUpper].map(String),
      );
      expect(estimate.text).toBe(term.estimate.toFixed(4));
      expect(stdError.text).toBe(term.stdError.toFixed(4));
    });
    expect(Number(await page.locator("#loss").getAttribute("data-points"))).toBe(expected.summary.iterations);
    // one point per slope (the intercept, on its own scale, is left out of the plot)
    expect(await page.locator("#coefficient-plot circle").count()).toBe(expected.summary.terms.length - 1);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, "demo.png"), fullPage: true });
  });

  it("downloads the model as JSON that Model.fromJSON loads and that predicts the Node fit's bits", async () => {
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Download model JSON" }).click()]);
    const saved = JSON.parse(readFileSync((await download.path())!, "utf8"));
    expect(saved).toEqual(JSON.parse(JSON.stringify(expected.model)));
    const model = await Model.fromJSON(saved);
    expect(Array.from(model.predict(expected.X))).toEqual(Array.from(expected.predictions));
  });

  it("draws a long sgd fit's loss as it runs, and Cancel stops it and leaves the page usable", async () => {
    await page.getByLabel("Optimizer").selectOption("sgd");
    await page.getByLabel("Epochs (gd, sgd)").fill("1000000");
    await page.getByLabel("Learning rate (gd, sgd)").fill("0.0001");
    await page.getByRole("button", { name: "Train" }).click();
    await page.waitForFunction(() => Number(document.getElementById("loss")!.dataset.points) >= 3, undefined, { timeout: 30_000 });
    expect(await page.getByRole("table", { name: "Coefficients" }).isVisible()).toBe(false);
    await page.getByRole("button", { name: "Cancel" }).click();
    await page.getByRole("status").filter({ hasText: "Cancelled" }).waitFor({ timeout: 5_000 });
    const pointsAtCancel = Number(await page.locator("#loss").getAttribute("data-points"));
    await page.waitForTimeout(300);
    expect(Number(await page.locator("#loss").getAttribute("data-points"))).toBe(pointsAtCancel);
    expect(await page.getByRole("button", { name: "Train" }).isEnabled()).toBe(true);
    expect(await page.getByRole("button", { name: "Cancel" }).isDisabled()).toBe(true);
  });

  it("shows a bad choice as a message naming it, not a crash", async () => {
    await page.getByLabel("Target").selectOption("age");
    await page.getByLabel("Family").selectOption("bernoulli");
    await page.getByRole("button", { name: "Train" }).click();
    await expect.poll(() => page.getByRole("status").textContent()).toMatch(/bernoulli needs a target with exactly two values; "age" has 6/);
  });

  it("logged no page errors, console errors or failed requests", () => {
    expect(problems).toEqual([]);
  });
});
