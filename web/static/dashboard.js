// The dashboard's entry point: keeps the job reports live and redraws every
// part of the page from the newest one, at most once per animation frame.

import { formatRate } from './format.js';
import { inputRate, kafkaLag, outputRate, ratesByActor, healthOf } from './job_model.js';
import { LiveStatus } from './live_status.js';
import { SampleHistory } from './history.js';
import { throughputChart, lagChart } from './charts.js';
import { JobGraph } from './job_graph.js';
import { PartitionGrid } from './partition_grid.js';
import { PartitionDetail } from './partition_detail.js';
import {
  showCheckpoints, showRestarts, showSinks, showSources, showTopPartitions,
} from './tables.js';
import { setUpStockLookup } from './stock_lookup.js';

const $ = (id) => document.getElementById(id);

const page = {
  document: null,
  jobName: null,
  sortBy: 'rate',
  isDrawPending: false,
  throughput: new SampleHistory({ series: 2 }),
  lag: new SampleHistory({ series: 1 }),
};

const graph = new JobGraph($('job-graph'));
const detail = new PartitionDetail({
  panel: $('partition-detail'),
  crashButton: $('crash-partition'),
  crashResult: $('crash-result'),
  dialog: $('token-dialog'),
  tokenInput: $('token-input'),
});
const select = (id) => {
  grid.select(id);
  detail.select(id);
  draw();
};
const grid = new PartitionGrid({
  grid: $('partition-grid'),
  legend: $('partition-legend'),
  count: $('partition-count'),
  tooltip: $('partition-tooltip'),
  onSelect: select,
});
const charts = { throughput: throughputChart($('throughput-chart')), lag: lagChart($('lag-chart')) };

function currentJob() {
  const jobs = page.document?.jobs ?? [];
  return jobs.find((j) => j.name === page.jobName) ?? jobs[0] ?? null;
}

// Samples every report, also while the tab is hidden and nothing is drawn.
function record() {
  const job = currentJob();
  if (!job) return;
  const rates = ratesByActor(job);
  const now = Date.now() / 1000;
  page.throughput.add(now, [inputRate(job, rates), outputRate(job, rates)]);
  page.lag.add(now, [kafkaLag(job)]);
}

function draw() {
  if (page.isDrawPending) return;
  page.isDrawPending = true;
  requestAnimationFrame(() => {
    page.isDrawPending = false;
    drawNow();
  });
}

function showJobChoice() {
  const names = (page.document?.jobs ?? []).map((j) => j.name);
  const choice = $('job-select');
  choice.hidden = names.length < 2;
  if (choice.options.length !== names.length || names.some((n, i) => choice.options[i].value !== n)) {
    choice.replaceChildren(...names.map((n) => new Option(n, n)));
  }
  choice.value = currentJob()?.name ?? '';
}

function drawNow() {
  const job = currentJob();
  showJobChoice();
  if (!job) {
    $('job-name').textContent = 'no job';
    return;
  }
  const rates = ratesByActor(job);
  $('job-name').textContent = job.name;
  $('job-state').textContent = job.state;
  $('job-state').className = `pill h-${healthOf(job.state)}`;
  $('job-delivery').textContent = job.delivery ? `delivery: ${job.delivery}` : '';
  $('job-failure').hidden = !job.failure;
  $('job-failure').textContent = job.failure ? `failed: ${job.failure}` : '';
  const throughput = inputRate(job, rates);
  $('throughput').textContent = formatRate(throughput);
  $('throughput').dataset.value = throughput;
  $('throughput-out').textContent = formatRate(outputRate(job, rates));
  $('throughput-10s').textContent = formatRate(inputRate(job, rates, 'perSecond10s'));

  graph.show(job, rates);
  grid.show(job, rates);
  detail.show(job, rates);
  showTopPartitions($('top-partitions'), job, rates, page.sortBy);
  showCheckpoints($('checkpoints'), job);
  showRestarts($('restarts'), job);
  showSources($('sources'), job, rates);
  showSinks($('sinks'), job, rates);

  charts.throughput.show(page.throughput.data);
  const hasKafka = kafkaLag(job) !== null;
  $('lag-chart').hidden = !hasKafka;
  $('lag-none').hidden = hasKafka;
  if (hasKafka) charts.lag.show(page.lag.data);
}

function showConnection({ state, retryInMs }) {
  const banner = $('connection');
  banner.dataset.state = state;
  document.body.classList.toggle('offline', state === 'disconnected');
  if (state === 'live') banner.textContent = 'live';
  else if (state === 'connecting') banner.textContent = 'connecting…';
  else banner.textContent = `disconnected from the server: reconnecting in ${(retryInMs / 1000).toFixed(1)} s`;
}

// Rows of the top and restart tables pick their partition.
for (const tbody of [$('top-partitions'), $('restarts')]) {
  tbody.addEventListener('click', (event) => {
    const row = event.target.closest('tr[data-id]');
    if (row) select(Number(row.dataset.id));
  });
}
for (const button of document.querySelectorAll('button.sort')) {
  button.addEventListener('click', () => {
    page.sortBy = button.dataset.sort;
    for (const b of document.querySelectorAll('button.sort')) {
      const isOn = b === button;
      b.setAttribute('aria-pressed', String(isOn));
      b.textContent = b.textContent.replace(' ▾', '') + (isOn ? ' ▾' : '');
    }
    draw();
  });
}
$('partition-find').addEventListener('submit', (event) => {
  event.preventDefault();
  const id = Number($('partition-find-input').value);
  if (Number.isInteger(id)) select(id);
});
$('job-select').addEventListener('change', (event) => {
  page.jobName = event.target.value;
  page.throughput = new SampleHistory({ series: 2 });
  page.lag = new SampleHistory({ series: 1 });
  select(null);
});
setUpStockLookup($('stock-form'), $('stock-item'), $('stock-result'));

async function start() {
  let liveIntervalMs = 1000;
  try {
    const server = await (await fetch('/v1/server', { cache: 'no-store' })).json();
    detail.setFaultInjection(server.faultInjection === true);
    liveIntervalMs = server.liveIntervalMs ?? liveIntervalMs;
  } catch (error) {
    console.warn('eddy: GET /v1/server failed; no crash buttons', error);
  }
  new LiveStatus({
    onStatus: (document) => {
      page.document = document;
      record();
      draw();
    },
    onConnection: showConnection,
    silenceMs: Math.max(5000, liveIntervalMs * 5),
  }).start();
}

start();
