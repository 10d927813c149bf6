// A job figure of kind "bars" as an SVG bar chart: one bar per point in the
// job's order, the labels below, a value axis from 0 with a few round
// steps. Drawn at its box's width, again when that changes.

import { formatAmount, formatAmountShort } from './format.js';
import { svg } from './svg_element.js';

const height = 180;
const margin = { top: 16, right: 8, bottom: 22, left: 52 };
// Roughly what a character of the 10-11 px labels takes, in px.
const charWidth = 6.5;
const maxLabel = 12;
// Few points do not make slabs: bars are at most this wide.
const maxBarWidth = 56;

// The smallest of 1, 2, 5 × 10^k at least `rough`; for bytes, of those
// times 1024^j, so that the axis reads 2 GiB, 4 GiB rather than 1.9 GiB.
function roundStep(rough, unit) {
  const binary = unit === 'bytes' ? 1024 ** Math.max(0, Math.floor(Math.log(rough) / Math.log(1024))) : 1;
  const power = 10 ** Math.floor(Math.log10(rough / binary));
  return [1, 2, 5, 10].map((m) => m * power * binary).find((step) => step >= rough);
}

// Axis steps from 0 to at least `max`: about four.
function stepsUpTo(max, unit) {
  if (!(max > 0)) return [0, 1];
  const step = roundStep(max / 4, unit);
  const count = Math.ceil(max / step - 1e-9);
  return Array.from({ length: count + 1 }, (_, i) => i * step);
}

const shortLabel = (label) => (label.length > maxLabel ? `${label.slice(0, maxLabel - 1)}…` : label);
const valueOf = (point) => (Number.isFinite(point[1]) ? point[1] : 0);

export class BarChart {
  constructor(element) {
    this.element = element;
    this.figure = null;
    this.width = 0;
    this.svg = svg('svg', { class: 'figure-chart', role: 'img', 'data-testid': 'figure-bars' }, element);
    // The cards reflow with the window, and a job's panel shows again after
    // another job's: follow their width.
    this.resizes = new ResizeObserver(() => {
      const width = this.element.clientWidth;
      if (this.figure && width > 0 && width !== this.width) this.draw();
    });
    this.resizes.observe(element);
  }

  show(figure) {
    this.figure = figure;
    this.draw();
  }

  draw() {
    // A hidden panel is 0 wide: keep the width it showed at.
    this.width = this.element.clientWidth || this.width || 460;
    const { svg: chart, width, figure } = this;
    chart.replaceChildren();
    chart.setAttribute('viewBox', `0 0 ${width} ${height}`);
    chart.setAttribute('height', height);
    chart.setAttribute('aria-label', figure.title);
    const points = figure.points;
    const steps = stepsUpTo(Math.max(0, ...points.map(valueOf)), figure.unit);
    const top = steps[steps.length - 1];
    const plot = { width: width - margin.left - margin.right, height: height - margin.top - margin.bottom };
    const yOf = (value) => margin.top + plot.height * (1 - value / top);
    this.drawAxis(steps, yOf, plot);
    const slot = plot.width / Math.max(points.length, 1);
    // Every label, or every second, third...: as many as fit side by side.
    const longest = Math.max(1, ...points.map((p) => shortLabel(p[0]).length));
    const labelEvery = Math.max(1, Math.ceil((longest * charWidth + 6) / slot));
    points.forEach((point, i) => this.drawBar(point, i, { slot, yOf, labelEvery }));
  }

  drawAxis(steps, yOf, plot) {
    for (const value of steps) {
      const y = yOf(value);
      svg('line', { x1: margin.left, x2: margin.left + plot.width, y1: y, y2: y, class: 'figure-grid' }, this.svg);
      const label = svg('text', { x: margin.left - 6, y: y + 3, class: 'figure-axis', 'text-anchor': 'end' }, this.svg);
      label.textContent = formatAmountShort(value, this.figure.unit);
    }
  }

  drawBar([label, raw], i, { slot, yOf, labelEvery }) {
    const { unit } = this.figure;
    const value = Number.isFinite(raw) ? raw : 0;
    const centre = margin.left + slot * (i + 0.5);
    const y = yOf(value);
    const barWidth = Math.min(Math.max(slot * 0.8, 1), maxBarWidth);
    const bar = svg('rect', {
      x: centre - barWidth / 2,
      y,
      width: barWidth,
      height: Math.max(yOf(0) - y, 0),
      class: 'figure-bar',
      'data-testid': 'figure-bar',
      'data-label': label,
      'data-value': Number.isFinite(raw) ? raw : '',
    }, this.svg);
    svg('title', {}, bar).textContent = `${label}: ${formatAmount(raw, unit)}${unit ? ` ${unit}` : ''}`;
    if (i % labelEvery === 0) {
      const text = svg('text', { x: centre, y: height - 6, class: 'figure-axis', 'text-anchor': 'middle' }, this.svg);
      text.textContent = shortLabel(label);
    }
    // Few, wide bars have room for their value above them.
    const amount = formatAmount(raw, unit);
    if (amount.length * charWidth <= slot - 8) {
      const text = svg('text', { x: centre, y: y - 4, class: 'figure-value', 'text-anchor': 'middle' }, this.svg);
      text.textContent = amount;
    }
  }

  destroy() {
    this.resizes.disconnect();
  }
}
