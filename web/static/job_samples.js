// One job's totals over the last minutes, sampled from every report whether
// the job is shown or not, so its charts are full when a person picks it;
// the same for its figures of kind "series".

import { FigureHistory, SampleHistory } from './history.js';
import { inputRate, kafkaLag, outputRate, ratesByActor } from './job_model.js';

export class JobSamples {
  constructor() {
    this.throughput = new SampleHistory({ series: 2 });
    this.lag = new SampleHistory({ series: 1 });
    this.inputRate = null;
    this.series = new Map(); // figure id → FigureHistory
  }

  /** Adds `job`'s records/s in and out, its Kafka lag and its series at `seconds`. */
  record(job, seconds) {
    const rates = ratesByActor(job);
    this.inputRate = inputRate(job, rates);
    this.throughput.add(seconds, [this.inputRate, outputRate(job, rates)]);
    this.lag.add(seconds, [kafkaLag(job)]);
    this.recordSeries(job.figures, seconds);
  }

  // Every report is a sample, also when its values repeat; the first
  // figure of an id counts, as on the panel, and a figure gone is forgotten.
  recordSeries(figures, seconds) {
    const ids = new Set();
    for (const figure of Array.isArray(figures) ? figures : []) {
      if (figure?.kind !== 'series' || typeof figure.id !== 'string' || ids.has(figure.id)) continue;
      if (!Array.isArray(figure.points)) continue;
      ids.add(figure.id);
      if (!this.series.has(figure.id)) this.series.set(figure.id, new FigureHistory());
      this.series.get(figure.id).add(seconds, figure.points.filter(Array.isArray));
    }
    for (const id of this.series.keys()) if (!ids.has(id)) this.series.delete(id);
  }
}
