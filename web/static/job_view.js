// One job's panel, stamped from the page's template: its header and
// failure, graph, partitions (grid, detail with the crash button, busiest),
// the job's own figures, charts, tables and lookups. It is drawn only while
// its job is the one picked; its charts' history is kept outside
// (JobSamples) meanwhile.

import { formatRate } from './format.js';
import { healthOf, inputRate, kafkaLag, outputRate, ratesByActor } from './job_model.js';
import { lagChart, throughputChart } from './charts.js';
import { JobFigures } from './figures.js';
import { JobGraph } from './job_graph.js';
import { PartitionGrid } from './partition_grid.js';
import { PartitionDetail } from './partition_detail.js';
import {
  showCheckpoints, showRestarts, showSinks, showSources, showTopPartitions,
} from './tables.js';
import { setUpKeyLookup } from './key_lookup.js';
import { setUpStockLookup } from './stock_lookup.js';
import { stampTemplate } from './panel_template.js';

// The job whose panel has the item stock box (GET /v1/items/{id}).
const stockJob = 'inventory';

let panelCount = 0;

function setText(element, text) {
  if (element.textContent !== text) element.textContent = text;
}

export class JobView {
  /**
   * Adds a panel for the job `name` to `container`. A crash asks for the
   * admin token with `dialog` and `tokenInput`; `onChange()` asks for a
   * redraw (a partition was picked, a table sorted).
   */
  constructor({ name, container, template, dialog, tokenInput, hasFaultInjection, onChange }) {
    panelCount += 1;
    const { root, parts } = stampTemplate(template, `job${panelCount}`);
    this.name = name;
    this.root = root;
    this.parts = parts;
    this.sortBy = 'rate';
    this.onChange = onChange;
    root.dataset.job = name;
    root.setAttribute('aria-label', `job ${name}`);
    container.appendChild(root);

    this.graph = new JobGraph(parts.graph);
    this.detail = new PartitionDetail({
      panel: parts['partition-detail'],
      crashButton: parts['crash-partition'],
      crashResult: parts['crash-result'],
      dialog,
      tokenInput,
    });
    this.detail.setFaultInjection(hasFaultInjection);
    this.grid = new PartitionGrid({
      grid: parts['partition-grid'],
      legend: parts['partition-legend'],
      count: parts['partition-count'],
      tooltip: parts['partition-tooltip'],
      onSelect: (id) => this.select(id),
    });
    this.figures = new JobFigures(parts.figures);
    // Made while the panel shows, so the charts take its width.
    this.charts = { throughput: throughputChart(parts['throughput-chart']), lag: lagChart(parts['lag-chart']) };
    this.wireControls();
    setUpKeyLookup({ form: parts['key-form'], input: parts['key-input'], result: parts['key-result'] }, name);
    if (name === stockJob) setUpStockLookup(parts['stock-form'], parts['stock-item'], parts['stock-result']);
    else parts['stock-card'].remove();
  }

  wireControls() {
    const { parts } = this;
    // Rows of the top and restart tables pick their partition.
    for (const tbody of [parts['top-partitions'], parts.restarts]) {
      tbody.addEventListener('click', (event) => {
        const row = event.target.closest('tr[data-id]');
        if (row) this.select(Number(row.dataset.id));
      });
    }
    const sortButtons = [...this.root.querySelectorAll('button.sort')];
    for (const button of sortButtons) {
      button.addEventListener('click', () => {
        this.sortBy = button.dataset.sort;
        for (const b of sortButtons) {
          const isOn = b === button;
          b.setAttribute('aria-pressed', String(isOn));
          b.textContent = b.textContent.replace(' ▾', '') + (isOn ? ' ▾' : '');
        }
        this.onChange();
      });
    }
    parts['partition-find'].addEventListener('submit', (event) => {
      event.preventDefault();
      const id = Number(parts['partition-find-input'].value);
      if (Number.isInteger(id)) this.select(id);
    });
  }

  /** Shows partition `id`'s details (null: none). */
  select(id) {
    this.grid.select(id);
    this.detail.select(id);
    this.onChange();
  }

  set isVisible(isVisible) {
    if (this.root.hidden === isVisible) this.root.hidden = !isVisible;
  }

  /** Draws `job`'s report and the charts of its `samples` (JobSamples). */
  show(job, samples) {
    const { parts } = this;
    const rates = ratesByActor(job);
    setText(parts.name, job.name);
    setText(parts.state, job.state ?? '–');
    parts.state.className = `pill h-${healthOf(job.state)}`;
    setText(parts.delivery, job.delivery ? `delivery: ${job.delivery}` : '');
    parts.failure.hidden = !job.failure;
    setText(parts['failure-reason'], job.failure ?? '');
    const throughput = inputRate(job, rates);
    setText(parts.throughput, formatRate(throughput));
    parts.throughput.dataset.value = throughput;
    setText(parts['throughput-out'], formatRate(outputRate(job, rates)));
    setText(parts['throughput-10s'], formatRate(inputRate(job, rates, 'perSecond10s')));

    this.graph.show(job, rates);
    this.grid.show(job, rates);
    this.detail.show(job, rates);
    showTopPartitions(parts['top-partitions'], job, rates, this.sortBy);
    showCheckpoints(parts.checkpoints, job);
    showRestarts(parts.restarts, job);
    showSources(parts.sources, job, rates);
    showSinks(parts.sinks, job, rates);
    this.figures.show(job.figures, samples?.series);

    if (!samples) return;
    this.charts.throughput.show(samples.throughput.data);
    const hasKafka = kafkaLag(job) !== null;
    parts['lag-chart'].hidden = !hasKafka;
    parts['lag-none'].hidden = hasKafka;
    if (hasKafka) this.charts.lag.show(samples.lag.data);
  }

  /** Takes the panel off the page (its job is gone). */
  remove() {
    this.charts.throughput.destroy();
    this.charts.lag.destroy();
    this.figures.destroy();
    this.root.remove();
  }
}
