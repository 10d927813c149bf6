// The tab bar: one tab per job naming it, with its state coloured as the
// partition cells are and its records/s in. A tab is a link to
// `#job=<name>`, so picking one is a hash change (and a link one can share).

import { formatRate } from './format.js';
import { healthOf } from './job_model.js';
import { hashForJob } from './job_hash.js';

function setText(element, text) {
  if (element.textContent !== text) element.textContent = text;
}

function span(className, parent, testid = null) {
  const element = document.createElement('span');
  element.className = className;
  if (testid) element.dataset.testid = testid;
  parent.appendChild(element);
  return element;
}

export class JobTabs {
  constructor(nav) {
    this.nav = nav;
    this.tabs = new Map();
    this.names = '';
  }

  /**
   * One tab per job of `jobs`, in their order; the job named `selected` is
   * marked current. `samples` maps a job's name to its JobSamples.
   */
  show(jobs, selected, samples) {
    const names = JSON.stringify(jobs.map((j) => j.name));
    if (names !== this.names) {
      this.names = names;
      this.build(jobs.map((j) => j.name));
    }
    for (const job of jobs) {
      const tab = this.tabs.get(job.name);
      const className = `job-tab h-${healthOf(job.state)}`;
      if (tab.link.className !== className) tab.link.className = className;
      tab.link.dataset.state = job.state ?? '';
      setText(tab.state, job.state || 'unknown');
      const rate = samples.get(job.name)?.inputRate;
      setText(tab.rate, Number.isFinite(rate) ? `${formatRate(rate)} rec/s` : '');
      tab.link.title = job.failure ? `${job.name} failed: ${job.failure}` : `${job.name}: ${job.state}`;
      const isCurrent = job.name === selected;
      if (isCurrent !== tab.link.hasAttribute('aria-current')) {
        if (isCurrent) tab.link.setAttribute('aria-current', 'page');
        else tab.link.removeAttribute('aria-current');
      }
    }
  }

  build(names) {
    this.tabs.clear();
    const links = names.map((name) => {
      const link = document.createElement('a');
      link.href = hashForJob(name);
      link.dataset.testid = 'job-tab';
      link.dataset.job = name;
      // The spaces are for screen readers and copied text; flex layout
      // does not draw them.
      span('job-tab-name', link).textContent = name;
      link.append(' ');
      const status = span('job-tab-status', link);
      const state = span('job-tab-state', status, 'job-tab-state');
      status.append(' ');
      const rate = span('job-tab-rate', status);
      this.tabs.set(name, { link, state, rate });
      return link;
    });
    this.nav.replaceChildren(...links);
  }
}
