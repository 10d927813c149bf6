// The last minutes of the job's totals, sampled as reports arrive, in the
// column form uPlot draws: [[times in s], [series 1], [series 2], ...].

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

  get data() {
    return this.columns;
  }

  get isEmpty() {
    return this.columns[0].length === 0;
  }
}
