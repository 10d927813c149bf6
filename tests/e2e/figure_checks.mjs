// Checks of a job's own figures on its dashboard panel, against the job's
// report (GET /v1/jobs/{job}): the cards show the report's points in its
// order, and follow it as the numbers change; a series' chart has its lines
// and goes on over time. For any job's figures.

const pollMs = 200;

/** The figure `id` as the job's report has it now, and as its card shows it. */
function readFigure(page, job, id) {
  return page.evaluate(async ({ job, id }) => {
    const reply = await fetch(`/v1/jobs/${encodeURIComponent(job)}`, { cache: 'no-store' });
    const report = reply.ok ? await reply.json() : null;
    const card = document.querySelector(
      `[data-testid="job-panel"][data-job="${job}"] [data-testid="figure"][data-figure="${id}"]`);
    const marks = card ? [...card.querySelectorAll(
      '[data-testid="figure-bar"], [data-testid="figure-row"], [data-testid="figure-series-item"]')] : [];
    return {
      reported: report?.figures?.find((f) => f.id === id)?.points ?? null,
      shown: card === null ? null : marks.map((m) => [m.dataset.label, m.dataset.value === '' ? null : Number(m.dataset.value)]),
      kind: card?.dataset.kind ?? null,
    };
  }, { job, id });
}

const labelsOf = (points) => JSON.stringify((points ?? []).map(([label]) => label));
const describe = (points) => (points === null ? 'nothing' : `[${points.map(([l, v]) => `${l}=${v}`).join(', ')}]`);

/** Reads `id` until `isDone(seen)`; else fails saying what was seen. */
async function waitForFigure(page, job, id, isDone, expected, timeout) {
  const deadline = Date.now() + timeout;
  let seen = null;
  for (;;) {
    seen = await readFigure(page, job, id);
    if (isDone(seen)) return seen;
    if (Date.now() > deadline) break;
    await new Promise((resolve) => { setTimeout(resolve, pollMs); });
  }
  throw new Error(`figure ${id} of ${job} shows ${describe(seen.shown)} as ${seen.kind}, `
    + `the report has ${describe(seen.reported)}; expected ${expected}`);
}

/**
 * Waits until the card of figure `id` draws it as `kind` ("bars": one bar
 * per point, "ranking": one row per point, the largest first, "list": one
 * row per point, "series": a line per point, its newest value in the
 * legend) with the
 * report's labels in the report's order, and, with `sameValues`, its
 * values (for figures that change slower than the live feed). Returns what
 * it shows.
 */
export async function showsReportedFigure(page, { job, id, kind, sameValues = false, timeout }) {
  const isOrdered = (points) => kind !== 'ranking' || points.every(([, v], i) => i === 0 || v <= points[i - 1][1]);
  const seen = await waitForFigure(page, job, id, ({ reported, shown, kind: drawn }) => drawn === kind
    && reported !== null && reported.length > 0 && shown !== null
    && labelsOf(shown) === labelsOf(reported) && isOrdered(shown)
    && (!sameValues || JSON.stringify(shown) === JSON.stringify(reported)),
  `the report's points as ${kind}`, timeout);
  const marks = { bars: 'bars', series: 'lines' }[kind] ?? 'rows';
  return `${seen.shown.length} ${marks}: ${describe(seen.shown)}`;
}

/** Waits until the card of figure `id` shows other points than it does now. */
export async function figureChanges(page, { job, id, timeout }) {
  const before = (await readFigure(page, job, id)).shown;
  const seen = await waitForFigure(page, job, id, ({ shown }) => JSON.stringify(shown) !== JSON.stringify(before),
    `a change from ${describe(before)}`, timeout);
  return `${describe(before)} -> ${describe(seen.shown)}`;
}

/** The ids of the figure cards on the panel of `job`. */
const figureIds = (page, job) => page.locator(`[data-testid="job-panel"][data-job="${job}"] [data-testid="figure"]`)
  .evaluateAll((cards) => cards.map((c) => c.dataset.figure));

/**
 * Fails if the panel of `job` shows a figure card of `other`'s panel (the
 * page keeps every job's panel); returns the ids of its own cards.
 */
export async function showsOnlyOwnFigures(page, job, other) {
  const own = await figureIds(page, job);
  const others = new Set(await figureIds(page, other));
  const shared = own.filter((id) => others.has(id));
  if (shared.length > 0) throw new Error(`the panel of ${job} shows ${other}'s figures ${shared.join(', ')}`);
  return own;
}

/** The chart of the series figure `id`: its lines, its samples and the legend's newest values. */
function readSeries(page, job, id) {
  return page.evaluate(({ job, id }) => {
    const card = document.querySelector(
      `[data-testid="job-panel"][data-job="${job}"] [data-testid="figure"][data-figure="${id}"]`);
    const chart = card?.querySelector('[data-testid="figure-series"]');
    const items = card ? [...card.querySelectorAll('[data-testid="figure-series-item"]')] : [];
    return {
      lines: chart ? Number(chart.dataset.lines) : null,
      samples: chart ? Number(chart.dataset.samples) : null,
      hasCanvas: chart?.querySelector('canvas') != null,
      label: chart?.getAttribute('aria-label') ?? null,
      newest: Object.fromEntries(items.map(
        (i) => [i.dataset.label, i.dataset.value === '' ? null : Number(i.dataset.value)])),
      legend: items.map((i) => [...i.children].map((c) => c.textContent.trim()).join(' ')),
    };
  }, { job, id });
}

/**
 * Reads the chart of the series figure `id` until `isDone(seen)` (seen as
 * readSeries has it); else fails saying what it showed and `expected`.
 */
export async function waitForSeries(page, { job, id, isDone, expected, timeout }) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const seen = await readSeries(page, job, id);
    if (isDone(seen)) return seen;
    if (Date.now() > deadline) {
      throw new Error(`the series ${id} of ${job} shows ${seen.lines} lines, ${seen.samples} samples, `
        + `legend [${seen.legend.join(' | ')}]; expected ${expected}`);
    }
    await new Promise((resolve) => { setTimeout(resolve, pollMs); });
  }
}
