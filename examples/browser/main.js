// The demo page: choose data, target, features, family, optimizer and penalty; train in a Web
// Worker (train-worker.js) with the loss drawn as it arrives; show the estimates with their
// confidence intervals and the summary table; download the fitted model as JSON; cancel a long fit.
import { designMatrix, levels, parseCsv } from "./data.js";
import { drawCoefficientPlot, lossChart } from "./charts.js";

// The CSVs shipped in examples/data, each loaded when chosen.
const BUNDLED = import.meta.glob("../data/*.csv", { query: "?raw", import: "default" });
// A sensible first fit per bundled file: target and family.
const DEFAULTS = { "fair-affairs": { target: "affair", family: "bernoulli" }, "seed-linear": { target: "y", family: "gaussian" } };

const $ = (id) => document.getElementById(id);
const form = $("controls");
const datasetSelect = $("dataset");
const targetSelect = $("target");
const familySelect = $("family");
const status = $("status");
const chart = lossChart($("loss"));
const datasets = new Map(); // select value → { load(): Promise<string> }
let columns = [];
let worker = null;
let lastModel = null;

function say(message, isError = false) {
  status.textContent = message;
  status.classList.toggle("error", isError);
}

function option(value, text = value) {
  const node = document.createElement("option");
  node.value = value;
  node.textContent = text;
  return node;
}

for (const [path, load] of Object.entries(BUNDLED)) {
  const name = path.split("/").pop().replace(/\.csv$/, "");
  datasets.set(name, { load });
  datasetSelect.append(option(name, `${name}.csv`));
}

async function chooseDataset(name) {
  try {
    columns = parseCsv(await datasets.get(name).load());
  } catch (error) {
    columns = [];
    say(`Could not read ${name}: ${error.message}`, true);
    return;
  }
  const preset = DEFAULTS[name] ?? { target: columns.at(-1).name, family: "gaussian" };
  targetSelect.replaceChildren(...columns.map((column) => option(column.name)));
  targetSelect.value = preset.target;
  familySelect.value = preset.family;
  showFeatures();
  say(`${name}: ${columns[0].values.length} rows, ${columns.length} columns. Choose a target and press Train.`);
}

function showFeatures() {
  const fieldset = $("features");
  fieldset.replaceChildren(Object.assign(document.createElement("legend"), { textContent: "Features" }));
  for (const column of columns) {
    if (column.name === targetSelect.value) continue;
    const label = document.createElement("label");
    const box = Object.assign(document.createElement("input"), { type: "checkbox", name: "feature", value: column.name });
    box.checked = column.numeric;
    box.disabled = !column.numeric;
    label.append(box, ` ${column.name}${column.numeric ? "" : " (text, not used)"}`);
    fieldset.append(label);
  }
}

function trainerOptions(featureNames, labels) {
  const family = familySelect.value;
  const optimizer = $("optimizer").value;
  const options = { family, optimizer, featureNames };
  if (family === "multinomial") options.classes = labels.length;
  if ($("penalty").value === "l2") options.l2 = Number($("strength").value);
  if (optimizer === "gd" || optimizer === "sgd") {
    options.epochs = Number($("epochs").value);
    options.learningRate = Number($("learning-rate").value);
  }
  return options;
}

function setRunning(running) {
  $("train").disabled = running;
  $("cancel").disabled = !running;
}

function stopWorker() {
  worker?.terminate();
  worker = null;
  setRunning(false);
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  const featureNames = [...form.querySelectorAll('input[name="feature"]:checked')].map((box) => box.value);
  let design;
  try {
    design = designMatrix(columns, targetSelect.value, featureNames, familySelect.value);
  } catch (error) {
    say(error.message, true);
    return;
  }
  const options = trainerOptions(featureNames, design.labels ?? []);
  stopWorker();
  chart.reset();
  $("result").hidden = true;
  setRunning(true);
  const started = performance.now();
  say(`Training on ${design.X.rows} rows${design.dropped ? ` (${design.dropped} with missing values dropped)` : ""}…`);
  worker = new Worker(new URL("./train-worker.js", import.meta.url), { type: "module" });
  worker.onmessage = ({ data: message }) => {
    if (message.type === "epochs") {
      chart.add(message.points);
      return;
    }
    stopWorker();
    if (message.type === "error") {
      say(`${message.name}${message.code ? ` (${message.code})` : ""}: ${message.message}`, true);
      return;
    }
    showResult(message, design, options, performance.now() - started);
  };
  worker.onerror = (event) => {
    stopWorker();
    say(`The training worker failed: ${event.message}`, true);
  };
  // Transfer, not copy: the page does not need these arrays again.
  worker.postMessage({ options, X: design.X, y: design.y }, [design.X.data.buffer, design.y.buffer]);
});

$("cancel").addEventListener("click", () => {
  stopWorker();
  say("Cancelled: the fit was stopped and nothing was kept.");
});

function formatNumber(value) {
  if (!Number.isFinite(value)) return "—";
  const magnitude = Math.abs(value);
  return magnitude !== 0 && (magnitude < 1e-4 || magnitude >= 1e6) ? value.toExponential(4) : value.toFixed(4);
}

function cell(tag, text, exact) {
  const node = document.createElement(tag);
  node.textContent = text;
  if (exact !== undefined) node.dataset.value = String(exact);
  return node;
}

function showResult(result, design, options, elapsedMs) {
  lastModel = result.model;
  const K = result.intercept.length;
  const classLabel = (c) => (options.family === "multinomial" ? ` [${design.labels[c]}]` : "");
  const table = $("coefficients");
  const head = table.querySelector("thead");
  const body = table.querySelector("tbody");
  const summary = result.summary;
  const percent = summary ? Math.round(summary.level * 1000) / 10 : 95;
  const columnsShown = ["term", "estimate", "std. error", summary?.statisticName ?? "z", "p-value", `${percent} % CI lower`, `${percent} % CI upper`];
  head.replaceChildren(document.createElement("tr"));
  head.firstChild.append(...columnsShown.map((name) => cell("th", name)));
  const rows = [];
  if (summary) {
    for (const term of summary.terms) {
      rows.push({ label: term.term + classLabel(term.output), estimate: term.estimate, stdError: term.stdError, statistic: term.statistic, pValue: term.pValue, lower: term.ciLower, upper: term.ciUpper });
    }
  } else {
    // no summary (see the status line): the estimates alone, intercept first as in a summary
    const names = options.featureNames;
    for (let c = 0; c < K; c++) rows.push({ label: "intercept" + classLabel(c), estimate: result.intercept[c] });
    names.forEach((name, j) => {
      for (let c = 0; c < K; c++) rows.push({ label: name + classLabel(c), estimate: result.coefficients[j * K + c] });
    });
  }
  body.replaceChildren(
    ...rows.map((row) => {
      const tr = document.createElement("tr");
      tr.append(
        cell("th", row.label),
        cell("td", formatNumber(row.estimate), row.estimate),
        cell("td", formatNumber(row.stdError ?? NaN), row.stdError),
        cell("td", formatNumber(row.statistic ?? NaN), row.statistic),
        cell("td", row.pValue === undefined ? "—" : row.pValue < 1e-4 ? row.pValue.toExponential(2) : row.pValue.toFixed(4), row.pValue),
        cell("td", formatNumber(row.lower ?? NaN), row.lower),
        cell("td", formatNumber(row.upper ?? NaN), row.upper),
      );
      tr.querySelector("th").scope = "row";
      return tr;
    }),
  );
  // the intercepts sit on another scale than the slopes: drawn only when there is nothing else
  const slopes = rows.filter((row) => !row.label.startsWith("intercept"));
  drawCoefficientPlot($("coefficient-plot"), (slopes.length > 0 ? slopes : rows).map((row) => ({ label: row.label, estimate: row.estimate, lower: row.lower ?? NaN, upper: row.upper ?? NaN })), percent);
  const stats = summary
    ? [`log-likelihood ${formatNumber(summary.logLikelihood)}`, `AIC ${formatNumber(summary.aic)}`, `BIC ${formatNumber(summary.bic)}`,
       summary.rSquared !== null ? `R² ${formatNumber(summary.rSquared)}` : `pseudo-R² ${formatNumber(summary.pseudoRSquared ?? NaN)}`]
    : [];
  $("model-stats").textContent = [`${result.optimizer}, ${result.epochs} ${result.optimizer === "gd" || result.optimizer === "sgd" ? "epochs" : "iterations"} (${result.stopReason})`, `${result.kernels} kernels`, ...stats].join(" · ");
  $("summary-text").textContent = summary ? [summary.text, ...summary.warnings].join("\n") : result.summaryError;
  $("result").hidden = false;
  say(`Trained in ${elapsedMs.toFixed(0)} ms off the main thread${summary ? "" : `; no summary: ${result.summaryError}`}.`, !summary);
}

$("download").addEventListener("click", () => {
  if (!lastModel) return;
  const url = URL.createObjectURL(new Blob([JSON.stringify(lastModel, null, 2)], { type: "application/json" }));
  const link = Object.assign(document.createElement("a"), { href: url, download: `${datasetSelect.value}-${lastModel.family}-model.json` });
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 0);
});

async function addFile(file) {
  const name = `${file.name.replace(/\.[^.]+$/, "")} (your file)`;
  datasets.set(name, { load: () => file.text() });
  datasetSelect.append(option(name, file.name));
  datasetSelect.value = name;
  await chooseDataset(name);
}

$("file").addEventListener("change", (event) => event.target.files[0] && addFile(event.target.files[0]));
const drop = $("drop");
drop.addEventListener("dragover", (event) => (event.preventDefault(), drop.classList.add("over")));
drop.addEventListener("dragleave", () => drop.classList.remove("over"));
drop.addEventListener("drop", (event) => {
  event.preventDefault();
  drop.classList.remove("over");
  const file = event.dataTransfer.files[0];
  if (file) addFile(file);
});
datasetSelect.addEventListener("change", () => chooseDataset(datasetSelect.value));
targetSelect.addEventListener("change", showFeatures);

datasetSelect.value = datasets.has("fair-affairs") ? "fair-affairs" : datasetSelect.options[0]?.value;
chooseDataset(datasetSelect.value);
