// Every partition as one small cell, coloured by state and shaded by
// activity; built once per partition count and then only re-classed, so a
// thousand partitions cost a thousand string compares a second.

import { formatCount, formatRate } from './format.js';
import { healthOf, partitionActor, partitionsOf, rateOf } from './job_model.js';

const legendStates = ['running', 'recovering', 'restarting', 'failed'];

export class PartitionGrid {
  /** onSelect(id) runs when a cell is clicked. */
  constructor({ grid, legend, count, tooltip, onSelect }) {
    this.grid = grid;
    this.legend = legend;
    this.count = count;
    this.tooltip = tooltip;
    this.cells = [];
    this.classes = [];
    this.partitions = [];
    this.rates = new Map();
    this.selected = null;
    this.hovered = null;
    this.legendItems = this.buildLegend();
    grid.addEventListener('click', (event) => {
      const id = event.target.dataset?.id;
      if (id !== undefined) onSelect(Number(id));
    });
    grid.addEventListener('mouseover', (event) => {
      const id = event.target.dataset?.id;
      this.hovered = id === undefined ? null : Number(id);
      this.showTooltip(event);
    });
    grid.addEventListener('mousemove', (event) => this.placeTooltip(event));
    grid.addEventListener('mouseleave', () => {
      this.hovered = null;
      this.tooltip.hidden = true;
    });
  }

  buildLegend() {
    const items = new Map();
    for (const state of legendStates) {
      const item = document.createElement('span');
      item.className = `legend-item h-${healthOf(state)}`;
      item.dataset.testid = `count-${state}`;
      this.legend.appendChild(item);
      items.set(state, item);
    }
    const shading = document.createElement('span');
    shading.className = 'legend-note muted';
    shading.textContent = 'bright: busy · hatched: backpressured · dim: idle';
    this.legend.appendChild(shading);
    return items;
  }

  show(job, rates) {
    const partitions = partitionsOf(job);
    this.partitions = partitions;
    this.rates = rates;
    if (partitions.length !== this.cells.length) this.build(partitions.length);
    const counts = new Map(legendStates.map((s) => [s, 0]));
    partitions.forEach((p, i) => {
      counts.set(p.state, (counts.get(p.state) ?? 0) + 1);
      const activity = p.activity ?? 'unknown';
      const name = `cell h-${healthOf(p.state)} a-${activity}${p.id === this.selected ? ' selected' : ''}`;
      if (name !== this.classes[i]) {
        this.classes[i] = name;
        const cell = this.cells[i];
        cell.className = name;
        cell.dataset.id = p.id;
        cell.dataset.state = p.state;
      }
    });
    for (const [state, item] of this.legendItems)
      item.textContent = `${formatCount(counts.get(state))} ${state}`;
    this.count.textContent = `(${formatCount(partitions.length)})`;
    this.grid.dataset.partitions = partitions.length;
    if (this.hovered !== null) this.fillTooltip();
  }

  build(count) {
    const cells = [];
    for (let i = 0; i < count; i += 1) {
      const cell = document.createElement('div');
      cell.dataset.testid = 'partition-cell';
      cells.push(cell);
    }
    this.grid.replaceChildren(...cells);
    this.cells = cells;
    this.classes = [];
    // Large jobs get smaller cells, so 1,000 partitions fit one screen.
    this.grid.classList.toggle('dense', count > 256);
  }

  select(id) {
    this.selected = id;
    this.classes = [];
    this.grid.dataset.selected = id ?? '';
  }

  showTooltip(event) {
    if (this.hovered === null) {
      this.tooltip.hidden = true;
      return;
    }
    this.fillTooltip();
    this.tooltip.hidden = false;
    this.placeTooltip(event);
  }

  fillTooltip() {
    const p = this.partitions.find((x) => x.id === this.hovered);
    if (!p) return;
    const lines = [
      `partition ${p.id}: ${p.state}${p.activity ? ` (${p.activity})` : ''}`,
      `${formatRate(rateOf(this.rates, partitionActor(p)))} rec/s · ${formatCount(p.recordsProcessed)} processed`,
      `restarts ${formatCount(p.restarts)}${p.lastRestartReason ? `: ${p.lastRestartReason}` : ''}`,
    ];
    this.tooltip.textContent = lines.join('\n');
  }

  placeTooltip(event) {
    if (this.tooltip.hidden) return;
    this.tooltip.style.left = `${event.clientX + 14}px`;
    this.tooltip.style.top = `${event.clientY + 14}px`;
  }
}
