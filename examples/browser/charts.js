// The demo's two plots: the loss per epoch as it arrives (uPlot), and the estimates with their
// confidence intervals (a small SVG: one row per term, the interval as a line, zero marked).
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";

export function lossChart(container) {
  const epochs = [];
  const losses = [];
  let frame = 0;
  const plot = new uPlot(
    {
      width: Math.max(300, container.clientWidth || 480),
      height: 240,
      scales: { x: { time: false } },
      // whole epochs only on the x axis
      axes: [{ label: "epoch / iteration", incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1e3, 2e3, 5e3, 1e4, 1e5, 1e6] }, { label: "objective", size: 70 }],
      series: [{ label: "epoch" }, { label: "objective", stroke: "#2a5bd7", width: 2, points: { show: true, size: 4 } }],
    },
    [epochs, losses],
    container,
  );
  return {
    reset() {
      cancelAnimationFrame(frame);
      frame = 0;
      epochs.length = 0;
      losses.length = 0;
      plot.setData([epochs, losses]);
      container.dataset.points = "0";
    },
    /** points: [epoch, objective][]; drawn at the next animation frame, once however many arrive. */
    add(points) {
      for (const [epoch, objective] of points) {
        epochs.push(epoch);
        losses.push(objective);
      }
      // how many points there are, for people reading the page's DOM (and test/demo)
      container.dataset.points = String(epochs.length);
      if (frame === 0) {
        frame = requestAnimationFrame(() => {
          frame = 0;
          plot.setData([epochs, losses]);
        });
      }
    },
  };
}

const SVG = "http://www.w3.org/2000/svg";

function element(name, attributes, text) {
  const node = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, String(value));
  if (text !== undefined) node.textContent = text;
  return node;
}

/** terms: `{ label, estimate, lower, upper }[]` (lower/upper NaN when there is no standard error). */
export function drawCoefficientPlot(container, terms, levelPercent) {
  container.replaceChildren();
  const rowHeight = 22;
  const labelWidth = 150;
  const width = Math.max(320, container.clientWidth || 480);
  const plotWidth = width - labelWidth - 20;
  const height = terms.length * rowHeight + 36;
  const finite = terms.flatMap((t) => [t.estimate, t.lower, t.upper]).filter(Number.isFinite);
  let min = Math.min(0, ...finite);
  let max = Math.max(0, ...finite);
  if (min === max) (min -= 1), (max += 1);
  const x = (value) => labelWidth + ((value - min) / (max - min)) * plotWidth;
  const svg = element("svg", { width, height, role: "img", "aria-label": `estimates with ${levelPercent} % confidence intervals` });
  svg.append(element("line", { x1: x(0), x2: x(0), y1: 4, y2: height - 26, stroke: "#9aa3b5", "stroke-dasharray": "3 3" }));
  terms.forEach((term, i) => {
    const y = 14 + i * rowHeight;
    svg.append(element("text", { x: labelWidth - 8, y: y + 4, "text-anchor": "end", "font-size": 12 }, term.label));
    if (Number.isFinite(term.lower) && Number.isFinite(term.upper)) {
      svg.append(element("line", { x1: x(term.lower), x2: x(term.upper), y1: y, y2: y, stroke: "#2a5bd7", "stroke-width": 2 }));
    }
    svg.append(element("circle", { cx: x(term.estimate), cy: y, r: 4, fill: "#1d2330" }));
  });
  for (const value of [min, 0, max]) {
    svg.append(element("text", { x: x(value), y: height - 8, "text-anchor": "middle", "font-size": 11, fill: "#4a5468" }, value.toPrecision(3)));
  }
  container.append(svg);
}
