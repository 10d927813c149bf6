// Reads a job's report (one element of /v1/jobs's "jobs"): actor names,
// rates, the operator graph and how healthy each part is. Pure functions.

const asArray = (value) => (Array.isArray(value) ? value : []);

export const partitionsOf = (job) => asArray(job?.partitions);
export const windowsOf = (job) => asArray(job?.windows);
export const sourcesOf = (job) => asArray(job?.sources);
export const sinksOf = (job) => asArray(job?.sinks);
export const checkpointsOf = (job) => asArray(job?.checkpoints);

// The actor names the server uses in "rates".
export const partitionActor = (p) => p.actor;
export const windowActor = (w) => w.actor;
export const sourceActor = (s) => s.actor;
export const sinkActor = (s) => s.actor;

/** Maps each actor's name to its {perSecond1s, perSecond10s}. */
export function ratesByActor(job) {
  const rates = new Map();
  for (const rate of asArray(job?.rates)) rates.set(rate.actor, rate);
  return rates;
}

export function rateOf(rates, actor, field = 'perSecond1s') {
  const value = rates.get(actor)?.[field];
  return Number.isFinite(value) ? value : 0;
}

/** Records/s the partitions took in: the job's throughput. */
export function inputRate(job, rates, field = 'perSecond1s') {
  let sum = 0;
  for (const p of partitionsOf(job)) sum += rateOf(rates, partitionActor(p), field);
  return sum;
}

/** Records/s the sinks wrote. */
export function outputRate(job, rates, field = 'perSecond1s') {
  let sum = 0;
  for (const s of sinksOf(job)) sum += rateOf(rates, sinkActor(s), field);
  return sum;
}

// Every source carries a "lag"; only Kafka's fills it.
export const isKafkaSource = (s) => s.name === 'kafka';

/** Messages the Kafka sources are behind, or null without a Kafka source. */
export function kafkaLag(job) {
  const kafka = sourcesOf(job).filter(isKafkaSource);
  if (kafka.length === 0) return null;
  let sum = 0;
  for (const s of kafka) for (const l of asArray(s.lag)) sum += Number(l.lag) || 0;
  return sum;
}

// Health, worst last: every state an actor reports falls in one of these.
const health = [
  ['ok', ['running', 'connected', 'ok', 'completed', 'idle']],
  ['warn', ['recovering', 'reconnecting', 'retrying', 'connecting', 'starting', 'stalled']],
  ['restart', ['restarting']],
  ['fail', ['failed', 'stopped', 'disconnected', 'error']],
];
const healthRank = { unknown: -1, ok: 0, warn: 1, restart: 2, fail: 3 };

/** 'ok', 'warn', 'restart', 'fail' or 'unknown': the colour of a state. */
export function healthOf(state) {
  for (const [name, states] of health) if (states.includes(state)) return name;
  return 'unknown';
}

/** The worst health among `states`; 'unknown' for none. */
export function worstHealth(states) {
  let worst = 'unknown';
  for (const state of states) {
    const h = healthOf(state);
    if (healthRank[h] > healthRank[worst]) worst = h;
  }
  return worst;
}

const activityRank = { idle: 0, busy: 1, backpressured: 2 };

/** The most strained activity among `activities`, or '' if none is known. */
export function worstActivity(activities) {
  let worst = '';
  for (const a of activities) {
    if (!(a in activityRank)) continue;
    if (worst === '' || activityRank[a] > activityRank[worst]) worst = a;
  }
  return worst;
}

/** The job's operator graph: {nodes, edges}. */
export function graphOf(job) {
  return { nodes: asArray(job?.graph?.nodes), edges: asArray(job?.graph?.edges) };
}

/** The actors of a graph node: [{actor, state, activity, ...report}]. */
export function membersOf(node, job) {
  switch (node.kind) {
    case 'partition':
      return partitionsOf(job).map((p) => ({ ...p, actor: partitionActor(p) }));
    case 'window':
      return windowsOf(job).map((w) => ({ ...w, actor: windowActor(w) }));
    case 'source':
      return sourcesOf(job).map((s) => ({ ...s, actor: sourceActor(s) }))
        .filter((s) => s.actor === node.id);
    case 'sink':
      return sinksOf(job).map((s) => ({ ...s, actor: sinkActor(s) }))
        .filter((s) => s.actor === node.id);
    default:
      return [];
  }
}
