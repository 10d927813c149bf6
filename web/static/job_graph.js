// The job graph as SVG: one box per operator (sources, partitions, windows,
// sinks), left to right as records flow, each with its summed rate, the
// stateless steps chained into it, and coloured by the worst state and
// activity of its actors.

import { formatRate } from './format.js';
import { graphOf, membersOf, rateOf, worstActivity, worstHealth, healthOf } from './job_model.js';
import { svg } from './svg_element.js';

const nodeWidth = 200;
const plainHeight = 66;
// A graph where some operator has chained steps gives every box a line
// more, so the rows stay aligned.
const stepsHeight = 80;
const columnGap = 80;
const rowGap = 22;
const margin = 12;

// Each node's column: the longest path to it from a node nothing feeds.
function columnsOf(graph) {
  const column = new Map(graph.nodes.map((n) => [n.id, 0]));
  for (let round = 0; round < graph.nodes.length; round += 1) {
    let changed = false;
    for (const e of graph.edges) {
      if (!column.has(e.from) || !column.has(e.to)) continue;
      const next = column.get(e.from) + 1;
      if (next > column.get(e.to) && next < graph.nodes.length) {
        column.set(e.to, next);
        changed = true;
      }
    }
    if (!changed) break;
  }
  // An operator nothing feeds that is no source (a dead-letter sink) goes
  // with the others of its kind, not to the far left.
  const fed = new Set(graph.edges.map((e) => e.to));
  for (const node of graph.nodes) {
    if (node.kind === 'source' || fed.has(node.id)) continue;
    const peers = graph.nodes.filter((n) => n.kind === node.kind && fed.has(n.id));
    const right = Math.max(0, ...(peers.length > 0 ? peers : graph.nodes).map((n) => column.get(n.id)));
    column.set(node.id, right);
  }
  return column;
}

// What fits in a box; the full id is in the box's tooltip.
const maxLabel = 22;
function labelOf(node) {
  const slash = node.id.indexOf('/');
  let name = slash >= 0 ? node.id.slice(slash + 1) : node.id;
  if (name.length > maxLabel) name = `${name.slice(0, maxLabel - 1)}…`;
  return node.parallelism > 1 ? `${name} ×${node.parallelism}` : name;
}

// The steps chained into a node, e.g. "steps: parse → filter", as fits.
const maxSteps = 30;
function stepsOf(node) {
  return Array.isArray(node.steps) ? node.steps.map(String) : [];
}
function stepsLabel(steps) {
  const text = `steps: ${steps.join(' → ')}`;
  return text.length > maxSteps ? `${text.slice(0, maxSteps - 1)}…` : text;
}

// What a node says about its actors' states, worst first: "1 restarting ·
// 3 running".
const severity = { fail: 0, restart: 1, warn: 2, unknown: 3, ok: 4 };
function stateSummary(members) {
  if (members.length === 0) return 'no actors reported';
  const counts = new Map();
  for (const m of members) counts.set(m.state, (counts.get(m.state) ?? 0) + 1);
  return [...counts.entries()]
    .sort((a, b) => severity[healthOf(a[0])] - severity[healthOf(b[0])])
    .slice(0, 2)
    .map(([state, n]) => `${n} ${state || '?'}`)
    .join(' · ');
}

// Each graph's arrow head needs an id of its own: several graphs share the
// page, url(#id) finds the first element with that id, and a marker in a
// hidden panel does not draw.
let graphCount = 0;

export class JobGraph {
  constructor(element) {
    graphCount += 1;
    this.markerId = `graph-arrow-${graphCount}`;
    this.element = element;
    this.shape = '';
    this.boxes = new Map();
  }

  show(job, rates) {
    const graph = graphOf(job);
    const shape = JSON.stringify([graph.nodes.map((n) => [n.id, n.kind, n.parallelism, stepsOf(n)]), graph.edges]);
    if (shape !== this.shape) {
      this.shape = shape;
      this.draw(graph);
    }
    for (const node of graph.nodes) {
      const box = this.boxes.get(node.id);
      if (!box) continue;
      const members = membersOf(node, job);
      const rate = members.reduce((sum, m) => sum + rateOf(rates, m.actor), 0);
      const health = worstHealth(members.map((m) => m.state));
      const activity = worstActivity(members.map((m) => m.activity));
      box.group.setAttribute('class', `node kind-${node.kind} h-${health} a-${activity || 'unknown'}`);
      box.group.dataset.health = health;
      box.rate.textContent = `${formatRate(rate)} rec/s`;
      box.state.textContent = stateSummary(members) + (activity ? ` · ${activity}` : '');
    }
  }

  draw(graph) {
    this.element.replaceChildren();
    this.boxes.clear();
    const hasSteps = graph.nodes.some((n) => stepsOf(n).length > 0);
    const nodeHeight = hasSteps ? stepsHeight : plainHeight;
    const column = columnsOf(graph);
    const rows = new Map();
    const place = new Map();
    for (const node of graph.nodes) {
      const c = column.get(node.id);
      const r = rows.get(c) ?? 0;
      rows.set(c, r + 1);
      place.set(node.id, { c, r });
    }
    const columns = Math.max(1, ...[...column.values()].map((c) => c + 1));
    const tallest = Math.max(1, ...rows.values());
    const width = margin * 2 + columns * nodeWidth + (columns - 1) * columnGap;
    const height = margin * 2 + tallest * nodeHeight + (tallest - 1) * rowGap;
    this.element.setAttribute('viewBox', `0 0 ${width} ${height}`);
    this.element.style.maxWidth = `${width}px`;
    // Columns with fewer nodes are centred on the tallest one.
    const xy = (id) => {
      const { c, r } = place.get(id);
      const count = rows.get(c);
      const offset = ((tallest - count) * (nodeHeight + rowGap)) / 2;
      return { x: margin + c * (nodeWidth + columnGap), y: margin + offset + r * (nodeHeight + rowGap) };
    };

    const defs = svg('defs', {}, this.element);
    const marker = svg('marker', {
      id: this.markerId, viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto',
    }, defs);
    svg('path', { d: 'M0,0 L10,5 L0,10 z', class: 'arrow-head' }, marker);

    for (const edge of graph.edges) {
      if (!place.has(edge.from) || !place.has(edge.to)) continue;
      const a = xy(edge.from);
      const b = xy(edge.to);
      const x1 = a.x + nodeWidth;
      const y1 = a.y + nodeHeight / 2;
      const x2 = b.x - 2;
      const y2 = b.y + nodeHeight / 2;
      const bend = Math.max(30, (x2 - x1) / 2);
      svg('path', {
        d: `M${x1},${y1} C${x1 + bend},${y1} ${x2 - bend},${y2} ${x2},${y2}`,
        class: 'edge', 'marker-end': `url(#${this.markerId})`,
      }, this.element);
      const label = svg('text', { x: (x1 + x2) / 2, y: (y1 + y2) / 2 - 6, class: 'edge-label', 'text-anchor': 'middle' }, this.element);
      label.textContent = edge.shipping ?? '';
    }

    for (const node of graph.nodes) {
      const { x, y } = xy(node.id);
      const group = svg('g', { transform: `translate(${x},${y})`, 'data-testid': 'graph-node', 'data-node-id': node.id }, this.element);
      svg('rect', { width: nodeWidth, height: nodeHeight, rx: 8, class: 'node-box' }, group);
      svg('rect', { width: 6, height: nodeHeight, rx: 3, class: 'node-stripe' }, group);
      const kind = svg('text', { x: 16, y: 18, class: 'node-kind' }, group);
      kind.textContent = node.kind;
      const title = svg('text', { x: 16, y: 36, class: 'node-title' }, group);
      title.textContent = labelOf(node);
      const steps = stepsOf(node);
      if (steps.length > 0) {
        const chained = svg('text', { x: 16, y: 53, class: 'node-steps', 'data-testid': 'graph-node-steps' }, group);
        chained.textContent = stepsLabel(steps);
      }
      const tooltip = svg('title', {}, group);
      tooltip.textContent = `${node.id} (parallelism ${node.parallelism})`
        + (steps.length > 0 ? `\nsteps: ${steps.join(' → ')}` : '');
      const rate = svg('text', { x: nodeWidth - 10, y: 18, class: 'node-rate', 'text-anchor': 'end' }, group);
      const state = svg('text', { x: 16, y: nodeHeight - 10, class: 'node-state' }, group);
      this.boxes.set(node.id, { group, rate, state });
    }
  }
}
