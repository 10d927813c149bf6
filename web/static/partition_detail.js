// The panel of the partition a person picked: its counters, its window and,
// with fault injection on, a button that crashes it to watch it recover.

import { formatAgo, formatClock, formatCount, formatPercent, formatRate } from './format.js';
import { healthOf, partitionActor, partitionsOf, rateOf, windowsOf, windowActor } from './job_model.js';
import { postAsAdmin } from './admin_token.js';

export class PartitionDetail {
  constructor({ panel, crashButton, crashResult, dialog, tokenInput }) {
    this.panel = panel;
    this.fields = Object.fromEntries(
      [...panel.querySelectorAll('[data-field]')].map((e) => [e.dataset.field, e]));
    this.crashButton = crashButton;
    this.crashResult = crashResult;
    this.id = null;
    this.jobName = null;
    crashButton.addEventListener('click', () => this.crash(dialog, tokenInput));
  }

  /** Shows partition `id` from now on (null hides the panel). */
  select(id) {
    if (id !== this.id) this.crashResult.textContent = '';
    this.id = id;
  }

  setFaultInjection(isOn) {
    this.crashButton.hidden = !isOn;
  }

  show(job, rates) {
    this.jobName = job?.name ?? null;
    const p = partitionsOf(job).find((x) => x.id === this.id);
    this.panel.hidden = !p;
    if (!p) return;
    const f = this.fields;
    const actor = partitionActor(p);
    const load = (x) => (x.activity === undefined ? '–'
      : `${x.activity} · busy ${formatPercent(x.busyPercent)} · backpressured ${formatPercent(x.backpressuredPercent)}`);
    f.id.textContent = p.id;
    f.state.textContent = p.state;
    f.state.className = `pill h-${healthOf(p.state)}`;
    f.actor.textContent = actor;
    f.rate.textContent = `${formatRate(rateOf(rates, actor))} rec/s (10 s: ${formatRate(rateOf(rates, actor, 'perSecond10s'))})`;
    f.records.textContent = `${formatCount(p.recordsIn)} / ${formatCount(p.recordsOut)}`;
    f.processed.textContent = formatCount(p.recordsProcessed);
    f.mailbox.textContent = formatCount(p.mailbox);
    f.activity.textContent = load(p);
    f.restarts.textContent = formatCount(p.restarts);
    f.reason.textContent = p.lastRestartReason || '–';
    const w = windowsOf(job).find((x) => x.id === p.id);
    if (w) {
      f.window.textContent = `${windowActor(w)}: ${w.state} · ${formatRate(rateOf(rates, windowActor(w)))} rec/s · late ${formatCount(w.lateRecords)}`;
      f.watermark.textContent = w.watermarkMs == null
        ? 'none yet'
        : `${formatClock(w.watermarkMs)} (${formatAgo(w.watermarkMs)})`;
    } else {
      f.window.textContent = '–';
      f.watermark.textContent = '–';
    }
  }

  async crash(dialog, tokenInput) {
    if (this.id === null || this.jobName === null) return;
    const id = this.id;
    this.crashButton.disabled = true;
    this.crashResult.textContent = `crashing partition ${id}…`;
    const path = `/v1/jobs/${encodeURIComponent(this.jobName)}/partitions/${id}/crash`;
    const { message } = await postAsAdmin(path, dialog, tokenInput);
    this.crashButton.disabled = false;
    if (this.id === id) this.crashResult.textContent = message;
  }
}
