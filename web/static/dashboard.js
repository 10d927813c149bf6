// The dashboard's entry point: keeps the job reports live, samples every
// job's totals, and draws the tab bar and the picked job's panel from the
// newest reports, at most once per animation frame.

import { ClusterView } from './cluster_view.js';
import { LiveStatus } from './live_status.js';
import { JobSamples } from './job_samples.js';
import { JobTabs } from './job_tabs.js';
import { JobView } from './job_view.js';
import { jobInHash } from './job_hash.js';

const $ = (id) => document.getElementById(id);

const page = {
  document: null,
  // The job the URL's hash asks for; the first job when it names none.
  wanted: jobInHash(),
  hasFaultInjection: false,
  isDrawPending: false,
};
const samples = new Map(); // job name → JobSamples, for every job
const views = new Map(); // job name → JobView, for the jobs picked so far
const tabs = new JobTabs($('job-tabs'));

const jobsOf = (document) => (Array.isArray(document?.jobs) ? document.jobs : []);

// Samples every report for every job, also while the browser tab is hidden
// and nothing is drawn; forgets the jobs that are gone.
function record() {
  const jobs = jobsOf(page.document);
  const now = Date.now() / 1000;
  const names = new Set();
  for (const job of jobs) {
    names.add(job.name);
    if (!samples.has(job.name)) samples.set(job.name, new JobSamples());
    samples.get(job.name).record(job, now);
  }
  for (const name of samples.keys()) if (!names.has(name)) samples.delete(name);
  for (const [name, view] of views) {
    if (names.has(name)) continue;
    view.remove();
    views.delete(name);
  }
}

function draw() {
  if (page.isDrawPending) return;
  page.isDrawPending = true;
  requestAnimationFrame(() => {
    page.isDrawPending = false;
    drawNow();
  });
}

function viewOf(name) {
  if (!views.has(name)) {
    views.set(name, new JobView({
      name,
      container: $('job-panels'),
      template: $('job-panel-template'),
      dialog: $('token-dialog'),
      tokenInput: $('token-input'),
      hasFaultInjection: page.hasFaultInjection,
      onChange: draw,
    }));
  }
  return views.get(name);
}

function showMissingJob(jobs, shown) {
  const notice = $('job-missing');
  const isMissing = page.document !== null && page.wanted !== null && shown?.name !== page.wanted;
  notice.hidden = !isMissing;
  if (!isMissing) return;
  const text = `This server runs no job '${page.wanted}'`
    + (shown ? `; showing '${shown.name}'.` : '.');
  if (notice.textContent !== text) notice.textContent = text;
}

// Only the picked job's panel is drawn: hidden jobs cost their sampling
// and a tab each, however many partitions they have.
function drawNow() {
  const jobs = jobsOf(page.document);
  const job = jobs.find((j) => j.name === page.wanted) ?? jobs[0] ?? null;
  tabs.show(jobs, job?.name ?? null, samples);
  showMissingJob(jobs, job);
  $('no-jobs').hidden = page.document === null || jobs.length > 0;
  for (const [name, view] of views) view.isVisible = name === job?.name;
  if (job) viewOf(job.name).show(job, samples.get(job.name));
}

function showConnection({ state, retryInMs }) {
  const banner = $('connection');
  banner.dataset.state = state;
  document.body.classList.toggle('offline', state === 'disconnected');
  if (state === 'live') banner.textContent = 'live';
  else if (state === 'connecting') banner.textContent = 'connecting…';
  else banner.textContent = `disconnected from the server: reconnecting in ${(retryInMs / 1000).toFixed(1)} s`;
}

// The tabs are links to "#job=<name>"; the back button and edited URLs
// arrive here too.
window.addEventListener('hashchange', () => {
  page.wanted = jobInHash();
  draw();
});

async function start() {
  let liveIntervalMs = 1000;
  try {
    const server = await (await fetch('/v1/server', { cache: 'no-store' })).json();
    page.hasFaultInjection = server.faultInjection === true;
    liveIntervalMs = server.liveIntervalMs ?? liveIntervalMs;
  } catch (error) {
    console.warn('eddy: GET /v1/server failed; no crash buttons', error);
  }
  new LiveStatus({
    onStatus: (document) => {
      page.document = document;
      record();
      draw();
    },
    onConnection: showConnection,
    silenceMs: Math.max(5000, liveIntervalMs * 5),
  }).start();
  new ClusterView($('cluster')).refresh();
}

start();
