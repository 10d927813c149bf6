// A job figure of kind "series" as a uPlot line chart over the last
// minutes: one line per label, in a colour of its own for as long as it is
// drawn, the unit on the y axis, and a legend in text with each label's
// newest value. The samples are the job's (FigureHistory in JobSamples,
// one per report), so time moves on while the values repeat.

import { TimeChart } from './charts.js';
import { formatAmount, formatAmountShort } from './format.js';

// 16 colours: the machines panel draws 4 machines of 4 channels apart.
const palette = ['#5aa9ff', '#3ddc97', '#ffb547', '#ff5c6c', '#b48cff', '#4dd0e1', '#ff8a3d', '#f06fb0',
  '#c2d94c', '#8b95a7', '#ffe066', '#2f7fd8', '#a7f3c9', '#d9a3ff', '#c0392b', '#e0e0e0'];

const colourOf = (history, label) => palette[history.colourOf(label) % palette.length];

function makeLegendItem() {
  const item = document.createElement('li');
  item.className = 'series-legend-item';
  item.dataset.testid = 'figure-series-item';
  const label = document.createElement('span');
  label.className = 'series-label';
  label.dataset.testid = 'figure-series-label';
  const value = document.createElement('span');
  value.className = 'series-value';
  value.dataset.testid = 'figure-series-value';
  item.append(label, value);
  return item;
}

export class SeriesChart {
  constructor(element) {
    this.box = document.createElement('div');
    this.box.className = 'chart figure-series';
    this.box.dataset.testid = 'figure-series';
    this.box.setAttribute('role', 'img');
    this.legend = document.createElement('ul');
    this.legend.className = 'series-legend';
    this.legend.dataset.testid = 'figure-series-legend';
    this.legend.setAttribute('aria-label', 'newest values');
    element.append(this.box, this.legend);
    this.chart = null;
    this.drawn = ''; // the labels and colours the chart has lines for
  }

  /** Draws `history` (a FigureHistory) of `figure`, whose title and unit it takes. */
  show(figure, history) {
    const { unit } = figure;
    const withUnit = (value) => `${formatAmount(value, unit)}${unit && Number.isFinite(value) ? ` ${unit}` : ''}`;
    const lines = history.labels.map((label) => ({ label, colour: colourOf(history, label) }));
    const drawn = JSON.stringify([unit, lines]);
    // uPlot's series are set when it is made: a new label makes a new chart.
    if (drawn !== this.drawn) {
      this.chart?.destroy();
      this.chart = new TimeChart(this.box, lines, (v) => formatAmountShort(v, unit), { hasLegend: false, unit });
      this.drawn = drawn;
    }
    this.chart.show(history.data);
    this.box.dataset.lines = this.chart.plot.series.length - 1;
    this.box.dataset.samples = history.data[0].length;
    const newest = lines.map(({ label }) => `${label} ${withUnit(history.latest(label))}`);
    this.box.setAttribute('aria-label', `${figure.title || figure.id}, the last minutes: ${newest.join(', ')}`);
    this.showLegend(lines, history, withUnit);
  }

  showLegend(lines, history, withUnit) {
    const items = this.legend.children;
    while (items.length > lines.length) items[items.length - 1].remove();
    while (items.length < lines.length) this.legend.appendChild(makeLegendItem());
    lines.forEach(({ label, colour }, i) => {
      const item = items[i];
      const value = history.latest(label);
      item.dataset.label = label;
      item.dataset.value = Number.isFinite(value) ? value : '';
      item.style.setProperty('--series', colour);
      const [labelCell, valueCell] = item.children;
      if (labelCell.textContent !== label) labelCell.textContent = label;
      const text = withUnit(value);
      if (valueCell.textContent !== text) valueCell.textContent = text;
    });
  }

  destroy() {
    this.chart?.destroy();
    this.chart = null;
  }
}
