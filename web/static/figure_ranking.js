// A job figure of kind "ranking" (the largest first) or "list" as a list:
// one row per point in the job's order, each with its label, a bar as long as its
// value is to the largest, and the value. Rows are reused, so an update
// changes texts and widths only.

import { formatAmount } from './format.js';

function makeRow() {
  const row = document.createElement('li');
  row.className = 'ranking-row';
  row.dataset.testid = 'figure-row';
  const label = document.createElement('span');
  label.className = 'ranking-label';
  label.dataset.testid = 'figure-row-label';
  const track = document.createElement('span');
  track.className = 'ranking-track';
  const bar = document.createElement('span');
  bar.className = 'ranking-bar';
  track.appendChild(bar);
  const value = document.createElement('span');
  value.className = 'ranking-value';
  value.dataset.testid = 'figure-row-value';
  row.append(label, track, value);
  return row;
}

export class RankingList {
  constructor(element) {
    this.list = document.createElement('ol');
    this.list.className = 'ranking';
    this.list.dataset.testid = 'figure-ranking';
    element.appendChild(this.list);
  }

  show(figure) {
    const { points, unit } = figure;
    const rows = this.list.children;
    while (rows.length > points.length) rows[rows.length - 1].remove();
    while (rows.length < points.length) this.list.appendChild(makeRow());
    const largest = Math.max(0, ...points.map(([, v]) => (Number.isFinite(v) ? v : 0)));
    points.forEach(([label, value], i) => {
      const row = rows[i];
      const [labelCell, track, valueCell] = row.children;
      row.dataset.label = label;
      row.dataset.value = Number.isFinite(value) ? value : '';
      labelCell.textContent = label;
      labelCell.title = label;
      const share = largest > 0 && Number.isFinite(value) ? Math.max(value, 0) / largest : 0;
      track.firstChild.style.width = `${(share * 100).toFixed(1)}%`;
      valueCell.textContent = formatAmount(value, unit);
    });
  }

  destroy() {}
}
