// One job's totals over the last minutes, sampled from every report whether
// the job is shown or not, so its charts are full when a person picks it.

import { SampleHistory } from './history.js';
import { inputRate, kafkaLag, outputRate, ratesByActor } from './job_model.js';

export class JobSamples {
  constructor() {
    this.throughput = new SampleHistory({ series: 2 });
    this.lag = new SampleHistory({ series: 1 });
    this.inputRate = null;
  }

  /** Adds `job`'s records/s in and out and its Kafka lag at `seconds`. */
  record(job, seconds) {
    const rates = ratesByActor(job);
    this.inputRate = inputRate(job, rates);
    this.throughput.add(seconds, [this.inputRate, outputRate(job, rates)]);
    this.lag.add(seconds, [kafkaLag(job)]);
  }
}
