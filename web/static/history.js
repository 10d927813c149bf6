// The last minutes of samples, in the column form uPlot draws: [[times in
// s], [series 1], [series 2], ...]: the job's totals, and the lines of its
// figures of kind "series".

export class SampleHistory {
  constructor({ series, windowSeconds = 300 }) {
    this.windowSeconds = windowSeconds;
    this.columns = [[], ...Array.from({ length: series }, () => [])];
  }

  /** Adds the values (null for a gap) at `seconds` and forgets old ones. */
  add(seconds, values) {
    const [times] = this.columns;
    // Reports can come faster than a second apart after a reconnect; one
    // point per second keeps the chart even.
    if (times.length > 0 && seconds - times[times.length - 1] < 0.5) {
      this.columns.slice(1).forEach((column, i) => {
        column[column.length - 1] = values[i];
      });
      return;
    }
    times.push(seconds);
    this.columns.slice(1).forEach((column, i) => column.push(values[i]));
    const oldest = seconds - this.windowSeconds;
    let drop = 0;
    while (drop < times.length && times[drop] < oldest) drop += 1;
    if (drop > 0) for (const column of this.columns) column.splice(0, drop);
  }

  /** Adds a series, a gap at the times sampled so far. */
  addSeries() {
    this.columns.push(this.columns[0].map(() => null));
  }

  /** Forgets series `i` (0 for the first after the times). */
  removeSeries(i) {
    this.columns.splice(i + 1, 1);
  }

  get data() {
    return this.columns;
  }

  get isEmpty() {
    return this.columns[0].length === 0;
  }
}

/**
 * A figure of kind "series" over the last minutes: one line per label, in
 * the order the labels first came, each report's value its newest sample.
 * A label absent from a report (or null in it) is a gap; one without a
 * value for the whole window is forgotten, so a job that invents labels
 * cannot grow it without bound.
 */
export class FigureHistory {
  constructor({ windowSeconds = 120 } = {}) {
    this.samples = new SampleHistory({ series: 0, windowSeconds });
    this.labels = [];
    this.colours = new Map(); // label → its index in the palette, kept while it is drawn
    // Goes up with every sample: what tells a card that time moved on even
    // when the figure's values repeat.
    this.version = 0;
  }

  /** Adds the report's `points` ([label, value], ...) at `seconds`. */
  add(seconds, points) {
    const values = new Map();
    for (const [label, value] of points) {
      if (typeof label !== 'string' || values.has(label)) continue;
      values.set(label, Number.isFinite(value) ? value : null);
      if (this.labels.includes(label)) continue;
      this.labels.push(label);
      this.samples.addSeries();
      this.colours.set(label, this.freeColour());
    }
    this.samples.add(seconds, this.labels.map((label) => values.get(label) ?? null));
    this.forgetSilentLabels();
    this.version += 1;
  }

  // The first palette index no line has.
  freeColour() {
    const taken = new Set(this.colours.values());
    let colour = 0;
    while (taken.has(colour)) colour += 1;
    return colour;
  }

  forgetSilentLabels() {
    for (let i = this.labels.length - 1; i >= 0; i -= 1) {
      if (this.samples.data[i + 1].some((v) => v !== null)) continue;
      this.colours.delete(this.labels[i]);
      this.labels.splice(i, 1);
      this.samples.removeSeries(i);
    }
  }

  /** The newest value of `label` (null: none in the last sample). */
  latest(label) {
    const i = this.labels.indexOf(label);
    const column = i < 0 ? [] : this.samples.data[i + 1];
    return column.length > 0 ? column[column.length - 1] : null;
  }

  /** The palette index of `label`: the same for as long as it is drawn. */
  colourOf(label) {
    return this.colours.get(label) ?? 0;
  }

  get data() {
    return this.samples.data;
  }

  get isEmpty() {
    return this.labels.length === 0;
  }
}
