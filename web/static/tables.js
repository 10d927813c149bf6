// The dashboard's tables: checkpoints, restarts, sources, sinks and the
// busiest partitions. Small tables, rebuilt only when their text changes.

import { formatBytes, formatClock, formatCount, formatMillis, formatRate } from './format.js';
import {
  checkpointsOf, healthOf, isKafkaSource, partitionActor, partitionsOf, rateOf,
  sinkActor, sinksOf, sourceActor, sourcesOf,
} from './job_model.js';

const shown = new WeakMap();

// A cell is text, or {text, health} for a coloured state, or {text, title}.
function fillRows(tbody, rows, emptyText) {
  const key = JSON.stringify(rows);
  if (shown.get(tbody) === key) return;
  shown.set(tbody, key);
  const trs = rows.map((row) => {
    const tr = document.createElement('tr');
    for (const cell of row.cells) {
      const td = document.createElement('td');
      const spec = typeof cell === 'object' && cell !== null ? cell : { text: cell };
      if (spec.health) {
        const pill = document.createElement('span');
        pill.className = `pill h-${spec.health}`;
        pill.textContent = spec.text;
        td.appendChild(pill);
      } else {
        td.textContent = spec.text;
      }
      if (spec.title) td.title = spec.title;
      if (spec.testid) td.dataset.testid = spec.testid;
      tr.appendChild(td);
    }
    if (row.id !== undefined) {
      tr.dataset.id = row.id;
      tr.className = 'clickable';
    }
    return tr;
  });
  if (trs.length === 0) {
    const tr = document.createElement('tr');
    const td = document.createElement('td');
    td.colSpan = tbody.closest('table').querySelectorAll('thead th').length;
    td.className = 'muted empty';
    td.textContent = emptyText;
    tr.appendChild(td);
    trs.push(tr);
  }
  tbody.replaceChildren(...trs);
}

const state = (s) => ({ text: s ?? '–', health: healthOf(s) });

export function showCheckpoints(tbody, job) {
  fillRows(tbody, checkpointsOf(job).map((c) => ({
    cells: [
      c.id, c.kind, state(c.outcome), formatMillis(c.durationMs), formatBytes(c.bytes),
      formatClock(c.startedMs), { text: c.reason || '–', title: c.path || '' },
    ],
  })), 'no checkpoint yet');
}

const maxRestartRows = 50;

export function showRestarts(tbody, job) {
  const restarted = partitionsOf(job).filter((p) => p.restarts > 0)
    .sort((a, b) => b.restarts - a.restarts || a.id - b.id);
  const rows = restarted.slice(0, maxRestartRows).map((p) => ({
    id: p.id,
    cells: [p.id, { text: formatCount(p.restarts), testid: 'restart-count' }, state(p.state), p.lastRestartReason || '–'],
  }));
  if (restarted.length > maxRestartRows)
    rows.push({ cells: ['…', `${restarted.length - maxRestartRows} more`, '', ''] });
  fillRows(tbody, rows, 'no partition has restarted');
}

function lagText(source) {
  if (!isKafkaSource(source)) return '–';
  const lag = Array.isArray(source.lag) ? source.lag : [];
  if (lag.length === 0) return 'no partitions assigned';
  const total = lag.reduce((sum, l) => sum + (Number(l.lag) || 0), 0);
  const parts = lag.map((l) => `${l.topic}[${l.partition}] ${formatCount(l.lag)}`).join(', ');
  return { text: `${formatCount(total)}`, title: parts };
}

const activityText = (x) => x.activity ?? '–';

export function showSources(tbody, job, rates) {
  fillRows(tbody, sourcesOf(job).map((s) => ({
    cells: [
      s.name, { ...state(s.state), title: s.reason || '' }, formatCount(s.records),
      formatRate(rateOf(rates, sourceActor(s))),
      formatCount(s.malformed), activityText(s), lagText(s),
    ],
  })), 'no source');
}

export function showSinks(tbody, job, rates) {
  fillRows(tbody, sinksOf(job).map((s) => ({
    cells: [
      s.name, state(s.state), formatCount(s.written), formatRate(rateOf(rates, sinkActor(s))),
      formatCount(s.failures), activityText(s), { text: s.lastError || '–', title: s.lastError || '' },
    ],
  })), 'no sink');
}

const topCount = 20;
const sortKeys = {
  rate: (p, rates) => rateOf(rates, partitionActor(p)),
  mailbox: (p) => p.mailbox ?? 0,
  restarts: (p) => p.restarts ?? 0,
};

/** The `topCount` partitions with the highest `sortBy` ('rate', 'mailbox', 'restarts'). */
export function showTopPartitions(tbody, job, rates, sortBy) {
  const key = sortKeys[sortBy] ?? sortKeys.rate;
  const top = partitionsOf(job).map((p) => [key(p, rates), p])
    .sort((a, b) => b[0] - a[0] || a[1].id - b[1].id)
    .slice(0, topCount);
  fillRows(tbody, top.map(([, p]) => ({
    id: p.id,
    cells: [
      p.id, state(p.state), formatRate(rateOf(rates, partitionActor(p))),
      formatCount(p.mailbox), formatCount(p.restarts), activityText(p),
    ],
  })), 'no partition');
}
