// Line charts of the last minutes (uPlot, from npm), sized to their box.

/* global uPlot */

import { formatRate, formatCount } from './format.js';

const axisColour = '#8b95a7';
const gridColour = 'rgba(139, 149, 167, 0.15)';

function axis(format, label) {
  return {
    stroke: axisColour,
    grid: { stroke: gridColour, width: 1 },
    ticks: { stroke: gridColour, width: 1 },
    ...(format ? { values: (u, values) => values.map(format), size: 60 } : {}),
    ...(label ? { label, labelSize: 18, labelFont: '11px system-ui, sans-serif' } : {}),
  };
}

/**
 * A uPlot chart in `element` with one line per `series` entry ({label,
 * colour, fill}) over time in seconds; values shown with `format`. With
 * `hasLegend` false, the caller shows the values itself; `unit` names the
 * y axis.
 */
export class TimeChart {
  constructor(element, series, format = formatRate, { hasLegend = true, unit = '' } = {}) {
    this.element = element;
    const options = {
      width: Math.max(element.clientWidth, 200),
      height: 200,
      cursor: { drag: { x: false, y: false } },
      legend: { show: hasLegend, live: true },
      scales: { x: { time: true }, y: { range: (u, min, max) => [0, Math.max(max * 1.1, 1)] } },
      axes: [axis(), axis(format, unit)],
      series: [
        {},
        ...series.map((s) => ({
          label: s.label,
          stroke: s.colour,
          width: 2,
          fill: s.fill,
          points: { show: false },
          value: (u, v) => (v == null ? '–' : format(v)),
        })),
      ],
    };
    const empty = [[], ...series.map(() => [])];
    this.plot = new uPlot(options, empty, element);
    // The cards reflow with the window, and a job's panel shows again
    // after another job's: follow their width.
    this.resizes = new ResizeObserver(() => this.fit());
    this.resizes.observe(element);
  }

  fit() {
    // A hidden panel is 0 wide: keep the size it will show again at.
    if (this.element.clientWidth === 0) return;
    const width = Math.max(this.element.clientWidth, 200);
    if (width !== this.plot.width) this.plot.setSize({ width, height: 200 });
  }

  show(data) {
    this.plot.setData(data);
  }

  destroy() {
    this.resizes.disconnect();
    this.plot.destroy();
  }
}

export function throughputChart(element) {
  return new TimeChart(element, [
    { label: 'in', colour: '#5aa9ff', fill: 'rgba(90, 169, 255, 0.12)' },
    { label: 'out', colour: '#3ddc97' },
  ]);
}

export function lagChart(element) {
  return new TimeChart(element, [
    { label: 'lag', colour: '#ffb547', fill: 'rgba(255, 181, 71, 0.12)' },
  ], formatCount);
}
