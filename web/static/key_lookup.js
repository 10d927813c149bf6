// The "look up a key" box of a job's panel: GET /v1/jobs/{job}/state/{key}
// (the key percent-encoded) and its answer shown readably, or the server's
// reason there is none.

import { showStateAnswer } from './state_answer.js';

// A URL cannot carry the path segments "." and "..", even encoded: the
// browser resolves them away before the request leaves.
const isDotSegment = (key) => key === '.' || key === '..';

function showProblem(result, text) {
  result.className = 'lookup-result missing';
  result.textContent = text;
}

/** Wires `form`'s lookups of `input`'s key in the job `jobName` into `result`. */
export function setUpKeyLookup({ form, input, result }, jobName) {
  let latest = 0;
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const key = input.value.trim();
    if (key === '') return;
    if (isDotSegment(key)) {
      showProblem(result, `the key '${key}' cannot be asked for in a URL`);
      return;
    }
    // A slower earlier answer must not replace a later one.
    latest += 1;
    const ask = latest;
    result.className = 'lookup-result muted';
    result.textContent = `looking up ${key}…`;
    let reply;
    let body;
    try {
      const path = `/v1/jobs/${encodeURIComponent(jobName)}/state/${encodeURIComponent(key)}`;
      reply = await fetch(path, { cache: 'no-store' });
      body = await reply.json().catch(() => null);
    } catch (error) {
      if (ask === latest) showProblem(result, `the lookup failed: ${error.message}`);
      return;
    }
    if (ask !== latest) return;
    if (reply.ok && body !== null) {
      result.className = 'lookup-result found';
      showStateAnswer(result, body);
      return;
    }
    const reason = body?.detail ?? body?.error ?? `HTTP ${reply.status}`;
    const retry = reply.headers.get('Retry-After');
    showProblem(result, retry ? `${reason} (try again in ${retry} s)` : reason);
  });
}
