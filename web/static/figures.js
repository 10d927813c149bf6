// A job's own figures on its panel (the report's "figures"): one card per
// figure in the job's order, a bar chart, a ranking, a list or lines over
// time, each redrawn only when its figure changed (a series: when it has a
// new sample). A job without figures shows no card.

import { BarChart } from './figure_bars.js';
import { RankingList } from './figure_ranking.js';
import { SeriesChart } from './figure_series.js';

// A list is drawn as a ranking is; only its order is the job's own. A
// series draws its samples (JobSamples), not only the report's points.
const drawers = { bars: BarChart, ranking: RankingList, list: RankingList, series: SeriesChart };

// What the dashboard can draw: a known kind and [label, value] points
// (a value the server could not write as a number is null).
function isDrawable(figure) {
  return typeof figure?.id === 'string' && Object.hasOwn(drawers, figure.kind) && Array.isArray(figure.points)
    && figure.points.every((p) => Array.isArray(p) && typeof p[0] === 'string'
      && (typeof p[1] === 'number' || p[1] === null));
}

// The first figure of each id: a card per id.
function drawableOf(figures) {
  const seen = new Set();
  return (Array.isArray(figures) ? figures : []).filter((f) => {
    if (!isDrawable(f) || seen.has(f.id)) return false;
    seen.add(f.id);
    return true;
  });
}

class FigureCard {
  constructor(figure) {
    this.root = document.createElement('section');
    this.root.className = 'card figure-card';
    this.root.dataset.testid = 'figure';
    this.root.dataset.figure = figure.id;
    const heading = document.createElement('h2');
    this.title = document.createElement('span');
    this.title.dataset.testid = 'figure-title';
    this.unit = document.createElement('span');
    this.unit.className = 'muted';
    heading.append(this.title, ' ', this.unit);
    this.empty = document.createElement('p');
    this.empty.className = 'muted empty';
    this.empty.dataset.testid = 'figure-empty';
    this.empty.textContent = 'no data yet';
    this.body = document.createElement('div');
    this.root.append(heading, this.empty, this.body);
    this.shown = null;
  }

  /** Draws `figure`; one of kind "series" from `history` (its FigureHistory). */
  show(figure, history) {
    const isSeries = figure.kind === 'series';
    // The same values again are a new sample of a series: its version says so.
    const key = JSON.stringify(figure) + (isSeries ? `@${history?.version}` : '');
    if (key === this.shown) return;
    this.shown = key;
    if (this.root.dataset.kind !== figure.kind) {
      this.drawer?.destroy();
      this.body.replaceChildren();
      this.root.dataset.kind = figure.kind;
      this.drawer = new drawers[figure.kind](this.body);
    }
    this.title.textContent = figure.title || figure.id;
    this.root.setAttribute('aria-label', this.title.textContent);
    this.unit.textContent = figure.unit ?? '';
    const hasPoints = isSeries ? history?.isEmpty === false : figure.points.length > 0;
    this.empty.hidden = hasPoints;
    this.body.hidden = !hasPoints;
    if (hasPoints) this.drawer.show(figure, history);
  }

  remove() {
    this.drawer?.destroy();
    this.root.remove();
  }
}

export class JobFigures {
  /** Keeps the cards in `container`, whose children join the panel's grid. */
  constructor(container) {
    this.container = container;
    this.cards = new Map(); // figure id → FigureCard
  }

  /**
   * Draws `figures` (a report's, possibly missing) in their order; those
   * of kind "series" from `series` (figure id → FigureHistory, JobSamples').
   */
  show(figures, series = new Map()) {
    const drawable = drawableOf(figures);
    const ids = new Set(drawable.map((f) => f.id));
    for (const [id, card] of this.cards) {
      if (ids.has(id)) continue;
      card.remove();
      this.cards.delete(id);
    }
    drawable.forEach((figure, i) => {
      if (!this.cards.has(figure.id)) this.cards.set(figure.id, new FigureCard(figure));
      const card = this.cards.get(figure.id);
      const at = this.container.children[i] ?? null;
      if (at !== card.root) this.container.insertBefore(card.root, at);
      card.show(figure, series.get(figure.id));
    });
  }

  destroy() {
    for (const card of this.cards.values()) card.remove();
    this.cards.clear();
  }
}
