// A job's answer for one key (GET /v1/jobs/{job}/state/{key}) made readable
// whatever the job keeps: the value in large type, lists of records as
// tables, booleans as yes/no, epoch times as clock times, the raw JSON one
// click away.

import { formatClock, formatCount } from './format.js';

const maxRows = 50;
const maxDepth = 3;
const decimals = new Intl.NumberFormat('en-US', { maximumFractionDigits: 3 });

// A number is a time when its name says so and it reads as epoch ms
// between 2001 and 2286.
const isTimeName = (name) => /^(start|end|ts|time|timestamp)$|Ms$|At$/.test(name ?? '');
const isEpochMs = (v) => Number.isFinite(v) && v >= 1e12 && v < 1e13;
const isPlainObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const isScalar = (v) => v === null || typeof v !== 'object';

// Columns in the order a person reads them: a span's start before its end.
const leadingColumns = ['id', 'key', 'start', 'end'];

function element(tag, className = '', text = null) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== null) e.textContent = text;
  return e;
}

function scalar(value, name) {
  const e = element('span', 'scalar');
  if (value === null || value === undefined) {
    e.textContent = '–';
  } else if (typeof value === 'boolean') {
    e.textContent = value ? 'yes' : 'no';
  } else if (typeof value === 'number' && isTimeName(name) && isEpochMs(value)) {
    e.textContent = formatClock(value);
    e.title = `${new Date(value).toISOString()} (${value})`;
  } else if (typeof value === 'number') {
    e.textContent = Number.isInteger(value) ? formatCount(value) : decimals.format(value);
  } else {
    e.textContent = String(value);
  }
  return e;
}

function columnsOf(rows) {
  const seen = new Set();
  for (const row of rows) for (const name of Object.keys(row)) seen.add(name);
  const leading = leadingColumns.filter((c) => seen.has(c));
  return [...leading, ...[...seen].filter((c) => !leading.includes(c))];
}

function table(rows) {
  const columns = columnsOf(rows);
  const t = element('table', 'table');
  const head = t.createTHead().insertRow();
  for (const c of columns) head.appendChild(element('th', '', c));
  const body = t.createTBody();
  for (const row of rows.slice(0, maxRows)) {
    const tr = body.insertRow();
    for (const c of columns) tr.insertCell().appendChild(scalar(row[c], c));
  }
  if (rows.length > maxRows) {
    const cell = body.insertRow().insertCell();
    cell.colSpan = columns.length;
    cell.className = 'muted';
    cell.textContent = `… ${formatCount(rows.length - maxRows)} more`;
  }
  return t;
}

function raw(value) {
  return element('pre', 'json', JSON.stringify(value, null, 2));
}

/** A readable element for `value`, a field called `name`. */
function render(value, name = null, depth = 0) {
  if (isScalar(value)) return scalar(value, name);
  if (depth >= maxDepth) return raw(value);
  if (Array.isArray(value)) {
    if (value.length === 0) return element('span', 'muted', 'none');
    if (value.every(isScalar)) return element('span', 'scalar', value.map((v) => scalar(v, name).textContent).join(', '));
    if (value.every((v) => isPlainObject(v) && Object.values(v).every(isScalar))) return table(value);
    return raw(value);
  }
  return fields(Object.entries(value), depth);
}

function fields(entries, depth) {
  const list = element('dl', 'fields');
  for (const [name, value] of entries) {
    const count = Array.isArray(value) ? ` (${formatCount(value.length)})` : '';
    list.appendChild(element('dt', '', name + count));
    list.appendChild(element('dd')).appendChild(render(value, name, depth + 1));
  }
  return list;
}

/** Fills `result` with `answer`, the JSON of a key's state. */
export function showStateAnswer(result, answer) {
  const parts = [];
  if (isPlainObject(answer) && 'value' in answer) {
    const head = element('p', 'key-head');
    if ('key' in answer) head.appendChild(element('span', 'key-name', String(answer.key)));
    const value = render(answer.value, 'value');
    value.classList.add('key-value');
    value.dataset.testid = 'key-value';
    value.dataset.value = JSON.stringify(answer.value);
    head.appendChild(value);
    parts.push(head);
    const rest = Object.entries(answer).filter(([name]) => name !== 'key' && name !== 'value');
    if (rest.length > 0) parts.push(fields(rest, 0));
  } else {
    parts.push(render(answer));
  }
  const details = element('details', 'raw');
  details.appendChild(element('summary', 'muted', 'JSON'));
  details.appendChild(raw(answer));
  parts.push(details);
  result.replaceChildren(...parts);
}
