// The cluster strip under the header: when this server is one of several
// Eddy processes sharing a Kafka group, each member is a box holding its
// input partitions (a square each, coloured by job, its topic and lag on
// hover), this server's box marked. Refreshed from GET /v1/cluster every
// two seconds; hidden for good when the server runs alone.

const refreshMs = 2000;

// A hue per job name, the same on every member's box.
function hueOf(job) {
  let hash = 0;
  for (const c of job) hash = (hash * 31 + c.charCodeAt(0)) >>> 0;
  return hash % 360;
}

function element(tag, className, text) {
  const made = document.createElement(tag);
  if (className) made.className = className;
  if (text !== undefined) made.textContent = text;
  return made;
}

function partitionSquare(owned) {
  const square = element('span', 'cluster-partition');
  square.style.background = `hsl(${hueOf(owned.job)} 60% 55%)`;
  square.dataset.testid = 'cluster-partition';
  square.dataset.job = owned.job;
  square.dataset.partition = owned.partition;
  const lag = owned.lag === null ? 'lag not known yet' : `lag ${owned.lag}`;
  square.title = `${owned.job}: ${owned.topic} partition ${owned.partition}, ${lag}`;
  return square;
}

function memberBox(member) {
  const box = element('div', member.self ? 'cluster-member self' : 'cluster-member');
  box.dataset.testid = 'cluster-member';
  box.dataset.instance = member.instance;
  const name = element('div', 'cluster-member-name', member.instance);
  if (member.self) name.append(element('span', 'muted', ' · this server'));
  const link = element('a', 'muted', member.url);
  link.href = member.url;
  const squares = element('div', 'cluster-partitions');
  const owned = [...member.partitions].sort((a, b) =>
    a.job.localeCompare(b.job) || a.topic.localeCompare(b.topic) || a.partition - b.partition);
  for (const part of owned) squares.append(partitionSquare(part));
  if (owned.length === 0) squares.append(element('span', 'muted', 'no partition'));
  box.append(name, link, squares);
  return box;
}

export class ClusterView {
  constructor(container) {
    this.container = container;
  }

  async refresh() {
    let cluster = null;
    try {
      const reply = await fetch('/v1/cluster', { cache: 'no-store' });
      if (reply.ok) cluster = await reply.json();
    } catch (error) {
      // The connection banner says when the server is gone; try again.
    }
    if (cluster?.enabled === false) return;
    if (cluster) this.show(cluster);
    setTimeout(() => this.refresh(), refreshMs);
  }

  show(cluster) {
    const members = cluster.members ?? [];
    const title = element('div', 'cluster-title');
    title.append(element('strong', '', `Cluster ${cluster.group}`),
      element('span', 'muted', ` · ${members.length} member${members.length === 1 ? '' : 's'}`));
    title.dataset.testid = 'cluster-title';
    this.container.replaceChildren(title, ...members.map(memberBox));
    this.container.hidden = false;
  }
}
